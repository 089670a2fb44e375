#include "usage_errors.hpp"

#include <fmt/format.h>

#include "labelkit/enum_names.hpp"
#include "labelkit/suggest.hpp"

namespace labelkit::cli {

namespace {

// The command chosen on the line, or nullptr.
const CLI::App* chosen_command(const CLI::App& app) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    return chosen.empty() ? nullptr : chosen.front();
}

// The options as typed: "--help", "-q", of the command and of labelkit itself (global options are
// taken after the command too).
std::vector<std::string> option_spellings(const CLI::App& app, const CLI::App* command) {
    std::vector<std::string> spellings;
    for (const CLI::App* owner : {command, &app}) {
        if (owner == nullptr) continue;
        for (const CLI::Option* option : owner->get_options()) {
            for (const std::string& name : option->get_lnames()) spellings.push_back("--" + name);
            for (const std::string& name : option->get_snames()) spellings.push_back("-" + name);
        }
    }
    return spellings;
}

std::string with_suggestion(std::string message, const std::vector<std::string>& known, const std::string& typed) {
    const std::vector<std::string> closest = closest_names(known, typed);
    if (!closest.empty()) message += fmt::format(" ({})", did_you_mean(closest));
    return message;
}

// The message for the first argument nobody took, or "" when there is none.
std::string unknown_argument_message(const CLI::App& app) {
    const std::vector<std::string> left = app.remaining(true);
    if (left.empty()) return "";
    const std::string& first = left.front();
    const CLI::App* command = chosen_command(app);
    const std::string of_command = command ? " for " + command->get_name() : "";
    if (first.size() > 1 && first.front() == '-') {
        const std::string option = first.substr(0, first.find('='));
        return with_suggestion(fmt::format("unknown option '{}'{}", option, of_command), option_spellings(app, command),
                               option);
    }
    if (command == nullptr) return unknown_command_message(app, first);
    return fmt::format("unexpected argument '{}'{}", first, of_command);
}

}  // namespace

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(command->get_name());
    return names;
}

std::string unknown_command_message(const CLI::App& app, const std::string& typed) {
    return with_suggestion(fmt::format("unknown command '{}'", typed), command_names(app), typed);
}

std::string usage_error_message(const CLI::App& app, const CLI::ParseError& error) {
    if (std::string unknown = unknown_argument_message(app); !unknown.empty()) return unknown;
    if (chosen_command(app) == nullptr && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr)
        return fmt::format("a command is required: {}", or_list(command_names(app)));
    return error.what();
}

std::string help_hint(const CLI::App& app) {
    const CLI::App* command = chosen_command(app);
    return fmt::format("run `labelkit {}--help` for usage", command ? command->get_name() + " " : "");
}

}  // namespace labelkit::cli
