#pragma once
// The subcommands. Each cmd_<verb>.cpp adds its subcommand to the app and, when it is the one
// chosen, sets `action` to the function that runs it with the global --jobs and returns the
// exit code.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "console.hpp"
#include "labelkit/model.hpp"

namespace labelkit::cli {

using Action = std::function<int(std::size_t jobs)>;

// When the subcommand is the one chosen, sets `action` to run(*command, console) with the global
// --jobs and the console's progress in the command's read options.
template <class Command, class Run>
void run_when_chosen(CLI::App& subcommand, Action& action, const Console& console,
                     std::shared_ptr<Command> command, Run run) {
    subcommand.callback([&action, &console, command, run] {
        action = [&console, command, run](std::size_t jobs) {
            command->options.read.jobs = jobs;
            command->options.read.progress = console.progress();
            return run(*command, console);
        };
    });
}

void add_agree_command(CLI::App& app, Console& console, Action& action);
void add_draw_command(CLI::App& app, Console& console, Action& action);
void add_report_command(CLI::App& app, Console& console, Action& action);
void add_convert_command(CLI::App& app, Console& console, Action& action);
void add_formats_command(CLI::App& app, Console& console, Action& action);
void add_merge_command(CLI::App& app, Console& console, Action& action);
void add_split_command(CLI::App& app, Console& console, Action& action);
void add_lint_command(CLI::App& app, Console& console, Action& action);
void add_stats_command(CLI::App& app, Console& console, Action& action);
void add_help_command(CLI::App& app, Action& action);
void add_completion_command(CLI::App& app, Action& action);
void add_man_command(CLI::App& app, Action& action);

// What `labelkit --help` prints: the usage and the commands.
std::string usage_text(const CLI::App& app);

// A command ends right after its operation: the dataset the operation handed back is left to the
// OS at exit, since freeing a million annotations one by one takes tenths of a second.
inline void leave_to_exit(Dataset&& dataset) { static_cast<void>(new Dataset(std::move(dataset))); }

}  // namespace labelkit::cli
