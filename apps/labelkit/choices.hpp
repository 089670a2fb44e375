#pragma once
// Options whose value is one of a list of names: an enum's (labelkit/enum_names.hpp) or a
// format's (the registry). Names are taken in any case; a name not in the list is a usage error
// that lists the names and the nearest ones ("did you mean"). The help shows the names, and the
// default when there is one. allowed_values reads the names back.
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "labelkit/enum_names.hpp"

namespace labelkit::cli {

// Takes a name of `names` in any case and puts it as the list spells it; otherwise the message
// lists the names and the nearest ones.
CLI::Validator one_of(const std::vector<std::string>& names);

template <NamedEnum Enum>
CLI::Option* add_choice(CLI::App& command, const std::string& name, Enum& value, const std::string& description) {
    return command
        .add_option_function<std::string>(
            name, [&value](const std::string& text) { value = *parse<Enum>(text); }, description)
        ->check(one_of(names<Enum>()))
        ->default_str(to_string(value));
}

// Left empty when the option is not given.
template <NamedEnum Enum>
CLI::Option* add_choice(CLI::App& command, const std::string& name, std::optional<Enum>& value,
                        const std::string& description) {
    return command
        .add_option_function<std::string>(
            name, [&value](const std::string& text) { value = parse<Enum>(text); }, description)
        ->check(one_of(names<Enum>()));
}

// Which formats a format option names.
enum class FormatRole { read, write };

// --from or --to: a format's name or alias (any case), stored as the format's name; `also` are
// names the command takes besides the formats (merge's tables). The description is followed by
// the formats' names.
CLI::Option* add_format_option(CLI::App& command, const std::string& name, std::string& value, FormatRole role,
                               const std::string& description, const std::vector<std::string>& also = {});

// The values an option made by one_of, add_choice or add_format_option takes (a format's names,
// then its aliases), as shell completion offers them; none for any other option.
std::vector<std::string> allowed_values(CLI::Option& option);

}  // namespace labelkit::cli
