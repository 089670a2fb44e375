// Item-label aggregation: majority vote, Wawa and Dawid-Skene over a table of single-label judgments.
#include "labelkit/ops/aggregation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit {

namespace {

// Probabilities of the confusion matrices are kept at or above this (crowd-kit's _EPS), so that one
// unexpected answer does not rule a class out for good.
constexpr double probability_floor = 1e-10;
// Scores this close to the best (relative to it) tie with it.
constexpr double tie_tolerance = 1e-9;

// Per class, its place in the tie order (0 wins a tie).
std::vector<std::uint32_t> tie_ranks(const std::vector<std::string>& classes) {
    const std::vector<std::uint32_t> order = tie_order(classes);
    std::vector<std::uint32_t> rank(classes.size());
    for (std::uint32_t place = 0; place < order.size(); ++place) rank[order[place]] = place;
    return rank;
}

// Labels each item with its best-scoring class; `scores` is items x classes, row-major, and a row that
// sums to 1 (shares, posteriors) gives the confidence directly.
void label_items(const LabelJudgments& judgments, const std::vector<double>& scores, Aggregation& result) {
    const std::size_t classes = judgments.classes.size();
    const std::vector<std::uint32_t> rank = tie_ranks(judgments.classes);
    result.items.assign(judgments.items(), {});
    result.ties = 0;
    for (std::size_t item = 0; item < judgments.items(); ++item) {
        ItemAggregate& out = result.items[item];
        out.annotators = judgments.item_start[item + 1] - judgments.item_start[item];
        const double* row = scores.data() + item * classes;
        const double top = out.annotators ? *std::max_element(row, row + classes) : 0;
        if (!(top > 0)) continue;
        std::size_t tied = 0;
        for (std::uint32_t c = 0; c < classes; ++c) {
            if (row[c] < top - tie_tolerance * top) continue;
            ++tied;
            if (out.label == ItemAggregate::no_label || rank[c] < rank[out.label]) out.label = c;
        }
        out.confidence = row[out.label];
        out.tie = tied > 1;
        result.ties += out.tie;
    }
}

// Per item, each class's share of the votes, each vote weighing its annotator's weight.
std::vector<double> vote_shares(const LabelJudgments& judgments, const std::vector<double>& weight) {
    const std::size_t classes = judgments.classes.size();
    std::vector<double> shares(judgments.items() * classes, 0.0);
    for (std::size_t item = 0; item < judgments.items(); ++item) {
        double* row = shares.data() + item * classes;
        double total = 0;
        for (std::uint32_t j = judgments.item_start[item]; j < judgments.item_start[item + 1]; ++j) {
            const double w = weight.empty() ? 1.0 : weight[judgments.annotator[j]];
            row[judgments.label[j]] += w;
            total += w;
        }
        if (total > 0)
            for (std::size_t c = 0; c < classes; ++c) row[c] /= total;
    }
    return shares;
}

// Per annotator, the share of its judgments equal to the items' labels (NaN without judgments).
void set_skills(const LabelJudgments& judgments, const std::vector<ItemAggregate>& items, Aggregation& result) {
    std::vector<std::size_t> agreed(judgments.annotators, 0);
    result.judgments.assign(judgments.annotators, 0);
    for (std::size_t item = 0; item < judgments.items(); ++item)
        for (std::uint32_t j = judgments.item_start[item]; j < judgments.item_start[item + 1]; ++j) {
            ++result.judgments[judgments.annotator[j]];
            agreed[judgments.annotator[j]] += judgments.label[j] == items[item].label;
        }
    result.skills.assign(judgments.annotators, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t a = 0; a < judgments.annotators; ++a)
        if (result.judgments[a])
            result.skills[a] = static_cast<double>(agreed[a]) / static_cast<double>(result.judgments[a]);
}

void check_weights(const LabelJudgments& judgments, const AggregationOptions& options) {
    if (options.weights.empty()) return;
    if (options.method != AggregationMethod::mv)
        throw Error(fmt::format("weights are for the majority vote (mv): {} estimates each annotator's reliability itself",
                                to_string(options.method)));
    if (options.weights.size() != judgments.annotators)
        throw Error(fmt::format("{} weights for {} annotators", options.weights.size(), judgments.annotators));
    for (const double w : options.weights)
        if (!(std::isfinite(w) && w > 0)) throw Error(fmt::format("an annotator's weight must be a positive number, not {}", w));
}

// a x b x c, or nullopt when it is over limits::max_aggregation_cells (checked without overflow).
std::optional<std::uint64_t> cells_within_limit(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    const std::uint64_t limit = limits::max_aggregation_cells;
    if (a == 0 || b == 0 || c == 0) return 0;
    if (b > limit / a || c > limit / (a * b)) return std::nullopt;
    return a * b * c;
}

// The dense matrices are refused before they are allocated: a table of 60,000 rows, each a new
// item of a new class, asked for 28.8 GB of vote shares.
void check_matrix_sizes(const LabelJudgments& judgments, AggregationMethod method) {
    const std::uint64_t items = judgments.items(), classes = judgments.classes.size();
    if (!cells_within_limit(items, classes, 1))
        throw Error(fmt::format("too large to aggregate: {} items x {} classes are more than {} {} (labelkit's limit "
                                "for one matrix, 1 GiB of doubles); aggregate fewer items at a time or fewer classes",
                                items, classes, limits::max_aggregation_cells,
                                method == AggregationMethod::ds ? "posteriors" : "vote shares"));
    if (method == AggregationMethod::ds && !cells_within_limit(judgments.annotators, classes, classes))
        throw Error(fmt::format("too large to aggregate with ds: {} annotators x {} x {} classes of confusion matrices "
                                "are more than {} cells (labelkit's limit for one matrix, 1 GiB of doubles); merge "
                                "fewer annotators or classes, or use --method mv or wawa",
                                judgments.annotators, classes, classes, limits::max_aggregation_cells));
}

// The weights divided by the largest, so that huge weights (1e308) do not overflow the vote sums:
// the shares are the same as with the weights given.
std::vector<double> normalised_weights(std::vector<double> weights) {
    if (weights.empty()) return weights;
    const double largest = *std::max_element(weights.begin(), weights.end());
    for (double& w : weights) w /= largest;
    return weights;
}

// Dawid-Skene's state: posteriors per item, class priors, and per annotator the log of its confusion
// matrix laid out [annotator][given][true] so that one judgment's row is contiguous.
class DawidSkene {
public:
    DawidSkene(const LabelJudgments& judgments, std::vector<double> posteriors)
        : j_(judgments), k_(judgments.classes.size()), posteriors_(std::move(posteriors)),
          counts_(judgments.annotators * k_ * k_), log_errors_(counts_.size()), used_(judgments.annotators * k_, false) {
        for (std::size_t i = 0; i < j_.size(); ++i) used_[j_.annotator[i] * k_ + j_.label[i]] = true;
        for (std::size_t item = 0; item < j_.items(); ++item) labelled_ += j_.item_start[item + 1] > j_.item_start[item];
        update_priors();
        update_errors();
    }

    // One EM iteration; returns the evidence lower bound per judgment after it.
    double iterate() {
        const Expectation e = expect();
        update_priors();
        update_errors();
        double bound = e.entropy;
        for (std::size_t c = 0; c < k_; ++c)
            if (e.judged_mass[c] > 0) bound += e.judged_mass[c] * std::log(priors_[c]);
        for (std::size_t i = 0; i < counts_.size(); ++i)
            if (counts_[i] > 0) bound += counts_[i] * log_errors_[i];
        return bound / static_cast<double>(j_.size());
    }

    const std::vector<double>& posteriors() const { return posteriors_; }
    const std::vector<double>& priors() const { return priors_; }

    // Per annotator, [true][given].
    std::vector<std::vector<double>> confusion() const {
        std::vector<std::vector<double>> matrices(j_.annotators, std::vector<double>(k_ * k_, 0.0));
        for (std::size_t a = 0; a < j_.annotators; ++a)
            for (std::size_t given = 0; given < k_; ++given)
                if (used_[a * k_ + given])
                    for (std::size_t truth = 0; truth < k_; ++truth)
                        matrices[a][truth * k_ + given] = std::exp(log_errors_[(a * k_ + given) * k_ + truth]);
        return matrices;
    }

private:
    struct Expectation {
        double entropy = 0;
        std::vector<double> judged_mass;  // per class: the posteriors summed over judgments
    };

    // E-step: each item's posterior from the priors and its annotators' confusion matrices.
    Expectation expect() {
        Expectation e{0, std::vector<double>(k_, 0.0)};
        std::vector<double> log_p(k_);
        std::vector<double> log_prior(k_);
        for (std::size_t c = 0; c < k_; ++c) log_prior[c] = std::log(priors_[c]);
        for (std::size_t item = 0; item < j_.items(); ++item) {
            const std::uint32_t begin = j_.item_start[item], end = j_.item_start[item + 1];
            if (begin == end) continue;
            std::copy(log_prior.begin(), log_prior.end(), log_p.begin());
            for (std::uint32_t i = begin; i < end; ++i) {
                const double* row = log_errors_.data() + (j_.annotator[i] * k_ + j_.label[i]) * k_;
                for (std::size_t c = 0; c < k_; ++c) log_p[c] += row[c];
            }
            const double top = *std::max_element(log_p.begin(), log_p.end());
            double* p = posteriors_.data() + item * k_;
            double total = 0;
            for (std::size_t c = 0; c < k_; ++c) total += p[c] = std::exp(log_p[c] - top);
            for (std::size_t c = 0; c < k_; ++c) {
                p[c] /= total;
                if (p[c] > 0) e.entropy -= p[c] * std::log(p[c]);
                e.judged_mass[c] += static_cast<double>(end - begin) * p[c];
            }
        }
        return e;
    }

    void update_priors() {
        priors_.assign(k_, 0.0);
        for (std::size_t item = 0; item < j_.items(); ++item)
            if (j_.item_start[item + 1] > j_.item_start[item])
                for (std::size_t c = 0; c < k_; ++c) priors_[c] += posteriors_[item * k_ + c];
        for (double& prior : priors_) prior /= static_cast<double>(labelled_);
    }

    // M-step: each annotator's confusion matrix from the posteriors of the items it labelled.
    void update_errors() {
        std::fill(counts_.begin(), counts_.end(), 0.0);
        for (std::size_t item = 0; item < j_.items(); ++item) {
            const double* p = posteriors_.data() + item * k_;
            for (std::uint32_t i = j_.item_start[item]; i < j_.item_start[item + 1]; ++i) {
                double* row = counts_.data() + (j_.annotator[i] * k_ + j_.label[i]) * k_;
                for (std::size_t c = 0; c < k_; ++c) row[c] += p[c];
            }
        }
        std::vector<double> column(k_);
        for (std::size_t a = 0; a < j_.annotators; ++a) {
            std::fill(column.begin(), column.end(), 0.0);
            for (std::size_t given = 0; given < k_; ++given)
                if (used_[a * k_ + given])
                    for (std::size_t c = 0; c < k_; ++c)
                        column[c] += std::max(counts_[(a * k_ + given) * k_ + c], probability_floor);
            for (std::size_t given = 0; given < k_; ++given)
                if (used_[a * k_ + given])
                    for (std::size_t c = 0; c < k_; ++c) {
                        const std::size_t at = (a * k_ + given) * k_ + c;
                        log_errors_[at] = std::log(std::max(counts_[at], probability_floor) / column[c]);
                    }
        }
    }

    const LabelJudgments& j_;
    std::size_t k_;
    std::size_t labelled_ = 0;  // items with judgments
    std::vector<double> posteriors_;
    std::vector<double> priors_;
    std::vector<double> counts_;  // [annotator][given][true]: posteriors summed
    std::vector<double> log_errors_;
    std::vector<bool> used_;  // [annotator][given]: the annotator gave this class
};

Aggregation dawid_skene(const LabelJudgments& judgments, const AggregationOptions& options) {
    Aggregation result;
    DawidSkene model(judgments, vote_shares(judgments, {}));
    double bound = -std::numeric_limits<double>::infinity();
    while (result.iterations < options.max_iterations && judgments.size() > 0) {
        const double next = model.iterate();
        ++result.iterations;
        if (next - bound < options.tolerance) {
            result.converged = true;
            break;
        }
        bound = next;
    }
    label_items(judgments, model.posteriors(), result);
    result.priors = model.priors();
    result.confusion = model.confusion();
    return result;
}

}  // namespace

std::vector<std::uint32_t> tie_order(const std::vector<std::string>& classes) {
    std::vector<std::uint32_t> order(classes.size());
    std::iota(order.begin(), order.end(), 0U);
    std::vector<double> value(classes.size());
    bool numeric = true;
    for (std::size_t c = 0; c < classes.size() && numeric; ++c) {
        const std::optional<double> number = parse_double(classes[c]);
        numeric = number && !std::isnan(*number);
        if (numeric) value[c] = *number;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (numeric && value[a] != value[b]) return value[a] < value[b];
        return classes[a] < classes[b];
    });
    return order;
}

Aggregation aggregate(const LabelJudgments& judgments, const AggregationOptions& options) {
    if (options.method == AggregationMethod::rover)
        throw Error("rover combines transcripts, not class labels: give --method mv, wawa or ds");
    check_weights(judgments, options);
    check_matrix_sizes(judgments, options.method);
    Aggregation result;
    if (options.method == AggregationMethod::ds) {
        result = dawid_skene(judgments, options);
    } else {
        label_items(judgments, vote_shares(judgments, normalised_weights(options.weights)), result);
        if (options.method == AggregationMethod::wawa) {
            set_skills(judgments, result.items, result);  // agreement with the majority: Wawa's weights
            std::vector<double> weights = result.skills;
            label_items(judgments, vote_shares(judgments, weights), result);
        }
    }
    result.method = options.method;
    if (options.method != AggregationMethod::wawa) set_skills(judgments, result.items, result);
    return result;
}

}  // namespace labelkit
