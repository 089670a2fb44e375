#include "ops/consensus_table.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/merge.hpp"
#include "labelkit/suggest.hpp"

namespace labelkit {

namespace {

std::string csv_cell(const TableCell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) return csv_field(*text);
    if (const auto* number = std::get_if<double>(&cell)) return std::isfinite(*number) ? format_number(*number) : "";
    if (const auto* count = std::get_if<std::uint64_t>(&cell)) return fmt::format("{}", *count);
    if (const auto* flag = std::get_if<bool>(&cell)) return *flag ? "true" : "false";
    return "";
}

nlohmann::ordered_json json_cell(const TableCell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) return *text;
    if (const auto* number = std::get_if<double>(&cell))
        return std::isfinite(*number) ? nlohmann::ordered_json(*number) : nlohmann::ordered_json();
    if (const auto* count = std::get_if<std::uint64_t>(&cell)) return *count;
    if (const auto* flag = std::get_if<bool>(&cell)) return *flag;
    return nullptr;
}

std::string csv_text(const ConsensusTable& table) {
    std::string out;
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + csv_field(table.columns[c]);
    out += '\n';
    for (const std::vector<TableCell>& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csv_cell(row[c]);
        out += '\n';
    }
    return out;
}

std::string jsonl_text(const ConsensusTable& table) {
    std::string out;
    for (const std::vector<TableCell>& row : table.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < row.size(); ++c) object[table.columns[c]] = json_cell(row[c]);
        out += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out += '\n';
    }
    return out;
}

}  // namespace

std::optional<ConsensusTableFormat> consensus_table_format(const std::string& to) {
    return parse<ConsensusTableFormat>(ascii_lower(to));
}

std::vector<std::string> consensus_table_names() { return names<ConsensusTableFormat>(); }

std::string consensus_table_text(const ConsensusTable& table, ConsensusTableFormat format) {
    return format == ConsensusTableFormat::csv ? csv_text(table) : jsonl_text(table);
}

}  // namespace labelkit
