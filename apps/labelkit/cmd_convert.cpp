// labelkit convert INPUT OUTPUT --to FORMAT: read, adapt to what the target stores, write
// atomically, and say what happened.
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "dataset_input.hpp"
#include "dataset_output.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/convert.hpp"

namespace labelkit::cli {

namespace {

struct ConvertOptions {
    std::string input;
    std::string output;
    std::string to;
    std::string from;
    std::string images;  // "" = the target's default
    InputOptions input_options;
    std::string task;
    bool overwrite = false;
};

const char* to_string(ImageMode mode) {
    return mode == ImageMode::copy ? "copy" : mode == ImageMode::link ? "link" : "none";
}

std::string subset_summary(const Dataset& dataset) {
    std::map<std::string, std::size_t> counts;
    for (const Item& item : dataset.items) ++counts[item.subset.empty() ? "default" : item.subset];
    std::string text;
    for (const auto& [name, count] : counts)
        text += fmt::format("{}{} ({})", text.empty() ? "" : ", ", name, counted(count, "image"));
    return text;
}

void print_summary(const Dataset& dataset, const std::string& from, const Format& target,
                   const ConvertOptions& options, ImageMode images, const DiagnosticSink& sink) {
    std::vector<bool> has_objects(dataset.items.size(), false);
    for (const Annotation& annotation : dataset.annotations) has_objects[annotation.item] = true;
    const auto empty = static_cast<std::size_t>(std::count(has_objects.begin(), has_objects.end(), false));
    std::FILE* out = summary_stream({options.output});
    fmt::print(out, "converted {} -> {}: {} ({} without objects), {}, {}\n", from, target.name,
               counted(dataset.items.size(), "image"), empty, counted(dataset.annotations.size(), "annotation"),
               counted(dataset.categories.size(), "category", "categories"));
    fmt::print(out, "subsets: {}\n", subset_summary(dataset));
    fmt::print(out, "images: {}\n", to_string(images));
    fmt::print(out, "wrote {}\n", options.output);
    const std::size_t warnings = sink.count(Severity::warning);
    if (warnings > 0) fmt::print(out, "{} (see above)\n", counted(warnings, "warning"));
}

int run_convert(const ConvertOptions& options, const Console& console) {
    const std::vector<Format> formats = all_formats();
    const Format& target = find_format(formats, options.to);
    if (!target.write) throw Error(fmt::format("labelkit cannot write {}", target.name));
    DiagnosticSink sink = console.make_sink();

    LoadedDataset loaded = load_dataset(formats, options.input, options.from,
                                        read_options(options.input_options), sink);
    if (!loaded.detection_reason.empty())
        console.message(fmt::format("detected format: {} ({})", loaded.format->name, loaded.detection_reason));

    AdaptOptions adapt;
    if (!options.task.empty()) adapt.task = parse_shape_task(options.task);
    adapt_to_target(loaded.dataset, target, adapt, sink);

    const ImageMode images = image_mode_for(options.images, target);
    write_dataset(loaded.dataset, target, {options.output, options.overwrite, {options.input}},
                  write_options(images, options.input_options), sink);
    print_summary(loaded.dataset, loaded.format->name, target, options, images, sink);
    // Freeing a dataset of a million annotations takes a few tenths of a second, and the
    // process ends right after: hand the memory back to the OS at exit instead.
    static_cast<void>(new Dataset(std::move(loaded.dataset)));
    return 0;
}

}  // namespace

void add_convert_command(CLI::App& app, Console& console, Action& action) {
    auto options = std::make_shared<ConvertOptions>();
    CLI::App* command = app.add_subcommand("convert", "convert a dataset between COCO, Pascal VOC and YOLO");
    command->add_option("input", options->input, "dataset to read (file or directory)")->required();
    command->add_option("output", options->output, "where to write (a directory; for coco also a .json file)")->required();
    command->add_option("--to", options->to, "target format (see `labelkit formats`)")->required();
    command->add_option("--from", options->from, "source format (detected when left out)");
    command->add_option("--images", options->images, "what to do with image files: copy, link or none "
                        "(default: link for yolo, none for coco and voc)")
        ->check(CLI::IsMember({"copy", "link", "none"}));
    add_input_options(*command, options->input_options);
    command->add_option("--task", options->task, "YOLO task, instead of the one chosen from the data")
        ->check(CLI::IsMember({"detect", "segment", "obb", "pose"}));
    command->add_flag("--overwrite", options->overwrite, "replace OUTPUT if it exists");
    command->callback([&console, &action, options] {
        action = [&console, options](std::size_t jobs) {
            options->input_options.jobs = jobs;
            return run_convert(*options, console);
        };
    });
}

}  // namespace labelkit::cli
