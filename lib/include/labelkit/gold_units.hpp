#pragma once
// Gold units of a crowd report (Appen's test questions: rows with _golden true, their accepted
// answers in <question>_gold) as the readers collect them for agree's scorecard: the Appen report
// reader and the rating-table reader, given a GoldUnits to fill.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "labelkit/format.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit {

// item -> its accepted labels, in the order given (at least one). A judgment is correct when it
// gives any of them.
using GoldLabels = std::map<std::string, std::vector<std::string>>;

struct GoldUnits {
    // Gold unit -> the lines of its <question>_gold cell (several lines: several accepted answers).
    GoldLabels answers;
    // The judgments on gold units that the reader left out of its result (without --keep-gold;
    // tainted ones only with --keep-tainted): item = unit, annotator = worker, label = the answer
    // cell (trimmed). Empty when kept. Those of units without an answer are here too: they are
    // scored only when --gold FILE gives the unit's gold.
    std::vector<Judgment> left_out;
    // Gold units with an empty <question>_gold cell: not gold unless --gold FILE gives their labels.
    std::set<std::string> without_answer;
    // Units whose rows give different gold answers (the first row's are kept), the first of them.
    std::set<std::string> conflicting;
    std::string first_conflicting;
};

// Whether a reader scores the judgment of a row it leaves out: a gold row left out for being gold
// (no --keep-gold), unless it is tainted too and tainted rows are not kept.
bool scores_left_out_row(bool golden, bool tainted, bool keep_gold, bool keep_tainted);

// Records a row of a gold unit: the unit's accepted answers (the first non-empty gold cell of its
// rows; a later row with other answers counts in conflicting) and, when the reader leaves the row
// out, its judgment. An empty gold cell counts the unit in without_answer; returns whether the
// row's judgment is scored against the source's gold (left out and the cell not empty).
bool add_gold_row(GoldUnits& units, const std::string& unit, const std::string& gold_cell, const Judgment* left_out);

// Whether two lists of accepted answers accept the same labels (in any order).
bool same_answers(std::vector<std::string> a, std::vector<std::string> b);

// The warning of a reader that left out `left_out` judgments of gold units, `scored` of them
// collected for the scorecard (with GoldUnits given, `collecting`).
std::string gold_left_out_message(std::size_t left_out, std::size_t scored, bool collecting, const std::string& where);

// The gold units with an empty gold cell on every row read that `file` (--gold FILE's labels) has
// no labels for either.
std::vector<std::string> units_without_answer(const GoldUnits& units, const GoldLabels& file);

// The Appen report reader (the appen format's read), collecting the gold units into `gold`.
Dataset read_appen_report(const std::filesystem::path& input, const ReadOptions& options, GoldUnits* gold,
                          DiagnosticSink& sink);

// The rating-table reader (read_judgments in labelkit/ratings.hpp), collecting the gold units (the
// label column's <label>_gold on _golden rows) into `gold`.
std::vector<Judgment> read_judgments(const std::filesystem::path& path, const TableReading& reading, GoldUnits* gold,
                                     DiagnosticSink& sink);

// The formats with the Appen report's and the rating table's readers collecting into `gold`.
std::vector<Format> formats_collecting_gold(std::vector<Format> formats, GoldUnits& gold);

// The lines of an answer cell ("a\nb"), trimmed, without empty ones (Appen writes a multiple
// answer one per line).
std::vector<std::string> answer_lines(const std::string& cell);

}  // namespace labelkit
