// labelkit lint through the CLI: exit codes, report formats against their schemas, going on
// after errors, configuration, --fix, --list-rules and the corpus.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fmt/format.h>

#include "lint_fixtures.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

using namespace labelkit::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A YOLO dataset with three bad lines in two files and a warning.
Files broken_yolo() {
    Files files = yolo_dataset();
    files["labels/train/a.txt"] = "0 0.5 0.5 0.25 0.25\n0 0.5 x 0.1 0.1\n7 0.5 0.5 0.1 0.1\n";
    files["labels/train/b.txt"] = "1 0.5 0.5 0.25 0.25\n1 0.5 0.5 0.25\n";
    files["labels/train/orphan.txt"] = "0 0.5 0.5 0.1 0.1\n";
    return files;
}

}  // namespace

TEST_CASE("lint: reports every problem in one run and keeps the good lines") {
    TempDir dir;
    write_files(dir.path(), broken_yolo());
    const LintOutcome outcome = lint(dir.path());
    REQUIRE(outcome.exit_code == 0);
    CHECK(count_rule(outcome, "yolo/not-a-number") == 1);
    CHECK(count_rule(outcome, "yolo/class-out-of-range") == 1);
    CHECK(count_rule(outcome, "yolo/field-count") == 1);
    CHECK(count_rule(outcome, "yolo/orphan-label") == 1);
    // The good first line of a.txt was read: class cat is used, so it is not reported unused.
    for (const Finding& f : outcome.findings) CHECK_FALSE(f.message.find("'cat'") != std::string::npos);
}

TEST_CASE("lint: exit codes follow --fail-on") {
    TempDir dir;
    write_files(dir.path(), broken_yolo());
    const std::string input = "'" + dir.path().string() + "'";
    CHECK(run_labelkit("lint " + input).exit_code == 1);  // errors, default --fail-on error
    CHECK(run_labelkit("lint " + input + " --fail-on never").exit_code == 0);

    TempDir warnings_only;  // a near duplicate (IoU 0.96)
    write_files(warnings_only.path(),
                with(yolo_dataset(), "labels/train/a.txt", "0 0.5 0.5 0.25 0.25\n0 0.5 0.5 0.25 0.24\n"));
    const std::string warned = "'" + warnings_only.path().string() + "'";
    CHECK(run_labelkit("lint " + warned).exit_code == 0);
    CHECK(run_labelkit("lint " + warned + " --fail-on warning").exit_code == 1);

    TempDir clean;
    write_files(clean.path(), yolo_dataset());
    CHECK(run_labelkit("lint '" + clean.path().string() + "' --fail-on info").exit_code == 0);

    CHECK(run_labelkit("lint '" + (clean.path() / "nothing").string() + "'").exit_code == 2);
    CHECK(run_labelkit("lint " + input + " --format xml").exit_code == 2);
    CHECK(run_labelkit("lint " + input + " --fail-on sometimes").exit_code == 2);
}

TEST_CASE("lint: text report is compiler-like, grouped by file, with a summary") {
    TempDir dir;
    write_files(dir.path(), broken_yolo());
    const CommandResult result = run_labelkit("lint '" + dir.path().string() + "'");
    const std::string a = (dir.path() / "labels/train/a.txt").string();
    CHECK(result.out.find(a + ":2:7: error: '") != std::string::npos);
    CHECK(result.out.find("[yolo/not-a-number]") != std::string::npos);
    CHECK(result.out.find(a + ":3:1: error: class index 7 is out of range") != std::string::npos);
    CHECK(result.out.find("4 errors, 0 warnings, 0 infos in 3 files") != std::string::npos);  // orphan.txt too
}

TEST_CASE("lint: json and sarif reports of a real run validate against their schemas" * needs_shared) {
    TempDir dir;
    write_files(dir.path(), broken_yolo());
    const CommandResult json_run = run_labelkit("lint '" + dir.path().string() + "' --format json");
    const json report = json::parse(json_run.out);
    CHECK(schema_errors(source_dir() / "schemas/lint-report.schema.json", report).empty());
    CHECK(report["summary"]["errors"] == 4);

    const CommandResult sarif_run = run_labelkit("lint '" + dir.path().string() + "' --format sarif");
    const json sarif = json::parse(sarif_run.out);
    CHECK(schema_errors(shared_dir() / "reference/sarif-schema-2.1.0.json", sarif,
                        valijson::SchemaParser::kDraft7)
              .empty());
    const json& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["rules"].size() > 60);
    bool found = false;
    for (const json& result : run["results"])
        if (result["ruleId"] == "yolo/not-a-number") {
            found = true;
            CHECK(result["level"] == "error");
            CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
            CHECK(result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 7);
        }
    CHECK(found);
}

TEST_CASE("lint: github and junit reports") {
    TempDir dir;
    write_files(dir.path(), broken_yolo());
    const CommandResult github = run_labelkit("lint '" + dir.path().string() + "' --format github");
    CHECK(github.out.find(",line=2,col=7,title=yolo/not-a-number::") != std::string::npos);
    CHECK(github.out.find("orphan.txt,title=yolo/orphan-label::label file with no image") != std::string::npos);

    const CommandResult junit = run_labelkit("lint '" + dir.path().string() + "' --format junit");
    pugi::xml_document document;
    REQUIRE(document.load_string(junit.out.c_str()));
    std::size_t failing = 0, cases = 0;
    for (const pugi::xpath_node& node : document.select_nodes("//testcase")) {
        ++cases;
        if (node.node().child("failure")) ++failing;
    }
    CHECK(cases == 3);    // the label files read (a.txt, b.txt) and orphan.txt, named by a finding
    CHECK(failing == 3);  // errors in a.txt and b.txt, and orphan.txt has no image
}

TEST_CASE("lint: .labelkit.yaml is found upward, and changes severities, disables rules and ignores paths") {
    TempDir root;
    write_files(root.path() / "project/data", broken_yolo());
    write_file(root.path() / "project/.labelkit.yaml",
               "rules:\n  yolo/not-a-number: warning\n  yolo/orphan-label: off\nignore:\n  - data/labels/train/b.txt\n");
    const LintOutcome outcome = lint(root.path() / "project/data");
    REQUIRE(outcome.exit_code == 0);
    CHECK(outcome.err.find(".labelkit.yaml") != std::string::npos);  // says which config it used
    CHECK(count_rule(outcome, "yolo/orphan-label") == 0);
    CHECK(count_rule(outcome, "yolo/field-count") == 0);  // b.txt is ignored
    REQUIRE(count_rule(outcome, "yolo/not-a-number") == 1);
    for (const Finding& f : outcome.findings)
        if (f.rule == "yolo/not-a-number") CHECK(f.severity == "warning");

    // --config wins, and a bad config is a usage error with its place.
    write_file(root.path() / "bad.yaml", "rules:\n  yolo/not-a-numbr: off\n");
    const CommandResult bad = run_labelkit(fmt::format("lint '{}' --config '{}'", (root.path() / "project/data").string(),
                                                       (root.path() / "bad.yaml").string()));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.yaml:2:3") != std::string::npos);
    CHECK(bad.err.find("yolo/not-a-number") != std::string::npos);  // the suggestion
}

TEST_CASE("lint: the tolerance of yolo/coordinate-out-of-range is a config parameter") {
    TempDir dir;
    write_files(dir.path(), with(yolo_dataset(), "labels/train/a.txt", "0 0.5 1.04 0.25 0.25\n"));
    CHECK(count_rule(lint(dir.path()), "yolo/coordinate-out-of-range") == 1);
    write_file(dir.path() / ".labelkit.yaml", "rules:\n  yolo/coordinate-out-of-range:\n    tolerance: 0.05\n");
    CHECK(count_rule(lint(dir.path()), "yolo/coordinate-out-of-range") == 0);
}

namespace {

// Lints `input` with --max-per-rule 2, where `capped` has 5 findings and one other rule 1, and
// checks every report format: 2 + 1 findings listed, a note of 3 more, and the totals of a run
// that lists all (--max-per-rule 0).
void check_capped_reports(const fs::path& input, const std::string& capped, const std::string& totals) {
    const std::string lint = "lint '" + input.string() + "' --fail-on never --max-per-rule ";
    const std::string note = "3 more findings of [" + capped + "] not listed (at most 2 per rule are; --max-per-rule 0 lists all)";

    // text
    std::vector<std::string> lines = lines_of(run_labelkit(lint + "2").out);
    REQUIRE(lines.size() == 5);
    for (std::size_t i = 0; i < 3; ++i) CHECK(std::regex_match(lines[i], compiler_form()));
    CHECK(lines[3] == "note: " + note);
    CHECK_FALSE(std::regex_match(lines[3], compiler_form()));
    CHECK(lines[4].starts_with(totals + " in at least "));
    CHECK(lines[4].ends_with(" (3 not listed)"));
    const std::string summary = lines[4];
    lines = lines_of(run_labelkit(lint + "0").out);
    REQUIRE(lines.size() == 7);
    for (std::size_t i = 0; i < 6; ++i) CHECK(std::regex_match(lines[i], compiler_form()));
    CHECK(lines[6].starts_with(totals + " in "));

    // json
    const json capped_json = json::parse(run_labelkit(lint + "2 --format json").out);
    const json all_json = json::parse(run_labelkit(lint + "0 --format json").out);
    CHECK(schema_errors(source_dir() / "schemas/lint-report.schema.json", capped_json).empty());
    CHECK(schema_errors(source_dir() / "schemas/lint-report.schema.json", all_json).empty());
    for (const char* count : {"errors", "warnings", "infos"}) CHECK(capped_json["summary"][count] == all_json["summary"][count]);
    CHECK(capped_json["diagnostics"].size() == 3);
    CHECK(all_json["diagnostics"].size() == 6);
    const json& listed = capped_json["summary"]["listed"];
    CHECK(listed["errors"].get<int>() + listed["warnings"].get<int>() + listed["infos"].get<int>() == 3);
    REQUIRE(capped_json["notes"].size() == 1);
    CHECK(capped_json["notes"][0]["rule"] == capped);
    CHECK(capped_json["notes"][0]["count"] == 3);
    CHECK(capped_json["notes"][0]["message"] == note);
    CHECK(all_json["notes"].empty());

    // sarif: 3 results, and the 3 others in a notification, never a result
    const json sarif = json::parse(run_labelkit(lint + "2 --format sarif").out);
    CHECK(schema_errors(shared_dir() / "reference/sarif-schema-2.1.0.json", sarif, valijson::SchemaParser::kDraft4).empty());
    const json& run = sarif["runs"][0];
    CHECK(run["results"].size() == 3);
    for (const json& result : run["results"]) CHECK(result["message"]["text"].get<std::string>().find("more findings") == std::string::npos);
    const json& notifications = run["invocations"][0]["toolExecutionNotifications"];
    REQUIRE(notifications.size() == 1);
    CHECK(notifications[0]["level"] == "note");
    CHECK(notifications[0]["message"]["text"] == note);
    CHECK(notifications[0]["associatedRule"]["id"] == capped);
    CHECK(notifications[0]["properties"]["count"] == 3);
    const json all_sarif = json::parse(run_labelkit(lint + "0 --format sarif").out);
    CHECK(all_sarif["runs"][0]["results"].size() == 6);
    CHECK_FALSE(all_sarif["runs"][0]["invocations"][0].contains("toolExecutionNotifications"));

    // github: 3 annotations, the note and the summary as plain lines
    lines = lines_of(run_labelkit(lint + "2 --format github").out);
    REQUIRE(lines.size() == 5);
    for (std::size_t i = 0; i < 3; ++i) CHECK(lines[i].starts_with("::"));
    CHECK(lines[3] == "note: " + note);
    CHECK(lines[4] == summary);

    // junit: the failures hold the 3 listed findings, and one testcase fails for the 3 not listed;
    // the suite's output holds the note and the totals
    pugi::xml_document document;
    const std::string xml = run_labelkit(lint + "2 --format junit").out;
    REQUIRE(document.load_string(xml.c_str()));
    std::size_t failure_lines = 0;
    for (const pugi::xpath_node& failure : document.select_nodes("//failure"))
        failure_lines += lines_of(failure.node().text().get()).size();
    CHECK(failure_lines == 4);  // the 3 findings, and the note in the failure of the unlisted ones
    CHECK(document.select_nodes("//testcase[@name='findings not listed (--max-per-rule)']/failure").size() == 1);
    CHECK(std::string(document.child("testsuites").child("testsuite").child("system-out").text().get()) ==
          "note: " + note + "\n" + summary + "\n");
}

}  // namespace

TEST_CASE("lint: --max-per-rule lists that many findings of a rule; every format counts them all and notes the rest" *
          needs_shared) {
    // Found by the YOLO reader: 5 bad numbers in a.txt, a class out of range in b.txt.
    TempDir yolo;
    std::string lines = "0 0.5 0.5 0.25 0.25\n";
    for (int i = 0; i < 5; ++i) lines += "0 0.5 x 0.1 0.1\n";
    write_files(yolo.path(), with(with(yolo_dataset(), "labels/train/a.txt", lines), "labels/train/b.txt",
                                  "1 0.5 0.5 0.25 0.25\n7 0.5 0.5 0.1 0.1\n"));
    check_capped_reports(yolo.path(), "yolo/not-a-number", "6 errors, 0 warnings, 0 infos");

    // Found by the lint checks, which ask claim() before they build a finding: 5 boxes past
    // the right edge of a 640x480 image and one box of no width.
    TempDir coco;
    std::vector<std::string> boxes;
    for (int i = 0; i < 5; ++i) boxes.push_back(coco_box(i + 1, 1, 1, 600, 40 + 80 * i, 100, 30));
    boxes.push_back(coco_box(6, 1, 1, 10, 10, 0, 20));
    write_file(coco / "in.json", coco_json({coco_image(1, "a.jpg")}, boxes, {R"({"id": 1, "name": "cat"})"}));
    check_capped_reports(coco / "in.json", "geometry/box-outside-image", "6 errors, 0 warnings, 0 infos");
}

TEST_CASE("lint --fix: writes a corrected copy, says what it changed, leaves the input alone") {
    TempDir dir;
    const std::string input_text =
        coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")},
                  {coco_box(1, 1, 1, 10, 10, 100, 50), coco_box(2, 2, 2, 600, 400, 100, 100),
                   coco_box(3, 1, 1, 10, 10, 100, 50), coco_box(2, 2, 1, 5, 5, 0, 10), coco_box(2, 2, 1, 50, 50, 20, 20),
                   coco_box(4, 2, 1, 700, 10, 20, 20)});
    write_file(dir / "in.json", input_text);
    const CommandResult result = run_labelkit(fmt::format("lint '{}' --fix '{}'", (dir / "in.json").string(),
                                                          (dir / "fixed.json").string()));
    // The report is about the input, which has errors; the exit status about the copy, which
    // has none left (tests/test_lint_ci.cpp has the case where one is left).
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("[geometry/box-outside-image]") != std::string::npos);
    CHECK(read_file(dir / "in.json") == input_text);
    CHECK(result.err.find("fixed [geometry/degenerate-box]: 1 ") != std::string::npos);
    CHECK(result.err.find("fixed [geometry/box-outside-image]: 1 boxes clipped") != std::string::npos);
    CHECK(result.err.find("fixed [geometry/box-outside-image]: 1 boxes entirely outside the image dropped") !=
          std::string::npos);
    CHECK(result.err.find("fixed [geometry/duplicate-annotation]: 1 ") != std::string::npos);
    CHECK(result.err.find("fixed [dataset/duplicate-annotation-id]: 1 ") != std::string::npos);
    const json fixed = json::parse(read_file(dir / "fixed.json"));
    REQUIRE(fixed["annotations"].size() == 3);
    CHECK(fixed["annotations"][1]["bbox"] == json::array({600, 400, 40, 80}));  // clipped to 640x480
    std::set<int> ids;
    for (const json& a : fixed["annotations"]) ids.insert(a["id"].get<int>());
    CHECK(ids.size() == 3);
    // The fixed copy lints clean of what was fixed.
    const LintOutcome again = lint(dir / "fixed.json");
    CHECK(count_rule(again, "geometry/box-outside-image") == 0);
    CHECK(count_rule(again, "geometry/duplicate-annotation") == 0);
    CHECK(count_rule(again, "dataset/duplicate-annotation-id") == 0);
}

TEST_CASE("lint --fix: refuses when the reader had to leave something out") {
    TempDir dir;
    write_files(dir.path() / "in", broken_yolo());
    const CommandResult result = run_labelkit(fmt::format("lint '{}' --fix '{}'", (dir.path() / "in").string(),
                                                          (dir.path() / "out").string()));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("no fixed copy written") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
}

TEST_CASE("lint --fix: a YOLO dataset is fixed in YOLO") {
    TempDir dir;
    write_files(dir.path() / "in", with(yolo_dataset(), "labels/train/a.txt", "0 0.5 0.5 0.25 0.25\n0 0.5 0.5 0.25 0.25\n"));
    const CommandResult result = run_labelkit(fmt::format("lint '{}' --fix '{}'", (dir.path() / "in").string(),
                                                          (dir.path() / "out").string()));
    CHECK(result.exit_code == 0);  // a duplicate is a warning
    CHECK(read_file(dir.path() / "out/labels/train/a.txt") == "0 0.5 0.5 0.25 0.25\n");
}

TEST_CASE("lint --list-rules: text and JSON, stable ids with severities and descriptions") {
    const CommandResult text = run_labelkit("lint --list-rules");
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("geometry/near-duplicate") != std::string::npos);
    CHECK(text.out.find("parameters: iou=0.9") != std::string::npos);
    const CommandResult listed = run_labelkit("lint --list-rules --format json");
    const json rules = json::parse(listed.out)["rules"];
    std::set<std::string> ids;
    for (const json& rule : rules) {
        const std::string id = rule["id"];
        CAPTURE(id);
        CHECK(ids.insert(id).second);
        CHECK(id.find('/') != std::string::npos);
        CHECK_FALSE(rule["description"].get<std::string>().empty());
        CHECK((rule["default_severity"] == "error" || rule["default_severity"] == "warning" ||
               rule["default_severity"] == "info"));
    }
    CHECK(ids.size() > 60);
}

TEST_CASE("lint: the corpus datasets read without reader errors" * needs_shared) {
    for (const char* path : {"datumaro/coco_dataset/coco_instances", "datumaro/coco_dataset/coco_person_keypoints",
                             "datumaro/voc_dataset/voc_dataset1", "datumaro/yolo_dataset/strict",
                             "cvat-datumaro/yolo_dataset/yolov8_pose", "cvat-datumaro/yolo_dataset/yolov8_segmentation"}) {
        CAPTURE(path);
        const LintOutcome outcome = lint(corpus(path));
        CHECK(outcome.exit_code == 0);
        for (const Finding& f : outcome.findings) CHECK(f.severity != "error");
    }
}

TEST_CASE("lint --check-images: WebP and TIFF images are read, WebP saved as .jpg is a warning" * needs_shared) {
    const LintOutcome outcome = lint(corpus("realworld/yolo-webp-images-unreadable"), "--check-images");
    REQUIRE(outcome.exit_code == 0);
    INFO(outcome.err);
    CHECK(count_rule(outcome, "yolo/unreadable-image") == 0);
    CHECK(count_rule(outcome, "image/unreadable") == 0);
    CHECK(count_rule(outcome, "image/size-mismatch") == 0);
    REQUIRE(count_rule(outcome, "image/extension-mismatch") == 1);
    for (const Finding& f : outcome.findings) {
        if (f.rule != "image/extension-mismatch") continue;
        CHECK(f.severity == "warning");
        CHECK(f.message == "image 'Image_17.jpg' is a WebP file: its extension says otherwise (most tools "
                           "read it by content, some by extension)");
    }
}

TEST_CASE("lint --check-images: Git LFS pointers are named as such" * needs_shared) {
    const LintOutcome outcome = lint(corpus("realworld/yolo-lfs-pointer-images"), "--check-images");
    REQUIRE(outcome.exit_code == 0);
    CHECK(count_rule(outcome, "image/unreadable") == 2);
    CHECK(count_rule(outcome, "image/extension-mismatch") == 0);
    for (const Finding& f : outcome.findings) {
        CAPTURE(f.message);
        if (f.rule == "image/unreadable")
            CHECK(f.message.find("is a Git LFS pointer file, not an image: run `git lfs pull`") != std::string::npos);
        if (f.rule == "yolo/unreadable-image") CHECK(f.message.find("Git LFS pointer") != std::string::npos);
    }
}

TEST_CASE("convert: YOLO images in WebP and TIFF get their sizes from their headers" * needs_shared) {
    TempDir out;
    const CommandResult result = run_labelkit(fmt::format(
        "convert '{}' '{}' --to coco --images none", corpus("realworld/yolo-webp-images-unreadable").string(),
        (out / "coco.json").string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json coco = json::parse(read_file(out / "coco.json"));
    REQUIRE(coco.at("images").size() == 4);
    for (const json& image : coco.at("images")) {
        CAPTURE(image.dump());
        CHECK(image.at("width") == 64);  // all four are 64x48 (see test_image_header.cpp)
        CHECK(image.at("height") == 48);
    }
}
