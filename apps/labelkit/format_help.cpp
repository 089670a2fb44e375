#include "format_help.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/format.hpp"

namespace labelkit::cli {

namespace {

std::string and_list(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i)
        text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return text;
}

}  // namespace

std::string dataset_formats() {
    std::vector<std::string> names;
    for (const Format& format : all_formats())
        if (format.read) names.push_back(format.name);
    return and_list(names);
}

std::string output_help() {
    std::string text = "a directory";
    for (const Format& format : all_formats())
        if (format.write && !format.file_extensions.empty())
            text += fmt::format(", or a {} file for {}", or_list(format.file_extensions), format.name);
    return text;
}

std::string default_images_help() {
    std::map<std::string, std::vector<std::string>> formats_of_mode;
    std::vector<std::string> modes;  // in the order the formats first use them
    for (const Format& format : all_formats()) {
        if (!format.write) continue;
        const std::string mode = to_string(format.default_images);
        if (!formats_of_mode.contains(mode)) modes.push_back(mode);
        formats_of_mode[mode].push_back(format.name);
    }
    std::vector<std::string> parts;
    for (const std::string& mode : modes) parts.push_back(fmt::format("{} for {}", mode, and_list(formats_of_mode[mode])));
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string one_shape_kind_formats() {
    std::vector<std::string> names;
    for (const Format& format : all_formats())
        if (format.stores.one_shape_kind) names.push_back(format.name);
    return and_list(names);
}

}  // namespace labelkit::cli
