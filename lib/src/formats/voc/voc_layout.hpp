#pragma once
// The files of a VOC dataset around the annotation XMLs: labelmap.txt and the subset lists
// of ImageSets/Main.
#include <cstdint>
#include <filesystem>
#include <optional>
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
    std::vector<Diagnostic> left_out;  // lists that only repeat others (trainval = train + val)
};

// Finds ImageSets/Main (or, when it is absent, ImageSets/Segmentation, Layout or Action) and
// reads its subset lists, leaving out per-class files (<class>_<subset>.txt beside <subset>.txt).
// Throws labelkit::Error for an id that would escape the dataset directory.
SubsetLists read_subset_lists(const std::filesystem::path& root);

// Where the parts of a VOC dataset are: the devkit layout (Annotations/, JPEGImages/, ImageSets/),
// or a folder of annotation XMLs as LabelImg saves them (annots/ beside images/, or the XMLs
// beside their images).
struct DatasetFolders {
    std::filesystem::path root;         // the dataset folder (ImageSets/ and labelmap.txt are here)
    std::filesystem::path annotations;  // the folder of the annotation XMLs
    bool devkit = true;                 // devkit: Annotations/ may have subfolders; else read flat
    std::vector<std::filesystem::path> images;  // image folders, in the order they are tried
};

// The folders of the VOC dataset at input, or nullopt with `why` saying what was found instead.
std::optional<DatasetFolders> find_dataset_folders(const std::filesystem::path& input, std::string& why);

// Whether the file's root element is <annotation> (only the start of the file is read).
bool is_annotation_file(const std::filesystem::path& file);

// train < val < test < anything else, alphabetically.
bool subset_before(const std::string& a, const std::string& b);

}  // namespace labelkit::voc
