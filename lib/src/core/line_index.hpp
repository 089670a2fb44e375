#pragma once
// Byte offsets of one text file as 1-based line:column locations: for the XML readers (VOC, CVAT),
// whose parser reports offsets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

class LineIndex {
public:
    LineIndex(std::string_view text, std::string path);
    Location at(std::ptrdiff_t offset) const;
    // The location of an element's '<', or of a text node's first character.
    Location at(const pugi::xml_node& node) const;
    std::uint32_t line(const pugi::xml_node& node) const { return at(node).line; }
    const std::string& path() const { return path_; }

private:
    std::vector<std::size_t> line_starts_;
    std::size_t size_ = 0;
    std::string path_;
};

}  // namespace labelkit
