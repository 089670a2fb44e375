#pragma once
// Finds the image files of a COCO file's items in a few candidate folders. Each folder is
// listed once (one getdents pass instead of one stat per image and folder), so that looking
// up 100k images stays cheap even when most candidates do not exist.
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit::coco {

class ImageFinder {
public:
    // folders: in the order they are tried; those that do not exist are ignored.
    explicit ImageFinder(const std::vector<std::string>& folders);

    // Sets Item::image_file for the items whose image is found.
    void locate(std::span<Item> items) const;

private:
    struct Folder {
        std::string path;
        std::unordered_set<std::string> files;  // names of its regular files (and links to them)
    };
    std::string find(const std::string& relative) const;

    std::vector<Folder> folders_;
};

}  // namespace labelkit::coco
