#pragma once
// VOC's pixel convention at the edge of the model.
//
// The devkit numbers pixels from (1, 1) and gives boxes as inclusive pixel indices; the model
// is continuous with (0, 0) the top-left corner. Along one axis, with offset 1:
//     start = min - offset,  length = max - min + offset      (reading)
//     min = start + offset,  max = start + length             (writing)
// Offset 0 reads xmin..xmax as the box's edges, as LabelImg, CVAT and globox write and read them
// (--voc-coordinates edges).
// Both directions are computed in exact decimal arithmetic on the numbers' text and rounded
// once, so that write -> read returns the same doubles and read -> write the same values
// (0.1 stays 0.1, never 0.10000000000000009). Plain integers take a fast exact path.
#include <optional>
#include <string>
#include <string_view>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"

namespace labelkit::voc {

// 1 for the devkit's 1-based inclusive indices, 0 for edges.
inline int pixel_offset(VocCoordinates coordinates) { return coordinates == VocCoordinates::devkit ? 1 : 0; }

// Says once, as an info, which convention boxes were read or written with: tools disagree by a
// pixel here, so a conversion should name it.
void report_convention(VocCoordinates coordinates, const char* done, DiagnosticSink& sink);

struct Span {
    double start = 0;
    double length = 0;
};

// min and max must be finite numbers (checked by the caller with parse_double).
// Empty when the span would be negative, max < min - offset. (max may be below min: a box less than a
// pixel wide, which other formats hold, is written that way and must read back.)
std::optional<Span> span_from_voc(std::string_view min, std::string_view max, int offset);

struct VocRange {
    std::string min;
    std::string max;
};

// The text of xmin/xmax (or ymin/ymax) for a span of the model. start and length must be finite.
VocRange span_to_voc(double start, double length, int offset);

}  // namespace labelkit::voc
