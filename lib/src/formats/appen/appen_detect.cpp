// Detection: a .csv file whose header row is an Appen report's.
#include <algorithm>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "formats/appen/appen_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::appen {

namespace {

bool has_column(const std::vector<std::string>& header, std::string_view name) {
    return std::any_of(header.begin(), header.end(), [&](const std::string& column) { return iequals(column, name); });
}

bool has_suffixed_column(const std::vector<std::string>& header, std::string_view suffix) {
    return std::any_of(header.begin(), header.end(), [&](const std::string& column) {
        return column.size() > suffix.size() && iequals(std::string_view(column).substr(column.size() - suffix.size()), suffix);
    });
}

// The first 64 KB of the file: enough for any header row.

}  // namespace

std::optional<ReportKind> report_kind(const std::vector<std::string>& header) {
    if (!has_column(header, "_unit_id")) return std::nullopt;
    if (has_column(header, "_worker_id")) return ReportKind::full;
    if (has_suffixed_column(header, ":confidence") || has_suffixed_column(header, ":variance"))
        return ReportKind::aggregated;
    return std::nullopt;
}

Detection detect(const std::filesystem::path& input) {
    std::error_code error;
    if (!iequals(input.extension().string(), ".csv") || !std::filesystem::is_regular_file(input, error))
        return {0, "not a .csv file"};
    std::vector<std::string> header;
    const std::string start = read_file_start(input);  // CsvReader reads it in place
    try {
        // A header cut at 64 KB ends in a quoted field left open: not a report's header.
        CsvReader reader(start, input, "appen/csv");
        if (!reader.next(header)) return {0, "an empty .csv file"};
    } catch (const Error&) {
        return {0, "a .csv file whose first row cannot be read"};
    }
    const std::optional<ReportKind> kind = report_kind(header);
    if (!kind) return {0, "a .csv file without _unit_id and _worker_id (full report) or <field>:confidence (aggregated)"};
    return {110, *kind == ReportKind::full ? "a .csv file with _unit_id and _worker_id: an Appen full report"
                                           : "a .csv file with _unit_id and <field>:confidence: an Appen aggregated report"};
}

}  // namespace labelkit::appen
