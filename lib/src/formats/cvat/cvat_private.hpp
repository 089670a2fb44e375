#pragma once
// Private to the CVAT XML 1.1 format (lib/src/formats/cvat/): what the folder's files share. Its
// face to the rest of labelkit is cvat_format.hpp (the Format that registry.cpp lists).
//
// Coordinates: CVAT writes pixel coordinates as floats measured from the image's top-left corner,
// xtl/ytl the box's left and top edges, xbr/ybr its right and bottom edges: the model's own
// convention, read and written without shift. `rotation` turns a box clockwise (y points down) by
// that many degrees about its centre. A <mask> is CVAT's run-length code: counts of alternating
// 0 and 1 runs, starting with 0, row by row over its own box left, top, width, height (pixels).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "core/line_index.hpp"
#include "labelkit/diagnostics.hpp"
#include "labelkit/io.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit::cvat {

// ---------------- XML helpers (cvat_xml.cpp)


// Parses the XML; throws labelkit::Error (cvat/xml-syntax) at the place it breaks.
pugi::xml_document load_document(std::string_view text, const LineIndex& lines);

// ---------------- geometry at the edge of the model (cvat_geometry.cpp)

// "x1,y1;x2,y2;..." as CVAT writes points; empty when the text is not a list of finite pairs.
std::optional<std::vector<Point>> parse_points(std::string_view text);
std::string format_points(const std::vector<Point>& points);

// The corners of a box turned clockwise by `degrees` about its centre, starting at the corner
// that was top-left, in CVAT's drawing order (top-left, top-right, bottom-right, bottom-left).
OrientedBox rotate_box(const Box& box, double degrees);

// The unrotated box and the rotation (degrees in [0, 360)) of four corners in that order.
struct RotatedBox {
    Box box;
    double degrees = 0;
};
RotatedBox unrotate(const OrientedBox& corners);

// The box of a set of points (their extremes).
Box bounds_of(const std::vector<Point>& points);

// A mask as CVAT writes it: row-major runs over its own box.
struct CvatMask {
    std::vector<std::uint32_t> counts;
    std::uint32_t left = 0;
    std::uint32_t top = 0;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

// "5, 3, 2" (CVAT's rle attribute); empty when a count is not a whole number.
std::optional<std::vector<std::uint32_t>> parse_counts(std::string_view text);

struct DecodedMask {
    RleMask mask;  // column-major over the whole image
    Box box;       // the tight box of its pixels (the mask's own box when it has none)
};

// The mask over the whole image. Throws labelkit::Error (cvat/mask-size, at `where`) when the
// counts do not add up to width * height, or the box leaves the image.
DecodedMask decode_mask(const CvatMask& mask, ImageSize image, const Location& where);

// The mask cut to the box of its pixels, in CVAT's runs; empty when it has no pixel. Throws
// labelkit::Error when the mask's counts do not cover its height x width.
std::optional<CvatMask> encode_mask(const RleMask& mask);

// ---------------- the Format's functions

Detection detect(const std::filesystem::path& input);                                       // cvat_detect.cpp
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);  // cvat_reader.cpp
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);                                                            // cvat_writer.cpp
std::vector<RuleInfo> rules();                                                               // cvat_lint.cpp

// The attribute keys of Annotation::attributes that are XML attributes of a CVAT shape, not
// <attribute> children: occluded, z_order, group_id, source, keyframe.
bool is_shape_property(std::string_view key);

}  // namespace labelkit::cvat
