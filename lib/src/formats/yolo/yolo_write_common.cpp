// What both YOLO writers need: class order, checks before anything is written, folders and
// images.
#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::yolo {

std::vector<std::string> subsets_in_use(const Dataset& dataset) {
    std::vector<std::string> subsets = dataset.subsets;
    for (const Item& item : dataset.items)
        if (std::find(subsets.begin(), subsets.end(), item.subset) == subsets.end()) subsets.push_back(item.subset);
    return subsets;
}

ClassOrder class_order(const Dataset& dataset) {
    ClassOrder order;
    order.category_of.resize(dataset.categories.size());
    std::iota(order.category_of.begin(), order.category_of.end(), 0u);
    std::stable_sort(order.category_of.begin(), order.category_of.end(), [&](std::uint32_t a, std::uint32_t b) {
        return dataset.categories[a].id < dataset.categories[b].id;
    });
    order.class_of.resize(dataset.categories.size());
    for (std::uint32_t c = 0; c < order.category_of.size(); ++c) order.class_of[order.category_of[c]] = c;
    return order;
}

std::string subset_folder(const std::string& subset) {
    const std::string folder = subset.empty() ? "default" : subset;
    check_relative_path(folder, {});
    if (folder.find_first_of("/\\") != std::string::npos || folder == ".")
        throw Error(fmt::format("subset name '{}' cannot be a folder name", subset));
    return folder;
}

void check_sizes_known(const Dataset& dataset, const AnnotationsByItem& by_item) {
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        if ((item.width != 0 && item.height != 0) || by_item.of(i).empty()) continue;
        throw Error(fmt::format("size unknown: needed to normalise the {} annotation(s) of image '{}' (its width "
                                "and height are not known; give the images so that they can be read)",
                                by_item.of(i).size(), item.path),
                    {item.image_file.empty() ? item.path : item.image_file});
    }
}

void check_unique_labels(const Dataset& dataset, const std::vector<std::string>& label_files) {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(label_files.size());
    for (std::size_t i = 0; i < label_files.size(); ++i) {
        const auto [it, added] = seen.emplace(label_files[i], i);
        if (!added)
            throw Error(fmt::format("items '{}' and '{}' of subset '{}' would both be labelled in {} (YOLO names "
                                    "label files after the image without its extension)",
                                    dataset.items[it->second].path, dataset.items[i].path, dataset.items[i].subset,
                                    label_files[i]));
    }
}

void create_parent_folders(const fs::path& output, const std::vector<std::string>& files) {
    std::unordered_set<std::string_view> done;
    for (const std::string& file : files) {
        const std::size_t slash = file.rfind('/');
        if (slash == std::string::npos) continue;
        const std::string_view parent = std::string_view(file).substr(0, slash);
        if (!done.insert(parent).second) continue;
        std::error_code error;
        fs::create_directories(output / fs::path(parent), error);
        if (error)
            throw Error(fmt::format("cannot create folder: {}", error.message()), {(output / fs::path(parent)).string()});
    }
}

void place_images(const Dataset& dataset, const fs::path& output, const std::vector<std::string>& destinations,
                  const WriteOptions& options, const std::string& rule, DiagnosticSink& sink) {
    const ImageMode mode = options.images;
    if (mode == ImageMode::none) return;
    create_parent_folders(output, destinations);
    std::vector<char> placed(dataset.items.size(), 1);
    const ProgressPhase progress(options.progress, "placing images", dataset.items.size(), ProgressUnit::images);
    parallel_for(dataset.items.size(), options.jobs, [&](std::size_t i) {
        placed[i] = place_image(dataset.items[i], output / destinations[i], mode) ? 1 : 0;
        progress.advance();
    });
    std::size_t missing = 0, first = 0;
    for (std::size_t i = 0; i < placed.size(); ++i)
        if (!placed[i] && missing++ == 0) first = i;
    if (missing == 0) return;
    const Item& item = dataset.items[first];
    const std::string hint = image_search_hint(dataset);
    sink.warn(rule,
              fmt::format("{} of {} image(s) could not be {} into the output (image file unknown or missing; "
                          "first: '{}'{}): YOLO finds labels through their images, so these need to be put in "
                          "place by hand",
                          missing, dataset.items.size(), mode == ImageMode::link ? "linked" : "copied", item.path,
                          hint.empty() ? "" : "; " + hint),
              {item.image_file.empty() ? item.path : item.image_file});
}

}  // namespace labelkit::yolo
