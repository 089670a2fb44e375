#pragma once
// A small byte scanner over a whole COCO file that finds where each top-level value is and
// where each element of the large arrays ("images", "annotations", "categories") begins and
// ends, without building a DOM. It only tracks strings, escapes and brackets; the elements
// themselves are parsed later, one at a time, by simdjson.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/coco/mapped_json.hpp"

namespace labelkit::coco {

struct Slice {
    std::size_t begin = 0;  // byte offset of the value's first character
    std::size_t end = 0;    // one past its last character
};

// The elements of one top-level array, as byte ranges. Offsets are stored in 32 bits (plus
// the rare points where they cross a multiple of 4 GiB): 4 bytes per element.
class ElementList {
public:
    bool present = false;
    std::size_t offset = 0;  // of the '['
    std::size_t close = 0;   // of the ']'

    std::size_t count() const { return low_.size(); }
    std::size_t begin(std::size_t index) const {
        std::size_t high = 0;
        if (!wraps_.empty())
            high = static_cast<std::size_t>(std::upper_bound(wraps_.begin(), wraps_.end(), index) - wraps_.begin());
        return (high << 32) | low_[index];
    }
    // The element's bytes: from its first character to its last (separators excluded).
    Slice element(std::size_t index, const char* data) const;
    void add(std::size_t begin);

private:
    std::vector<std::uint32_t> low_;   // low 32 bits of each element's offset
    std::vector<std::size_t> wraps_;   // indices where the high bits go up by one
};

struct TopLevel {
    std::optional<Slice> info;
    std::optional<Slice> licenses;
    ElementList images;
    ElementList annotations;
    ElementList categories;
    std::vector<std::string> other_keys;  // top-level keys labelkit does not read
};

// Throws labelkit::Error (with line and column) for invalid or truncated JSON.
// Pages behind the scanner are released as it goes.
TopLevel split_top_level(const MappedJson& file);

}  // namespace labelkit::coco
