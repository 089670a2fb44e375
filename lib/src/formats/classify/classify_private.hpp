#pragma once
// Private to the image-classification folder format (lib/src/formats/classify/). Its face to the
// rest of labelkit is classify_format.hpp.
//
// Layouts: Ultralytics classify, root/<subset>/<class>/<images> with subsets train, val (or valid,
// validation) and test; and ImageNet / torchvision ImageFolder, root/<class>/<images> without
// subsets. Classes are the class folders' names, sorted by bytes (Python's sorted(), which both
// Ultralytics and torchvision use), so that class index i is the i-th name. An item is an image:
// its path is relative to its class folder (images may be in folders below it, as ImageFolder's
// os.walk finds them), so that the same file sorted into another class by another annotator is the
// same item. The same path in two class folders of one subset is one item with two class labels.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit::classify {

// The subset folder names Ultralytics reads (check_cls_dataset), in the order they are read.
bool is_subset_name(std::string_view name);

// One class folder of one subset and the images found under it.
struct ClassFolder {
    std::string name;
    std::filesystem::path folder;
    std::vector<std::string> images;  // relative to the folder, '/' separators, sorted
    std::size_t other_files = 0;      // files that are not images (by extension): not read
};

struct SubsetFolder {
    std::string name;  // "" for the layout without subsets
    std::filesystem::path folder;
    std::vector<ClassFolder> classes;  // sorted by name
};

struct Layout {
    std::filesystem::path root;
    std::vector<SubsetFolder> subsets;
    std::vector<std::string> ignored_folders;  // beside the subset folders: Ultralytics does not read them
    std::size_t loose_images = 0;              // images outside any class folder: no class
};

// Lists the dataset at root. Throws labelkit::Error when root holds neither layout.
Layout list_layout(const std::filesystem::path& root);

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);
std::vector<RuleInfo> rules();

// Lint (lenient reading only): images of identical bytes in two classes of one subset
// (classify/image-in-two-classes) or in two subsets (classify/subset-leakage). Files are grouped
// by size first; only files whose size another file shares are read, and a match is confirmed
// byte by byte.
void report_identical_images(const Dataset& dataset, DiagnosticSink& sink, std::size_t jobs);

}  // namespace labelkit::classify
