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
