#pragma once
// agree's JSON report in the tests: run and checked against its schema, an annotator's scorecard
// entry, and the scorecard's order (worst first).
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "schema_check.hpp"
#include "support.hpp"

namespace labelkit::test {

// `labelkit agree --format json ARGUMENTS`, which must exit 0 with a report valid by its schema;
// its stderr into `err` when given.
inline nlohmann::json agree_json(const std::string& arguments, std::string* err = nullptr) {
    const CommandResult result = run_labelkit("agree --format json " + arguments);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    if (err) *err = result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    CHECK(schema_errors(source_dir() / "schemas/agreement-report.schema.json", report).empty());
    return report;
}

inline const nlohmann::json& scored(const nlohmann::json& report, const std::string& name) {
    for (const nlohmann::json& entry : report["scorecard"]["annotators"])
        if (entry["name"] == name) return entry;
    FAIL("no scorecard entry for " << name);
    static const nlohmann::json none;
    return none;
}

inline std::vector<std::string> order_of(const nlohmann::json& report) {
    std::vector<std::string> names;
    for (const nlohmann::json& entry : report["scorecard"]["annotators"]) names.push_back(entry["name"]);
    return names;
}

}  // namespace labelkit::test
