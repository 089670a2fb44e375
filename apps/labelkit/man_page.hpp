#pragma once
// The man page of labelkit (roff, man(7) macros), generated from its command definitions
// (command_tree.hpp): NAME, SYNOPSIS, DESCRIPTION, OPTIONS, COMMANDS with each command's
// arguments and options, EXIT STATUS, ENVIRONMENT, EXAMPLES (those of every --help) and SEE ALSO.
#include <string>

#include "command_tree.hpp"

namespace labelkit::cli {

std::string man_page(const ProgramSpec& program);

}  // namespace labelkit::cli
