#pragma once
// Each annotator's shapes against the consensus of all (merge --mode consensus at the same IoU,
// quorum majority, fused boxes): precision, recall and mean IoU, the annotator agreeing least
// first. Pure: no files are touched.
#include <cstdint>
#include <optional>
#include <vector>

#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/spatial_agreement.hpp"

namespace labelkit {

// The consensus is built from every annotator (the one scored included), as `merge --mode
// consensus --quorum majority` builds it; an annotator's shapes are matched one to one with the
// consensus shapes of the images it has (match_shapes, class-aware, IoU >= iou_threshold).
// Sorted by F1 of the matching (2 matched / (shapes + consensus shapes)), lowest first; an
// undefined F1 last; ties in annotator order.
std::vector<BoxScore> box_scorecard(const AlignedAnnotators& annotators, double iou_threshold);

}  // namespace labelkit
