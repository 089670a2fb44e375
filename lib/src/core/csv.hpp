#pragma once
// CSV tables (RFC 4180) as the platforms export them: a header row, then records whose quoted
// fields may hold commas, doubled quotes and line breaks. Shared by the readers of rating tables,
// crowd reports (Appen, MTurk) and CSV exports (Label Studio).
//
// Two liberties, for what users and platforms write:
// - Lines starting with '#' before the header (provenance notes; pandas' comment='#') are skipped.
//   Only those: a '#' after the header is data. Line numbers stay the file's.
// - The delimiter is a tab for a .tsv file, or when the header line has tabs and no commas outside
//   quotes (Label Studio's CSV export may be tab-separated); a comma otherwise.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace labelkit {

class CsvReader {
public:
    // text: the whole file (a byte-order mark and leading '#' lines are skipped); path: for errors
    // and its extension (.tsv); rule: the rule id of the errors thrown.
    CsvReader(std::string_view text, std::filesystem::path path, std::string rule);
    // The next record, skipping blank lines; false at the end. line(): where that record began.
    // Throws labelkit::Error at the record's line for a quoted field left open.
    bool next(std::vector<std::string>& fields);
    std::uint32_t line() const { return record_line_; }
    const std::filesystem::path& path() const { return path_; }
    char delimiter() const { return delimiter_; }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    std::uint32_t record_line_ = 1;
    std::filesystem::path path_;
    std::string rule_;
    char delimiter_ = ',';
};

// The delimiter of a table whose header line is `header_line` (see CsvReader): '\t' or ','.
char table_delimiter(std::string_view header_line, const std::filesystem::path& path);

// The header's column named `name` (compared trimmed and without case), if any. Throws
// labelkit::Error at line 1 when two columns have that name.
std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name,
                                       const std::filesystem::path& path, const std::string& rule);

// A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line
// break, as it is otherwise.
std::string csv_field(std::string_view text);

}  // namespace labelkit
