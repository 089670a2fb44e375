#pragma once
// For every lint rule, a small real dataset that must report it and the same dataset fixed.
#include <string>
#include <vector>

#include "lint_fixtures.hpp"

namespace labelkit::test {

struct RuleCase {
    std::string rule;
    Files bad;
    Files good;
    std::string where;  // a part of the finding's "path:line:col (at /pointer)" in the broken dataset
    std::string extra;  // more lint arguments
    std::string input;  // relative to the dataset folder; empty: the folder itself
};

std::vector<RuleCase> all_rule_cases();
// The CVAT reader's cases (tests/test_cvat.cpp).
std::vector<RuleCase> cvat_rule_cases();

}  // namespace labelkit::test
