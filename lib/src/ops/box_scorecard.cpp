// The box scorecard: each annotator's shapes against the consensus of all annotators.
#include "labelkit/ops/box_scorecard.hpp"

#include <algorithm>

#include "labelkit/ops/matching.hpp"
#include "labelkit/ops/merge.hpp"

namespace labelkit {

std::optional<double> BoxScore::precision() const {
    if (shapes() == 0) return std::nullopt;
    return static_cast<double>(counts.matched) / static_cast<double>(shapes());
}

std::optional<double> BoxScore::recall() const {
    const std::size_t reference = counts.matched + counts.only_b;
    if (reference == 0) return std::nullopt;
    return static_cast<double>(counts.matched) / static_cast<double>(reference);
}

namespace {

// The consensus shapes of every item key (consensus() keeps one item per key, in key order).
std::vector<std::vector<const Annotation*>> shapes_by_key(const Dataset& consensus_dataset) {
    std::vector<std::vector<const Annotation*>> by_key(consensus_dataset.items.size());
    for (const Annotation& annotation : consensus_dataset.annotations) by_key[annotation.item].push_back(&annotation);
    return by_key;
}

void score_image(const std::vector<const Annotation*>& own, const std::vector<const Annotation*>& reference,
                 double iou_threshold, BoxScore& score) {
    const std::vector<ShapeMatch> matches = match_shapes(own, reference, iou_threshold, true);
    score.counts.matched += matches.size();
    for (const ShapeMatch& match : matches) score.counts.iou_sum += match.iou;
    score.counts.only_a += own.size() - matches.size();
    score.counts.only_b += reference.size() - matches.size();
    ++score.images;
}

}  // namespace

std::vector<BoxScore> box_scorecard(const AlignedAnnotators& annotators, double iou_threshold) {
    ConsensusSummary summary;
    ConsensusOptions options;
    options.iou_threshold = iou_threshold;
    const Dataset agreed = consensus(annotators, options, summary);
    const std::vector<std::vector<const Annotation*>> reference = shapes_by_key(agreed);

    std::vector<BoxScore> scores;
    for (std::uint32_t a = 0; a < annotators.annotators().size(); ++a) {
        BoxScore score;
        score.annotator = a;
        for (std::size_t key = 0; key < annotators.items().size(); ++key)
            if (annotators.has(a, key) && annotators.coverage(key) >= 2)
                score_image(annotators.shapes(a, key), reference[key], iou_threshold, score);
        scores.push_back(score);
    }
    std::stable_sort(scores.begin(), scores.end(), [](const BoxScore& x, const BoxScore& y) {
        const std::optional<double> fx = x.counts.f1(), fy = y.counts.f1();
        return fx.has_value() && (!fy.has_value() || *fx < *fy);
    });
    return scores;
}

}  // namespace labelkit
