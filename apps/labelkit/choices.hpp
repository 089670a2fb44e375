#pragma once
// Options whose value is one of an enum's names (labelkit/enum_names.hpp): CLI11 checks the name
// against the enum's table, and the value is stored into the operation's options.
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "labelkit/enum_names.hpp"

namespace labelkit::cli {

template <NamedEnum Enum>
CLI::Option* add_choice(CLI::App& command, const std::string& name, Enum& value, const std::string& description) {
    return command
        .add_option_function<std::string>(
            name, [&value](const std::string& text) { value = *parse<Enum>(text); }, description)
        ->check(CLI::IsMember(names<Enum>()));
}

// Left empty when the option is not given.
template <NamedEnum Enum>
CLI::Option* add_choice(CLI::App& command, const std::string& name, std::optional<Enum>& value,
                        const std::string& description) {
    return command
        .add_option_function<std::string>(
            name, [&value](const std::string& text) { value = parse<Enum>(text); }, description)
        ->check(CLI::IsMember(names<Enum>()));
}

}  // namespace labelkit::cli
