// The box scorecard: each annotator's shapes against the consensus of all annotators, or against gold.
#include "labelkit/ops/box_scorecard.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// Lowest F1 first, an undefined F1 last, ties in annotator order.
void sort_worst_first(std::vector<BoxScore>& scores) {
    std::stable_sort(scores.begin(), scores.end(), [](const BoxScore& x, const BoxScore& y) {
        const std::optional<double> fx = x.counts.f1(), fy = y.counts.f1();
        return fx.has_value() && (!fy.has_value() || *fx < *fy);
    });
}

// A name for the gold among the annotators' (AlignedAnnotators wants distinct names).
std::string gold_name(const std::vector<std::string>& names) {
    const std::set<std::string> taken(names.begin(), names.end());
    std::string name = "gold";
    while (taken.count(name)) name += "'";
    return name;
}

bool any_annotator_has(const AlignedAnnotators& aligned, std::size_t annotators, std::size_t key) {
    for (std::size_t a = 0; a < annotators; ++a)
        if (aligned.has(a, key)) return true;
    return false;
}

// Counts the images of one side the other lacks, and warns of them.
void count_unpaired(const AlignedAnnotators& aligned, std::size_t gold, GoldShapes& counts, DiagnosticSink& sink) {
    std::string first_without_gold, first_without_annotators;
    for (std::size_t key = 0; key < aligned.items().size(); ++key) {
        const bool annotated = any_annotator_has(aligned, gold, key);
        if (aligned.has(gold, key) && !annotated && counts.images_without_annotators++ == 0)
            first_without_annotators = aligned.items()[key];
        if (!aligned.has(gold, key) && annotated && counts.annotator_images_without_gold++ == 0)
            first_without_gold = aligned.items()[key];
    }
    if (counts.annotator_images_without_gold > 0)
        sink.warn("agree/gold-unmatched",
                  fmt::format("{} images the annotators have are not in the gold dataset (first: '{}'); they are left "
                              "out of the box scorecard",
                              counts.annotator_images_without_gold, first_without_gold));
    if (counts.images_without_annotators > 0)
        sink.warn("agree/gold-unmatched",
                  fmt::format("{} images of the gold dataset are in no annotator's dataset (first: '{}'); they are left "
                              "out of the box scorecard",
                              counts.images_without_annotators, first_without_annotators));
}

// The class names the shapes of a dataset use.
std::set<std::string> shape_classes(const Dataset& dataset) {
    std::set<std::string> names;
    for (const Annotation& annotation : dataset.annotations)
        if (annotation.category < dataset.categories.size()) names.insert(dataset.categories[annotation.category].name);
    return names;
}

std::string class_list(const std::set<std::string>& names) {
    return shorten(fmt::format("{}", fmt::join(names, ", ")), 200);
}

// Shapes match only within a class (by name): a gold whose class names the annotators do not use
// (`Car` against `car`) scores everyone 0 without it. Warns when no class is shared; counts the
// classes of one side only in a note.
void check_gold_classes(const std::vector<Dataset>& annotators, const Dataset& gold, DiagnosticSink& sink) {
    std::set<std::string> annotated;
    for (const Dataset& dataset : annotators) annotated.merge(shape_classes(dataset));
    const std::set<std::string> golden = shape_classes(gold);
    if (annotated.empty() || golden.empty()) return;
    std::set<std::string> shared;
    std::set_intersection(annotated.begin(), annotated.end(), golden.begin(), golden.end(),
                          std::inserter(shared, shared.end()));
    if (shared.empty()) {
        sink.warn("agree/gold-classes",
                  fmt::format("the gold's classes ({}) and the annotators' ({}) share no name: shapes match only "
                              "within a class (names compared exactly, case included), so no shape matches",
                              class_list(golden), class_list(annotated)));
        return;
    }
    const std::size_t gold_only = golden.size() - shared.size(), annotators_only = annotated.size() - shared.size();
    if (gold_only + annotators_only > 0)
        sink.info("agree/gold-classes",
                  fmt::format("{} only in the gold, {} only in the annotators' shapes: their shapes match nothing",
                              counted(gold_only, "class", "classes"), counted(annotators_only, "class", "classes")));
}

}  // namespace

GoldBoxScorecard gold_box_scorecard(std::vector<Dataset> annotators, std::vector<std::string> names, Dataset gold,
                                    double iou_threshold, DiagnosticSink& sink) {
    const std::size_t count = annotators.size();
    GoldBoxScorecard card;
    card.gold.images = gold.items.size();
    card.gold.shapes = gold.annotations.size();
    check_gold_classes(annotators, gold, sink);
    names.push_back(gold_name(names));
    annotators.push_back(std::move(gold));
    const AlignedAnnotators aligned(std::move(annotators), std::move(names));
    count_unpaired(aligned, count, card.gold, sink);
    for (std::uint32_t a = 0; a < count; ++a) {
        BoxScore score;
        score.annotator = a;
        for (std::size_t key = 0; key < aligned.items().size(); ++key)
            if (aligned.has(a, key) && aligned.has(count, key))
                score_image(aligned.shapes(a, key), aligned.shapes(count, key), iou_threshold, score);
        card.scores.push_back(score);
    }
    sort_worst_first(card.scores);
    return card;
}

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
    sort_worst_first(scores);
    return scores;
}

}  // namespace labelkit
