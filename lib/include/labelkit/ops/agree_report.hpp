#pragma once
// The agreement report: what `labelkit agree` found, as JSON
// (schemas/agreement-report.schema.json), a readable text table, CSV (one row per pair and
// class) or a heatmap of pairwise agreement.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/ops/scorecard.hpp"
#include "labelkit/ops/spatial_agreement.hpp"
#include "labelkit/ops/track_agreement.hpp"
#include "labelkit/ops/transcript_agreement.hpp"

namespace labelkit {

struct AgreementReport {
    std::vector<std::string> annotators;
    std::size_t items = 0;  // rated items (table) or images (datasets), over all annotators
    // Categorical statistics: over the table's items, or over (image, class) units of datasets.
    std::optional<CategoricalReport> categorical;
    std::string categorical_unit;  // "item" or "image-class"
    std::vector<std::string> labels;
    std::optional<SpatialReport> spatial;
    std::optional<TrackReport> tracks;  // datasets with video frames
    std::optional<TranscriptAgreement> transcripts;  // texts (transcripts): WER/CER of each pair
    std::vector<std::string> categories;  // names of SpatialPair::per_class entries
    std::vector<std::string> item_names;  // names of ImageAgreement::item
    // Single-label item judgments: the annotators' scorecard (reference "" with a note when the
    // item labels are multi-label).
    std::optional<Scorecard> scorecard;
    std::uint64_t seed = 0;
};

// Every undefined statistic's reason and every note of the sections, prefixed by where
// it belongs ("categorical.fleiss_kappa: ...").
std::vector<std::string> report_notes(const AgreementReport& report);

nlohmann::json agreement_json(const AgreementReport& report);
std::string agreement_text(const AgreementReport& report);
std::string agreement_csv(const AgreementReport& report);

// Pairwise agreement, annotators on both axes: the F1 of the spatial pairs when there are
// any, Cohen's kappa otherwise. 1 on the diagonal; empty for an undefined value.
std::vector<std::vector<std::optional<double>>> agreement_matrix(const AgreementReport& report);
// The matrix drawn as a heatmap with the values in the cells, the names on both axes and the
// colour scale (viridis, 0 or less to 1) on the right, encoded as PNG.
std::vector<std::uint8_t> agreement_matrix_png(const std::vector<std::string>& names,
                              const std::vector<std::vector<std::optional<double>>>& matrix,
                              const std::string& title);

}  // namespace labelkit
