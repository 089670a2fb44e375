// The merge operation: the union of datasets (streamed into one file where the format can), or
// the consensus of several annotators, written with its report.
#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/merge.hpp"
#include "ops/consensus_table.hpp"
#include "ops/dataset_transcripts.hpp"
#include "ops/dataset_output.hpp"
#include "ops/item_file_names.hpp"

namespace labelkit {

namespace {

void check_usage(const MergeOptions& options) {
    if (options.inputs.empty()) throw Error("merge needs inputs");
    if (options.mode == MergeMode::set_union) {
        // Options of the consensus first: "--method without --mode consensus" says more than the count.
        if (!options.names.empty()) throw Error("--names is for --mode consensus");
        if (!options.annotators.empty()) throw Error("--annotators is for --mode consensus");
        if (options.method) throw Error("--method is for --mode consensus");
        if (options.weights.given()) throw Error("--weights is for --mode consensus --method mv");
        if (consensus_table_format(options.to))
            throw Error(fmt::format("--to {} writes the table of merge --mode consensus --method: a union is a dataset",
                                    options.to));
        if (options.inputs.size() < 2) throw Error("merge --mode union needs two or more inputs");
        const double tolerance = options.duplicate_tolerance.value_or(duplicate_tolerance_px);
        if (!(tolerance >= 0 && tolerance <= 1000))
            throw Error(fmt::format("--duplicate-tolerance must be from 0 to 1000 pixels, not {}", tolerance));
        return;
    }
    if (!options.label_map.empty()) throw Error("--label-map is for --mode union");
    if (options.duplicate_tolerance) throw Error("--duplicate-tolerance is for --mode union");
    if (options.iou <= 0 || options.iou > 1) throw Error(fmt::format("--iou must be in (0, 1], not {}", options.iou));
    if (options.weights.given() && options.method != AggregationMethod::mv)
        throw Error(options.method ? fmt::format("--weights is for --method mv: {} estimates each annotator's reliability "
                                                 "itself", to_string(*options.method))
                                   : std::string("--weights is for --method mv"));
    if (consensus_table_format(options.to) && !options.method)
        throw Error(fmt::format("--to {} writes one class per item, as --method mv, wawa or ds gives it, or one "
                                "transcript per utterance (--method rover): give --method",
                                options.to));
    if (options.method == AggregationMethod::rover && !consensus_table_format(options.to))
        throw Error(fmt::format("--method rover writes a table of transcripts: give --to csv or --to jsonl, not --to {}",
                                options.to));
    if (consensus_table_format(options.to) && options.images)
        throw Error(fmt::format("--images places the images of a dataset; --to {} writes a table", options.to));
}

std::vector<std::filesystem::path> inputs_of(const MergeOptions& options) {
    std::vector<std::filesystem::path> inputs = options.inputs;
    if (!options.label_map.empty()) inputs.push_back(options.label_map);
    if (!options.weights.file.empty()) inputs.push_back(options.weights.file);
    return inputs;
}

// Opened before the merge, so that a path the report may not take is refused before anything is
// written. The report never goes over an input or the merged output.
std::optional<PendingOutputFile> open_report(const MergeOptions& options, DiagnosticSink& sink) {
    if (options.report.empty()) return std::nullopt;
    if (resolved_path(options.report) == resolved_path(options.output))
        throw Error("--report names the output itself: give the report a path of its own", {options.report.string()});
    return std::optional<PendingOutputFile>(std::in_place, OutputPath{options.report, options.overwrite, inputs_of(options)},
                                            sink);
}

DatasetUnion make_union(const MergeOptions& options, UnionAnnotationSink sink = {}, UnionAnnotationRecall recall = {}) {
    LabelMap label_map;
    if (!options.label_map.empty()) label_map = read_label_map(options.label_map);
    return DatasetUnion(options.on_conflict, label_map, std::move(sink), std::move(recall),
                        options.duplicate_tolerance.value_or(duplicate_tolerance_px));
}

// Adds every input to the union (each adapted to the target first when `adapt_each`), warns of
// what it had to decide, and returns what each brought.
void add_inputs(DatasetUnion& merged, const MergeOptions& options, const std::vector<Format>& formats,
                const Format* adapt_each, DiagnosticSink& sink) {
    for (std::size_t i = 0; i < options.inputs.size(); ++i) {
        const std::filesystem::path& input = options.inputs[i];
        Dataset dataset = load_dataset(formats, input, options.from, options.read, sink).dataset;
        if (adapt_each) adapt_to_target(dataset, *adapt_each, {.task = std::nullopt, .keep_item_paths = true}, sink);
        const std::string name = i < options.input_names.size() ? options.input_names[i] : input.string();
        merged.add(std::move(dataset), name, i + 1 < options.inputs.size());
    }
    const UnionSummary& summary = merged.summary();
    for (const ImageConflict& c : summary.conflicts)
        sink.warn("merge/image-conflict",
                  fmt::format("'{}' is {}x{} in {} and {}x{} in {}: {}", c.path, c.first_width, c.first_height,
                              c.first_input, c.second_width, c.second_height, c.second_input, c.resolution));
    for (const UnionInputSummary& in : summary.inputs)
        if (in.region_labels_dropped)
            sink.warn("merge/region-labels",
                      fmt::format("{}: {} labels of regions (a region's transcript or choice) are not merged",
                                  in.input, in.region_labels_dropped));
    for (const std::string& name : summary.unused_label_map_entries)
        sink.warn("merge/unused-label-map-entry", fmt::format("no input has a class '{}'", name),
                  {options.label_map.string()});
}

void set_counts(MergeResult& result, const Dataset& merged, std::size_t annotations) {
    result.images = merged.items.size();
    result.annotations = annotations;
    result.categories = merged.categories.size();
}

// A union written into one file as it is read: only the images, the categories and one input
// are in memory, not every input's annotations.
MergeResult streamed_union(const MergeOptions& options, const std::vector<Format>& formats, const Format& target,
                           DiagnosticSink& sink) {
    if (options.images == ImageMode::copy || options.images == ImageMode::link)
        sink.warn(target.name + "/images-not-placed",
                  fmt::format("images are copied or linked only when writing a directory, not a single {} file",
                              or_list(target.file_extensions)),
                  {options.output.string()});
    std::optional<PendingOutputFile> report_file = open_report(options, sink);
    AtomicOutput output({options.output, OutputKind::file, options.overwrite, inputs_of(options)}, sink);
    MergeResult result;
    try {
        const std::unique_ptr<DatasetStreamWriter> stream = target.open_stream_writer(output.path());
        DatasetUnion merged = make_union(
            options,
            [&](Annotation&& annotation, std::int64_t id, std::int64_t image_id, std::int64_t category_id) {
                stream->add(annotation, id, image_id, category_id);
            },
            [&](std::uint32_t accepted) { return stream->read_back(accepted); });
        add_inputs(merged, options, formats, &target, sink);
        const std::vector<bool> withdrawn = merged.withdrawn();
        const auto kept = static_cast<std::size_t>(std::count(withdrawn.begin(), withdrawn.end(), false));
        result.union_summary = merged.summary();
        Dataset merged_dataset = merged.take();
        name_items_as_files(merged_dataset, target, sink);
        stream->finish(merged_dataset, withdrawn);
        set_counts(result, merged_dataset, kept);
        result.dataset = std::move(merged_dataset);
    } catch (const Error& error) {
        throw output.for_user(error);  // a full disk names the user's path, not the temporary
    }
    result.report = union_report_json(result.union_summary);
    if (report_file) report_file->refuse_inputs(image_files_of(result.dataset));  // before anything is in place
    output.commit();
    if (report_file) report_file->write(result.report.dump(2) + "\n");
    return result;
}

void warn_of_consensus(const ConsensusSummary& summary, DiagnosticSink& sink) {
    if (summary.keypoints_dropped)
        sink.warn("merge/keypoints-not-fused",
                  fmt::format("{} group members had keypoints: consensus fuses boxes and regions, not keypoints",
                              summary.keypoints_dropped));
    if (summary.shapes_without_majority_region)
        sink.warn("merge/no-majority-region",
                  fmt::format("{} groups have no pixel a majority of members cover: they keep the fused box only",
                              summary.shapes_without_majority_region));
    if (summary.shapes_too_large_to_vote)
        sink.warn("merge/region-too-large",
                  fmt::format("{} groups cover more than {} pixels, more than labelkit votes on per pixel: they keep "
                              "the fused box only",
                              summary.shapes_too_large_to_vote, limits::max_raster_pixels));
}

void warn_of_aggregation(const LabelAggregation& aggregation, DiagnosticSink& sink) {
    const Aggregation& result = aggregation.result;
    if (result.ties)
        sink.warn("merge/label-ties",
                  fmt::format("{} of {} items tie between classes: each gets the tied class that sorts first (by value "
                              "when the classes are numbers, else by name)",
                              result.ties, result.items.size()));
    if (aggregation.items_without_labels)
        sink.warn("merge/unlabelled-items", fmt::format("{} items have no class label from any annotator: they get none",
                                                        aggregation.items_without_labels));
    if (result.method == AggregationMethod::ds && !result.converged)
        sink.warn("merge/not-converged",
                  fmt::format("Dawid-Skene stopped after {} iterations, still gaining", result.iterations));
}

// A count above the number of annotators can never be met: every group and label would be left out.
void check_quorum(const Quorum& quorum, const std::vector<std::string>& annotators) {
    if (quorum.majority || quorum.percent || quorum.value <= static_cast<double>(annotators.size())) return;
    throw Error(fmt::format("--quorum {} asks for more annotators than there are: the inputs have {} ({}), so nothing "
                            "could reach it",
                            quorum.to_string(), annotators.size(), shorten(fmt::format("{}", fmt::join(annotators, ", ")), 300)));
}

Dataset merge_consensus(const MergeOptions& options, const std::vector<Format>& formats, DiagnosticSink& sink,
                        MergeResult& result) {
    AnnotatorDatasets inputs = load_annotators(formats, options.inputs, options.from, options.read, options.names,
                                               options.annotators, sink);
    if (inputs.datasets.size() < 2)
        throw Error(fmt::format("consensus needs two or more annotators: {} {}", options.inputs.size() == 1 ? "the input has" : "the inputs have",
                                inputs.datasets.size() == 1 ? "one (model predictions are left out unless --annotators names them)" : "none"));
    check_quorum(options.quorum, inputs.names);
    const AlignedAnnotators annotators(std::move(inputs.datasets), std::move(inputs.names));
    const ConsensusOptions consensus_options{options.iou, options.quorum, options.fuse, options.class_agnostic,
                                             !options.method};
    Dataset merged = consensus(annotators, consensus_options, result.consensus_summary);
    warn_of_consensus(result.consensus_summary, sink);
    result.report = consensus_report_json(result.consensus_summary, consensus_options);
    if (options.method) {
        AggregationOptions aggregation{.method = *options.method};
        if (options.weights.given()) aggregation.weights = annotator_weights(annotators, options.weights, sink);
        result.label_aggregation = aggregate_item_labels(annotators, aggregation, merged);
        warn_of_aggregation(*result.label_aggregation, sink);
        result.report["item_labels"] = label_aggregation_json(*result.label_aggregation, options.weights);
    }
    return merged;
}

// merge --mode consensus --method rover: one transcript per utterance, written as a table.
MergeResult write_transcript_table(const MergeOptions& options, const std::vector<Format>& formats,
                                   std::optional<PendingOutputFile> report_file, DiagnosticSink& sink) {
    PendingOutputFile output({options.output, options.overwrite, inputs_of(options)}, sink);
    AnnotatorDatasets inputs = load_annotators(formats, options.inputs, options.from, options.read, options.names,
                                               options.annotators, sink);
    if (inputs.datasets.size() < 2)
        throw Error(fmt::format("consensus needs two or more transcribers: the input{} {}", options.inputs.size() == 1 ? " has" : "s have",
                                inputs.datasets.size() == 1 ? "one" : "none"));
    if (!holds_transcripts(inputs))
        throw Error(std::any_of(inputs.datasets.begin(), inputs.datasets.end(),
                                [](const Dataset& dataset) { return !dataset.annotations.empty(); })
                        ? "--method rover combines transcripts (texts of items or audio segments), and the inputs "
                          "hold shapes, which it does not combine (texts of regions, as in an OCR project, are not "
                          "transcripts)"
                        : "--method rover combines transcripts (texts of items or audio segments), and the inputs have none");
    MergeResult result;
    result.mode = options.mode;
    result.inputs = options.inputs.size();
    result.transcript_consensus = transcript_consensus(dataset_transcripts(inputs, "merge", sink));
    const TranscriptConsensus& consensus = *result.transcript_consensus;
    output.write(transcript_consensus_table(consensus, options.to));
    result.report = transcript_consensus_json(consensus);
    if (report_file) report_file->write(result.report.dump(2) + "\n");
    result.table = true;
    result.images = consensus.utterances.size();
    return result;
}

// One rating table aggregated from its judgments, without a dataset per annotator. Its report is
// that of a consensus of items without shapes.
Dataset aggregate_rating_table(const MergeOptions& options, const Format& format, DiagnosticSink& sink,
                               MergeResult& result) {
    const RatingTable table = make_rating_table(format.read_judgments(options.inputs.front(), options.read, sink), {});
    if (table.annotators.size() < 2)
        throw Error(fmt::format("consensus needs two or more annotators: the table has {}", table.annotators.size()));
    AggregationOptions aggregation{.method = *options.method};
    if (!options.weights.file.empty()) aggregation.weights = file_weights(table.annotators, options.weights.file, sink);
    result.label_aggregation = aggregate_table_labels(table, aggregation);
    warn_of_aggregation(*result.label_aggregation, sink);
    ConsensusSummary& summary = result.consensus_summary;
    summary.annotators = table.annotators;
    summary.images = table.items.size();
    summary.shapes.assign(table.annotators.size(), 0);
    summary.unmatched.assign(table.annotators.size(), 0);
    result.report = consensus_report_json(summary, {options.iou, options.quorum, options.fuse, options.class_agnostic, false});
    result.report["item_labels"] = label_aggregation_json(*result.label_aggregation, options.weights);
    return {};
}

// merge --mode consensus --method --to csv|jsonl: the table of the items' labels, not a dataset.
MergeResult write_label_table(const MergeOptions& options, const std::vector<Format>& formats,
                              std::optional<PendingOutputFile> report_file, DiagnosticSink& sink) {
    PendingOutputFile output({options.output, options.overwrite, inputs_of(options)}, sink);
    MergeResult result;
    result.mode = options.mode;
    result.inputs = options.inputs.size();
    // Trust, names and a choice of annotators are the datasets' (Annotator::trust, split_by_annotator).
    const std::optional<Format> table = options.inputs.size() == 1 && !options.weights.trust && options.names.empty() &&
                                                options.annotators.empty()
                                            ? rating_table_format(formats, options.inputs.front(), options.from)
                                            : std::nullopt;
    Dataset merged = table ? aggregate_rating_table(options, *table, sink, result)
                           : merge_consensus(options, formats, sink, result);
    if (!merged.annotations.empty())
        sink.warn("merge/shapes-not-in-table",
                  fmt::format("{} consensus shapes are not written: --to {} writes the items' labels only",
                              merged.annotations.size(), options.to));
    output.write(label_aggregation_table(*result.label_aggregation, options.to));
    if (report_file) report_file->write(result.report.dump(2) + "\n");
    result.table = true;
    result.images = result.label_aggregation->items.size();
    result.categories = result.label_aggregation->classes.size();
    result.dataset = std::move(merged);
    return result;
}

}  // namespace

MergeResult merge(const MergeOptions& options, DiagnosticSink& sink) {
    check_usage(options);
    const std::vector<Format> formats = all_formats();
    if (options.method == AggregationMethod::rover)
        return write_transcript_table(options, formats, open_report(options, sink), sink);
    if (consensus_table_format(options.to)) return write_label_table(options, formats, open_report(options, sink), sink);
    const Format& target = writable_format(formats, options.to);
    const bool set_union = options.mode == MergeMode::set_union;
    // Written as it is read into a file only: blanking a withdrawn annotation needs to go back.
    if (set_union && target.open_stream_writer && writes_single_file(target, options.output) &&
        !is_special_file(options.output)) {
        MergeResult result = streamed_union(options, formats, target, sink);
        result.mode = options.mode;
        result.inputs = options.inputs.size();
        return result;
    }
    std::optional<PendingOutputFile> report_file = open_report(options, sink);
    MergeResult result;
    result.mode = options.mode;
    result.inputs = options.inputs.size();
    Dataset merged;
    if (set_union) {
        DatasetUnion merged_union = make_union(options);
        add_inputs(merged_union, options, formats, nullptr, sink);
        result.union_summary = merged_union.summary();
        result.report = union_report_json(result.union_summary);
        merged = merged_union.take();
    } else {
        merged = merge_consensus(options, formats, sink, result);
    }
    adapt_to_target(merged, target, {}, sink);
    if (report_file) report_file->refuse_inputs(image_files_of(merged));  // before anything is in place
    write_dataset(merged, target, {options.output, options.overwrite, inputs_of(options)},
                  write_options(options.images, target, options.read), sink);
    if (report_file) report_file->write(result.report.dump(2) + "\n");
    set_counts(result, merged, merged.annotations.size());
    result.dataset = std::move(merged);
    return result;
}

}  // namespace labelkit
