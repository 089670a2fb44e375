// The lint configuration (labelkit/ops/lint.hpp): catalogue defaults, setters, `.labelkit.yaml`
// files, ignore globs, finding the config file and applying it to diagnostics. Every line and
// column expected here was counted by hand in the YAML text beside it.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/lint.hpp"
#include "schema_check.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using labelkit::Diagnostic;
using labelkit::glob_match;
using labelkit::LintConfig;
using labelkit::Location;
using labelkit::RuleInfo;
using labelkit::Severity;
using labelkit::test::TempDir;
using labelkit::test::write_file;

namespace {

constexpr const char* near_duplicate = "geometry/near-duplicate";
constexpr const char* outside = "geometry/box-outside-image";
constexpr const char* no_annotations = "dataset/image-without-annotations";

std::vector<RuleInfo> catalogue() {
    RuleInfo duplicate{near_duplicate, Severity::warning, "two boxes of one class overlap almost entirely"};
    duplicate.parameters = {{"iou", 0.9, "IoU at or above which two boxes are near duplicates"},
                            {"min_area", 1, "smallest box area considered, in square pixels"}};
    RuleInfo box{outside, Severity::error, "a box reaches outside its image"};
    box.parameters = {{"tolerance", 0.5, "pixels a box may stick out"}};
    RuleInfo empty{no_annotations, Severity::info, "an image has no annotations"};
    return {duplicate, box, empty};
}

// The config read from `yaml`, written as .labelkit.yaml in tmp.
LintConfig read(const TempDir& tmp, const std::string& yaml) {
    write_file(tmp / ".labelkit.yaml", yaml);
    LintConfig config(catalogue());
    labelkit::read_lint_config(tmp / ".labelkit.yaml", config);
    return config;
}

// The error reading `yaml` throws (an Error saying "no error" when it throws none).
labelkit::Error read_error(const TempDir& tmp, const std::string& yaml) {
    try {
        read(tmp, yaml);
    } catch (const labelkit::Error& error) {
        return error;
    }
    return labelkit::Error("no error");
}

template <typename Action>
labelkit::Error error_of(Action action) {
    try {
        action();
    } catch (const labelkit::Error& error) {
        return error;
    }
    return labelkit::Error("no error");
}

void check_at(const labelkit::Error& error, const TempDir& tmp, std::uint32_t line, std::uint32_t column) {
    CHECK(error.where().path == (tmp / ".labelkit.yaml").string());
    CHECK(error.where().line == line);
    CHECK(error.where().column == column);
}

// YAML as the JSON document the schema describes: quoted scalars stay strings, plain ones
// become booleans or numbers when they read as such.
nlohmann::json to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence: {
            nlohmann::json array = nlohmann::json::array();
            for (const YAML::Node& item : node) array.push_back(to_json(item));
            return array;
        }
        case YAML::NodeType::Map: {
            nlohmann::json object = nlohmann::json::object();
            for (const auto& entry : node) object[entry.first.Scalar()] = to_json(entry.second);
            return object;
        }
        case YAML::NodeType::Scalar: {
            const std::string& text = node.Scalar();
            if (node.Tag() == "!") return text;
            if (text == "true" || text == "false") return text == "true";
            if (const auto integer = labelkit::parse_integer(text)) return *integer;
            if (const auto number = labelkit::parse_double(text)) return *number;
            return text;
        }
        default: return nullptr;
    }
}

std::vector<std::string> config_schema_errors(const std::string& yaml) {
    return labelkit::test::schema_errors(labelkit::test::source_dir() / "schemas/lint-config.schema.json",
                                         to_json(YAML::Load(yaml)));
}

const char* full_example = R"(# .labelkit.yaml
version: 1
rules:
  geometry/near-duplicate:
    severity: error
    iou: 0.8
  dataset/image-without-annotations: off
  geometry/box-outside-image: info
ignore:
  - "legacy/**"
  - "*.bak.json"
)";

}  // namespace

TEST_CASE("lint config: defaults come from the catalogue") {
    const LintConfig config(catalogue());
    CHECK(config.rules().size() == 3);
    REQUIRE(config.find(outside) != nullptr);
    CHECK(config.find(outside)->id == outside);
    CHECK(config.find("geometry/nothing") == nullptr);
    for (const RuleInfo& rule : catalogue()) CHECK(config.enabled(rule.id));
    CHECK(config.severity(near_duplicate) == Severity::warning);
    CHECK(config.severity(outside) == Severity::error);
    CHECK(config.severity(no_annotations) == Severity::info);
    CHECK(config.parameter(near_duplicate, "iou") == 0.9);
    CHECK(config.parameter(near_duplicate, "min_area") == 1);
    CHECK(config.parameter(outside, "tolerance") == 0.5);
    CHECK(config.ignore.empty());
    CHECK_FALSE(config.ignored("anything.json"));
}

TEST_CASE("lint config: asking about an unknown rule or parameter is an error") {
    const LintConfig config(catalogue());
    CHECK(error_of([&] { config.parameter(near_duplicate, "ious"); }).message() ==
          "rule 'geometry/near-duplicate' has no parameter 'ious' (its parameters: iou, min_area)");
    CHECK(error_of([&] { config.parameter("geometry/nothing", "iou"); }).message() == "unknown rule 'geometry/nothing'");
    CHECK(error_of([&] { config.enabled("geometry/near-duplicates"); }).message() ==
          "unknown rule 'geometry/near-duplicates' (did you mean 'geometry/near-duplicate'?)");
    CHECK(error_of([&] { config.severity("coco/anything"); }).message() == "unknown rule 'coco/anything'");
}

TEST_CASE("lint config: each setter changes one setting of one rule") {
    LintConfig config(catalogue());
    config.set_enabled(near_duplicate, false);
    CHECK_FALSE(config.enabled(near_duplicate));
    CHECK(config.enabled(outside));
    config.set_enabled(near_duplicate, true);
    CHECK(config.enabled(near_duplicate));

    config.set_severity(outside, Severity::info);
    CHECK(config.severity(outside) == Severity::info);
    CHECK(config.severity(near_duplicate) == Severity::warning);

    config.set_parameter(near_duplicate, "iou", 0.75);
    CHECK(config.parameter(near_duplicate, "iou") == 0.75);
    CHECK(config.parameter(near_duplicate, "min_area") == 1);
    CHECK(config.parameter(outside, "tolerance") == 0.5);
}

TEST_CASE("lint config: setters name the unknown rule at `where`, suggesting an id at most 3 edits away") {
    LintConfig config(catalogue());
    const Location where{"cfg.yaml", 3, 5};
    const auto unknown = error_of([&] { config.set_enabled("geometry/near-duplicat", false, where); });
    CHECK(unknown.message() == "unknown rule 'geometry/near-duplicat' (did you mean 'geometry/near-duplicate'?)");
    CHECK(unknown.where().path == "cfg.yaml");
    CHECK(unknown.where().line == 3);
    CHECK(unknown.where().column == 5);
    CHECK(std::string(unknown.what()) == "cfg.yaml:3:5: " + unknown.message());
    // "duplic" is 3 deletions from "duplicate"; "dupli" is 4.
    CHECK(error_of([&] { config.set_severity("geometry/near-duplic", Severity::info, where); }).message() ==
          "unknown rule 'geometry/near-duplic' (did you mean 'geometry/near-duplicate'?)");
    CHECK(error_of([&] { config.set_severity("geometry/near-dupli", Severity::info, where); }).message() ==
          "unknown rule 'geometry/near-dupli'");
    CHECK(error_of([&] { config.set_parameter("dataset/image-without-annotation", "x", 1, where); }).message() ==
          "unknown rule 'dataset/image-without-annotation' (did you mean 'dataset/image-without-annotations'?)");
}

TEST_CASE("lint config: set_parameter lists the rule's parameters for an unknown one") {
    LintConfig config(catalogue());
    const auto error = error_of([&] { config.set_parameter(near_duplicate, "IoU", 0.5, {"cfg.yaml", 7, 9}); });
    CHECK(error.message() == "rule 'geometry/near-duplicate' has no parameter 'IoU' (its parameters: iou, min_area)");
    CHECK(error.where().line == 7);
    CHECK(error.where().column == 9);
    CHECK(error_of([&] { config.set_parameter(no_annotations, "iou", 0.5); }).message() ==
          "rule 'dataset/image-without-annotations' has no parameter 'iou' (it has no parameters)");
    CHECK(config.parameter(near_duplicate, "iou") == 0.9);
}

TEST_CASE("lint config: reading the documented example") {
    TempDir tmp;
    write_file(tmp / ".labelkit.yaml", full_example);
    LintConfig config(catalogue());
    config.ignore.push_back("earlier/**");
    labelkit::read_lint_config(tmp / ".labelkit.yaml", config);
    CHECK(config.enabled(near_duplicate));
    CHECK(config.severity(near_duplicate) == Severity::error);
    CHECK(config.parameter(near_duplicate, "iou") == 0.8);
    CHECK(config.parameter(near_duplicate, "min_area") == 1);
    CHECK_FALSE(config.enabled(no_annotations));
    CHECK(config.enabled(outside));
    CHECK(config.severity(outside) == Severity::info);
    CHECK(config.parameter(outside, "tolerance") == 0.5);
    CHECK(config.ignore == std::vector<std::string>{"earlier/**", "legacy/**", "*.bak.json"});
    CHECK(config.base == tmp.path());
}

TEST_CASE("lint config: an empty file or one of comments only is an empty config") {
    TempDir tmp;
    for (const char* yaml : {"", "# nothing here\n", "\n\n", "rules:\nignore:\n"}) {
        CAPTURE(yaml);
        const LintConfig config = read(tmp, yaml);
        CHECK(config.enabled(near_duplicate));
        CHECK(config.severity(outside) == Severity::error);
        CHECK(config.ignore.empty());
        CHECK(config.base == tmp.path());
    }
}

TEST_CASE("lint config: the shorthand forms off, on, error, warning and info") {
    TempDir tmp;
    const LintConfig config = read(tmp, "rules:\n"
                                        "  geometry/near-duplicate: off\n"
                                        "  geometry/box-outside-image: warning\n"
                                        "  dataset/image-without-annotations: error\n");
    CHECK_FALSE(config.enabled(near_duplicate));
    CHECK(config.severity(near_duplicate) == Severity::warning);  // unchanged
    CHECK(config.enabled(outside));
    CHECK(config.severity(outside) == Severity::warning);
    CHECK(config.severity(no_annotations) == Severity::error);

    const LintConfig info = read(tmp, "rules: {geometry/box-outside-image: info}\n");
    CHECK(info.severity(outside) == Severity::info);

    // `on` turns a rule back on at the severity it has.
    write_file(tmp / ".labelkit.yaml", "rules:\n  geometry/box-outside-image: on\n");
    LintConfig again(catalogue());
    again.set_enabled(outside, false);
    labelkit::read_lint_config(tmp / ".labelkit.yaml", again);
    CHECK(again.enabled(outside));
    CHECK(again.severity(outside) == Severity::error);
}

TEST_CASE("lint config: the mapping form with severity, enabled and parameters") {
    TempDir tmp;
    const LintConfig config = read(tmp, "rules:\n"
                                        "  geometry/near-duplicate:\n"
                                        "    enabled: false\n"
                                        "    min_area: 4\n"
                                        "    iou: 1e-1\n"
                                        "  geometry/box-outside-image: {severity: off}\n"
                                        "  dataset/image-without-annotations: {severity: warning, enabled: false}\n");
    CHECK_FALSE(config.enabled(near_duplicate));
    CHECK(config.parameter(near_duplicate, "min_area") == 4);
    CHECK(config.parameter(near_duplicate, "iou") == 0.1);
    CHECK_FALSE(config.enabled(outside));
    CHECK_FALSE(config.enabled(no_annotations));
    CHECK(config.severity(no_annotations) == Severity::warning);

    // Parameters alone leave a disabled rule disabled; a severity turns it on.
    write_file(tmp / ".labelkit.yaml", "rules:\n"
                                       "  geometry/near-duplicate: {iou: 0.5}\n"
                                       "  geometry/box-outside-image: {severity: info, tolerance: 2}\n");
    LintConfig disabled(catalogue());
    disabled.set_enabled(near_duplicate, false);
    disabled.set_enabled(outside, false);
    labelkit::read_lint_config(tmp / ".labelkit.yaml", disabled);
    CHECK_FALSE(disabled.enabled(near_duplicate));
    CHECK(disabled.parameter(near_duplicate, "iou") == 0.5);
    CHECK(disabled.enabled(outside));
    CHECK(disabled.severity(outside) == Severity::info);
    CHECK(disabled.parameter(outside, "tolerance") == 2);
}

TEST_CASE("lint config: an unknown rule id is reported at its key, with the closest id") {
    TempDir tmp;
    const auto error = read_error(tmp, "rules:\n"
                                       "  geometry/near-duplicat: off\n");
    CHECK(error.message() == "unknown rule 'geometry/near-duplicat' (did you mean 'geometry/near-duplicate'?)");
    check_at(error, tmp, 2, 3);
    const auto far = read_error(tmp, "rules:\n    coco/bbox: off\n");
    CHECK(far.message() == "unknown rule 'coco/bbox'");
    check_at(far, tmp, 2, 5);
}

TEST_CASE("lint config: an unknown parameter is reported at its key, with the rule's parameters") {
    TempDir tmp;
    const auto error = read_error(tmp, "rules:\n"
                                       "  geometry/near-duplicate:\n"
                                       "    severity: warning\n"
                                       "    ious: 0.5\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate' has no parameter 'ious' (its parameters: iou, min_area)");
    check_at(error, tmp, 4, 5);
}

TEST_CASE("lint config: an unknown top-level key is an error") {
    TempDir tmp;
    const auto error = read_error(tmp, "# config\n"
                                       "rules: {}\n"
                                       "ignores:\n"
                                       "  - \"*.bak\"\n");
    CHECK(error.message() == "unknown key 'ignores' (expected rules, ignore or version)");
    check_at(error, tmp, 3, 1);
}

TEST_CASE("lint config: version 1 is accepted, any other is an error") {
    TempDir tmp;
    CHECK(read(tmp, "version: 1\n").enabled(near_duplicate));
    const auto error = read_error(tmp, "version: 2\nrules: {}\n");
    CHECK(error.message() == "unsupported config version (only version 1 is known)");
    check_at(error, tmp, 1, 10);
}

TEST_CASE("lint config: values of the wrong type are reported where they are") {
    TempDir tmp;
    // "  geometry/near-duplicate: {iou: high}": the key ends in column 25, "high" starts in 34.
    auto error = read_error(tmp, "rules:\n  geometry/near-duplicate: {iou: high}\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': parameter 'iou' must be a number");
    check_at(error, tmp, 2, 34);

    error = read_error(tmp, "rules:\n  geometry/near-duplicate:\n    iou: [0.5]\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': parameter 'iou' must be a number");
    check_at(error, tmp, 3, 10);

    error = read_error(tmp, "rules:\n  geometry/near-duplicate:\n    enabled: yes\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': enabled must be true or false");
    check_at(error, tmp, 3, 14);

    error = read_error(tmp, "rules:\n  - geometry/near-duplicate\n");
    CHECK(error.message() == "rules must be a mapping of rule ids");
    check_at(error, tmp, 2, 3);

    error = read_error(tmp, "ignore: \"*.bak\"\n");
    CHECK(error.message() == "ignore must be a list of glob patterns");
    check_at(error, tmp, 1, 9);

    error = read_error(tmp, "ignore:\n  - legacy/**\n  - {a: b}\n");
    CHECK(error.message() == "ignore: every pattern must be a non-empty string");
    check_at(error, tmp, 3, 5);

    error = read_error(tmp, "rules:\n  geometry/box-outside-image: [off]\n");
    CHECK(error.message() == "rule 'geometry/box-outside-image': expected off, on, error, warning, info or a mapping");
    check_at(error, tmp, 2, 31);

    // A missing value is reported at its key, not where the next line starts.
    error = read_error(tmp, "rules:\n  geometry/near-duplicate:\nignore: []\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': expected off, on, error, warning, info or a mapping");
    check_at(error, tmp, 2, 3);

    error = read_error(tmp, "rules:\n  geometry/near-duplicate:\n    iou:\n    min_area: 2\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': parameter 'iou' must be a number");
    check_at(error, tmp, 3, 5);

    error = read_error(tmp, "rules:\n  geometry/near-duplicate: {iou: \"0.5\"}\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': parameter 'iou' must be a number");
    check_at(error, tmp, 2, 34);

    error = read_error(tmp, "- rules\n");
    CHECK(error.message() == "a lint config must be a mapping (rules, ignore)");
    check_at(error, tmp, 1, 1);
}

TEST_CASE("lint config: a bad severity is reported at the value") {
    TempDir tmp;
    auto error = read_error(tmp, "rules:\n"
                                 "  geometry/near-duplicate:\n"
                                 "    severity: fatal\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': severity must be error, warning, info or off");
    check_at(error, tmp, 3, 15);

    // "dataset/image-without-annotations" is 33 characters, in columns 3 to 35.
    error = read_error(tmp, "rules:\n  dataset/image-without-annotations: disable\n");
    CHECK(error.message() ==
          "rule 'dataset/image-without-annotations': expected off, on, error, warning, info or a mapping, not 'disable'");
    check_at(error, tmp, 2, 38);

    error = read_error(tmp, "rules:\n  geometry/near-duplicate: {severity: off, enabled: true}\n");
    CHECK(error.message() == "rule 'geometry/near-duplicate': 'severity: off' contradicts 'enabled: true'");
    check_at(error, tmp, 2, 39);
}

TEST_CASE("lint config: a key given twice is an error") {
    TempDir tmp;
    const auto error = read_error(tmp, "rules:\n"
                                       "  geometry/near-duplicate: off\n"
                                       "  geometry/near-duplicate: on\n");
    CHECK(error.message() == "'geometry/near-duplicate' is given twice");
    check_at(error, tmp, 3, 3);
}

TEST_CASE("lint config: YAML syntax errors say invalid YAML, with line and column") {
    TempDir tmp;
    // A mapping value where a plain value has begun: the second ':' on line 3, column 9.
    const auto error = read_error(tmp, "ignore:\n"
                                       "  - \"legacy/**\"\n"
                                       "rules: a: b\n");
    CHECK(error.message().rfind("invalid YAML: ", 0) == 0);
    check_at(error, tmp, 3, 9);
}

TEST_CASE("lint config: a missing config file is an error") {
    TempDir tmp;
    LintConfig config(catalogue());
    const auto error = error_of([&] { labelkit::read_lint_config(tmp / "none.yaml", config); });
    CHECK(error.where().path == (tmp / "none.yaml").string());
}

TEST_CASE("lint config: glob_match") {
    struct Case {
        const char* pattern;
        const char* path;
        bool matches;
    };
    const Case cases[] = {
        {"*.json", "a.json", true},          {"*.json", "dir/a.json", false},  {"*.json", ".json", true},
        {"*", "", true},                     {"*", "a/b", false},               {"", "", true},
        {"", "a", false},                    {"a?c", "abc", true},              {"a?c", "a/c", false},
        {"a?c", "ac", false},                {"a*b*c", "aXbYc", true},          {"a*b*c", "aXbY", false},
        {"a*b*c", "abcbc", true},            {"a/*/b", "a/xx/b", true},         {"a/*/b", "a/b", false},
        {"a/*/b", "a/x/y/b", false},         {"a/**/b", "a/b", true},           {"a/**/b", "a/x/y/b", true},
        {"a/**/b", "a/x/y/c", false},        {"a/**/b", "b", false},            {"a/**/b", "xa/b", false},
        {"**/x.txt", "x.txt", true},         {"**/x.txt", "p/q/x.txt", true},   {"**/x.txt", "p/qx.txt", false},
        {"labels/**", "labels/a/b.txt", true}, {"labels/**", "labels", true},   {"labels/**", "labelsx/a", false},
        {"**", "", true},                    {"**", "any/where/at/all", true},  {"**/**/x", "x", true},
        {"**/a/**/b/**", "x/a/y/b/z", true}, {"**/a/**/b/**", "x/b/y/a", false}, {"a**b", "aXb", true},
        {"a**b", "a/b", false},              {"[abc].txt", "b.txt", true},      {"[abc].txt", "d.txt", false},
        {"[a-z]1", "q1", true},              {"[a-z]1", "Q1", false},           {"x[0-9][0-9]", "x42", true},
        {"x[0-9][0-9]", "x4", false},        {"[!a]x", "bx", true},             {"[!a]x", "ax", false},
        {"[^a]x", "ax", false},              {"[]]", "]", true},                {"[a-]", "-", true},
        {"[a", "[a", true},                  {"[a", "a", false},                {"img_[0-9]*.png", "img_7b.png", true},
    };
    for (const Case& c : cases) {
        CAPTURE(c.pattern);
        CAPTURE(c.path);
        CHECK(glob_match(c.pattern, c.path) == c.matches);
    }
}

TEST_CASE("lint config: glob_match finishes fast on patterns that backtrack") {
    const auto start = std::chrono::steady_clock::now();
    const std::string as(100000, 'a');
    CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*b", as));
    CHECK(glob_match("*a*a*a*a*a*a*a*b", as + "b"));
    std::string segments;
    for (int i = 0; i < 2000; ++i) segments += "a/";
    CHECK_FALSE(glob_match("**/a/**/a/**/a/**/a/**/b", segments + "c"));
    CHECK(glob_match("**/a/**/a/**/a/**/a/**/b", segments + "b"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("lint config: ignore patterns match paths relative to base") {
    TempDir tmp;
    LintConfig config(catalogue());
    config.base = tmp.path();
    config.ignore = {"legacy/**", "*.bak.json", "/top.json", "labels/*/train?.txt",
                     "**/cache/**", "data/[a-c]*.json", "notes/"};
    const auto ignored = [&](const std::string& relative) { return config.ignored((tmp / relative).string()); };
    CHECK(ignored("legacy/a.json"));
    CHECK(ignored("legacy/x/y/z.json"));
    CHECK_FALSE(ignored("legacyx/a.json"));
    CHECK_FALSE(ignored("old/legacy/a.json"));

    CHECK(ignored("old.bak.json"));
    CHECK(ignored("deep/er/old.bak.json"));
    CHECK_FALSE(ignored("old.bak.json.txt"));

    CHECK(ignored("top.json"));
    CHECK_FALSE(ignored("sub/top.json"));

    CHECK(ignored("labels/cats/train1.txt"));
    CHECK_FALSE(ignored("labels/cats/train12.txt"));
    CHECK_FALSE(ignored("labels/cats/dogs/train1.txt"));

    CHECK(ignored("cache/c.json"));
    CHECK(ignored("a/b/cache/c.json"));
    CHECK_FALSE(ignored("a/b/cached/c.json"));

    CHECK(ignored("data/b1.json"));
    CHECK_FALSE(ignored("data/d1.json"));
    CHECK_FALSE(ignored("data/sub/a.json"));

    CHECK(ignored("notes/x/y.md"));
    CHECK_FALSE(ignored("notes.md"));

    // Normalised before matching.
    CHECK(ignored("legacy/../top.json"));
    CHECK(ignored("x/../legacy/a.json"));
    CHECK(ignored("./legacy/a.json"));
    CHECK_FALSE(config.ignored(""));
}

TEST_CASE("lint config: a path outside base is matched by its file name only") {
    TempDir tmp;
    LintConfig config(catalogue());
    config.base = tmp / "project";
    config.ignore = {"legacy/**", "*.bak.json", "/top.json"};
    CHECK(config.ignored((tmp / "elsewhere/x.bak.json").string()));
    CHECK_FALSE(config.ignored((tmp / "elsewhere/legacy/a.json").string()));
    CHECK_FALSE(config.ignored((tmp / "top.json").string()));
    CHECK(config.ignored((tmp / "project/top.json").string()));
}

TEST_CASE("lint config: a relative path is taken relative to the current directory") {
    LintConfig config(catalogue());
    config.base = fs::current_path() / "some-project";
    config.ignore = {"/legacy/**"};
    CHECK(config.ignored("some-project/legacy/a.json"));
    CHECK_FALSE(config.ignored("legacy/a.json"));
    config.base = "some-project";  // a relative base too
    CHECK(config.ignored("some-project/legacy/a.json"));
    CHECK(config.ignored((fs::current_path() / "some-project/legacy/a.json").string()));
}

TEST_CASE("lint config: ignore patterns read from a file are relative to its folder") {
    TempDir tmp;
    write_file(tmp / "project/.labelkit.yaml", "ignore:\n  - \"/legacy/**\"\n");
    LintConfig config(catalogue());
    labelkit::read_lint_config(tmp / "project/.labelkit.yaml", config);
    CHECK(config.ignored((tmp / "project/legacy/a.json").string()));
    CHECK_FALSE(config.ignored((tmp / "legacy/a.json").string()));
}

TEST_CASE("lint config: find_lint_config looks in the input's folder and every folder above") {
    TempDir tmp;
    write_file(tmp / "a/b/data.json", "{}");
    CHECK_FALSE(labelkit::find_lint_config(tmp / "a/b/data.json").has_value());  // none up to the root
    CHECK_FALSE(labelkit::find_lint_config(tmp / "a/b").has_value());

    write_file(tmp / ".labelkit.yaml", "");
    CHECK(labelkit::find_lint_config(tmp / "a/b/data.json") == tmp / ".labelkit.yaml");
    CHECK(labelkit::find_lint_config(tmp / "a/b") == tmp / ".labelkit.yaml");
    CHECK(labelkit::find_lint_config(tmp / "a/b/") == tmp / ".labelkit.yaml");
    CHECK(labelkit::find_lint_config(tmp / "a/b/missing.json") == tmp / ".labelkit.yaml");

    fs::create_directories(tmp / "a/.labelkit.yaml");  // a folder of that name is not a config
    CHECK(labelkit::find_lint_config(tmp / "a/b/data.json") == tmp / ".labelkit.yaml");

    write_file(tmp / "a/b/.labelkit.yaml", "");
    CHECK(labelkit::find_lint_config(tmp / "a/b/data.json") == tmp / "a/b/.labelkit.yaml");
    CHECK(labelkit::find_lint_config(tmp / "a/b") == tmp / "a/b/.labelkit.yaml");
    CHECK(labelkit::find_lint_config(tmp / "a") == tmp / ".labelkit.yaml");
}

TEST_CASE("lint config: apply_config drops disabled rules and ignored paths and sets severities") {
    TempDir tmp;
    LintConfig config(catalogue());
    config.set_enabled(near_duplicate, false);
    config.set_severity(outside, Severity::info);
    config.base = tmp.path();
    config.ignore = {"legacy/**"};
    const std::string a = (tmp / "a.json").string();
    const std::string legacy = (tmp / "legacy/b.json").string();
    const std::vector<Diagnostic> diagnostics = {
        {near_duplicate, Severity::warning, "disabled", {a, 3, 1}},
        {outside, Severity::error, "re-severed", {a, 4, 1}},
        {no_annotations, Severity::error, "as reported", {a}},
        {"convert/polygon-to-box", Severity::warning, "not in the catalogue", {a}},
        {"coco/reader-note", Severity::info, "ignored path", {legacy}},
        {outside, Severity::error, "ignored path", {legacy, 1, 1}},
        {outside, Severity::error, "no path", {}},
    };
    const std::vector<Diagnostic> kept = labelkit::apply_config(diagnostics, config);
    REQUIRE(kept.size() == 4);
    CHECK(kept[0].message == "re-severed");
    CHECK(kept[0].severity == Severity::info);
    CHECK(kept[0].location.line == 4);
    // A finding keeps the severity it was reported with unless the config sets the rule's: a
    // rule may report some findings as warnings (voc/inverted-box, for one-pixel boxes).
    CHECK(kept[1].message == "as reported");
    CHECK(kept[1].severity == Severity::error);
    CHECK(kept[2].rule == "convert/polygon-to-box");
    CHECK(kept[2].severity == Severity::warning);
    CHECK(kept[3].message == "no path");
    CHECK(kept[3].severity == Severity::info);
}

TEST_CASE("lint config: FindingFilter counts every finding over --max-per-rule, also those claim() turns away") {
    LintConfig config(catalogue());
    config.set_severity(outside, Severity::warning);
    labelkit::FindingFilter filter(config, 2);
    auto keep = [&](const std::string& rule, Severity severity) {
        Diagnostic diagnostic{rule, severity, "m", {"a.json", 1, 1}};
        return filter.keep(diagnostic);
    };
    CHECK(keep(outside, Severity::error));
    CHECK(filter.claim(outside));
    CHECK(keep(outside, Severity::error));
    CHECK_FALSE(keep(outside, Severity::error));  // over the limit: counted at the configured severity
    CHECK_FALSE(filter.claim(outside));           // turned away before it is built: counted too
    CHECK_FALSE(filter.claim(outside));
    // A rule the catalogue does not know keeps the severity it was reported with.
    CHECK(keep("convert/x", Severity::info));
    CHECK(keep("convert/x", Severity::info));
    CHECK_FALSE(keep("convert/x", Severity::info));
    CHECK_FALSE(keep("convert/x", Severity::error));
    CHECK(keep(near_duplicate, Severity::warning));  // under the limit: nothing unlisted

    const std::vector<labelkit::UnlistedFindings> unlisted = filter.unlisted();
    REQUIRE(unlisted.size() == 3);
    CHECK(unlisted[0].rule == "convert/x");
    CHECK(unlisted[0].severity == Severity::error);
    CHECK(unlisted[0].count == 1);
    CHECK(unlisted[1].rule == "convert/x");
    CHECK(unlisted[1].severity == Severity::info);
    CHECK(unlisted[1].count == 1);
    CHECK(unlisted[2].rule == outside);
    CHECK(unlisted[2].severity == Severity::warning);
    CHECK(unlisted[2].count == 3);

    labelkit::FindingFilter unlimited(config, 0);
    for (int i = 0; i < 5; ++i) {
        Diagnostic diagnostic{outside, Severity::error, "m", {"a.json", 1, 1}};
        CHECK(unlimited.claim(outside));
        CHECK(unlimited.keep(diagnostic));
    }
    CHECK(unlimited.unlisted().empty());
}

TEST_CASE("lint config: example configs validate against schemas/lint-config.schema.json") {
    TempDir tmp;
    const char* valid[] = {
        full_example,
        "{}\n",
        "rules:\n",
        "ignore:\n  - \"*.bak.json\"\n  - \"/legacy/\"\n",
        "rules:\n  geometry/near-duplicate: {enabled: false, min_area: 4}\n  geometry/box-outside-image: on\n",
    };
    for (const char* yaml : valid) {
        CAPTURE(yaml);
        CHECK(config_schema_errors(yaml).empty());
        CHECK_NOTHROW(read(tmp, yaml));  // and labelkit reads them
    }
    const char* invalid[] = {
        "rules: {}\nignores:\n  - \"*.bak\"\n",
        "version: 2\n",
        "rules:\n  geometry/near-duplicate: {severity: fatal}\n",
        "rules:\n  geometry/near-duplicate: {iou: high}\n",
        "rules:\n  geometry/near-duplicate: {enabled: \"no\"}\n",
        "rules:\n  geometry/near-duplicate: {enabled: \"true\"}\n",
        "rules:\n  geometry/near-duplicate: {iou: \"0.5\"}\n",
        "version: \"1\"\n",
        "rules:\n  geometry/near-duplicate: disable\n",
        "ignore: \"*.bak\"\n",
    };
    for (const char* yaml : invalid) {
        CAPTURE(yaml);
        CHECK_FALSE(config_schema_errors(yaml).empty());
        CHECK_THROWS_AS(read(tmp, yaml), labelkit::Error);  // and labelkit refuses them
    }
    // The schema checks the shape of a rule id; labelkit also knows which ids exist.
    CHECK_FALSE(config_schema_errors("rules:\n  Geometry/Near_Duplicate: off\n").empty());
}
