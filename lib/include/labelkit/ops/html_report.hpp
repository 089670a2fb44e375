#pragma once
// `labelkit report`: one self-contained HTML page about one or more datasets: per dataset the
// statistics and their plots and the lint findings grouped by rule; for several annotators'
// datasets of the same images (or one dataset that names several annotators) also the agreement
// (agree's tables, the heatmap, the scorecard) and the images that agree least, drawn with each
// annotator in its colour. Pictures are embedded as PNG data: URIs and the style is inline, so
// the page loads nothing (its Content-Security-Policy forbids it) and runs no script.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"

namespace labelkit {

// The page's bounds, so that a dataset of a million findings still gives a page a browser opens.
constexpr std::size_t report_findings_per_rule = 10;   // findings listed per rule, the rest counted
constexpr std::size_t report_worst_images = 12;        // images that agree least, drawn
constexpr std::uint32_t report_picture_side = 640;     // drawn images scaled down to fit this square
constexpr std::size_t report_heatmap_annotators = 40;  // the heatmap is drawn for at most this many annotators
constexpr std::size_t report_pair_rows = 200;          // rows of a table of annotator pairs, the rest counted

struct HtmlReportOptions {
    std::vector<std::filesystem::path> inputs;  // one dataset, or one per annotator
    std::string from;                           // the inputs' format's name; "" to detect it
    ReadOptions read;                           // --image-root, --image-size, --voc-coordinates
    std::vector<std::string> names;             // several inputs: the annotators' names in input order
    double iou = 0.5;                           // agreement: IoU at or above which two shapes match
    std::filesystem::path output;               // the HTML file written
    bool overwrite = false;
};

struct HtmlReportResult {
    std::size_t bytes = 0;       // of the page
    std::size_t findings = 0;    // lint findings over all inputs (listed or not)
    bool agreement = false;      // the page has the agreement section
    std::size_t drawn = 0;       // images drawn in it
    std::string rendered;        // the summary the CLI prints
};

// Throws labelkit::Error for an input lint cannot read at all, and an output that may not be
// written (labelkit/output.hpp). When the agreement cannot be computed (an input agree reads
// strictly does not pass), the page says why in its place and sink gets a warning
// (report/no-agreement).
HtmlReportResult html_report(const HtmlReportOptions& options, DiagnosticSink& sink);

}  // namespace labelkit
