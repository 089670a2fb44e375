#include "formats/voc/voc_images.hpp"

#include <array>

namespace labelkit::voc {

namespace fs = std::filesystem;

std::string ImageFinder::find(const std::string& relative) const {
    std::error_code error;
    for (const fs::path* folder : {&images_, &fallback_}) {
        if (folder->empty()) continue;
        const fs::path candidate = *folder / relative;
        if (fs::is_regular_file(candidate, error)) return candidate.string();
    }
    return {};
}

std::string ImageFinder::path_for_id(const std::string& id) const {
    static constexpr std::array<const char*, 12> extensions{
        ".jpg", ".jpeg", ".png", ".bmp", ".JPG", ".JPEG", ".PNG", ".BMP", ".tif", ".tiff", ".webp", ".gif"};
    for (const char* extension : extensions)
        if (!find(id + extension).empty()) return id + extension;
    return id + ".jpg";
}

}  // namespace labelkit::voc
