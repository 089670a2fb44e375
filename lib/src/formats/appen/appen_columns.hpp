#pragma once
// Which columns of an Appen (Figure Eight, CrowdFlower) report are answers. Appen marks neither
// answers nor input data: a column is an answer when the report also has its companion column
// (<field>_gold in both reports, <field>:confidence or <field>:variance in the aggregated one).
// Shared by the appen format and the ratings format's `appen` column preset.
#include <string>
#include <vector>

namespace labelkit {

// The answer columns of the header, in header order: the columns, not starting with '_' and
// without a ':', that have a <name>_gold, <name>:confidence or <name>:variance companion.
std::vector<std::string> appen_answer_columns(const std::vector<std::string>& header);

// The columns an answer may be when no companion column tells (a job without test questions):
// the columns not starting with '_', without a ':' and not ending in _gold or _gold_reason.
std::vector<std::string> appen_answer_candidates(const std::vector<std::string>& header);

}  // namespace labelkit
