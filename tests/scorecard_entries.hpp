#pragma once
// Reading agree's JSON scorecard in the tests: an annotator's entry, and the order (worst first).
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace labelkit::test {

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
