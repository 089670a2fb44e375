#pragma once
// The statistics of `labelkit agree` (ops/agree.hpp) over annotators' datasets of the same
// images: pairwise one-to-one matching of shapes, Krippendorff's alpha for detection, the images
// and the annotator that agree least (categorical statistics: categorical_agreement.hpp).
// Pure: no files are touched.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/categorical_agreement.hpp"

namespace labelkit {

// Matched and unmatched shapes of one pair of annotators (over some images and classes).
struct MatchCounts {
    std::size_t matched = 0;
    std::size_t only_a = 0;
    std::size_t only_b = 0;
    double iou_sum = 0;  // over the matches

    // 2 * matched / (|A| + |B|); empty when neither drew anything.
    std::optional<double> f1() const;
    // Mean IoU of the matches; empty without matches.
    std::optional<double> mean_iou() const;
    void add(const MatchCounts& other);
};

struct SpatialPair {
    std::uint32_t a = 0;  // annotator indices, a < b
    std::uint32_t b = 0;
    std::size_t items = 0;  // images both annotators have
    MatchCounts all;
    std::vector<MatchCounts> per_class;  // indexed like AlignedAnnotators::categories()
};

struct ImageAgreement {
    std::uint32_t item = 0;  // index into AlignedAnnotators::items()
    double mean_f1 = 0;      // over the pairs that have the image and drew something on it
    std::size_t pairs = 0;
};

struct AnnotatorAgreement {
    std::uint32_t annotator = 0;
    std::optional<double> mean;  // mean over the other annotators of the pair's value (F1, kappa)
};

// One pair's agreement (F1, Cohen's kappa, ...); empty when undefined.
struct PairValue {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::optional<double> value;
};

// Each annotator's mean of the defined values of the pairs it is in, lowest first (annotators
// with none last).
std::vector<AnnotatorAgreement> rank_annotators(std::size_t annotators, const std::vector<PairValue>& pairs);

// One annotator's shapes against a reference (the consensus of all annotators, or gold shapes):
// `counts.only_a` are its shapes the reference does not have, `counts.only_b` the reference's it missed.
struct BoxScore {
    std::uint32_t annotator = 0;
    std::size_t images = 0;  // images scored: those it has among those two or more annotators have, or the gold has
    MatchCounts counts;

    std::size_t shapes() const { return counts.matched + counts.only_a; }
    std::optional<double> precision() const;  // matched / its shapes
    std::optional<double> recall() const;     // matched / the reference's shapes on its images
};

// The gold dataset of a box scorecard against gold (agree --gold DATASET).
struct GoldShapes {
    std::size_t images = 0;                 // images of the gold dataset
    std::size_t shapes = 0;                 // its shapes
    std::size_t images_without_annotators = 0;  // gold images no annotator has (not scored)
    std::size_t annotator_images_without_gold = 0;  // images some annotator has and the gold lacks (not scored)
};

struct SpatialOptions {
    double iou_threshold = 0.5;
    std::size_t worst_images = 10;
};

struct SpatialReport {
    double iou_threshold = 0.5;
    std::size_t items = 0;       // images at least two annotators have
    std::size_t shapes = 0;      // over all annotators
    // Krippendorff's alpha (nominal) over detection units; see detection_units().
    AlphaResult alpha;
    std::size_t units = 0;
    std::vector<SpatialPair> pairs;
    std::vector<ImageAgreement> worst_images;  // lowest mean pairwise F1 first
    std::vector<AnnotatorAgreement> annotators;  // lowest mean F1 first
    std::vector<BoxScore> scorecard;             // lowest F1 first (box_scorecard.hpp)
    std::optional<GoldShapes> scorecard_gold;    // the scorecard's reference: the gold when set, else the consensus
    std::vector<std::string> notes;
};

SpatialReport spatial_agreement(const AlignedAnnotators& annotators, const SpatialOptions& options);

// Detection units for Krippendorff's alpha: on each image, the annotators' shapes are grouped
// ignoring class (group_shapes in matching.hpp); each group is a unit, and each annotator's
// value for it is the class of its member, "(absent)" when the annotator has the image but no
// member, and missing when the annotator does not have the image. The units are unnamed.
RatingTable detection_units(const AlignedAnnotators& annotators, double iou_threshold);

// Image-level labels of annotators' datasets: one unit per (image, class), with the value
// "present" when the annotator drew at least one object of the class on the image, "absent"
// when it has the image without one, and missing when it does not have the image. Every class
// any annotator used counts, on every image. The units are unnamed.
RatingTable class_presence(const AlignedAnnotators& annotators);

// The annotators' class labels of whole items (image or text classification) as a rating table.
// Single-label (no annotator gives an item two labels): one unit per item, valued by its class.
// Multi-label: one unit per (item, class that anyone gave), valued present or absent, as
// class_presence. Items an annotator did not answer are missing.
struct ItemLabelTable {
    RatingTable table;
    bool multi_label = false;
};
ItemLabelTable item_label_table(const AlignedAnnotators& annotators);

}  // namespace labelkit
