#pragma once
// `labelkit agree`: how far annotators agree. Two or more datasets of the same images (one per
// annotator), datasets that name their annotators (split by annotator), or one rating table (a
// format with Format::read_judgments). When the inputs hold texts (a table's text column, Label
// Studio text areas, trn files), agree compares the transcripts (word and character error rates).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/format.hpp"
#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/agree_report.hpp"
#include "labelkit/ops/transcript_alignment.hpp"

namespace labelkit {

enum class AgreeReportFormat { text, json, csv };
template <>
struct EnumTable<AgreeReportFormat> {
    static constexpr EnumName<AgreeReportFormat> entries[] = {
        {AgreeReportFormat::text, "text"}, {AgreeReportFormat::json, "json"}, {AgreeReportFormat::csv, "csv"}};
};

struct AgreeOptions {
    std::vector<std::filesystem::path> inputs;  // datasets, one per annotator, or one rating table
    std::string from;                           // the datasets' format's name; "" to detect it
    ReadOptions read;                           // --image-root, --image-size, --voc-coordinates
    std::vector<std::string> names;  // datasets: the annotators' names in input order; default folder or file names
    // Datasets that name their annotators: the annotators compared (ids or names); empty: all but
    // model predictions.
    std::vector<std::string> annotators;
    // The truth for the scorecards; "": none. A rating table (.csv, .jsonl of item,label) scores the
    // item labels; any other input is read as a dataset (format detected) whose shapes score the
    // annotators' shapes (spatial.scorecard against gold instead of the consensus).
    std::filesystem::path gold;
    std::vector<std::string> order;  // rating table: the labels in order (ordinal data)
    AlphaLevel level = AlphaLevel::nominal;  // rating table: Krippendorff's alpha's level of measurement
    double iou = 0.5;                // datasets: IoU at or above which two shapes match, in (0, 1]
    std::size_t bootstrap = 0;       // resamples of items for confidence intervals (0: none)
    std::uint64_t seed = 1;          // of the bootstrap
    double confidence = 0.95;        // level of the intervals, in (0, 1)
    std::size_t worst = 10;          // how many of the least agreeing images to list
    AgreeReportFormat format = AgreeReportFormat::text;  // of AgreeResult::rendered
    std::filesystem::path matrix;    // write a heatmap of pairwise agreement to this PNG; "": none
    TextNormalisation text;          // transcripts: --lowercase, --strip-punctuation
    bool overwrite = false;          // with matrix: replace an existing file
};

struct AgreeResult {
    bool rating_table = false;  // the input was a rating table
    AgreementReport report;
    nlohmann::json json;        // the report as schemas/agreement-report.schema.json describes it
    std::string rendered;       // the report in options.format, as the CLI prints it
    // Datasets of labels and shapes: the annotators as compared, for drawing the images the
    // report names; null for rating tables and transcripts.
    std::shared_ptr<const AlignedAnnotators> annotators;
};

// The file extensions of rating tables (".csv", ...): those of the formats that read judgments.
std::vector<std::string> rating_table_extensions();

// Throws labelkit::Error for options that do not fit the input (--order for datasets, ...),
// inputs that cannot be read, and a matrix that cannot be written where asked.
AgreeResult agree(const AgreeOptions& options, DiagnosticSink& sink);

}  // namespace labelkit
