// labelkit merge INPUT... -o OUTPUT --to FORMAT: the merge operation (labelkit/ops/merge.hpp),
// the union of datasets or (--mode consensus) one dataset from several annotators of the same
// images, and what it did.
#include <cmath>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "choices.hpp"
#include "commands.hpp"
#include "dataset_input.hpp"
#include "format_help.hpp"
#include "labelkit/error.hpp"
#include "labelkit/ops/merge.hpp"
#include "run_summary.hpp"
#include "standard_input.hpp"
#include "standard_output.hpp"

namespace labelkit::cli {

namespace {

struct MergeCommand {
    MergeOptions options;
    std::string quorum = "majority";
    std::string image_size;
    std::string weights;
    SummaryFormat format = SummaryFormat::text;
};

void print_union(const UnionSummary& summary, const Console& console) {
    for (const UnionInputSummary& in : summary.inputs)
        console.message(fmt::format("{}: {}, {} ({} already there, {} duplicates of earlier inputs' annotations kept once{}{})", in.input,
                                    counted(in.items, "image"), counted(in.annotations, "annotation"), in.shared_items,
                                    in.duplicates,
                                    in.dropped_by_label_map ? fmt::format(", {} dropped by the label map", in.dropped_by_label_map) : "",
                                    in.dropped_by_conflict ? fmt::format(", {} left out by conflicts", in.dropped_by_conflict) : ""));
    for (const MergedCategory& c : summary.categories)
        console.message(fmt::format("category {} {} <- {}", c.id, c.name, fmt::join(c.sources, ", ")));
}

void print_consensus(const ConsensusSummary& summary, const Quorum& quorum, const Console& console) {
    console.message(fmt::format("{} images, {} groups: {} kept, {} below quorum ({}), {} with split class votes",
                                summary.images, summary.groups, summary.kept, summary.below_quorum, quorum.to_string(),
                                summary.split_votes));
    for (std::size_t a = 0; a < summary.annotators.size(); ++a)
        console.message(fmt::format("{}: {}, {} in no group", summary.annotators[a], counted(summary.shapes[a], "shape"),
                                    summary.unmatched[a]));
    if (summary.labels_kept || summary.labels_below_quorum)
        console.message(fmt::format("item labels: {} kept, {} below the quorum", summary.labels_kept,
                                    summary.labels_below_quorum));
    if (summary.tracks)
        console.message(fmt::format("video: {} consensus tracks, each following its members' majority identity",
                                    summary.tracks));
}

void print_aggregation(const LabelAggregation& aggregation, const Console& console) {
    const Aggregation& result = aggregation.result;
    std::string line = fmt::format("item labels by {}: {} items, {} ties", to_string(result.method), result.items.size(),
                                   result.ties);
    if (result.method == AggregationMethod::ds)
        line += fmt::format(", {} after {} iterations", result.converged ? "converged" : "not converged", result.iterations);
    console.message(line);
    for (std::size_t a = 0; a < aggregation.annotators.size(); ++a)
        console.message(fmt::format("{}: {}, skill {}", aggregation.annotators[a], counted(result.judgments[a], "judgment"),
                                    std::isfinite(result.skills[a]) ? fmt::format("{:.3f}", result.skills[a]) : "-"));
}

void print_transcripts(const TranscriptConsensus& consensus, const Console& console) {
    std::size_t transcripts = 0;
    for (const std::uint32_t count : consensus.transcripts) transcripts += count;
    console.message(fmt::format("transcripts by rover: {} utterances, {} transcripts from {} annotators",
                                consensus.utterances.size(), transcripts, consensus.annotators.size()));
}

RunSummary run_summary(const MergeOptions& options) {
    RunSummary summary;
    summary.command = "merge";
    summary.inputs = options.inputs;
    summary.from = options.from;
    summary.details["mode"] = to_string(options.mode);
    return summary;
}

void add_result(RunSummary& summary, const MergeResult& result, const MergeOptions& options) {
    summary.written = {{options.output, result.table ? "table" : "dataset", options.to}};
    if (!options.report.empty()) summary.written.push_back({options.report, "report", "json"});
    summary.counts = WrittenCounts{result.images, result.annotations, result.dataset.labels.size(), result.categories};
    summary.details["inputs_read"] = result.inputs;
}

int run_merge(MergeCommand& command, const Console& console) {
    MergeOptions& options = command.options;
    if (options.mode == MergeMode::consensus) {
        const std::optional<Quorum> quorum = parse_quorum(command.quorum);
        if (!quorum)
            throw Error(fmt::format("--quorum '{}' is not a count (2), a percentage (60%) or 'majority'", command.quorum));
        options.quorum = *quorum;
    }
    if (command.weights == "trust") options.weights.trust = true;
    else options.weights.file = command.weights;
    set_image_size(options.read, command.image_size);
    RunSummary summary = run_summary(options);
    const auto out = [&options] { return summary_stream({options.output, options.report}); };
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    MergeResult result;
    try {
        std::vector<std::string> typed;
        for (const std::filesystem::path& input : options.inputs) typed.push_back(shown_input(input));
        streams.take(options.inputs, options.from);
        if (streams.any()) options.input_names = std::move(typed);
        result = streams.run([&] { return merge(options, sink); });
    } catch (const Error& error) {
        if (command.format == SummaryFormat::json) fmt::print(out(), "{}", render_run_summary(summary, sink, &error));
        throw;
    }
    add_result(summary, result, options);
    leave_to_exit(std::move(result.dataset));
    if (result.mode == MergeMode::set_union) print_union(result.union_summary, console);
    else if (result.transcript_consensus) print_transcripts(*result.transcript_consensus, console);
    else if (!result.label_aggregation || result.consensus_summary.groups)
        print_consensus(result.consensus_summary, options.quorum, console);
    if (result.label_aggregation) print_aggregation(*result.label_aggregation, console);
    if (command.format == SummaryFormat::json) {
        fmt::print(out(), "{}", render_run_summary(summary, sink));
        return 0;
    }
    if (result.table) {
        print_summary(console, {options.output, options.report},
                      fmt::format("merged {} inputs (consensus --method {}) -> {}: {}\n", result.inputs,
                                  to_string(*options.method), options.output.string(),
                                  counted(result.images, result.transcript_consensus ? "utterance" : "item")));
        return 0;
    }
    print_summary(console, {options.output, options.report},
                  fmt::format("merged {} inputs ({}) -> {}: {}, {}, {}\n", result.inputs, to_string(result.mode),
                              options.output.string(), counted(result.images, "image"),
                              counted(result.annotations, "annotation"),
                              counted(result.categories, "category", "categories")));
    return 0;
}

}  // namespace

void add_merge_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<MergeCommand>();
    MergeOptions& options = command->options;
    CLI::App* merge = app.add_subcommand(
        "merge", "merge datasets: their union, or the consensus of several annotators of the same images");
    merge->add_option("inputs", options.inputs,
                      "two or more datasets; consensus also takes one that names its annotators (a Label Studio "
                      "export, SageMaker worker responses, an Appen full report)")
        ->required();
    dash_is_standard_output(merge->add_option("-o,--output", options.output, fmt::format("where to write the merged dataset ({})", output_help()))
        )->required();
    add_format_option(*merge, "--to", options.to, FormatRole::write,
                      "format of the output (consensus --method also writes csv or jsonl: a table of item, label, "
                      "confidence, annotators, tie)",
                      consensus_table_names())
        ->required();
    add_format_option(*merge, "--from", options.from, FormatRole::read, "format of the inputs, detected when left out");
    add_choice(*merge, "--mode", options.mode, "union (default) or consensus");
    merge->add_option("--label-map", options.label_map, "union: YAML of class renames (`old: new`, `old: null` drops)");
    add_choice(*merge, "--on-conflict", options.on_conflict,
               "union: two different images under one path: error (default), first, last or rename");
    merge->add_option_function<double>(
        "--duplicate-tolerance", [&options](double pixels) { options.duplicate_tolerance = pixels; },
        fmt::format("union: pixels by which the coordinates of two annotations of one class on one image may differ "
                    "for them to be kept once (default {}; 0: exactly equal)",
                    duplicate_tolerance_px));
    merge->add_option("--names", options.names, "consensus: annotators' names in input order")->delimiter(',');
    merge->add_option("--annotators", options.annotators,
                      "consensus: the annotators merged, by id or name, of inputs that name them (default: all but "
                      "model predictions)")
        ->delimiter(',');
    merge->add_option("--iou", options.iou, "consensus: IoU at or above which shapes group (default 0.5)");
    merge->add_option("--quorum", command->quorum,
                      "consensus: annotators a group needs: a count (2), a percentage (60%) or majority (default)");
    add_choice(*merge, "--fuse", options.fuse, "consensus: how to fuse a group's boxes: wbf (default), median or best");
    merge->add_flag("--class-agnostic", options.class_agnostic,
                    "consensus: group shapes of any class; the group's class is the majority's");
    add_choice(*merge, "--method", options.method,
               "consensus: one class per item from the item labels: mv (majority vote), wawa (annotators weighted by "
               "their agreement with the majority) or ds (Dawid-Skene); or one transcript per utterance: rover (with "
               "--to csv|jsonl); default: each class the quorum gave");
    merge->add_option("--weights", command->weights,
                      "consensus --method mv: each annotator's vote weight: trust (Appen _trust) or a CSV file with the "
                      "columns annotator and weight");
    merge->add_option("--report", options.report, "write the merge report (JSON) here");
    add_choice(*merge, "--images", options.images, fmt::format("what to do with image files: {}", names_text<ImageMode>()));
    add_input_options(*merge, options.read, command->image_size);
    merge->add_flag("--overwrite", options.overwrite, "replace OUTPUT if it exists");
    add_choice(*merge, "--format", command->format,
               fmt::format("how to say what was written: {} (json: schemas/run-summary.schema.json)", names_text<SummaryFormat>()));
    merge->footer("Examples:\n"
                  "  labelkit merge examples/coco examples/voc -o union.json --to coco\n"
                  "  labelkit merge examples/coco examples/voc -o consensus --to voc --mode consensus --quorum 2");
    run_when_chosen(*merge, action, console, command, run_merge);
}

}  // namespace labelkit::cli
