// labelkit agree: the agree operation (labelkit/ops/agree.hpp): how far annotators agree, over
// two or more datasets of the same images (one per annotator), or one rating table.
#include <memory>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "dataset_input.hpp"
#include "labelkit/error.hpp"
#include "labelkit/ops/agree.hpp"
#include "standard_input.hpp"
#include "standard_output.hpp"

namespace labelkit::cli {

namespace {

struct AgreeCommand {
    AgreeOptions options;
    std::string image_size;
};

int run_agree(AgreeCommand& command, const Console& console) {
    const AgreeOptions& options = command.options;
    if (is_standard_output(options.matrix))
        throw Error("standard output carries the report: write the matrix to a file", {options.matrix.string()});
    set_image_size(command.options.read, command.image_size);
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    streams.take(command.options.inputs, options.from);
    streams.take(command.options.gold, "");
    const AgreeResult result = streams.run([&] { return agree(options, sink); });
    fmt::print("{}", streams.shown(result.rendered));
    if (!options.matrix.empty()) console.message(fmt::format("wrote {}", options.matrix.string()));
    return 0;
}

}  // namespace

void add_agree_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<AgreeCommand>();
    AgreeOptions& options = command->options;
    CLI::App* agree = app.add_subcommand(
        "agree", "inter-annotator agreement: datasets of the same images, a rating table (item,annotator,label), or "
                 "transcripts (a table's text column, Label Studio text areas, trn files): WER and CER per pair");
    agree->add_option("inputs", options.inputs,
                      fmt::format("two or more datasets (one per annotator), a dataset that names its annotators "
                                  "(Label Studio, SageMaker worker responses, an Appen full report), or one rating "
                                  "table ({})",
                                  or_list(rating_table_extensions())))
        ->required();
    add_format_option(*agree, "--from", options.from, FormatRole::read, "format of the datasets, detected when left out");
    agree->add_option("--names", options.names, "annotators' names, in input order (default: folder or file names)")
        ->delimiter(',');
    agree->add_option("--annotators", options.annotators,
                      "the annotators compared, by id or name, of datasets that name them (default: all but model "
                      "predictions)")
        ->delimiter(',');
    agree->add_option("--gold", options.gold,
                      "the true answers to score the annotators on: for item labels a CSV or JSON Lines table of "
                      "item,label; for shapes a dataset of gold shapes (any format, detected)");
    agree->add_option("--iou", options.iou, "IoU at or above which two shapes match (default 0.5)");
    add_choice(*agree, "--level", options.level,
               fmt::format("level of measurement for Krippendorff's alpha: {}", names_text<AlphaLevel>()));
    agree->add_option("--order", options.order, "the labels in order, comma-separated (ordinal data)")->delimiter(',');
    agree->add_option("--bootstrap", options.bootstrap, "resamples of items for confidence intervals (0: none)");
    add_seed_option(*agree, options.seed, "seed of the bootstrap (default 1)");
    agree->add_option("--confidence", options.confidence, "level of the intervals (default 0.95)");
    agree->add_option("--worst", options.worst, "how many of the least agreeing images to list (default 10)");
    add_choice(*agree, "--format", options.format, fmt::format("report format: {}", names_text<AgreeReportFormat>()));
    agree->add_option("--matrix", options.matrix, "write a heatmap of pairwise agreement to this PNG");
    agree->add_flag("--overwrite", options.overwrite, "with --matrix: replace the PNG if it exists");
    agree->add_flag("--lowercase", options.text.lowercase,
                    "transcripts: lower-case the texts before comparing them (default: case counts, as jiwer's)");
    agree->add_flag("--strip-punctuation", options.text.strip_punctuation,
                    "transcripts: remove punctuation (Unicode category P) before comparing (default: kept, as jiwer's)");
    add_input_options(*agree, options.read, command->image_size);
    agree->footer("Examples:\n"
                  "  labelkit agree examples/coco examples/voc --names coco,voc\n"
                  "  labelkit agree examples/coco examples/voc --format json --iou 0.75");
    run_when_chosen(*agree, action, console, command, run_agree);
}

}  // namespace labelkit::cli
