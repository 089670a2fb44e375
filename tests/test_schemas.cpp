// schemas/coco-instances.schema.json describes the COCO files labelkit reads and writes:
// corpus files written by other projects and labelkit's own output validate against it.
#include <doctest/doctest.h>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <nlohmann/json.hpp>

#include "support.hpp"

using labelkit::test::corpus;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::TempDir;

namespace {

// The validation errors of document against the schema file; empty when it is valid.
std::vector<std::string> schema_errors(const std::string& schema_name, const nlohmann::json& document) {
    const nlohmann::json schema_document =
        nlohmann::json::parse(read_file(labelkit::test::source_dir() / "schemas" / schema_name));
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_document);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    std::vector<std::string> errors;
    if (!validator.validate(schema, target, &results)) {
        valijson::ValidationResults::Error error;
        while (results.popError(error)) errors.push_back(error.description);
    }
    return errors;
}

nlohmann::json load(const std::filesystem::path& path) { return nlohmann::json::parse(read_file(path)); }

}  // namespace

TEST_CASE("schemas: corpus COCO instances files and labelkit's COCO output validate") {
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
