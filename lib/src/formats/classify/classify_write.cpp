// Writing a classification folder: each image copied or linked into <subset>/<class>/ (or
// <class>/ when no item has a subset), under its item path.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "formats/classify/classify_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::classify {

namespace fs = std::filesystem;

namespace {

// A class or subset name that can be one folder name.
void check_folder_name(const std::string& name, const char* what) {
    if (name.empty() || name == "." || name == ".." || name.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
        throw Error(fmt::format("{} '{}' cannot be a folder name: a classification folder names each {} by a folder",
                                what, shorten(name, 200), what));
}

struct Losses {
    std::size_t unlabelled = 0;      // items without a class: no folder to go in
    std::size_t several = 0;         // items written into several class folders
    std::size_t copies = 0;          // their extra copies
    std::size_t other_labels = 0;    // labels of regions or spans, text values
    std::size_t missing_images = 0;  // source image unknown or missing
    std::size_t unused_classes = 0;  // classes without an image: no folder
};

// The distinct classes of the whole item, in category order; other labels are counted as lost.
std::vector<std::uint32_t> classes_of(const Dataset& dataset, std::span<const std::uint32_t> labels, Losses& losses) {
    std::set<std::uint32_t> classes;
    for (const std::uint32_t l : labels) {
        const Label& label = dataset.labels[l];
        if (label.category >= dataset.categories.size() || label.region != no_index || label.start || label.end) {
            ++losses.other_labels;
            continue;
        }
        classes.insert(label.category);
    }
    return {classes.begin(), classes.end()};
}

// Items without a subset beside items with one would have to share the root with subset folders.
bool uses_subsets(const Dataset& dataset) {
    std::size_t with = 0;
    for (const Item& item : dataset.items) with += item.subset.empty() ? 0 : 1;
    if (with > 0 && with < dataset.items.size())
        throw Error(fmt::format("{} have no subset while the others have one: a classification folder holds either "
                                "subset folders or class folders; give every item a subset (labelkit split) or none",
                                counted(dataset.items.size() - with, "item")));
    return with > 0;
}

// Without subsets the class folders are the root's children, and a reader takes a class folder named
// like a subset (train, val, ...) for a subset folder, ignoring the other classes.
void check_class_folders_without_subsets(const Dataset& dataset) {
    for (const Label& label : dataset.labels) {
        if (label.category >= dataset.categories.size() || label.region != no_index || label.start || label.end) continue;
        const std::string& name = dataset.categories[label.category].name;
        if (is_subset_name(name))
            throw Error(fmt::format("class '{}' would be the folder {}/ at the root, which reads back as a subset folder "
                                    "(and the other classes would be ignored): give the items subsets (labelkit split) "
                                    "or rename the class",
                                    name, name));
    }
}

void report_losses(const Dataset& dataset, const Losses& losses, DiagnosticSink& sink) {
    if (!dataset.annotations.empty())
        sink.warn("classify/shapes",
                  fmt::format("{} (boxes, shapes) not written: a classification folder holds one class per image",
                              counted(dataset.annotations.size(), "annotation")));
    if (losses.unlabelled > 0)
        sink.warn("classify/unlabelled-items",
                  fmt::format("{} without a class label not written: a classification folder has no place for them",
                              counted(losses.unlabelled, "item")));
    if (losses.several > 0)
        sink.warn("classify/several-classes",
                  fmt::format("{} with several classes written into each of their class folders ({}): a "
                              "single-label trainer sees each copy with one class, and lint reports them "
                              "(classify/image-in-two-classes)",
                              counted(losses.several, "item"), counted(losses.copies, "extra copy", "extra copies")));
    if (losses.other_labels > 0)
        sink.warn("classify/lost-labels",
                  fmt::format("{} not written: a classification folder holds classes of whole images (no text "
                              "values, spans or region labels)",
                              counted(losses.other_labels, "label")));
    if (losses.unused_classes > 0)
        sink.warn("classify/unused-classes",
                  fmt::format("{} without an image {} no folder: the classes written are numbered by the folders "
                              "there are, so later classes' indices differ from the source's",
                              counted(losses.unused_classes, "class", "classes"),
                              losses.unused_classes == 1 ? "has" : "have"));
    if (losses.missing_images > 0)
        sink.warn("classify/missing-images",
                  fmt::format("{} not written: the source file is unknown or missing, and the image is its class's "
                              "only record",
                              counted(losses.missing_images, "image")));
}

}  // namespace

void write(const Dataset& dataset, const fs::path& output, const WriteOptions& options, DiagnosticSink& sink) {
    if (options.images == ImageMode::none)
        throw Error("a classification folder is its images, filed by class: --images none would write nothing; use "
                    "--images link or --images copy");
    for (const Label& label : dataset.labels)
        if (label.item >= dataset.items.size()) throw Error("a label refers to an item that does not exist");
    for (const Category& category : dataset.categories) check_folder_name(category.name, "class");
    const bool subsets = uses_subsets(dataset);
    if (!subsets) check_class_folders_without_subsets(dataset);
    const LabelsByItem labels(dataset);
    Losses losses;
    std::set<std::string> written;
    std::vector<bool> used(dataset.categories.size(), false);
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        check_relative_path(item.path, {});
        if (subsets) check_folder_name(item.subset, "subset");
        const std::vector<std::uint32_t> classes = classes_of(dataset, labels.of(i), losses);
        if (classes.empty()) ++losses.unlabelled;
        if (classes.size() > 1) {
            ++losses.several;
            losses.copies += classes.size() - 1;
        }
        for (const std::uint32_t c : classes) {
            used[c] = true;
            const fs::path relative = (subsets ? fs::path(item.subset) : fs::path()) / dataset.categories[c].name / item.path;
            if (!written.insert(relative.generic_string()).second)
                throw Error(fmt::format("two images would both be written to {}: a classification folder holds one "
                                        "file per path",
                                        shorten(relative.generic_string(), 200)));
            if (!place_image(item, output / relative, options.images)) {
                ++losses.missing_images;
                break;
            }
        }
    }
    losses.unused_classes = static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
    report_losses(dataset, losses, sink);
}

}  // namespace labelkit::classify
