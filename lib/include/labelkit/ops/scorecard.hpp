#pragma once
// The annotator scorecard of `labelkit agree` for single-label item judgments: per annotator,
// the items it did, its accuracy on gold items, its confusion matrix (against the gold labels
// when there are any, else against the majority vote), its agreement with the majority vote and
// its mean Cohen's kappa with the others; worst first. Pure apart from read_gold_labels.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/gold_units.hpp"
#include "labelkit/ops/categorical_agreement.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit {

// --gold: a CSV or JSON Lines table with the columns item and label, read by the rating-table
// reader. Several rows of one item are several accepted labels (as the lines of an Appen gold
// cell). Throws labelkit::Error at file:line for a row that cannot be read or an empty label.
GoldLabels read_gold_labels(const std::filesystem::path& path, DiagnosticSink& sink);

struct AnnotatorScore {
    std::uint32_t annotator = 0;  // index into Scorecard::annotator_names
    std::size_t items = 0;        // items it labelled
    std::size_t gold_items = 0;   // of those, items with a gold label
    // Share of its gold items where it gave an accepted label; empty when it labelled no gold item.
    std::optional<double> gold_accuracy;
    // Share of its items where its label is the majority vote's (crowd-kit's MajorityVote skills:
    // its own vote counts in the vote); empty when it labelled nothing.
    std::optional<double> consensus_agreement;
    // Mean of its defined pairwise Cohen's kappas, over pairs_with_kappa pairs; empty when none.
    std::optional<double> mean_cohen_kappa;
    std::size_t pairs_with_kappa = 0;
    // [reference][given] over Scorecard::classes: over its gold items when there is gold (the
    // reference is the given label when it is accepted, else the first accepted one), else over
    // all its items against the majority vote. Empty (for every annotator, with a note) when
    // the matrices would hold more than 10 million counts in all.
    std::vector<std::vector<std::size_t>> confusion;
};

struct Scorecard {
    std::string reference;             // "gold" or "consensus": what the confusion matrices count against
    // Where the gold labels came from: "file" (--gold), "source" (the gold units of a crowd
    // report), "file+source" (both: the file's labels for the items it has); "" for none.
    std::string gold_source;
    std::vector<std::string> classes;  // the table's labels, then gold labels nobody gave (sorted)
    // The scored table's annotators (the agreement's, then any that only judged gold units left
    // out of the agreement).
    std::vector<std::string> annotator_names;
    std::size_t gold_items = 0;        // items of the table with a gold label
    std::size_t gold_unmatched = 0;    // gold items the table has not
    // Worst first: by gold accuracy when there is gold (annotators without gold items last), else
    // by agreement with the majority vote; ties by name.
    std::vector<AnnotatorScore> annotators;
    std::vector<std::string> notes;
};

// The table with judgments added (GoldUnits::left_out, the judgments on gold units that the
// agreement leaves out): its items, annotators and labels keep their indices and new ones follow
// (new labels sorted), so that pair statistics of the table still name the same annotators.
// Throws labelkit::Error (rule ratings/duplicate) for a judgment of a cell the table has.
RatingTable with_judgments(const RatingTable& table, const std::vector<Judgment>& judgments);

// `pairs` are the categorical pair statistics of the table, or of the table that with_judgments
// extended (CategoricalReport::pairs). Gold
// items the table has not are counted in a warning (rule agree/gold-unmatched).
Scorecard annotator_scorecard(const RatingTable& table, const std::vector<PairResult>& pairs, const GoldLabels& gold,
                              DiagnosticSink& sink);

}  // namespace labelkit
