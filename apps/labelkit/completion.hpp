#pragma once
// The shell completion scripts of labelkit, generated from its command definitions
// (command_tree.hpp): commands, each command's options and the global ones, the values of choice
// options (format names with their aliases), file names for paths and arguments.
#include <string>
#include <vector>

#include "command_tree.hpp"
#include "labelkit/enum_names.hpp"

namespace labelkit::cli {

enum class Shell { bash, zsh, fish };

std::string completion_script(const ProgramSpec& program, Shell shell);

// One script each (completion_<shell>.cpp).
std::string bash_completion(const ProgramSpec& program);
std::string zsh_completion(const ProgramSpec& program);
std::string fish_completion(const ProgramSpec& program);

// The words of a script that are names (commands, options, choices) must be plain: letters,
// digits and . _ + - only, so that no shell reads anything into them. Throws otherwise.
const std::string& plain(const std::string& name);
// `text` in single quotes, for sh, bash and zsh: 'it'\''s'.
std::string single_quoted(const std::string& text);
// The options a command takes: its own, then the program's when it takes them after it.
std::vector<OptionSpec> options_of(const ProgramSpec& program, const CommandSpec& command);

}  // namespace labelkit::cli

template <>
struct labelkit::EnumTable<labelkit::cli::Shell> {
    static constexpr EnumName<cli::Shell> entries[] = {
        {cli::Shell::bash, "bash"}, {cli::Shell::zsh, "zsh"}, {cli::Shell::fish, "fish"}};
};
