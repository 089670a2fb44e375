// YOLO formats: Ultralytics ("yolo") and Darknet ("yolo-darknet"), read from the corpus with
// values worked out by hand, written and read back, and malformed inputs.
//
// Every corpus image is a 15x10 JPEG (from its SOF0 header), so a normalised x is multiplied
// by 15 and a normalised y by 10.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "formats/yolo/yolo_format.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "lint_fixtures.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::read_file;
using labelkit::test::TempDir;
using labelkit::test::write_file;
using labelkit::test::write_png;
namespace fs = std::filesystem;

namespace {

const Format& ultralytics() {
    static const Format format = make_yolo_format();
    return format;
}

const Format& darknet() {
    static const Format format = make_yolo_darknet_format();
    return format;
}

Dataset read_yolo(const fs::path& path, DiagnosticSink& sink) { return ultralytics().read(path, {}, sink); }
Dataset read_yolo(const fs::path& path) {
    DiagnosticSink sink;
    return read_yolo(path, sink);
}

fs::path yolo_corpus(const std::string& name) { return corpus("cvat-datumaro/yolo_dataset/" + name); }

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool has_rule(const DiagnosticSink& sink, const std::string& rule) {
    for (const Diagnostic& d : sink.diagnostics())
        if (d.rule == rule) return true;
    return false;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::max(std::abs(a), std::abs(b))); }

// Pixel coordinates of a few pixels from normalised ones: a product or two away from the value.
void check_box(const Box& box, double x, double y, double width, double height) {
    CHECK_NEAR(box.x, x, 1e-12);
    CHECK_NEAR(box.y, y, 1e-12);
    CHECK_NEAR(box.width, width, 1e-12);
    CHECK_NEAR(box.height, height, 1e-12);
}

void check_point(const Point& point, double x, double y) {
    CHECK_NEAR(point.x, x, 1e-12);
    CHECK_NEAR(point.y, y, 1e-12);
}

// The two boxes every detection sample of the corpus holds:
//   2 0.133333 0.300000 0.266667 0.200000
//   4 0.266667 0.450000 0.133333 0.300000
void check_two_corpus_boxes(const Dataset& dataset) {
    REQUIRE(dataset.annotations.size() == 2);
    const Annotation& a = dataset.annotations[0];
    const Annotation& b = dataset.annotations[1];
    CHECK(a.category == 2);
    CHECK(b.category == 4);
    // x = (0.133333 - 0.266667 / 2) * 15 = -0.0000075, w = 0.266667 * 15 = 4.000005
    check_box(a.box, -0.0000075, 2, 4.000005, 2);
    // x = (0.266667 - 0.133333 / 2) * 15 = 3.0000075, y = (0.45 - 0.15) * 10 = 3
    check_box(b.box, 3.0000075, 3, 1.999995, 3);
    CHECK(std::holds_alternative<std::monostate>(a.shape));
    CHECK(a.origin.position == 1);
    CHECK(b.origin.position == 2);
}

// ------------------------------------------------------------------ small files for TempDir tests

// images/train/a.png (40x20) with the given label text and data.yaml.
void make_dataset(const TempDir& tmp, const std::string& labels,
                  const std::string& yaml = "train: images/train\nval: images/train\nnames: [cat, dog]\n") {
    write_png(tmp / "images/train/a.png", 40, 20);
    write_file(tmp / "labels/train/a.txt", labels);
    write_file(tmp / "data.yaml", yaml);
}

// Runs read and returns the Error it must throw.
Error read_error(const fs::path& path, const Format& format = ultralytics()) {
    DiagnosticSink sink;
    try {
        format.read(path, {}, sink);
    } catch (const Error& error) {
        return error;
    }
    FAIL("no error for " << path);
    return Error("");
}

}  // namespace

// ------------------------------------------------------------------ reading the corpus

TEST_CASE("yolo: yolov8_detection reads with the image size from the JPEG header" * needs_shared) {
    const fs::path root = yolo_corpus("yolov8_detection");
    DiagnosticSink sink;
    const Dataset dataset = read_yolo(root, sink);
    REQUIRE(dataset.categories.size() == 10);
    for (std::size_t c = 0; c < 10; ++c) {
        CHECK(dataset.categories[c].id == static_cast<std::int64_t>(c));
        CHECK(dataset.categories[c].name == "label_" + std::to_string(c));
    }
    CHECK(dataset.subsets == std::vector<std::string>{"train"});
    REQUIRE(dataset.items.size() == 1);
    const Item& item = dataset.items[0];
    CHECK(item.path == "1.jpg");
    CHECK(item.subset == "train");
    CHECK(item.width == 15);
    CHECK(item.height == 10);
    CHECK(ends_with(item.image_file, "yolov8_detection/images/train/1.jpg"));
    check_two_corpus_boxes(dataset);
    REQUIRE(dataset.annotations[0].origin.file < dataset.source_files.size());
    CHECK(ends_with(dataset.source_files[dataset.annotations[0].origin.file], "labels/train/1.txt"));
    CHECK(sink.count(Severity::warning) == 0);
    // The data file itself can be given too.
    CHECK(read_yolo(root / "data.yaml").annotations.size() == 2);
}

TEST_CASE("yolo: names as a list, train as a list of images or a .txt file" * needs_shared) {
    const Dataset names = read_yolo(yolo_corpus("yolov8_detection_with_list_of_names"));
    REQUIRE(names.categories.size() == 10);
    CHECK(names.categories[9].name == "label_9");
    check_two_corpus_boxes(names);

    // train: [images/train/1.jpg]
    const Dataset images = read_yolo(yolo_corpus("yolov8_detection_with_list_of_imgs"));
    REQUIRE(images.items.size() == 1);
    CHECK(images.items[0].path == "1.jpg");
    CHECK(images.items[0].subset == "train");
    check_two_corpus_boxes(images);

    // train: train.txt, listing data/images/train/1.jpg ("data/" stands for the root).
    const Dataset listed = read_yolo(yolo_corpus("yolov8_detection_with_subset_txt"));
    REQUIRE(listed.items.size() == 1);
    CHECK(listed.items[0].path == "1.jpg");
    CHECK(listed.items[0].subset == "train");
    CHECK(ends_with(listed.items[0].image_file, "images/train/1.jpg"));
    check_two_corpus_boxes(listed);
}

TEST_CASE("yolo: yolov8_segmentation gives 3- and 5-point polygons" * needs_shared) {
    const Dataset dataset = read_yolo(yolo_corpus("yolov8_segmentation"));
    REQUIRE(dataset.annotations.size() == 2);
    const auto& first = std::get<PolygonSet>(dataset.annotations[0].shape);
    REQUIRE(first.rings.size() == 1);
    REQUIRE(first.rings[0].size() == 3);
    // 2 0.1 0.1 0.4 0.1 0.4 0.5
    check_point(first.rings[0][0], 1.5, 1);
    check_point(first.rings[0][1], 6, 1);
    check_point(first.rings[0][2], 6, 5);
    check_box(dataset.annotations[0].box, 1.5, 1, 4.5, 4);
    CHECK(dataset.annotations[0].category == 2);
    // 4 0.2 0.15 0.4 0.15 0.4 0.75 0.3 0.75 0.25 0.3
    const auto& second = std::get<PolygonSet>(dataset.annotations[1].shape);
    REQUIRE(second.rings[0].size() == 5);
    check_point(second.rings[0][0], 3, 1.5);
    check_point(second.rings[0][3], 4.5, 7.5);
    check_point(second.rings[0][4], 3.75, 3);
    check_box(dataset.annotations[1].box, 3, 1.5, 3, 6);
}

TEST_CASE("yolo: yolov8_oriented_boxes reads as oriented boxes, keeping a coordinate below 0" * needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_yolo(yolo_corpus("yolov8_oriented_boxes"), sink);
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(has_rule(sink, "yolo/obb-detected"));
    const auto& a = std::get<OrientedBox>(dataset.annotations[0].shape);
    // 2 0.146731 0.151795 0.319936 0.301795 0.186603 0.648205 0.013397 0.498205
    check_point(a.corners[0], 0.146731 * 15, 1.51795);
    check_point(a.corners[2], 0.186603 * 15, 6.48205);
    check_box(dataset.annotations[0].box, 0.013397 * 15, 1.51795, (0.319936 - 0.013397) * 15, 6.48205 - 1.51795);
    // 4 ... 0.442265 -0.009808: kept below 0, not clipped.
    const auto& b = std::get<OrientedBox>(dataset.annotations[1].shape);
    check_point(b.corners[3], 0.442265 * 15, -0.09808);
    CHECK_NEAR(dataset.annotations[1].box.y, -0.09808, 1e-12);
}

TEST_CASE("yolo: pose with kpt_shape [3, 3] and [3, 2]" * needs_shared) {
    const Dataset three = read_yolo(yolo_corpus("yolov8_pose"));
    REQUIRE(three.categories.size() == 1);
    CHECK(three.categories[0].name == "skeleton_label");
    REQUIRE(three.annotations.size() == 1);
    const Annotation& a = three.annotations[0];
    check_box(a.box, -0.0000075, 2, 4.000005, 2);
    REQUIRE(a.keypoints.size() == 3);
    // 0.1 0.2 2  0.3 0.4 2  0.5 0.6 2
    CHECK(a.keypoints[0] == Keypoint{1.5, 2, 2});
    check_point({a.keypoints[1].x, a.keypoints[1].y}, 4.5, 4);
    check_point({a.keypoints[2].x, a.keypoints[2].y}, 7.5, 6);
    CHECK(a.keypoints[2].visibility == 2);

    // Two values per point: no visibility in the file; labelled points are visible (2).
    const Dataset two = read_yolo(yolo_corpus("yolov8_pose_two_values_per_point"));
    REQUIRE(two.annotations.size() == 1);
    REQUIRE(two.annotations[0].keypoints.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) CHECK(two.annotations[0].keypoints[k] == a.keypoints[k]);
}

TEST_CASE("yolo: loose layouts with obj.names (datumaro labels/ and annotations/)" * needs_shared) {
    DiagnosticSink sink;
    const Dataset labels = read_yolo(corpus("datumaro/yolo_dataset/labels"), sink);
    CHECK(has_rule(sink, "yolo/loose-layout"));
    CHECK(labels.subsets == std::vector<std::string>{"train", "val"});
    REQUIRE(labels.items.size() == 2);
    CHECK(labels.items[0].subset == "train");
    CHECK(labels.items[1].subset == "val");
    CHECK(labels.items[1].path == "1.jpg");
    REQUIRE(labels.categories.size() == 10);
    CHECK(labels.annotations.size() == 4);
    CHECK(labels.annotations[2].item == 1);
    check_box(labels.annotations[3].box, 3.0000075, 3, 1.999995, 3);

    const Dataset annotations = read_yolo(corpus("datumaro/yolo_dataset/annotations"));
    REQUIRE(annotations.items.size() == 1);
    CHECK(annotations.items[0].subset == "");
    CHECK(annotations.items[0].path == "1.jpg");
    check_two_corpus_boxes(annotations);
}

TEST_CASE("yolo: a classification dataset is refused as such" * needs_shared) {
    const fs::path root = yolo_corpus("yolov8_classification");
    const Error error = read_error(root);
    CHECK(contains(error.message(), "classification"));
    const Detection detection = ultralytics().detect(root);
    CHECK(detection.score == 0);
    CHECK(contains(detection.reason, "classification"));
}

TEST_CASE("yolo: detection scores and reasons" * needs_shared) {
    const Detection data_yaml = ultralytics().detect(yolo_corpus("yolov8_detection"));
    CHECK(data_yaml.score == 90);
    CHECK(contains(data_yaml.reason, "data.yaml"));
    CHECK(ultralytics().detect(yolo_corpus("yolov8_pose/data.yaml")).score == 90);
    const Detection loose = ultralytics().detect(corpus("datumaro/yolo_dataset/labels"));
    CHECK(loose.score == 60);
    CHECK(contains(loose.reason, "obj.names"));
    CHECK(ultralytics().detect(corpus("datumaro/yolo_dataset/annotations")).score == 60);
    const Detection strict = ultralytics().detect(corpus("datumaro/yolo_dataset/strict"));
    CHECK(strict.score == 0);
    CHECK(!strict.reason.empty());
    CHECK(ultralytics().detect(corpus("datumaro/voc_dataset/voc_dataset1")).score == 0);
    CHECK(ultralytics().detect(corpus("datumaro/coco_dataset/coco")).score == 0);

    CHECK(darknet().detect(corpus("datumaro/yolo_dataset/strict")).score == 95);
    CHECK(darknet().detect(yolo_corpus("yolo")).score == 95);
    const Detection not_darknet = darknet().detect(yolo_corpus("yolov8_detection"));
    CHECK(not_darknet.score == 0);
    CHECK(contains(not_darknet.reason, "obj.data"));
}

TEST_CASE("yolo-darknet: the strict layout (obj.data, train.txt, obj_train_data/)" * needs_shared) {
    for (const fs::path& root : {corpus("datumaro/yolo_dataset/strict"), yolo_corpus("yolo")}) {
        CAPTURE(root);
        DiagnosticSink sink;
        const Dataset dataset = darknet().read(root, {}, sink);
        REQUIRE(dataset.categories.size() == 10);
        CHECK(dataset.categories[3].name == "label_3");
        CHECK(dataset.subsets == std::vector<std::string>{"train"});
        REQUIRE(dataset.items.size() == 1);
        CHECK(dataset.items[0].path == "1.jpg");
        CHECK(dataset.items[0].width == 15);
        CHECK(ends_with(dataset.items[0].image_file, "obj_train_data/1.jpg"));
        check_two_corpus_boxes(dataset);
        CHECK(ends_with(dataset.source_files[dataset.annotations[0].origin.file], "obj_train_data/1.txt"));
    }
}

// ------------------------------------------------------------------ writing

namespace {

// A dataset over PNGs written into tmp/src: categories with ids out of order, two subsets,
// an image without objects.
Dataset sample_dataset(const TempDir& tmp) {
    Dataset dataset;
    dataset.categories = {{7, "zebra"}, {3, "cat"}, {5, "dog"}};
    dataset.subsets = {"train", "val"};
    const auto add_item = [&](const std::string& path, const std::string& subset, std::uint32_t w, std::uint32_t h) {
        const fs::path image = tmp / ("src/" + subset + "/" + path);
        write_png(image, w, h);
        Item item;
        item.path = path;
        item.subset = subset;
        item.width = w;
        item.height = h;
        item.image_file = image.string();
        dataset.items.push_back(item);
    };
    add_item("a.png", "train", 640, 480);
    add_item("sub/b.png", "train", 333, 217);
    add_item("empty.png", "val", 100, 100);
    const auto add_box = [&](std::uint32_t item, std::uint32_t category, Box box) {
        Annotation annotation;
        annotation.item = item;
        annotation.category = category;
        annotation.box = box;
        dataset.annotations.push_back(annotation);
    };
    add_box(0, 0, {10.25, 20.5, 100.125, 50.75});
    add_box(0, 1, {0, 0, 640, 480});
    add_box(1, 2, {1.0 / 3, 2.0 / 7, 100.1, 33.3});
    return dataset;
}

void write_yolo(const Dataset& dataset, const fs::path& out, DiagnosticSink& sink,
                ImageMode images = ImageMode::copy) {
    fs::create_directories(out);
    ultralytics().write(dataset, out, WriteOptions{images}, sink);
}

void check_same_objects(const Dataset& before, const Dataset& after) {
    REQUIRE(before.items.size() == after.items.size());
    for (std::size_t i = 0; i < before.items.size(); ++i) {
        CHECK(before.items[i].path == after.items[i].path);
        CHECK(before.items[i].subset == after.items[i].subset);
        CHECK(before.items[i].width == after.items[i].width);
    }
    REQUIRE(before.annotations.size() == after.annotations.size());
    for (std::size_t i = 0; i < before.annotations.size(); ++i) {
        const Annotation& a = before.annotations[i];
        const Annotation& b = after.annotations[i];
        CAPTURE(i);
        CHECK(a.item == b.item);
        CHECK(before.categories[a.category].name == after.categories[b.category].name);
        CHECK(close(a.box.x, b.box.x));
        CHECK(close(a.box.y, b.box.y));
        CHECK(close(a.box.width, b.box.width));
        CHECK(close(a.box.height, b.box.height));
    }
}

}  // namespace

TEST_CASE("yolo: detect write -> read keeps boxes, class order by id, empty images") {
    TempDir tmp;
    const Dataset dataset = sample_dataset(tmp);
    DiagnosticSink sink;
    write_yolo(dataset, tmp / "out", sink);
    CHECK(sink.count(Severity::warning) == 0);

    const std::string yaml = read_file(tmp / "out/data.yaml");
    CHECK(!contains(yaml, "path:"));
    CHECK(contains(yaml, "train: images/train"));
    CHECK(contains(yaml, "val: images/val"));
    CHECK(contains(yaml, "nc: 3"));
    // Classes by source id: cat (3), dog (5), zebra (7).
    CHECK(contains(yaml, "names:\n  0: \"cat\"\n  1: \"dog\"\n  2: \"zebra\""));
    // zebra box 10.25 20.5 100.125 50.75 in 640x480: cx = 60.3125 / 640 = 0.0942382812...
    CHECK(read_file(tmp / "out/labels/train/a.txt") ==
          "2 0.09423828125 0.09557291666666666 0.1564453125 0.10572916666666667\n0 0.5 0.5 1 1\n");
    CHECK(read_file(tmp / "out/labels/val/empty.txt").empty());
    CHECK(fs::is_regular_file(tmp / "out/images/train/sub/b.png"));

    const Dataset back = read_yolo(tmp / "out");
    CHECK(back.subsets == std::vector<std::string>{"train", "val"});
    REQUIRE(back.categories.size() == 3);
    CHECK(back.categories[0].name == "cat");
    check_same_objects(dataset, back);
}

TEST_CASE("yolo: segment, obb and pose write -> read") {
    TempDir tmp;
    Dataset dataset = sample_dataset(tmp);
    SUBCASE("segment: a box becomes 4 corners, two rings are joined into one") {
        dataset.annotations[0].shape = PolygonSet{{{{10.25, 20.5}, {110.375, 20.5}, {60, 71.25}}}};
        dataset.annotations[1].shape = PolygonSet{{{{0, 0}, {10, 0}, {10, 10}}, {{20, 20}, {30, 20}, {30, 30}}}};
        dataset.annotations[1].box = {0, 0, 30, 30};
        DiagnosticSink sink;
        write_yolo(dataset, tmp / "out", sink);
        CHECK(has_rule(sink, "yolo/rings-joined"));
        CHECK(has_rule(sink, "yolo/box-as-shape"));
        CHECK(contains(read_file(tmp / "out/data.yaml"), "labelkit-task: segment"));
        const Dataset back = read_yolo(tmp / "out");
        const auto& joined = std::get<PolygonSet>(back.annotations[1].shape);
        REQUIRE(joined.rings.size() == 1);
        // Ring 1 from its point closest to ring 2 ((10, 10)), closed, then ring 2 from (20, 20), closed.
        REQUIRE(joined.rings[0].size() == 8);
        check_point(joined.rings[0][0], 10, 10);
        check_point(joined.rings[0][3], 10, 10);
        check_point(joined.rings[0][4], 20, 20);
        check_box(back.annotations[1].box, 0, 0, 30, 30);
        const auto& triangle = std::get<PolygonSet>(back.annotations[0].shape);
        check_point(triangle.rings[0][1], 110.375, 20.5);
        CHECK(std::get<PolygonSet>(back.annotations[2].shape).rings[0].size() == 4);
        check_same_objects(dataset, back);
    }
    SUBCASE("segment with 4-point polygons only stays segment when read back") {
        for (Annotation& annotation : dataset.annotations)
            annotation.shape = PolygonSet{{box_corners(annotation.box)}};
        DiagnosticSink sink;
        write_yolo(dataset, tmp / "out", sink);
        const Dataset back = read_yolo(tmp / "out");
        for (const Annotation& annotation : back.annotations)
            CHECK(std::holds_alternative<PolygonSet>(annotation.shape));
        check_same_objects(dataset, back);
    }
    SUBCASE("obb") {
        dataset.annotations[0].shape = OrientedBox{{Point{10, 20}, Point{50, 10}, Point{60, 50}, Point{20, 60}}};
        dataset.annotations[0].box = {10, 10, 50, 50};
        DiagnosticSink sink;
        write_yolo(dataset, tmp / "out", sink);
        CHECK(read_file(tmp / "out/labels/train/a.txt").substr(0, 2) == "2 ");
        const Dataset back = read_yolo(tmp / "out");
        const auto& obb = std::get<OrientedBox>(back.annotations[0].shape);
        check_point(obb.corners[1], 50, 10);
        CHECK(std::holds_alternative<OrientedBox>(back.annotations[1].shape));  // the box as 4 corners
        check_same_objects(dataset, back);
    }
    SUBCASE("pose") {
        dataset.categories[0].keypoint_names = {"nose", "left_eye", "right_eye"};
        dataset.annotations[0].keypoints = {{20, 30, 2}, {25.5, 31, 1}, {0, 0, 0}};
        DiagnosticSink sink;
        write_yolo(dataset, tmp / "out", sink);
        CHECK(has_rule(sink, "yolo/keypoints-padded"));
        const std::string yaml = read_file(tmp / "out/data.yaml");
        CHECK(contains(yaml, "kpt_shape: [3, 3]"));
        CHECK(contains(yaml, "flip_idx: [0, 2, 1]"));
        const Dataset back = read_yolo(tmp / "out");
        REQUIRE(back.annotations[0].keypoints.size() == 3);
        CHECK(back.annotations[0].keypoints[1].visibility == 1);
        check_point({back.annotations[0].keypoints[1].x, back.annotations[0].keypoints[1].y}, 25.5, 31);
        CHECK(back.annotations[1].keypoints[0] == Keypoint{0, 0, 0});
        CHECK(back.categories[2].keypoint_names == dataset.categories[0].keypoint_names);
        check_same_objects(dataset, back);
    }
}

TEST_CASE("yolo: writing warns about missing train/val and unplaced images, refuses unknown sizes") {
    TempDir tmp;
    Dataset dataset = sample_dataset(tmp);
    for (Item& item : dataset.items) item.subset = "";
    dataset.subsets = {""};
    dataset.items[1].image_file = (tmp / "nowhere.png").string();
    DiagnosticSink sink;
    write_yolo(dataset, tmp / "out", sink, ImageMode::link);
    CHECK(has_rule(sink, "yolo/missing-train-val"));
    CHECK(has_rule(sink, "yolo/missing-images"));
    CHECK(sink.count(Severity::warning) == 2);
    CHECK(contains(read_file(tmp / "out/data.yaml"), "default: images/default"));
    CHECK(fs::is_symlink(tmp / "out/images/default/a.png"));

    dataset.items[0].width = 0;
    DiagnosticSink again;
    fs::create_directories(tmp / "out2");
    try {
        ultralytics().write(dataset, tmp / "out2", {}, again);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(contains(error.message(), "size unknown"));
        CHECK(contains(error.message(), "a.png"));
    }
}

TEST_CASE("yolo: empty and missing label files give images without objects") {
    TempDir tmp;
    write_png(tmp / "images/train/a.png", 40, 20);
    write_png(tmp / "images/train/b.png", 40, 20);
    write_png(tmp / "images/train/c.png", 40, 20);
    write_file(tmp / "labels/train/a.txt", "");
    write_file(tmp / "labels/train/b.txt", "\n1 0.5 0.5 0.5 0.5\n\n");  // blank lines are skipped
    write_file(tmp / "data.yaml", "path: .\ntrain: images/train\nnames: {0: cat, 1: dog}\n");
    const Dataset dataset = read_yolo(tmp.path());
    REQUIRE(dataset.items.size() == 3);
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.annotations[0].item == 1);
    CHECK(dataset.annotations[0].origin.position == 2);
    check_box(dataset.annotations[0].box, 10, 5, 20, 10);

    DiagnosticSink sink;
    write_yolo(dataset, tmp / "out", sink);
    CHECK(read_file(tmp / "out/labels/train/a.txt").empty());
    CHECK(read_file(tmp / "out/labels/train/c.txt").empty());
    CHECK(read_file(tmp / "out/labels/train/b.txt") == "1 0.5 0.5 0.5 0.5\n");
    const Dataset back = read_yolo(tmp / "out");
    CHECK(back.items.size() == 3);
    CHECK(back.annotations.size() == 1);
}

TEST_CASE("yolo-darknet: write -> read keeps boxes; val is Darknet's valid") {
    TempDir tmp;
    const Dataset dataset = sample_dataset(tmp);
    DiagnosticSink sink;
    fs::create_directories(tmp / "out");
    darknet().write(dataset, tmp / "out", WriteOptions{ImageMode::copy}, sink);
    CHECK(sink.count(Severity::warning) == 0);
    CHECK(read_file(tmp / "out/obj.data") ==
          "classes = 3\ntrain = data/train.txt\nvalid = data/valid.txt\nnames = data/obj.names\nbackup = backup/\n");
    CHECK(read_file(tmp / "out/obj.names") == "cat\ndog\nzebra\n");
    CHECK(read_file(tmp / "out/train.txt") == "data/obj_train_data/a.png\ndata/obj_train_data/sub/b.png\n");
    CHECK(read_file(tmp / "out/obj_valid_data/empty.txt").empty());
    const Dataset back = darknet().read(tmp / "out", {}, sink);
    CHECK(back.subsets == std::vector<std::string>{"train", "val"});
    check_same_objects(dataset, back);
}

// ------------------------------------------------------------------ malformed inputs

TEST_CASE("yolo: malformed label lines are errors at file:line:column") {
    TempDir tmp;
    SUBCASE("4 values") {
        make_dataset(tmp, "0 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2\n");
        const Error error = read_error(tmp.path());
        CHECK(ends_with(error.where().path, "labels/train/a.txt"));
        CHECK(error.where().line == 2);
        CHECK(contains(error.message(), "expected 5 values"));
        CHECK(contains(error.message(), "found 4"));
    }
    SUBCASE("6 values") {
        make_dataset(tmp, "0 0.5 0.5 0.2 0.2 0.1\n");
        CHECK(contains(read_error(tmp.path()).message(), "found 6"));
    }
    SUBCASE("not a number") {
        make_dataset(tmp, "1 0.5 0.5 0.2 0.2\n\n0 0.5 abc 0.2 0.2\n");
        const Error error = read_error(tmp.path());
        CHECK(error.where().line == 3);
        CHECK(error.where().column == 7);
        CHECK(contains(error.message(), "'abc' is not a number"));
    }
    SUBCASE("class index >= number of names") {
        make_dataset(tmp, "2 0.5 0.5 0.2 0.2\n");
        const Error error = read_error(tmp.path());
        CHECK(error.where().line == 1);
        CHECK(error.where().column == 1);
        CHECK(contains(error.message(), "class index 2 is out of range"));
    }
    SUBCASE("class index not a whole number") {
        make_dataset(tmp, "cat 0.5 0.5 0.2 0.2\n");
        CHECK(contains(read_error(tmp.path()).message(), "not a whole number"));
    }
    SUBCASE("pose line of the wrong length") {
        make_dataset(tmp, "0 0.5 0.5 0.2 0.2 0.1 0.1 2\n",
                     "train: images/train\nnames: [p]\nkpt_shape: [2, 3]\n");
        const Error error = read_error(tmp.path());
        CHECK(error.where().line == 1);
        CHECK(contains(error.message(), "expected 11 values"));
    }
    SUBCASE("bad visibility") {
        make_dataset(tmp, "0 0.5 0.5 0.2 0.2 0.1 0.1 7\n", "train: images/train\nnames: [p]\nkpt_shape: [1, 3]\n");
        const Error error = read_error(tmp.path());
        CHECK(error.where().column == 27);
        CHECK(contains(error.message(), "visibility"));
    }
}

TEST_CASE("yolo: malformed data.yaml files are errors at their line") {
    TempDir tmp;
    SUBCASE("nc differs from the number of names") {
        make_dataset(tmp, "", "train: images/train\nnc: 3\nnames: [cat, dog]\n");
        const Error error = read_error(tmp.path());
        CHECK(ends_with(error.where().path, "data.yaml"));
        CHECK(error.where().line == 2);
        CHECK(contains(error.message(), "nc is 3 but names has 2 classes"));
    }
    SUBCASE("names dict with a gap") {
        make_dataset(tmp, "", "train: images/train\nnames:\n  0: cat\n  2: dog\n");
        const Error error = read_error(tmp.path());
        CHECK(error.where().line == 4);
        CHECK(error.where().column == 3);
        CHECK(contains(error.message(), "class 1 is missing"));
    }
    SUBCASE("no names") {
        make_dataset(tmp, "", "train: images/train\n");
        CHECK(contains(read_error(tmp.path()).message(), "no 'names'"));
    }
    SUBCASE("bad kpt_shape") {
        make_dataset(tmp, "", "train: images/train\nnames: [a]\nkpt_shape: [17, 4]\n");
        CHECK(read_error(tmp.path()).where().line == 3);
    }
    SUBCASE("invalid YAML") {
        make_dataset(tmp, "", "train: images/train\nnames: [a\n");
        const Error error = read_error(tmp.path());
        CHECK(contains(error.message(), "invalid YAML"));
        CHECK(error.where().line >= 2);
    }
    SUBCASE("a subset folder that does not exist") {
        make_dataset(tmp, "", "train: images/train\nval: images/val\nnames: [a]\n");
        const Error error = read_error(tmp.path());
        CHECK(error.where().line == 2);
        CHECK(contains(error.message(), "images/val"));
    }
}

TEST_CASE("yolo: a missing image is an error naming it") {
    TempDir tmp;
    SUBCASE("listed in a .txt file") {
        make_dataset(tmp, "", "train: train.txt\nnames: [a]\n");
        write_file(tmp / "train.txt", "./images/train/a.png\n./images/train/missing.png\n");
        const Error error = read_error(tmp.path());
        CHECK(ends_with(error.where().path, "train.txt"));
        CHECK(error.where().line == 2);
        CHECK(contains(error.message(), "missing.png"));
    }
    SUBCASE("an image whose header cannot be read") {
        make_dataset(tmp, "");
        write_file(tmp / "images/train/broken.jpg", "not a jpeg");
        const Error error = read_error(tmp.path());
        CHECK(ends_with(error.where().path, "images/train/broken.jpg"));
        CHECK(contains(error.message(), "from its header"));
    }
    SUBCASE("Darknet list") {
        write_png(tmp / "obj_train_data/a.png", 10, 10);
        write_file(tmp / "obj.names", "a\n");
        write_file(tmp / "obj.data", "classes = 1\ntrain = data/train.txt\nnames = data/obj.names\n");
        write_file(tmp / "train.txt", "data/obj_train_data/a.png\ndata/obj_train_data/b.png\n");
        const Error error = read_error(tmp.path(), darknet());
        CHECK(error.where().line == 2);
        CHECK(contains(error.message(), "b.png"));
    }
    SUBCASE("Darknet classes differ from obj.names") {
        write_file(tmp / "obj.names", "a\nb\n");
        write_file(tmp / "obj.data", "classes = 3\ntrain = data/train.txt\nnames = data/obj.names\n");
        write_file(tmp / "train.txt", "");
        const Error error = read_error(tmp.path(), darknet());
        CHECK(error.where().line == 1);
        CHECK(contains(error.message(), "classes = 3"));
    }
    SUBCASE("Darknet line with 9 values") {
        write_png(tmp / "obj_train_data/a.png", 10, 10);
        write_file(tmp / "obj_train_data/a.txt", "0 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n");
        write_file(tmp / "obj.names", "a\n");
        write_file(tmp / "obj.data", "classes = 1\ntrain = data/train.txt\nnames = data/obj.names\n");
        write_file(tmp / "train.txt", "data/obj_train_data/a.png\n");
        const Error error = read_error(tmp.path(), darknet());
        CHECK(ends_with(error.where().path, "a.txt"));
        CHECK(contains(error.message(), "expected 5 values"));
    }
}

TEST_CASE("yolo: item paths and label paths follow Ultralytics") {
    TempDir tmp;
    // Nested folders; a .txt list with entries relative to the root; labels found through
    // the last /images/ of the path.
    write_png(tmp / "images/train/x/1.png", 8, 8);
    write_png(tmp / "images/train/x/2.png", 8, 8);
    write_file(tmp / "labels/train/x/2.txt", "0 0.5 0.5 1 1\n");
    write_file(tmp / "data.yaml", "train: list.txt\nval: [images/train]\nnames: [a]\n");
    write_file(tmp / "list.txt", "images/train/x/2.png\n");
    const Dataset dataset = read_yolo(tmp.path());
    REQUIRE(dataset.items.size() == 3);
    CHECK(dataset.items[0].path == "x/2.png");  // relative to images/train
    CHECK(dataset.items[0].subset == "train");
    CHECK(dataset.items[1].path == "x/1.png");
    CHECK(dataset.items[1].subset == "val");
    CHECK(dataset.items[2].path == "x/2.png");
    CHECK(dataset.annotations.size() == 2);
    check_box(dataset.annotations[0].box, 0, 0, 8, 8);
}

TEST_CASE("yolo: label numbers are printed exactly as format_number prints them") {
    std::vector<double> values = {0.0, -0.0, 1.0, 0.5, 1e-5, 1e-4, 0.0001234, 0.00001234, 1e15, 1e16, 1.5e16,
                                  123456789012345678.0, 1e300, 5e-324, -2.5e-7, 1.7976931348623157e308, 0.1,
                                  100, 1234.5, 1e21, 9.999999999999999e15, 0.09557291666666666, -0.009808,
                                  2.0 / 3, 1.0 / 3 / 640, 640.0 / 7, 1e-100};
    std::uint64_t state = 88172645463325252ull;  // xorshift: random bit patterns, every exponent
    for (int i = 0; i < 100000; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double value = 0;
        std::memcpy(&value, &state, sizeof value);
        if (std::isfinite(value)) values.push_back(value);
        values.push_back(static_cast<double>(state % 6400000) / 100 / 640);
    }
    fmt::memory_buffer buffer;
    for (const double value : values) {
        buffer.clear();
        labelkit::yolo::append_number(buffer, value);
        const std::string written(buffer.data(), buffer.size());
        if (written != format_number(value)) {
            CAPTURE(value);
            CHECK(written == format_number(value));
        }
    }
}

TEST_CASE("yolo: data.yaml path, Roboflow ../ folders and several YAML files") {
    TempDir tmp;
    SUBCASE("an absolute path that does not exist falls back to the yaml's folder, with a warning") {
        make_dataset(tmp, "0 0.5 0.5 1 1\n", "path: /no/such/dataset\ntrain: images/train\nnames: [a]\n");
        DiagnosticSink sink;
        const Dataset dataset = read_yolo(tmp.path(), sink);
        CHECK(dataset.annotations.size() == 1);
        REQUIRE(has_rule(sink, "yolo/path-not-found"));
        CHECK(sink.diagnostics()[0].location.line == 1);
    }
    SUBCASE("a relative path is relative to the yaml's folder") {
        make_dataset(tmp, "0 0.5 0.5 1 1\n", "");
        write_file(tmp / "config/data.yaml", "path: ..\ntrain: images/train\nnames: [a]\n");
        fs::remove(tmp / "data.yaml");
        CHECK(read_yolo(tmp / "config/data.yaml").items.size() == 1);
    }
    SUBCASE("Roboflow: train: ../train/images, resolved as Ultralytics does when it does not exist") {
        write_png(tmp / "train/images/a.png", 10, 10);
        write_file(tmp / "train/labels/a.txt", "0 0.5 0.5 1 1\n");
        write_file(tmp / "data.yaml", "train: ../train/images\nval: ../train/images\nnc: 1\nnames: ['a']\n");
        const Dataset dataset = read_yolo(tmp.path());
        REQUIRE(dataset.items.size() == 2);
        CHECK(dataset.items[0].path == "a.png");
        CHECK(dataset.annotations.size() == 2);
    }
    SUBCASE("several YAML files: the one with names is the data file") {
        make_dataset(tmp, "0 0.5 0.5 1 1\n", "");
        fs::remove(tmp / "data.yaml");
        write_file(tmp / "dataset.yaml", "train: images/train\nnames: [a]\n");
        write_file(tmp / "hyp.yaml", "lr0: 0.01\n");
        CHECK(ultralytics().detect(tmp.path()).score == 90);
        CHECK(read_yolo(tmp.path()).items.size() == 1);
        write_file(tmp / "other.yaml", "train: images/train\nnames: [b]\n");
        CHECK(contains(read_error(tmp.path()).message(), "several YAML files"));
    }
}

TEST_CASE("yolo-darknet: an image named like a label file beside it is refused, never written over") {
    for (const auto& names : {std::vector<std::string>{"a.txt"}, std::vector<std::string>{"b.png", "b.txt"}}) {
        Dataset dataset;
        dataset.categories.push_back({1, "cat"});
        for (const std::string& name : names) dataset.items.push_back({no_id, name, 64, 64, "train"});
        Annotation annotation;
        annotation.box = Box{1, 1, 5, 5};
        dataset.annotations.push_back(annotation);
        TempDir dir;
        DiagnosticSink sink;
        INFO(names.back());
        try {
            darknet().write(dataset, dir.path(), {ImageMode::none}, sink);
            FAIL("written");
        } catch (const Error& error) {
            CHECK(std::string(error.what()).find("'" + names.back() + "'") != std::string::npos);  // with b.png, as b.png's label
        }
        CHECK_FALSE(fs::exists(dir / "obj_train_data" / names.back()));
    }
}

TEST_CASE("yolo: an image that EXIF turns by 90 degrees is sized as displayed, as Ultralytics normalises its labels") {
    TempDir dir;
    labelkit::test::write_files(dir.path(), {{"images/train/r.jpg", "jpg:200x100:exif=6"},
                                             {"labels/train/r.txt", "0 0.25 0.5 0.1 0.2\n"},
                                             {"data.yaml", "train: images/train\nnames: [a]\n"}});
    DiagnosticSink sink;
    const Dataset dataset = read_yolo(dir.path(), sink);
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].width == 100);  // stored 200 wide, displayed 100 wide
    CHECK(dataset.items[0].height == 200);
    REQUIRE(dataset.annotations.size() == 1);
    check_box(dataset.annotations[0].box, 20, 80, 10, 40);
    bool said = false;
    for (const Diagnostic& diagnostic : sink.diagnostics()) said = said || diagnostic.rule == "yolo/exif-rotated";
    CHECK(said);
}

TEST_CASE("yolo and yolo-darknet: a coordinate that is not finite once normalised is an error naming the label file") {
    Dataset dataset;
    dataset.categories.push_back({1, "c"});
    dataset.items.push_back({no_id, "a.png", 100, 100, "train"});
    Annotation annotation;
    annotation.box = Box{1.7e308, 0, 1.7e308, 10};
    dataset.annotations.push_back(annotation);
    for (const Format* format : {&ultralytics(), &darknet()}) {
        TempDir dir;
        DiagnosticSink sink;
        INFO(format->name);
        try {
            format->write(dataset, dir.path(), {ImageMode::none}, sink);
            FAIL("written");
        } catch (const Error& error) {
            CHECK(error.where().path.ends_with("a.txt"));
            CHECK(error.message() == "image 'a.png': a coordinate would be written as inf: it is not finite once "
                                     "normalised by the image size");
        }
    }
}

TEST_CASE("yolo and yolo-darknet: a subset named like one of the format's own keys is refused, never a broken data.yaml") {
    for (const auto& [format, subset] : {std::pair{&ultralytics(), "names"}, std::pair{&ultralytics(), "path"},
                                         std::pair{&darknet(), "names"}, std::pair{&darknet(), "classes"}}) {
        Dataset dataset;
        dataset.categories.push_back({1, "c"});
        dataset.items.push_back({no_id, "a.png", 100, 100, "train"});
        dataset.items.push_back({no_id, "b.png", 100, 100, subset});
        TempDir dir;
        DiagnosticSink sink;
        INFO(format->name, " ", subset);
        try {
            format->write(dataset, dir.path(), {ImageMode::none}, sink);
            FAIL("written");
        } catch (const Error& error) {
            CHECK(error.message().starts_with(std::string("subset '") + subset + "' cannot be"));
        }
    }
}
