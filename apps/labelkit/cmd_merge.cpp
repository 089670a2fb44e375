// labelkit merge INPUT... -o OUTPUT --to FORMAT: the union of datasets, or (--mode consensus)
// one dataset from several annotators of the same images.
#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "dataset_input.hpp"
#include "dataset_output.hpp"
#include "labelkit/coco_stream.hpp"
#include "labelkit/error.hpp"
#include "labelkit/output.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/merge.hpp"

namespace labelkit::cli {

namespace {

struct MergeOptions {
    std::vector<std::string> inputs;
    std::string output;
    std::string to;
    std::string from;
    std::string mode = "union";
    std::vector<std::string> names;
    std::string label_map;
    std::string on_conflict = "error";
    double duplicate_tolerance = duplicate_tolerance_px;
    bool duplicate_tolerance_given = false;
    double iou = 0.5;
    std::string quorum = "majority";
    std::string fuse = "wbf";
    bool class_agnostic = false;
    std::string report;
    std::string images;
    InputOptions input_options;
    bool overwrite = false;
};

void check_usage(const MergeOptions& options) {
    if (options.inputs.size() < 2) throw Error("merge needs two or more inputs");
    if (options.mode == "union") {
        if (!options.names.empty()) throw Error("--names is for --mode consensus");
        if (!(options.duplicate_tolerance >= 0 && options.duplicate_tolerance <= 1000))
            throw Error(fmt::format("--duplicate-tolerance must be from 0 to 1000 pixels, not {}",
                                    options.duplicate_tolerance));
        return;
    }
    if (!options.label_map.empty()) throw Error("--label-map is for --mode union");
    if (options.duplicate_tolerance_given) throw Error("--duplicate-tolerance is for --mode union");
    if (options.iou <= 0 || options.iou > 1) throw Error(fmt::format("--iou must be in (0, 1], not {}", options.iou));
    if (!parse_quorum(options.quorum))
        throw Error(fmt::format("--quorum '{}' is not a count (2), a percentage (60%) or 'majority'", options.quorum));
}

std::vector<std::filesystem::path> inputs_of(const MergeOptions& options) {
    std::vector<std::filesystem::path> inputs(options.inputs.begin(), options.inputs.end());
    if (!options.label_map.empty()) inputs.emplace_back(options.label_map);
    return inputs;
}

// Opened before the merge, so that a path the report may not take is refused before anything is
// written. The report never goes over an input or the merged output.
std::optional<PendingOutputFile> open_report(const MergeOptions& options, DiagnosticSink& sink) {
    if (options.report.empty()) return std::nullopt;
    if (resolved_path(options.report) == resolved_path(options.output))
        throw Error("--report names the output itself: give the report a path of its own", {options.report});
    const std::vector<std::filesystem::path> kept = inputs_of(options);
    return std::optional<PendingOutputFile>(std::in_place, OutputPath{options.report, options.overwrite, kept}, sink);
}

// Adds every input to the union (each adapted to the target first when `adapt_each`), says
// what each brought, and returns the report.
std::string add_inputs(DatasetUnion& merged, const MergeOptions& options, const std::vector<Format>& formats,
                       const Format* adapt_each, const Console& console, DiagnosticSink& sink) {
    for (std::size_t i = 0; i < options.inputs.size(); ++i) {
        const std::string& input = options.inputs[i];
        Dataset dataset = load_dataset(formats, input, options.from, read_options(options.input_options), sink).dataset;
        if (adapt_each) adapt_to_target(dataset, *adapt_each, {}, sink);
        merged.add(std::move(dataset), input, i + 1 < options.inputs.size());
    }
    const UnionSummary& summary = merged.summary();
    for (const UnionInputSummary& in : summary.inputs)
        console.message(fmt::format("{}: {}, {} ({} already there, {} duplicates of earlier inputs' annotations kept once{}{})", in.input,
                                    counted(in.items, "image"), counted(in.annotations, "annotation"), in.shared_items,
                                    in.duplicates,
                                    in.dropped_by_label_map ? fmt::format(", {} dropped by the label map", in.dropped_by_label_map) : "",
                                    in.dropped_by_conflict ? fmt::format(", {} left out by conflicts", in.dropped_by_conflict) : ""));
    for (const ImageConflict& c : summary.conflicts)
        sink.warn("merge/image-conflict",
                  fmt::format("'{}' is {}x{} in {} and {}x{} in {}: {}", c.path, c.first_width, c.first_height,
                              c.first_input, c.second_width, c.second_height, c.second_input, c.resolution));
    for (const std::string& name : summary.unused_label_map_entries)
        sink.warn("merge/unused-label-map-entry", fmt::format("no input has a class '{}'", name), {options.label_map});
    for (const MergedCategory& c : summary.categories)
        console.message(fmt::format("category {} {} <- {}", c.id, c.name, fmt::join(c.sources, ", ")));
    return union_report_json(summary).dump(2);
}

DatasetUnion make_union(const MergeOptions& options, UnionAnnotationSink sink = {}, UnionAnnotationRecall recall = {}) {
    LabelMap label_map;
    if (!options.label_map.empty()) label_map = read_label_map(options.label_map);
    return DatasetUnion(*parse_conflict_policy(options.on_conflict), label_map, std::move(sink), std::move(recall),
                        options.duplicate_tolerance);
}

// A union written to one COCO file as it is read: only the images, the categories and one
// input are in memory, not every input's annotations.
int streamed_union(const MergeOptions& options, const std::vector<Format>& formats, const Format& target,
                   const Console& console) {
    DiagnosticSink sink = console.make_sink();
    if (options.images == "copy" || options.images == "link")
        sink.warn("coco/images-not-placed", "images are copied or linked only when writing a directory, not a single .json file",
                  {options.output});
    std::optional<PendingOutputFile> report_file = open_report(options, sink);
    AtomicOutput output({options.output, OutputKind::file, options.overwrite, inputs_of(options)}, sink);
    Dataset result;
    std::size_t annotations = 0;
    std::string report;
    try {
        CocoStreamWriter stream(output.path());
        DatasetUnion merged = make_union(
            options,
            [&](Annotation&& annotation, std::int64_t id, std::int64_t image_id, std::int64_t category_id) {
                stream.add(annotation, id, image_id, category_id);
            },
            [&](std::uint32_t accepted) { return stream.read_back(accepted); });
        report = add_inputs(merged, options, formats, &target, console, sink);
        const std::vector<bool> withdrawn = merged.withdrawn();
        annotations = withdrawn.size() - static_cast<std::size_t>(std::count(withdrawn.begin(), withdrawn.end(), true));
        result = merged.take();
        stream.finish(result, withdrawn);
    } catch (const Error& error) {
        throw output.for_user(error);  // a full disk names the user's path, not the temporary
    }
    if (report_file) report_file->refuse_inputs(image_files_of(result));  // before anything is in place
    output.commit();
    if (report_file) report_file->write(report + "\n");
    fmt::print(summary_stream({options.output, options.report}), "merged {} inputs (union) -> {}: {}, {}, {}\n", options.inputs.size(), options.output,
               counted(result.items.size(), "image"), counted(annotations, "annotation"),
               counted(result.categories.size(), "category", "categories"));
    return 0;
}

Dataset merge_consensus(const MergeOptions& options, const std::vector<Format>& formats, const Console& console,
                        DiagnosticSink& sink, std::string& report) {
    const std::vector<std::string> names = options.names.empty() ? annotator_names(options.inputs) : options.names;
    if (names.size() != options.inputs.size())
        throw Error(fmt::format("--names gives {} names for {} inputs", names.size(), options.inputs.size()));
    std::vector<Dataset> datasets;
    for (const std::string& input : options.inputs)
        datasets.push_back(load_dataset(formats, input, options.from, read_options(options.input_options), sink).dataset);
    const AlignedAnnotators annotators(std::move(datasets), names);
    ConsensusOptions consensus_options{options.iou, *parse_quorum(options.quorum), *parse_fuse_method(options.fuse),
                                       options.class_agnostic};
    ConsensusSummary summary;
    Dataset result = consensus(annotators, consensus_options, summary);
    console.message(fmt::format("{} images, {} groups: {} kept, {} below quorum ({}), {} with split class votes",
                                summary.images, summary.groups, summary.kept, summary.below_quorum,
                                consensus_options.quorum.to_string(), summary.split_votes));
    for (std::size_t a = 0; a < names.size(); ++a)
        console.message(fmt::format("{}: {}, {} in no group", names[a], counted(summary.shapes[a], "shape"), summary.unmatched[a]));
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
    report = consensus_report_json(summary, consensus_options).dump(2);
    return result;
}

int run_merge(const MergeOptions& options, const Console& console) {
    check_usage(options);
    const std::vector<Format> formats = all_formats();
    const Format& target = find_format(formats, options.to);
    if (!target.write) throw Error(fmt::format("labelkit cannot write {}", target.name));
    // Written as it is read into a file only: blanking a withdrawn annotation needs to go back.
    if (options.mode == "union" && target.name == "coco" && writes_single_file(target, options.output) &&
        !is_special_file(options.output))
        return streamed_union(options, formats, target, console);
    DiagnosticSink sink = console.make_sink();
    std::optional<PendingOutputFile> report_file = open_report(options, sink);
    std::string report;
    Dataset result;
    if (options.mode == "union") {
        DatasetUnion merged = make_union(options);
        report = add_inputs(merged, options, formats, nullptr, console, sink);
        result = merged.take();
    } else {
        result = merge_consensus(options, formats, console, sink, report);
    }
    adapt_to_target(result, target, {}, sink);
    if (report_file) report_file->refuse_inputs(image_files_of(result));  // before anything is in place
    write_dataset(result, target, {options.output, options.overwrite, inputs_of(options)},
                  write_options(image_mode_for(options.images, target), options.input_options), sink);
    if (report_file) report_file->write(report + "\n");
    fmt::print(summary_stream({options.output, options.report}), "merged {} inputs ({}) -> {}: {}, {}, {}\n", options.inputs.size(), options.mode, options.output,
               counted(result.items.size(), "image"), counted(result.annotations.size(), "annotation"),
               counted(result.categories.size(), "category", "categories"));
    static_cast<void>(new Dataset(std::move(result)));  // freed by the OS at exit (see convert)
    return 0;
}

}  // namespace

void add_merge_command(CLI::App& app, Console& console, Action& action) {
    auto options = std::make_shared<MergeOptions>();
    CLI::App* command = app.add_subcommand(
        "merge", "merge datasets: their union, or the consensus of several annotators of the same images");
    command->add_option("inputs", options->inputs, "two or more datasets")->required();
    command->add_option("-o,--output", options->output, "where to write the merged dataset")->required();
    command->add_option("--to", options->to, "format of the output (see `labelkit formats`)")->required();
    command->add_option("--from", options->from, "format of the inputs (detected when left out)");
    command->add_option("--mode", options->mode, "union (default) or consensus")
        ->check(CLI::IsMember({"union", "consensus"}));
    command->add_option("--label-map", options->label_map, "union: YAML of class renames (`old: new`, `old: null` drops)");
    command->add_option("--on-conflict", options->on_conflict,
                        "union: two different images under one path: error (default), first, last or rename")
        ->check(CLI::IsMember({"error", "first", "last", "rename"}));
    CLI::Option* tolerance = command->add_option("--duplicate-tolerance", options->duplicate_tolerance,
                        fmt::format("union: pixels by which the coordinates of two annotations of one class on one image "
                                    "may differ for them to be kept once (default {}; 0: exactly equal)",
                                    duplicate_tolerance_px));
    command->add_option("--names", options->names, "consensus: annotators' names in input order")->delimiter(',');
    command->add_option("--iou", options->iou, "consensus: IoU at or above which shapes group (default 0.5)");
    command->add_option("--quorum", options->quorum,
                        "consensus: annotators a group needs: a count (2), a percentage (60%) or majority (default)");
    command->add_option("--fuse", options->fuse, "consensus: how to fuse a group's boxes: wbf (default), median or best")
        ->check(CLI::IsMember({"wbf", "median", "best"}));
    command->add_flag("--class-agnostic", options->class_agnostic,
                      "consensus: group shapes of any class; the group's class is the majority's");
    command->add_option("--report", options->report, "write the merge report (JSON) here");
    command->add_option("--images", options->images, "what to do with image files: copy, link or none")
        ->check(CLI::IsMember({"copy", "link", "none"}));
    add_input_options(*command, options->input_options);
    command->add_flag("--overwrite", options->overwrite, "replace OUTPUT if it exists");
    command->callback([&console, &action, options, tolerance] {
        options->duplicate_tolerance_given = tolerance->count() > 0;
        action = [&console, options](std::size_t jobs) {
            options->input_options.jobs = jobs;
            return run_merge(*options, console);
        };
    });
}

}  // namespace labelkit::cli
