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
};

struct Dataset {
    std::vector<Category> categories;
    std::vector<Item> items;
    std::vector<Annotation> annotations;
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
};

// Roboflow's COCO exports declare an unused category of id 0 named after the supercategory of
// all the others ("pieces" for bishop, king, ...); its own YOLO export leaves it out. The index
// of that category, if the dataset has one.
std::optional<std::uint32_t> roboflow_placeholder(const Dataset& dataset);

// The one shape kind that keeps the most of the dataset: pose when keypoints exist, obb when
// oriented boxes do, segment when polygons or masks do, detect otherwise.
ShapeTask choose_task(const Dataset& dataset);

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

// Annotation indices grouped by item (compressed rows): of(i) lists item i's annotations
// in their dataset order.
class AnnotationsByItem {
public:
    explicit AnnotationsByItem(const Dataset& dataset);
    std::span<const std::uint32_t> of(std::size_t item) const {
        return {order_.data() + offsets_[item], offsets_[item + 1] - offsets_[item]};
    }

private:
    std::vector<std::uint32_t> offsets_;
    std::vector<std::uint32_t> order_;
};

}  // namespace labelkit
