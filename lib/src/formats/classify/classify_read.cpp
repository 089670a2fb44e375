// Reading a classification folder: one item per image path of a subset, one class label per
// class folder it is in; sizes from the images' headers.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/parallel.hpp"
#include "formats/classify/classify_private.hpp"
#include "labelkit/io.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::classify {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> class_names(const Layout& layout) {
    std::set<std::string> names;
    for (const SubsetFolder& subset : layout.subsets)
        for (const ClassFolder& folder : subset.classes) names.insert(folder.name);
    return {names.begin(), names.end()};  // std::set orders by bytes, as Python's sorted() does
}

std::string subset_label(const SubsetFolder& subset) { return subset.name.empty() ? "the dataset" : "subset '" + subset.name + "'"; }

// The classes of each image path of one subset, in class order.
using ImageClasses = std::map<std::string, std::vector<const ClassFolder*>>;

class Reader {
public:
    Reader(const ReadOptions& options, DiagnosticSink& sink) : options_(options), sink_(sink) {}

    Dataset read(const Layout& layout) {
        const std::vector<std::string> names = class_names(layout);
        for (std::size_t c = 0; c < names.size(); ++c) {
            dataset_.categories.push_back({static_cast<std::int64_t>(c), names[c], "", {}, {}});
            category_of_[names[c]] = static_cast<std::uint32_t>(c);
        }
        for (const SubsetFolder& subset : layout.subsets) {
            if (!subset.name.empty()) dataset_.add_subset(subset.name);
            dataset_.image_folders.push_back(subset.folder.string());
            ImageClasses images;
            for (const ClassFolder& folder : subset.classes) {
                if (folder.images.empty()) report_empty_class(subset, folder);
                unread_files_ += folder.other_files;
                for (const std::string& image : folder.images) images[image].push_back(&folder);
            }
            add_items(subset, images);
            if (layout.subsets.size() > 1) report_missing_classes(subset, names);
        }
        report_summary(layout);
        probe_sizes();
        return std::move(dataset_);
    }

private:
    void add_items(const SubsetFolder& subset, const ImageClasses& images) {
        for (const auto& [path, folders] : images) {
            const auto index = static_cast<std::uint32_t>(dataset_.items.size());
            Item item;
            item.path = path;
            item.subset = subset.name;
            item.image_file = (folders.front()->folder / path).string();
            for (const ClassFolder* folder : folders) {
                Label label;
                label.item = index;
                label.category = category_of_.at(folder->name);
                dataset_.labels.push_back(std::move(label));
            }
            if (folders.size() > 1) report_two_classes(subset, path, folders);
            dataset_.items.push_back(std::move(item));
        }
    }

    void report_empty_class(const SubsetFolder& subset, const ClassFolder& folder) {
        sink_.report({"classify/empty-class", Severity::warning,
                      fmt::format("class folder '{}' of {} holds no image: torchvision's ImageFolder refuses it "
                                  "(\"Found no valid file\"), and the class is still counted by Ultralytics",
                                  folder.name, subset_label(subset)),
                      Location{folder.folder.string()}});
    }

    void report_missing_classes(const SubsetFolder& subset, const std::vector<std::string>& names) {
        std::vector<std::string> missing;
        for (const std::string& name : names)
            if (std::none_of(subset.classes.begin(), subset.classes.end(),
                             [&](const ClassFolder& folder) { return folder.name == name; }))
                missing.push_back("'" + name + "'");
        if (missing.empty()) return;
        sink_.report({"classify/missing-class", Severity::warning,
                      fmt::format("{} has no folder for {} {}: torchvision's ImageFolder numbers the classes of each "
                                  "subset folder by its own sorted folder names, so this subset's class indices differ "
                                  "from the others'",
                                  subset_label(subset), missing.size() == 1 ? "class" : "classes", fmt::join(missing, ", ")),
                      Location{subset.folder.string()}});
    }

    void report_two_classes(const SubsetFolder& subset, const std::string& path,
                            const std::vector<const ClassFolder*>& folders) {
        ++in_several_classes_;
        if (!options_.lenient) return;  // one summary instead (report_summary)
        std::vector<std::string> names;
        for (const ClassFolder* folder : folders) names.push_back("'" + folder->name + "'");
        sink_.report({"classify/image-in-two-classes", Severity::warning,
                      fmt::format("'{}' of {} is in the class folders {}: read as one image with {} classes", path,
                                  subset_label(subset), fmt::join(names, ", "), folders.size()),
                      Location{(folders.back()->folder / path).string()}});
    }

    void report_summary(const Layout& layout) {
        if (in_several_classes_ > 0 && !options_.lenient)
            sink_.warn("classify/image-in-two-classes",
                       fmt::format("{} in two or more class folders of one subset: each read as one image with "
                                   "every class it is filed under",
                                   counted(in_several_classes_, "image path")));
        if (unread_files_ > 0)
            sink_.warn("classify/unread-files",
                       fmt::format("{} in the class folders without an image extension not read",
                                   counted(unread_files_, "file")));
        if (layout.loose_images > 0)
            sink_.warn("classify/unread-files",
                       fmt::format("{} outside any class folder (straight in the dataset or a subset folder) not "
                                   "read: the folder an image is in is its class",
                                   counted(layout.loose_images, "image")),
                       Location{layout.root.string()});
        if (!layout.ignored_folders.empty())
            sink_.warn("classify/unread-files",
                       fmt::format("folders beside the subset folders not read (Ultralytics reads train, val, "
                                   "validation, valid and test): {}",
                                   fmt::join(layout.ignored_folders, ", ")),
                       Location{layout.root.string()});
    }

    // Sizes from the headers, in parallel: a classification folder stores none, but other formats do.
    void probe_sizes() {
        const ProgressPhase progress(options_.progress, "reading image headers", dataset_.items.size(), ProgressUnit::images);
        parallel_for<int>(dataset_.items.size(), options_.jobs, [&](int&, std::size_t i) {
            progress.advance();
            Item& item = dataset_.items[i];
            if (const ImageProbe probe = probe_image(item.image_file); probe.size) {
                item.width = probe.size->width;
                item.height = probe.size->height;
            }
        });
    }

    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Dataset dataset_;
    std::unordered_map<std::string, std::uint32_t> category_of_;  // class name -> category index
    std::size_t in_several_classes_ = 0;
    std::size_t unread_files_ = 0;
};

}  // namespace

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    const Layout layout = list_layout(without_trailing_separator(input));
    Dataset dataset = Reader(options, sink).read(layout);
    if (options.lenient) report_identical_images(dataset, sink, options.jobs);
    return dataset;
}

}  // namespace labelkit::classify
