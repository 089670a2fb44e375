// labelkit convert INPUT -o OUTPUT --to FORMAT: the convert operation (labelkit/ops/convert.hpp),
// and what it did. OUTPUT may also come second, as before -o was the spelling of every command.
#include <memory>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "dataset_input.hpp"
#include "format_help.hpp"
#include "labelkit/error.hpp"
#include "labelkit/ops/convert.hpp"
#include "run_summary.hpp"
#include "standard_input.hpp"
#include "standard_output.hpp"

namespace labelkit::cli {

namespace {

struct ConvertCommand {
    ConvertOptions options;
    std::string image_size;
    SummaryFormat format = SummaryFormat::text;
    std::filesystem::path second_output;  // OUTPUT given second (labelkit convert INPUT OUTPUT)
};

// options.output from -o or from the second positional, never both.
void choose_output(ConvertCommand& command) {
    if (command.second_output.empty()) {
        if (command.options.output.empty()) throw Error(fmt::format("convert needs -o OUTPUT ({})", output_help()));
        return;
    }
    if (!command.options.output.empty())
        throw Error(fmt::format("convert got two outputs: '{}' and -o '{}'", command.second_output.string(),
                                command.options.output.string()));
    command.options.output = command.second_output;
}

std::string subset_summary(const DatasetCounts& counts) {
    std::string text;
    for (const SubsetCount& subset : counts.subsets)
        text += fmt::format("{}{} ({})", text.empty() ? "" : ", ", subset.name, counted(subset.images, "image"));
    return text;
}

void print_result(const ConvertResult& result, const ConvertOptions& options, const DiagnosticSink& sink,
                  const Console& console) {
    const DatasetCounts& written = result.written;
    std::string text = fmt::format("converted {} -> {}: {} ({} without objects), {}, {}\n", result.from, result.to,
                                   counted(written.images, "image"), written.images_without_objects,
                                   counted(written.annotations, "annotation"),
                                   counted(written.categories, "category", "categories"));
    text += fmt::format("subsets: {}\n", subset_summary(written));
    text += fmt::format("images: {}\n", to_string(result.images));
    text += fmt::format("wrote {}\n", options.output.string());
    const std::size_t warnings = sink.count(Severity::warning);
    if (warnings > 0)
        text += fmt::format("{} ({})\n", counted(warnings, "warning"), console.quiet() ? "not shown: -q" : "see above");
    print_summary(console, {options.output}, text);
}

RunSummary run_summary(const ConvertOptions& options) {
    RunSummary summary;
    summary.command = "convert";
    summary.inputs = {options.input};
    summary.from = options.from;
    return summary;
}

void add_result(RunSummary& summary, const ConvertResult& result, const ConvertOptions& options) {
    summary.from = result.from;
    summary.written = {{options.output, "dataset", result.to}};
    summary.counts = WrittenCounts{result.written.images, result.written.annotations, result.dataset.labels.size(),
                                   result.written.categories};
    summary.details["items_without_objects"] = result.written.images_without_objects;
    nlohmann::ordered_json subsets = nlohmann::ordered_json::array();
    for (const SubsetCount& subset : result.written.subsets) subsets.push_back({{"name", subset.name}, {"items", subset.images}});
    summary.details["subsets"] = std::move(subsets);
    summary.details["images"] = to_string(result.images);
}

int run_convert(ConvertCommand& command, const Console& console) {
    choose_output(command);
    const ConvertOptions& options = command.options;
    set_image_size(command.options.read, command.image_size);
    RunSummary summary = run_summary(options);
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    ConvertResult result;
    try {
        streams.take(command.options.input, options.from);
        result = streams.run([&] { return convert(options, sink); });
    } catch (const Error& error) {
        if (command.format == SummaryFormat::json) fmt::print(summary_stream({options.output}), "{}", render_run_summary(summary, sink, &error));
        throw;
    }
    if (!result.detection_reason.empty())
        console.message(fmt::format("detected format: {} ({})", result.from, result.detection_reason));
    if (command.format == SummaryFormat::json) {
        add_result(summary, result, options);
        fmt::print(summary_stream({options.output}), "{}", render_run_summary(summary, sink));
    } else {
        print_result(result, options, sink, console);
    }
    leave_to_exit(std::move(result.dataset));
    return 0;
}

}  // namespace

void add_convert_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<ConvertCommand>();
    ConvertOptions& options = command->options;
    CLI::App* convert = app.add_subcommand("convert", "convert a dataset between formats (see `labelkit formats`)");
    convert->add_option("input", options.input, "dataset to read (file or directory; - or a pipe: one file read from it)")->required();
    dash_is_standard_output(convert->add_option("-o,--output", options.output, fmt::format("where to write ({})", output_help())));
    dash_is_standard_output(convert->add_option("output", command->second_output, "OUTPUT given second instead of with -o"));
    add_format_option(*convert, "--to", options.to, FormatRole::write, "target format")->required();
    add_format_option(*convert, "--from", options.from, FormatRole::read, "source format, detected when left out");
    convert->footer("Examples:\n"
                    "  labelkit convert examples/coco -o voc --to voc\n"
                    "  labelkit convert examples/voc -o train.json --to coco --images copy\n"
                    "  labelkit convert examples/yolo -o yolov8 --to YOLOv8 --from ultralytics --overwrite");
    add_choice(*convert, "--images", options.images,
               fmt::format("what to do with image files: {} (default: {})", names_text<ImageMode>(), default_images_help()));
    add_input_options(*convert, options.read, command->image_size);
    add_choice(*convert, "--task", options.task,
               fmt::format("task of a {} output, instead of the one chosen from the data", one_shape_kind_formats()));
    convert->add_flag("--overwrite", options.overwrite, "replace OUTPUT if it exists");
    add_choice(*convert, "--format", command->format,
               fmt::format("how to say what was written: {} (json: schemas/run-summary.schema.json)", names_text<SummaryFormat>()));
    run_when_chosen(*convert, action, console, command, run_convert);
}

}  // namespace labelkit::cli
