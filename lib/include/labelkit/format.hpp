#pragma once
// What a format is: a name, what it can store, how to recognise it, read it and write it.
// Each format folder (lib/src/formats/<fmt>/) provides one of these; registry.cpp lists them.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/error.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit {

// What a format can hold without loss. The convert op uses this to adapt a dataset to
// its target and to report, with counts, what the target cannot store.
struct Capabilities {
    bool boxes = true;
    bool polygons = false;
    bool rle_masks = false;
    bool oriented_boxes = false;
    bool keypoints = false;
    bool skeletons = false;       // the categories' keypoint skeletons (COCO)
    bool attributes = false;      // free-form per-annotation attributes
    bool iscrowd = false;
    bool scores = false;
    bool category_ids = false;    // keeps source category ids
    bool classes_by_index = false;  // classes are positions 0..N-1 (YOLO), not ids or names
    bool image_ids = false;
    bool dataset_info = false;    // COCO info / licenses
    bool image_sizes = false;     // stores each image's width and height (YOLO reads them from the images)
    bool subsets = true;
    // Shapes must all be of one kind per dataset (YOLO: one task per data.yaml).
    bool one_shape_kind = false;
};

enum class ImageMode { none, copy, link };

// How VOC's xmin..xmax are read and written: the devkit's 1-based inclusive pixel indices
// (x = xmin - 1, width = xmax - xmin + 1), or the box's edges (x = xmin, width = xmax - xmin),
// as LabelImg, CVAT and globox have them.
enum class VocCoordinates { devkit, edges };
inline constexpr VocCoordinates voc_coordinate_conventions[] = {VocCoordinates::devkit, VocCoordinates::edges};
const char* to_string(VocCoordinates coordinates);  // "devkit", "edges"
std::optional<VocCoordinates> parse_voc_coordinates(std::string_view text);

struct ReadOptions {
    std::filesystem::path image_root;  // --image-root: where images are, when not found otherwise
    // Lint reads leniently: a malformed element (object, line, file) is reported to the sink as
    // an error diagnostic under its rule id and skipped, and reading goes on. Only input that
    // cannot be read at all (missing, not this format) still throws.
    bool lenient = false;
    // Lenient YOLO reading reports normalised coordinates outside [-tolerance, 1 + tolerance].
    double normalised_tolerance = 0.001;
    // --image-size W,H: the size of every image whose size cannot be read from its header (YOLO
    // label files without an image, unreadable images), for datasets of one fixed size. 0: none.
    std::uint32_t image_width = 0;
    std::uint32_t image_height = 0;
    VocCoordinates voc_coordinates = VocCoordinates::devkit;
    // --jobs: the threads reading may use (files, images, annotations in parallel); 0: one per
    // core; 1: only the calling thread. The result is the same for any number.
    std::size_t jobs = 0;
};

// Reports a content error when reading leniently, throws it otherwise.
void report_or_throw(const Error& error, const ReadOptions& options, DiagnosticSink& sink,
                     const std::string& fallback_rule);

// What an Origin points at: an item (image record) or an annotation.
enum class OriginKind { item, annotation };

struct WriteOptions {
    ImageMode images = ImageMode::none;
    VocCoordinates voc_coordinates = VocCoordinates::devkit;
    // One file even without a .json name (COCO): a device, FIFO or /dev/stdout written into.
    bool single_file = false;
    // --jobs: the threads writing may use, as ReadOptions::jobs.
    std::size_t jobs = 0;
};

// How well a path looks like a format: score 0 means "not this format", and reason says why
// (or why it matched), so that detection can explain itself.
struct Detection {
    int score = 0;
    std::string reason;
};

struct Format {
    std::string name;
    std::string description;
    Capabilities stores;
    ImageMode default_images = ImageMode::none;
    std::function<Detection(const std::filesystem::path& input)> detect;
    // Reads the dataset at input; throws labelkit::Error for input it cannot read.
    std::function<Dataset(const std::filesystem::path& input, const ReadOptions&, DiagnosticSink&)> read;
    // Writes the dataset into output (a fresh directory, or a .json file for COCO).
    // The dataset has already been adapted to `stores` by the convert op.
    std::function<void(const Dataset&, const std::filesystem::path& output, const WriteOptions&,
                       DiagnosticSink&)> write;
    // The lint rules this format's reader reports when reading leniently (ids "<name>/...").
    std::vector<RuleInfo> rules;
    // Where an item or annotation came from, for diagnostics. Empty: the source file and
    // Origin::position as its line.
    std::function<Location(const Dataset&, const Origin&, OriginKind)> locate;
    // Adds lines and columns to diagnostics that have only a JSON pointer (COCO), in one pass
    // over each file named. May be empty.
    std::function<void(std::span<Diagnostic>)> add_lines;
};

// Format::locate, or its default.
Location locate(const Format& format, const Dataset& dataset, const Origin& origin, OriginKind kind);

// The one explicit list of formats (lib/src/formats/registry.cpp).
std::vector<Format> all_formats();

// The format with this name; throws labelkit::Error listing the known names otherwise.
const Format& find_format(const std::vector<Format>& formats, const std::string& name);

struct DetectionResult {
    const Format* format = nullptr;        // null when nothing fit
    std::vector<std::string> considered;   // "name: reason" for every format tried
};

// Picks the format with the highest positive score.
DetectionResult detect_format(const std::vector<Format>& formats, const std::filesystem::path& input);

}  // namespace labelkit

namespace labelkit {

struct LoadedDataset {
    Dataset dataset;
    const Format* format = nullptr;
    std::string detection_reason;  // why this format was chosen; empty when it was named
};

// Reads input with the named format, or detects the format when `format_name` is empty.
// Throws labelkit::Error when the input is missing or no format fits (listing the formats
// considered and why each did not).
LoadedDataset load_dataset(const std::vector<Format>& formats, const std::filesystem::path& input,
                           const std::string& format_name, const ReadOptions& options,
                           DiagnosticSink& sink);

}  // namespace labelkit
