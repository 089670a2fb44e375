#include "core/line_index.hpp"

#include <algorithm>
#include <cstring>

namespace labelkit {

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

}  // namespace labelkit
