// The lint rule cases against the catalogue (each case runs as its own ctest entry, from
// lint_rule_cases.cpp), and what no single rule case shows.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "labelkit/format.hpp"
#include "labelkit/ops/lint.hpp"
#include "lint_rule_cases.hpp"
#include "support.hpp"

using namespace labelkit::test;

TEST_CASE("lint rules: every rule of the catalogue has exactly one case, and every case a rule") {
    std::map<std::string, int> cases;
    for (const RuleCase& c : all_rule_cases()) ++cases[c.rule];
    std::set<std::string> declared;
    for (const labelkit::RuleInfo& rule : labelkit::all_rules(labelkit::all_formats())) {
        CAPTURE(rule.id);
        declared.insert(rule.id);
        CHECK(cases[rule.id] == 1);
    }
    for (const auto& [rule, count] : cases) {
        CAPTURE(rule);
        CHECK(declared.count(rule) == 1);
    }
}

TEST_CASE("lint rules: image checks run only with --check-images") {
    TempDir dir;
    write_files(dir.path(), coco_dataset());
    const LintOutcome outcome = lint(dir.path());
    CHECK_FALSE(mentions(outcome, "image/missing"));
}
