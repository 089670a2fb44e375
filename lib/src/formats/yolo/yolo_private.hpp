#pragma once
// Private to the YOLO formats, Ultralytics "yolo" and "yolo-darknet" (lib/src/formats/yolo/): what
// the folder's files share: file rules of both layouts, data.yaml, label-line parsing and writing.
// Its face to the rest of labelkit is yolo_format.hpp (the two Formats that registry.cpp lists).
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit::yolo {

namespace fs = std::filesystem;

// ---------------- files (yolo_files.cpp)

// Every image file under folder, recursively, sorted by path (what Ultralytics globs).
std::vector<fs::path> list_images(const fs::path& folder);
// Ultralytics' img2label_paths: the last "/images/" becomes "/labels/", the extension ".txt".
// Without an images folder the label file sits beside the image.
std::string label_path_for(const std::string& image);
// The folder of the label files of the images of a folder (labels/x for images/x).
fs::path label_folder_for(const fs::path& image_folder);
// The item path with its extension replaced by ".txt" (the label file under labels/<subset>/).
std::string with_txt_extension(std::string_view item_path);
// Class names, one per line (obj.names, classes.txt); blank lines are skipped.
std::vector<std::string> read_names_file(const fs::path& file);

// "a/b.jpg" style path: lexically normal, '/' separators.
std::string generic(const fs::path& path);

// An image named in a list file (Ultralytics subset .txt, Darknet train.txt).
struct ListedImage {
    fs::path image;
    Location where;  // the list file and line
    bool exists = true;
};
// Reads a list of image paths: "./x" is relative to the list's folder (as Ultralytics does),
// other relative entries relative to root, with Darknet's "data/" prefix standing for root
// when the path does not exist as written. Entries that do not exist are an Error at their
// line (reported when reading leniently, and kept with exists false, so that the folder of their
// label files is known); with an image size given (--image-size) they are kept without a message.
// Entries without an image extension are skipped with one warning.
std::vector<ListedImage> read_image_list(const fs::path& list_file, const fs::path& root, const ReadOptions& options,
                                         DiagnosticSink& sink);
fs::path resolve_listed_path(std::string_view entry, const fs::path& list_dir, const fs::path& root);
// Item paths of images that were listed one by one: relative to their common
// ".../images/<folder>" directory when they have one, else to root (or to their common
// directory, for images outside root).
std::vector<std::string> item_paths_of_listed(const std::vector<fs::path>& images, const fs::path& root);

// ---------------- data.yaml (data_yaml.cpp): dataset root, subsets, class names, keypoint shape

// A subset's images as data.yaml names them: folders, .txt lists or image files.
struct DataYamlSource {
    std::string value;
    Location where;
};

struct DataYamlSubset {
    std::string name;  // the key: train, val, test, minival
    std::vector<DataYamlSource> sources;
};

struct DataYaml {
    std::filesystem::path file;
    std::filesystem::path root;  // `path`, resolved
    std::vector<DataYamlSubset> subsets;
    std::vector<std::string> names;
    std::optional<std::array<int, 2>> kpt_shape;
    std::vector<std::vector<std::string>> keypoint_names;  // kpt_names, per class
    std::string task;  // from a "# labelkit-task: <task>" comment line, or empty
};

// Whether a data.yaml key is one of Ultralytics' own (path, names, nc, ...), never a subset.
bool is_reserved_data_yaml_key(std::string_view key);

// Reads a data.yaml. Throws labelkit::Error at the offending line for names given as a dict
// with gaps, nc different from the number of names, a bad kpt_shape or invalid YAML.
// Reading leniently, gaps and an nc that does not match are reported and read past.
DataYaml read_data_yaml(const std::filesystem::path& file, const ReadOptions& options, DiagnosticSink& sink);

// For detection: whether the YAML file parses and holds names (or nc); reason says what was seen.
bool data_yaml_has_names(const std::filesystem::path& file, std::string& reason);

struct DataYamlOutput {
    std::string task;  // detect, segment, obb, pose
    std::vector<std::pair<std::string, std::string>> subsets;  // key -> images folder
    std::vector<std::string> names;
    std::optional<std::array<int, 2>> kpt_shape;
    std::vector<int> flip_idx;                              // empty: not written
    std::vector<std::vector<std::string>> keypoint_names;   // empty: not written
};

// data.yaml text without a `path` key: Ultralytics then takes the yaml's folder as the root.
std::string format_data_yaml(const DataYamlOutput& data);

// ---------------- label lines (yolo_lines.cpp)

struct LineRules {
    std::size_t class_count = 0;
    std::optional<std::array<int, 2>> kpt_shape;  // [N, D]: pose lines of 5 + N*D values
    bool boxes_only = false;                      // Darknet: every line is c cx cy w h
    bool lenient = false;                         // report bad lines in ParsedLabels::problems, skip them
    double tolerance = 0.001;                     // lenient: coordinates may exceed [0, 1] by this much
};

// What one label file held, already in absolute pixels. Annotations have item = 0 and
// origin.file = 0: the loader sets both.
struct ParsedLabels {
    std::vector<Annotation> annotations;
    std::size_t nine_value_lines = 0;   // lines of 9 values: 4-point polygons or oriented boxes
    std::size_t far_out_of_range = 0;   // coordinates far outside 0..1 (not normalised?)
    std::uint32_t first_far_line = 0;
    std::vector<Diagnostic> problems;   // lenient reading: lines skipped or out of range, and why
};

// Parses a label file's text. Throws labelkit::Error at file:line:column for a wrong number
// of values, a value that is not a number, or a class index outside the names; when reading
// leniently, reports those (and coordinates outside 0..1) in out.problems instead.
void parse_labels(std::string_view text, const std::string& file, double width, double height,
                  const LineRules& rules, ParsedLabels& out);

// Appends normalised numbers in shortest round-trip form (what format_number prints).
void append_number(fmt::memory_buffer& out, double value);
void append_integer(fmt::memory_buffer& out, std::uint64_t value);

// Joins the rings of one object into one ring, as Ultralytics' merge_multi_segment does.
void merge_rings(const std::vector<std::vector<Point>>& rings, std::vector<Point>& out);

// ---------------- loading (yolo_loader.cpp)

// A folder of label files, with the folder where their images are: labels/<subset>/ for
// images/<subset>/ (Ultralytics), or the image folder itself (Darknet, labels beside images).
// Every label file in it and its subfolders must belong to an image of the dataset.
struct LabelFolder {
    fs::path labels;
    fs::path images;
    std::string subset;
    // Looked through for label files of images no subset names (a batch the lists were not made
    // again for), not the folder of one subset.
    bool stray = false;
};

// The folder holding every listed image (also those that do not exist), as a LabelFolder: its
// label folder (beside_images: the same folder, as Darknet has it). None when that folder is not
// inside the dataset's root (a list naming ../other/...): stray label files are looked for only
// in the dataset, never in its neighbours.
std::optional<LabelFolder> label_folder_of_listed(const std::vector<ListedImage>& listed, const std::string& subset,
                                                  bool beside_images, const fs::path& root);

// One image to read, with the label file that goes with it.
struct ImageRecord {
    fs::path image;
    fs::path label;
    std::string item_path;
    std::string subset;
    Location listed_at;  // the list file and line it came from, if any
};

struct LoadSpec {
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> keypoint_names;  // per class, may be empty
    LineRules rules;
    std::vector<std::string> subsets;  // in the order the source lists them
    std::vector<LabelFolder> label_folders;
    std::vector<std::string> lists;    // the subset lists' names, for messages; none for folders
    std::vector<fs::path> list_files;  // never taken for label files
    std::uint32_t image_width = 0;     // --image-size: the size of images whose header cannot be read
    std::uint32_t image_height = 0;
    std::size_t jobs = 0;              // threads, as ReadOptions::jobs
    Progress* progress = nullptr;      // as ReadOptions::progress
    // How to read lines of 9 values when every line has 9: Ultralytics data carries no task,
    // so they are oriented boxes unless the data.yaml was written by labelkit for "segment".
    enum class NineValues { guess, polygons, oriented_boxes } nine_values = NineValues::guess;
};

// The LoadSpec of the reading options (leniency, tolerance, --image-size, --jobs).
LoadSpec spec_for(const ReadOptions& options);
// Adds a subset list's file name to spec.lists (once).
void add_list_name(LoadSpec& spec, const fs::path& list);

// Reads every image's size and label file in parallel and builds the dataset, in the order of
// records. Label files in spec.label_folders that no record owns are reported: those whose
// image exists but is in no subset are left out with a warning; those without an image stop
// the reading (lint: an error each) unless spec gives the image size.
Dataset load_records(std::vector<ImageRecord> records, const LoadSpec& spec, DiagnosticSink& sink);

// ---------------- writing (yolo_write_common.cpp)

// Class index of each category: categories sorted by their source id (stable).
struct ClassOrder {
    std::vector<std::uint32_t> class_of;  // by category index
    std::vector<std::uint32_t> category_of;  // by class index
};
ClassOrder class_order(const Dataset& dataset);
// Every subset an item belongs to: Dataset::subsets' order first, then any others as met.
std::vector<std::string> subsets_in_use(const Dataset& dataset);
// The folder name of a subset: "" becomes "default". Throws if it would escape the output.
std::string subset_folder(const std::string& subset);
// Throws for an item with annotations but no known size (needed to normalise).
void check_sizes_known(const Dataset& dataset, const AnnotationsByItem& by_item);
// Throws when two items would write the same label file.
void check_unique_labels(const Dataset& dataset, const std::vector<std::string>& label_files);
// Creates the parent folders of the given files (relative to output), each once.
void create_parent_folders(const fs::path& output, const std::vector<std::string>& files);
// Places every item's image at output/destinations[i]; reports the ones that could not be
// placed in one warning.
void place_images(const Dataset& dataset, const fs::path& output, const std::vector<std::string>& destinations,
                  const WriteOptions& options, const std::string& rule, DiagnosticSink& sink);

// ---------------- the Formats' functions (yolo_reader.cpp, yolo_writer.cpp, darknet.cpp, yolo_lint.cpp)

Dataset read_ultralytics(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink);
void write_ultralytics(const Dataset& dataset, const fs::path& output, const WriteOptions& options,
                       DiagnosticSink& sink);
Detection detect_ultralytics(const fs::path& input);

Dataset read_darknet(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink);
void write_darknet(const Dataset& dataset, const fs::path& output, const WriteOptions& options,
                   DiagnosticSink& sink);
Detection detect_darknet(const fs::path& input);

std::vector<RuleInfo> ultralytics_rules();
std::vector<RuleInfo> darknet_rules();

}  // namespace labelkit::yolo
