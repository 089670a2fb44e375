#pragma once
// Small helpers around pugixml shared by the VOC reader and writer.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "labelkit/diagnostics.hpp"

namespace labelkit::voc {

// Turns byte offsets of one file into 1-based line:column locations.
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

std::string_view trim(std::string_view text);

// The element's text without surrounding whitespace ("" for an empty element).
std::string_view text_of(const pugi::xml_node& element);

// True when name can be an XML element name (ASCII letters, digits, '_', '-', '.'; UTF-8 kept).
bool is_xml_name(std::string_view name);

}  // namespace labelkit::voc
