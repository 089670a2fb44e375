#include "formats/coco/coco_private.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace labelkit::coco {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view roboflow_name = "_annotations.coco.json";

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// "instances_train.json" -> "train" for the given prefix "instances_".
std::string subset_after(const std::string& file_name, std::string_view prefix) {
    const std::string stem = fs::path(file_name).stem().string();
    return stem.substr(prefix.size());
}

bool is_json(const fs::path& path) { return path.extension() == ".json"; }

std::vector<fs::path> json_files_in(const fs::path& directory) {
    std::vector<fs::path> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error))
        if (is_json(entry.path()) && entry.is_regular_file(error)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool is_dir(const fs::path& path) {
    std::error_code error;
    return fs::is_directory(path, error);
}

// The name of a folder, also for "." and "data/coco/".
std::string folder_name(const fs::path& directory) {
    std::error_code error;
    fs::path absolute = fs::absolute(directory, error).lexically_normal();
    if (!absolute.has_filename()) absolute = absolute.parent_path();
    return absolute.filename().string();
}

int read_order(FileKind kind) { return kind == FileKind::instances ? 0 : kind == FileKind::person_keypoints ? 1 : 2; }

}  // namespace

FileKind classify(const std::string& file_name) {
    if (file_name == roboflow_name) return FileKind::roboflow;
    const std::string stem = fs::path(file_name).stem().string();
    const auto has = [&](std::string_view prefix) { return starts_with(stem, prefix) && stem.size() > prefix.size(); };
    if (has("instances_")) return FileKind::instances;
    if (has("person_keypoints_")) return FileKind::person_keypoints;
    if (starts_with(stem, "captions_")) return FileKind::captions;
    if (starts_with(stem, "panoptic_")) return FileKind::panoptic;
    if (starts_with(stem, "image_info_")) return FileKind::image_info;
    if (starts_with(stem, "labels_")) return FileKind::labels;
    if (starts_with(stem, "stuff_")) return FileKind::stuff;
    return FileKind::other;
}

const char* describe(FileKind kind) {
    switch (kind) {
        case FileKind::instances: return "an instances file";
        case FileKind::person_keypoints: return "a person keypoints file";
        case FileKind::roboflow: return "a Roboflow COCO file";
        case FileKind::captions: return "a captions file";
        case FileKind::panoptic: return "a panoptic segmentation file";
        case FileKind::image_info: return "an image list without annotations";
        case FileKind::labels: return "an image-level labels file";
        case FileKind::stuff: return "a stuff segmentation file";
        case FileKind::other: return "not named instances_<subset>.json";
    }
    return "";
}

CocoFile single_file(const fs::path& path) {
    const std::string name = path.filename().string();
    const FileKind kind = classify(name);
    CocoFile file{path, "default", path.parent_path(), kind};
    if (kind == FileKind::instances) file.subset = subset_after(name, "instances_");
    if (kind == FileKind::person_keypoints) file.subset = subset_after(name, "person_keypoints_");
    if (file.root.filename() == "annotations") file.root = file.root.parent_path();
    if (file.root.empty()) file.root = ".";
    return file;
}

Layout find_layout(const fs::path& directory) {
    Layout layout;
    // annotations/*.json, or the .json files of the directory itself (an annotations folder).
    layout.searched = is_dir(directory / "annotations") ? directory / "annotations" : directory;
    const fs::path root = layout.searched == directory && directory.filename() == "annotations" && directory.has_parent_path()
                              ? directory.parent_path()
                              : directory;
    for (const fs::path& path : json_files_in(layout.searched)) {
        CocoFile file = single_file(path);
        file.root = root;
        if (file.kind == FileKind::instances || file.kind == FileKind::person_keypoints)
            layout.files.push_back(std::move(file));
        else if (file.kind == FileKind::roboflow)
            layout.files.push_back({path, folder_name(directory), root, FileKind::roboflow});
        else
            layout.skipped.push_back(path);
    }
    // Roboflow: <subset>/_annotations.coco.json.
    std::vector<fs::path> subsets;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error))
        if (entry.is_directory(error) && fs::is_regular_file(entry.path() / roboflow_name, error))
            subsets.push_back(entry.path());
    std::sort(subsets.begin(), subsets.end());
    for (const fs::path& subset : subsets)
        layout.files.push_back({subset / roboflow_name, subset.filename().string(), directory, FileKind::roboflow});
    std::stable_sort(layout.files.begin(), layout.files.end(), [](const CocoFile& a, const CocoFile& b) {
        return read_order(a.kind) < read_order(b.kind);
    });
    return layout;
}

std::string why_empty(const Layout& layout, const fs::path& directory) {
    const std::string expected =
        "expected annotations/instances_<subset>.json, annotations/person_keypoints_<subset>.json or "
        "<subset>/_annotations.coco.json";
    if (layout.skipped.empty()) {
        if (layout.searched == directory && !is_dir(directory / "annotations"))
            return fmt::format("no .json file and no annotations/ folder ({})", expected);
        return fmt::format("no .json file in {} ({})", layout.searched.string(), expected);
    }
    std::vector<std::string> found;
    bool other_names = false;
    for (const fs::path& path : layout.skipped) {
        const FileKind kind = classify(path.filename().string());
        found.push_back(fmt::format("{} ({})", path.filename().string(), describe(kind)));
        other_names = other_names || kind == FileKind::other;
    }
    return fmt::format("no COCO instances file in {}: found only {}; {}{}", layout.searched.string(),
                       fmt::join(found, ", "), expected,
                       other_names ? " (to read a COCO file with another name, give the file itself)" : "");
}

}  // namespace labelkit::coco
