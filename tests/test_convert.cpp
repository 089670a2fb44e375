// The convert op: adapting a dataset to what its target stores, with counted reports.
#include <doctest/doctest.h>

#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/ops/convert.hpp"

using namespace labelkit;

namespace {

// One 100x100 image, one category, and the given annotations.
Dataset dataset_with(std::vector<Annotation> annotations) {
    Dataset dataset;
    dataset.categories.push_back({7, "thing"});
    Item item;
    item.path = "a.jpg";
    item.width = 100;
    item.height = 100;
    item.subset = "train";
    dataset.items.push_back(item);
    dataset.annotations = std::move(annotations);
    return dataset;
}

Annotation with_shape(Shape shape, Box box) {
    Annotation annotation;
    annotation.box = box;
    annotation.shape = std::move(shape);
    return annotation;
}

const Format& format_named(const std::vector<Format>& formats, const char* name) { return find_format(formats, name); }

bool reported(const DiagnosticSink& sink, const std::string& text) {
    for (const Diagnostic& d : sink.diagnostics())
        if (d.message.find(text) != std::string::npos) return true;
    return false;
}

const PolygonSet square{{{{10, 10}, {30, 10}, {30, 30}, {10, 30}}}};
const Box square_box{10, 10, 20, 20};

}  // namespace

TEST_CASE("convert: the YOLO task follows the data") {
    CHECK(choose_task(dataset_with({with_shape(std::monostate{}, square_box)})) == ShapeTask::detect);
    CHECK(choose_task(dataset_with({with_shape(square, square_box)})) == ShapeTask::segment);
    Annotation oriented = with_shape(OrientedBox{{{10, 10}, {30, 10}, {30, 30}, {10, 30}}}, square_box);
    CHECK(choose_task(dataset_with({with_shape(square, square_box), oriented})) == ShapeTask::obb);
    Annotation person = with_shape(std::monostate{}, square_box);
    person.keypoints = {{15, 15, 2}};
    CHECK(choose_task(dataset_with({oriented, person})) == ShapeTask::pose);
}

TEST_CASE("convert: voc gets boxes for polygons and masks, and says how many") {
    const auto formats = all_formats();
    RleMask mask{100, 100, {}};
    mask.counts = {1010, 20, 80, 20, 8870};  // two columns of 20 pixels at x = 10, 11 (y = 10..29)
    Dataset dataset = dataset_with({with_shape(square, square_box), with_shape(square, square_box),
                                    with_shape(mask, {10, 10, 2, 20})});
    dataset.annotations[0].keypoints = {{12, 12, 2}};
    DiagnosticSink sink;
    adapt_to_target(dataset, format_named(formats, "voc"), {}, sink);
    for (const Annotation& annotation : dataset.annotations) CHECK(std::holds_alternative<std::monostate>(annotation.shape));
    CHECK(dataset.annotations[0].box == square_box);
    CHECK(dataset.annotations[0].keypoints.empty());
    CHECK(reported(sink, "voc cannot store polygons: 2 polygon annotations written as their bounding boxes"));
    CHECK(reported(sink, "voc cannot store RLE masks: 1 written as their bounding boxes"));
    CHECK(reported(sink, "voc cannot store keypoints here: 1 annotations lost their keypoints"));
}

TEST_CASE("convert: yolo segment turns masks into contour polygons and boxes into corners") {
    const auto formats = all_formats();
    RleMask mask{100, 100, {}};
    mask.counts = {1010, 20, 80, 20, 8870};
    Dataset dataset = dataset_with({with_shape(std::monostate{}, square_box), with_shape(mask, {10, 10, 2, 20})});
    dataset.annotations[1].iscrowd = true;
    dataset.annotations[1].attributes = {{"occluded", true}};
    DiagnosticSink sink;
    adapt_to_target(dataset, format_named(formats, "yolo"), {}, sink);
    const auto& corners = std::get<PolygonSet>(dataset.annotations[0].shape);
    CHECK(corners.rings.at(0) == std::vector<Point>{{10, 10}, {30, 10}, {30, 30}, {10, 30}});
    // The mask is the pixel rectangle x 10..11, y 10..29: its outline has these bounds.
    CHECK(bounds(std::get<PolygonSet>(dataset.annotations[1].shape)) == Box{10, 10, 2, 20});
    CHECK(!dataset.annotations[1].iscrowd);
    CHECK(dataset.annotations[1].attributes.is_null());
    CHECK(reported(sink, "yolo cannot store RLE masks: 1 converted to polygons"));
    CHECK(reported(sink, "1 written as 4-corner polygons"));
    CHECK(reported(sink, "yolo cannot store iscrowd: 1 crowd annotations written as ordinary objects"));
    CHECK(reported(sink, "lost their attributes (occluded)"));
    CHECK(reported(sink, "thing (id 7) -> 0"));
}

TEST_CASE("convert: --task obb keeps 4-point rings and fits other polygons") {
    const auto formats = all_formats();
    // A rectangle drawn with 5 points (one on the top edge): its minimum-area rectangle is itself.
    const PolygonSet five{{{{10, 10}, {20, 10}, {30, 10}, {30, 30}, {10, 30}}}};
    Dataset dataset = dataset_with({with_shape(square, square_box), with_shape(five, square_box)});
    DiagnosticSink sink;
    adapt_to_target(dataset, format_named(formats, "yolo"), {ShapeTask::obb}, sink);
    const auto& kept = std::get<OrientedBox>(dataset.annotations[0].shape);
    CHECK(kept.corners == square.rings[0]);
    CHECK(bounds(std::get<OrientedBox>(dataset.annotations[1].shape)) == square_box);
    CHECK(reported(sink, "2 written as oriented boxes"));
}

TEST_CASE("convert: yolo pose pads missing keypoints; darknet keeps boxes only") {
    const auto formats = all_formats();
    Annotation person = with_shape(square, square_box);
    person.keypoints = {{12, 12, 2}, {14, 14, 1}};
    Dataset dataset = dataset_with({person, with_shape(std::monostate{}, square_box)});
    DiagnosticSink sink;
    adapt_to_target(dataset, format_named(formats, "yolo"), {}, sink);
    CHECK(dataset.annotations[1].keypoints.size() == 2);
    CHECK(dataset.annotations[1].keypoints[0].visibility == 0);
    CHECK(std::holds_alternative<std::monostate>(dataset.annotations[0].shape));
    CHECK(reported(sink, "1 annotations padded with unlabelled keypoints"));

    Dataset boxes = dataset_with({person});
    DiagnosticSink darknet_sink;
    adapt_to_target(boxes, format_named(formats, "yolo-darknet"), {}, darknet_sink);
    CHECK(std::holds_alternative<std::monostate>(boxes.annotations[0].shape));
    CHECK(boxes.annotations[0].keypoints.empty());
}
