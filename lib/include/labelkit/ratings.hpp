#pragma once
// Classification tables for `labelkit agree`: one judgment per row, with the columns
// item, annotator and label (others are ignored), as CSV (RFC 4180, header row) or JSON Lines
// (one object per line).
#include <filesystem>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/ops/categorical_agreement.hpp"

namespace labelkit {

struct Judgment {
    std::string item;
    std::string annotator;
    std::string label;     // empty when missing
    bool missing = false;  // an empty CSV cell or a JSON null: no rating
    Location where;
};

// The path names a rating table by its extension: .csv, .jsonl or .ndjson.
bool is_rating_table_path(const std::filesystem::path& path);

// Reads the judgments; throws labelkit::Error at file:line (and JSON pointer) for a row that
// cannot be read or a header without one of the three columns.
std::vector<Judgment> read_judgments(const std::filesystem::path& path);

// The table of the judgments. Items and annotators keep the order of first appearance.
// Labels: in `order` when given (a label not in it is an error at its row); otherwise
// numerically sorted when every label is a number (labels of equal value, "3" and "3.0",
// are one label), else sorted as text. A second judgment of one item by one annotator is an
// error naming both rows.
RatingTable make_rating_table(const std::vector<Judgment>& judgments, const std::vector<std::string>& order);

}  // namespace labelkit
