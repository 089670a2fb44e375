// labelkit split INPUT -o OUTPUT --to FORMAT: the split operation (labelkit/ops/split.hpp):
// train/val/test subsets (or k folds) that keep groups together and classes balanced, and the
// summary of what each subset got.
#include <memory>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "standard_output.hpp"
#include "dataset_input.hpp"
#include "labelkit/ops/split.hpp"
#include "standard_input.hpp"
#include "run_summary.hpp"

namespace labelkit::cli {

namespace {

struct SplitCommand {
    SplitOptions options;
    std::string image_size;
    SummaryFormat format = SummaryFormat::text;
};

int run_split(SplitCommand& command, const Console& console) {
    if (command.format == SummaryFormat::json) command.options.json = true;
    set_image_size(command.options.read, command.image_size);
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    streams.take(command.options.input, command.options.from);
    SplitResult result = streams.run([&] { return split(command.options, sink); });
    leave_to_exit(std::move(result.dataset));
    fmt::print("{}", streams.shown(result.rendered));
    return 0;
}

}  // namespace

void add_split_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<SplitCommand>();
    SplitOptions& options = command->options;
    CLI::App* split = app.add_subcommand("split", "split a dataset into train/val/test (or k folds), reproducibly");
    split->add_option("input", options.input, "dataset to split (file or directory)")->required();
    dash_is_standard_output(split->add_option("-o,--output", options.output, "where to write the split dataset (a directory)"))->required();
    add_format_option(*split, "--to", options.to, FormatRole::write, "format of the output")->required();
    add_format_option(*split, "--from", options.from, FormatRole::read, "format of the input, detected when left out");
    split->add_option("--ratios", options.ratios, "shares of the images per subset, e.g. 0.8,0.1,0.1 (the default)")
        ->delimiter(',');
    split->add_option("--counts", options.counts, "exact numbers of images per subset, e.g. 8000,1000,1000")
        ->delimiter(',');
    split->add_option("--names", options.names, "subset names (default train,val,test)")->delimiter(',');
    add_choice(*split, "--strategy", options.strategy, "stratified (default), random or hash");
    split->add_option("--group-by", options.group_by,
                      "keep images together: a regex on the path (its first group is the key), attribute:NAME, or "
                      "sequence (the frames of one video: the default for video sources), or item (each image on its own)");
    add_seed_option(*split, options.seed, "seed of the split (default 1)");
    split->add_option("--kfold", options.kfold, "write K folds (fold_1..fold_K, each with train and val) instead")
        ->check(CLI::Range(std::size_t{2}, std::size_t{1000000}));
    add_choice(*split, "--format", command->format,
               fmt::format("how to print the summary: {}", names_text<SummaryFormat>()));
    split->add_flag("--json", options.json, "the same as --format json");
    add_choice(*split, "--images", options.images, fmt::format("what to do with image files: {}", names_text<ImageMode>()));
    add_input_options(*split, options.read, command->image_size);
    split->add_flag("--overwrite", options.overwrite, "replace OUTPUT if it exists");
    split->footer("Examples:\n"
                  "  labelkit split examples/coco -o coco-split --to coco\n"
                  "  labelkit split examples/yolo -o yolo-split --to yolo --ratios 0.7,0.3 --names train,val --seed 7\n"
                  "  labelkit split examples/voc -o folds --to voc --kfold 3");
    run_when_chosen(*split, action, console, command, run_split);
}

}  // namespace labelkit::cli
