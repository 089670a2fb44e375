// labelkit in CI: lint reports that say why nothing was checked (SARIF, JUnit, JSON, GitHub),
// the exit status of lint --fix, and the pre-commit hook and GitHub Action files.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <yaml-cpp/yaml.h>

#include "labelkit/ops/lint.hpp"
#include "lint_fixtures.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> sarif_errors(const json& document) {
    return schema_errors(shared_dir() / "reference/sarif-schema-2.1.0.json", document, valijson::SchemaParser::kDraft7);
}

// The inputs lint cannot read at all: a missing path, a folder no format fits, a file of a
// format labelkit does not know.
struct Unreadable {
    std::string name;
    std::string arguments;  // after "lint"
    std::string path;       // the path the failure must name
    std::string message;    // a part of the message
};

std::vector<Unreadable> unreadable_inputs(const TempDir& dir) {
    write_file(dir / "empty/readme.md", "no labels here\n");
    write_file(dir / "notes.bin", "\x01\x02 not a dataset");
    write_file(dir / "in.json", coco_json({coco_image(1, "a.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)},
                                          {R"({"id": 1, "name": "cat"})"}));
    return {
        {"missing path", q(dir / "nothing.json"), (dir / "nothing.json").string(), "input does not exist"},
        {"folder without a dataset", q(dir / "empty"), (dir / "empty").string(), "cannot tell the format (give --from)"},
        {"file no format reads", q(dir / "notes.bin"), (dir / "notes.bin").string(), "cannot tell the format (give --from)"},
    };
}

}  // namespace

TEST_CASE("lint failure: SARIF is valid 2.1.0 with executionSuccessful false and the error as a notification" *
          needs_shared) {
    TempDir dir;
    for (const Unreadable& input : unreadable_inputs(dir)) {
        CAPTURE(input.name);
        const CommandResult run = run_labelkit("lint " + input.arguments + " --format sarif");
        CHECK(run.exit_code == 2);
        const json sarif = json::parse(run.out);
        CHECK(sarif_errors(sarif).empty());
        const json& invocation = sarif["runs"][0]["invocations"][0];
        CHECK(invocation["executionSuccessful"] == false);
        REQUIRE(invocation["toolExecutionNotifications"].size() == 1);
        const json& notification = invocation["toolExecutionNotifications"][0];
        CHECK(notification["level"] == "error");
        const std::string text = notification["message"]["text"];
        CHECK(text.find(input.message) != std::string::npos);
        // The temporary folder lies outside the current directory: a file:// uri of the user's path.
        CHECK(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file://" + input.path);
        CHECK(sarif["runs"][0]["results"].empty());
        CHECK(run.err.find("error:") != std::string::npos);  // and the error on stderr, as always
    }
    // A mistyped format name is a usage error, named before anything runs: no report, as for any
    // mistyped option.
    const CommandResult typo = run_labelkit("lint " + q(dir / "in.json") + " --from nosuchformat --format sarif");
    CHECK(typo.exit_code == 2);
    CHECK(typo.out.empty());
    CHECK(typo.err.starts_with("error: --from: unknown format 'nosuchformat' (known: coco, "));
}

TEST_CASE("lint failure: JUnit has an error case, JSON a failure object, GitHub an ::error, text nothing on stdout" *
          needs_shared) {
    TempDir dir;
    const std::string missing = (dir / "nothing.json").string();

    const CommandResult junit = run_labelkit("lint " + q(missing) + " --format junit");
    CHECK(junit.exit_code == 2);
    pugi::xml_document document;
    REQUIRE(document.load_string(junit.out.c_str()));
    const pugi::xml_node suite = document.child("testsuites").child("testsuite");
    CHECK(suite.attribute("tests").as_int() == 1);
    CHECK(suite.attribute("errors").as_int() == 1);
    CHECK(suite.attribute("failures").as_int() == 0);
    const pugi::xml_node testcase = suite.child("testcase");
    CHECK(std::string(testcase.attribute("name").value()) == missing);
    const pugi::xml_node error = testcase.child("error");
    REQUIRE(error);
    CHECK(std::string(error.attribute("message").value()) == "input does not exist");
    CHECK(std::string(error.text().get()).find(missing + ": error: ") == 0);

    const CommandResult json_run = run_labelkit("lint " + q(missing) + " --format json");
    CHECK(json_run.exit_code == 2);
    const json report = json::parse(json_run.out);
    CHECK(schema_errors(source_dir() / "schemas/lint-report.schema.json", report).empty());
    CHECK(report["failure"]["location"]["path"] == missing);
    CHECK(report["failure"]["message"] == "input does not exist");
    CHECK(report["summary"]["errors"] == 0);
    CHECK(report["diagnostics"].empty());

    const CommandResult github = run_labelkit("lint " + q(missing) + " --format github");
    CHECK(github.exit_code == 2);
    CHECK(github.out.find("::error file=" + missing + ",title=labelkit lint could not run::") == 0);

    const CommandResult text = run_labelkit("lint " + q(missing));
    CHECK(text.exit_code == 2);
    CHECK(text.out.empty());
    CHECK(text.err.find("nothing.json") != std::string::npos);
}

TEST_CASE("lint_failure_report: text says the error and that nothing was checked, never 'no problems found'") {
    labelkit::LintOptions options;
    options.input = "data/train.json";
    const labelkit::Error error("cannot open: No such file or directory", {"data/train.json"});
    CHECK(labelkit::lint_failure_report(options, error) ==
          "data/train.json: error: cannot open: No such file or directory\nlint could not run: nothing was checked\n");
    // An error without a place is located at the input.
    options.format = labelkit::ReportFormat::json;
    const json report = json::parse(labelkit::lint_failure_report(options, labelkit::Error("no format fits")));
    CHECK(report["failure"] == json{{"message", "no format fits"}, {"location", {{"path", "data/train.json"}}}});
}

TEST_CASE("lint failure: a config that cannot be read is located at the config file" * needs_shared) {
    TempDir dir;
    write_file(dir / "in.json", coco_json({coco_image(1, "a.jpg")}, {}, {R"({"id": 1, "name": "cat"})"}));
    write_file(dir / "lint.yaml", "rules:\n  no/such-rule: off\n");
    const CommandResult run = run_labelkit(fmt::format("lint {} --config {} --format sarif", q(dir / "in.json"),
                                                       q(dir / "lint.yaml")));
    CHECK(run.exit_code == 2);
    const json sarif = json::parse(run.out);
    CHECK(sarif_errors(sarif).empty());
    const json& notification = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    const json& physical = notification["locations"][0]["physicalLocation"];
    CHECK(physical["artifactLocation"]["uri"] == "file://" + (dir / "lint.yaml").string());
    CHECK(physical["region"] == json{{"startLine", 2}, {"startColumn", 3}});  // where the unknown rule is
    CHECK(notification["message"]["text"] == "unknown rule 'no/such-rule'");
}

TEST_CASE("lint: a run that reads its input still says executionSuccessful true" * needs_shared) {
    TempDir dir;
    write_file(dir / "in.json", coco_json({coco_image(1, "a.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)},
                                          {R"({"id": 1, "name": "cat"})"}));
    const CommandResult run = run_labelkit("lint " + q(dir / "in.json") + " --format sarif");
    CHECK(run.exit_code == 0);
    const json sarif = json::parse(run.out);
    CHECK(sarif["runs"][0]["invocations"][0]["executionSuccessful"] == true);
    const CommandResult report = run_labelkit("lint " + q(dir / "in.json") + " --format json");
    CHECK_FALSE(json::parse(report.out).contains("failure"));
}

TEST_CASE("lint --fix: the exit status follows what is left in the fixed copy") {
    TempDir dir;
    // A box past the right edge of a 640x480 image (geometry/box-outside-image, an error that
    // --fix clips away, its COCO area with it) and an exact duplicate (a warning that --fix drops).
    write_file(dir / "fixable.json",
               coco_json({coco_image(1, "a.jpg")},
                         {coco_box(1, 1, 1, 600, 40, 100, 30), coco_box(2, 1, 1, 10, 10, 50, 50),
                          coco_box(3, 1, 1, 10, 10, 50, 50)},
                         {R"({"id": 1, "name": "cat"})"}));
    const std::string fixable = q(dir / "fixable.json");
    CHECK(run_labelkit("lint " + fixable).exit_code == 1);  // the input has an error
    const CommandResult fixed = run_labelkit(fmt::format("lint {} --fix {}", fixable, q(dir / "fixed.json")));
    CHECK(fixed.exit_code == 0);  // the copy has none
    CHECK(fixed.err.find("left in " + (dir / "fixed.json").string() + ": 0 errors, 0 warnings, 0 infos") !=
          std::string::npos);
    CHECK(run_labelkit("lint " + q(dir / "fixed.json")).exit_code == 0);  // which lint confirms
    // The report printed is still the input's.
    CHECK(fixed.out.find("[geometry/box-outside-image]") != std::string::npos);

    // --fail-on warning: the duplicate is dropped too, so the copy passes that gate as well.
    CHECK(run_labelkit(fmt::format("lint {} --fix {} --overwrite --fail-on warning", fixable, q(dir / "fixed.json")))
              .exit_code == 0);

    // A box that is not the bounds of its own polygon (geometry/box-shape-mismatch, an error)
    // has no safe fix: it is left in the copy, and the exit status says so.
    write_file(dir / "unfixable.json",
               coco_json({coco_image(1, "a.jpg")},
                         {coco_box(1, 1, 1, 600, 40, 100, 30),
                          R"({"id": 2, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 1250,
                              "iscrowd": 0, "segmentation": [[100, 100, 150, 100, 150, 150]]})"},
                         {R"({"id": 1, "name": "cat"})"}));
    const CommandResult left = run_labelkit(fmt::format("lint {} --fix {}", q(dir / "unfixable.json"), q(dir / "out.json")));
    CHECK(left.exit_code == 1);
    CHECK(left.err.find("left in " + (dir / "out.json").string() + ": 1 error, 0 warnings, 0 infos") != std::string::npos);
    CHECK(run_labelkit("lint " + q(dir / "out.json")).exit_code == 1);
}

namespace {

// The long options `labelkit <command> --help` lists.
std::set<std::string> help_options(const std::string& command) {
    const CommandResult help = run_labelkit(command + " --help");
    REQUIRE(help.exit_code == 0);
    std::set<std::string> options;
    const std::regex option("(--[a-z][a-z-]*)");
    for (std::sregex_iterator it(help.out.begin(), help.out.end(), option), end; it != end; ++it)
        options.insert((*it)[1]);
    return options;
}

// The long options written in a command line or script.
std::vector<std::string> options_in(const std::string& text) {
    std::vector<std::string> found;
    const std::regex option("(?:^|[\\s(\\[\"'])(--[a-z][a-z-]*)");
    for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it) found.push_back((*it)[1]);
    return found;
}

}  // namespace

TEST_CASE("pre-commit hook: labelkit-lint runs `labelkit lint` with options lint has") {
    const YAML::Node hooks = YAML::LoadFile((source_dir() / ".pre-commit-hooks.yaml").string());
    REQUIRE(hooks.IsSequence());
    REQUIRE(hooks.size() == 1);
    const YAML::Node hook = hooks[0];
    CHECK(hook["id"].as<std::string>() == "labelkit-lint");
    CHECK(hook["language"].as<std::string>() == "system");
    const std::string entry = hook["entry"].as<std::string>();
    CHECK(entry.rfind("labelkit lint", 0) == 0);
    // lint takes one dataset: pre-commit must not append the changed files to the command.
    CHECK(hook["pass_filenames"].as<bool>() == false);
    CHECK(std::regex_search("data/train.json", std::regex(hook["files"].as<std::string>())));
    CHECK(std::regex_search("labels/train/a.txt", std::regex(hook["files"].as<std::string>())));
    CHECK_FALSE(std::regex_search("src/main.cpp", std::regex(hook["files"].as<std::string>())));
    const std::set<std::string> lint_options = help_options("lint");
    std::string command = entry;
    if (hook["args"])
        for (const YAML::Node& arg : hook["args"]) command += " " + arg.as<std::string>();
    for (const std::string& option : options_in(command)) {
        CAPTURE(option);
        CHECK(lint_options.contains(option));
    }
}

TEST_CASE("GitHub Action: a composite that runs lint --format sarif and uploads it, with options lint has") {
    const YAML::Node action = YAML::LoadFile((source_dir() / "action.yml").string());
    CHECK(action["runs"]["using"].as<std::string>() == "composite");
    std::set<std::string> inputs;
    for (const auto& input : action["inputs"]) inputs.insert(input.first.as<std::string>());
    CHECK(action["inputs"]["path"]["required"].as<bool>());
    CHECK(action["inputs"]["fail-on"]["default"].as<std::string>() == "error");

    const std::set<std::string> lint_options = help_options("lint");
    std::size_t scripts = 0, uploads = 0;
    std::string everything;
    for (const YAML::Node& step : action["runs"]["steps"]) {
        everything += YAML::Dump(step) + "\n";
        if (step["uses"]) {
            const std::string uses = step["uses"].as<std::string>();
            CHECK(uses.rfind("github/codeql-action/upload-sarif@", 0) == 0);
            CHECK(step["with"]["sarif_file"].as<std::string>() == "${{ inputs.sarif-file }}");
            ++uploads;
            continue;
        }
        const std::string script = step["run"].as<std::string>();
        if (script.find("args=(lint ") == std::string::npos) continue;
        ++scripts;
        CHECK(script.find("--format sarif") != std::string::npos);
        for (const std::string& option : options_in(script)) {
            CAPTURE(option);
            CHECK(lint_options.contains(option));
        }
    }
    CHECK(scripts == 1);
    CHECK(uploads == 1);
    // Every input the steps use is declared, and the fail-on default is a value lint accepts.
    const std::regex used("inputs\\.([a-z-]+)");
    for (std::sregex_iterator it(everything.begin(), everything.end(), used), end; it != end; ++it) {
        CAPTURE((*it)[1].str());
        CHECK(inputs.contains((*it)[1]));
    }
    TempDir dir;
    write_file(dir / "in.json", coco_json({coco_image(1, "a.jpg")}, {}, {R"({"id": 1, "name": "cat"})"}));
    CHECK(run_labelkit("lint " + q(dir / "in.json") + " --format sarif --fail-on " +
                       action["inputs"]["fail-on"]["default"].as<std::string>())
              .exit_code == 0);
}

TEST_CASE("Dockerfile: builds on debian:12 in two stages and installs only runtime libraries in the second") {
    const std::string dockerfile = read_file(source_dir() / "Dockerfile");
    const std::regex from("^FROM (\\S+)", std::regex::multiline);
    std::vector<std::string> bases;
    for (std::sregex_iterator it(dockerfile.begin(), dockerfile.end(), from), end; it != end; ++it)
        bases.push_back((*it)[1]);
    REQUIRE(bases.size() == 2);
    CHECK(bases[0] == "debian:12");
    CHECK(bases[1] == "debian:12");
    const std::string runtime = dockerfile.substr(dockerfile.rfind("\nFROM "));
    CHECK(runtime.find("-dev") == std::string::npos);
    CHECK(runtime.find("g++") == std::string::npos);
    CHECK(runtime.find("COPY --from=build") != std::string::npos);
}

TEST_CASE("Dockerfile: the build stage installs every library package the Makefile installs") {
    const std::string dockerfile = read_file(source_dir() / "Dockerfile");
    const std::string build_stage = dockerfile.substr(0, dockerfile.rfind("\nFROM "));
    const std::string makefile = read_file(source_dir() / "Makefile");
    // The PACKAGES variable: its line and the continuation lines (ending in a backslash) after it.
    const std::size_t start = makefile.find("\nPACKAGES = ");
    REQUIRE(start != std::string::npos);
    std::size_t end = start + 1;
    while (end < makefile.size() && makefile.find('\n', end) != std::string::npos) {
        const std::size_t line_end = makefile.find('\n', end);
        const bool continues = line_end > 0 && makefile[line_end - 1] == '\\';
        end = line_end + 1;
        if (!continues) break;
    }
    const std::string packages = makefile.substr(start, end - start);
    // The Python module and its tests are not built in the image.
    const std::set<std::string> not_in_image{"pybind11-dev", "python3-dev"};
    const std::regex dev_package("[a-z0-9.+-]+-dev");
    std::size_t checked = 0;
    for (std::sregex_iterator it(packages.begin(), packages.end(), dev_package), end; it != end; ++it) {
        const std::string name = it->str();
        if (not_in_image.contains(name)) continue;
        ++checked;
        CHECK_MESSAGE(build_stage.find(" " + name + " ") != std::string::npos, name);
    }
    CHECK(checked >= 15);
}

TEST_CASE("lint --fix: the config's ignore patterns match the copy's files as they match the input's") {
    TempDir dir;
    // An error without a safe fix (geometry/box-shape-mismatch) in a file the config ignores.
    write_file(dir / "data/in.json",
               coco_json({coco_image(1, "a.jpg")},
                         {R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 1250,
                              "iscrowd": 0, "segmentation": [[100, 100, 150, 100, 150, 150]]})"},
                         {R"({"id": 1, "name": "cat"})"}));
    write_file(dir / "data/.labelkit.yaml", "ignore:\n  - in.json\n");
    CHECK(run_labelkit("lint " + q(dir / "data/in.json")).exit_code == 0);
    // The copy is named otherwise; read back, its findings are mapped to in.json and ignored too.
    const CommandResult fixed = run_labelkit(fmt::format("lint {} --fix {}", q(dir / "data/in.json"), q(dir / "fixed.json")));
    CHECK(fixed.exit_code == 0);
    CHECK(fixed.err.find("0 errors, 0 warnings, 0 infos") != std::string::npos);
    CHECK(run_labelkit("lint " + q(dir / "fixed.json")).exit_code == 1);  // without the config, the error is there
}
