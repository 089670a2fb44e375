// labelkit stats INPUT: the stats operation (labelkit/ops/stats.hpp): what a dataset holds, per
// class and overall, as text or JSON on standard output, and with --plots as PNG plots.
#include <memory>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "dataset_input.hpp"
#include "labelkit/error.hpp"
#include "labelkit/ops/stats.hpp"
#include "standard_input.hpp"
#include "standard_output.hpp"

namespace labelkit::cli {

namespace {

struct StatsCommand {
    StatsOptions options;
    std::string image_size;
};

int run_stats(StatsCommand& command, const Console& console) {
    set_image_size(command.options.read, command.image_size);
    // A folder of pictures has no place on standard output; never a folder named "-" either.
    if (command.options.plots == "-")
        throw Error("--plots writes a folder of PNG files: give a folder, not - (standard output)");
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    streams.take(command.options.input, command.options.from);
    StatsResult result = streams.run([&] { return stats(command.options, sink); });
    leave_to_exit(std::move(result.dataset));
    fmt::print("{}", streams.shown(result.rendered));
    std::fflush(stdout);
    if (!result.plots.empty())
        console.message(fmt::format("wrote {} plots into {}", result.plots.size(), command.options.plots.string()));
    return 0;
}

}  // namespace

void add_stats_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<StatsCommand>();
    StatsOptions& options = command->options;
    CLI::App* stats = app.add_subcommand(
        "stats", "what a dataset holds: per class the images and objects, objects per image, box sizes and aspect "
                 "ratios, image sizes (text or JSON on standard output, PNG plots with --plots)");
    stats->add_option("input", options.input, "dataset to describe (file or directory; - or a pipe: one file read from it)")->required();
    add_format_option(*stats, "--from", options.from, FormatRole::read, "its format, detected when left out");
    add_choice(*stats, "--format", options.format, fmt::format("report format: {}", names_text<StatsFormat>()));
    stats->add_option("--plots", options.plots,
                      "also write the plots (classes.png, objects_per_image.png, box_sizes.png, aspect_ratios.png, "
                      "image_sizes.png, box_centres.png) into this folder (must not exist)");
    stats->add_flag("--overwrite", options.overwrite, "replace the plots folder if it exists");
    add_input_options(*stats, options.read, command->image_size);
    stats->footer("Examples:\n"
                  "  labelkit stats examples/coco\n"
                  "  labelkit stats examples/yolo --format json\n"
                  "  labelkit stats examples/voc --plots voc-plots");
    run_when_chosen(*stats, action, console, command, run_stats);
}

}  // namespace labelkit::cli
