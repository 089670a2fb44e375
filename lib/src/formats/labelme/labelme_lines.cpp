// Lines and columns for the findings that point into a LabelMe file's "shapes" (/shapes/N...):
// one scan of the file finds where each shape starts.
#include <algorithm>
#include <charconv>
#include <map>

#include "formats/labelme/labelme_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::labelme {

namespace {

// Where each element of the top-level "shapes" array starts (byte offsets), in one pass that
// steps over strings (imageData included) without looking into them.
std::vector<std::size_t> shape_offsets(std::string_view text) {
    enum class Key { none, shapes, shapes_colon };  // having read the top-level key "shapes", then its ':'
    std::vector<std::size_t> offsets;
    int depth = 0;
    Key key = Key::none;
    bool in_shapes = false, expecting_element = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (in_shapes && depth == 2 && expecting_element && c != ']') offsets.push_back(i);
        expecting_element = false;
        const Key before = key;
        key = Key::none;
        if (c == '"') {
            const std::size_t start = i + 1;
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            if (depth == 1 && text.substr(start, i - start) == "shapes") key = Key::shapes;
        } else if (c == ':') {
            if (before == Key::shapes) key = Key::shapes_colon;
        } else if (c == '{' || c == '[') {
            ++depth;
            if (c == '[' && before == Key::shapes_colon) in_shapes = expecting_element = true;
        } else if (c == '}' || c == ']') {
            --depth;
            if (in_shapes && depth == 1) return offsets;
        } else if (c == ',' && in_shapes && depth == 2) {
            expecting_element = true;
        }
    }
    return offsets;
}

std::optional<std::size_t> shape_index(const std::string& pointer) {
    constexpr std::string_view prefix = "/shapes/";
    if (!pointer.starts_with(prefix)) return std::nullopt;
    std::size_t index = 0;
    const char* begin = pointer.data() + prefix.size();
    const auto [end, error] = std::from_chars(begin, pointer.data() + pointer.size(), index);
    if (error != std::errc() || end == begin) return std::nullopt;
    return index;
}

void add_lines_in_file(const std::string& path, std::span<Diagnostic> diagnostics, const std::vector<std::size_t>& which) {
    const std::string text = read_text_file(path, limits::max_text_file_bytes, SpecialFiles::refused);
    const std::vector<std::size_t> offsets = shape_offsets(text);
    for (const std::size_t d : which) {
        const std::optional<std::size_t> index = shape_index(diagnostics[d].location.json_pointer);
        if (!index || *index >= offsets.size()) continue;
        const std::size_t offset = offsets[*index];
        const std::string_view before(text.data(), offset);
        const std::size_t line_start = before.rfind('\n');
        Location& location = diagnostics[d].location;
        location.line = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n') + 1);
        location.column = static_cast<std::uint32_t>(offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1);
    }
}

}  // namespace

void add_lines(std::span<Diagnostic> diagnostics) {
    std::map<std::string, std::vector<std::size_t>> by_file;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const Location& location = diagnostics[i].location;
        if (location.line == 0 && shape_index(location.json_pointer) && !location.path.empty()) by_file[location.path].push_back(i);
    }
    for (const auto& [path, which] : by_file) {
        try {
            add_lines_in_file(path, diagnostics, which);
        } catch (const Error&) {
            // The file was reported as unreadable already; its pointers stay as they are.
        }
    }
}

}  // namespace labelkit::labelme
