#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "formats/cvat/cvat_private.hpp"
#include "labelkit/error.hpp"

namespace labelkit::cvat {

LineIndex::LineIndex(std::string_view text, std::string path) : size_(text.size()), path_(std::move(path)) {
    line_starts_.push_back(0);
    for (const char* p = text.data(), *end = text.data() + text.size();
         (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));)
        line_starts_.push_back(static_cast<std::size_t>(++p - text.data()));
}

Location LineIndex::at(std::ptrdiff_t offset) const {
    if (offset < 0) return {path_};
    const auto position = std::min(static_cast<std::size_t>(offset), size_);
    const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), position);
    const auto line = static_cast<std::size_t>(next - line_starts_.begin());
    return {path_, static_cast<std::uint32_t>(line),
            static_cast<std::uint32_t>(position - line_starts_[line - 1] + 1)};
}

Location LineIndex::at(const pugi::xml_node& node) const {
    const std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0) return {path_};
    // pugixml points at an element's name; step back to its '<'.
    return at(node.type() == pugi::node_element && offset > 0 ? offset - 1 : offset);
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

pugi::xml_document load_document(std::string_view text, const LineIndex& lines) {
    pugi::xml_document document;
    const pugi::xml_parse_result result = document.load_buffer(text.data(), text.size());
    if (result) return document;
    if (result.status == pugi::status_no_document_element)
        throw Error("not an XML document (no root element)", lines.at(result.offset), "cvat/xml-syntax");
    throw Error(fmt::format("malformed XML: {}", result.description()), lines.at(result.offset), "cvat/xml-syntax");
}

bool is_shape_property(std::string_view key) {
    return key == "occluded" || key == "z_order" || key == "group_id" || key == "source" || key == "keyframe";
}

}  // namespace labelkit::cvat
