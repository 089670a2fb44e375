#pragma once
// Fusing several annotators' shapes of one object into one (merge --mode consensus), and
// weighted boxes fusion as published (Solovyev et al. 2021, ZFTurbo/Weighted-Boxes-Fusion).
// Pure functions.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "labelkit/enum_names.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

enum class FuseMethod { wbf, median, best };
template <>
struct EnumTable<FuseMethod> {
    static constexpr EnumName<FuseMethod> entries[] = {
        {FuseMethod::wbf, "wbf"}, {FuseMethod::median, "median"}, {FuseMethod::best, "best"}};
};

// The fused box of a group of shapes of one object, one shape per annotator, and its score when
// the method gives one.
struct FusedBox {
    Box box;
    MaybeNumber score;
};

// The box of a group of shapes of one object, drawn by `members.size()` of the `annotators`
// annotators who have the image:
//   wbf: the group fused as one cluster of weighted_boxes_fusion() below, by its code (ZFTurbo's
//        get_weighted_box(), conf_type avg), each annotator a model of weight 1 and each
//        member's score its Annotation::score (1 when absent). The box is the mean of the
//        corners (x1, y1, x2, y2) weighted by score (evenly when the scores sum to 0); the score,
//        the members' mean score x members / annotators (without scores: the share of the
//        annotators who drew the object).
//   median: the coordinate-wise median of the corners (mean of the two middle values for an
//        even count); no score;
//   best: the box of the member with the highest mean IoU with the other members (box IoU;
//        ties to the first member); no score.
// Throws labelkit::Error for an empty group, or one of more members than annotators.
FusedBox fuse_boxes(std::span<const Annotation* const> members, FuseMethod method, std::size_t annotators);

// Majority vote per pixel over the members' regions (polygons, masks, oriented boxes, plain
// boxes as rectangles) on the image's pixel grid of height x width (pixel centres sampled as
// geometry.hpp's rasterize() does): a pixel is kept when more than half of the members cover
// it. Only the window of the members' union is rasterised. Empty when no pixel wins.
RleMask majority_mask(std::span<const Annotation* const> members, std::uint32_t height, std::uint32_t width);

// Weighted boxes fusion exactly as ZFTurbo's weighted_boxes_fusion(): boxes of each model as
// [x1, y1, x2, y2] (any scale), their scores and labels, one weight per model, boxes with
// score < skip_box_threshold dropped; per label, boxes sorted by weighted score (descending,
// stable) join the fused cluster with the highest IoU above iou_threshold, or start one.
// Results sorted by score, descending (stable).
// As in the original, a box given with x2 < x1 (or y2 < y1) has them swapped and a box of
// zero area is dropped; unlike it, coordinates are not clipped to [0, 1], a cluster whose
// scores are all 0 is weighted evenly (the original divides by 0), and it computes in float64
// throughout (the original holds fused boxes in float32: differences of ~1e-7).
// Stable sorts where the original reverses numpy's argsort: ties keep their input order.
// Throws labelkit::Error when the lists do not match in length (per model and per box) or
// weights is neither empty nor one per model.
enum class WbfConfidence { avg, max, box_and_model_avg, absent_model_aware_avg };
template <>
struct EnumTable<WbfConfidence> {  // the conf_type names of the original
    static constexpr EnumName<WbfConfidence> entries[] = {
        {WbfConfidence::avg, "avg"},
        {WbfConfidence::max, "max"},
        {WbfConfidence::box_and_model_avg, "box_and_model_avg"},
        {WbfConfidence::absent_model_aware_avg, "absent_model_aware_avg"}};
};

struct WbfInput {
    std::vector<std::vector<std::array<double, 4>>> boxes;  // per model
    std::vector<std::vector<double>> scores;                // per model, per box
    std::vector<std::vector<int>> labels;                   // per model, per box
    std::vector<double> weights;                            // per model; empty = all 1
};

struct WbfBox {
    std::array<double, 4> box{};
    double score = 0;
    int label = 0;
};

std::vector<WbfBox> weighted_boxes_fusion(const WbfInput& input, double iou_threshold, double skip_box_threshold,
                                          WbfConfidence confidence);

}  // namespace labelkit
