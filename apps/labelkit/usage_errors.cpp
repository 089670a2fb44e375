#include "usage_errors.hpp"

#include <filesystem>
#include <system_error>

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

// "-o/--output": every spelling of an option.
std::string spellings_of(const CLI::Option& option) {
    std::string text;
    for (const std::string& name : option.get_snames()) text += (text.empty() ? "-" : "/-") + name;
    for (const std::string& name : option.get_lnames()) text += (text.empty() ? "--" : "/--") + name;
    return text;
}

// An option taken once that was given more often ("-o a -o b"), named with the values, or "".
std::string repeated_option_message(const CLI::App& app) {
    const CLI::App* command = chosen_command(app);
    for (const CLI::App* owner : {command, &app}) {
        if (owner == nullptr) continue;
        for (const CLI::Option* option : owner->get_options()) {
            const std::vector<std::string>& values = option->results();
            if (option->get_lnames().empty() && option->get_snames().empty()) continue;  // a positional
            if (option->get_items_expected_max() != 1 || values.size() < 2) continue;
            return fmt::format("{} given twice: '{}' and '{}'", spellings_of(*option), values[0], values[1]);
        }
    }
    return "";
}

// When --output is missing and the last input does not exist, the output was most likely typed
// last without -o and taken as an input: " (out.json was taken as an input; ...)", or "".
std::string output_taken_as_input_hint(const CLI::App& app) {
    const CLI::App* command = chosen_command(app);
    if (command == nullptr) return "";
    const CLI::Option* inputs = command->get_option_no_throw("inputs");
    const CLI::Option* output = command->get_option_no_throw("--output");
    if (inputs == nullptr || output == nullptr || output->count() > 0 || inputs->results().empty()) return "";
    const std::string& last = inputs->results().back();
    std::error_code error;
    if (last == "-" || std::filesystem::exists(std::filesystem::symlink_status(last, error))) return "";
    return fmt::format(" ({} was taken as an input; give the output with -o {})", last, last);
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
    if (std::string repeated = repeated_option_message(app); !repeated.empty()) return repeated;
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) return error.what() + output_taken_as_input_hint(app);
    return error.what();
}

std::string help_hint(const CLI::App& app) {
    const CLI::App* command = chosen_command(app);
    return fmt::format("run `labelkit {}--help` for usage", command ? command->get_name() + " " : "");
}

}  // namespace labelkit::cli
