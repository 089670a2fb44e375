#pragma once
// What convert and merge wrote, for machines (`--format json`, schemas/run-summary.schema.json):
// the paths and formats written, the counts, the warnings by rule, and the exit status. A run
// that fails still prints one, with the error, so that a script reads the cause where it reads
// the result.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/error.hpp"

namespace labelkit::cli {

// How convert and merge say what they did: a line for people (default) or a JSON document.
enum class SummaryFormat { text, json };

}  // namespace labelkit::cli

template <>
struct labelkit::EnumTable<labelkit::cli::SummaryFormat> {
    static constexpr EnumName<cli::SummaryFormat> entries[] = {{cli::SummaryFormat::text, "text"},
                                                               {cli::SummaryFormat::json, "json"}};
};

namespace labelkit::cli {

struct WrittenFile {
    std::filesystem::path path;
    std::string kind;    // "dataset", "table" (merge --method ... --to csv|jsonl) or "report"
    std::string format;  // the format's name: "coco", "csv", "json"
};

struct WrittenCounts {
    std::size_t items = 0;  // images, video frames or utterances
    std::size_t annotations = 0;
    std::size_t labels = 0;  // item (class) labels
    std::size_t categories = 0;
};

struct RunSummary {
    std::string command;                       // "convert", "merge"
    std::vector<std::filesystem::path> inputs;  // as the user named them
    std::string from;                          // the format read; "" when not known
    std::vector<WrittenFile> written;          // empty when the run failed
    std::optional<WrittenCounts> counts;       // empty when the run failed
    nlohmann::ordered_json details = nlohmann::ordered_json::object();  // the command's own fields ("mode", "images", ...)
};

// The document for a run that ended with exit status 0 (error empty) or 2 (error set); the
// warnings are the sink's, grouped by rule in order of first appearance.
std::string render_run_summary(const RunSummary& summary, const DiagnosticSink& sink, const Error* error = nullptr);

}  // namespace labelkit::cli
