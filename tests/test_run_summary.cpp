// convert and merge --format json: what was written, for scripts (schemas/run-summary.schema.json),
// also when the run fails.
#include <doctest/doctest.h>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

std::vector<std::string> summary_errors(const json& document) {
    return schema_errors(source_dir() / "schemas/run-summary.schema.json", document);
}

// Two images, three boxes of two classes, one polygon: 4 annotations.
std::string small_coco() {
    return coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")},
                     {coco_box(1, 1, 1, 10, 10, 100, 50), coco_box(2, 1, 2, 200, 100, 50, 50), coco_box(3, 2, 1, 5, 5, 20, 20),
                      R"({"id": 4, "image_id": 2, "category_id": 2, "bbox": [100, 100, 50, 50], "area": 1250,
                          "iscrowd": 0, "segmentation": [[100, 100, 150, 100, 150, 150]]})"},
                     {R"({"id": 1, "name": "cat"})", R"({"id": 2, "name": "dog"})"});
}

}  // namespace

TEST_CASE("convert --format json: paths, formats, counts and the exit status, against the schema") {
    TempDir dir;
    write_file(dir / "in.json", small_coco());
    const CommandResult run =
        run_labelkit(fmt::format("convert {} {} --to voc --format json", q(dir / "in.json"), q(dir / "voc")));
    REQUIRE(run.exit_code == 0);
    const json summary = json::parse(run.out);
    CHECK(summary_errors(summary).empty());
    CHECK(summary["command"] == "convert");
    CHECK(summary["status"] == 0);
    CHECK(summary["inputs"] == json::array({(dir / "in.json").string()}));
    CHECK(summary["from"] == "coco");
    REQUIRE(summary["written"].size() == 1);
    CHECK(summary["written"][0]["path"] == (dir / "voc").string());
    CHECK(summary["written"][0]["kind"] == "dataset");
    CHECK(summary["written"][0]["format"] == "voc");
    // Counted by hand from small_coco(): 2 images, 4 annotations, 2 classes, no item labels.
    CHECK(summary["counts"] == json{{"items", 2}, {"annotations", 4}, {"labels", 0}, {"categories", 2}});
    CHECK(summary["items_without_objects"] == 0);
    CHECK(summary["images"] == "none");
    // VOC holds boxes only: the polygon is written as its box, a lossy step that warns by rule.
    CHECK(summary["warnings"] ==
          json::array({json{{"rule", "convert/polygons"},
                            {"count", 1},
                            {"message", "voc cannot store polygons: 1 polygon annotations written as their bounding boxes"}}}));
    CHECK(run.err.find("warning:") != std::string::npos);  // people still see them on stderr
}

TEST_CASE("convert --format json: a failed run prints status 2 and the error, and nothing written") {
    TempDir dir;
    const CommandResult run =
        run_labelkit(fmt::format("convert {} {} --to yolo --format json", q(dir / "nothing.json"), q(dir / "out")));
    CHECK(run.exit_code == 2);
    const json summary = json::parse(run.out);
    CHECK(summary_errors(summary).empty());
    CHECK(summary["status"] == 2);
    CHECK(summary["written"].empty());
    CHECK_FALSE(summary.contains("counts"));
    CHECK(summary["from"].is_null());
    CHECK(summary["error"] == json{{"message", "input does not exist"}, {"location", {{"path", (dir / "nothing.json").string()}}}});
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
}

TEST_CASE("convert: text stays the default, and an output on standard output moves the summary to stderr") {
    TempDir dir;
    write_file(dir / "in.json", small_coco());
    const CommandResult text = run_labelkit(fmt::format("convert {} {} --to voc", q(dir / "in.json"), q(dir / "voc")));
    CHECK(text.exit_code == 0);
    CHECK(text.out.rfind("converted coco -> voc: 2 images", 0) == 0);

    const CommandResult piped = run_labelkit(fmt::format("convert {} /dev/stdout --to coco --format json", q(dir / "in.json")));
    CHECK(piped.exit_code == 0);
    CHECK(json::parse(piped.out)["annotations"].size() == 4);  // stdout holds the data only
    const json summary = json::parse(piped.err.substr(piped.err.find("{\n")));
    CHECK(summary_errors(summary).empty());
    CHECK(summary["written"][0]["path"] == "/dev/stdout");
}

TEST_CASE("merge --format json: the union and its report, against the schema") {
    TempDir dir;
    write_file(dir / "a.json", small_coco());
    write_file(dir / "b.json", coco_json({coco_image(1, "c.jpg")}, {coco_box(1, 1, 1, 10, 10, 30, 30)},
                                         {R"({"id": 1, "name": "cat"})"}));
    const CommandResult run = run_labelkit(fmt::format("merge {} {} -o {} --to coco --report {} --format json",
                                                       q(dir / "a.json"), q(dir / "b.json"), q(dir / "out.json"),
                                                       q(dir / "report.json")));
    REQUIRE(run.exit_code == 0);
    const json summary = json::parse(run.out);
    CHECK(summary_errors(summary).empty());
    CHECK(summary["command"] == "merge");
    CHECK(summary["mode"] == "union");
    CHECK(summary["inputs"].size() == 2);
    CHECK(summary["from"].is_null());  // not named: each input's format is detected on its own
    CHECK(summary["inputs_read"] == 2);
    REQUIRE(summary["written"].size() == 2);
    CHECK(summary["written"][0] == json{{"path", (dir / "out.json").string()}, {"kind", "dataset"}, {"format", "coco"}});
    CHECK(summary["written"][1] == json{{"path", (dir / "report.json").string()}, {"kind", "report"}, {"format", "json"}});
    // 2 + 1 images, 4 + 1 annotations, classes cat and dog (b's cat is a's cat): checked against
    // the file written.
    CHECK(summary["counts"] == json{{"items", 3}, {"annotations", 5}, {"labels", 0}, {"categories", 2}});
    const json merged = json::parse(read_file(dir / "out.json"));
    CHECK(merged["images"].size() == 3);
    CHECK(merged["annotations"].size() == 5);
    CHECK(merged["categories"].size() == 2);
}

TEST_CASE("merge --format json: a failed merge (an option of the other mode) says status 2") {
    TempDir dir;
    write_file(dir / "a.json", small_coco());
    const CommandResult run = run_labelkit(fmt::format("merge {} {} -o {} --to coco --names x,y --format json",
                                                       q(dir / "a.json"), q(dir / "a.json"), q(dir / "out.json")));
    CHECK(run.exit_code == 2);
    const json summary = json::parse(run.out);
    CHECK(summary_errors(summary).empty());
    CHECK(summary["status"] == 2);
    CHECK(summary["error"]["message"].get<std::string>().find("--names") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.json"));
}

TEST_CASE("run-summary schema: status 2 needs an error, status 0 needs counts and no error") {
    json failed = {{"version", 1}, {"tool", {{"name", "labelkit"}, {"version", "0.1.0"}}}, {"command", "convert"},
                   {"status", 2}, {"inputs", {"x"}}, {"from", nullptr}, {"written", json::array()},
                   {"warnings", json::array()}};
    CHECK_FALSE(summary_errors(failed).empty());
    failed["error"] = {{"message", "input does not exist"}};
    CHECK(summary_errors(failed).empty());
    json succeeded = failed;
    succeeded["status"] = 0;
    CHECK_FALSE(summary_errors(succeeded).empty());  // an error, and no counts
    succeeded.erase("error");
    succeeded["counts"] = {{"items", 1}, {"annotations", 0}, {"labels", 0}, {"categories", 1}};
    CHECK(summary_errors(succeeded).empty());
}
