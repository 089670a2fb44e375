#pragma once
// One table of names per enum, shared by to_string, parse, the CLI's lists of choices and the
// messages that list them. An enum gets its names by specialising EnumTable beside its
// declaration:
//
//   template <> struct EnumTable<ShapeTask> {
//       static constexpr EnumName<ShapeTask> entries[] = {{ShapeTask::detect, "detect"}, ...};
//   };
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace labelkit {

template <typename Enum>
struct EnumName {
    Enum value;
    const char* name;
};

template <typename Enum>
struct EnumTable;

template <typename Enum>
concept NamedEnum = requires { EnumTable<Enum>::entries; };

// The value's name as the table gives it.
template <NamedEnum Enum>
constexpr const char* to_string(Enum value) {
    for (const EnumName<Enum>& entry : EnumTable<Enum>::entries)
        if (entry.value == value) return entry.name;
    return "";  // not reached: every enumerator is in its table (tests/test_enum_names.cpp)
}

// The value of exactly this name (case matters); nullopt for anything else.
template <NamedEnum Enum>
constexpr std::optional<Enum> parse(std::string_view text) {
    for (const EnumName<Enum>& entry : EnumTable<Enum>::entries)
        if (text == entry.name) return entry.value;
    return std::nullopt;
}

// Every name, in the table's order.
template <NamedEnum Enum>
std::vector<std::string> names() {
    std::vector<std::string> all;
    for (const EnumName<Enum>& entry : EnumTable<Enum>::entries) all.emplace_back(entry.name);
    return all;
}

// Choices as a message lists them: "a, b or c".
std::string or_list(const std::vector<std::string>& choices);

// The names for a message: "a, b or c".
template <NamedEnum Enum>
std::string names_text() {
    return or_list(names<Enum>());
}

}  // namespace labelkit
