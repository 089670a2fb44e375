// labelkit draw INPUT -o DIR: the draw operation (labelkit/ops/draw.hpp): the annotations drawn
// on their images, one PNG per image and a contact sheet; with --compare, several annotators'
// datasets of the same images, each annotator in its colour.
#include <memory>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "standard_output.hpp"
#include "dataset_input.hpp"
#include "labelkit/ops/draw.hpp"
#include "standard_input.hpp"

namespace labelkit::cli {

namespace {

struct DrawCommand {
    DrawOptions options;
    std::string image_size;
    bool no_sheet = false;
};

int run_draw(DrawCommand& command, const Console& console) {
    set_image_size(command.options.read, command.image_size);
    command.options.sheet = !command.no_sheet;
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    streams.take(command.options.inputs, command.options.from);
    // The images of a dataset are found beside it; a stream has no place: they are where the
    // user says.
    if (streams.any() && command.options.read.image_root.empty())
        throw Error("draw finds the images of a dataset read from standard input or a pipe under --image-root DIR: "
                    "give the folder they are in");
    const DrawResult result = streams.run([&] { return draw(command.options, sink); });
    fmt::print("{}", streams.shown(result.rendered));
    return 0;
}

}  // namespace

void add_draw_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<DrawCommand>();
    DrawOptions& options = command->options;
    CLI::App* draw = app.add_subcommand(
        "draw", "draw the annotations on their images (one PNG per image and a contact sheet); with --compare, "
                "several annotators' datasets of the same images, each annotator in its colour");
    draw->add_option("inputs", options.inputs,
                     "the dataset; with --compare, one dataset per annotator (or one that names its annotators)")
        ->required();
    dash_is_standard_output(draw->add_option("-o,--output", options.output, "the folder to write the pictures into (must not exist)")
        )->required();
    draw->add_flag("--compare", options.compare, "the inputs are annotators of the same images, paired as agree pairs them");
    add_format_option(*draw, "--from", options.from, FormatRole::read, "format of the inputs, detected when left out");
    draw->add_option("--names", options.names, "with --compare: annotators' names, in input order")->delimiter(',');
    draw->add_option("--annotators", options.annotators,
                     "with --compare: the annotators drawn, by id or name, of datasets that name them")
        ->delimiter(',');
    draw->add_option("--images", options.images,
                     "the images to draw: names as agree lists them or glob patterns, comma-separated; @FILE for a "
                     "file of names, one a line, or agree's JSON report (its worst images)")
        ->delimiter(',');
    draw->add_option("--max", options.max, "draw at most N images, N at least 1 (default: all)");
    draw->add_flag("--no-sheet", command->no_sheet, "do not write contact_sheet.png");
    draw->add_flag("--overwrite", options.overwrite, "replace the output folder if it exists");
    add_input_options(*draw, options.read, command->image_size);
    draw->footer("Examples:\n"
                 "  labelkit draw examples/yolo -o pictures\n"
                 "  labelkit draw --compare examples/coco examples/voc --names coco,voc -o compared --max 2");
    run_when_chosen(*draw, action, console, command, run_draw);
}

}  // namespace labelkit::cli
