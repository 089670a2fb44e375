#pragma once
// The sections of `labelkit report`'s page (ops/html_report.hpp), one file each.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/ops/agree.hpp"
#include "labelkit/ops/lint.hpp"
#include "ops/html_page.hpp"

namespace labelkit {
struct DatasetStats;
}

namespace labelkit::html {

// A dataset's statistics (labelkit stats): counts, the classes, the distributions, the most
// common image sizes, and the plots.
std::string stats_section(const DatasetStats& stats);

// Lint's findings grouped by rule: counts per rule and severity, the first findings of each
// (at most what lint listed) with "+N more" for the rest.
std::string lint_section(const LintResult& lint);

// The agreement: what was compared, the heatmap, the pairs, the scorecards, the images that
// agree least, and agree's text report.
std::string agreement_section(const AgreeResult& agreement);

// The images that agree least drawn (at most `most`, scaled to fit `side`), each annotator in its
// colour; `drawn` counts them. Empty when there are none (no shapes compared).
std::string worst_images_section(const AgreeResult& agreement, std::size_t most, std::uint32_t side,
                                 std::size_t& drawn, DiagnosticSink& sink);

// The run's own messages (reading, drawing): at most `most`, the rest counted.
std::string messages_section(std::span<const Diagnostic> messages, std::size_t most);

}  // namespace labelkit::html
