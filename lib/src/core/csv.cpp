#include "core/csv.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

std::string lowercase_trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    std::string result(first == std::string_view::npos ? "" : text.substr(first, last - first + 1));
    std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::tolower(c); });
    return result;
}

// Where the header line begins: after the byte-order mark and the leading blank and '#' lines,
// whose count is added to line.
std::size_t header_start(std::string_view text, std::uint32_t& line) {
    std::size_t pos = text.size() - without_byte_order_mark(text).size();
    while (pos < text.size()) {
        const char first = text[pos];
        if (first != '#' && first != '\n' && first != '\r') break;
        const std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) return text.size();
        if (first == '\r' && end != pos + 1) break;  // a line starting with a lone carriage return
        pos = end + 1;
        ++line;
    }
    return pos;
}

}  // namespace

char table_delimiter(std::string_view header_line, const std::filesystem::path& path) {
    if (iequals(path.extension().string(), ".tsv")) return '\t';
    std::size_t tabs = 0;
    std::size_t commas = 0;
    bool quoted = false;
    for (const char ch : header_line) {
        if (ch == '\n' && !quoted) break;
        if (ch == '"') quoted = !quoted;
        if (quoted) continue;
        if (ch == '\t') ++tabs;
        if (ch == ',') ++commas;
    }
    return tabs > 0 && commas == 0 ? '\t' : ',';
}

CsvReader::CsvReader(std::string_view text, std::filesystem::path path, std::string rule)
    : text_(text), path_(std::move(path)), rule_(std::move(rule)) {
    pos_ = header_start(text_, line_);
    delimiter_ = table_delimiter(text_.substr(pos_), path_);
}

bool CsvReader::next(std::vector<std::string>& fields) {
    while (pos_ < text_.size()) {
        fields.assign(1, std::string());
        record_line_ = line_;
        bool quoted = false;
        while (pos_ < text_.size()) {
            const char ch = text_[pos_++];
            if (quoted) {
                if (ch == '"' && pos_ < text_.size() && text_[pos_] == '"') {
                    fields.back() += '"';
                    ++pos_;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    if (ch == '\n') ++line_;
                    fields.back() += ch;
                }
            } else if (ch == '"' && fields.back().empty()) {
                quoted = true;
            } else if (ch == delimiter_) {
                fields.emplace_back();
            } else if (ch == '\n') {
                ++line_;
                break;
            } else if (ch != '\r') {
                fields.back() += ch;
            }
        }
        if (quoted) throw Error("a quoted field is not closed", Location{path_.string(), record_line_, 0, {}}, rule_);
        if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
        return true;
    }
    return false;
}

std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name,
                                       const std::filesystem::path& path, const std::string& rule) {
    std::optional<std::size_t> found;
    const std::string wanted = lowercase_trimmed(name);
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (lowercase_trimmed(header[c]) != wanted) continue;
        if (found)
            throw Error(fmt::format("the header has two '{}' columns (columns {} and {}): which one to read is not clear",
                                    name, *found + 1, c + 1),
                        Location{path.string(), 1, 0, {}}, rule);
        found = c;
    }
    return found;
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (const char ch : text) {
        quoted += ch;
        if (ch == '"') quoted += '"';
    }
    return quoted + "\"";
}

}  // namespace labelkit
