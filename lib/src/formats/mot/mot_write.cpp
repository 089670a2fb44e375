// Writing MOTChallenge sequences: <seq>/gt/gt.txt (9 fields), <seq>/gt/labels.txt (the classes,
// one per line, as CVAT writes it: class i is line i), <seq>/seqinfo.ini.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "formats/mot/mot_private.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"

namespace labelkit::mot {

namespace fs = std::filesystem;

namespace {

struct Frame {
    std::uint32_t item = 0;
    std::int64_t number = 0;
};

// The items of each sequence with their frame numbers; items without one (images) are numbered
// 1, 2, ... in their dataset order.
std::map<std::string, std::vector<Frame>> plan_sequences(const Dataset& dataset, DiagnosticSink& sink) {
    std::map<std::string, std::vector<Frame>> sequences;
    std::size_t numbered = 0;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        const std::string name = item.sequence.empty() ? "sequence" : item.sequence;
        check_relative_path(name, {});
        std::vector<Frame>& frames = sequences[name];
        std::int64_t number = item.frame;
        if (number == no_id || number < 1) {
            number = static_cast<std::int64_t>(frames.size()) + 1;
            ++numbered;
        }
        frames.push_back({static_cast<std::uint32_t>(i), number});
    }
    for (auto& [name, frames] : sequences) {
        std::stable_sort(frames.begin(), frames.end(), [](const Frame& a, const Frame& b) { return a.number < b.number; });
        for (std::size_t f = 1; f < frames.size(); ++f)
            if (frames[f].number == frames[f - 1].number)
                throw Error(fmt::format("sequence '{}' has two items of frame {} ('{}' and '{}'): MOT has one line set "
                                        "per frame",
                                        shorten(name), frames[f].number, shorten(dataset.items[frames[f - 1].item].path),
                                        shorten(dataset.items[frames[f].item].path)));
    }
    if (numbered > 0)
        sink.info("mot/numbered-frames",
                  fmt::format("{} without a frame number (or below 1) numbered in their order from 1",
                              counted(numbered, "item")));
    return sequences;
}

std::string gt_line(const Annotation& annotation, std::int64_t frame) {
    const Box& box = annotation.box;
    const double visibility = annotation.attributes.is_object() && annotation.attributes.contains("visibility") &&
                                      annotation.attributes["visibility"].is_number()
                                  ? annotation.attributes["visibility"].get<double>()
                                  : 1.0;
    return fmt::format("{},{},{},{},{},{},{},{},{}\n", frame, annotation.track == no_id ? -1 : annotation.track,
                       format_number(box.x + 1), format_number(box.y + 1), format_number(box.width),
                       format_number(box.height), format_number(annotation.score.value_or(1)), annotation.category + 1,
                       format_number(visibility));
}

std::string seqinfo_text(const Dataset& dataset, const std::string& name, const std::vector<Frame>& frames) {
    nlohmann::json kept;
    if (dataset.info.is_object() && dataset.info.contains(sequences_key) && dataset.info[sequences_key].contains(name))
        kept = dataset.info[sequences_key][name];
    const auto value = [&](const char* key, const std::string& fallback) {
        return kept.is_object() && kept.contains(key) && kept[key].is_string() ? kept[key].get<std::string>() : fallback;
    };
    std::uint32_t width = 0, height = 0;
    for (const Frame& frame : frames)
        if (dataset.items[frame.item].width > 0) {
            width = dataset.items[frame.item].width;
            height = dataset.items[frame.item].height;
            break;
        }
    const std::string extension = fs::path(dataset.items[frames.front().item].path).extension().string();
    return fmt::format("[Sequence]\nname={}\nimDir=img1\nframeRate={}\nseqLength={}\nimWidth={}\nimHeight={}\nimExt={}\n",
                       name, value("frameRate", "30"), frames.back().number, width, height,
                       extension.empty() ? ".jpg" : extension);
}

// gt.txt has a field for visibility only: the other attributes (world coordinates, occluded, ...) are lost.
void report_lost_attributes(const Dataset& dataset, DiagnosticSink& sink) {
    std::size_t count = 0;
    for (const Annotation& annotation : dataset.annotations)
        if (annotation.attributes.is_object())
            for (const auto& [key, value] : annotation.attributes.items())
                if (key != "visibility") {
                    ++count;
                    break;
                }
    if (count > 0)
        sink.warn("mot/lost-attributes", fmt::format("{} attributes other than visibility, which gt.txt cannot hold: not written",
                                                     counted(count, "annotation has", "annotations have")));
}

}  // namespace

void write(const Dataset& dataset, const fs::path& output, const WriteOptions& options, DiagnosticSink& sink) {
    for (const Annotation& annotation : dataset.annotations)
        if (annotation.category >= dataset.categories.size() || annotation.item >= dataset.items.size())
            throw Error("an annotation refers to a category or item that does not exist");
    std::string labels;
    for (const Category& category : dataset.categories) {
        if (category.name.find('\n') != std::string::npos)
            throw Error(fmt::format("category '{}' has a line break: labels.txt holds one name per line", shorten(category.name)));
        labels += category.name + "\n";
    }
    const AnnotationsByItem by_item(dataset);
    std::size_t missing_images = 0;
    for (const auto& [name, frames] : plan_sequences(dataset, sink)) {
        std::string gt;
        for (const Frame& frame : frames)
            for (const std::uint32_t a : by_item.of(frame.item)) gt += gt_line(dataset.annotations[a], frame.number);
        const fs::path folder = output / name;
        fs::create_directories(folder / "gt");
        write_output_text(folder / "gt" / "gt.txt", gt);
        write_output_text(folder / "gt" / "labels.txt", labels);
        write_output_text(folder / "seqinfo.ini", seqinfo_text(dataset, name, frames));
        if (options.images == ImageMode::none) continue;
        fs::create_directories(folder / "img1");
        for (const Frame& frame : frames) {
            const Item& item = dataset.items[frame.item];
            const std::string image = fmt::format("{:06}{}", frame.number, fs::path(item.path).extension().string());
            if (!place_image(item, folder / "img1" / image, options.images)) ++missing_images;
        }
    }
    report_lost_attributes(dataset, sink);
    if (missing_images > 0)
        sink.warn("mot/missing-images", fmt::format("{} could not be placed in img1/: the source file is unknown or missing",
                                                    counted(missing_images, "image")));
}

}  // namespace labelkit::mot
