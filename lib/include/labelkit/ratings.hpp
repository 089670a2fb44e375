#pragma once
// Rating tables for `labelkit agree`: who gave which label to which item. Read as judgments,
// one per row, with the columns item, annotator and label (others are ignored), as CSV (RFC 4180,
// header row) or JSON Lines (one object per line): the "ratings" format
// (lib/src/formats/ratings/).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

// Who gave which label to which item. Labels are indices into `labels`.
struct RatingTable {
    static constexpr std::int32_t missing = -1;

    std::vector<std::string> items;  // names; may be left empty (see item_count)
    std::vector<std::string> annotators;
    // The value domain in its order. It may hold labels nobody used (a declared --order, or a
    // dataset's categories): they count as categories for Randolph, AC1 and Brennan-Prediger.
    std::vector<std::string> labels;
    // The labels have a meaningful order: they are all numbers (sorted numerically), or the
    // order was given. Weighted kappa and ordinal alpha need it.
    bool ordered = false;
    // Per label, its number, when every label is a number; empty otherwise. Interval and
    // ratio alpha need it.
    std::vector<double> numeric_values;
    // items.size() * annotators.size(), row per item: label index or `missing`.
    std::vector<std::int32_t> ratings;

    // How many items: items.size(), or for a table of unnamed units (items left empty, as
    // agree's detection and (image, class) units are: millions of names would cost more
    // than the ratings), ratings.size() / annotators.size().
    std::size_t item_count() const {
        if (!items.empty() || annotators.empty()) return items.size();
        return ratings.size() / annotators.size();
    }

    std::int32_t at(std::size_t item, std::size_t annotator) const {
        return ratings[item * annotators.size() + annotator];
    }
};

// One row of a rating table.
struct Judgment {
    std::string item;
    std::string annotator;
    std::string label;     // empty when missing
    bool missing = false;  // an empty CSV cell or a JSON null: no rating
    Location where;
    std::string text;             // the text column's value (a transcript), when the table has one
    std::optional<double> score;  // the score column's value, when the table has one and the cell is not empty
};

// How a table is read: which columns hold what, and which rows are kept.
struct TableReading {
    // --columns: "item=COL,annotator=COL,label=COL[,text=COL][,score=COL]", a preset (appen, mturk,
    // crowd-kit, label-studio) or both ("appen,label=sentiment"); "": item, annotator, label.
    std::string columns;
    // Rows whose _golden (test question) or _tainted (distrusted contributor) column is true are
    // left out, with a count in a warning, unless kept.
    bool keep_gold = false;
    bool keep_tainted = false;
};

// Reads the judgments (the ratings format's reader: CSV for .csv, JSON Lines otherwise); throws
// labelkit::Error at file:line (and JSON pointer) for a row that cannot be read or a header
// without one of the columns (rule ratings/columns). Rows left out are counted in warnings to sink.
std::vector<Judgment> read_judgments(const std::filesystem::path& path, const TableReading& reading, DiagnosticSink& sink);
// With the default reading (TableReading{}), its warnings dropped: for fuzzing.
std::vector<Judgment> read_judgments(const std::filesystem::path& path);

// The table of the judgments. Items and annotators keep the order of first appearance.
// Labels: in `order` when given (a label not in it is an error at its row); otherwise
// numerically sorted when every label is a number (labels of equal value, "3" and "3.0",
// are one label), else sorted as text. A second judgment of one item by one annotator is an
// error naming both rows.
RatingTable make_rating_table(const std::vector<Judgment>& judgments, const std::vector<std::string>& order);

}  // namespace labelkit
