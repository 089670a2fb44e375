#pragma once
// `labelkit merge`: the union of datasets, or the consensus of several annotators of the same
// images. The parts are pure, except read_label_map, which reads its YAML file; merge() is the
// whole operation, files included.
#include <cstdint>
#include <memory>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/model.hpp"
#include "labelkit/ops/aggregation.hpp"
#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/fusion.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit {

class UnionDuplicates;  // ops/union_duplicates.hpp
struct TranscriptSet;    // ops/transcript_agreement.hpp

// Renames or drops classes by name before merging (--label-map: YAML `source: target`, with
// `source: null` to drop the class). Names it does not list are kept.
struct LabelMap {
    std::vector<std::pair<std::string, std::optional<std::string>>> entries;  // in file order
    // The target name, std::nullopt to drop it, or the name itself when it is not listed.
    std::optional<std::string> apply(const std::string& name) const;
};

// Throws labelkit::Error at file:line:col for a file that is not a mapping of names to a
// name or null, or that lists a name twice.
LabelMap read_label_map(const std::filesystem::path& file);

enum class ConflictPolicy { error, first, last, rename };
template <>
struct EnumTable<ConflictPolicy> {
    static constexpr EnumName<ConflictPolicy> entries[] = {{ConflictPolicy::error, "error"},
                                                           {ConflictPolicy::first, "first"},
                                                           {ConflictPolicy::last, "last"},
                                                           {ConflictPolicy::rename, "rename"}};
};

// Two different images under one path (different sizes) in two inputs, and what was done.
struct ImageConflict {
    std::string path;
    std::string first_input, second_input;
    std::uint32_t first_width = 0, first_height = 0, second_width = 0, second_height = 0;
    std::string resolution;  // "kept the first", "kept the last", "renamed to <path>"
};

struct UnionInputSummary {
    std::string input;
    std::size_t items = 0;
    std::size_t annotations = 0;
    std::size_t shared_items = 0;          // images already there from an earlier input
    std::size_t duplicates = 0;            // duplicates (within the tolerance) of annotations already there
    std::size_t dropped_by_label_map = 0;  // annotations of classes the label map drops
    std::size_t dropped_by_conflict = 0;   // annotations of images a conflict left out
    std::size_t labels = 0;                // labels of items and spans kept (Dataset::labels)
    std::size_t region_labels_dropped = 0; // labels of regions (a box's transcript): not merged
};

struct MergedCategory {
    std::int64_t id = 0;
    std::string name;
    std::vector<std::string> sources;  // "input: source name"
};

struct UnionSummary {
    std::vector<UnionInputSummary> inputs;
    std::vector<MergedCategory> categories;  // in output order
    std::vector<ImageConflict> conflicts;
    std::vector<std::string> unused_label_map_entries;  // names no input declares
};

// Where a union's annotations go as they are accepted: with their output id, the id of their
// image (its index + 1) and of their category. Empty: they are kept for take().
using UnionAnnotationSink =
    std::function<void(Annotation&& annotation, std::int64_t id, std::int64_t image_id, std::int64_t category_id)>;

// An annotation a sink took, by its acceptance number (its output id - 1), read back: to confirm
// a duplicate, which is rare.
using UnionAnnotationRecall = std::function<Annotation(std::uint32_t accepted)>;

// The union, built one input at a time so that only the result and one input are in memory
// (or, with a sink, only the images, categories and one input).
// Categories unify by (mapped) name; a category keeps the id it has in the first input that
// names it unless another category already has that id, then it gets the next free id.
// Images unify by path: their annotations are combined, and an annotation that an earlier input
// already has on the image (of the same class and geometry within the tolerance, compared by
// GeometryDigest's same_within) is kept once; repeats within one input are lint's business. Images are numbered 1..N in order of arrival; annotations 1..N in order of
// acceptance.
class DatasetUnion {
public:
    DatasetUnion(ConflictPolicy policy, LabelMap label_map, UnionAnnotationSink sink = {},
                 UnionAnnotationRecall recall = {}, double duplicate_tolerance = duplicate_tolerance_px);
    ~DatasetUnion();
    DatasetUnion(const DatasetUnion&) = delete;  // recalls its own annotations by `this`
    DatasetUnion& operator=(const DatasetUnion&) = delete;

    // Adds a dataset. Throws labelkit::Error naming every conflict of this input when the
    // policy is `error`. Its annotations are compared with those of the inputs before it; for the
    // last input (more_inputs_follow false) nothing is kept for inputs after it.
    void add(Dataset dataset, const std::string& input, bool more_inputs_follow = true);
    // The union: its images, categories, info and licenses, and its annotations when no sink
    // took them (then renumbered 1..N without the withdrawn ones).
    Dataset take();
    const UnionSummary& summary() const { return summary_; }
    // Per accepted annotation (in order): withdrawn later, because --on-conflict last
    // replaced its image.
    std::vector<bool> withdrawn() const;

private:
    std::vector<std::uint32_t> map_categories(const Dataset& dataset, const std::string& input);
    std::optional<std::uint32_t> place_item(Item item, std::size_t input_index, const std::string& input,
                                            std::vector<ImageConflict>& conflicts);
    void add_annotators(Dataset& dataset);
    void add_labels(Dataset& dataset, const std::vector<std::uint32_t>& category,
                    const std::vector<std::optional<std::uint32_t>>& placed, std::uint32_t file_offset,
                    UnionInputSummary& counts);
    void add_annotation(Annotation annotation, std::uint32_t item, bool shared, bool remembered,
                        UnionInputSummary& counts);

    ConflictPolicy policy_;
    LabelMap label_map_;
    UnionAnnotationSink sink_;
    UnionAnnotationRecall recall_;
    double tolerance_;
    Dataset result_;
    std::unordered_map<std::string, std::uint32_t> item_of_path_;
    std::vector<std::size_t> input_of_item_;
    std::vector<bool> renamed_item_;  // by item: its path is a name --on-conflict rename made up
    std::unique_ptr<UnionDuplicates> duplicates_;
    // Per accepted annotation: its item, and the item's generation when it was accepted (an image
    // that --on-conflict last replaces starts a new generation, withdrawing what it had).
    std::vector<std::uint32_t> accepted_item_;
    std::vector<std::uint32_t> accepted_generation_;
    std::vector<std::uint32_t> generation_of_item_;
    std::vector<std::string> input_names_;
    std::set<std::string> declared_names_;  // every source class name, for unused --label-map entries
    UnionSummary summary_;
};

// Consensus of several annotators.
struct Quorum {
    bool majority = true;   // more than half (the default)
    bool percent = false;   // value is a percentage of the annotators
    double value = 0;
    // Members a group needs when `annotators` annotators have the image.
    std::size_t required(std::size_t annotators) const;
    std::string to_string() const;
};
// "2", "60%" or "majority"; empty when the text is none of these.
std::optional<Quorum> parse_quorum(const std::string& text);

struct ConsensusOptions {
    double iou_threshold = 0.5;
    Quorum quorum;
    FuseMethod fuse = FuseMethod::wbf;
    bool class_agnostic = false;
    // Whether item class labels are voted per class with the quorum; false when --method aggregates them.
    bool vote_item_labels = true;
};

struct GroupNote {
    std::string category;                // the group's (majority) class
    std::vector<std::string> annotators;  // members
    std::vector<std::pair<std::string, std::size_t>> votes;  // class -> members, when split
};

struct ImageConsensus {
    std::string image;
    std::size_t annotators = 0;  // how many have the image
    std::vector<GroupNote> below_quorum;
    std::vector<GroupNote> split_votes;
};

struct ConsensusSummary {
    std::vector<std::string> annotators;
    std::size_t images = 0;
    std::size_t groups = 0;
    std::size_t kept = 0;
    std::size_t below_quorum = 0;
    std::size_t split_votes = 0;
    std::size_t shapes_without_majority_region = 0;  // masks whose vote left no pixel: box kept
    std::size_t shapes_too_large_to_vote = 0;        // regions over limits::max_raster_pixels: box kept
    std::size_t keypoints_dropped = 0;               // keypoints are not fused
    std::size_t labels_kept = 0;                     // class labels of whole items a quorum gave
    std::size_t labels_below_quorum = 0;
    std::size_t tracks = 0;  // consensus tracks made on video frames (consensus_tracks.hpp)
    std::vector<std::size_t> shapes;                 // per annotator
    std::vector<std::size_t> unmatched;              // per annotator: shapes that joined no group
    std::vector<ImageConsensus> per_image;           // only images with something to report
};

// Where the weights of merge --method mv come from: each annotator's trust (Appen _trust), or a CSV
// file with the columns annotator and weight; neither: one each.
struct AnnotatorWeights {
    bool trust = false;
    std::filesystem::path file;
    bool given() const { return trust || !file.empty(); }
};

// What merge --method did to the items' class labels.
struct LabelAggregation {
    Aggregation result;                   // per item (in `items` order) and per annotator
    std::vector<std::string> items;       // item keys (AlignedAnnotators::items)
    std::vector<std::string> classes;     // the classes the labels name (those any annotator used)
    std::vector<std::string> annotators;
    std::vector<double> weights;          // per annotator, when weighted
    std::size_t items_without_labels = 0; // items some annotator has but none labelled
};

// The annotators' single-label judgments of whole items, over the classes anyone used (in category
// order). Throws labelkit::Error when an annotator gave one item two classes: --method aggregates one
// class per item (the quorum vote, without --method, votes each class of multi-label items).
LabelJudgments item_label_judgments(const AlignedAnnotators& annotators, std::vector<std::string>& classes);

// Per annotator, its weight: Annotator::trust, or the file's (CSV: annotator,weight). Throws
// labelkit::Error for an annotator without one, a weight that is not a positive number, a name twice.
// Names in the file that are not annotators here are counted in a warning.
std::vector<double> annotator_weights(const AlignedAnnotators& annotators, const AnnotatorWeights& weights,
                                      DiagnosticSink& sink);
// The weights of a CSV file (annotator,weight) for these annotators, in their order; the same errors
// and warning.
std::vector<double> file_weights(const std::vector<std::string>& annotators, const std::filesystem::path& file,
                                 DiagnosticSink& sink);

// The aggregation of a rating table's labels (one judgment per row), items in name order as for
// datasets: the path of `merge --method` for one rating table written as a table, which needs no
// dataset per annotator (a tenth of the time and half the memory on a million judgments).
LabelAggregation aggregate_table_labels(const RatingTable& table, const AggregationOptions& options);

// Aggregates the item labels and adds the consensus labels (score: the confidence) to `merged`,
// whose items are the annotators' items in key order (as consensus() makes them).
LabelAggregation aggregate_item_labels(const AlignedAnnotators& annotators, const AggregationOptions& options,
                                       Dataset& merged);

// One annotation per group of at least quorum members (groups as group_shapes in matching.hpp
// forms them). Each carries attributes {"agreement": members / annotators of the image,
// "annotators": [names]}. Likewise one label per class of a whole item (image or text
// classification) that at least quorum of the item's annotators gave, its score the share of
// them. Items: every image any annotator has, with the metadata of the first annotator that has it.
Dataset consensus(const AlignedAnnotators& annotators, const ConsensusOptions& options, ConsensusSummary& summary);

// The merge report (--report FILE), as schemas/merge-report.schema.json describes it.
nlohmann::json union_report_json(const UnionSummary& summary);
nlohmann::json consensus_report_json(const ConsensusSummary& summary, const ConsensusOptions& options);
// The table merge --to csv|jsonl writes ("csv" or "jsonl"): one row per item with the columns item,
// label, confidence, annotators and tie.
std::string label_aggregation_table(const LabelAggregation& aggregation, const std::string& to);

// The report's "item_labels" part for --method.
nlohmann::json label_aggregation_json(const LabelAggregation& aggregation, const AnnotatorWeights& weights);

// What merge --method rover made of the transcripts: per utterance, its consensus text and how many
// transcripts it had.
struct TranscriptConsensus {
    std::vector<std::string> annotators;
    std::vector<std::string> utterances;  // in order of first appearance
    std::vector<std::string> texts;       // per utterance: the consensus words joined by single spaces
    std::vector<std::uint32_t> transcripts;  // per utterance
};

// ROVER (ops/rover.hpp) over each utterance's transcripts, with jiwer's default tokenising (words
// split at whitespace), in annotator order: the first annotator's transcript is the backbone.
TranscriptConsensus transcript_consensus(const TranscriptSet& set);
// The table --to csv|jsonl writes: one row per utterance with the columns item, text, transcripts.
std::string transcript_consensus_table(const TranscriptConsensus& consensus, const std::string& to);
// The merge report of --method rover.
nlohmann::json transcript_consensus_json(const TranscriptConsensus& consensus);

// The operation: read the inputs, merge them, write the result (and the report) atomically.
enum class MergeMode { set_union, consensus };
template <>
struct EnumTable<MergeMode> {
    static constexpr EnumName<MergeMode> entries[] = {{MergeMode::set_union, "union"},
                                                      {MergeMode::consensus, "consensus"}};
};

struct MergeOptions {
    // Two or more datasets; consensus also takes one dataset that names its annotators.
    std::vector<std::filesystem::path> inputs;
    // The inputs as the union's report and warnings name them, in input order: what the user typed
    // when an input is a copy of a stream (standard input, a pipe); empty: the inputs' paths.
    std::vector<std::string> input_names;
    std::filesystem::path output;  // a folder, or one file for a format with file_extensions
    std::string to;                // the output format's name
    std::string from;              // the inputs' format's name; "" to detect each
    ReadOptions read;              // --image-root, --image-size, --voc-coordinates
    MergeMode mode = MergeMode::set_union;
    // union only
    std::filesystem::path label_map;  // YAML of class renames; "": none
    ConflictPolicy on_conflict = ConflictPolicy::error;
    std::optional<double> duplicate_tolerance;  // pixels, 0 to 1000; empty: duplicate_tolerance_px
    // consensus only
    std::vector<std::string> names;  // annotators' names in input order; default folder or file names
    // Datasets that name their annotators: those merged (ids or names); empty: all but model predictions.
    std::vector<std::string> annotators;
    double iou = 0.5;                // IoU at or above which shapes group, in (0, 1]
    Quorum quorum;                   // annotators a group needs (parse_quorum reads "2", "60%", "majority")
    FuseMethod fuse = FuseMethod::wbf;
    bool class_agnostic = false;     // group shapes of any class; the group's class is the majority's
    // Item class labels: aggregated by this method (one class per item), or, when empty, each class kept
    // when the quorum gave it. With a method, `to` may also be csv or jsonl: the table of the labels.
    std::optional<AggregationMethod> method;
    AnnotatorWeights weights;        // --method mv only
    std::filesystem::path report;    // write the merge report (JSON) here; "": none
    std::optional<ImageMode> images;  // empty: the target's default
    bool overwrite = false;           // replace an existing output (and report)
};

struct MergeResult {
    MergeMode mode = MergeMode::set_union;
    std::size_t inputs = 0;
    std::size_t images = 0;  // written
    std::size_t annotations = 0;
    std::size_t categories = 0;
    UnionSummary union_summary;          // union: what each input brought, the categories, the conflicts
    ConsensusSummary consensus_summary;  // consensus: the groups, per annotator and per image
    std::optional<LabelAggregation> label_aggregation;  // consensus --method mv, wawa, ds
    std::optional<TranscriptConsensus> transcript_consensus;  // consensus --method rover
    bool table = false;  // the output is the table of the items' labels or transcripts (--to csv|jsonl), not a dataset
    nlohmann::json report;               // what `report` is written with
    // The dataset as written (without annotations when streamed), moved out of the operation: for a caller that goes on with it, and
    // for a command that ends right after and leaves its memory to the OS (freeing a million
    // annotations takes tenths of a second).
    Dataset dataset;
};

// Image conflicts, unused label-map entries and what consensus cannot fuse are warnings in sink.
// A union into one file of a format with a stream writer (COCO .json) is written as it is read,
// so that only one input's annotations are in memory. Throws labelkit::Error for bad options
// (consensus options with union, ...), inputs that cannot be read, an image conflict under
// ConflictPolicy::error, and outputs it may not write.
MergeResult merge(const MergeOptions& options, DiagnosticSink& sink);

// The names --to takes besides the formats': the tables of consensus labels ("csv", "jsonl").
std::vector<std::string> consensus_table_names();

}  // namespace labelkit
