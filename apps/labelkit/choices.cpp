#include "choices.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/suggest.hpp"

namespace labelkit::cli {

namespace {

bool plays(const Format& format, FormatRole role) {
    return role == FormatRole::write ? static_cast<bool>(format.write) : format.read || format.read_judgments;
}

std::vector<Format> formats_that(FormatRole role) {
    std::vector<Format> formats = all_formats();
    std::erase_if(formats, [role](const Format& format) { return !plays(format, role); });
    return formats;
}

// The format's name for `text`, or the message that says why there is none.
std::string check_format_name(std::string& text, FormatRole role, const std::vector<std::string>& also) {
    const std::string lower = ascii_lower(text);
    if (std::ranges::find(also, lower) != also.end()) {
        text = lower;
        return "";
    }
    const std::vector<Format> all = all_formats();
    const std::vector<Format> usable = formats_that(role);
    try {
        text = find_format(usable, text).name;
        return "";
    } catch (const Error& unknown) {
        for (const Format& format : all)  // a format, but not one that reads (or writes)
            if (goes_by(format, lower))
                return fmt::format("labelkit cannot {} {}", role == FormatRole::write ? "write" : "read", format.name);
        const std::vector<std::string> near_also = closest_names(also, lower);
        return near_also.empty() ? unknown.message() : fmt::format("unknown format '{}'; {}", text, did_you_mean(near_also));
    }
}

// The values a choice option takes ride in the name of its validator, after this tag: CLI11 keeps
// nothing else of a validator that can be read back.
constexpr std::string_view values_tag = "takes:";

std::string values_name(const std::vector<std::string>& values) {
    return fmt::format("{}{}", values_tag, fmt::join(values, "\n"));
}

std::vector<std::string> values_of_name(std::string_view name) {
    std::vector<std::string> values;
    name.remove_prefix(values_tag.size());
    for (std::size_t start = 0; start <= name.size();) {
        const std::size_t end = std::min(name.find('\n', start), name.size());
        values.emplace_back(name.substr(start, end - start));
        start = end + 1;
    }
    return values;
}

}  // namespace

CLI::Validator one_of(const std::vector<std::string>& names) {
    return CLI::Validator(
        [names](std::string& text) -> std::string {
            const std::string lower = ascii_lower(text);
            for (const std::string& name : names)
                if (ascii_lower(name) == lower) {
                    text = name;
                    return "";
                }
            const std::vector<std::string> closest = closest_names(names, lower);
            return fmt::format("'{}' is not {}{}", text, or_list(names),
                               closest.empty() ? "" : "; " + did_you_mean(closest));
        },
        fmt::format("{{{}}}", fmt::join(names, ",")), values_name(names));
}

CLI::Option* add_format_option(CLI::App& command, const std::string& name, std::string& value, FormatRole role,
                               const std::string& description, const std::vector<std::string>& also) {
    std::vector<std::string> names;
    std::vector<std::string> aliases;
    for (const Format& format : formats_that(role)) {
        names.push_back(format.name);
        aliases.insert(aliases.end(), format.aliases.begin(), format.aliases.end());
    }
    names.insert(names.end(), also.begin(), also.end());
    std::vector<std::string> values = names;
    values.insert(values.end(), aliases.begin(), aliases.end());
    const std::string help = fmt::format("{}: {} (any case; `labelkit formats` lists them with the other names "
                                         "they take)",
                                         description, fmt::join(names, ", "));
    return command.add_option(name, value, help)
        ->type_name("FORMAT")
        ->check(CLI::Validator([role, also](std::string& text) { return check_format_name(text, role, also); }, "",
                               values_name(values)));
}

std::vector<std::string> allowed_values(CLI::Option& option) {
    for (int index = 0;; ++index) {
        const CLI::Validator* validator = nullptr;
        try {
            validator = option.get_validator(index);
        } catch (const CLI::OptionNotFound&) {  // CLI11 says how many validators there are in no other way
            return {};
        }
        const std::string& name = validator->get_name();
        if (name.starts_with(values_tag)) return values_of_name(name);
    }
}

}  // namespace labelkit::cli
