#include "labelkit/ops/scorecard.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/ops/aggregation.hpp"

namespace labelkit {

namespace {

// The confusion matrices are kept while they hold at most this many counts in all (80 MB): a
// table of thousands of annotators and of distinct labels would otherwise take memory without bound.
constexpr std::size_t max_confusion_cells = 10'000'000;

// The table's judgments grouped by item, as the aggregation takes them.
LabelJudgments label_judgments(const RatingTable& table) {
    LabelJudgments judgments;
    judgments.annotators = table.annotators.size();
    judgments.classes = table.labels;
    for (std::size_t item = 0; item < table.item_count(); ++item) {
        for (std::size_t a = 0; a < table.annotators.size(); ++a) {
            const std::int32_t label = table.at(item, a);
            if (label == RatingTable::missing) continue;
            judgments.annotator.push_back(static_cast<std::uint32_t>(a));
            judgments.label.push_back(static_cast<std::uint32_t>(label));
        }
        judgments.item_start.push_back(static_cast<std::uint32_t>(judgments.label.size()));
    }
    return judgments;
}

// The gold labels matched to the table's items.
struct GoldMatch {
    // Per item, the indices into classes of its accepted labels (empty: not a gold item).
    std::vector<std::vector<std::int32_t>> per_item;
    std::size_t unmatched = 0;  // gold items the table has not
    std::string first_unmatched;
};

std::int32_t class_index(const std::vector<std::string>& classes, const std::string& label) {
    return static_cast<std::int32_t>(std::find(classes.begin(), classes.end(), label) - classes.begin());
}

// Gold labels that are not among classes are appended to them (sorted).
GoldMatch match_gold(const RatingTable& table, const GoldLabels& gold, std::vector<std::string>& classes) {
    std::set<std::string> extra;
    for (const auto& [item, accepted] : gold)
        for (const std::string& label : accepted)
            if (std::find(classes.begin(), classes.end(), label) == classes.end()) extra.insert(label);
    classes.insert(classes.end(), extra.begin(), extra.end());
    GoldMatch match;
    match.per_item.resize(table.item_count());
    std::set<std::string> matched;
    for (std::size_t item = 0; item < table.items.size(); ++item) {
        const auto found = gold.find(table.items[item]);
        if (found == gold.end()) continue;
        matched.insert(found->first);
        for (const std::string& label : found->second) match.per_item[item].push_back(class_index(classes, label));
    }
    match.unmatched = gold.size() - matched.size();
    for (const auto& [item, accepted] : gold)
        if (!matched.contains(item)) {
            match.first_unmatched = item;
            break;
        }
    return match;
}

// Each annotator's mean of its defined pairwise Cohen's kappas, in one pass over the pairs.
void add_mean_kappas(std::vector<AnnotatorScore>& scores, const std::vector<PairResult>& pairs) {
    std::vector<double> sums(scores.size(), 0.0);
    for (const PairResult& pair : pairs) {
        if (!pair.cohen_kappa.value) continue;
        for (const std::uint32_t who : {pair.a, pair.b}) {
            sums[who] += *pair.cohen_kappa.value;
            ++scores[who].pairs_with_kappa;
        }
    }
    for (std::size_t a = 0; a < scores.size(); ++a)
        if (scores[a].pairs_with_kappa > 0)
            scores[a].mean_cohen_kappa = sums[a] / static_cast<double>(scores[a].pairs_with_kappa);
}

std::optional<double> share(std::size_t part, std::size_t whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

AnnotatorScore score_annotator(const RatingTable& table, std::uint32_t annotator, const Aggregation& majority,
                               const std::vector<std::vector<std::int32_t>>& gold, bool against_gold,
                               std::size_t classes, bool keep_confusion) {
    AnnotatorScore score;
    score.annotator = annotator;
    if (keep_confusion) score.confusion.assign(classes, std::vector<std::size_t>(classes, 0));
    std::size_t with_majority = 0;
    std::size_t correct = 0;
    for (std::size_t item = 0; item < table.item_count(); ++item) {
        const std::int32_t given = table.at(item, annotator);
        if (given == RatingTable::missing) continue;
        ++score.items;
        const auto consensus = static_cast<std::int32_t>(majority.items[item].label);
        if (given == consensus) ++with_majority;
        const std::vector<std::int32_t>& accepted = gold[item];
        const bool is_accepted = std::find(accepted.begin(), accepted.end(), given) != accepted.end();
        if (!accepted.empty()) {
            ++score.gold_items;
            if (is_accepted) ++correct;
        }
        // Against several accepted labels, a right answer counts on the diagonal, a wrong one in the
        // row of the first accepted label.
        std::int32_t reference = consensus;
        if (against_gold) reference = accepted.empty() ? RatingTable::missing : is_accepted ? given : accepted.front();
        if (keep_confusion && reference != RatingTable::missing) ++score.confusion[reference][given];
    }
    score.gold_accuracy = share(correct, score.gold_items);
    score.consensus_agreement = share(with_majority, score.items);
    return score;
}

// Worst first; annotators without the value last; ties by name.
void sort_worst_first(std::vector<AnnotatorScore>& scores, const RatingTable& table, bool by_gold) {
    auto key = [by_gold](const AnnotatorScore& score) { return by_gold ? score.gold_accuracy : score.consensus_agreement; };
    std::sort(scores.begin(), scores.end(), [&](const AnnotatorScore& x, const AnnotatorScore& y) {
        const std::optional<double> kx = key(x), ky = key(y);
        if (kx.has_value() != ky.has_value()) return kx.has_value();
        if (kx && *kx != *ky) return *kx < *ky;
        return table.annotators[x.annotator] < table.annotators[y.annotator];
    });
}

}  // namespace

GoldLabels read_gold_labels(const std::filesystem::path& path, DiagnosticSink& sink) {
    // The item column stands in for the annotator the rating-table reader asks for.
    const std::vector<Judgment> rows = read_judgments(path, TableReading{"item=item,annotator=item,label=label"}, sink);
    GoldLabels gold;
    for (const Judgment& row : rows) {
        if (row.missing) throw Error("a gold label must not be empty", row.where, "agree/gold");
        std::vector<std::string>& accepted = gold[row.item];
        if (std::find(accepted.begin(), accepted.end(), row.label) == accepted.end()) accepted.push_back(row.label);
    }
    return gold;
}

RatingTable with_judgments(const RatingTable& table, const std::vector<Judgment>& judgments) {
    if (judgments.empty()) return table;
    RatingTable result;
    result.items = table.items;
    result.annotators = table.annotators;
    result.labels = table.labels;
    std::unordered_map<std::string, std::uint32_t> items, annotators;
    std::unordered_map<std::string, std::int32_t> labels;
    for (std::size_t i = 0; i < table.items.size(); ++i) items.emplace(table.items[i], static_cast<std::uint32_t>(i));
    for (std::size_t a = 0; a < table.annotators.size(); ++a)
        annotators.emplace(table.annotators[a], static_cast<std::uint32_t>(a));
    for (std::size_t l = 0; l < table.labels.size(); ++l) labels.emplace(table.labels[l], static_cast<std::int32_t>(l));
    std::set<std::string> new_labels;
    for (const Judgment& judgment : judgments) {
        if (items.try_emplace(judgment.item, static_cast<std::uint32_t>(result.items.size())).second)
            result.items.push_back(judgment.item);
        if (annotators.try_emplace(judgment.annotator, static_cast<std::uint32_t>(result.annotators.size())).second)
            result.annotators.push_back(judgment.annotator);
        if (!judgment.missing && !labels.contains(judgment.label)) new_labels.insert(judgment.label);
    }
    for (const std::string& label : new_labels) {
        labels.emplace(label, static_cast<std::int32_t>(result.labels.size()));
        result.labels.push_back(label);
    }
    result.ordered = new_labels.empty() && table.ordered;
    if (result.ordered) result.numeric_values = table.numeric_values;
    const std::size_t width = result.annotators.size();
    result.ratings.assign(result.items.size() * width, RatingTable::missing);
    for (std::size_t i = 0; i < table.item_count(); ++i)
        for (std::size_t a = 0; a < table.annotators.size(); ++a) result.ratings[i * width + a] = table.at(i, a);
    std::vector<bool> judged(result.ratings.size(), false);
    for (const Judgment& judgment : judgments) {
        const std::size_t item = items[judgment.item];
        const std::size_t cell = item * width + annotators[judgment.annotator];
        if (judged[cell] || (item < table.item_count() && result.ratings[cell] != RatingTable::missing))
            throw Error(fmt::format("item '{}' is rated twice by annotator '{}'", shorten(judgment.item),
                                    shorten(judgment.annotator)),
                        judgment.where, "ratings/duplicate");
        judged[cell] = true;
        if (!judgment.missing) result.ratings[cell] = labels[judgment.label];
    }
    return result;
}

Scorecard annotator_scorecard(const RatingTable& table, const std::vector<PairResult>& pairs, const GoldLabels& gold,
                              DiagnosticSink& sink) {
    Scorecard card;
    card.classes = table.labels;
    card.annotator_names = table.annotators;
    const GoldMatch match = match_gold(table, gold, card.classes);
    const std::vector<std::vector<std::int32_t>>& gold_items = match.per_item;
    card.gold_unmatched = match.unmatched;
    card.gold_items = static_cast<std::size_t>(std::count_if(
        gold_items.begin(), gold_items.end(), [](const std::vector<std::int32_t>& accepted) { return !accepted.empty(); }));
    if (card.gold_unmatched > 0)
        sink.warn("agree/gold-unmatched",
                  fmt::format("{} of the gold labels name items the annotators did not label (first: '{}'); they "
                              "are not scored",
                              card.gold_unmatched, shorten(match.first_unmatched)));
    const bool by_gold = card.gold_items > 0;
    card.reference = by_gold ? "gold" : "consensus";
    const Aggregation majority = aggregate(label_judgments(table), AggregationOptions{});
    const std::size_t classes = card.classes.size();
    const bool keep_confusion = classes == 0 || classes * classes <= max_confusion_cells / table.annotators.size();
    for (std::uint32_t a = 0; a < table.annotators.size(); ++a)
        card.annotators.push_back(score_annotator(table, a, majority, gold_items, by_gold, classes, keep_confusion));
    add_mean_kappas(card.annotators, pairs);  // indexed by annotator until sorted
    sort_worst_first(card.annotators, table, by_gold);

    card.notes.push_back(
        "consensus_agreement: the share of an annotator's items where it gives the majority-vote label, its own vote "
        "included (crowd-kit's MajorityVote skills); a tie goes to the label that sorts first");
    if (!keep_confusion)
        card.notes.push_back(fmt::format("confusion: left out (empty): {} classes for {} annotators would be more than "
                                         "{} counts",
                                         classes, table.annotators.size(), max_confusion_cells));
    if (majority.ties > 0)
        card.notes.push_back(fmt::format("consensus_agreement: {} had a tied majority vote", counted(majority.ties, "item")));
    if (!by_gold)
        card.notes.push_back(gold.empty() ? "gold_accuracy: no gold labels (--gold FILE with item,label, or gold "
                                            "units of an Appen report); the confusion matrices count against the "
                                            "majority vote"
                                          : "gold_accuracy: no labelled item has a gold label; the confusion matrices "
                                            "count against the majority vote");
    const auto several = static_cast<std::size_t>(std::count_if(
        gold_items.begin(), gold_items.end(), [](const std::vector<std::int32_t>& accepted) { return accepted.size() > 1; }));
    if (several > 0)
        card.notes.push_back(fmt::format("gold_accuracy: {} {} several labels; an answer is right when it is any of "
                                         "them; in the confusion matrices a right answer counts on the diagonal, a "
                                         "wrong one in the row of the first accepted label",
                                         counted(several, "gold item"), several == 1 ? "accepts" : "accept"));
    for (const AnnotatorScore& score : card.annotators)
        if (by_gold && !score.gold_accuracy)
            card.notes.push_back(fmt::format("gold_accuracy of {}: none of its items has a gold label",
                                             table.annotators[score.annotator]));
    return card;
}

}  // namespace labelkit
