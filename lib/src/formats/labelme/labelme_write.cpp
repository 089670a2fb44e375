// Writing LabelMe JSON: one file per item, beside where the image goes (the item's path with
// .json), in labelme 5's layout: shape_type always set, imageData null.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "formats/labelme/labelme_private.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"

namespace labelkit::labelme {

namespace fs = std::filesystem;

namespace {

std::string json_path_of(const Item& item) {
    fs::path path(item.path);
    path.replace_extension(".json");
    return path.generic_string();
}

// Every item's file name, refusing two items that would share one ("a.jpg" and "a.png").
std::vector<std::string> plan_files(const Dataset& dataset) {
    std::vector<std::string> files;
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        check_relative_path(item.path, {});
        files.push_back(json_path_of(item));
        const auto [it, added] = first.emplace(files.back(), i);
        if (!added)
            throw Error(fmt::format("images '{}' and '{}' would both be annotated in {}: LabelMe writes one file "
                                    "per image, named after it",
                                    shorten(dataset.items[it->second].path, 200), shorten(item.path, 200), files.back()));
    }
    return files;
}

struct Losses {
    std::size_t labels = 0;  // text values and spans: no place in flags
    std::size_t sizes = 0;   // items of unknown size
};

// The source's flags with every one false, then the item's class labels true.
nlohmann::json flags_of(const Dataset& dataset, const Item& item, std::span<const std::uint32_t> labels,
                        Losses& losses) {
    nlohmann::json flags = nlohmann::json::object();
    if (item.extra.is_object() && item.extra.contains("flags") && item.extra["flags"].is_object())
        for (const auto& [name, value] : item.extra["flags"].items()) flags[name] = false;
    for (const std::uint32_t l : labels) {
        const Label& label = dataset.labels[l];
        if (label.category >= dataset.categories.size() || label.start || label.end || label.region != no_index) {
            ++losses.labels;
            continue;
        }
        flags[dataset.categories[label.category].name] = true;
    }
    return flags;
}

nlohmann::ordered_json build_file(const Dataset& dataset, std::uint32_t index, std::span<const std::uint32_t> annotations,
                                  std::span<const std::uint32_t> labels, Losses& losses) {
    const Item& item = dataset.items[index];
    nlohmann::ordered_json file = {{"version", written_version}};
    file["flags"] = nlohmann::ordered_json(flags_of(dataset, item, labels, losses));
    nlohmann::ordered_json shapes = nlohmann::ordered_json::array();
    for (const std::uint32_t a : annotations) {
        const Annotation& annotation = dataset.annotations[a];
        for (nlohmann::ordered_json& shape : write_shapes(annotation, dataset.categories.at(annotation.category).name))
            shapes.push_back(std::move(shape));
    }
    if (item.extra.is_object() && item.extra.contains(unread_shapes_key))
        for (const nlohmann::json& shape : item.extra[unread_shapes_key]) shapes.push_back(nlohmann::ordered_json(shape));
    file["shapes"] = std::move(shapes);
    file["imagePath"] = fs::path(item.path).filename().generic_string();
    file["imageData"] = nullptr;
    file["imageHeight"] = item.height > 0 ? nlohmann::ordered_json(item.height) : nlohmann::ordered_json();
    file["imageWidth"] = item.width > 0 ? nlohmann::ordered_json(item.width) : nlohmann::ordered_json();
    if (item.width == 0 || item.height == 0) ++losses.sizes;
    // Keys labelme does not know are kept by labelme ("otherData"): the rest of the item's extra.
    if (item.extra.is_object())
        for (const auto& [key, value] : item.extra.items())
            if (!file.contains(key) && key != unread_shapes_key) file[key] = nlohmann::ordered_json(value);
    return file;
}

void report_losses(const Losses& losses, DiagnosticSink& sink) {
    if (losses.labels > 0)
        sink.warn("labelme/lost-labels",
                  fmt::format("{} not written: LabelMe's flags hold whole-image classes only (no text values, spans "
                              "or region labels)",
                              counted(losses.labels, "label")));
    if (losses.sizes > 0)
        sink.warn("labelme/unknown-size",
                  fmt::format("{} of unknown size written with imageWidth/imageHeight null; labelme reads the size "
                              "from the image",
                              counted(losses.sizes, "item")));
}

}  // namespace

void write(const Dataset& dataset, const fs::path& output, const WriteOptions& options, DiagnosticSink& sink) {
    for (const Annotation& annotation : dataset.annotations)
        if (annotation.category >= dataset.categories.size() || annotation.item >= dataset.items.size())
            throw Error("an annotation refers to a category or item that does not exist");
    const std::vector<std::string> files = plan_files(dataset);
    for (const Label& label : dataset.labels)
        if (label.item >= dataset.items.size()) throw Error("a label refers to an item that does not exist");
    const AnnotationsByItem by_item(dataset);
    const LabelsByItem labels_by_item(dataset);
    Losses losses;
    std::size_t missing_images = 0;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const auto index = static_cast<std::uint32_t>(i);
        const nlohmann::ordered_json file = build_file(dataset, index, by_item.of(i), labels_by_item.of(i), losses);
        const fs::path target = output / files[i];
        fs::create_directories(target.parent_path());
        write_output_text(target, file.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
        if (options.images != ImageMode::none && !place_image(dataset.items[i], output / dataset.items[i].path, options.images))
            ++missing_images;
    }
    report_losses(losses, sink);
    if (missing_images > 0)
        sink.warn("labelme/missing-images", fmt::format("{} could not be {}: the source file is unknown or missing",
                                                        counted(missing_images, "image"),
                                                        options.images == ImageMode::link ? "linked" : "copied"));
}

}  // namespace labelkit::labelme
