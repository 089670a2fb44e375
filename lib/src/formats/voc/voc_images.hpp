#pragma once
// Finding a VOC item's image: JPEGImages/<path>, else under --image-root.
#include <filesystem>
#include <string>

namespace labelkit::voc {

class ImageFinder {
public:
    ImageFinder(std::filesystem::path images, std::filesystem::path fallback)
        : images_(std::move(images)), fallback_(std::move(fallback)) {}

    // The image file for a path relative to JPEGImages, or "" when there is none.
    std::string find(const std::string& relative) const;
    // The id plus the extension of the image that exists for it, else id + ".jpg".
    std::string path_for_id(const std::string& id) const;

private:
    std::filesystem::path images_;
    std::filesystem::path fallback_;
};

}  // namespace labelkit::voc
