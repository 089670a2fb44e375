#pragma once
// Parsing one annotation XML (Annotations/<id>.xml) into model values.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/voc/voc_layout.hpp"
#include "labelkit/model.hpp"

namespace labelkit::voc {

struct ParsedObject {
    std::string name;
    Box box;                    // internal convention
    nlohmann::json attributes;  // pose, truncated, difficult, occluded, parts, actions, CVAT attributes
    std::uint32_t line = 0;     // of <object>
};

struct ParsedAnnotation {
    std::string filename;      // <filename>, "" when absent or empty
    Location filename_at;      // of <filename>'s text
    std::uint32_t width = 0;   // <size>, 0 when absent
    std::uint32_t height = 0;
    Location size_at;          // of <size>, else of <annotation>
    nlohmann::json extra;      // folder, source, owner, segmented, depth, ...; null when none
    std::uint32_t line = 0;    // of <annotation>
    std::vector<ParsedObject> objects;
    std::size_t ignored_elements = 0;  // unknown elements inside <object>
    Location first_ignored;
    std::vector<Diagnostic> problems;  // lenient parsing: objects skipped, boxes one pixel wide
};

// Throws labelkit::Error pointing at path:line:column for malformed XML, a missing <bndbox> or
// coordinate, a non-numeric value, xmin > xmax + 1, or (with a labelmap) an unknown class.
// Lenient parsing reports a bad object in `problems` and skips it (and also reports xmin >= xmax);
// errors about the whole file are still thrown. Object attributes that hold VOC's defaults (pose
// Unspecified, truncated, difficult and occluded 0) say nothing and are not kept.
// pixel_offset: 1 for the devkit's inclusive 1-based indices, 0 for box edges (voc_coordinates.hpp).
ParsedAnnotation parse_annotation(std::string_view text, const std::string& path, const Labelmap* labelmap,
                                  bool lenient = false, int pixel_offset = 1);

}  // namespace labelkit::voc
