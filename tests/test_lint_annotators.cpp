// lint's duplicate and near-duplicate rules with several annotators (a Label Studio export): two
// annotators drawing one box agree; one annotator drawing it twice repeats it. lint --fix drops
// only the repeat.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

using namespace labelkit::test;
namespace fs = std::filesystem;

namespace {

// A "Sign" rectangle of a 200x100 image at x, y (percent), 50% x 30%: 100 x 30 px.
std::string rectangle(const std::string& id, double x, double y) {
    return fmt::format(R"({{"id": "{}", "type": "rectanglelabels", "from_name": "label", "to_name": "image",
"original_width": 200, "original_height": 100, "value": {{"x": {}, "y": {}, "width": 50, "height": 30, "rectanglelabels": ["Sign"]}}}})",
                       id, x, y);
}

// One task of a.jpg with an annotation by each user: user id -> its results.
std::string export_of(const std::string& first_user_results, const std::string& second_user_results) {
    return fmt::format(R"([{{"id": 1, "data": {{"image": "a.jpg"}}, "annotations": [
{{"id": 1, "completed_by": 1, "result": [{}]}},
{{"id": 2, "completed_by": 2, "result": [{}]}}]}}]
)",
                       first_user_results, second_user_results);
}

}  // namespace

TEST_CASE("lint duplicates: compared within one annotator, not across annotators") {
    TempDir dir;
    SUBCASE("two annotators drawing one box agree: no finding") {
        write_file(dir / "ls.json", export_of(rectangle("a", 10, 20), rectangle("b", 10, 20)));
        const LintOutcome outcome = lint(dir / "ls.json");
        INFO(outcome.err);
        CHECK(count_rule(outcome, "geometry/duplicate-annotation") == 0);
        CHECK(count_rule(outcome, "geometry/near-duplicate") == 0);
    }
    SUBCASE("one annotator drawing it twice repeats it: one finding, though the other drew it too") {
        write_file(dir / "ls.json", export_of(rectangle("a", 10, 20) + ", " + rectangle("b", 10, 20), rectangle("c", 10, 20)));
        const LintOutcome outcome = lint(dir / "ls.json");
        INFO(outcome.err);
        CHECK(count_rule(outcome, "geometry/duplicate-annotation") == 1);
        CHECK(count_rule(outcome, "geometry/near-duplicate") == 0);
    }
    // Shifted by 1% of 200 px = 2 px in x: IoU = (98 x 30) / (102 x 30) = 0.9608, above 0.9, and
    // 2 px is beyond the duplicate tolerance.
    SUBCASE("a near duplicate across annotators is agreement; within one, a finding") {
        write_file(dir / "ls.json", export_of(rectangle("a", 10, 20), rectangle("b", 11, 20)));
        CHECK(count_rule(lint(dir / "ls.json"), "geometry/near-duplicate") == 0);
        write_file(dir / "ls.json", export_of(rectangle("a", 10, 20) + ", " + rectangle("b", 11, 20), ""));
        const LintOutcome outcome = lint(dir / "ls.json");
        REQUIRE(count_rule(outcome, "geometry/near-duplicate") == 1);
        CHECK(count_rule(outcome, "geometry/duplicate-annotation") == 0);
        for (const Finding& finding : outcome.findings)
            if (finding.rule == "geometry/near-duplicate") CHECK(finding.message.find("IoU 0.961") != std::string::npos);
    }
}

TEST_CASE("lint --fix drops a repeat within one annotator and keeps the other annotator's box") {
    TempDir dir;
    write_file(dir / "ls.json", export_of(rectangle("a", 10, 20) + ", " + rectangle("b", 10, 20), rectangle("c", 10, 20)));
    const CommandResult fixed = run_labelkit(fmt::format("lint {} --fix {} --fail-on never", q(dir / "ls.json"), q(dir / "fixed.json")));
    INFO(fixed.err);
    REQUIRE(fixed.exit_code == 0);
    CHECK((fixed.out + fixed.err).find("fixed [geometry/duplicate-annotation]: 1 duplicate annotations dropped") != std::string::npos);
    const nlohmann::json tasks = nlohmann::json::parse(read_file(dir / "fixed.json"));
    REQUIRE(tasks.size() == 1);
    const nlohmann::json& annotations = tasks[0]["annotations"];
    REQUIRE(annotations.size() == 2);
    CHECK(annotations[0]["completed_by"] == 1);
    CHECK(annotations[0]["result"].size() == 1);
    CHECK(annotations[1]["completed_by"] == 2);
    CHECK(annotations[1]["result"].size() == 1);
    CHECK(count_rule(lint(dir / "fixed.json"), "geometry/duplicate-annotation") == 0);
}
