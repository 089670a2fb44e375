#include "formats/coco/coco_private.hpp"

#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/io.hpp"

namespace labelkit::coco {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t peek_size = 64 * 1024;


Detection detect_file(const fs::path& path) {
    if (path.extension() != ".json") return {0, "not a .json file"};
    std::string start = read_file_start(path, peek_size);
    if (start.compare(0, 3, "\xEF\xBB\xBF") == 0) start.erase(0, 3);
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || start[first] != '{') return {0, "a .json file that does not start with a JSON object"};
    for (const char* key : {"\"images\"", "\"annotations\""})
        if (start.find(key) != std::string::npos)
            return {100, fmt::format("a .json file with an {} key", key)};
    return {0, fmt::format("a .json file without an \"images\" or \"annotations\" key in its first {} KB", peek_size / 1024)};
}

Detection detect_directory(const fs::path& directory) {
    const Layout layout = find_layout(directory);
    if (layout.files.empty()) return {0, why_empty(layout, directory)};
    std::vector<std::string> names;
    for (const CocoFile& file : layout.files) names.push_back(file.path.lexically_relative(directory).generic_string());
    return {90, fmt::format("COCO files: {}", fmt::join(names, ", "))};
}

}  // namespace

Detection detect(const fs::path& input) {
    std::error_code error;
    const fs::file_status status = fs::status(input, error);
    if (fs::is_regular_file(status)) return detect_file(input);
    if (fs::is_directory(status)) return detect_directory(without_trailing_separator(input));
    return {0, "no such file or directory"};
}

}  // namespace labelkit::coco
