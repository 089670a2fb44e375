// schemas/coco-instances.schema.json describes the COCO files labelkit reads and writes:
// corpus files written by other projects and labelkit's own output validate against it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "schema_check.hpp"
#include "support.hpp"

using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::TempDir;

namespace {

std::vector<std::string> schema_errors(const std::string& schema_name, const nlohmann::json& document) {
    return labelkit::test::schema_errors(labelkit::test::source_dir() / "schemas" / schema_name, document);
}

nlohmann::json load(const std::filesystem::path& path) { return nlohmann::json::parse(read_file(path)); }

}  // namespace

TEST_CASE("schemas: corpus COCO instances files and labelkit's COCO output validate" * needs_shared) {
    for (const char* file : {"coco_instances/annotations/instances_val.json",
                             "coco_person_keypoints/annotations/person_keypoints_val.json",
                             "coco_roboflow/train/_annotations.coco.json"}) {
        CAPTURE(file);
        CHECK(schema_errors("coco-instances.schema.json", load(corpus(std::string("datumaro/coco_dataset/") + file))).empty());
    }
    TempDir tmp;
    const auto result = run_labelkit("convert '" + corpus("datumaro/voc_dataset/voc_dataset1").string() + "' '" +
                                     (tmp / "out.json").string() + "' --to coco");
    REQUIRE(result.exit_code == 0);
    CHECK(schema_errors("coco-instances.schema.json", load(tmp / "out.json")).empty());
}

TEST_CASE("schemas: the COCO schema rejects a bbox of 3 numbers and a missing image id") {
    nlohmann::json bad = load(labelkit::test::source_dir() / "examples/coco/annotations/instances_val.json");
    bad["annotations"][0]["bbox"] = {1, 2, 3};
    CHECK(!schema_errors("coco-instances.schema.json", bad).empty());
    nlohmann::json no_id = load(labelkit::test::source_dir() / "examples/coco/annotations/instances_val.json");
    no_id["images"][0].erase("id");
    CHECK(!schema_errors("coco-instances.schema.json", no_id).empty());
}

TEST_CASE("schemas: stats --format json validates, on the examples and on an empty dataset") {
    TempDir tmp;
    for (const char* example : {"examples/coco", "examples/yolo", "examples/voc"}) {
        CAPTURE(std::string(example));
        const auto result = run_labelkit("stats " + labelkit::test::q(labelkit::test::source_dir() / example) +
                                         " --format json --plots " + labelkit::test::q(tmp / std::string(example).substr(9)));
        REQUIRE(result.exit_code == 0);
        CHECK(schema_errors("stats.schema.json", nlohmann::json::parse(result.out)).empty());
    }
    // Nothing to sum up: distributions of null, histograms of no bins.
    labelkit::test::write_file(tmp / "empty.json", R"({"images": [], "annotations": [], "categories": []})");
    const auto empty = run_labelkit("stats " + labelkit::test::q(tmp / "empty.json") + " --from coco --format json");
    REQUIRE(empty.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(empty.out);
    CHECK(report["box_width"]["median"].is_null());
    CHECK(schema_errors("stats.schema.json", report).empty());
    // The schema is not a rubber stamp: a negative count and a missing field are refused.
    nlohmann::json bad = report;
    bad["images"] = -1;
    CHECK(!schema_errors("stats.schema.json", bad).empty());
    bad = report;
    bad.erase("classes");
    CHECK(!schema_errors("stats.schema.json", bad).empty());
}

TEST_CASE("schemas: stats --format json of corpus datasets validates" * needs_shared) {
    for (const char* dataset : {"datumaro/coco_dataset/coco_instances", "datumaro/coco_dataset/coco_person_keypoints",
                                "datumaro/coco_dataset/coco_roboflow", "datumaro/voc_dataset/voc_dataset1",
                                "cvat-datumaro/yolo_dataset/yolov8_classification",
                                "cvat-datumaro/yolo_dataset/yolov8_oriented_boxes"}) {
        CAPTURE(std::string(dataset));
        const auto result = run_labelkit("stats " + labelkit::test::q(corpus(dataset)) + " --format json");
        REQUIRE(result.exit_code == 0);
        CHECK(schema_errors("stats.schema.json", nlohmann::json::parse(result.out)).empty());
    }
}
