// The lint rule cases, and the test that runs one: every rule the library declares is a
// subcase named by its id, which ctest runs on its own as lint_rule:<id> (lint_rule_tests.cmake).
// This file is not a test_*.cpp, so no ctest entry runs all of them at once.
#include "lint_rule_cases.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "labelkit/format.hpp"
#include "labelkit/ops/lint.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

std::string coco_file(const std::vector<std::string>& annotations) {
    return coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")}, annotations);
}

std::string base_annotation(int i) {
    return i == 1 ? coco_box(1, 1, 1, 10, 10, 100, 50) : coco_box(2, 2, 2, 200, 100, 50, 50);
}

// The COCO dataset with one more annotation (line 8, /annotations/2).
Files coco_plus(const std::string& annotation) {
    return {{"annotations/instances_default.json", coco_file({base_annotation(1), base_annotation(2), annotation})}};
}

const std::string coco_path = "annotations/instances_default.json";
const std::string keypoints_path = "annotations/person_keypoints_default.json";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::vector<RuleCase> coco_cases() {
    const Files base = coco_dataset();
    const std::string json = base.at(coco_path);
    std::vector<RuleCase> cases;
    cases.push_back({"coco/json-syntax", with(base, coco_path, replace(json, "100, 50]", "100 50]")), base,
                     "instances_default.json:6:65 (at /annotations/0/bbox/3)"});
    cases.push_back({"coco/schema", coco_plus(R"({"id": 3, "category_id": 1, "bbox": [1, 1, 5, 5], "area": 25})"),
                     coco_plus(coco_box(3, 1, 1, 1, 1, 5, 5)), "instances_default.json:8:1 (at /annotations/2)"});
    cases.push_back({"coco/duplicate-image-id",
                     {{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg"), coco_image(2, "c.jpg")},
                                            {base_annotation(1), base_annotation(2)})}},
                     {{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg"), coco_image(3, "c.jpg")},
                                            {base_annotation(1), base_annotation(2)})}},
                     ":4:1 (at /images/2/id)"});
    const std::vector<std::string> three = {R"({"id": 1, "name": "cat"})", R"({"id": 2, "name": "dog"})",
                                            R"({"id": 2, "name": "bird"})"};
    std::vector<std::string> fixed = three;
    fixed[2] = R"({"id": 3, "name": "bird"})";
    cases.push_back({"coco/duplicate-category-id",
                     {{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")},
                                            {base_annotation(1), base_annotation(2)}, three)}},
                     {{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")},
                                            {base_annotation(1), base_annotation(2)}, fixed)}},
                     ":12:1 (at /categories/2/id)"});
    const auto keypoints_file = [](const char* name) {
        return coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")}, {},
                         {fmt::format(R"({{"id": 1, "name": "{}"}})", name), R"({"id": 2, "name": "dog"})"});
    };
    cases.push_back({"coco/category-conflict", with(base, keypoints_path, keypoints_file("person")),
                     with(base, keypoints_path, keypoints_file("cat")), "person_keypoints_default.json:8:1 (at /categories/0/name)"});
    cases.push_back({"coco/unknown-image-id", coco_plus(coco_box(3, 9, 1, 1, 1, 5, 5)),
                     coco_plus(coco_box(3, 1, 1, 1, 1, 5, 5)), ":8:", });
    cases.back().where = "(at /annotations/2/image_id)";
    cases.push_back({"coco/unknown-category-id", coco_plus(coco_box(3, 1, 7, 1, 1, 5, 5)),
                     coco_plus(coco_box(3, 1, 1, 1, 1, 5, 5)), "instances_default.json:8:"});
    const auto polygon = [](const char* points) {
        return fmt::format(R"({{"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[{}]], "bbox": [1, 1, 9, 9], "area": 40.5, "iscrowd": 0}})",
                           points);
    };
    cases.push_back({"coco/polygon-odd-coordinates", coco_plus(polygon("1, 1, 10, 1, 10")),
                     coco_plus(polygon("1, 1, 10, 1, 10, 10")), "(at /annotations/2/segmentation/0)"});
    const auto rle = [](const char* counts) {
        return fmt::format(R"({{"id": 3, "image_id": 1, "category_id": 1, "segmentation": {{"counts": [{}], "size": [4, 4]}}, "area": 10, "iscrowd": 1}})",
                           counts);
    };
    cases.push_back({"coco/invalid-rle", coco_plus(rle("5, 5")), coco_plus(rle("6, 10")), "instances_default.json:8:"});
    cases.push_back({"coco/unknown-fields",
                     coco_plus(R"({"id": 3, "image_id": 1, "category_id": 1, "bbox": [1, 1, 5, 5], "area": 25, "iscrowd": 0, "tool": "x"})"),
                     coco_plus(coco_box(3, 1, 1, 1, 1, 5, 5)), "instances_default.json"});
    cases.push_back({"coco/skipped-file", with(base, "annotations/captions_default.json", R"({"images": [], "annotations": []})"),
                     base, "captions_default.json"});
    const auto with_info = [](std::string text, int version) {
        return fmt::format("{{\"info\": {{\"version\": {}}},\n", version) + text.substr(1);
    };
    const std::string second = coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")}, {});
    cases.push_back({"coco/info-differs",
                     {{coco_path, with_info(json, 1)}, {keypoints_path, with_info(second, 2)}},
                     {{coco_path, with_info(json, 1)}, {keypoints_path, with_info(second, 1)}},
                     "person_keypoints_default.json:1:"});
    const std::string repeated = coco_json(
        {coco_image(1, "a.jpg"), coco_image(2, "b.jpg")},
        {R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 50], "area": 5000, "iscrowd": 0, "keypoints": [20, 20, 2], "num_keypoints": 1})"});
    cases.push_back({"coco/merged-keypoints", with(base, keypoints_path, repeated), base, "person_keypoints_default.json"});
    return cases;
}

std::vector<RuleCase> yolo_cases() {
    const Files base = yolo_dataset();
    const std::string names = "names:\n  0: cat\n  1: dog\n";
    const std::string train = "train: images/train\n";
    std::vector<RuleCase> cases;
    cases.push_back({"yolo/yaml-syntax", with(base, "data.yaml", train + "names: [cat, dog\n"), base, "data.yaml:"});
    cases.back().extra = "--from yolo";
    cases.push_back({"yolo/data-yaml", with(base, "data.yaml", train + "names: 5\n"), base, "data.yaml:2:8"});
    cases.back().extra = "--from yolo";
    cases.push_back({"yolo/missing-names", with(base, "data.yaml", train), base, "data.yaml", "--from yolo"});
    cases.push_back({"yolo/no-names", with(base, "data.yaml", train + "nc: 2\n"), base, "data.yaml:2:5", "--from yolo"});
    cases.push_back({"yolo/nc-mismatch", with(base, "data.yaml", train + names + "nc: 3\n"),
                     with(base, "data.yaml", train + names + "nc: 2\n"), "data.yaml:5:5"});
    cases.push_back({"yolo/names-gap", with(base, "data.yaml", train + "names:\n  0: cat\n  2: dog\n"), base, "data.yaml:4:3"});
    cases.push_back({"yolo/missing-path", with(base, "data.yaml", train + "val: images/val\n" + names), base, "data.yaml:2:6"});
    cases.push_back({"yolo/path-not-found", with(base, "data.yaml", "path: nowhere\n" + train + names), base, "data.yaml:1:7"});
    cases.push_back({"yolo/no-subsets", with(base, "data.yaml", names), base, "data.yaml"});
    cases.push_back({"yolo/empty-subset", with(with(base, "data.yaml", train + "val: images/val\n" + names), "images/val/notes.md", "x"),
                     base, "data.yaml:2:6"});
    cases.push_back({"yolo/kpt-names", with(base, "data.yaml", train + names + "kpt_names: 5\n"), base, "data.yaml:5:12"});
    Files loose = {{"obj.names", "cat\ndog\n"}, {"images/a.png", "png:64x48"}, {"labels/a.txt", "0 0.5 0.5 0.25 0.25\n"}};
    cases.push_back({"yolo/loose-layout", loose, base, ""});
    const std::string a = "labels/train/a.txt";
    cases.push_back({"yolo/field-count", with(base, a, "0 0.5 0.5 0.25\n"), base, "a.txt:1:1"});
    cases.push_back({"yolo/not-a-number", with(base, a, "0 0.5 x 0.25 0.25\n"), base, "a.txt:1:7"});
    cases.push_back({"yolo/invalid-class", with(base, a, "cat 0.5 0.5 0.25 0.25\n"), base, "a.txt:1:1"});
    cases.push_back({"yolo/class-out-of-range", with(base, a, "0 0.5 0.5 0.25 0.25\n5 0.5 0.5 0.25 0.25\n"), base, "a.txt:2:1"});
    cases.push_back({"yolo/coordinate-out-of-range", with(base, a, "0 0.5 1.2 0.25 0.25\n"),
                     with(base, a, "0 0.5 1.0005 0.25 0.25\n"), "a.txt:1:7"});
    Files pose = with(base, "data.yaml", train + names + "kpt_shape: [1, 3]\n");
    pose = with(pose, "labels/train/b.txt", "1 0.25 0.25 0.125 0.125 0.2 0.2 2\n");
    cases.push_back({"yolo/keypoint-visibility", with(pose, a, "0 0.5 0.5 0.25 0.25 0.5 0.5 5\n"),
                     with(pose, a, "0 0.5 0.5 0.25 0.25 0.5 0.5 2\n"), "a.txt:1:29"});
    cases.push_back({"yolo/orphan-label", with(base, "labels/train/c.txt", "0 0.5 0.5 0.1 0.1\n"), base, "labels/train/c.txt"});
    const Files listed = with(base, "data.yaml", "train: train.txt\n" + names);
    cases.push_back({"yolo/missing-image", with(listed, "train.txt", "images/train/a.png\nimages/train/zzz.png\n"),
                     with(listed, "train.txt", "images/train/a.png\nimages/train/b.png\n"), "train.txt:2:1"});
    cases.push_back({"yolo/unreadable-image", with(base, "images/train/a.png", "not a png"), base, "images/train/a.png"});
    cases.push_back({"yolo/listed-twice", with(listed, "train.txt", "images/train/a.png\nimages/train/a.png\n"),
                     with(listed, "train.txt", "images/train/a.png\n"), "train.txt:2:1"});
    cases.push_back({"yolo/not-an-image", with(listed, "train.txt", "images/train/a.png\nnotes.md\n"),
                     with(listed, "train.txt", "images/train/a.png\n"), "train.txt:2:1"});
    Files obb = with(base, a, "0 0.1 0.1 0.4 0.1 0.4 0.4 0.1 0.4\n");
    obb = with(obb, "labels/train/b.txt", "1 0.5 0.5 0.9 0.5 0.9 0.9 0.5 0.9\n");
    cases.push_back({"yolo/obb-detected", obb, base, ""});
    const Files darknet = {{"obj.data", "classes = 2\ntrain = train.txt\nnames = obj.names\n"},
                           {"obj.names", "cat\ndog\n"},
                           {"train.txt", "obj_train_data/a.png\n"},
                           {"obj_train_data/a.png", "png:64x48"},
                           {"obj_train_data/a.txt", "0 0.5 0.5 0.25 0.25\n"}};
    cases.push_back({"yolo/unlisted-image",
                     with(with(darknet, "obj_train_data/b.png", "png:64x48"), "obj_train_data/b.txt", "1 0.5 0.5 0.25 0.25\n"),
                     darknet, "obj_train_data/b.txt"});
    cases.push_back({"yolo/shared-label", with(base, "images/train/a.jpg", "jpg:64x48"), base, "labels/train/a.txt"});
    const Files roboflow = {{"train/_darknet.labels", "cat\ndog"},
                            {"train/a.png", "png:64x48"},
                            {"train/a.txt", "0 0.5 0.5 0.25 0.25\n"},
                            {"valid/_darknet.labels", "cat\ndog"},
                            {"valid/b.png", "png:64x48"},
                            {"valid/b.txt", "1 0.5 0.5 0.25 0.25\n"}};
    cases.push_back({"yolo-darknet/no-class-names", with(roboflow, "valid/_darknet.labels", ""), roboflow, "valid"});
    cases.push_back({"yolo/image-size-given", with(base, "images/train/a.png", "not a png"), base, "",
                     "--image-size 64,48"});
    cases.push_back({"yolo-darknet/no-subsets", with(darknet, "obj.data", "classes = 2\nnames = obj.names\n"), darknet,
                     "obj.data"});
    return cases;
}

std::vector<RuleCase> voc_cases() {
    const Files base = voc_dataset();
    const std::string a = "Annotations/a.xml";
    const std::string bndbox = "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox>";
    std::vector<RuleCase> cases;
    cases.push_back({"voc/xml-syntax", with(base, a, "<annotation>\n  <filename>a.jpg</filename>\n"), base, "a.xml:"});
    cases.push_back({"voc/schema", with(base, a, voc_xml("a.jpg", "  <object>" + bndbox + "</object>\n")), base, "a.xml:8"});
    cases.push_back({"voc/missing-bndbox", with(base, a, voc_xml("a.jpg", "  <object><name>cat</name></object>\n")), base,
                     "a.xml:8"});
    cases.push_back({"voc/inverted-box", with(base, a, voc_xml("a.jpg", voc_object("cat", "20", "5", "5", "20"))), base,
                     "a.xml:10"});
    cases.push_back({"voc/missing-size", with(base, a, voc_xml("a.jpg", voc_object("cat", "5", "5", "20", "20"), false)),
                     base, "a.xml:1:1"});
    const std::string labelmap = "# label:color_rgb:parts:actions\nbackground:0,0,0::\ncat:1,1,1::\n";
    cases.push_back({"voc/unknown-class", with(base, "labelmap.txt", labelmap),
                     with(base, "labelmap.txt", labelmap + "dog:2,2,2::\n"), "b.xml:9"});
    const Files with_images = with(with(base, "JPEGImages/a.jpg", "jpg:64x48"), "JPEGImages/b.jpg", "jpg:64x48");
    cases.push_back({"voc/filename-not-id",
                     with(with_images, a, voc_xml("b.jpg", voc_object("cat", "5", "5", "20", "20"))), with_images,
                     "a.xml:2:13"});
    cases.push_back({"voc/listed-id-not-found", with(base, "ImageSets/Main/train.txt", "a\nb\nab\n"), base,
                     "train.txt:3:1"});
    cases.push_back({"voc/listed-twice", with(base, "ImageSets/Main/train.txt", "a\nb\na\n"), base, "train.txt:3:1"});
    cases.push_back({"voc/multiple-subsets", with(base, "ImageSets/Main/val.txt", "a\n"),
                     with(with(base, "ImageSets/Main/train.txt", "b\n"), "ImageSets/Main/val.txt", "a\n"), "val.txt:1:1"});
    cases.push_back({"voc/ignored-element",
                     with(base, a, voc_xml("a.jpg", "  <object>\n    <name>cat</name>\n    <colour>red</colour>\n    " +
                                                        bndbox + "\n  </object>\n")),
                     base, "a.xml:10"});
    cases.push_back({"voc/unlisted-image", with(base, "Annotations/c.xml", voc_xml("c.jpg", "")), base, ""});
    Files layout = base;
    layout.erase("ImageSets/Main/train.txt");
    layout["ImageSets/Layout/train.txt"] = "a\nb\n";
    cases.push_back({"voc/subset-lists", layout, base, "ImageSets/Layout"});
    return cases;
}

std::vector<RuleCase> geometry_cases() {
    const Files base = coco_dataset();
    std::vector<RuleCase> cases;
    cases.push_back({"geometry/non-finite", with(yolo_dataset(), "labels/train/a.txt", "0 nan 0.5 0.25 0.25\n"),
                     yolo_dataset(), "a.txt:1"});
    cases.push_back({"geometry/degenerate-box", coco_plus(coco_box(3, 1, 1, 5, 5, 0, 10)),
                     coco_plus(coco_box(3, 1, 1, 5, 5, 1, 10)), ":8:1 (at /annotations/2)"});
    cases.push_back({"geometry/box-outside-image", coco_plus(coco_box(3, 1, 1, 600, 400, 100, 100)),
                     coco_plus(coco_box(3, 1, 1, 600, 400, 40, 80)), ":8:1 (at /annotations/2)"});
    const auto polygon = [](const char* points, double area) {
        return fmt::format(R"({{"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[{}]], "bbox": [0, 0, 10, 10], "area": {}, "iscrowd": 0}})",
                           points, area);
    };
    cases.push_back({"geometry/polygon-too-few-points", coco_plus(polygon("1, 1, 5, 5", 0)),
                     coco_plus(polygon("0, 0, 10, 0, 10, 10", 50)), "(at /annotations/2)"});
    cases.push_back({"geometry/self-intersecting-polygon", coco_plus(polygon("0, 0, 10, 10, 10, 0, 0, 10", 50)),
                     coco_plus(polygon("0, 0, 10, 0, 10, 10, 0, 10", 100)), "(at /annotations/2)"});
    const auto rle = [](const char* counts, const char* size) {
        return fmt::format(R"({{"id": 3, "image_id": 1, "category_id": 1, "segmentation": {{"counts": [{}], "size": [{}]}}, "area": 50, "iscrowd": 1}})",
                           counts, size);
    };
    cases.push_back({"geometry/rle-size-mismatch", coco_plus(rle("6, 10", "4, 4")),
                     coco_plus(rle("100, 50, 307050", "480, 640")), "(at /annotations/2)"});
    cases.push_back({"geometry/area-mismatch",
                     coco_plus(R"({"id": 3, "image_id": 1, "category_id": 1, "bbox": [300, 300, 100, 50], "area": 9999, "iscrowd": 0})"),
                     coco_plus(coco_box(3, 1, 1, 300, 300, 100, 50)), "(at /annotations/2)"});
    const auto outlined = [](const char* bbox) {
        return fmt::format(R"({{"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[300, 300, 400, 300, 400, 350]], "bbox": [{}], "area": 2500, "iscrowd": 0}})",
                           bbox);
    };
    cases.push_back({"geometry/box-shape-mismatch", coco_plus(outlined("300, 300, 150, 50")),
                     coco_plus(outlined("300, 300, 100, 50")), ":8:1 (at /annotations/2)"});
    cases.push_back({"geometry/duplicate-annotation", coco_plus(coco_box(3, 1, 1, 10, 10, 100, 50)),
                     coco_plus(coco_box(3, 1, 1, 300, 300, 100, 50)), ":8:1 (at /annotations/2)"});
    cases.push_back({"geometry/near-duplicate", coco_plus(coco_box(3, 1, 1, 11, 10, 100, 50)),
                     coco_plus(coco_box(3, 1, 1, 50, 10, 100, 50)), ":8:1 (at /annotations/2)"});
    return cases;
}

std::vector<RuleCase> dataset_cases() {
    const Files base = coco_dataset();
    std::vector<RuleCase> cases;
    cases.push_back({"dataset/duplicate-annotation-id", coco_plus(coco_box(1, 2, 1, 300, 300, 20, 20)),
                     coco_plus(coco_box(3, 2, 1, 300, 300, 20, 20)), ":8:1 (at /annotations/2)"});
    const auto three_images = [](const char* third) {
        return Files{{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg"), coco_image(3, third)},
                                           {base_annotation(1), base_annotation(2), coco_box(3, 3, 1, 1, 1, 20, 20)})}};
    };
    cases.push_back({"dataset/duplicate-file-name", three_images("a.jpg"), three_images("c.jpg"), ":4:1 (at /images/2)"});
    const auto split = [](const char* val_image) {
        return Files{{"annotations/instances_train.json", coco_json({coco_image(1, "a.jpg")}, {base_annotation(1)})},
                     {"annotations/instances_val.json", coco_json({coco_image(1, val_image)}, {base_annotation(1)})}};
    };
    const auto split_two = [](const char* val_image) {
        return Files{{"annotations/instances_train.json",
                      coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")}, {base_annotation(1)})},
                     {"annotations/instances_val.json", coco_json({coco_image(1, val_image)}, {base_annotation(1)})}};
    };
    cases.push_back({"dataset/subset-leakage", split_two("a.jpg"), split_two("c.jpg"), "instances_val.json:2:1 (at /images/0)"});
    cases.push_back({"dataset/identical-subsets", split("a.jpg"), split("c.jpg"), ""});
    cases.push_back({"dataset/unused-category",
                     {{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")},
                                            {base_annotation(1), base_annotation(2)},
                                            {R"({"id": 1, "name": "cat"})", R"({"id": 2, "name": "dog"})",
                                             R"({"id": 3, "name": "bird"})"})}},
                     base, ""});
    cases.push_back({"dataset/image-without-annotations",
                     {{coco_path, coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg"), coco_image(3, "c.jpg")},
                                            {base_annotation(1), base_annotation(2)})}},
                     base, ":4:1 (at /images/2)"});
    Files ratio = with(coco_plus(coco_box(3, 1, 1, 300, 300, 100, 50)), ".labelkit.yaml",
                       "rules:\n  dataset/class-imbalance:\n    ratio: 1.5\n");
    cases.push_back({"dataset/class-imbalance", ratio, with(base, ".labelkit.yaml", "rules:\n  dataset/class-imbalance:\n    ratio: 1.5\n"), ""});
    std::vector<std::string> boxes = {base_annotation(1), base_annotation(2)};
    for (int i = 0; i < 7; ++i) boxes.push_back(coco_box(3 + i, 1, 1, 120.0 * (i % 5), 200.0 + 60 * (i / 5), 95 + i * 2, 50));
    std::vector<std::string> outlier = boxes, normal = boxes;
    outlier.push_back(coco_box(10, 2, 1, 300, 300, 2, 2));
    normal.push_back(coco_box(10, 2, 1, 300, 300, 100, 48));
    const std::string config = "rules:\n  dataset/box-size-outlier:\n    sigma: 2\n    min_count: 5\n";
    cases.push_back({"dataset/box-size-outlier", {{coco_path, coco_file(outlier)}, {".labelkit.yaml", config}},
                     {{coco_path, coco_file(normal)}, {".labelkit.yaml", config}}, "(at /annotations/9)"});
    return cases;
}

std::vector<RuleCase> image_cases() {
    const Files base = with(with(coco_dataset(), "images/default/a.jpg", "jpg:640x480"), "images/default/b.jpg", "jpg:640x480");
    std::vector<RuleCase> cases;
    cases.push_back({"image/missing", coco_dataset(), base, ":2:1 (at /images/0)", "--check-images"});
    cases.push_back({"image/unreadable", with(base, "images/default/a.jpg", "garbage"), base, ":2:1 (at /images/0)",
                     "--check-images"});
    cases.push_back({"image/size-mismatch", with(base, "images/default/a.jpg", "jpg:320x240"), base, ":2:1 (at /images/0)",
                     "--check-images"});
    cases.push_back({"image/exif-rotated", with(base, "images/default/b.jpg", "jpg:640x480:exif=6"),
                     with(base, "images/default/b.jpg", "jpg:640x480:exif=3"), ":3:1 (at /images/1)", "--check-images"});
    // The corpus case as found (WebP bytes saved as Image_17.jpg, checked with `file`), and the
    // same file renamed to .webp.
    const std::string found = "corpus:realworld/yolo-webp-images-unreadable/";
    const Files pen = {{"data.yaml", "train: images/train\nnames: [PEN]\n"},
                       {"labels/train/Image_17.txt", found + "labels/train/Image_17.txt"}};
    cases.push_back({"image/extension-mismatch", with(pen, "images/train/Image_17.jpg", found + "images/train/Image_17.jpg"),
                     with(pen, "images/train/Image_17.webp", found + "images/train/Image_17.jpg"),
                     "labels/train/Image_17.txt", "--check-images"});
    return cases;
}

std::string labelme_file(const std::string& shapes, const std::string& size = R"(, "imageHeight": 100, "imageWidth": 200)") {
    return "{\"version\": \"5.5.0\",\n \"flags\": {},\n \"shapes\": [" + shapes +
           "],\n \"imagePath\": \"a.jpg\", \"imageData\": null" + size + "}\n";
}

std::string labelme_shape(const std::string& type, const std::string& points) {
    return fmt::format(R"({{"label": "cat", "points": {}, "shape_type": "{}"}})", points, type);
}

std::vector<RuleCase> labelme_cases() {
    const std::string box = labelme_shape("rectangle", "[[1, 2], [30, 40]]");
    const Files base = {{"a.json", labelme_file(box)}};
    const auto plus = [&](const std::string& shape) { return Files{{"a.json", labelme_file(box + ", " + shape)}}; };
    std::vector<RuleCase> cases;
    cases.push_back({"labelme/json-syntax", {{"a.json", replace(labelme_file(box), "\"flags\": {}", "\"flags\" {}")}}, base,
                     "a.json:2:10"});
    cases.push_back({"labelme/schema", plus(R"({"points": [[1, 2], [3, 4]], "shape_type": "rectangle"})"), base,
                     "(at /shapes/1)"});
    cases.push_back({"labelme/missing-image-path", {{"a.json", replace(labelme_file(box), "\"imagePath\": \"a.jpg\", ", "")}},
                     base, "a.json"});
    cases.push_back({"labelme/rectangle-points", plus(labelme_shape("rectangle", "[[1, 2], [3, 4], [5, 6]]")), base,
                     "(at /shapes/1)"});
    cases.push_back({"labelme/polygon-points", plus(labelme_shape("polygon", "[[1, 2], [3, 4]]")), base,
                     // line 3 is ` "shapes": [<box>, <polygon>`: the polygon starts 12 + box + 2 characters in.
                     fmt::format("a.json:3:{} (at /shapes/1)", 12 + box.size() + 2 + 1)});
    cases.push_back({"labelme/unknown-shape-type", plus(labelme_shape("square", "[[1, 2], [3, 4]]")), base,
                     "(at /shapes/1/shape_type)"});
    cases.push_back({"labelme/point-outside-image", plus(labelme_shape("polygon", "[[1, 2], [300, 4], [5, 6]]")), base,
                     "(at /shapes/1/points/1)"});
    cases.push_back({"labelme/unread-shapes", plus(labelme_shape("line", "[[1, 2], [3, 4]]")), base, ""});
    cases.push_back({"labelme/size-from-image", {{"a.json", labelme_file(box, "")}, {"a.jpg", "png:200x100"}}, base, ""});
    cases.push_back({"labelme/not-labelme", with(base, "config.json", R"({"labels": ["cat"]})"), base, "config.json"});
    return cases;
}

std::vector<RuleCase> mot_cases() {
    const std::string gt = "1,1,11,21,30,40,1,1,1\n2,1,12,22,30,40,1,1,0.5\n";
    const std::string seqinfo = "[Sequence]\nname=seq\nimDir=img1\nframeRate=30\nseqLength=2\nimWidth=640\nimHeight=480\nimExt=.jpg\n";
    const Files base = {{"seq/gt/gt.txt", gt}, {"seq/seqinfo.ini", seqinfo}};
    const auto plus = [&](const std::string& line) { return with(base, "seq/gt/gt.txt", gt + line + "\n"); };
    std::vector<RuleCase> cases;
    cases.push_back({"mot/field-count", plus("2,2,1,1,5,5,1,1"), base, "gt.txt:3"});
    cases.push_back({"mot/not-a-number", plus("2,2,1x,1,5,5,1,1,1"), base, "gt.txt:3:5"});
    cases.push_back({"mot/frame-range", plus("0,2,1,1,5,5,1,1,1"), base, "gt.txt:3"});
    cases.push_back({"mot/unknown-class", plus("2,2,1,1,5,5,1,13,1"), base, "gt.txt:3"});
    cases.push_back({"mot/seqinfo", with(base, "seq/seqinfo.ini", seqinfo + "garbage\n"), base, "seqinfo.ini:9"});
    cases.push_back({"mot/box-outside-image", plus("2,2,630,1,20,5,1,1,1"), base, "gt.txt:3"});
    cases.push_back({"mot/duplicate-id", plus("2,1,100,100,5,5,1,1,1"), base, "gt.txt:3"});
    cases.push_back({"mot/never-visible", plus("2,2,100,100,5,5,0,1,1"), base, "gt.txt:3"});
    cases.push_back({"mot/ignored-rows", plus("2,3,100,100,5,5,0,8,1\n1,3,100,100,5,5,1,8,1"), base, ""});
    return cases;
}

// Appen reports: a full report (lines 2-3 good) and an aggregated one, each with one bad row.
std::vector<RuleCase> appen_cases() {
    const std::string full = "_unit_id,_golden,_id,_tainted,_trust,_worker_id,q,q_gold,text\n"
                             "1,false,11,false,0.9,w1,yes,,hi\n2,false,12,false,0.8,w2,no,,ho\n";
    const std::string aggregated = "_unit_id,_golden,_unit_state,q,q:confidence,text\n1,false,finalized,yes,1,hi\n";
    const auto full_case = [&](const std::string& rule, const std::string& bad_row, const std::string& extra = "") {
        RuleCase c{rule, {{"r.csv", full + bad_row}}, {{"r.csv", full + "3,false,13,false,0.7,w3,yes,,he\n"}}, "r.csv:4",
                   extra, "r.csv"};
        return c;
    };
    const auto aggregated_case = [&](const std::string& rule, const std::string& bad_row) {
        return RuleCase{rule, {{"a.csv", aggregated + bad_row}}, {{"a.csv", aggregated + "2,false,finalized,no,0.6,ho\n"}},
                        "a.csv:3", "", "a.csv"};
    };
    std::vector<RuleCase> cases;
    cases.push_back(full_case("appen/csv", "3,false,13,false,0.7,w3,\"yes,,he\n"));
    cases.push_back(full_case("appen/fields", "3,false,13,false,0.7,w3,yes,,he,extra\n"));
    cases.push_back(full_case("appen/schema", "3,false,13,false,0.7,,yes,,he\n"));
    cases.push_back(full_case("appen/trust", "3,false,13,false,1.7,w3,yes,,he\n"));
    cases.push_back(full_case("appen/duplicate-judgment", "3,false,12,false,0.7,w3,yes,,he\n"));
    cases.push_back(full_case("appen/empty-answer", "3,false,13,false,0.7,w3,,,he\n"));
    cases.push_back(full_case("appen/external-result", "3,false,13,false,0.7,w3,https://x.appen.com/r.json,,he\n"));
    cases.push_back(full_case("appen/gold", "3,true,13,false,0.7,w3,yes,yes,he\n"));
    cases.push_back(full_case("appen/tainted", "3,false,13,true,0.7,w3,yes,,he\n"));
    RuleCase columns = full_case("appen/columns", "3,false,13,false,0.7,w3,yes,,he\n", "--columns label=qq");
    columns.good = {{"r.csv", "_unit_id,_id,_worker_id,qq\n1,11,w1,yes\n"}};
    columns.where = "r.csv:1";
    cases.push_back(columns);
    cases.push_back({"appen/several-questions",
                     {{"r.csv", "_unit_id,_id,_worker_id,q,q_gold,r,r_gold\n1,11,w1,yes,,no,\n"}},
                     {{"r.csv", "_unit_id,_id,_worker_id,q,q_gold,r\n1,11,w1,yes,,no\n"}}, "r.csv:1", "", "r.csv"});
    cases.push_back(aggregated_case("appen/confidence", "2,false,finalized,no,1.6,ho\n"));
    cases.push_back(aggregated_case("appen/duplicate-unit", "1,false,finalized,no,0.6,ho\n"));
    return cases;
}


// Ultralytics classify folders; every image of a different size, so that no two have the same bytes.
std::vector<RuleCase> classify_cases() {
    const Files base = {{"train/cat/a.png", "png:10x10"}, {"train/dog/b.png", "png:11x10"},
                        {"val/cat/c.png", "png:12x10"}, {"val/dog/d.png", "png:13x10"}};
    const std::string from = "--from classify";
    std::vector<RuleCase> cases;
    cases.push_back({"classify/image-in-two-classes", with(base, "train/dog/a.png", "png:10x10"), base,
                     "train/dog/a.png", from});
    cases.push_back({"classify/subset-leakage", with(base, "val/cat/e.png", "png:10x10"), base, "val/cat/e.png", from});
    cases.push_back({"classify/empty-class", with(base, "train/bird/notes.md", "x"), base, "train/bird", from});
    cases.push_back({"classify/missing-class", with(base, "val/dog/d.png", ""), base, "val", from});
    cases.push_back({"classify/unread-files", with(base, "train/cat/notes.md", "x"), base, "", from});
    return cases;
}

}  // namespace

std::vector<RuleCase> sagemaker_rule_cases();  // tests/test_sagemaker.cpp

std::vector<RuleCase> scale_rule_cases();  // tests/test_scale.cpp

std::vector<RuleCase> ratings_rule_cases();  // tests/test_ratings_dataset.cpp
std::vector<RuleCase> trn_rule_cases();  // tests/test_trn.cpp

// Label Studio's CSV export (the JSON-MIN reader's rules are the same): a box as JSON in its
// cell and a single choice as a plain string.
std::vector<RuleCase> label_studio_record_cases() {
    const std::string header = "id,annotator,annotation_id,label,sentiment\n";
    const std::string row = "1,a,3,\"[{\"\"x\"\": 10, \"\"y\"\": 10, \"\"width\"\": 10, \"\"height\"\": 10, "
                            "\"\"rectanglelabels\"\": [\"\"A\"\"], \"\"original_width\"\": 100, "
                            "\"\"original_height\"\": 100}]\",yes\n";
    const Files good = {{"export.csv", header + row}};
    std::vector<RuleCase> cases;
    cases.push_back({"label-studio/csv", {{"export.csv", header + row + "2,b\n"}}, good, "export.csv:3",
                     "--columns label=sentiment", "export.csv"});
    cases.push_back({"label-studio/columns", good, {{"export.csv", replace(header, "sentiment", "mood") + row}},
                     "export.csv", "--columns label=mood", "export.csv"});
    cases.push_back({"label-studio/cell-not-json", {{"export.csv", header + replace(row, ",yes", ",[yes")}}, good,
                     "export.csv:2 (at /sentiment)", "--columns label=sentiment", "export.csv"});
    cases.push_back({"label-studio/plain-columns", good,
                     {{"export.csv", header + replace(row, ",yes", ",\"{\"\"choices\"\": [\"\"yes\"\"]}\"")}},
                     "export.csv:2 (at /sentiment)", "", "export.csv"});
    return cases;
}

// A Label Studio export of one task whose one annotation (by user 1, unless `annotation` says
// otherwise) holds `result`.
Files label_studio_task(const std::string& result, const std::string& annotation = R"("completed_by": 1)") {
    return {{"tasks.json", fmt::format("[\n{{\"id\": 1, \"data\": {{\"image\": \"a.jpg\"}}, \"annotations\": [\n"
                                       "{{{}, \"result\": [{}]}}]}}\n]\n",
                                       annotation, result)}};
}

std::string ls_rectangle(const std::string& value, const std::string& size = R"("original_width": 200, "original_height": 100, )") {
    return fmt::format(R"({{"id": "r", "type": "rectanglelabels", "from_name": "label", "to_name": "image", {}"value": {}}})",
                       size, value);
}

std::vector<RuleCase> label_studio_cases() {
    const std::string box = R"({"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": ["A"]})";
    const Files good = label_studio_task(ls_rectangle(box));
    const std::string good_text = good.at("tasks.json");
    const std::string choice = R"({"type": "choices", "from_name": "c", "to_name": "image", "value": {"choices": ["x"]}})";
    std::vector<RuleCase> cases;
    cases.push_back({"label-studio/json-syntax", {{"tasks.json", replace(good_text, "\n]", ",\n{\"data\": tru}\n]")}}, good,
                     "tasks.json:4:13 (at /1)", "", "tasks.json"});  // the '}' where "tru" stops being true
    cases.push_back({"label-studio/schema", label_studio_task(R"({"value": {"choices": ["x"]}})"), good,
                     "(at /0/annotations/0/result/0/type)", "", "tasks.json"});
    cases.push_back({"label-studio/missing-value", label_studio_task(R"({"type": "choices"})"), label_studio_task(choice),
                     "(at /0/annotations/0/result/0)", "", "tasks.json"});
    cases.push_back({"label-studio/missing-size", label_studio_task(ls_rectangle(box, "")), good,
                     "(at /0/annotations/0/result/0)", "", "tasks.json"});
    cases.push_back({"label-studio/missing-label", label_studio_task(ls_rectangle(replace(box, "[\"A\"]", "[]"))), good,
                     "(at /0/annotations/0/result/0/value)", "", "tasks.json"});
    const std::string brush = R"({"type": "brushlabels", "original_width": 2, "original_height": 1, "value": {"format": "rle", "rle": [%s], "brushlabels": ["A"]}})";
    // 8 values (2x1 RGBA), word size 8, field sizes 4: a run of 4 zeros, a run of 4 x 255.
    const std::string valid_rle = "0, 0, 0, 8, 57, 153, 156, 48, 8, 127, 224";
    cases.push_back({"label-studio/invalid-rle", label_studio_task(replace(brush, "%s", "0, 0, 0, 9, 57, 153, 156, 48, 8, 127, 224")),
                     label_studio_task(replace(brush, "%s", valid_rle)), "(at /0/annotations/0/result/0/value/rle)", "", "tasks.json"});
    cases.push_back({"label-studio/percent-range", label_studio_task(ls_rectangle(replace(box, "\"x\": 10", "\"x\": -10"))), good,
                     "(at /0/annotations/0/result/0/value/x)", "", "tasks.json"});
    cases.push_back({"label-studio/size-mismatch",
                     label_studio_task(ls_rectangle(box) + ", " + ls_rectangle(box, R"("original_width": 200, "original_height": 101, )")),
                     label_studio_task(ls_rectangle(box) + ", " + ls_rectangle(box)), "(at /0/annotations/0/result/1/original_width)", "",
                     "tasks.json"});
    cases.push_back({"label-studio/missing-completed-by", label_studio_task(ls_rectangle(box), R"("id": 4)"), good,
                     "(at /0/annotations/0)", "", "tasks.json"});
    cases.push_back({"label-studio/cancelled-annotation", label_studio_task(ls_rectangle(box), R"("completed_by": 1, "was_cancelled": true)"),
                     good, "(at /0/annotations/0)", "", "tasks.json"});
    cases.push_back({"label-studio/unknown-result-type", label_studio_task(R"({"type": "sparkle", "value": {}})"), good,
                     "(at /0/annotations/0/result/0)", "", "tasks.json"});
    cases.push_back({"label-studio/result-not-read", label_studio_task(R"({"type": "rating", "value": {"rating": 3}})"), good,
                     "(at /0/annotations/0/result/0)", "", "tasks.json"});
    return cases;
}


std::vector<RuleCase> all_rule_cases() {
    std::vector<RuleCase> cases;
    for (auto group : {coco_cases(), yolo_cases(), voc_cases(), geometry_cases(), dataset_cases(), image_cases(),
                       label_studio_cases(), label_studio_record_cases(), cvat_rule_cases(), labelme_cases(), mot_cases(), classify_cases(),
                       sagemaker_rule_cases(), appen_cases(), scale_rule_cases(), ratings_rule_cases(), trn_rule_cases()})
        for (RuleCase& c : group) cases.push_back(std::move(c));
    return cases;
}

namespace {

bool reports(const LintOutcome& outcome, const std::string& rule, const std::string& where) {
    for (const Finding& finding : outcome.findings)
        if (finding.rule == rule && finding.where.find(where) != std::string::npos) return true;
    return false;
}

std::string listing(const LintOutcome& outcome) {
    std::string text = outcome.err;
    for (const Finding& f : outcome.findings) text += fmt::format("\n  {} [{}] {}: {}", f.where, f.rule, f.severity, f.message);
    return text;
}

void check_rule_case(const RuleCase& c) {
    TempDir bad, good;
    write_files(bad.path(), c.bad);
    write_files(good.path(), c.good);
    const LintOutcome broken = lint(bad.path() / c.input, c.extra);
    INFO("broken:" << listing(broken));
    CHECK(broken.exit_code == 0);
    CHECK(reports(broken, c.rule, c.where));
    const LintOutcome fixed = lint(good.path() / c.input, c.extra);
    INFO("fixed:" << listing(fixed));
    CHECK(fixed.exit_code == 0);
    CHECK_FALSE(mentions(fixed, c.rule));
}

}  // namespace

TEST_CASE("lint rule: fires on a broken dataset, at the right place, and not on the fixed one") {
    for (const RuleInfo& rule : all_rules(all_formats())) {
        SUBCASE(rule.id.c_str()) {
            const std::vector<RuleCase> cases = all_rule_cases();
            const auto found = std::find_if(cases.begin(), cases.end(), [&](const RuleCase& c) { return c.rule == rule.id; });
            REQUIRE_MESSAGE(found != cases.end(), "the rule " << rule.id << " has no case in lint_rule_cases.cpp");
            check_rule_case(*found);
        }
    }
}

}  // namespace labelkit::test
