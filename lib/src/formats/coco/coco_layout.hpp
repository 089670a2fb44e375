#pragma once
// Where the COCO files of a dataset are: annotations/<task>_<subset>.json (one subset per
// file), Roboflow's <subset>/_annotations.coco.json, or one .json file given directly.
#include <filesystem>
#include <string>
#include <vector>

namespace labelkit::coco {

// What a file name says a COCO file holds.
enum class FileKind { instances, person_keypoints, roboflow, captions, panoptic, image_info, labels, stuff, other };

FileKind classify(const std::string& file_name);
const char* describe(FileKind kind);  // "a captions file", ...

struct CocoFile {
    std::filesystem::path path;
    std::string subset;
    std::filesystem::path root;  // the dataset directory, for finding images
    FileKind kind = FileKind::instances;
};

struct Layout {
    std::vector<CocoFile> files;                  // to read, in order (instances files first)
    std::vector<std::filesystem::path> skipped;   // .json files that are not instances files
    std::filesystem::path searched;               // the folder the .json files were looked for in
};

// The files of a dataset directory (none when it has no COCO file: see why_empty).
Layout find_layout(const std::filesystem::path& directory);
// Why the layout has no file to read: what was found instead.
std::string why_empty(const Layout& layout, const std::filesystem::path& directory);

// The subset and root of a file given directly: instances_X.json and person_keypoints_X.json
// give X, any other name "default".
CocoFile single_file(const std::filesystem::path& path);

}  // namespace labelkit::coco
