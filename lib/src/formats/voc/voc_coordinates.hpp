#pragma once
// VOC's pixel convention at the edge of the model.
//
// The devkit numbers pixels from (1, 1) and gives boxes as inclusive pixel indices; the model
// is continuous with (0, 0) the top-left corner. Along one axis:
//     start = min - 1,  length = max - min + 1      (reading)
//     min = start + 1,  max = start + length        (writing)
// Both directions are computed in exact decimal arithmetic on the numbers' text and rounded
// once, so that write -> read returns the same doubles and read -> write the same values
// (0.1 stays 0.1, never 0.10000000000000009). Plain integers take a fast exact path.
#include <optional>
#include <string>
#include <string_view>

namespace labelkit::voc {

struct Span {
    double start = 0;
    double length = 0;
};

// min and max must be finite numbers (checked by the caller with parse_double).
// Empty when the span would be negative, max < min - 1. (max may be below min: a box less than a
// pixel wide, which other formats hold, is written that way and must read back.)
std::optional<Span> span_from_voc(std::string_view min, std::string_view max);

struct VocRange {
    std::string min;
    std::string max;
};

// The text of xmin/xmax (or ymin/ymax) for a span of the model. start and length must be finite.
VocRange span_to_voc(double start, double length);

}  // namespace labelkit::voc
