// Round trips through the CLI: coco -> yolo -> coco, coco -> voc -> coco, voc -> coco -> voc,
// yolo -> coco -> yolo keep every box (to 1e-9 relative), every category name, every image
// and the images without objects.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::run_labelkit;
using labelkit::test::TempDir;

namespace {

Dataset read_as(const std::string& format, const std::filesystem::path& path) {
    const std::vector<Format> formats = all_formats();
    DiagnosticSink sink;
    return find_format(formats, format).read(path, {}, sink);
}

void convert(const std::filesystem::path& from, const std::filesystem::path& to, const std::string& format,
             const std::string& extra = "") {
    const auto result = run_labelkit("convert '" + from.string() + "' '" + to.string() + "' --to " + format + " " + extra);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::max(std::abs(a), std::abs(b))); }

struct Object {
    std::string subset, item, category;
    Box box;
    std::vector<Point> points;  // polygon rings, oriented-box corners, or keypoints, flattened
};

std::vector<Point> points_of(const Annotation& annotation) {
    std::vector<Point> points;
    if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape))
        for (const auto& ring : polygons->rings) points.insert(points.end(), ring.begin(), ring.end());
    if (const auto* obb = std::get_if<OrientedBox>(&annotation.shape))
        points.insert(points.end(), obb->corners.begin(), obb->corners.end());
    for (const Keypoint& k : annotation.keypoints) points.push_back({k.x, k.y});
    return points;
}

// Objects sorted by image, class and position, so that two datasets can be compared in order.
std::vector<Object> objects_of(const Dataset& dataset) {
    std::vector<Object> objects;
    for (const Annotation& annotation : dataset.annotations) {
        const Item& item = dataset.items[annotation.item];
        objects.push_back({item.subset, item.path, dataset.categories[annotation.category].name,
                           annotation.box, points_of(annotation)});
    }
    std::sort(objects.begin(), objects.end(), [](const Object& a, const Object& b) {
        return std::tie(a.subset, a.item, a.category, a.box.x, a.box.y, a.box.width) <
               std::tie(b.subset, b.item, b.category, b.box.x, b.box.y, b.box.width);
    });
    return objects;
}

std::set<std::string> category_names(const Dataset& dataset) {
    std::set<std::string> names;
    for (const Category& category : dataset.categories) names.insert(category.name);
    return names;
}

std::map<std::string, std::size_t> objects_per_image(const Dataset& dataset) {
    std::map<std::string, std::size_t> counts;
    for (const Item& item : dataset.items) counts[item.subset + "/" + item.path] = 0;
    for (const Annotation& annotation : dataset.annotations) {
        const Item& item = dataset.items[annotation.item];
        ++counts[item.subset + "/" + item.path];
    }
    return counts;
}

enum class Compare { boxes, boxes_and_points };

void check_same(const Dataset& before, const Dataset& after, Compare what) {
    CHECK(category_names(before) == category_names(after));
    CHECK(objects_per_image(before) == objects_per_image(after));  // every image, empty ones too
    const auto a = objects_of(before);
    const auto b = objects_of(after);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(a[i].item);
        CAPTURE(a[i].category);
        CHECK(a[i].category == b[i].category);
        CHECK(close(a[i].box.x, b[i].box.x));
        CHECK(close(a[i].box.y, b[i].box.y));
        CHECK(close(a[i].box.width, b[i].box.width));
        CHECK(close(a[i].box.height, b[i].box.height));
        if (what == Compare::boxes) continue;
        REQUIRE(a[i].points.size() == b[i].points.size());
        for (std::size_t k = 0; k < a[i].points.size(); ++k) {
            CHECK(close(a[i].points[k].x, b[i].points[k].x));
            CHECK(close(a[i].points[k].y, b[i].points[k].y));
        }
    }
}

}  // namespace

TEST_CASE("roundtrip: coco -> yolo (detect) -> coco keeps boxes, names, images") {
    TempDir tmp;
    const auto source = test::source_dir() / "examples/coco";
    convert(source, tmp / "yolo", "yolo", "--task detect");
    convert(tmp / "yolo", tmp / "coco", "coco");
    check_same(read_as("coco", source), read_as("coco", tmp / "coco"), Compare::boxes);
}

TEST_CASE("roundtrip: coco -> yolo (segment) -> coco keeps polygons") {
    TempDir tmp;
    // The crowd RLE mask of the example becomes contour polygons, so compare a dataset of
    // polygons and boxes only: the train subset.
    const auto source = test::source_dir() / "examples/coco/annotations/instances_train.json";
    convert(source, tmp / "yolo", "yolo", "--image-root '" + (test::source_dir() / "examples/coco/images/train").string() + "'");
    convert(tmp / "yolo", tmp / "coco", "coco");
    Dataset before = read_as("coco", source);
    // YOLO segment stores every shape as a polygon: the box-only square comes back as its
    // 4 corners, which is what the comparison expects.
    for (Annotation& annotation : before.annotations)
        if (std::holds_alternative<std::monostate>(annotation.shape))
            annotation.shape = PolygonSet{{box_corners(annotation.box)}};
    Dataset after = read_as("coco", tmp / "coco");
    check_same(before, after, Compare::boxes_and_points);
}

TEST_CASE("roundtrip: coco -> voc -> coco keeps boxes, names, images" * needs_shared) {
    for (const auto& source : {test::source_dir() / "examples/coco", corpus("datumaro/coco_dataset/coco_instances")}) {
        CAPTURE(source);
        TempDir tmp;
        convert(source, tmp / "voc", "voc");
        convert(tmp / "voc", tmp / "coco", "coco");
        check_same(read_as("coco", source), read_as("coco", tmp / "coco"), Compare::boxes);
    }
}

TEST_CASE("roundtrip: voc -> coco -> voc keeps boxes, names, images and VOC attributes" * needs_shared) {
    for (const char* name : {"voc_dataset1", "voc_dataset2", "voc_dataset3"}) {
        CAPTURE(name);
        TempDir tmp;
        const auto source = corpus(std::string("datumaro/voc_dataset/") + name);
        convert(source, tmp / "coco", "coco");
        convert(tmp / "coco", tmp / "voc", "voc");
        const Dataset before = read_as("voc", source);
        const Dataset after = read_as("voc", tmp / "voc");
        check_same(before, after, Compare::boxes);
        std::multiset<std::string> attributes_before, attributes_after;
        for (const Annotation& a : before.annotations) attributes_before.insert(a.attributes.dump());
        for (const Annotation& a : after.annotations) attributes_after.insert(a.attributes.dump());
        CHECK(attributes_before == attributes_after);
    }
}

TEST_CASE("roundtrip: yolo -> coco -> yolo keeps every shape" * needs_shared) {
    for (const char* name : {"yolov8_detection", "yolov8_segmentation", "yolov8_oriented_boxes", "yolov8_pose"}) {
        CAPTURE(name);
        TempDir tmp;
        const auto source = corpus(std::string("cvat-datumaro/yolo_dataset/") + name);
        convert(source, tmp / "coco", "coco", "--images copy");
        convert(tmp / "coco", tmp / "yolo", "yolo");
        check_same(read_as("yolo", source), read_as("yolo", tmp / "yolo"), Compare::boxes_and_points);
    }
}

TEST_CASE("roundtrip: a dataset without train/val subsets survives yolo (subset 'default')") {
    TempDir tmp;
    const auto images = test::source_dir() / "examples/coco/images/val";
    std::filesystem::copy_file(test::source_dir() / "examples/coco/annotations/instances_val.json", tmp / "shapes.json");
    convert(tmp / "shapes.json", tmp / "yolo", "yolo", "--task detect --image-root '" + images.string() + "'");
    const Dataset before = read_as("coco", tmp / "shapes.json");
    REQUIRE(before.items.at(0).subset == "default");
    const Dataset after = read_as("yolo", tmp / "yolo");
    REQUIRE(after.items.size() == 1);
    check_same(before, after, Compare::boxes);
}

TEST_CASE("roundtrip: examples/voc and examples/yolo are examples/coco as labelkit writes it") {
    const auto examples = test::source_dir() / "examples";
    const Dataset coco = read_as("coco", examples / "coco");
    check_same(coco, read_as("voc", examples / "voc"), Compare::boxes);
    const Dataset yolo = read_as("yolo", examples / "yolo");
    CHECK(category_names(coco) == category_names(yolo));
    CHECK(objects_per_image(coco) == objects_per_image(yolo));
    // The committed YOLO files are exactly what the current build writes.
    TempDir tmp;
    convert(examples / "coco", tmp / "yolo", "yolo");
    for (const char* file : {"data.yaml", "labels/train/shapes_001.txt", "labels/train/shapes_002.txt",
                             "labels/train/shapes_003.txt", "labels/val/shapes_004.txt"})
        CHECK(test::read_file(tmp / "yolo" / file) == test::read_file(examples / "yolo" / file));
}
