#pragma once
// Usage errors: what the command line got wrong, said so that the real mistake shows first. An
// argument nobody knows (a mistyped command or option) hides behind what it left missing
// ("input is required"), so it is named first, with the nearest known names.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace labelkit::cli {

// The message for a parse error: the first argument neither the chosen command nor labelkit
// knows ("unknown command 'convrt' (did you mean 'convert'?)"), a missing command, or CLI11's own.
std::string usage_error_message(const CLI::App& app, const CLI::ParseError& error);

// Where to read more: "run `labelkit convert --help` for usage".
std::string help_hint(const CLI::App& app);

// "unknown command 'x' (did you mean 'y'?)": for `labelkit help x` as for `labelkit x`.
std::string unknown_command_message(const CLI::App& app, const std::string& typed);

// The commands, in the order they were added.
std::vector<std::string> command_names(const CLI::App& app);

}  // namespace labelkit::cli
