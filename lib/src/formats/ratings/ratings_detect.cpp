// Detection of rating tables by their header: the default columns, or crowd-kit's.
#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "formats/ratings/ratings_private.hpp"
#include "formats/sagemaker/sagemaker_format.hpp"
#include "labelkit/io.hpp"

namespace labelkit::ratings {

namespace {

constexpr std::size_t peek_size = 64 * 1024;

// The first 64 KB of the file: enough for any header row.
std::string file_start(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::string text(peek_size, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(file.gcount()));
    return text;
}

bool is_jsonl(const std::filesystem::path& path) {
    const std::string extension = path.extension().string();
    return iequals(extension, ".jsonl") || iequals(extension, ".ndjson");
}

// The CSV header row, or the keys of the first JSON Lines object; empty when unreadable.
std::vector<std::string> table_header(const std::filesystem::path& path, const std::string& start) {
    std::vector<std::string> header;
    if (!is_jsonl(path)) {
        try {
            CsvReader reader(start, path, "ratings/csv");  // a header cut at 64 KB throws: not a table's
            reader.next(header);
        } catch (const Error&) {
            header.clear();
        }
        return header;
    }
    const std::string_view text = without_byte_order_mark(start);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return header;
    std::size_t end = text.find('\n', first);
    if (end == std::string_view::npos) {
        if (start.size() == peek_size) return header;  // a first line longer than 64 KB
        end = text.size();                              // a one-line file without a final newline
    }
    const nlohmann::json row = nlohmann::json::parse(text.substr(first, end - first), nullptr, false);
    if (row.is_object())
        for (const auto& [key, value] : row.items()) header.push_back(key);
    return header;
}

bool has(const std::vector<std::string>& header, std::string_view name) {
    return std::any_of(header.begin(), header.end(), [&](const std::string& column) { return iequals(trim(column), name); });
}

bool has_answer(const std::vector<std::string>& header) { return has(header, "label") || has(header, "text"); }

}  // namespace

const std::vector<std::string>& table_extensions() {
    static const std::vector<std::string> extensions = {".csv", ".tsv", ".jsonl", ".ndjson"};
    return extensions;
}

Detection detect(const std::filesystem::path& input) {
    const std::string extension = input.extension().string();
    const auto& extensions = table_extensions();
    if (std::none_of(extensions.begin(), extensions.end(), [&](const std::string& known) { return iequals(extension, known); }))
        return {0, fmt::format("not a {} file", fmt::join(extensions, ", "))};
    std::error_code error;
    if (!std::filesystem::is_regular_file(input, error)) return {0, "not a file"};
    const std::vector<std::string> header = table_header(input, file_start(input));
    if (!is_jsonl(input) && is_mturk_batch_header(header)) return {0, "an MTurk batch (HITId, WorkerId, Answer.* columns)"};
    if (has(header, "item") && has(header, "annotator") && has_answer(header))
        return {100, fmt::format("a {} table with item, annotator and label or text columns", extension)};
    if (has(header, "task") && has(header, "worker") && has_answer(header))
        return {100, fmt::format("a {} table with crowd-kit's task, worker and label or text columns", extension)};
    return {1, fmt::format("a {} file without item,annotator,label or task,worker,label columns: a rating table only "
                           "with --columns",
                           extension)};
}

}  // namespace labelkit::ratings
