#include "man_page.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "labelkit/version.hpp"

namespace labelkit::cli {

namespace {

// Text as roff prints it: a backslash, a quote or a backtick as itself, a '-' as a hyphen, any
// other character beyond ASCII as its Unicode escape (groff reads bytes, not UTF-8), and no line
// that starts with a control character ('.' or ').
std::string roff(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\\') {
            out += "\\e";
        } else if (byte == '\'') {
            out += "\\(aq";
        } else if (byte == '`') {
            out += "\\(ga";
        } else if (byte < 0x80) {
            out += text[i];
        } else {  // a UTF-8 sequence: its code point
            const int length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
            char32_t code = byte & (0x3F >> (length - 1));
            for (int k = 1; k < length && i + 1 < text.size(); ++k) code = (code << 6) | (text[++i] & 0x3F);
            out += fmt::format("\\[u{:04X}]", static_cast<std::uint32_t>(code));
        }
        const bool line_start = out.size() == 1 || out[out.size() - 2] == '\n';
        if (line_start && out.back() == '.') out.insert(out.size() - 1, "\\&");
    }
    return out;
}

// An option name in bold, its '-' as minus signs, as man-pages(7) asks.
std::string option_name(const std::string& name) {
    std::string escaped;
    for (const char c : name) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
    return "\\fB" + escaped + "\\fR";
}

// What the value is called: the choices when CLI11 only knows the type as TEXT, else its name.
std::string value_text(const OptionSpec& option) {
    if (option.kind == ValueKind::choice && option.value_name == "TEXT") {
        std::string text;
        for (const std::string& choice : option.choices) text += (text.empty() ? "" : "|") + roff(choice);
        return text;
    }
    return "\\fI" + roff(option.value_name) + "\\fR";
}

std::string option_heading(const OptionSpec& option) {
    std::string text;
    for (const std::string& name : spellings(option)) text += (text.empty() ? "" : ", ") + option_name(name);
    if (option.kind != ValueKind::none) text += " " + value_text(option);
    return text;
}

std::string options_list(const std::vector<OptionSpec>& options) {
    std::string text;
    for (const OptionSpec& option : options)
        text += fmt::format(".TP\n{}\n{}{}\n", option_heading(option), roff(option.description),
                            option.required ? " (required)" : "");
    return text;
}

std::string argument_text(const ArgumentSpec& argument) {
    const std::string name = "\\fI" + roff(argument.name) + "\\fR" + (argument.repeats ? "..." : "");
    return argument.required ? name : "[" + name + "]";
}

std::string synopsis_line(const std::string& program, const CommandSpec& command) {
    std::string line = fmt::format("\\fB{} {}\\fR [\\fIoptions\\fR]", roff(program), roff(command.name));
    for (const OptionSpec& option : command.options)
        if (option.required) line += " " + option_name(spellings(option).back()) + " " + value_text(option);
    for (const ArgumentSpec& argument : command.arguments) line += " " + argument_text(argument);
    return line;
}

std::string command_section(const std::string& program, const CommandSpec& command) {
    std::string text = fmt::format(".SS \"{} {}\"\n{}\n", roff(program), roff(command.name), roff(command.description));
    for (const ArgumentSpec& argument : command.arguments)
        text += fmt::format(".TP\n\\fI{}\\fR\n{}{}\n", roff(argument.name), roff(argument.description),
                            argument.required ? " (required)" : "");
    return text + options_list(command.options);
}

std::string examples_block(const std::vector<std::string>& examples) {
    std::string text = ".PP\n.RS 4\n.nf\n";
    for (const std::string& example : examples) text += roff(example) + "\n";
    return text + ".fi\n.RE\n";
}

}  // namespace

std::string man_page(const ProgramSpec& program) {
    const std::string name = roff(program.name);
    // "labelkit: what it does (details)": NAME says what it does.
    std::string summary = program.description;
    if (summary.starts_with(program.name + ": ")) summary = summary.substr(program.name.size() + 2);
    summary = summary.substr(0, summary.find(" ("));

    std::string title = program.name;
    for (char& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // .TH title section date source manual: the source names the version, as man-pages(7) asks.
    std::string page = fmt::format(".TH {} 1 \"\" \"{} {}\" \"User Commands\"\n", roff(title), name, labelkit::version());
    page += fmt::format(".SH NAME\n{} \\- {}\n", name, roff(summary));
    page += ".SH SYNOPSIS\n.nf\n";
    page += fmt::format("\\fB{}\\fR [\\fIoptions\\fR] \\fIcommand\\fR [\\fIcommand options\\fR] [\\fIarguments\\fR]\n", name);
    for (const CommandSpec& command : program.commands) page += synopsis_line(program.name, command) + "\n";
    page += ".fi\n";
    page += fmt::format(".SH DESCRIPTION\n{}\n", roff(program.description));
    page += fmt::format(".SH OPTIONS\nThe global options, given before the command{}.\n", 
                        std::ranges::all_of(program.commands, [](const CommandSpec& c) { return c.takes_global_options; })
                            ? " or after it" : "");
    page += options_list(program.options);
    page += ".SH COMMANDS\n";
    for (const CommandSpec& command : program.commands) page += command_section(program.name, command);
    page += ".SH \"EXIT STATUS\"\n"
            ".TP\n.B 0\nsuccess\n"
            ".TP\n.B 1\nthe command ran and found what it was asked to fail on (as lint does with \\fB\\-\\-fail\\-on\\fR)\n"
            ".TP\n.B 2\nusage, input or I/O errors\n";
    page += ".SH ENVIRONMENT\n"
            ".TP\n.B NO_COLOR\n"
            "when set and not empty, \\fB\\-\\-color auto\\fR (the default) does not colour messages "
            "(https://no\\-color.org/)\n"
            ".TP\n.B TMPDIR\n"
            "where an input read from standard input or a pipe is copied while the command runs "
            "(default /tmp)\n";
    page += ".SH EXAMPLES\n" + examples_block(program.examples);
    for (const CommandSpec& command : program.commands)
        if (!command.examples.empty()) page += examples_block(command.examples);
    page += fmt::format(".SH \"SEE ALSO\"\n\\fB{0}\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR prints the options of one "
                        "command. README.md in the {0} sources describes each command: its method, references and "
                        "limits.\n",
                        name);
    return page;
}

}  // namespace labelkit::cli
