// The consensus table writer (ops/consensus_table.hpp) that merge --to csv|jsonl uses: quoting,
// numbers, flags and empty cells, checked character by character against hand-written text.
#include <doctest/doctest.h>

#include <limits>

#include "ops/consensus_table.hpp"

using namespace labelkit;

namespace {

ConsensusTable sample() {
    ConsensusTable table;
    table.columns = {"item", "label", "confidence", "annotators", "tie"};
    table.rows.push_back({std::string("a.jpg"), std::string("cat"), 0.75, std::uint64_t{4}, false});
    table.rows.push_back({std::string("b, \"c\".jpg"), std::monostate{}, std::numeric_limits<double>::quiet_NaN(),
                          std::uint64_t{0}, true});
    table.rows.push_back({std::string("d\ne"), std::string("dog"), 1.0 / 3.0, std::uint64_t{3}, true});
    return table;
}

}  // namespace

TEST_CASE("consensus table: --to csv or jsonl in any case, anything else is a dataset format") {
    CHECK(consensus_table_format("csv") == ConsensusTableFormat::csv);
    CHECK(consensus_table_format("jsonl") == ConsensusTableFormat::jsonl);
    CHECK_FALSE(consensus_table_format("coco").has_value());
    // Names are taken in any case, as the formats' (README "Command line").
    CHECK(consensus_table_format("CSV") == ConsensusTableFormat::csv);
    CHECK(consensus_table_format("JsonL") == ConsensusTableFormat::jsonl);
}

TEST_CASE("consensus table as CSV: quoted only where needed, shortest numbers, empty for nothing") {
    CHECK(consensus_table_text(sample(), ConsensusTableFormat::csv) ==
          "item,label,confidence,annotators,tie\n"
          "a.jpg,cat,0.75,4,false\n"
          "\"b, \"\"c\"\".jpg\",,,0,true\n"
          "\"d\ne\",dog,0.3333333333333333,3,true\n");
}

TEST_CASE("consensus table as JSON Lines: keys in column order, nothing as null") {
    CHECK(consensus_table_text(sample(), ConsensusTableFormat::jsonl) ==
          "{\"item\":\"a.jpg\",\"label\":\"cat\",\"confidence\":0.75,\"annotators\":4,\"tie\":false}\n"
          "{\"item\":\"b, \\\"c\\\".jpg\",\"label\":null,\"confidence\":null,\"annotators\":0,\"tie\":true}\n"
          "{\"item\":\"d\\ne\",\"label\":\"dog\",\"confidence\":0.3333333333333333,\"annotators\":3,\"tie\":true}\n");
}
