#pragma once
// Each annotator's shapes against the consensus of all (merge --mode consensus at the same IoU,
// quorum majority, fused boxes) or against gold shapes: precision, recall and mean IoU, the
// annotator agreeing least first. Pure: no files are touched.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/model.hpp"

#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/spatial_agreement.hpp"

namespace labelkit {

// The consensus is built from every annotator (the one scored included), as `merge --mode
// consensus --quorum majority` builds it; an annotator's shapes are matched one to one with the
// consensus shapes of the images it has (match_shapes, class-aware, IoU >= iou_threshold).
// Sorted by F1 of the matching (2 matched / (shapes + consensus shapes)), lowest first; an
// undefined F1 last; ties in annotator order.
std::vector<BoxScore> box_scorecard(const AlignedAnnotators& annotators, double iou_threshold);

struct GoldBoxScorecard {
    std::vector<BoxScore> scores;  // sorted as box_scorecard's
    GoldShapes gold;
};

// Each annotator's shapes against the gold's. The annotators' datasets (as read, one per name)
// and the gold are lined up as AlignedAnnotators lines up annotators (the same item keys; classes
// by name, whatever their ids). On each image both an annotator and the gold have, its shapes are
// matched one to one with the gold's (match_shapes, class-aware, IoU >= iou_threshold). Images the
// gold lacks, and gold images no annotator has, are not scored: each kind is counted in a warning
// (rule agree/gold-unmatched).
GoldBoxScorecard gold_box_scorecard(std::vector<Dataset> annotators, std::vector<std::string> names, Dataset gold,
                                    double iou_threshold, DiagnosticSink& sink);

}  // namespace labelkit
