#pragma once
// Geometry shared by formats and ops: bounds, areas, RLE masks (COCO definition) and
// conversions between shape kinds.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

Box bounds(const std::vector<Point>& ring);
Box bounds(const PolygonSet& polygons);
Box bounds(const OrientedBox& box);
Box bounds(const RleMask& mask);  // of the foreground pixels; {0,0,0,0} when empty

double area(const std::vector<Point>& ring);  // shoelace, absolute value
double area(const PolygonSet& polygons);      // exact geometric area, summed over rings
double area(const RleMask& mask);             // number of foreground pixels

std::vector<Point> box_corners(const Box& box);
// Every coordinate of the annotation (box, shape, keypoints) is finite.
bool all_finite(const Annotation& annotation);
// The same class, box, shape and keypoints: an exact duplicate (ids and attributes aside).
bool same_class_and_geometry(const Annotation& a, const Annotation& b);
// A 64-bit hash of what same_class_and_geometry compares: equal annotations hash alike, and
// different ones collide with a chance of about 2^-64 (a multiply-xorshift mix of the values,
// -0 as 0).
std::uint64_t class_and_geometry_hash(const Annotation& annotation);

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
