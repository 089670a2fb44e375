#pragma once
// The commands, options and arguments of labelkit as its CLI11 App declares them: what the shell
// completions and the man page are generated from (so that a command or option added to the App
// appears in both with no other change).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace labelkit::cli {

// What the value of an option or argument is, as completion offers it.
enum class ValueKind {
    none,    // a flag: no value
    choice,  // one of `choices`
    number,  // a number: nothing to offer
    path,    // anything else: a file or folder name, as the shells complete by default
};

struct OptionSpec {
    std::vector<std::string> long_names;   // "output" for --output
    std::vector<std::string> short_names;  // "o" for -o
    std::string description;
    std::string value_name;  // "FORMAT", "TEXT", "UINT"; empty for a flag
    ValueKind kind = ValueKind::none;
    std::vector<std::string> choices;  // of a ValueKind::choice
    bool required = false;
};

struct ArgumentSpec {
    std::string name;  // "input"
    std::string description;
    ValueKind kind = ValueKind::path;
    std::vector<std::string> choices;
    bool required = false;
    bool repeats = false;  // takes any number of values ("inputs")
};

struct CommandSpec {
    std::string name;
    std::string description;
    std::vector<OptionSpec> options;  // its own, --help included; the global ones are the program's
    std::vector<ArgumentSpec> arguments;
    std::vector<std::string> examples;  // the command lines of its --help footer
    bool takes_global_options = false;  // after the command too (CLI11's fallthrough)
};

struct ProgramSpec {
    std::string name;  // "labelkit"
    std::string description;
    std::vector<OptionSpec> options;  // the global options, taken before or after the command
    std::vector<CommandSpec> commands;
    std::vector<std::string> examples;
};

// The app's commands and options as --help lists them: what it hides (an empty group) is left out.
ProgramSpec describe_program(CLI::App& app);

// The spellings of an option: "-o", "--output".
std::vector<std::string> spellings(const OptionSpec& option);

}  // namespace labelkit::cli
