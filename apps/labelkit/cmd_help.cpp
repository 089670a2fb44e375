// labelkit help [COMMAND]: what `labelkit --help` or `labelkit COMMAND --help` print, as git and
// cargo have it.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "labelkit/error.hpp"
#include "usage_errors.hpp"

namespace labelkit::cli {

std::string usage_text(const CLI::App& app) {
    // app.help() would describe the command chosen on this line, `help` itself.
    return app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
}

namespace {

int print_help(const CLI::App& app, const std::string& command) {
    if (command.empty()) {
        fmt::print("{}", usage_text(app));
        return 0;
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == command) {
            fmt::print("{}", sub->help(app.get_name()));
            return 0;
        }
    throw Error(unknown_command_message(app, command));
}

}  // namespace

void add_help_command(CLI::App& app, Action& action) {
    auto command = std::make_shared<std::string>();
    CLI::App* help = app.add_subcommand("help", "print the usage of labelkit, or of a command (same as --help)");
    help->add_option("command", *command, "the command to describe");
    help->footer("Examples:\n  labelkit help\n  labelkit help convert");
    help->callback([&app, &action, command] {
        action = [&app, command](std::size_t) { return print_help(app, *command); };
    });
}

}  // namespace labelkit::cli
