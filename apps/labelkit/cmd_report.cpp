// labelkit report INPUT... -o FILE: the report operation (labelkit/ops/html_report.hpp): one
// self-contained HTML page with each dataset's statistics and lint findings and, for several
// annotators, their agreement and the images that agree least, drawn.
#include <memory>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "dataset_input.hpp"
#include "labelkit/ops/html_report.hpp"
#include "labelkit/error.hpp"
#include "standard_input.hpp"
#include "standard_output.hpp"

namespace labelkit::cli {

namespace {

struct ReportCommand {
    HtmlReportOptions options;
    std::string image_size;
};

int run_report(ReportCommand& command, const Console& console) {
    set_image_size(command.options.read, command.image_size);
    // The page names each input and the files of its findings: a stream has no name to give.
    for (const std::filesystem::path& input : command.options.inputs)
        if (is_stream_input(input))
            throw Error(fmt::format("report reads files and folders, not standard input or a pipe ({}): save the "
                                    "stream to a file and give its path",
                                    shown_input(input)));
    DiagnosticSink sink = console.make_sink();
    const HtmlReportResult result = html_report(command.options, sink);
    print_summary(console, {command.options.output}, result.rendered);
    return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<ReportCommand>();
    HtmlReportOptions& options = command->options;
    CLI::App* report = app.add_subcommand(
        "report", "one self-contained HTML page: each dataset's statistics and lint findings by rule; for several "
                  "annotators also their agreement and the images that agree least, drawn");
    report->add_option("inputs", options.inputs,
                       "a dataset, or one dataset per annotator of the same images (or one that names its annotators)")
        ->required();
    dash_is_standard_output(report->add_option("-o,--output", options.output, "the HTML file to write (must not exist)"))
        ->required();
    add_format_option(*report, "--from", options.from, FormatRole::read, "format of the inputs, detected when left out");
    report->add_option("--names", options.names, "several inputs: annotators' names, in input order")->delimiter(',');
    report->add_option("--iou", options.iou, "agreement: IoU at or above which two shapes match (default 0.5)");
    report->add_flag("--overwrite", options.overwrite, "replace the output file if it exists");
    add_input_options(*report, options.read, command->image_size);
    report->footer("Examples:\n"
                   "  labelkit report examples/coco -o report.html\n"
                   "  labelkit report examples/coco examples/voc examples/yolo -o agreement.html");
    run_when_chosen(*report, action, console, command, run_report);
}

}  // namespace labelkit::cli
