#pragma once
// Matching the shapes several annotators drew on one image: the IoU of two shapes, optimal
// one-to-one assignment (Hungarian), pairwise matching and grouping across annotators.
// Shared by `agree` (agreement statistics) and `merge` (consensus). Pure functions.
#include <cstdint>
#include <span>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

// IoU of the regions of two annotations of the same image. Two plain boxes (no shape):
// exact box IoU. Without masks (polygons, oriented boxes, a plain box as its rectangle;
// even-odd within a ring, union over rings): the regions are cut by `lines` horizontal lines
// through the middles of equal bands of the union's height, each cut is measured exactly
// along x, and the lengths are summed (the midpoint rule along y: a shift along x alone is
// exact, and the error of a band shrinks with the square of its height). With a mask: both
// regions are rasterised on the mask's own pixels, with pixel centres sampled as
// geometry.hpp's rasterize() does. Boxes that do not overlap give 0 without measuring
// anything, and so does an empty region. `lines` below 1 counts as 1.
double shape_iou(const Annotation& a, const Annotation& b, int lines = 64);

struct Assignment {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
    double score = 0;
};

// Optimal one-to-one assignment maximising the sum of scores (Hungarian method, O(n^3) in
// the larger side). score is rows x columns, row-major. Pairs with score < min_score are
// never assigned; among assignments of maximal total score, any may be returned. Rows and
// columns may differ in number. Sorted by row. A min_score below 0 counts as 0 (a negative
// score never raises a total), and NaN or infinite scores are never assigned. Throws
// labelkit::Error when score does not hold rows x columns values.
std::vector<Assignment> max_score_assignment(std::span<const double> score, std::size_t rows,
                                             std::size_t columns, double min_score);

struct ShapeMatch {
    std::uint32_t a = 0;  // index into the first list
    std::uint32_t b = 0;  // index into the second list
    double iou = 0;
};

// One-to-one matching of two annotators' shapes on one image, maximising the total IoU of
// matched pairs; pairs with IoU < iou_threshold, or IoU 0, are never matched. With
// class_aware, only shapes of the same Annotation::category can match (both lists must then
// number their categories the same way). The IoU graph is split into connected components
// first, so large images with many separate objects stay fast. Sorted by a.
std::vector<ShapeMatch> match_shapes(std::span<const Annotation* const> a,
                                     std::span<const Annotation* const> b, double iou_threshold,
                                     bool class_aware);

struct GroupMember {
    std::uint32_t annotator = 0;  // index into the per-annotator lists
    std::uint32_t shape = 0;      // index into that annotator's list
};

// Shapes of several annotators on one image grouped into objects: each group holds at most
// one shape per annotator, every two members have IoU >= iou_threshold and above 0 (and,
// with class_aware, the same category). Built annotator by annotator: each annotator's
// shapes are assigned optimally (max_score_assignment, score = mean IoU with the group's
// members) to the groups built so far; shapes left over start new groups. Every shape is in
// exactly one group. Groups are in order of their first member (annotator, then shape);
// members in annotator order. Each pairwise IoU is computed once, and only for shapes whose
// boxes overlap.
std::vector<std::vector<GroupMember>> group_shapes(
    std::span<const std::vector<const Annotation*>> per_annotator, double iou_threshold,
    bool class_aware);

}  // namespace labelkit
