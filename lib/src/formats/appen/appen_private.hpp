#pragma once
// Appen (Figure Eight, CrowdFlower) job reports, as CSV: the full report (one row per judgment:
// _unit_id, _worker_id, _trust, _golden, _tainted, answers, <answer>_gold, input data) and the
// aggregated report (one row per unit: <answer>, <answer>:confidence, input data).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/format.hpp"

namespace labelkit::appen {

enum class ReportKind { full, aggregated };

// Which report a header is: full with _unit_id and _worker_id, aggregated with _unit_id and a
// <field>:confidence (or :variance) column; nullopt for neither.
std::optional<ReportKind> report_kind(const std::vector<std::string>& header);

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
std::vector<RuleInfo> rules();

}  // namespace labelkit::appen
