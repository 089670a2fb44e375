// Recognising a Pascal VOC dataset folder, with a reason either way.
#include <fmt/format.h>

#include "formats/voc/voc_private.hpp"

namespace labelkit::voc {

namespace fs = std::filesystem;

namespace {

// The first .xml file under folder (depth-first), or an empty path.
fs::path first_xml(const fs::path& folder) {
    std::error_code error;
    if (!fs::is_directory(folder, error)) return {};
    for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error))
        if (it->path().extension() == ".xml" && it->is_regular_file(error)) return it->path();
    return {};
}

Detection detect_file(const fs::path& input) {
    if (input.extension() == ".xml" && is_annotation_file(input))
        return {0, "a single VOC annotation file; give the folder that holds it (or the dataset folder with Annotations/)"};
    return {0, "not a directory (a VOC dataset is a folder with Annotations/ and ImageSets/Main/)"};
}

Detection detect_devkit(const fs::path& input) {
    std::error_code error;
    const bool main_lists = fs::is_directory(input / "ImageSets" / "Main", error);
    const fs::path xml = first_xml(input / "Annotations");
    if (!xml.empty()) {
        const std::string lists = main_lists ? " and ImageSets/Main/" : "";
        if (is_annotation_file(xml)) return {90, fmt::format("found Annotations/ with VOC .xml files{}", lists)};
        return {30, fmt::format("found Annotations/ with .xml files{}, but {} has no <annotation> element", lists,
                                xml.filename().string())};
    }
    if (main_lists) return {90, "found ImageSets/Main/ (Annotations/ has no .xml files)"};
    return {0, "Annotations/ holds no .xml files"};
}

}  // namespace

Detection detect(const fs::path& input) {
    std::error_code error;
    if (!fs::is_directory(input, error)) return detect_file(input);
    if (input.filename() == "Annotations" && fs::is_directory(input.parent_path() / "ImageSets", error))
        return {0, "this is the Annotations/ folder of a VOC dataset; give its parent folder"};
    std::string why;
    const std::optional<DatasetFolders> folders = find_dataset_folders(input, why);
    if (!folders) return {0, why};
    if (folders->devkit) return detect_devkit(folders->root);
    if (folders->annotations == folders->root) return {50, "a folder of VOC .xml files (no Annotations/ folder)"};
    return {50, fmt::format("{}/ holds VOC .xml files (no Annotations/ folder)",
                            folders->annotations.filename().string())};
}

}  // namespace labelkit::voc
