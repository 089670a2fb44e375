// Recognising a Pascal VOC dataset folder, with a reason either way.
#include <fstream>

#include <fmt/format.h>

#include "formats/voc/voc_driver.hpp"

namespace labelkit::voc {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t sniff_bytes = 4096;

// The first .xml file under folder (depth-first), or an empty path.
fs::path first_xml(const fs::path& folder) {
    std::error_code error;
    if (!fs::is_directory(folder, error)) return {};
    for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error))
        if (it->path().extension() == ".xml" && it->is_regular_file(error)) return it->path();
    return {};
}

bool has_annotation_root(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(sniff_bytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head.find("<annotation") != std::string::npos;
}

Detection detect_file(const fs::path& input) {
    if (input.extension() == ".xml" && has_annotation_root(input))
        return {0, "a single VOC annotation file; give the dataset folder (the one holding Annotations/)"};
    return {0, "not a directory (a VOC dataset is a folder with Annotations/ and ImageSets/Main/)"};
}

}  // namespace

Detection detect(const fs::path& input) {
    std::error_code error;
    if (!fs::is_directory(input, error)) return detect_file(input);
    const bool main_lists = fs::is_directory(input / "ImageSets" / "Main", error);
    const fs::path xml = first_xml(input / "Annotations");
    if (!xml.empty()) {
        const std::string lists = main_lists ? " and ImageSets/Main/" : "";
        if (has_annotation_root(xml)) return {90, fmt::format("found Annotations/ with VOC .xml files{}", lists)};
        return {30, fmt::format("found Annotations/ with .xml files{}, but {} has no <annotation> element", lists,
                                xml.filename().string())};
    }
    if (main_lists) return {90, "found ImageSets/Main/ (Annotations/ has no .xml files)"};
    if (input.filename() == "Annotations" && !first_xml(input).empty())
        return {0, "this is the Annotations/ folder of a VOC dataset; give its parent folder"};
    if (fs::is_directory(input / "Annotations", error)) return {0, "Annotations/ holds no .xml files"};
    return {0, "no Annotations/ folder"};
}

}  // namespace labelkit::voc
