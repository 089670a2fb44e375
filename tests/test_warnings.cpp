// The warnings and notes by which a run says what it lost, changed or doubts, through the CLI
// on small real inputs: each is said once, with its rule id and its count, and the output
// really lacks or has what it says.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The one line of stderr that ends in "[rule]".
std::string said(const CommandResult& result, const std::string& rule) {
    std::vector<std::string> found;
    for (const std::string& line : lines_of(result.err))
        if (line.ends_with(" [" + rule + "]")) found.push_back(line);
    INFO(result.err);
    REQUIRE(found.size() == 1);
    return found.front();
}

bool mentions(const CommandResult& result, const std::string& rule) {
    return result.err.find("[" + rule + "]") != std::string::npos;
}

CommandResult succeeds(const std::string& arguments) {
    const CommandResult result = run_labelkit(arguments);
    INFO(arguments);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return result;
}

// The number of fields of each line of a YOLO label file.
std::vector<std::size_t> field_counts(const fs::path& label_file) {
    std::vector<std::size_t> counts;
    for (const std::string& line : lines_of(read_file(label_file))) {
        std::size_t fields = 0;
        for (std::size_t at = 0; (at = line.find_first_not_of(' ', at)) != std::string::npos; at = line.find(' ', at))
            ++fields;
        counts.push_back(fields);
    }
    return counts;
}

// The numbers of every <tag> element of a VOC XML text, in order.
std::vector<double> values_of(const std::string& xml, const std::string& tag) {
    const std::regex element("<" + tag + ">([^<]*)</" + tag + ">");
    std::vector<double> values;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), element); it != std::sregex_iterator(); ++it)
        values.push_back(std::stod((*it)[1].str()));
    return values;
}

// Every file of a folder, read into one text.
std::string all_text(const fs::path& folder) {
    std::string text;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file()) text += read_file(entry.path());
    return text;
}

const std::vector<std::string> cat_and_dog = {R"({"id": 1, "name": "cat"})", R"({"id": 3, "name": "dog"})"};
const std::vector<std::string> two_images = {coco_image(1, "a.jpg"), coco_image(2, "b.jpg")};

// A cat box on a.jpg with a score and an attribute, a dog triangle on a.jpg, a crowd cat RLE
// mask on b.jpg: pixels x 100..109, y 50..69 of 640 x 480, column-major (48050 = 100 * 480 +
// 50 before it, 20 on and 460 off per column, 307200 - 52390 after).
std::vector<std::string> mixed_annotations() {
    std::string counts = "48050";
    for (int column = 0; column < 10; ++column) counts += column == 0 ? ", 20" : ", 460, 20";
    counts += ", 254810";
    return {R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 50], "area": 5000, "iscrowd": 0, )"
            R"("score": 0.9, "attributes": {"occluded": true}})",
            R"({"id": 2, "image_id": 1, "category_id": 3, "bbox": [300, 300, 100, 50], "area": 2500, "iscrowd": 0, )"
            R"("segmentation": [[300, 300, 400, 300, 400, 350]]})",
            R"({"id": 3, "image_id": 2, "category_id": 1, "bbox": [100, 50, 10, 20], "area": 200, "iscrowd": 1, )"
            R"("segmentation": {"counts": [)" + counts + R"(], "size": [480, 640]}})"};
}

// COCO with info and licenses in front.
std::string with_info(const std::string& coco) {
    return R"({"info": {"description": "secret-info"}, "licenses": [{"id": 1, "name": "secret-licence"}],)" + coco.substr(1);
}

}  // namespace

TEST_CASE("warnings: what VOC cannot store is counted, and the VOC files lack it") {
    TempDir dir;
    std::vector<std::string> annotations = mixed_annotations();
    annotations.push_back(R"({"id": 4, "image_id": 2, "category_id": 3, "bbox": [200, 100, 50, 50], "area": 2500, )"
                          R"("iscrowd": 0, "score": 0.4, "keypoints": [210, 110, 2, 220, 120, 2], "num_keypoints": 2})");
    write_file(dir / "in.json", with_info(coco_json(two_images, annotations, cat_and_dog)));
    const CommandResult result = succeeds(fmt::format("convert {} {} --to voc", q(dir / "in.json"), q(dir / "voc")));
    const std::string warning = "labelkit: warning: voc cannot store ";
    CHECK(said(result, "convert/polygons") == warning + "polygons: 1 polygon annotations written as their bounding boxes [convert/polygons]");
    CHECK(said(result, "convert/masks") == warning + "RLE masks: 1 written as their bounding boxes [convert/masks]");
    CHECK(said(result, "convert/keypoints") == warning + "keypoints here: 1 annotations lost their keypoints [convert/keypoints]");
    CHECK(said(result, "convert/iscrowd") == warning + "iscrowd: 1 crowd annotations written as ordinary objects [convert/iscrowd]");
    CHECK(said(result, "convert/scores") == warning + "scores: 2 annotations lost their score [convert/scores]");
    CHECK(said(result, "convert/dataset-info") == warning + "COCO info and licenses: dropped [convert/dataset-info]");
    CHECK(said(result, "convert/category-ids") ==
          "labelkit: info: voc keeps categories by name, not by id: ids are not kept [convert/category-ids]");
    CHECK_FALSE(mentions(result, "convert/attributes"));  // VOC keeps them

    const std::string a = read_file(dir / "voc/Annotations/a.xml"), b = read_file(dir / "voc/Annotations/b.xml");
    // The triangle as its box (devkit indices: xmin = x + 1, xmax = x + width), the mask as its
    // box [100, 50, 10, 20].
    CHECK(values_of(a, "xmin") == std::vector<double>{11, 301});
    CHECK(values_of(a, "xmax") == std::vector<double>{110, 400});
    CHECK(values_of(b, "xmin") == std::vector<double>{101, 201});
    CHECK(values_of(b, "ymax") == std::vector<double>{70, 150});
    const std::string everything = all_text(dir / "voc");
    for (const char* lost : {"polygon", "segmentation", "keypoint", "crowd", "score", "0.9", "secret"}) {
        CAPTURE(lost);
        CHECK(everything.find(lost) == std::string::npos);
    }
    CHECK(a.find("occluded") != std::string::npos);
}

TEST_CASE("warnings: what YOLO cannot store is counted, and the label files lack it") {
    TempDir dir;
    write_file(dir / "in.json", with_info(coco_json(two_images, mixed_annotations(), cat_and_dog)));
    const CommandResult result =
        succeeds(fmt::format("convert {} {} --to yolo --images none", q(dir / "in.json"), q(dir / "yolo")));
    const std::string warning = "labelkit: warning: yolo cannot store ";
    CHECK(said(result, "convert/task") == "labelkit: info: yolo task: segment (chosen from the data) [convert/task]");
    CHECK(said(result, "convert/masks") == warning + "RLE masks: 1 converted to polygons (OpenCV contours) [convert/masks]");
    CHECK(said(result, "convert/boxes") == warning + "boxes in a segmentation dataset: 1 written as 4-corner polygons [convert/boxes]");
    CHECK(said(result, "convert/attributes") == warning + "attributes: 1 annotations lost their attributes (occluded) [convert/attributes]");
    CHECK(said(result, "convert/iscrowd") == warning + "iscrowd: 1 crowd annotations written as ordinary objects [convert/iscrowd]");
    CHECK(said(result, "convert/scores") == warning + "scores: 1 annotations lost their score [convert/scores]");
    CHECK(said(result, "convert/dataset-info") == warning + "COCO info and licenses: dropped [convert/dataset-info]");
    CHECK(said(result, "convert/class-indices") ==
          "labelkit: info: yolo numbers classes 0..1 in order of source category id: cat (id 1) -> 0, dog (id 3) -> 1 "
          "[convert/class-indices]");

    // The box as its 4 corners (1 + 8 fields, no score), the triangle (1 + 6), the mask's
    // outline (a polygon: an odd count of at least 7); the classes by index.
    CHECK(field_counts(dir / "yolo/labels/default/a.txt") == std::vector<std::size_t>{9, 7});
    const std::vector<std::size_t> mask = field_counts(dir / "yolo/labels/default/b.txt");
    REQUIRE(mask.size() == 1);
    CHECK(mask[0] >= 7);
    CHECK(mask[0] % 2 == 1);
    CHECK(read_file(dir / "yolo/labels/default/a.txt").starts_with("0 "));
    const std::string everything = all_text(dir / "yolo");
    for (const char* lost : {"occluded", "crowd", "secret"}) {
        CAPTURE(lost);
        CHECK(everything.find(lost) == std::string::npos);
    }
}

TEST_CASE("warnings: oriented boxes become polygons in COCO and boxes in VOC") {
    TempDir dir;
    Files obb = with(yolo_dataset(), "labels/train/a.txt", "0 0.1 0.1 0.4 0.1 0.4 0.4 0.1 0.4\n");
    obb = with(obb, "labels/train/b.txt", "1 0.5 0.5 0.9 0.5 0.9 0.9 0.5 0.9\n");
    write_files(dir / "obb", obb);
    const CommandResult coco = succeeds(fmt::format("convert {} {} --to coco", q(dir / "obb"), q(dir / "coco")));
    CHECK(said(coco, "convert/oriented-boxes") ==
          "labelkit: warning: coco cannot store oriented boxes: 2 written as 4-point polygons [convert/oriented-boxes]");
    const json written = json::parse(read_file(dir / "coco/annotations/instances_train.json"));
    REQUIRE(written["annotations"].size() == 2);
    // a.png is 64 x 48: x 0.1 -> 6.4, 0.4 -> 25.6; y 0.1 -> 4.8, 0.4 -> 19.2.
    const json& ring = written["annotations"][0]["segmentation"][0];
    REQUIRE(ring.size() == 8);
    const double expected[] = {6.4, 4.8, 25.6, 4.8, 25.6, 19.2, 6.4, 19.2};
    for (std::size_t i = 0; i < 8; ++i) CHECK_NEAR(ring[i].get<double>(), expected[i], 1e-12);

    const CommandResult voc = succeeds(fmt::format("convert {} {} --to voc", q(dir / "obb"), q(dir / "voc")));
    CHECK(said(voc, "convert/oriented-boxes") ==
          "labelkit: warning: voc cannot store oriented boxes: 2 written as their bounding boxes [convert/oriented-boxes]");
    // The bounds of a's corners: x 6.4 .. 25.6, y 4.8 .. 19.2 (devkit: xmin = x + 1).
    const std::string a = read_file(dir / "voc/Annotations/a.xml");
    const double bounds[] = {values_of(a, "xmin").at(0), values_of(a, "ymin").at(0), values_of(a, "xmax").at(0),
                             values_of(a, "ymax").at(0)};
    const double expected_bounds[] = {7.4, 5.8, 25.6, 19.2};
    for (std::size_t i = 0; i < 4; ++i) CHECK_NEAR(bounds[i], expected_bounds[i], 1e-12);
}

TEST_CASE("warnings: boxes and polygons in an oriented-box YOLO dataset") {
    TempDir dir;
    write_file(dir / "in.json",
               coco_json(two_images,
                         {coco_box(1, 1, 1, 10, 10, 100, 50),
                          R"({"id": 2, "image_id": 2, "category_id": 3, "bbox": [300, 300, 100, 50], "area": 2500, )"
                          R"("iscrowd": 0, "segmentation": [[300, 300, 400, 300, 400, 350]]})"},
                         cat_and_dog));
    const CommandResult result =
        succeeds(fmt::format("convert {} {} --to yolo --task obb --images none", q(dir / "in.json"), q(dir / "yolo")));
    CHECK(said(result, "convert/task") == "labelkit: info: yolo task: obb (as asked) [convert/task]");
    const std::vector<std::string> lines = lines_of(result.err);
    const auto count = [&](const std::string& text) { return std::count(lines.begin(), lines.end(), text); };
    CHECK(count("labelkit: warning: yolo cannot store axis-aligned boxes in an oriented-box dataset: 1 written as "
                "oriented boxes [convert/boxes]") == 1);
    CHECK(count("labelkit: warning: yolo cannot store polygons in an oriented-box dataset: 1 written as oriented boxes "
                "(4-point rings kept, others as their minimum-area rectangles) [convert/polygons]") == 1);
    CHECK(field_counts(dir / "yolo/labels/default/a.txt") == std::vector<std::size_t>{9});
    CHECK(field_counts(dir / "yolo/labels/default/b.txt") == std::vector<std::size_t>{9});
}

TEST_CASE("warnings: keypoint skeletons and missing keypoints in a YOLO pose dataset") {
    TempDir dir;
    const std::vector<std::string> person = {
        R"({"id": 1, "name": "person", "keypoints": ["nose", "eye", "ear"], "skeleton": [[1, 2], [2, 3]]})"};
    write_file(dir / "in.json",
               coco_json(two_images,
                         {R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 100], "area": 10000, )"
                          R"("iscrowd": 0, "keypoints": [20, 20, 2, 30, 30, 2, 40, 40, 1], "num_keypoints": 3})",
                          R"({"id": 2, "image_id": 2, "category_id": 1, "bbox": [10, 10, 100, 100], "area": 10000, )"
                          R"("iscrowd": 0, "keypoints": [20, 20, 2, 30, 30, 2], "num_keypoints": 2})"},
                         person));
    const CommandResult result =
        succeeds(fmt::format("convert {} {} --to yolo --images none", q(dir / "in.json"), q(dir / "yolo")));
    CHECK(said(result, "convert/skeleton") ==
          "labelkit: warning: yolo cannot store keypoint skeletons: the skeleton of 1 category is dropped [convert/skeleton]");
    CHECK(said(result, "convert/keypoints") ==
          "labelkit: warning: yolo cannot store a varying number of keypoints: 1 annotations padded with unlabelled "
          "keypoints [convert/keypoints]");
    const std::string data = read_file(dir / "yolo/data.yaml");
    CHECK(data.find("kpt_shape: [3, 3]") != std::string::npos);
    CHECK(data.find("skeleton") == std::string::npos);
    // 1 + 4 + 3 * 3 fields each; the second's third point padded as unlabelled.
    CHECK(field_counts(dir / "yolo/labels/default/b.txt") == std::vector<std::size_t>{14});
    CHECK(read_file(dir / "yolo/labels/default/b.txt").ends_with(" 0 0 0\n"));
}

TEST_CASE("warnings: suspect geometry is copied as it is, and said so with the first example") {
    TempDir dir;
    write_file(dir / "in.json",
               coco_json(two_images,
                         {coco_box(1, 1, 1, 600, 400, 100, 100), coco_box(2, 2, 1, 5, 5, 0, 10),
                          coco_box(3, 2, 1, 20, 20, 10, 10),
                          R"({"id": 4, "image_id": 1, "category_id": 3, "bbox": [300, 300, 50, 50], "area": 2500, )"
                          R"("iscrowd": 0, "segmentation": [[300, 300, 400, 300, 400, 350]]})"},
                         cat_and_dog));
    const auto convert = [&](const std::string& to, const std::string& extra = "") {
        return succeeds(fmt::format("convert {} {} --to {} {}", q(dir / "in.json"), q(dir / to), to, extra));
    };
    const CommandResult voc = convert("voc");
    CHECK(said(voc, "convert/box-outside-image") ==
          "labelkit: warning: 1 box reaches more than 1 px past its image, written as it is (first: 'a.jpg' box "
          "[x 600, y 400, w 100, h 100] on a 640x480 image); lint reports each (geometry/box-outside-image) and "
          "`lint --fix` clips them [convert/box-outside-image]");
    CHECK(said(voc, "convert/degenerate-box") ==
          "labelkit: warning: 1 box has no area (width or height 0 or less), written as it is (first: 'b.jpg' box "
          "[x 5, y 5, w 0, h 10]); lint reports each (geometry/degenerate-box) [convert/degenerate-box]");
    const std::string mismatch = "labelkit: warning: 1 object has a box that differs from the bounds of its own polygon "
                                 "or mask by more than 1 px; {} so outputs in other formats disagree (first: 'a.jpg' "
                                 "box [x 300, y 300, w 50, h 50], shape bounds [x 300, y 300, w 100, h 50]); lint reports "
                                 "each (geometry/box-shape-mismatch) [convert/box-not-shape]";
    CHECK(said(voc, "convert/box-not-shape") == fmt::format(fmt::runtime(mismatch), "voc writes the box, not the shape,"));
    // Past the edge as it was (x 600 + 100), and the box, not the triangle's 400.
    CHECK(values_of(read_file(dir / "voc/Annotations/a.xml"), "xmax") == std::vector<double>{700, 350});

    const CommandResult yolo = convert("yolo", "--images none");
    CHECK(said(yolo, "convert/box-not-shape") == fmt::format(fmt::runtime(mismatch), "yolo writes the shape, not the box,"));
    CHECK(field_counts(dir / "yolo/labels/default/a.txt").back() == 7);  // the triangle
    const CommandResult coco = convert("coco");
    CHECK(said(coco, "convert/box-not-shape") == fmt::format(fmt::runtime(mismatch), "coco keeps both,"));
}

TEST_CASE("warnings: images of unknown size are written 0 x 0 in COCO, and said so") {
    TempDir dir;
    write_files(dir / "voc", {{"Annotations/a.xml", voc_xml("a.jpg", voc_object("cat", "5", "5", "20", "20"), false)}});
    const CommandResult result = succeeds(fmt::format("convert {} {} --to coco", q(dir / "voc"), q(dir / "coco")));
    CHECK(said(result, "convert/unknown-image-size")
              .starts_with("labelkit: warning: 1 image has no known size and is written with width and height 0, which "
                           "most coco readers reject (first: 'a.jpg'"));
    const json written = json::parse(read_file(dir / "coco/annotations/instances_default.json"));
    CHECK(written["images"][0]["width"] == 0);
    CHECK(written["images"][0]["height"] == 0);
}

TEST_CASE("warnings: Roboflow's placeholder category is left out of the YOLO classes") {
    TempDir dir;
    write_file(dir / "in.json",
               coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 20, 20), coco_box(2, 2, 2, 10, 10, 20, 20)},
                         {R"({"id": 0, "name": "animals", "supercategory": "none"})",
                          R"({"id": 1, "name": "cat", "supercategory": "animals"})",
                          R"({"id": 2, "name": "dog", "supercategory": "animals"})"}));
    const CommandResult result =
        succeeds(fmt::format("convert {} {} --to yolo --images none", q(dir / "in.json"), q(dir / "yolo")));
    CHECK(said(result, "convert/placeholder-category") ==
          "labelkit: info: category 'animals' (id 0) has no annotations and names the supercategory of all the others "
          "(Roboflow's placeholder): left out of the yolo classes, as Roboflow's own export does "
          "[convert/placeholder-category]");
    const std::string data = read_file(dir / "yolo/data.yaml");
    CHECK(data.find("animals") == std::string::npos);
    CHECK(read_file(dir / "yolo/labels/default/a.txt").starts_with("0 "));
    CHECK(read_file(dir / "yolo/labels/default/b.txt").starts_with("1 "));
}

TEST_CASE("warnings: a single COCO file places no images") {
    TempDir dir;
    write_file(dir / "in.json", coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_and_dog));
    write_file(dir / "other.json", coco_json({coco_image(1, "c.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_and_dog));
    const std::string not_placed = ": warning: images are copied or linked only when writing a directory, not a single "
                                   ".json file [coco/images-not-placed]";
    fs::create_directories(dir / "out");
    const CommandResult converted = succeeds(
        fmt::format("convert {} {} --to coco --images copy", q(dir / "in.json"), q(dir / "out/converted.json")));
    CHECK(said(converted, "coco/images-not-placed") == (dir / "out/converted.json").string() + not_placed);
    const CommandResult merged = succeeds(fmt::format("merge {} {} -o {} --to coco --images link", q(dir / "in.json"),
                                                      q(dir / "other.json"), q(dir / "out/merged.json")));
    CHECK(said(merged, "coco/images-not-placed") == (dir / "out/merged.json").string() + not_placed);
    std::vector<std::string> written;
    for (const auto& entry : fs::directory_iterator(dir / "out")) written.push_back(entry.path().filename().string());
    std::sort(written.begin(), written.end());
    CHECK(written == std::vector<std::string>{"converted.json", "merged.json"});
}

TEST_CASE("warnings: what consensus cannot fuse") {
    TempDir dir;
    const auto write_annotators = [&](const std::vector<std::string>& shapes) {
        for (std::size_t a = 0; a < 3; ++a)
            write_file(dir / fmt::format("annotator{}.json", a),
                       coco_json({coco_image(1, "img.jpg", 20000, 20000)}, {shapes[a]}, cat_and_dog));
    };
    const auto consensus = [&](const std::string& name) {
        return succeeds(fmt::format("merge {} {} {} -o {} --to coco --mode consensus", q(dir / "annotator0.json"),
                                    q(dir / "annotator1.json"), q(dir / "annotator2.json"), q(dir / name)));
    };
    const auto polygon = [](double x, double side) {
        return fmt::format(R"({{"id": 1, "image_id": 1, "category_id": 1, "bbox": [{0}, {0}, {1}, {1}], "area": {2}, )"
                           R"("iscrowd": 0, "segmentation": [[{0}, {0}, {3}, {0}, {3}, {3}, {0}, {3}]]}})",
                           x, side, side * side, x + side);
    };

    // Three boxes with keypoints, 2 px apart: one group, fused without keypoints.
    std::vector<std::string> with_keypoints;
    for (int a = 0; a < 3; ++a)
        with_keypoints.push_back(fmt::format(R"({{"id": 1, "image_id": 1, "category_id": 1, "bbox": [{}, 10, 100, 100], )"
                                             R"("area": 10000, "iscrowd": 0, "keypoints": [50, 50, 2], "num_keypoints": 1}})",
                                             10 + 2 * a));
    write_annotators(with_keypoints);
    const CommandResult keypoints = consensus("keypoints.json");
    CHECK(said(keypoints, "merge/keypoints-not-fused") ==
          "labelkit: warning: 3 group members had keypoints: consensus fuses boxes and regions, not keypoints "
          "[merge/keypoints-not-fused]");
    const json fused = json::parse(read_file(dir / "keypoints.json"));
    REQUIRE(fused["annotations"].size() == 1);
    CHECK_FALSE(fused["annotations"][0].contains("keypoints"));

    // Squares of 0.3 px inside pixel (0, 0), apart by 0.01 px: one group, but no pixel centre is
    // inside any of them, so no pixel has a majority.
    write_annotators({polygon(0.6, 0.3), polygon(0.61, 0.3), polygon(0.62, 0.3)});
    const CommandResult tiny = consensus("tiny.json");
    CHECK(said(tiny, "merge/no-majority-region") ==
          "labelkit: warning: 1 groups have no pixel a majority of members cover: they keep the fused box only "
          "[merge/no-majority-region]");
    const json tiny_fused = json::parse(read_file(dir / "tiny.json"));
    REQUIRE(tiny_fused["annotations"].size() == 1);
    CHECK(tiny_fused["annotations"][0].value("segmentation", json::array()).empty());

    // Squares of 19,000 px on the 20,000 x 20,000 image: 3.6e8 pixels, more than 2^28.
    write_annotators({polygon(0, 19000), polygon(10, 19000), polygon(20, 19000)});
    const CommandResult large = consensus("large.json");
    CHECK(said(large, "merge/region-too-large") ==
          "labelkit: warning: 1 groups cover more than 268435456 pixels, more than labelkit votes on per pixel: they "
          "keep the fused box only [merge/region-too-large]");
    const json large_fused = json::parse(read_file(dir / "large.json"));
    REQUIRE(large_fused["annotations"].size() == 1);
    CHECK(large_fused["annotations"][0].value("segmentation", json::array()).empty());
    CHECK_NEAR(large_fused["annotations"][0]["bbox"][0].get<double>(), 10.0, 1e-12);  // (0 + 10 + 20) / 3
}

TEST_CASE("warnings: a label map entry that no input uses") {
    TempDir dir;
    write_file(dir / "a.json", coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_and_dog));
    write_file(dir / "b.json", coco_json({coco_image(1, "c.jpg")}, {coco_box(1, 1, 3, 10, 10, 20, 20)}, cat_and_dog));
    write_file(dir / "map.yaml", "dog: hound\nzebra: horse\n");
    const CommandResult result = succeeds(fmt::format("merge {} {} -o {} --to coco --label-map {}", q(dir / "a.json"),
                                                      q(dir / "b.json"), q(dir / "out.json"), q(dir / "map.yaml")));
    CHECK(said(result, "merge/unused-label-map-entry") ==
          (dir / "map.yaml").string() + ": warning: no input has a class 'zebra' [merge/unused-label-map-entry]");
    const std::string written = read_file(dir / "out.json");
    CHECK(written.find("\"hound\"") != std::string::npos);
    CHECK(written.find("horse") == std::string::npos);
}

TEST_CASE("warnings: split says which images have no group key and which classes miss a subset") {
    TempDir dir;
    std::vector<std::string> images, annotations;
    for (int i = 1; i <= 10; ++i) {
        images.push_back(coco_image(i, i <= 8 ? fmt::format("video_{}/frame.jpg", i) : fmt::format("loose_{}.jpg", i)));
        annotations.push_back(coco_box(i, i, i == 1 ? 3 : 1, 10, 10, 20, 20));
    }
    write_file(dir / "in.json", coco_json(images, annotations, cat_and_dog));
    const CommandResult result = succeeds(fmt::format("split {} -o {} --to coco --group-by '^(video_[0-9]+)/' --json",
                                                      q(dir / "in.json"), q(dir / "out")));
    CHECK(said(result, "split/ungrouped") ==
          "labelkit: warning: 2 of 10 images have no group key for --group-by '^(video_[0-9]+)/': each is a group of "
          "its own [split/ungrouped]");
    // The one dog image is in one subset: the other two have no dog, each said once.
    std::vector<std::string> absent;
    for (const std::string& line : lines_of(result.err))
        if (line.ends_with("[split/class-absent]")) absent.push_back(line);
    REQUIRE(absent.size() == 2);
    std::vector<std::string> subsets_without_dog;
    for (const char* subset : {"train", "val", "test"}) {
        const json coco = json::parse(read_file(dir / fmt::format("out/annotations/instances_{}.json", subset)));
        bool has_dog = false;
        for (const json& annotation : coco["annotations"]) has_dog = has_dog || annotation["category_id"] == 3;
        if (!has_dog) subsets_without_dog.push_back(subset);
    }
    REQUIRE(subsets_without_dog.size() == 2);
    for (std::size_t i = 0; i < 2; ++i)
        CHECK(absent[i] == fmt::format("labelkit: warning: class 'dog' has no image in '{}' [split/class-absent]",
                                       subsets_without_dog[i]));
}

TEST_CASE("warnings: VOC inputs: an image named twice, sizes given, Git LFS pointers") {
    TempDir dir;
    const std::string cat = voc_object("cat", "5", "5", "20", "20");
    // b.xml names a.jpg, and no image carries the id b: both are a.jpg.
    write_files(dir / "twice", {{"Annotations/a.xml", voc_xml("a.jpg", cat)},
                                {"Annotations/b.xml", voc_xml("a.jpg", cat)},
                                {"JPEGImages/a.jpg", "jpg:64x48"}});
    const CommandResult twice = succeeds(fmt::format("convert {} {} --to coco", q(dir / "twice"), q(dir / "twice.json")));
    CHECK(said(twice, "voc/duplicate-image") ==
          (dir / "twice/Annotations/b.xml").string() +
              ":1:1: warning: 1 annotation file names an image that an earlier one names too (first: 'a.jpg') "
              "[voc/duplicate-image]");
    const json both = json::parse(read_file(dir / "twice.json"));
    REQUIRE(both["images"].size() == 2);
    CHECK(both["images"][0]["file_name"] == "a.jpg");
    CHECK(both["images"][1]["file_name"] == "a.jpg");

    // Neither has <size>: a's image is a Git LFS pointer, b has none; --image-size sizes both.
    write_files(dir / "sizeless", {{"Annotations/a.xml", voc_xml("a.jpg", cat, false)},
                                   {"Annotations/b.xml", voc_xml("b.jpg", cat, false)},
                                   {"JPEGImages/a.jpg", "version https://git-lfs.github.com/spec/v1\noid sha256:"
                                                        "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                                                        "size 12345\n"}});
    const CommandResult given = succeeds(
        fmt::format("convert {} {} --to coco --image-size 64,48", q(dir / "sizeless"), q(dir / "sizeless.json")));
    CHECK(said(given, "voc/lfs-pointer") ==
          "labelkit: warning: 1 image is a Git LFS pointer file, not image (first: " +
              (dir / "sizeless/JPEGImages/a.jpg").string() +
              "): run `git lfs pull` in the repository; their sizes come from <size> or --image-size [voc/lfs-pointer]");
    CHECK(said(given, "voc/image-size-given") ==
          "labelkit: info: 2 images without <size> and without a readable image take --image-size [voc/image-size-given]");
    const json sized = json::parse(read_file(dir / "sizeless.json"));
    REQUIRE(sized["images"].size() == 2);
    for (const json& image : sized["images"]) {
        CHECK(image["width"] == 64);
        CHECK(image["height"] == 48);
    }
}

TEST_CASE("warnings: VOC outputs: boxes under a pixel, and subset names that look like class lists") {
    TempDir dir;
    write_file(dir / "coco/annotations/instances_train.json",
               coco_json({coco_image(1, "a.jpg")}, {coco_box(1, 1, 1, 10, 10, 0.5, 20)}, cat_and_dog));
    write_file(dir / "coco/annotations/instances_cat_train.json",
               coco_json({coco_image(1, "b.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_and_dog));
    const CommandResult result = succeeds(fmt::format("convert {} {} --to voc", q(dir / "coco"), q(dir / "voc")));
    CHECK(said(result, "voc/subpixel-box") ==
          "labelkit: info: 1 box is less than a pixel wide or high; VOC's inclusive pixel indices write it with "
          "xmax < xmin or ymax < ymin, which labelkit reads back exactly but some VOC tools reject [voc/subpixel-box]");
    const std::string a = read_file(dir / "voc/Annotations/a.xml");
    CHECK(values_of(a, "xmin") == std::vector<double>{11});  // x + 1
    CHECK(values_of(a, "xmax") == std::vector<double>{10.5});  // x + width
    CHECK(said(result, "voc/subset-name") ==
          "labelkit: warning: subset 'cat_train' will look like a per-class list of subset 'train' to VOC readers "
          "(ImageSets/Main/<class>_<subset>.txt), which ignore it [voc/subset-name]");
    CHECK(read_file(dir / "voc/ImageSets/Main/cat_train.txt") == "b\n");
}

TEST_CASE("warnings: YOLO inputs with coordinates that are not normalised") {
    TempDir dir;
    write_files(dir / "yolo", with(yolo_dataset(), "labels/train/a.txt", "0 5 0.5 0.25 0.25\n"));
    const CommandResult result = succeeds(fmt::format("convert {} {} --to coco", q(dir / "yolo"), q(dir / "coco")));
    CHECK(said(result, "yolo/not-normalised") ==
          (dir / "yolo/labels/train/a.txt").string() +
              ":1:1: warning: 1 label line(s) have coordinates far outside 0..1: YOLO coordinates are normalised by the "
              "image size (kept as they are) [yolo/not-normalised]");
    const json written = json::parse(read_file(dir / "coco/annotations/instances_train.json"));
    CHECK_NEAR(written["annotations"][0]["bbox"][0].get<double>(), (5 - 0.125) * 64, 1e-9);  // kept: x 312
}

TEST_CASE("warnings: YOLO outputs: degenerate polygons, subset keys, Darknet without train or images") {
    TempDir dir;
    write_file(dir / "coco/annotations/instances_train.json",
               coco_json(two_images,
                         {R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 40, 40], "area": 0, )"
                          R"("iscrowd": 0, "segmentation": [[10, 10, 50, 50]]})",
                          R"({"id": 2, "image_id": 2, "category_id": 1, "bbox": [300, 300, 100, 50], "area": 2500, )"
                          R"("iscrowd": 0, "segmentation": [[300, 300, 400, 300, 400, 350]]})"},
                         cat_and_dog));
    write_file(dir / "coco/annotations/instances_validation.json",
               coco_json({coco_image(1, "c.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_and_dog));
    const CommandResult yolo =
        succeeds(fmt::format("convert {} {} --to yolo --images none", q(dir / "coco"), q(dir / "yolo")));
    CHECK(said(yolo, "yolo/degenerate-polygon") ==
          "labelkit: warning: 1 object(s) had no polygon of 3 points or more and were written as their box's 4 corners "
          "[yolo/degenerate-polygon]");
    CHECK(field_counts(dir / "yolo/labels/train/a.txt") == std::vector<std::size_t>{9});
    CHECK(said(yolo, "yolo/subset-key") ==
          "labelkit: info: subset 'validation' is written as Ultralytics' 'val' (val: images/validation): Ultralytics "
          "needs the keys train and val [yolo/subset-key]");
    CHECK(read_file(dir / "yolo/data.yaml").find("val: images/validation") != std::string::npos);

    // Darknet from the validation file alone: no train list; the images are not there to link.
    const CommandResult darknet =
        succeeds(fmt::format("convert {} {} --to yolo-darknet --images link",
                             q(dir / "coco/annotations/instances_validation.json"), q(dir / "darknet")));
    CHECK(said(darknet, "yolo-darknet/missing-train") ==
          "labelkit: warning: no 'train' subset: Darknet trains on the list named by 'train' [yolo-darknet/missing-train]");
    CHECK(read_file(dir / "darknet/obj.data").find("train") == std::string::npos);
    CHECK(said(darknet, "yolo-darknet/missing-images").find(": warning: 1 of 1 image(s) could not be linked into the output") !=
          std::string::npos);
    std::size_t images = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "darknet"))
        images += entry.path().extension() == ".jpg" ? 1 : 0;
    CHECK(images == 0);
}
