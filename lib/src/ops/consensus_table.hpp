#pragma once
// The table `merge --mode consensus` writes with --to csv or --to jsonl instead of a dataset: one
// row per item (its consensus label, or its consensus text), the columns chosen by the method.
// Written through PendingOutputFile (ops/dataset_output.hpp): atomically, never over an input.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "labelkit/enum_names.hpp"

namespace labelkit {

enum class ConsensusTableFormat { csv, jsonl };
template <>
struct EnumTable<ConsensusTableFormat> {
    static constexpr EnumName<ConsensusTableFormat> entries[] = {{ConsensusTableFormat::csv, "csv"},
                                                                 {ConsensusTableFormat::jsonl, "jsonl"}};
};

// One cell: nothing (an empty CSV field, JSON null), a text, a number, a count or a flag.
using TableCell = std::variant<std::monostate, std::string, double, std::uint64_t, bool>;

struct ConsensusTable {
    std::vector<std::string> columns;          // the header, in order
    std::vector<std::vector<TableCell>> rows;  // each with one cell per column
};

// The table format `--to` names ("csv", "jsonl"), or nullopt for a dataset format's name.
std::optional<ConsensusTableFormat> consensus_table_format(const std::string& to);

// The file's text. CSV: RFC 4180, a header row, fields quoted only when they hold a comma, a
// quote or a line break; numbers in their shortest round-trip form; flags true/false; a number
// that is not finite is an empty field. JSON Lines: one object per row, its keys the columns in
// order, nothing as null.
std::string consensus_table_text(const ConsensusTable& table, ConsensusTableFormat format);

}  // namespace labelkit
