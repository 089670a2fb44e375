// Report renderers (labelkit/report.hpp): text, json, sarif, github and junit output of the same
// diagnostics. Every expected string here was worked out by hand from the format rules.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <pugixml.hpp>

#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/report.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using labelkit::Diagnostic;
using labelkit::Location;
using labelkit::render_report;
using labelkit::ReportFormat;
using labelkit::ReportInput;
using labelkit::RuleInfo;
using labelkit::Severity;
using labelkit::test::needs_shared;
using labelkit::test::read_file;
using labelkit::test::schema_errors;

namespace {

std::vector<std::string> lint_report_errors(const nlohmann::json& document) {
    return schema_errors(labelkit::test::source_dir() / "schemas/lint-report.schema.json", document,
                         valijson::SchemaParser::kDraft7);
}

std::vector<std::string> sarif_errors(const nlohmann::json& document) {
    // The OASIS schema is draft-04 ("id", not "$id"); valijson parses that draft.
    return schema_errors(labelkit::test::shared_dir() / "reference/sarif-schema-2.1.0.json", document,
                         valijson::SchemaParser::kDraft4);
}

Diagnostic diag(std::string rule, Severity severity, std::string message, Location location) {
    return Diagnostic{std::move(rule), severity, std::move(message), std::move(location)};
}

// Diagnostics in a deliberately mixed order: three files interleaved, positions out of order,
// two file-level findings, one without a path.
ReportInput mixed_input() {
    ReportInput input;
    input.input = "data";
    input.tool_version = "0.1.0";
    input.diagnostics = {
        diag("coco/instances-bbox", Severity::warning, "bbox has 3 numbers", {"b.json", 0, 0, "/annotations/2"}),
        diag("yolo/class-range", Severity::error, "class 7 out of range", {"labels/a.txt", 3, 1, ""}),
        diag("yolo/empty-file", Severity::info, "empty label file", {"labels/c.txt", 0, 0, ""}),
        diag("yolo/class-range", Severity::error, "class 9 out of range", {"labels/a.txt", 1, 5, ""}),
        diag("coco/missing-image", Severity::error, "image 4 not found", {"b.json", 0, 0, "/images/0"}),
        diag("yolo/coords", Severity::warning, "x outside 0..1", {"labels/a.txt", 3, 0, ""}),
        diag("dataset/no-images", Severity::warning, "no images", {}),
    };
    input.files = {"labels/a.txt", "labels/b.txt", "labels/c.txt", "b.json"};
    input.rules = {
        {"yolo/class-range", Severity::error, "Class index out of range", "", ""},
        {"yolo/coords", Severity::warning, "Coordinates outside 0..1", "", ""},
    };
    return input;
}

}  // namespace

TEST_CASE("report: format names parse exactly") {
    CHECK(labelkit::parse<ReportFormat>("text") == ReportFormat::text);
    CHECK(labelkit::parse<ReportFormat>("json") == ReportFormat::json);
    CHECK(labelkit::parse<ReportFormat>("sarif") == ReportFormat::sarif);
    CHECK(labelkit::parse<ReportFormat>("github") == ReportFormat::github);
    CHECK(labelkit::parse<ReportFormat>("junit") == ReportFormat::junit);
    CHECK_FALSE(labelkit::parse<ReportFormat>("SARIF").has_value());
    CHECK_FALSE(labelkit::parse<ReportFormat>("").has_value());
    CHECK_FALSE(labelkit::parse<ReportFormat>("xml").has_value());
    CHECK(std::string(labelkit::to_string(ReportFormat::github)) == "github");
}

TEST_CASE("report text: grouped by file in first-seen order, sorted by line and column, then a summary") {
    const std::string expected =
        "b.json: warning: bbox has 3 numbers (at /annotations/2) [coco/instances-bbox]\n"
        "b.json: error: image 4 not found (at /images/0) [coco/missing-image]\n"
        "labels/a.txt:1:5: error: class 9 out of range [yolo/class-range]\n"
        "labels/a.txt:3:1: warning: x outside 0..1 [yolo/coords]\n"  // a line without a column: column 1
        "labels/a.txt:3:1: error: class 7 out of range [yolo/class-range]\n"
        "labels/c.txt: info: empty label file [yolo/empty-file]\n"
        "data: warning: no images [dataset/no-images]\n"
        "3 errors, 3 warnings, 1 info in 4 files\n";
    CHECK(render_report(ReportFormat::text, mixed_input()) == expected);
}

TEST_CASE("report text: a COCO finding is one compiler-style line, its JSON pointer at the end of the message") {
    ReportInput input;
    input.diagnostics = {diag("coco/schema", Severity::error, "bbox must have 4 numbers",
                              {"file.json", 51, 5, "/annotations/2/bbox"}),
                         diag("coco/schema", Severity::warning, "no area", {"file.json", 0, 0, "/annotations/3"})};
    CHECK(render_report(ReportFormat::text, input) ==
          "file.json: warning: no area (at /annotations/3) [coco/schema]\n"
          "file.json:51:5: error: bbox must have 4 numbers (at /annotations/2/bbox) [coco/schema]\n"
          "1 error, 1 warning, 0 infos in 1 file\n");

    // The one helper behind it, with what is not known left out.
    CHECK(labelkit::compiler_line(input.diagnostics[0], "error") ==
          "file.json:51:5: error: bbox must have 4 numbers (at /annotations/2/bbox) [coco/schema]");
    CHECK(labelkit::compiler_line(diag("", Severity::error, "cannot read", {"a.txt", 3, 0, ""}), "error") ==
          "a.txt:3:1: error: cannot read");
    CHECK(labelkit::compiler_line(diag("x/y", Severity::info, "about all", {}), "info") == "info: about all [x/y]");
}

TEST_CASE("report: a place named inside a message and an error's what() keep the position first") {
    const Location at{"file.json", 2, 60, "/annotations/0/bbox"};
    CHECK(at.position() == "file.json:2:60");
    CHECK(at.to_string() == "file.json:2:60 (at /annotations/0/bbox)");
    CHECK(Location{"a.txt", 3, 0, ""}.to_string() == "a.txt:3:1");
    CHECK(labelkit::with_pointer("bbox has 3 numbers", at) == "bbox has 3 numbers (at /annotations/0/bbox)");
    CHECK(labelkit::with_pointer("bbox has 3 numbers", Location{"a.txt", 3, 0, ""}) == "bbox has 3 numbers");

    const labelkit::Error error("bbox must have 4 numbers", at);
    CHECK(std::string(error.what()) == "file.json:2:60: bbox must have 4 numbers (at /annotations/0/bbox)");
    CHECK(std::string(labelkit::Error("no place").what()) == "no place");
}

TEST_CASE("report text: singular counts and the empty report") {
    ReportInput one;
    one.diagnostics = {diag("voc/size", Severity::error, "width is 0", {"Annotations/1.xml", 12, 0, ""})};
    CHECK(render_report(ReportFormat::text, one) ==
          "Annotations/1.xml:12:1: error: width is 0 [voc/size]\n"
          "1 error, 0 warnings, 0 infos in 1 file\n");

    ReportInput none;
    none.files = {"a.json", "b.json"};
    CHECK(render_report(ReportFormat::text, none) == "no problems found\n");
    CHECK(render_report(ReportFormat::github, none) == "no problems found\n");
}

TEST_CASE("report json: validates against schemas/lint-report.schema.json and carries every field") {
    const std::string text = render_report(ReportFormat::json, mixed_input());
    const nlohmann::json report = nlohmann::json::parse(text);
    CHECK(lint_report_errors(report).empty());

    CHECK(report["version"] == 2);
    CHECK(report["tool"] == nlohmann::json{{"name", "labelkit"}, {"version", "0.1.0"}});
    CHECK(report["input"] == "data");
    // 4 files checked plus "data", which only a diagnostic names.
    CHECK(report["summary"] == nlohmann::json::parse(R"({"errors": 3, "warnings": 3, "infos": 1, "files": 5,
        "listed": {"errors": 3, "warnings": 3, "infos": 1}})"));
    CHECK(report["notes"] == nlohmann::json::array());
    REQUIRE(report["diagnostics"].size() == 7);
    CHECK(report["diagnostics"][0] == nlohmann::json::parse(R"({"rule": "coco/instances-bbox", "severity": "warning",
        "message": "bbox has 3 numbers", "location": {"path": "b.json", "json_pointer": "/annotations/2"}})"));
    CHECK(report["diagnostics"][2]["location"] == nlohmann::json::parse(R"({"path": "labels/a.txt", "line": 1, "column": 5})"));
    CHECK(report["diagnostics"][3]["location"] == nlohmann::json::parse(R"({"path": "labels/a.txt", "line": 3})"));
    CHECK(report["diagnostics"][6]["location"] == nlohmann::json::parse(R"({"path": "data"})"));
    CHECK(report["rules"] == nlohmann::json::parse(R"([
        {"id": "yolo/class-range", "severity": "error", "description": "Class index out of range"},
        {"id": "yolo/coords", "severity": "warning", "description": "Coordinates outside 0..1"}])"));

    // The empty report validates too.
    CHECK(lint_report_errors(nlohmann::json::parse(render_report(ReportFormat::json, ReportInput{}))).empty());
}

TEST_CASE("report json: the schema rejects broken documents") {
    const nlohmann::json good = nlohmann::json::parse(render_report(ReportFormat::json, mixed_input()));
    REQUIRE(lint_report_errors(good).empty());

    nlohmann::json bad = good;
    bad["version"] = 1;
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = good;
    bad["diagnostics"][0]["severity"] = "fatal";
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = good;
    bad["diagnostics"][2]["location"]["line"] = 0;
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = good;
    bad["diagnostics"][0]["location"]["json_pointer"] = "annotations/2";
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = good;
    bad["diagnostics"][0]["extra"] = true;
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = good;
    bad.erase("summary");
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = good;
    bad["rules"][0].erase("description");
    CHECK_FALSE(lint_report_errors(bad).empty());
}

TEST_CASE("report json: invalid UTF-8 in a message is replaced, not thrown") {
    ReportInput input;
    input.diagnostics = {diag("coco/text", Severity::warning, "bad \xFF byte", {"a.json", 1, 1, ""})};
    std::string text;
    REQUIRE_NOTHROW(text = render_report(ReportFormat::json, input));
    CHECK(nlohmann::json::parse(text)["diagnostics"][0]["message"] == "bad \xEF\xBF\xBD byte");
    REQUIRE_NOTHROW(text = render_report(ReportFormat::sarif, input));
    CHECK(nlohmann::json::parse(text)["runs"][0]["results"][0]["message"]["text"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("report sarif: valid SARIF 2.1.0 with levels, relative uris, regions only for known lines" * needs_shared) {
    const auto cwd = std::filesystem::current_path();
    ReportInput input;
    input.input = "data/train";
    input.tool_version = "0.1.0";
    input.rules = {
        {"yolo/class-range", Severity::error, "Class index out of range",
         "Every class index must be below the number of names in data.yaml.", "Fix the index or add the class."},
        {"yolo/coords", Severity::warning, "Coordinates outside 0..1", "", ""},
        {"yolo/empty-file", Severity::info, "Empty label file", "", ""},
        {"yolo/coords", Severity::error, "a second rule with the same id is ignored", "", ""},
    };
    input.diagnostics = {
        diag("yolo/class-range", Severity::error, "class 7 out of range", {"labels/a.txt", 3, 1, ""}),
        diag("yolo/coords", Severity::warning, "x outside 0..1", {(cwd / "labels/a b.txt").string(), 2, 0, ""}),
        diag("yolo/empty-file", Severity::info, "empty label file", {"./labels/../labels/c.txt", 0, 0, ""}),
        diag("coco/unknown", Severity::warning, "something", {"/elsewhere/x.json", 0, 0, "/images/0"}),
        diag("dataset/no-images", Severity::warning, "no images", {}),
    };
    const nlohmann::json sarif = nlohmann::json::parse(render_report(ReportFormat::sarif, input));
    const auto errors = sarif_errors(sarif);
    for (const auto& error : errors) MESSAGE(error);
    CHECK(errors.empty());

    CHECK(sarif["version"] == "2.1.0");
    CHECK(sarif["$schema"].is_string());
    REQUIRE(sarif["runs"].size() == 1);
    const nlohmann::json& run = sarif["runs"][0];
    const nlohmann::json& driver = run["tool"]["driver"];
    CHECK(driver["name"] == "labelkit");
    CHECK(driver["version"] == "0.1.0");
    CHECK_FALSE(driver.contains("informationUri"));
    REQUIRE(driver["rules"].size() == 3);
    CHECK(driver["rules"][0] == nlohmann::json::parse(R"({"id": "yolo/class-range",
        "shortDescription": {"text": "Class index out of range"},
        "fullDescription": {"text": "Every class index must be below the number of names in data.yaml."},
        "help": {"text": "Fix the index or add the class."},
        "defaultConfiguration": {"level": "error"}})"));
    // Empty full description and help fall back to the short description.
    CHECK(driver["rules"][1] == nlohmann::json::parse(R"({"id": "yolo/coords",
        "shortDescription": {"text": "Coordinates outside 0..1"},
        "fullDescription": {"text": "Coordinates outside 0..1"},
        "help": {"text": "Coordinates outside 0..1"},
        "defaultConfiguration": {"level": "warning"}})"));
    CHECK(driver["rules"][2]["defaultConfiguration"]["level"] == "note");

    const nlohmann::json& results = run["results"];
    REQUIRE(results.size() == 5);
    CHECK(results[0] == nlohmann::json::parse(R"({"ruleId": "yolo/class-range", "ruleIndex": 0, "level": "error",
        "message": {"text": "class 7 out of range"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "labels/a.txt", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 3, "startColumn": 1}}}]})"));
    // Absolute below the current directory: relative and percent-encoded; column 0: no startColumn.
    CHECK(results[1]["ruleIndex"] == 1);
    CHECK(results[1]["level"] == "warning");
    CHECK(results[1]["locations"][0]["physicalLocation"] == nlohmann::json::parse(R"({
        "artifactLocation": {"uri": "labels/a%20b.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2}})"));
    // Info is "note"; line 0: no region; "./labels/../labels/c.txt" normalised.
    CHECK(results[2]["ruleIndex"] == 2);
    CHECK(results[2]["level"] == "note");
    CHECK(results[2]["locations"][0]["physicalLocation"] == nlohmann::json::parse(R"({
        "artifactLocation": {"uri": "labels/c.txt", "uriBaseId": "%SRCROOT%"}})"));
    // A rule that is not in tool.driver.rules: no ruleIndex. Outside the current directory: file uri.
    CHECK(results[3]["ruleId"] == "coco/unknown");
    CHECK_FALSE(results[3].contains("ruleIndex"));
    CHECK(results[3]["message"]["text"] == "something (at /images/0)");
    CHECK(results[3]["locations"][0]["physicalLocation"] == nlohmann::json::parse(R"({
        "artifactLocation": {"uri": "file:///elsewhere/x.json"}})"));
    // No path: reported against the input.
    CHECK(results[4]["locations"][0]["physicalLocation"]["artifactLocation"] ==
          nlohmann::json::parse(R"({"uri": "data/train", "uriBaseId": "%SRCROOT%"})"));
}

TEST_CASE("report sarif: the official schema really constrains (startLine 0, level info rejected)" * needs_shared) {
    ReportInput input;
    input.diagnostics = {diag("yolo/coords", Severity::warning, "x outside 0..1", {"labels/a.txt", 2, 4, ""})};
    const nlohmann::json good = nlohmann::json::parse(render_report(ReportFormat::sarif, input));
    REQUIRE(sarif_errors(good).empty());
    nlohmann::json bad = good;
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
    CHECK_FALSE(sarif_errors(bad).empty());
    bad = good;
    bad["runs"][0]["results"][0]["level"] = "info";
    CHECK_FALSE(sarif_errors(bad).empty());
    bad = good;
    bad["version"] = "2.0.0";
    CHECK_FALSE(sarif_errors(bad).empty());
    bad = good;
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["path"] = "labels/a.txt";
    CHECK_FALSE(sarif_errors(bad).empty());  // additionalProperties: false
    // An empty run (nothing found) is valid SARIF with an empty results array.
    const nlohmann::json empty = nlohmann::json::parse(render_report(ReportFormat::sarif, ReportInput{}));
    CHECK(sarif_errors(empty).empty());
    CHECK(empty["runs"][0]["results"] == nlohmann::json::array());
}

TEST_CASE("report sarif: uris percent-encode what a URI reference cannot hold") {
    ReportInput input;
    input.diagnostics = {diag("coco/x", Severity::error, "m", {"dir\\sub/x:1#2%?.json", 1, 0, ""}),
                         diag("coco/x", Severity::error, "m", {"caf\xC3\xA9.json", 1, 0, ""})};
    const nlohmann::json sarif = nlohmann::json::parse(render_report(ReportFormat::sarif, input));
    const nlohmann::json& results = sarif["runs"][0]["results"];
    // Backslash becomes '/', then ':' '#' '%' '?' are encoded; é is UTF-8 C3 A9.
    CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/sub/x%3A1%232%25%3F.json");
    CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%C3%A9.json");
}

TEST_CASE("report github: workflow commands with GitHub's escaping") {
    const auto cwd = std::filesystem::current_path();
    ReportInput input;
    input.diagnostics = {
        diag("coco/bad-value", Severity::error, "100% wrong\nsecond line\r", {"data/a,b:c.json", 4, 2, ""}),
        diag("yolo/coords", Severity::warning, "x: 1,5", {"labels/a.txt", 0, 0, ""}),
        diag("coco/unused", Severity::info, "unused category", {"b.json", 0, 0, "/categories/1"}),
        diag("yolo/coords", Severity::warning, "y outside 0..1", {(cwd / "labels/d.txt").string(), 7, 0, ""}),
    };
    const std::string expected =
        "::error file=data/a%2Cb%3Ac.json,line=4,col=2,title=coco/bad-value::100%25 wrong%0Asecond line%0D\n"
        "::warning file=labels/a.txt,title=yolo/coords::x: 1,5\n"
        "::notice file=b.json,title=coco/unused::unused category (at /categories/1)\n"
        "::warning file=labels/d.txt,line=7,title=yolo/coords::y outside 0..1\n"
        "1 error, 2 warnings, 1 info in 4 files\n";
    CHECK(render_report(ReportFormat::github, input) == expected);
}

TEST_CASE("report junit: one testcase per file, one failure per failing file, escaping") {
    ReportInput input;
    input.files = {"a.json", "b.json", "c.json"};
    input.diagnostics = {
        diag("coco/bbox", Severity::error, "bbox has 3 numbers", {"a.json", 0, 0, "/annotations/0"}),
        diag("coco/json", Severity::error, "unexpected <end> & \"quote\"\x01", {"d.json", 5, 1, ""}),
        diag("coco/unused", Severity::info, "category 3 unused", {"c.json", 0, 0, ""}),
        diag("coco/area", Severity::warning, "area is 0", {"a.json", 0, 0, "/annotations/1"}),
    };
    const std::string xml = render_report(ReportFormat::junit, input);
    // No raw control character and no character reference to one: XML 1.0 allows neither.
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find("&#1;") == std::string::npos);
    CHECK(xml.find("&#01;") == std::string::npos);
    CHECK(xml.find("&amp;") != std::string::npos);
    CHECK(xml.find("&quot;") != std::string::npos);

    pugi::xml_document document;
    REQUIRE(document.load_string(xml.c_str()));
    const pugi::xml_node suites = document.child("testsuites");
    CHECK(std::string(suites.attribute("name").value()) == "labelkit lint");
    CHECK(suites.attribute("tests").as_int() == 4);     // a, b, c checked + d from a diagnostic
    CHECK(suites.attribute("failures").as_int() == 2);  // a and d
    const pugi::xml_node suite = suites.child("testsuite");
    CHECK(std::string(suite.attribute("name").value()) == "labelkit lint");
    CHECK(suite.attribute("tests").as_int() == 4);
    CHECK(suite.attribute("failures").as_int() == 2);
    CHECK(std::string(suite.attribute("errors").value()) == "0");
    CHECK(std::string(suite.attribute("skipped").value()) == "0");

    std::vector<pugi::xml_node> cases;
    for (pugi::xml_node testcase : suite.children("testcase")) cases.push_back(testcase);
    REQUIRE(cases.size() == 4);
    for (const auto& testcase : cases) CHECK(std::string(testcase.attribute("classname").value()) == "labelkit.lint");
    CHECK(std::string(cases[0].attribute("name").value()) == "a.json");
    CHECK(std::string(cases[1].attribute("name").value()) == "b.json");
    CHECK(std::string(cases[2].attribute("name").value()) == "c.json");
    CHECK(std::string(cases[3].attribute("name").value()) == "d.json");

    // a.json: both problems in one failure.
    const pugi::xml_node a = cases[0].child("failure");
    REQUIRE(a);
    CHECK_FALSE(a.next_sibling("failure"));
    CHECK(std::string(a.attribute("type").value()) == "coco/bbox, coco/area");
    CHECK(std::string(a.attribute("message").value()) == "1 error, 1 warning");
    CHECK(std::string(a.text().get()) ==
          "a.json: error: bbox has 3 numbers (at /annotations/0) [coco/bbox]\n"
          "a.json: warning: area is 0 (at /annotations/1) [coco/area]\n");
    // b.json: no findings, a passing testcase.
    CHECK_FALSE(cases[1].first_child());
    // c.json: an info only, passing, in system-out.
    CHECK_FALSE(cases[2].child("failure"));
    CHECK(std::string(cases[2].child("system-out").text().get()) == "c.json: info: category 3 unused [coco/unused]\n");
    // d.json: the message comes back exactly, the control character as U+FFFD.
    const pugi::xml_node d = cases[3].child("failure");
    CHECK(std::string(d.attribute("type").value()) == "coco/json");
    CHECK(std::string(d.attribute("message").value()) == "unexpected <end> & \"quote\"\xEF\xBF\xBD");
    CHECK(std::string(d.text().get()) == "d.json:5:1: error: unexpected <end> & \"quote\"\xEF\xBF\xBD [coco/json]\n");
}

namespace {

// Two findings of yolo/coords and one of yolo/class-range listed; 3 more of yolo/coords and 1
// more (an info, after a config change) of yolo/empty-file counted but not listed.
ReportInput capped_input() {
    ReportInput input;
    input.input = "data";
    input.tool_version = "0.1.0";
    input.files = {"labels/a.txt", "labels/b.txt"};
    input.rules = {{"yolo/class-range", Severity::error, "Class index out of range", "", ""},
                   {"yolo/coords", Severity::warning, "Coordinates outside 0..1", "", ""}};
    input.diagnostics = {
        diag("yolo/coords", Severity::warning, "x outside 0..1", {"labels/a.txt", 1, 3, ""}),
        diag("yolo/coords", Severity::warning, "y outside 0..1", {"labels/a.txt", 2, 5, ""}),
        diag("yolo/class-range", Severity::error, "class 7 out of range", {"labels/b.txt", 1, 1, ""}),
    };
    input.unlisted = {{"yolo/coords", Severity::warning, 3}, {"yolo/empty-file", Severity::info, 1}};
    input.max_per_rule = 2;
    return input;
}

const char* const coords_note =
    "3 more findings of [yolo/coords] not listed (at most 2 per rule are; --max-per-rule 0 lists all)";
const char* const empty_file_note =
    "1 more finding of [yolo/empty-file] not listed (at most 2 per rule are; --max-per-rule 0 lists all)";

}  // namespace

TEST_CASE("report: unlisted findings count in the summary and are notes, not findings (text, github)") {
    const std::string summary = "1 error, 5 warnings, 1 info in at least 2 files (4 not listed)\n";
    CHECK(render_report(ReportFormat::text, capped_input()) ==
          "labels/a.txt:1:3: warning: x outside 0..1 [yolo/coords]\n"
          "labels/a.txt:2:5: warning: y outside 0..1 [yolo/coords]\n"
          "labels/b.txt:1:1: error: class 7 out of range [yolo/class-range]\n"
          "note: " + std::string(coords_note) + "\n"
          "note: " + std::string(empty_file_note) + "\n" + summary);
    // Plain lines, no workflow command: GitHub must not make an annotation of a note.
    CHECK(render_report(ReportFormat::github, capped_input()) ==
          "::warning file=labels/a.txt,line=1,col=3,title=yolo/coords::x outside 0..1\n"
          "::warning file=labels/a.txt,line=2,col=5,title=yolo/coords::y outside 0..1\n"
          "::error file=labels/b.txt,line=1,col=1,title=yolo/class-range::class 7 out of range\n"
          "note: " + std::string(coords_note) + "\n"
          "note: " + std::string(empty_file_note) + "\n" + summary);

    // Without a limit to name, the note says only how many.
    ReportInput unlimited = capped_input();
    unlimited.max_per_rule = 0;
    CHECK(render_report(ReportFormat::text, unlimited).find("note: 3 more findings of [yolo/coords] not listed\n") !=
          std::string::npos);
}

TEST_CASE("report json: summary counts are totals, notes say what was not listed, and the schema holds") {
    const nlohmann::json report = nlohmann::json::parse(render_report(ReportFormat::json, capped_input()));
    const auto errors = lint_report_errors(report);
    for (const auto& error : errors) MESSAGE(error);
    CHECK(errors.empty());
    CHECK(report["summary"] == nlohmann::json::parse(R"({"errors": 1, "warnings": 5, "infos": 1, "files": 2,
        "listed": {"errors": 1, "warnings": 2, "infos": 0}})"));
    CHECK(report["diagnostics"].size() == 3);
    CHECK(report["notes"] == nlohmann::json::array({
        {{"rule", "yolo/coords"}, {"severity", "warning"}, {"count", 3}, {"message", coords_note}},
        {{"rule", "yolo/empty-file"}, {"severity", "info"}, {"count", 1}, {"message", empty_file_note}}}));

    nlohmann::json bad = report;
    bad["notes"][0]["count"] = 0;
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = report;
    bad["summary"].erase("listed");
    CHECK_FALSE(lint_report_errors(bad).empty());
    bad = report;
    bad.erase("notes");
    CHECK_FALSE(lint_report_errors(bad).empty());
}

TEST_CASE("report sarif: unlisted findings are tool execution notifications of level note, never results" *
          needs_shared) {
    const nlohmann::json sarif = nlohmann::json::parse(render_report(ReportFormat::sarif, capped_input()));
    const auto errors = sarif_errors(sarif);
    for (const auto& error : errors) MESSAGE(error);
    CHECK(errors.empty());
    const nlohmann::json& run = sarif["runs"][0];
    CHECK(run["results"].size() == 3);
    REQUIRE(run["invocations"].size() == 1);
    CHECK(run["invocations"][0]["executionSuccessful"] == true);
    CHECK(run["invocations"][0]["toolExecutionNotifications"] == nlohmann::json::parse(R"([
        {"level": "note", "message": {"text": ")" + std::string(coords_note) + R"("},
         "associatedRule": {"id": "yolo/coords", "index": 1}, "properties": {"count": 3, "severity": "warning"}},
        {"level": "note", "message": {"text": ")" + std::string(empty_file_note) + R"("},
         "associatedRule": {"id": "yolo/empty-file"}, "properties": {"count": 1, "severity": "info"}}])"));

    // Nothing left out: an invocation without notifications.
    const nlohmann::json plain = nlohmann::json::parse(render_report(ReportFormat::sarif, mixed_input()));
    CHECK(plain["runs"][0]["invocations"] == nlohmann::json::parse(R"([{"executionSuccessful": true}])"));
}

TEST_CASE("report junit: the notes and the summary with the totals are the testsuite's system-out") {
    pugi::xml_document document;
    const std::string xml = render_report(ReportFormat::junit, capped_input());
    REQUIRE(document.load_string(xml.c_str()));
    const pugi::xml_node suite = document.child("testsuites").child("testsuite");
    // a.txt and b.txt, and one failing testcase for the 3 warnings nobody listed, so that a CI
    // reading only testcases still fails on them.
    CHECK(suite.attribute("tests").as_int() == 3);
    CHECK(suite.attribute("failures").as_int() == 3);
    CHECK(std::string(suite.child("system-out").text().get()) ==
          "note: " + std::string(coords_note) + "\n"
          "note: " + std::string(empty_file_note) + "\n"
          "1 error, 5 warnings, 1 info in at least 2 files (4 not listed)\n");
    const pugi::xml_node unlisted = suite.find_child_by_attribute("testcase", "name", "findings not listed (--max-per-rule)");
    REQUIRE(unlisted);
    CHECK(std::string(unlisted.child("failure").attribute("message").value()) == "3 errors and warnings not listed");
    CHECK(std::string(unlisted.child("failure").text().get()) ==
          "note: " + std::string(coords_note) + "\n"
          "note: " + std::string(empty_file_note) + "\n");
    // The files' failures list only what was listed.
    for (pugi::xml_node testcase : suite.children("testcase"))
        if (testcase != unlisted)
            CHECK(std::string(testcase.child("failure").text().get()).find("note:") == std::string::npos);
}
