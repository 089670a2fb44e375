#pragma once
// The columns of an Appen report that the reader uses (appen_columns_map.cpp).
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "formats/appen/appen_private.hpp"

namespace labelkit::appen {

struct AnswerColumn {
    std::string name;
    std::size_t index = 0;
    std::optional<std::size_t> gold;        // <name>_gold
    std::optional<std::size_t> confidence;  // <name>:confidence (aggregated)
    std::optional<std::size_t> variance;    // <name>:variance (aggregated, numeric answers averaged)
};

struct ReportColumns {
    ReportKind kind = ReportKind::full;
    std::size_t count = 0;  // fields per row
    std::size_t unit = 0;
    std::optional<std::size_t> worker, trust, judgment, golden, tainted, unit_state;
    std::vector<AnswerColumn> answers;
    std::vector<std::pair<std::string, std::size_t>> data;  // the input data: name, index
};

// Throws labelkit::Error (appen/columns) when the answers cannot be chosen; a --columns label=COL
// that the header lacks is reported (lenient) or thrown.
ReportColumns report_columns(const std::vector<std::string>& header, ReportKind kind, const std::filesystem::path& path,
                             const ReadOptions& options, DiagnosticSink& sink);

}  // namespace labelkit::appen
