#pragma once
// Aggregation of item labels (merge --mode consensus --method): one class per item from several
// annotators' single-label judgments, by majority vote (optionally weighted), Wawa (annotators
// weighted by their agreement with the majority) or Dawid-Skene (EM over per-annotator confusion
// matrices; Dawid and Skene 1979). The choices follow crowd-kit's MajorityVote, Wawa and
// DawidSkene; the README says where labelkit differs. Pure: no files.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "labelkit/enum_names.hpp"

namespace labelkit {

// How merge --mode consensus --method combines the annotators' answers: mv, wawa and ds give one class
// per item (aggregate() below); rover gives one transcript per utterance (ops/rover.hpp).
enum class AggregationMethod { mv, wawa, ds, rover };
template <>
struct EnumTable<AggregationMethod> {
    static constexpr EnumName<AggregationMethod> entries[] = {{AggregationMethod::mv, "mv"},
                                                              {AggregationMethod::wawa, "wawa"},
                                                              {AggregationMethod::ds, "ds"},
                                                              {AggregationMethod::rover, "rover"}};
};

// Who gave which class to which item: at most one judgment per item and annotator.
struct LabelJudgments {
    std::size_t annotators = 0;
    std::vector<std::string> classes;  // names; a tie goes to the class whose name sorts first (tie_order)
    // Judgments grouped by item: item i's are [item_start[i], item_start[i + 1]); size items + 1.
    std::vector<std::uint32_t> item_start{0};
    std::vector<std::uint32_t> annotator;  // per judgment
    std::vector<std::uint32_t> label;      // per judgment: index into classes

    std::size_t items() const { return item_start.size() - 1; }
    std::size_t size() const { return label.size(); }
};

struct AggregationOptions {
    AggregationMethod method = AggregationMethod::mv;
    // Per annotator, a weight > 0 for mv's vote; empty: one each. wawa and ds estimate their own.
    std::vector<double> weights;
    // Dawid-Skene: at most this many EM iterations; it stops sooner when the evidence lower bound per
    // judgment gains less than `tolerance` in one iteration (crowd-kit's n_iter=100, tol=1e-5).
    std::size_t max_iterations = 100;
    double tolerance = 1e-5;
};

struct ItemAggregate {
    static constexpr std::uint32_t no_label = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t label = no_label;  // index into classes; no_label when nobody labelled the item
    // The label's share of the (weighted) votes (mv, wawa) or its posterior probability (ds);
    // NaN without a label.
    double confidence = std::numeric_limits<double>::quiet_NaN();
    std::uint32_t annotators = 0;  // judgments of the item
    bool tie = false;              // another class scored as high (within 1e-9 of it, relatively)
};

struct Aggregation {
    AggregationMethod method = AggregationMethod::mv;
    std::vector<ItemAggregate> items;
    std::size_t ties = 0;
    // Per annotator: the share of its judgments that agree with the majority vote (mv, wawa: crowd-kit's
    // skills_, Wawa's weights) or with the Dawid-Skene labels (ds); NaN for an annotator without judgments.
    std::vector<double> skills;
    std::vector<std::size_t> judgments;  // per annotator
    // Dawid-Skene only: per annotator, a row-major classes x classes matrix, [true][given]: the
    // probability that the annotator gives `given` when the class is `true`; the class priors; the
    // iterations run and whether the bound stopped gaining before max_iterations.
    std::vector<std::vector<double>> confusion;
    std::vector<double> priors;
    std::size_t iterations = 0;
    bool converged = false;
};

// Throws labelkit::Error for weights that are not one positive finite number per annotator, weights
// with wawa or ds, and rover (it combines texts).
Aggregation aggregate(const LabelJudgments& judgments, const AggregationOptions& options);

// Class indices in the order ties are broken: by value when every name is a number, else by name
// (byte order), as crowd-kit's pandas sorts its label columns.
std::vector<std::uint32_t> tie_order(const std::vector<std::string>& classes);

}  // namespace labelkit
