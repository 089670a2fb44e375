#pragma once
// The files of a VOC dataset around the annotation XMLs: labelmap.txt and the subset lists
// of ImageSets/Main.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "labelkit/diagnostics.hpp"

namespace labelkit::voc {

// labelmap.txt (Datumaro/CVAT): "# label:color_rgb:parts:actions", then "name:r,g,b:parts:actions".
struct Labelmap {
    std::vector<std::string> names;                       // in file order
    std::unordered_map<std::string, std::uint32_t> index;  // name -> position in names
};

// Throws labelkit::Error (path:line) for an empty or repeated label name.
Labelmap read_labelmap(const std::filesystem::path& file);

struct LabelmapEntry {
    std::string name;
    std::vector<std::string> parts;    // part names seen on this category's objects
    std::vector<std::string> actions;  // action names seen on this category's objects
};

// Throws labelkit::Error when a name cannot be written (':' or line breaks, leading '#').
void write_labelmap(const std::filesystem::path& file, const std::vector<LabelmapEntry>& entries);

struct ListedId {
    std::string id;
    std::uint32_t line = 0;
};

// One subset list (ImageSets/Main/<subset>.txt).
struct SubsetList {
    std::string subset;
    std::filesystem::path file;
    std::vector<ListedId> ids;  // in file order, without repeats
};

struct SubsetLists {
    std::filesystem::path folder;   // the ImageSets/ folder they came from, empty when none
    std::vector<SubsetList> lists;  // train, val, test, then the others alphabetically
};

// Finds ImageSets/Main (or, when it is absent, ImageSets/Segmentation, Layout or Action) and
// reads its subset lists, leaving out per-class files (<class>_<subset>.txt beside <subset>.txt).
// Throws labelkit::Error for an id that would escape the dataset directory.
SubsetLists read_subset_lists(const std::filesystem::path& root);

// train < val < test < anything else, alphabetically.
bool subset_before(const std::string& a, const std::string& b);

}  // namespace labelkit::voc
