#pragma once
// What a format is: a name, what it can store, how to recognise it, read it and write it.
// Each format folder (lib/src/formats/<fmt>/) provides one of these; registry.cpp lists them.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/error.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/model.hpp"
#include "labelkit/ratings.hpp"
#include "labelkit/report.hpp"

namespace labelkit {

class Progress;  // labelkit/progress.hpp

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
    bool ratings = false;         // judgments of items by annotators (a rating table), not shapes
    bool item_labels = false;     // class labels of whole items and of spans (Dataset::labels with a category)
    bool texts = false;           // text values: transcripts, free text (Dataset::labels with text)
    bool annotators = false;      // who made each annotation and label (Dataset::annotators)
    bool tracks = false;          // video: track ids, sequences and frame numbers
    // Items named by URL or absolute path (s3://..., /data/upload/...) are kept so (Label Studio
    // tasks find images by URL); otherwise they are written under the file name the reference
    // ends with (ops/item_file_names), and reference_key, when set, keeps the reference in
    // Item::extra (COCO: "coco_url").
    bool item_references = false;
    const char* reference_key = nullptr;
    bool media_items = false;     // items that are not images (texts, audio clips): Label Studio
    // Shapes must all be of one kind per dataset (YOLO: one task per data.yaml).
    bool one_shape_kind = false;
};

// How VOC's xmin..xmax are read and written: the devkit's 1-based inclusive pixel indices
// (x = xmin - 1, width = xmax - xmin + 1), or the box's edges (x = xmin, width = xmax - xmin),
// as LabelImg, CVAT and globox have them.
enum class VocCoordinates { devkit, edges };
template <>
struct EnumTable<VocCoordinates> {
    static constexpr EnumName<VocCoordinates> entries[] = {{VocCoordinates::devkit, "devkit"},
                                                           {VocCoordinates::edges, "edges"}};
};

struct ReadOptions {
    std::filesystem::path image_root;  // --image-root: where images are, when not found otherwise
    // Lint reads leniently: a malformed element (object, line, file) is reported to the sink as
    // an error diagnostic under its rule id and skipped, and reading goes on. Only input that
    // cannot be read at all (missing, not this format) still throws.
    bool lenient = false;
    // Lenient YOLO reading reports normalised coordinates outside [-tolerance, 1 + tolerance].
    double normalised_tolerance = 0.001;
    // --image-size W,H: the size of every image whose size cannot be read from its header (YOLO
    // label files without an image, unreadable images), for datasets of one fixed size
    // (parse_image_size in labelkit/io.hpp reads the text).
    std::optional<ImageSize> image_size;
    VocCoordinates voc_coordinates = VocCoordinates::devkit;
    // --jobs: the threads reading may use (files, images, annotations in parallel); 0: one per
    // core; 1: only the calling thread. The result is the same for any number.
    std::size_t jobs = 0;
    // Crowd reports (Appen): judgments on gold units (test questions) and tainted judgments are
    // left out unless kept.
    bool keep_gold = false;
    bool keep_tainted = false;
    // --columns for crowd long tables: "item=_unit_id,annotator=_worker_id,label=sentiment" or a
    // preset's name (appen, mturk, crowd-kit, label-studio); "" to use the default column names.
    std::string columns;
    // Where reading says how far it is (bytes of a big file, files of a folder, image headers);
    // null: nowhere.
    Progress* progress = nullptr;
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
    // Where writing says how far it is (files or annotations written); null: nowhere.
    Progress* progress = nullptr;
};

// How well a path looks like a format: score 0 means "not this format", and reason says why
// (or why it matched), so that detection can explain itself.
struct Detection {
    int score = 0;
    std::string reason;
};

// A writer that takes a dataset's annotations one at a time, written as they come, so that a
// dataset too large to hold (merge's union of big files) never is in memory whole.
class DatasetStreamWriter {
public:
    virtual ~DatasetStreamWriter() = default;
    virtual void add(const Annotation& annotation, std::int64_t id, std::int64_t image_id, std::int64_t category_id) = 0;
    // The n-th annotation added, read back from what was written: its box, shape and keypoints
    // (to confirm a duplicate; its category, ids and attributes are not read).
    virtual Annotation read_back(std::size_t n) const = 0;
    // Completes the output: drops the n-th annotation added when withdrawn[n], then writes the
    // images, categories and dataset information of `dataset`, whose annotations are not used.
    virtual void finish(const Dataset& dataset, const std::vector<bool>& withdrawn) = 0;
};

struct Format {
    std::string name;
    // Other names users type for it (lower case): another tool's name for the format, a version
    // ("yolov8"). Names and aliases are matched without regard to case (find_format).
    std::vector<std::string> aliases;
    std::string description;
    Capabilities stores;
    ImageMode default_images = ImageMode::none;
    std::function<Detection(const std::filesystem::path& input)> detect;
    // Reads the dataset at input; throws labelkit::Error for input it cannot read.
    std::function<Dataset(const std::filesystem::path& input, const ReadOptions&, DiagnosticSink&)> read;
    // Writes the dataset into output (a fresh directory, or one file: see file_extensions).
    // The dataset has already been adapted to `stores` by the convert op.
    std::function<void(const Dataset&, const std::filesystem::path& output, const WriteOptions&,
                       DiagnosticSink&)> write;
    // The extensions (lower case, with the dot) of a dataset or table that is one file: COCO's
    // ".json", a rating table's ".csv". An output path ending in one of them is written as one
    // file; empty: the format writes folders only.
    std::vector<std::string> file_extensions;
    // Opens a stream writer into one file (see DatasetStreamWriter); empty when the format has none.
    std::function<std::unique_ptr<DatasetStreamWriter>(const std::filesystem::path& file)> open_stream_writer;
    // Reads a rating table's judgments (`labelkit agree`); set, instead of `read`, by the formats
    // of rating tables (stores.ratings). Throws labelkit::Error at the row that cannot be read.
    std::function<std::vector<Judgment>(const std::filesystem::path& input, const ReadOptions&, DiagnosticSink&)>
        read_judgments;
    // The lint rules this format's reader reports when reading leniently (ids "<name>/...").
    std::vector<RuleInfo> rules;
    // Where an item or annotation came from, for diagnostics. Empty: the source file and
    // Origin::position as its line.
    std::function<Location(const Dataset&, const Origin&, OriginKind)> locate;
    // Adds lines and columns to diagnostics that have only a JSON pointer (COCO), in one pass
    // over each file named. May be empty.
    std::function<void(std::span<Diagnostic>)> add_lines;
};

// Whether the target writes this output as one file: its name has one of the format's
// file_extensions, or it is a device, FIFO or /dev/stdout written into (when the format writes
// single files at all).
bool writes_single_file(const Format& target, const std::filesystem::path& output);

// Format::locate, or its default.
Location locate(const Format& format, const Dataset& dataset, const Origin& origin, OriginKind kind);

// The one explicit list of formats (lib/src/formats/registry.cpp).
std::vector<Format> all_formats();

// Whether the format goes by this name (its name or an alias, in any case).
bool goes_by(const Format& format, const std::string& name);

// The format with this name or alias, in any case; throws labelkit::Error listing the known
// names (and the nearest ones: "did you mean") otherwise.
const Format& find_format(const std::vector<Format>& formats, const std::string& name);
// The Format found lives in `formats`: a temporary list would leave it dangling.
const Format& find_format(std::vector<Format>&& formats, const std::string& name) = delete;

struct DetectionResult {
    std::optional<Format> format;          // empty when nothing fit
    std::vector<std::string> considered;   // "name: reason" for every format tried
};

// Picks the format with the highest positive score.
DetectionResult detect_format(const std::vector<Format>& formats, const std::filesystem::path& input);

}  // namespace labelkit

namespace labelkit {

struct LoadedDataset {
    Dataset dataset;
    std::optional<Format> format;  // the format read (a copy: it outlives the list it was found in)
    std::string detection_reason;  // why this format was chosen; empty when it was named
};

// Reads input with the named format, or detects the format when `format_name` is empty (among
// the formats that read datasets).
// Throws labelkit::Error when the input is missing or no format fits (listing the formats
// considered and why each did not).
LoadedDataset load_dataset(const std::vector<Format>& formats, const std::filesystem::path& input,
                           const std::string& format_name, const ReadOptions& options,
                           DiagnosticSink& sink);

}  // namespace labelkit
