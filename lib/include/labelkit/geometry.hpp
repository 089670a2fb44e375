#pragma once
// Geometry shared by formats and ops: bounds, areas, RLE masks (COCO definition) and
// conversions between shape kinds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

Box bounds(const std::vector<Point>& ring);
Box bounds(const PolygonSet& polygons);
Box bounds(const OrientedBox& box);
Box bounds(const RleMask& mask);  // of the foreground pixels; {0,0,0,0} when empty

// The bounds of the precise region (polygons, mask, oriented box); empty for a box only.
std::optional<Box> shape_bounds(const Shape& shape);
// The largest distance between corresponding edges of two boxes.
double edge_difference(const Box& a, const Box& b);
// How far the box reaches past the edges of a width x height image (0 when inside).
double distance_outside(const Box& box, double width, double height);
// "[x 1, y 2, w 3, h 4]" in shortest round-trip numbers, for messages.
std::string to_string(const Box& box);

// How far (pixels) a box may reach past its image, or differ from its own shape's bounds,
// before lint reports it and convert warns: the default of both lint rules.
constexpr double box_tolerance_px = 1.0;

double area(const std::vector<Point>& ring);  // shoelace, absolute value
double area(const PolygonSet& polygons);      // exact geometric area, summed over rings
double area(const RleMask& mask);             // number of foreground pixels

std::vector<Point> box_corners(const Box& box);
// Every coordinate of the annotation (box, shape, keypoints) is finite.
bool all_finite(const Annotation& annotation);
// How far (pixels) the coordinates of two annotations may differ while they are still the same
// annotation: a format round trip moves coordinates by about 1e-13 px (a YOLO value is divided
// by the image size and multiplied back), a writer that rounds to 6 digits by up to about 1e-3 px.
constexpr double duplicate_tolerance_px = 0.01;

// The same class and geometry, ids and attributes aside: every box edge, polygon point, oriented
// box corner and keypoint within `tolerance` of its counterpart (0: equal), the same number of
// rings and points, the same keypoint visibilities and the same mask runs.
bool same_class_and_geometry(const Annotation& a, const Annotation& b, double tolerance = duplicate_tolerance_px);

// What an annotation is compared by when the annotation itself is not kept (merge's union,
// written as it is read): 64 bytes however many points it has.
struct GeometryDigest {
    std::uint32_t category = 0;
    std::uint32_t points = 0;          // polygon points, corners and keypoints
    Box box;
    std::uint64_t structure = 0;       // hash of the shape kind, ring sizes, mask runs, visibilities
    double weighted_x = 0;             // sum of (i + 1) * x_i over the points in order
    double weighted_y = 0;
    // A box alone: no keypoints, and no shape but the box's own rectangle (which YOLO segment
    // and oriented-box files write for a box), within the tolerance.
    bool bare() const { return points == 0 && structure == bare_structure; }
    static const std::uint64_t bare_structure;
};
GeometryDigest digest(const Annotation& annotation, double tolerance);
// Whether two annotations can be the same within tolerance: the same class and structure, every
// box edge within tolerance, and weighted sums within what points each within tolerance allow.
// Implied by same_class_and_geometry; unlike a plain sum, the weights tell reordered points
// (left and right keypoints swapped) apart.
bool same_within(const GeometryDigest& a, const GeometryDigest& b, double tolerance);

// Intersection over union of two boxes; 0 when both are empty.
double iou(const Box& a, const Box& b);  // clockwise from the top-left corner

// COCO's compressed RLE string form ("LEB-like": 5 bits per char, +48, deltas after the
// third count), exactly as pycocotools' rleToString / rleFrString.
std::string rle_counts_to_string(const std::vector<std::uint32_t>& counts);
// Throws labelkit::Error (without a location) when the string is not valid.
std::vector<std::uint32_t> rle_counts_from_string(std::string_view text);

// Column-major mask of height*width bytes (0 or 1) <-> runs.
std::vector<std::uint8_t> rle_decode(const RleMask& mask);
RleMask rle_encode(const std::uint8_t* column_major, std::uint32_t height, std::uint32_t width);

// Builds COCO counts from foreground intervals [start, end) of column-major pixel indices,
// given in increasing, non-overlapping order (empty ones are ignored); finish() adds the
// closing background run, so the counts have the shape rle_encode gives.
class RleRunBuilder {
public:
    explicit RleRunBuilder(std::vector<std::uint32_t>& counts) : counts_(counts) {}

    void add(std::uint64_t start, std::uint64_t end) {
        if (end <= start) return;
        if (!counts_.empty() && start == last_end_) {
            counts_.back() += static_cast<std::uint32_t>(end - start);
        } else {
            counts_.push_back(static_cast<std::uint32_t>(start - last_end_));
            counts_.push_back(static_cast<std::uint32_t>(end - start));
        }
        last_end_ = end;
    }

    void finish(std::uint64_t total) {
        if (counts_.empty() || last_end_ < total) counts_.push_back(static_cast<std::uint32_t>(total - last_end_));
    }

private:
    std::vector<std::uint32_t>& counts_;
    std::uint64_t last_end_ = 0;
};

// Rasterises polygons into an RLE mask of the given size (for mask IoU and voting).
RleMask rasterize(const PolygonSet& polygons, std::uint32_t height, std::uint32_t width);

// Outer contours of the mask as polygons (OpenCV), in pixel-corner coordinates.
// Rings of fewer than 3 points are left out.
PolygonSet rle_to_polygons(const RleMask& mask);

}  // namespace labelkit
