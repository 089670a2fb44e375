// Splits a file of JSON records (an array, one value, or JSON Lines) into its records, each with
// the line where it starts, and parses them one at a time.
#include "formats/scale/scale_private.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "labelkit/io.hpp"

namespace labelkit::scale {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Where one JSON value of the text ends, found without parsing it: brackets are counted outside
// strings. The parser checks the value afterwards.
struct Extent {
    std::size_t end = 0;  // one past the value
    int depth = 0;        // how deeply its arrays and objects nest
    bool complete = false;  // false: the text ends inside the value
};

Extent value_extent(std::string_view text, std::size_t start) {
    int depth = 0;
    Extent extent;
    bool in_string = false;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') {
                in_string = false;
                if (depth == 0) return {i + 1, extent.depth, true};
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            extent.depth = std::max(extent.depth, ++depth);
        } else if (c == '}' || c == ']') {
            if (depth == 0) return {i, extent.depth, true};  // a number or literal before the array's end
            if (--depth == 0) return {i + 1, extent.depth, true};
        } else if (depth == 0 && (c == ',' || is_space(c))) {
            return {i, extent.depth, true};
        }
    }
    return {text.size(), extent.depth, depth == 0 && !in_string};
}

// nlohmann's message without its own "at line 1, column 5" (relative to the record, not the file).
std::string parser_message(const std::string& what) {
    const std::size_t column = what.find(", column ");
    const std::size_t colon = column == std::string::npos ? column : what.find(": ", column);
    return shorten(colon == std::string::npos ? what : what.substr(colon + 2), 200);
}

class RecordSplitter {
public:
    RecordSplitter(std::string_view text, const std::filesystem::path& path, const std::string& format,
                   const ReadOptions& options, DiagnosticSink& sink)
        : text_(text), path_(path.string()), rule_(format + "/json-syntax"), options_(options), sink_(sink) {}

    std::vector<JsonRecord> split() {
        skip_space();
        if (at_ < text_.size() && text_[at_] == '[') split_array();
        else split_values();
        return std::move(records_);
    }

private:
    void split_array() {
        ++at_;
        skip_space();
        if (at_ < text_.size() && text_[at_] == ']') return expect_end(at_ + 1);
        for (std::size_t index = 0;; ++index) {
            skip_space();
            if (!take_value(fmt::format("/{}", index))) return;
            skip_space();
            if (at_ < text_.size() && text_[at_] == ',') {
                ++at_;
                continue;
            }
            if (at_ < text_.size() && text_[at_] == ']') return expect_end(at_ + 1);
            return error("expected ',' or ']' after an element of the top-level array", line_, {});
        }
    }

    void split_values() {
        for (skip_space(); at_ < text_.size(); skip_space())
            if (!take_value({})) return;
    }

    void expect_end(std::size_t after) {
        at_ = after;
        skip_space();
        if (at_ < text_.size()) error("text after the end of the top-level array", line_, {});
    }

    // Parses the value at at_ into a record; false when the text cannot be split further.
    bool take_value(const std::string& pointer) {
        const Extent extent = value_extent(text_, at_);
        const std::string_view value = text_.substr(at_, extent.end - at_);
        const std::uint32_t line = line_;
        if (!extent.complete) {
            error("the JSON value starting here does not end before the end of the file", line, pointer);
            return false;
        }
        if (extent.end == at_) {
            error(fmt::format("expected a JSON value, found '{}'", shorten(text_.substr(at_, 1))), line, pointer);
            return false;
        }
        line_ += static_cast<std::uint32_t>(std::count(value.begin(), value.end(), '\n'));
        at_ = extent.end;
        if (extent.depth > max_depth) {
            error(fmt::format("the record nests arrays and objects {} deep (at most {} are read)", extent.depth, max_depth),
                  line, pointer);
            return true;
        }
        parse(value, line, pointer);
        return true;
    }

    void parse(std::string_view value, std::uint32_t line, const std::string& pointer) {
        try {
            records_.push_back({nlohmann::json::parse(value), line, pointer});
        } catch (const nlohmann::json::parse_error& problem) {
            const std::size_t byte = std::min<std::size_t>(problem.byte == 0 ? 0 : problem.byte - 1, value.size());
            const std::string_view before = value.substr(0, byte);
            const std::size_t last_break = before.rfind('\n');
            const auto column = static_cast<std::uint32_t>(last_break == std::string_view::npos ? byte + 1 : byte - last_break);
            const auto lines = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
            report(Error(fmt::format("not valid JSON: {}", parser_message(problem.what())),
                         Location{path_, line + lines, column, pointer}, rule_));
        } catch (const nlohmann::json::exception& problem) {  // a number past a double's range, like 1e400
            error(fmt::format("not valid JSON: {}", parser_message(problem.what())), line, pointer);
        }
    }

    void skip_space() {
        for (; at_ < text_.size() && is_space(text_[at_]); ++at_)
            if (text_[at_] == '\n') ++line_;
    }

    void error(const std::string& message, std::uint32_t line, const std::string& pointer) {
        report(Error(message, Location{path_, line, 0, pointer}, rule_));
    }
    void report(const Error& problem) { report_or_throw(problem, options_, sink_, rule_); }

    std::string_view text_;
    std::string path_;
    std::string rule_;
    const ReadOptions& options_;
    DiagnosticSink& sink_;
    std::size_t at_ = 0;
    std::uint32_t line_ = 1;
    std::vector<JsonRecord> records_;
};

}  // namespace

std::vector<JsonRecord> read_records(const std::filesystem::path& path, const std::string& format,
                                     const ReadOptions& options, DiagnosticSink& sink) {
    const std::string text = read_text_file(path);
    return RecordSplitter(without_byte_order_mark(text), path, format, options, sink).split();
}

}  // namespace labelkit::scale
