#pragma once
// The subcommands. Each cmd_<verb>.cpp adds its subcommand to the app and, when it is the one
// chosen, sets `action` to the function that runs it with the global --jobs and returns the
// exit code.
#include <functional>

#include <CLI/CLI.hpp>

#include "console.hpp"

namespace labelkit::cli {

using Action = std::function<int(std::size_t jobs)>;

void add_agree_command(CLI::App& app, Console& console, Action& action);
void add_convert_command(CLI::App& app, Console& console, Action& action);
void add_formats_command(CLI::App& app, Console& console, Action& action);
void add_merge_command(CLI::App& app, Console& console, Action& action);
void add_split_command(CLI::App& app, Console& console, Action& action);
void add_lint_command(CLI::App& app, Console& console, Action& action);

}  // namespace labelkit::cli
