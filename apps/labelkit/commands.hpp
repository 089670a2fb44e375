#pragma once
// The subcommands. Each cmd_<verb>.cpp adds its subcommand to the app and, when it is the one
// chosen, sets `action` to the function that runs it with the global --jobs and returns the
// exit code.
#include <functional>

#include <CLI/CLI.hpp>

#include "console.hpp"
#include "labelkit/model.hpp"

namespace labelkit::cli {

using Action = std::function<int(std::size_t jobs)>;

void add_agree_command(CLI::App& app, Console& console, Action& action);
void add_convert_command(CLI::App& app, Console& console, Action& action);
void add_formats_command(CLI::App& app, Console& console, Action& action);
void add_merge_command(CLI::App& app, Console& console, Action& action);
void add_split_command(CLI::App& app, Console& console, Action& action);
void add_lint_command(CLI::App& app, Console& console, Action& action);

// A command ends right after its operation: the dataset the operation handed back is left to the
// OS at exit, since freeing a million annotations one by one takes tenths of a second.
inline void leave_to_exit(Dataset&& dataset) { static_cast<void>(new Dataset(std::move(dataset))); }

}  // namespace labelkit::cli
