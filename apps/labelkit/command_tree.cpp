#include "command_tree.hpp"

#include "choices.hpp"

namespace labelkit::cli {

namespace {

// CLI11 names a value's type "UINT", or "UINT:N" with a validator's description after the colon.
ValueKind kind_of(CLI::Option& option, const std::vector<std::string>& choices) {
    if (option.get_expected_max() == 0) return ValueKind::none;  // a flag
    if (!choices.empty()) return ValueKind::choice;
    const std::string type = option.get_type_name().substr(0, option.get_type_name().find(':'));
    return type == "INT" || type == "UINT" || type == "FLOAT" ? ValueKind::number : ValueKind::path;
}

OptionSpec describe_option(CLI::Option& option) {
    OptionSpec spec;
    spec.long_names = option.get_lnames();
    spec.short_names = option.get_snames();
    spec.description = option.get_description();
    spec.choices = allowed_values(option);
    spec.kind = kind_of(option, spec.choices);
    if (spec.kind != ValueKind::none) spec.value_name = option.get_type_name().substr(0, option.get_type_name().find(':'));
    spec.required = option.get_required();
    return spec;
}

ArgumentSpec describe_argument(CLI::Option& option) {
    ArgumentSpec spec;
    spec.name = option.get_name(true);
    spec.description = option.get_description();
    spec.choices = allowed_values(option);
    spec.kind = kind_of(option, spec.choices);
    spec.required = option.get_required();
    spec.repeats = option.get_items_expected_max() > 1;
    return spec;
}

// The example command lines of a --help footer: its lines that start with "  <program> ".
std::vector<std::string> examples_of(const std::string& footer, const std::string& program) {
    std::vector<std::string> examples;
    const std::string start = "  " + program + " ";
    for (std::size_t begin = 0; begin < footer.size();) {
        const std::size_t end = std::min(footer.find('\n', begin), footer.size());
        const std::string line = footer.substr(begin, end - begin);
        if (line.starts_with(start)) examples.push_back(line.substr(2));
        begin = end + 1;
    }
    return examples;
}

void describe_options(CLI::App& app, std::vector<OptionSpec>& options, std::vector<ArgumentSpec>* arguments) {
    for (CLI::Option* option : app.get_options()) {
        if (option->get_group().empty()) continue;  // hidden from --help: from completion and the man page too
        if (option->nonpositional())
            options.push_back(describe_option(*option));
        else if (arguments != nullptr)
            arguments->push_back(describe_argument(*option));
    }
}

}  // namespace

ProgramSpec describe_program(CLI::App& app) {
    ProgramSpec program;
    program.name = app.get_name();
    program.description = app.get_description();
    describe_options(app, program.options, nullptr);
    program.examples = examples_of(app.get_footer(), program.name);
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_group().empty()) continue;  // hidden from --help
        CommandSpec command;
        command.name = sub->get_name();
        command.description = sub->get_description();
        describe_options(*sub, command.options, &command.arguments);
        command.examples = examples_of(sub->get_footer(), program.name);
        command.takes_global_options = sub->get_fallthrough();
        program.commands.push_back(std::move(command));
    }
    return program;
}

std::vector<std::string> spellings(const OptionSpec& option) {
    std::vector<std::string> names;
    for (const std::string& name : option.short_names) names.push_back("-" + name);
    for (const std::string& name : option.long_names) names.push_back("--" + name);
    return names;
}

}  // namespace labelkit::cli
