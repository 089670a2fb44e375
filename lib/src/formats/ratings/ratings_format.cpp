// The "ratings" format descriptor: a rating table (item, annotator, label per row) as CSV or JSON
// Lines, read by `labelkit agree`. It holds judgments, not shapes: read_judgments, no read or write.
#include "formats/ratings/ratings_format.hpp"

#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/csv.hpp"
#include "formats/sagemaker/sagemaker_format.hpp"

#include "labelkit/io.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit {

namespace {

const std::vector<std::string> table_extensions = {".csv", ".jsonl", ".ndjson"};

// Whether the first line of a CSV file is an MTurk batch's header (read by the mturk format).
bool mturk_batch(const std::filesystem::path& input) {
    std::ifstream in(input, std::ios::binary);
    std::string start(64 * 1024, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    start.resize(static_cast<std::size_t>(in.gcount()));
    CsvReader reader(std::string_view(start).substr(0, start.find('\n')), input, "ratings/csv");
    std::vector<std::string> header;
    try {
        return reader.next(header) && is_mturk_batch_header(header);
    } catch (const Error&) {
        return false;
    }
}

Detection detect_table(const std::filesystem::path& input) {
    const std::string extension = input.extension().string();
    if (iequals(extension, ".csv") && mturk_batch(input)) return {0, "an MTurk batch (HITId, WorkerId, Answer.* columns)"};
    for (const std::string& candidate : table_extensions)
        if (iequals(extension, candidate)) return {100, fmt::format("a {} file", candidate)};
    return {0, fmt::format("not a {} file", fmt::join(table_extensions, ", "))};
}

}  // namespace

Format make_ratings_format() {
    Format format;
    format.name = "ratings";
    format.description = "rating table for agree: item,annotator,label per row, as CSV or JSON Lines (.jsonl, .ndjson)";
    format.stores = Capabilities{};
    format.stores.boxes = false;
    format.stores.subsets = false;
    format.stores.ratings = true;
    format.file_extensions = table_extensions;
    format.detect = detect_table;
    format.read_judgments = [](const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
        return read_judgments(input, TableReading{options.columns, options.keep_gold, options.keep_tainted}, sink);
    };
    return format;
}

}  // namespace labelkit
