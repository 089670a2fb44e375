#pragma once
// Private to the Pascal VOC format (lib/src/formats/voc/): what the folder's files share. Its
// face to the rest of labelkit is voc_format.hpp (the Format that registry.cpp lists).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "core/line_index.hpp"
#include "labelkit/diagnostics.hpp"
#include "labelkit/io.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit::voc {

// ---------------- XML helpers (voc_xml.cpp)

// Small helpers around pugixml shared by the VOC reader and writer.


// The element's text without surrounding whitespace ("" for an empty element).
std::string_view text_of(const pugi::xml_node& element);

// True when name can be an XML element name (ASCII letters, digits, '_', '-', '.'; UTF-8 kept).
bool is_xml_name(std::string_view name);

// ---------------- pixel coordinates (voc_coordinates.cpp)

// VOC's pixel convention at the edge of the model.
//
// The devkit numbers pixels from (1, 1) and gives boxes as inclusive pixel indices; the model
// is continuous with (0, 0) the top-left corner. Along one axis, with offset 1:
//     start = min - offset,  length = max - min + offset      (reading)
//     min = start + offset,  max = start + length             (writing)
// Offset 0 reads xmin..xmax as the box's edges, as LabelImg, CVAT and globox write and read them
// (--voc-coordinates edges).
// Both directions are computed in exact decimal arithmetic on the numbers' text and rounded
// once, so that write -> read returns the same doubles and read -> write the same values
// (0.1 stays 0.1, never 0.10000000000000009). Plain integers take a fast exact path.

// 1 for the devkit's 1-based inclusive indices, 0 for edges.
inline int pixel_offset(VocCoordinates coordinates) { return coordinates == VocCoordinates::devkit ? 1 : 0; }

// Says once, as an info, which convention boxes were read or written with: tools disagree by a
// pixel here, so a conversion should name it.
void report_convention(VocCoordinates coordinates, const char* done, DiagnosticSink& sink);

struct Span {
    double start = 0;
    double length = 0;
};

// min and max must be finite numbers (checked by the caller with parse_double).
// Empty when the span would be negative, max < min - offset. (max may be below min: a box less than a
// pixel wide, which other formats hold, is written that way and must read back.)
std::optional<Span> span_from_voc(std::string_view min, std::string_view max, int offset);

struct VocRange {
    std::string min;
    std::string max;
};

// The text of xmin/xmax (or ymin/ymax) for a span of the model. start and length must be finite.
VocRange span_to_voc(double start, double length, int offset);

// ---------------- files around the XMLs (voc_layout.cpp)

// The files of a VOC dataset around the annotation XMLs: labelmap.txt and the subset lists
// of ImageSets/Main.

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

// ---------------- reading one annotation XML (voc_parse.cpp)

// Parsing one annotation XML (Annotations/<id>.xml) into model values.

struct ParsedObject {
    std::string name;
    Box box;                    // internal convention
    nlohmann::json attributes;  // pose, truncated, difficult, occluded, parts, actions, CVAT attributes
    std::uint32_t line = 0;     // of <object>
};

struct ParsedAnnotation {
    std::string filename;      // <filename>, "" when absent or empty
    Location filename_at;      // of <filename>'s text
    std::uint32_t width = 0;   // <size>, 0 when absent
    std::uint32_t height = 0;
    Location size_at;          // of <size>, else of <annotation>
    nlohmann::json extra;      // folder, source, owner, segmented, depth, ...; null when none
    std::uint32_t line = 0;    // of <annotation>
    std::vector<ParsedObject> objects;
    std::size_t ignored_elements = 0;  // unknown elements inside <object>
    Location first_ignored;
    std::vector<Diagnostic> problems;  // lenient parsing: objects skipped, boxes one pixel wide
};

// Throws labelkit::Error pointing at path:line:column for malformed XML, a missing <bndbox> or
// coordinate, a non-numeric value, xmin > xmax + 1, or (with a labelmap) an unknown class.
// Lenient parsing reports a bad object in `problems` and skips it (and also reports xmin >= xmax);
// errors about the whole file are still thrown. Object attributes that hold VOC's defaults (pose
// Unspecified, truncated, difficult and occluded 0) say nothing and are not kept.
// pixel_offset: 1 for the devkit's inclusive 1-based indices, 0 for box edges (pixel coordinates, above).
ParsedAnnotation parse_annotation(std::string_view text, const std::string& path, const Labelmap* labelmap,
                                  bool lenient = false, int pixel_offset = 1);

// ---------------- writing one annotation XML (voc_write_xml.cpp)

// Building the annotation XML of one item.

// <annotation> for the item, written as `filename`, with the given annotations (indices into
// dataset.annotations), boxes with the pixel offset of pixel_offset() (1: devkit, 0: edges).
// Throws labelkit::Error for a box with a non-finite coordinate.
void build_annotation(pugi::xml_document& document, const Dataset& dataset, const Item& item,
                      const std::string& filename, std::span<const std::uint32_t> annotations, int pixel_offset);

// ---------------- the Format's functions (voc_detect.cpp, voc_reader.cpp, voc_writer.cpp, voc_lint.cpp)

// The three entry points behind the "voc" format descriptor (voc_format.cpp).

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& root, const ReadOptions& options, DiagnosticSink& sink);
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);

// The rules the VOC reader reports when it reads leniently.
std::vector<RuleInfo> rules();

}  // namespace labelkit::voc
