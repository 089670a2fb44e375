#pragma once
// Finding image files: which names are images, and where a dataset's images are among a few
// candidate folders. Shared by the format readers; not part of the public API.
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

// The image extensions Ultralytics reads (IMG_FORMATS), compared case-insensitively.
bool has_image_extension(const std::filesystem::path& path);

// Looks for images in candidate folders, in the order given. Each folder is listed once (one
// getdents pass instead of one stat per image and folder), so that looking up 100k images
// stays cheap even when most candidates do not exist.
class ImageFinder {
public:
    // Folders that do not exist are skipped, but still named by searched(). by_id: find_by_id is
    // used (it needs a second index of the names).
    explicit ImageFinder(std::vector<std::filesystem::path> folders, bool by_id = false);

    // The file folder/relative of the first folder that has it, or "".
    std::string find(std::string_view relative) const;
    // The relative path "<id>.<ext>" of the first image named after id (any image extension,
    // .jpg first), or "" when no folder has one.
    std::string find_by_id(std::string_view id) const;

    // Every candidate folder, for messages that say where images were looked for.
    const std::vector<std::filesystem::path>& searched() const { return searched_; }
    // "data/images/, data/default/ and data/annotations/": the folders as a phrase.
    std::string describe() const;

private:
    struct Folder {
        std::string path;
        std::unordered_set<std::string> files;               // names of its regular files (links followed)
        std::unordered_map<std::string, std::string> by_stem;  // image name without extension -> name
    };
    std::vector<std::filesystem::path> searched_;
    std::vector<Folder> folders_;
};

// The folder names a subset's images may be under: its own name, and for a validation subset the
// names exporters give it (val, valid, validation), so that a round trip through a format that
// renamed it (YOLO's data.yaml key is val, Roboflow's folder valid) finds them again.
std::vector<std::string> subset_folder_names(const std::string& subset);
// The names of the validation subset, in any case: val (Ultralytics), valid (Roboflow, Darknet),
// validation.
bool is_validation_name(std::string_view subset);

// Adds the finder's folders to Dataset::image_folders (once each).
void add_image_folders(Dataset& dataset, const ImageFinder& finder);

// "looked in data/images/train/, data/train/ and data/images/; --image-root DIR says where the
// images are", for messages about images that were not found; "" when nothing was looked for.
std::string image_search_hint(const Dataset& dataset);

}  // namespace labelkit
