// Conformance: every dataset in ../shared/corpus (written by other projects) is detected as
// its format and reads without error, or fails with a precise, explained error.
#include <doctest/doctest.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::corpus;
using labelkit::test::needs_shared;

namespace {

struct CorpusCase {
    const char* path;
    const char* format;
};

const CorpusCase readable[] = {
    {"datumaro/coco_dataset/coco", "coco"},
    {"datumaro/coco_dataset/coco_instances", "coco"},
    {"datumaro/coco_dataset/coco_person_keypoints", "coco"},
    {"datumaro/coco_dataset/coco_roboflow", "coco"},
    {"datumaro/coco_dataset/mmdet_coco", "coco"},
    {"datumaro/coco_dataset/coco_instances/annotations/instances_val.json", "coco"},
    {"datumaro/voc_dataset/voc_dataset1", "voc"},
    {"datumaro/voc_dataset/voc_dataset2", "voc"},
    {"datumaro/voc_dataset/voc_dataset3", "voc"},
    {"datumaro/yolo_dataset/strict", "yolo-darknet"},
    {"datumaro/yolo_dataset/labels", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolo", "yolo-darknet"},
    {"cvat-datumaro/yolo_dataset/yolov8_detection", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_detection_with_list_of_imgs", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_detection_with_list_of_names", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_detection_with_subset_txt", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_oriented_boxes", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_pose", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_pose_two_values_per_point", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_segmentation", "yolo"},
    {"cvat-datumaro/yolo_dataset/yolov8_classification", "classify"},
};

}  // namespace

TEST_CASE("conformance: every corpus dataset is detected as its format and reads" * needs_shared) {
    const std::vector<Format> formats = all_formats();
    for (const CorpusCase& c : readable) {
        CAPTURE(c.path);
        const DetectionResult detection = detect_format(formats, corpus(c.path));
        REQUIRE(detection.format.has_value());
        CHECK(detection.format->name == c.format);
        DiagnosticSink sink;
        const LoadedDataset loaded = load_dataset(formats, corpus(c.path), "", {}, sink);
        CHECK(loaded.format->name == c.format);
        CHECK(!loaded.dataset.items.empty());
        CHECK(!loaded.dataset.categories.empty());
        for (const Annotation& annotation : loaded.dataset.annotations) {
            CHECK(annotation.item < loaded.dataset.items.size());
            CHECK(annotation.category < loaded.dataset.categories.size());
        }
        CHECK(sink.count(Severity::error) == 0);
    }
}
