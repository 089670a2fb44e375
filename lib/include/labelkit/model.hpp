#pragma once
// The dataset model every format reads into and writes from.
//
// Coordinates are absolute pixels, float64, continuous, top-left origin: pixel (i, j)
// covers [i, i+1) x [j, j+1). Each format converts at its edge (see the format folders).
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/enum_names.hpp"

namespace labelkit {

// An image's size in pixels.
struct ImageSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    bool operator==(const ImageSize&) const = default;
};

// What a writer does with the image files of the items: nothing, copies them or links to them.
enum class ImageMode { none, copy, link };
template <>
struct EnumTable<ImageMode> {
    static constexpr EnumName<ImageMode> entries[] = {
        {ImageMode::copy, "copy"}, {ImageMode::link, "link"}, {ImageMode::none, "none"}};
};

// The shape kind of a dataset that holds one kind only (a YOLO task).
enum class ShapeTask { detect, segment, obb, pose };
template <>
struct EnumTable<ShapeTask> {
    static constexpr EnumName<ShapeTask> entries[] = {{ShapeTask::detect, "detect"},
                                                      {ShapeTask::segment, "segment"},
                                                      {ShapeTask::obb, "obb"},
                                                      {ShapeTask::pose, "pose"}};
};

struct Point {
    double x = 0;
    double y = 0;
    bool operator==(const Point&) const = default;
};

// Axis-aligned box, COCO convention: top-left corner plus width and height.
struct Box {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
    bool operator==(const Box&) const = default;
};

// One object drawn as one or more closed rings (COCO allows several per object).
struct PolygonSet {
    std::vector<std::vector<Point>> rings;
    bool operator==(const PolygonSet&) const = default;
};

// COCO run-length mask: column-major runs, alternating, starting with background.
struct RleMask {
    std::uint32_t height = 0;
    std::uint32_t width = 0;
    std::vector<std::uint32_t> counts;
    bool operator==(const RleMask&) const = default;
};

// Four corners in drawing order (Ultralytics OBB order: x1 y1 ... x4 y4). Always 4 points;
// held on the heap so that the Shape variant, present in every annotation, stays small.
struct OrientedBox {
    std::vector<Point> corners;
    bool operator==(const OrientedBox&) const = default;
};

// The precise region of an annotation; std::monostate means "the bounding box only".
using Shape = std::variant<std::monostate, PolygonSet, RleMask, OrientedBox>;

// COCO keypoints: x, y and visibility v (0 not labelled, 1 labelled but hidden, 2 visible).
struct Keypoint {
    double x = 0;
    double y = 0;
    int visibility = 0;
    bool operator==(const Keypoint&) const = default;
};

// Where an annotation or item came from: an index into Dataset::source_files plus a
// 1-based line (text formats), or the index inside a JSON array (COCO: /annotations/N).
struct Origin {
    std::uint32_t file = no_file;
    std::uint32_t position = 0;
    static constexpr std::uint32_t no_file = std::numeric_limits<std::uint32_t>::max();
};

constexpr std::int64_t no_id = std::numeric_limits<std::int64_t>::min();
// "None" for the uint32 indices below (Annotation::annotator, Label::category, Label::region).
constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

// An optional number in 8 bytes (std::optional<double> takes 16): NaN means "not given".
// Readers reject NaN values, so no given number is lost.
class MaybeNumber {
public:
    MaybeNumber() = default;
    MaybeNumber(std::nullopt_t) {}
    MaybeNumber(double value) : value_(value) {}
    bool has_value() const { return !std::isnan(value_); }
    explicit operator bool() const { return has_value(); }
    double operator*() const { return value_; }
    double value_or(double fallback) const { return has_value() ? value_ : fallback; }
    void reset() { value_ = std::numeric_limits<double>::quiet_NaN(); }
    friend bool operator==(const MaybeNumber& a, const MaybeNumber& b) {
        return a.has_value() == b.has_value() && (!a.has_value() || a.value_ == b.value_);
    }

private:
    double value_ = std::numeric_limits<double>::quiet_NaN();
};

struct Annotation {
    std::uint32_t item = 0;      // index into Dataset::items
    std::uint32_t category = 0;  // index into Dataset::categories
    std::int64_t id = no_id;     // id in the source format (COCO annotation id) or no_id
    Box box;                     // always set: the bounding box
    Shape shape;                 // the precise region, if any
    std::vector<Keypoint> keypoints;  // may accompany any shape
    MaybeNumber area;   // as given by the source (COCO "area")
    MaybeNumber score;  // detector confidence, if any
    bool iscrowd = false;
    std::uint32_t annotator = no_index;  // index into Dataset::annotators, or no_index
    std::int64_t track = no_id;          // the video track (object identity across frames), or no_id
    // Everything else the source said about the object: COCO "attributes", VOC pose,
    // truncated, difficult, occluded, parts, actions. A JSON object, or null when empty.
    nlohmann::json attributes;
    Origin origin;
};

struct Category {
    std::int64_t id = 0;  // id in the source format, kept as is (may start at 0, have gaps)
    std::string name;
    std::string supercategory;
    std::vector<std::string> keypoint_names;
    std::vector<std::array<int, 2>> skeleton;  // 1-based keypoint indices, COCO style
};

// What an item is. Items that are not images keep their source reference in Item::path (a URL,
// an audio file) and what the source holds inline (a text to classify) in Item::extra.
enum class ItemKind { image, video_frame, text, audio, other };
template <>
struct EnumTable<ItemKind> {
    static constexpr EnumName<ItemKind> entries[] = {{ItemKind::image, "image"},
                                                     {ItemKind::video_frame, "video_frame"},
                                                     {ItemKind::text, "text"},
                                                     {ItemKind::audio, "audio"},
                                                     {ItemKind::other, "other"}};
};

struct Item {
    std::int64_t id = no_id;  // COCO image id, or no_id
    // The image path relative to its subset's image folder, with '/' separators
    // ("a.jpg", "seq1/000001.jpg"). It identifies the item across formats and annotators.
    std::string path;
    std::uint32_t width = 0;   // 0 when unknown
    std::uint32_t height = 0;  // 0 when unknown
    std::string subset;        // "" when the source has no subsets
    // Where the image file is on disk, if it was found; used by --images copy|link.
    std::string image_file;
    // Fields of the source's image record that the model does not interpret (COCO
    // license, date_captured, flickr_url, ...): a JSON object or null.
    nlohmann::json extra;
    Origin origin;
    ItemKind kind = ItemKind::image;
    // Video: the sequence (video, track file) the frame belongs to and the frame number as the
    // source writes it (MOT and CVAT video: 1-based and 0-based). "" and no_id otherwise.
    std::string sequence;
    std::int64_t frame = no_id;
};

// Who made annotations and labels: a person on a labelling platform, or a model whose
// predictions the source holds next to them (Label Studio "predictions").
struct Annotator {
    std::string id;    // the platform's id: a user id, a worker id, an e-mail; unique in a dataset
    std::string name;  // display name, or ""
    bool prediction = false;  // a model's predictions: a source of its own, never an annotator
    MaybeNumber trust;        // the platform's trust in this worker (Appen _trust), if given
    bool operator==(const Annotator&) const = default;
};

// A label of a whole item (image or text classification; CVAT <tag>, Label Studio choices), of a
// span of it (a text span, an audio segment), or a text value (a transcript) of the item or of one
// of its regions. An item may have several, from one annotator or many.
struct Label {
    std::uint32_t item = 0;
    std::uint32_t category = no_index;   // the class; no_index for a text value
    std::string text;                    // the text value; "" for a class label
    std::uint32_t annotator = no_index;  // index into Dataset::annotators, or no_index
    std::uint32_t region = no_index;     // the annotation it describes, or no_index: the item
    // A span of the item: characters of a text, seconds of audio; not given: the whole item.
    MaybeNumber start;
    MaybeNumber end;
    MaybeNumber score;
    nlohmann::json attributes;  // the rest the source said (a JSON object) or null
    Origin origin;
};

struct ItemAnswer {
    std::uint32_t item = 0;
    std::uint32_t annotator = 0;
};

struct Dataset {
    std::vector<Category> categories;
    std::vector<Item> items;
    std::vector<Annotation> annotations;
    std::vector<Label> labels;
    std::vector<Annotator> annotators;  // who made what, for sources that say so; indexed by Annotation::annotator
    // Which annotator answered which item, for sources that record answers (a Label Studio
    // annotation, an MTurk assignment): an answer with no shapes and no labels still says "nothing
    // here". An annotator has also answered every item it annotated or labelled.
    std::vector<ItemAnswer> answers;
    std::vector<std::string> subsets;       // in the order the source lists them
    std::vector<std::string> source_files;  // indexed by Origin::file
    // Where the reader looked for image files ("images/train/ under data/coco"), for messages
    // about images that were not found.
    std::vector<std::string> image_folders;
    nlohmann::json info;      // COCO "info", or null
    nlohmann::json licenses;  // COCO "licenses", or null

    // Index of the category with this name, if any.
    std::optional<std::uint32_t> find_category(const std::string& name) const;
    // Adds the subset to `subsets` if it is new.
    void add_subset(const std::string& name);
    // Index of the annotator with this id, added (with this name) if it is new. Linear in the
    // annotators: readers that meet an annotator per row keep their own index by id.
    std::uint32_t add_annotator(const std::string& id, const std::string& name = {}, bool prediction = false);
};

// Roboflow's COCO exports declare an unused category of id 0 named after the supercategory of
// all the others ("pieces" for bishop, king, ...); its own YOLO export leaves it out. The index
// of that category, if the dataset has one.
std::optional<std::uint32_t> roboflow_placeholder(const Dataset& dataset);

// The one shape kind that keeps the most of the dataset: pose when keypoints exist, obb when
// oriented boxes do, segment when polygons or masks do, detect otherwise.
ShapeTask choose_task(const Dataset& dataset);

// Removes the annotations marked in `drop` (one flag per annotation), keeping the order of the
// others, with the labels of the regions removed; the other labels' regions are renumbered.
// Returns how many annotations were removed.
std::size_t erase_annotations(Dataset& dataset, const std::vector<bool>& drop);
// Removes the items marked in `drop` (one flag per item) with their annotations, labels and
// answers, keeping the order of the others. Returns how many items were removed.
std::size_t erase_items(Dataset& dataset, const std::vector<bool>& drop);

// What a dataset holds, as the commands sum it up.
struct SubsetCount {
    std::string name;  // "default" for the items without a subset
    std::size_t images = 0;
};
struct DatasetCounts {
    std::size_t images = 0;
    std::size_t images_without_objects = 0;
    std::size_t annotations = 0;
    std::size_t categories = 0;
    std::vector<SubsetCount> subsets;  // by name
};
DatasetCounts count_dataset(const Dataset& dataset);

// Numbers grouped by item (compressed rows): of(i) lists item i's.
class ItemRows {
public:
    std::span<const std::uint32_t> of(std::size_t item) const {
        return {values_.data() + offsets_[item], offsets_[item + 1] - offsets_[item]};
    }

protected:
    std::vector<std::uint32_t> offsets_;  // item i's values are [offsets_[i], offsets_[i + 1])
    std::vector<std::uint32_t> values_;
};

// Annotation indices grouped by item, in their dataset order.
class AnnotationsByItem : public ItemRows {
public:
    explicit AnnotationsByItem(const Dataset& dataset);
};

// Label indices grouped by item, in their dataset order.
class LabelsByItem : public ItemRows {
public:
    explicit LabelsByItem(const Dataset& dataset);
};

// The classes each item shows: its annotations' categories, then its class labels' (of the
// whole item, a span or a region), repeats included. What stratified splits balance.
class ItemClasses : public ItemRows {
public:
    explicit ItemClasses(const Dataset& dataset);
};

}  // namespace labelkit
