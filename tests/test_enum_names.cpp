// One table of names per enum (labelkit/enum_names.hpp): to_string, parse and names agree, every
// enumerator has one name, and the CLI's choices are the tables' names.
#include <set>

#include <doctest/doctest.h>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/ops/agree.hpp"
#include "labelkit/ops/fusion.hpp"
#include "labelkit/ops/lint.hpp"
#include "labelkit/ops/merge.hpp"
#include "labelkit/ops/split.hpp"
#include "labelkit/report.hpp"

using namespace labelkit;

namespace {

// Every enumerator 0..count-1 has exactly one name, and the name parses back to it.
template <NamedEnum Enum>
void check_table(std::size_t enumerators) {
    const std::vector<std::string> all = names<Enum>();
    CHECK(all.size() == enumerators);
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == enumerators);
    std::set<int> values;
    for (std::size_t i = 0; i < enumerators; ++i) {
        const auto value = static_cast<Enum>(i);
        const std::string name = to_string(value);
        CAPTURE(name);
        CHECK_FALSE(name.empty());
        CHECK(parse<Enum>(name) == value);
        CHECK_FALSE(parse<Enum>(name + " "));
        values.insert(static_cast<int>(value));
    }
    CHECK(values.size() == enumerators);
    CHECK_FALSE(parse<Enum>(""));
}

}  // namespace

TEST_CASE("enum names: every enumerator of every choice list has one name that parses back") {
    check_table<ShapeTask>(4);
    check_table<ImageMode>(3);
    check_table<VocCoordinates>(2);
    check_table<Severity>(3);
    check_table<ReportFormat>(5);
    check_table<SplitStrategy>(3);
    check_table<ConflictPolicy>(4);
    check_table<FuseMethod>(3);
    check_table<WbfConfidence>(4);
    check_table<AlphaLevel>(4);
    check_table<FailOn>(4);
    check_table<MergeMode>(2);
    check_table<AgreeReportFormat>(3);
    check_table<AggregationMethod>(4);
}

TEST_CASE("enum names: the names are those the CLI and the files have always used, in the table's order") {
    CHECK(names<ImageMode>() == std::vector<std::string>{"copy", "link", "none"});
    CHECK(names<ShapeTask>() == std::vector<std::string>{"detect", "segment", "obb", "pose"});
    CHECK(names<FailOn>() == std::vector<std::string>{"error", "warning", "info", "never"});
    CHECK(to_string(MergeMode::set_union) == std::string("union"));
    CHECK(to_string(Severity::warning) == std::string("warning"));
    CHECK(parse<ReportFormat>("SARIF") == std::nullopt);  // exactly, lower case
    CHECK(names_text<AlphaLevel>() == "nominal, ordinal, interval or ratio");
    CHECK(or_list({"a"}) == "a");
    CHECK(or_list({"a", "b"}) == "a or b");
    CHECK(or_list({}).empty());
}
