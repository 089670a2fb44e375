// Writing a Pascal VOC dataset: one Annotations/<id>.xml per item (in parallel), the subset
// lists of ImageSets/Main, labelmap.txt, and optionally the images in JPEGImages/.
#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "formats/voc/voc_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::voc {

namespace fs = std::filesystem;

namespace {

// Where one item goes: its image path under JPEGImages/ and its id (Annotations/<id>.xml).
struct Target {
    std::string path;
    std::string id;
    bool places_image = true;  // false for a later item with the same image path
};

std::string subset_name(const Item& item) { return item.subset.empty() ? "default" : item.subset; }

Location origin_of(const Dataset& dataset, const Origin& origin) {
    if (origin.file >= dataset.source_files.size()) return {};
    return {dataset.source_files[origin.file], origin.position};
}

// The path without its extension, as a line of a subset list holds it: whitespace (which ends the
// id there) as '_', and a '#' that starts a name as '_' (a line that starts with '#' is a comment).
std::string natural_id(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::size_t start = slash == std::string::npos ? 0 : slash + 1;
    const std::size_t dot = path.rfind('.');
    std::string id = dot != std::string::npos && dot > start ? path.substr(0, dot) : path;
    std::replace_if(id.begin(), id.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }, '_');
    for (std::size_t at = 0; at < id.size(); ++at)
        if (id[at] == '#' && (at == 0 || id[at - 1] == '/')) id[at] = '_';
    return id;
}

// The id with the path's extension: "a" and "x/a.png" give "a.png".
std::string with_extension(const std::string& id, const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    return dot != std::string::npos && (slash == std::string::npos || dot > slash) ? id + path.substr(dot) : id;
}

// VOC has one image folder: images of different subsets that share a path are written as
// <subset>/<path>. Returns how many were renamed.
std::size_t separate_subsets(const Dataset& dataset, std::vector<Target>& targets) {
    std::unordered_map<std::string, std::set<std::string>> subsets_of;
    for (std::size_t i = 0; i < targets.size(); ++i) subsets_of[targets[i].path].insert(subset_name(dataset.items[i]));
    std::size_t renamed = 0;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (subsets_of[targets[i].path].size() < 2) continue;
        targets[i].path = subset_name(dataset.items[i]) + "/" + targets[i].path;
        ++renamed;
    }
    return renamed;
}

// Items whose ids collide take their whole file name as the id (a.jpg is "a", a.png "a.png",
// which the reader takes for a.png's own image); two items of one image get a_2, a_3, ...;
// their <filename> still says which image they are.
void assign_ids(std::vector<Target>& targets) {
    std::unordered_map<std::string, std::size_t> natural;
    for (Target& target : targets) ++natural[target.id = natural_id(target.path)];
    std::unordered_set<std::string> taken;
    std::unordered_set<std::string> images;
    for (Target& target : targets) {
        target.places_image = images.insert(target.path).second;
        if (taken.insert(target.id).second) continue;
        if (std::string named = with_extension(natural_id(target.path), target.path);
            !natural.count(named) && taken.insert(named).second) {
            target.id = std::move(named);
            continue;
        }
        for (std::size_t n = 2;; ++n) {
            std::string candidate = fmt::format("{}_{}", target.id, n);
            if (!natural.count(candidate) && taken.insert(candidate).second) {
                target.id = std::move(candidate);
                break;
            }
        }
    }
}

std::vector<Target> plan_targets(const Dataset& dataset, DiagnosticSink& sink) {
    std::vector<Target> targets(dataset.items.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        check_relative_path(dataset.items[i].path, origin_of(dataset, dataset.items[i].origin));
        targets[i].path = dataset.items[i].path;
    }
    if (const std::size_t renamed = separate_subsets(dataset, targets))
        sink.warn("voc/renamed-images",
                  fmt::format("{} images share their path with an image of another subset; VOC has one "
                              "JPEGImages/ folder, so they are written as <subset>/<path>",
                              renamed));
    assign_ids(targets);
    return targets;
}

// Subsets in the dataset's order, then any other an item uses; checks each can be a file name.
std::vector<std::string> plan_subsets(const Dataset& dataset, DiagnosticSink& sink) {
    std::vector<std::string> subsets;
    const auto add = [&](const std::string& name) {
        if (std::find(subsets.begin(), subsets.end(), name) == subsets.end()) subsets.push_back(name);
    };
    for (const std::string& subset : dataset.subsets) add(subset.empty() ? "default" : subset);
    for (const Item& item : dataset.items) add(subset_name(item));
    for (const std::string& subset : subsets) {
        if (subset == "." || subset == ".." || subset.find_first_of("/\\\r\n") != std::string::npos ||
            subset.find('\0') != std::string::npos)
            throw Error(fmt::format("subset name '{}' cannot be a VOC list file name (ImageSets/Main/<subset>.txt)", subset));
    }
    const std::set<std::string> names(subsets.begin(), subsets.end());
    for (const std::string& subset : subsets)
        for (std::size_t at = subset.find('_'); at != std::string::npos; at = subset.find('_', at + 1))
            if (at > 0 && names.count(subset.substr(at + 1)))
                sink.warn("voc/subset-name",
                          fmt::format("subset '{}' will look like a per-class list of subset '{}' to VOC readers "
                                      "(ImageSets/Main/<class>_<subset>.txt), which ignore it",
                                      subset, subset.substr(at + 1)));
    return subsets;
}

void create_folders(const fs::path& output, const std::vector<Target>& targets, bool images) {
    std::set<fs::path> folders{output / "Annotations", output / "ImageSets" / "Main"};
    for (const Target& target : targets) {
        folders.insert((output / "Annotations" / (target.id + ".xml")).parent_path());
        if (images) folders.insert((output / "JPEGImages" / target.path).parent_path());
    }
    for (const fs::path& folder : folders) {
        std::error_code error;
        fs::create_directories(folder, error);
        if (error) throw Error(fmt::format("cannot create directory: {}", error.message()), {folder.string()});
    }
}

struct StringWriter : pugi::xml_writer {
    std::string text;
    void write(const void* data, std::size_t size) override { text.append(static_cast<const char*>(data), size); }
};

void write_subset_lists(const Dataset& dataset, const fs::path& output, const std::vector<Target>& targets,
                        const std::vector<std::string>& subsets) {
    std::unordered_map<std::string, std::string> lists;
    for (const std::string& subset : subsets) lists[subset];
    for (std::size_t i = 0; i < targets.size(); ++i) lists[subset_name(dataset.items[i])] += targets[i].id + "\n";
    for (const std::string& subset : subsets)
        write_output_text(output / "ImageSets" / "Main" / (subset + ".txt"), lists[subset]);
}

// Every category in order, with the part and action names its objects use.
std::vector<LabelmapEntry> labelmap_entries(const Dataset& dataset) {
    std::vector<LabelmapEntry> entries(dataset.categories.size());
    for (std::size_t i = 0; i < entries.size(); ++i) entries[i].name = dataset.categories[i].name;
    const auto add = [](std::vector<std::string>& names, const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    for (const Annotation& annotation : dataset.annotations) {
        const nlohmann::json& attributes = annotation.attributes;
        if (!attributes.is_object() || annotation.category >= entries.size()) continue;
        LabelmapEntry& entry = entries[annotation.category];
        if (auto parts = attributes.find("parts"); parts != attributes.end() && parts->is_array())
            for (const auto& part : *parts)
                if (part.is_object() && part.contains("name") && part["name"].is_string()) add(entry.parts, part["name"]);
        if (auto actions = attributes.find("actions"); actions != attributes.end() && actions->is_object())
            for (const auto& [name, value] : actions->items()) add(entry.actions, name);
    }
    return entries;
}

// VOC's inclusive indices write a box under one pixel wide or high with xmax < xmin.
void report_subpixel_boxes(const Dataset& dataset, DiagnosticSink& sink) {
    const auto count = static_cast<std::size_t>(std::count_if(
        dataset.annotations.begin(), dataset.annotations.end(),
        [](const Annotation& annotation) { return annotation.box.width < 1 || annotation.box.height < 1; }));
    if (count > 0)
        sink.info("voc/subpixel-box",
                  fmt::format("{} box{} less than a pixel wide or high; VOC's inclusive pixel indices write "
                              "{} with xmax < xmin or ymax < ymin, which labelkit reads back exactly but some "
                              "VOC tools reject",
                              count, count == 1 ? " is" : "es are", count == 1 ? "it" : "them"));
}

// VOC names an object's class by its name: two categories of one name would come back as one,
// and labelmap.txt cannot list a name twice.
void check_distinct_names(const Dataset& dataset) {
    std::unordered_map<std::string_view, std::size_t> first;
    for (std::size_t c = 0; c < dataset.categories.size(); ++c) {
        const auto [it, added] = first.emplace(dataset.categories[c].name, c);
        if (!added)
            throw Error(fmt::format("categories {} and {} are both named '{}': VOC keeps classes by name, so they would "
                                    "become one (rename one, or join them with merge --label-map)",
                                    dataset.categories[it->second].id, dataset.categories[c].id,
                                    shorten(dataset.categories[c].name)));
    }
}


}  // namespace

void write(const Dataset& dataset, const fs::path& output, const WriteOptions& options, DiagnosticSink& sink) {
    for (const Annotation& annotation : dataset.annotations)
        if (annotation.category >= dataset.categories.size() || annotation.item >= dataset.items.size())
            throw Error("an annotation refers to a category or item that does not exist");
    check_distinct_names(dataset);
    const std::vector<std::string> subsets = plan_subsets(dataset, sink);
    const std::vector<Target> targets = plan_targets(dataset, sink);
    const bool images = options.images != ImageMode::none;
    create_folders(output, targets, images);

    const AnnotationsByItem by_item(dataset);
    std::vector<char> missing(targets.size(), 0);
    const OpenFolder annotations(output / "Annotations");
    const ProgressPhase progress(options.progress, "writing Annotations", targets.size(), ProgressUnit::files);
    parallel_for(targets.size(), options.jobs, [&](std::size_t i) {
        pugi::xml_document document;
        build_annotation(document, dataset, dataset.items[i], targets[i].path, by_item.of(i),
                         pixel_offset(options.voc_coordinates));
        StringWriter xml;
        document.save(xml, "  ");
        annotations.write_file((targets[i].id + ".xml").c_str(), xml.text);  // names the reason of a failure
        if (images && targets[i].places_image)
            missing[i] = !place_image(dataset.items[i], output / "JPEGImages" / targets[i].path, options.images);
        progress.advance();
    });

    write_subset_lists(dataset, output, targets, subsets);
    write_labelmap(output / "labelmap.txt", labelmap_entries(dataset));
    if (options.voc_coordinates == VocCoordinates::devkit) report_subpixel_boxes(dataset, sink);
    report_convention(options.voc_coordinates, "written", sink);
    if (const auto count = static_cast<std::size_t>(std::count(missing.begin(), missing.end(), 1)))
        sink.warn("voc/missing-images",
                  fmt::format("{} image{} could not be {} into JPEGImages/: the source file is unknown or missing "
                              "(first: '{}'){}",
                              count, count == 1 ? "" : "s", options.images == ImageMode::link ? "linked" : "copied",
                              dataset.items[static_cast<std::size_t>(std::find(missing.begin(), missing.end(), 1) -
                                                                     missing.begin())].path,
                              image_search_hint(dataset).empty() ? "" : "; " + image_search_hint(dataset)));
}

}  // namespace labelkit::voc
