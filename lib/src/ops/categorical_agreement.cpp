// Agreement statistics of categorical_agreement.hpp.
//
// Every statistic is computed from per-item label counts made once (ItemCounts), so that a
// bootstrap resample only sums precomputed per-item numbers over its items.
//
// Choices the references leave open:
//   - Conger's kappa leaves out annotators without a rating among the items (irrCAC would
//     divide by zero); the rest follows irrCAC's conger.kappa.raw.
//   - Kappa-type statistics are undefined (0/0) when only one label is used; AC1,
//     Brennan-Prediger and Randolph when the domain has fewer than two labels; alpha when
//     the expected disagreement is 0.
//   - Bootstrap intervals are percentiles of the resampled values, type 7 of Hyndman & Fan
//     (R's default, numpy's "linear"); resamples where a statistic is undefined are skipped,
//     and when fewer than half of them define it there is no interval.
#include "labelkit/ops/categorical_agreement.hpp"
#include "labelkit/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit {

namespace {

constexpr const char* no_pairable_item = "no item is rated by two or more annotators";
constexpr const char* one_label_used = "only one label is used: chance agreement is 1 and kappa is 0/0";
constexpr const char* too_few_labels = "the label domain has fewer than two labels";

// The labels each item got, as (label, how many annotators gave it) entries in compressed
// rows: item i owns entries [begin[i], begin[i + 1]).
struct ItemCounts {
    std::vector<std::size_t> begin;
    std::vector<std::uint32_t> label;
    std::vector<std::uint32_t> count;
    std::vector<std::uint32_t> raters;  // r_i
    // sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)) for items with r_i >= 2, else 0.
    std::vector<double> agreement;
};

void check_table(const RatingTable& table) {
    const std::size_t n = table.item_count(), m = table.annotators.size(), q = table.labels.size();
    constexpr std::size_t max_index = std::numeric_limits<std::uint32_t>::max();
    if (n > max_index || m > max_index || q > max_index)
        throw Error(fmt::format("a rating table has at most {} items, annotators and labels", max_index));
    if (table.ratings.size() != n * m)
        throw Error(fmt::format("a rating table of {} items and {} annotators needs {} ratings, not {}", n, m,
                                n * m, table.ratings.size()));
    if (!table.numeric_values.empty() && table.numeric_values.size() != q)
        throw Error(fmt::format("{} numeric values for {} labels", table.numeric_values.size(), q));
    for (std::size_t k = 0; k < table.numeric_values.size(); ++k)
        if (!std::isfinite(table.numeric_values[k]))
            throw Error(fmt::format("label \"{}\" has no finite numeric value", table.labels[k]));
    for (std::int32_t rating : table.ratings)
        if (rating != RatingTable::missing && (rating < 0 || static_cast<std::size_t>(rating) >= q))
            throw Error(fmt::format("rating {} is not a label index (the table has {} labels)", rating, q));
}

void check_level(const RatingTable& table, AlphaLevel level) {
    if ((level == AlphaLevel::interval || level == AlphaLevel::ratio) && table.numeric_values.empty())
        throw Error(fmt::format("{} alpha needs numeric labels", to_string(level)));
    if (level == AlphaLevel::ordinal && !table.ordered)
        throw Error("ordinal alpha needs ordered labels: give the label order with --order");
    if (level == AlphaLevel::ratio)
        for (std::size_t k = 0; k < table.numeric_values.size(); ++k)
            if (table.numeric_values[k] < 0)
                throw Error(fmt::format("ratio alpha needs values of 0 or more, but label \"{}\" is {}",
                                        table.labels[k], table.numeric_values[k]));
}

void check_sample(const RatingTable& table, std::span<const std::uint32_t> items) {
    for (std::uint32_t i : items)
        if (i >= table.item_count())
            throw Error(fmt::format("item index {} is out of range (the table has {} items)", i, table.item_count()));
}

void check_annotator(const RatingTable& table, std::uint32_t annotator) {
    if (annotator >= table.annotators.size())
        throw Error(fmt::format("annotator index {} is out of range (the table has {} annotators)", annotator,
                                table.annotators.size()));
}

ItemCounts count_items(const RatingTable& table) {
    const std::size_t n = table.item_count(), m = table.annotators.size();
    ItemCounts counts;
    counts.begin.reserve(n + 1);
    counts.begin.push_back(0);
    counts.raters.resize(n);
    counts.agreement.resize(n);
    std::vector<std::uint32_t> per_label(table.labels.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t first = counts.label.size();
        const std::int32_t* row = table.ratings.data() + i * m;
        for (std::size_t g = 0; g < m; ++g)
            if (row[g] != RatingTable::missing && per_label[row[g]]++ == 0)
                counts.label.push_back(static_cast<std::uint32_t>(row[g]));
        std::uint32_t raters = 0;
        double same = 0;  // ordered pairs of annotators giving the same label
        for (std::size_t e = first; e < counts.label.size(); ++e) {
            const std::uint32_t c = per_label[counts.label[e]];
            per_label[counts.label[e]] = 0;
            counts.count.push_back(c);
            raters += c;
            same += static_cast<double>(c) * (c - 1);
        }
        counts.raters[i] = raters;
        counts.agreement[i] = raters >= 2 ? same / (static_cast<double>(raters) * (raters - 1)) : 0;
        counts.begin.push_back(counts.label.size());
    }
    return counts;
}

Statistic value_of(double value) {
    Statistic statistic;
    statistic.value = value;
    return statistic;
}

Statistic undefined(std::string why) {
    Statistic statistic;
    statistic.note = std::move(why);
    return statistic;
}

Statistic chance_corrected(double observed, double chance) {
    return value_of((observed - chance) / (1 - chance));
}

// Conger's chance agreement: from each annotator's own label shares over the items, their
// mean pbar_k and their variance s2_kk across annotators. Needs two annotators with ratings.
double conger_chance(const RatingTable& table, std::span<const std::uint32_t> items) {
    const std::size_t m = table.annotators.size(), q = table.labels.size();
    std::vector<std::uint32_t> given(m * q, 0);
    std::vector<std::uint32_t> total(m, 0);
    for (std::uint32_t i : items) {
        const std::int32_t* row = table.ratings.data() + i * m;
        for (std::size_t g = 0; g < m; ++g)
            if (row[g] != RatingTable::missing) {
                ++given[g * q + row[g]];
                ++total[g];
            }
    }
    std::vector<double> sum(q, 0.0), sum_of_squares(q, 0.0);
    double raters = 0;
    for (std::size_t g = 0; g < m; ++g) {
        if (total[g] == 0) continue;
        raters += 1;
        for (std::size_t k = 0; k < q; ++k) {
            const double share = static_cast<double>(given[g * q + k]) / total[g];
            sum[k] += share;
            sum_of_squares[k] += share * share;
        }
    }
    double chance = 0;
    for (std::size_t k = 0; k < q; ++k) {
        const double mean = sum[k] / raters;
        const double variance = (sum_of_squares[k] - raters * mean * mean) / (raters - 1);
        chance += mean * mean - variance / raters;
    }
    return chance;
}

MultiRaterResult multi_rater(const RatingTable& table, const ItemCounts& counts,
                             std::span<const std::uint32_t> items) {
    const std::size_t q = table.labels.size();
    MultiRaterResult result;
    std::vector<double> share(q, 0.0);  // pi_k, first summed over the rated items
    double agreement = 0;
    for (std::uint32_t i : items) {
        const std::uint32_t raters = counts.raters[i];
        if (raters == 0) continue;
        ++result.items_rated;
        for (std::size_t e = counts.begin[i]; e < counts.begin[i + 1]; ++e)
            share[counts.label[e]] += static_cast<double>(counts.count[e]) / raters;
        if (raters >= 2) {
            ++result.items_pairable;
            agreement += counts.agreement[i];
        }
    }
    if (result.items_pairable == 0) {
        for (Statistic* s : {&result.percent_agreement, &result.fleiss_kappa, &result.conger_kappa,
                             &result.randolph_kappa, &result.gwet_ac1, &result.brennan_prediger})
            *s = undefined(no_pairable_item);
        return result;
    }
    const double observed = agreement / static_cast<double>(result.items_pairable);
    result.percent_agreement = value_of(observed);

    std::size_t used = 0;
    double fleiss = 0, gwet = 0;
    for (double& pi : share) {
        pi /= static_cast<double>(result.items_rated);
        used += pi > 0;
        fleiss += pi * pi;
        gwet += pi * (1 - pi);
    }
    result.fleiss_chance = fleiss;
    if (used < 2) {
        result.fleiss_kappa = undefined(one_label_used);
        result.conger_kappa = undefined(one_label_used);
    } else {
        result.fleiss_kappa = chance_corrected(observed, fleiss);
        result.conger_kappa = chance_corrected(observed, conger_chance(table, items));
    }
    if (q < 2) {
        result.gwet_ac1 = undefined(too_few_labels);
        result.randolph_kappa = undefined(too_few_labels);
        result.brennan_prediger = undefined(too_few_labels);
    } else {
        result.gwet_chance = gwet / static_cast<double>(q - 1);
        result.gwet_ac1 = chance_corrected(observed, *result.gwet_chance);
        // Randolph's free-marginal kappa and Brennan-Prediger are the same formula.
        result.randolph_kappa = chance_corrected(observed, 1.0 / static_cast<double>(q));
        result.brennan_prediger = result.randolph_kappa;
    }
    return result;
}

// delta^2(c, k) of Krippendorff's alpha, row per c; `marginal` holds the n_c.
std::vector<double> alpha_distances(const RatingTable& table, AlphaLevel level,
                                    const std::vector<double>& marginal) {
    const std::size_t q = table.labels.size();
    std::vector<double> cumulative(q + 1, 0.0);  // n_0 + ... + n_{c-1}
    for (std::size_t c = 0; c < q; ++c) cumulative[c + 1] = cumulative[c] + marginal[c];
    std::vector<double> distance(q * q, 0.0);
    for (std::size_t c = 0; c < q; ++c)
        for (std::size_t k = 0; k < q; ++k) {
            if (c == k) continue;
            double d = 1;
            if (level == AlphaLevel::ordinal) {
                const std::size_t lo = std::min(c, k), hi = std::max(c, k);
                d = cumulative[hi + 1] - cumulative[lo] - (marginal[c] + marginal[k]) / 2;
            } else if (level == AlphaLevel::interval) {
                d = table.numeric_values[c] - table.numeric_values[k];
            } else if (level == AlphaLevel::ratio) {
                const double sum = table.numeric_values[c] + table.numeric_values[k];
                d = sum == 0 ? 0 : (table.numeric_values[c] - table.numeric_values[k]) / sum;
            }
            distance[c * q + k] = d * d;
        }
    return distance;
}

AlphaResult alpha(const RatingTable& table, const ItemCounts& counts, std::span<const std::uint32_t> items,
                  AlphaLevel level) {
    const std::size_t q = table.labels.size();
    AlphaResult result;
    // The coincidence matrix: each ordered pair of values within a unit of m_u values
    // counts 1 / (m_u - 1).
    std::vector<double> coincidence(q * q, 0.0);
    std::vector<double> marginal(q, 0.0);  // n_c, counted exactly
    for (std::uint32_t i : items) {
        const std::uint32_t values = counts.raters[i];
        if (values < 2) continue;
        result.pairable_values += values;
        const double weight = 1.0 / (values - 1);
        const std::size_t begin = counts.begin[i], end = counts.begin[i + 1];
        for (std::size_t a = begin; a < end; ++a) {
            const std::uint32_t c = counts.label[a], nc = counts.count[a];
            marginal[c] += nc;
            for (std::size_t b = begin; b < end; ++b) {
                const std::uint32_t nk = counts.count[b];
                const double pairs = a == b ? static_cast<double>(nc) * (nc - 1) : static_cast<double>(nc) * nk;
                coincidence[c * q + counts.label[b]] += pairs * weight;
            }
        }
    }
    if (result.pairable_values == 0) {
        result.alpha = undefined("no unit has two or more values");
        return result;
    }
    const std::vector<double> distance = alpha_distances(table, level, marginal);
    double observed = 0, expected = 0;
    for (std::size_t c = 0; c < q; ++c)
        for (std::size_t k = 0; k < q; ++k) {
            observed += coincidence[c * q + k] * distance[c * q + k];
            expected += marginal[c] * marginal[k] * distance[c * q + k];
        }
    const double n = static_cast<double>(result.pairable_values);
    result.observed_disagreement = observed / n;
    result.expected_disagreement = expected / (n * (n - 1));
    if (expected == 0)
        result.alpha = undefined("the expected disagreement is 0 (all pairable values are alike): alpha is 0/0");
    else
        result.alpha = value_of(1 - *result.observed_disagreement / *result.expected_disagreement);
    return result;
}

enum class Weighting { none, linear, quadratic };

// scikit-learn's cohen_kappa_score: 1 - sum(w O) / sum(w E), with O the confusion counts, E
// the outer product of their margins over n, and w by label position (0 on the diagonal).
// The caller makes sure that two labels are used, so sum(w E) > 0.
double weighted_kappa(const std::vector<std::uint64_t>& confusion, const std::vector<double>& rows,
                      const std::vector<double>& columns, double n, Weighting weighting) {
    const std::size_t q = rows.size();
    double observed = 0, expected = 0;
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            if (i == j) continue;
            const double step = std::abs(static_cast<double>(i) - static_cast<double>(j));
            const double w = weighting == Weighting::none ? 1 : weighting == Weighting::linear ? step : step * step;
            observed += w * static_cast<double>(confusion[i * q + j]);
            expected += w * rows[i] * columns[j];
        }
    return 1 - observed / (expected / n);
}

PairResult pair(const RatingTable& table, std::uint32_t a, std::uint32_t b, std::span<const std::uint32_t> items) {
    const std::size_t m = table.annotators.size(), q = table.labels.size();
    PairResult result;
    result.a = a;
    result.b = b;
    std::vector<std::uint64_t> confusion(q * q, 0);  // row: a's label, column: b's
    for (std::uint32_t i : items) {
        const std::int32_t* row = table.ratings.data() + i * m;
        if (row[a] == RatingTable::missing || row[b] == RatingTable::missing) continue;
        ++confusion[static_cast<std::size_t>(row[a]) * q + static_cast<std::size_t>(row[b])];
        ++result.n;
    }
    if (result.n == 0) {
        for (Statistic* s : {&result.percent_agreement, &result.cohen_kappa, &result.cohen_kappa_linear,
                             &result.cohen_kappa_quadratic, &result.scott_pi})
            *s = undefined("no item is rated by both annotators");
        return result;
    }
    const double n = static_cast<double>(result.n);
    std::vector<double> rows(q, 0.0), columns(q, 0.0);
    double same = 0;
    std::size_t used = 0;
    for (std::size_t i = 0; i < q; ++i) {
        for (std::size_t j = 0; j < q; ++j) {
            rows[i] += static_cast<double>(confusion[i * q + j]);
            columns[j] += static_cast<double>(confusion[i * q + j]);
        }
        same += static_cast<double>(confusion[i * q + i]);
    }
    double scott_chance = 0;
    for (std::size_t k = 0; k < q; ++k) {
        used += rows[k] + columns[k] > 0;
        const double share = (rows[k] + columns[k]) / (2 * n);
        scott_chance += share * share;
    }
    result.percent_agreement = value_of(same / n);
    if (used < 2) {
        for (Statistic* s : {&result.cohen_kappa, &result.cohen_kappa_linear, &result.cohen_kappa_quadratic,
                             &result.scott_pi})
            *s = undefined(one_label_used);
        return result;
    }
    result.cohen_kappa = value_of(weighted_kappa(confusion, rows, columns, n, Weighting::none));
    result.scott_pi = chance_corrected(same / n, scott_chance);
    if (table.ordered) {
        result.cohen_kappa_linear = value_of(weighted_kappa(confusion, rows, columns, n, Weighting::linear));
        result.cohen_kappa_quadratic = value_of(weighted_kappa(confusion, rows, columns, n, Weighting::quadratic));
    } else {
        const char* why = "weighted kappa needs ordered labels (give the label order with --order)";
        result.cohen_kappa_linear = undefined(why);
        result.cohen_kappa_quadratic = undefined(why);
    }
    return result;
}

struct Estimates {
    MultiRaterResult overall;
    AlphaResult alpha;
    std::vector<PairResult> pairs;
};

Estimates estimate(const RatingTable& table, const ItemCounts& counts, std::span<const std::uint32_t> items,
                   AlphaLevel level) {
    Estimates estimates{multi_rater(table, counts, items), alpha(table, counts, items, level), {}};
    const auto m = static_cast<std::uint32_t>(table.annotators.size());
    for (std::uint32_t a = 0; a < m; ++a)
        for (std::uint32_t b = a + 1; b < m; ++b) estimates.pairs.push_back(pair(table, a, b, items));
    return estimates;
}

// The statistics that get an interval, always in the same order.
std::vector<Statistic*> statistics_of(Estimates& e) {
    std::vector<Statistic*> out{&e.overall.percent_agreement, &e.overall.fleiss_kappa, &e.overall.conger_kappa,
                                &e.overall.randolph_kappa,    &e.overall.gwet_ac1,     &e.overall.brennan_prediger,
                                &e.alpha.alpha};
    for (PairResult& p : e.pairs)
        for (Statistic* s : {&p.percent_agreement, &p.cohen_kappa, &p.cohen_kappa_linear,
                             &p.cohen_kappa_quadratic, &p.scott_pi})
            out.push_back(s);
    return out;
}

// Type 7 of Hyndman and Fan: the value at rank (N - 1) p of the sorted values (from 0),
// interpolated linearly between the two order statistics around it.
double percentile(const std::vector<double>& sorted, double p) {
    const double rank = p * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    if (below + 1 >= sorted.size()) return sorted.back();
    const double fraction = rank - static_cast<double>(below);
    return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

void add_note(Statistic& statistic, const std::string& note) {
    statistic.note += statistic.note.empty() ? note : "; " + note;
}

void set_interval(Statistic& statistic, std::vector<double>& values, std::size_t resamples, double tail) {
    if (!statistic.value) return;
    if (2 * values.size() < resamples) {
        add_note(statistic, fmt::format("no interval: defined in only {} of {} resamples", values.size(), resamples));
        return;
    }
    std::sort(values.begin(), values.end());
    statistic.ci_low = percentile(values, tail);
    statistic.ci_high = percentile(values, 1 - tail);
}

void add_intervals(const RatingTable& table, const ItemCounts& counts, const CategoricalOptions& options,
                   Estimates& point) {
    const auto n = static_cast<std::uint32_t>(table.item_count());
    const std::vector<Statistic*> targets = statistics_of(point);
    std::vector<std::vector<double>> values(targets.size());
    for (auto& v : values) v.reserve(options.bootstrap);
    Random random(options.seed);
    std::vector<std::uint32_t> sample(n);
    std::vector<std::uint32_t> draws(n);
    for (std::size_t r = 0; r < options.bootstrap; ++r) {
        // The statistics are sums over the sample, so its order does not matter: listing the
        // drawn items in table order makes every pass over the sample read memory in sequence.
        std::fill(draws.begin(), draws.end(), 0u);
        for (std::uint32_t k = 0; k < n; ++k) ++draws[random.below(n)];
        sample.clear();
        for (std::uint32_t item = 0; item < n; ++item) sample.insert(sample.end(), draws[item], item);
        Estimates resampled = estimate(table, counts, sample, options.level);
        const std::vector<Statistic*> statistics = statistics_of(resampled);
        for (std::size_t s = 0; s < statistics.size(); ++s)
            if (statistics[s]->value) values[s].push_back(*statistics[s]->value);
    }
    const double tail = (1 - options.confidence) / 2;
    for (std::size_t s = 0; s < targets.size(); ++s) set_interval(*targets[s], values[s], options.bootstrap, tail);
}

std::vector<std::string> data_notes(const RatingTable& table, const ItemCounts& counts) {
    std::vector<std::string> notes;
    const std::size_t q = table.labels.size();
    std::vector<bool> used(q, false);
    for (std::uint32_t label : counts.label) used[label] = true;
    const auto used_labels = static_cast<std::size_t>(std::count(used.begin(), used.end(), true));
    const auto unrated = static_cast<std::size_t>(std::count(counts.raters.begin(), counts.raters.end(), 0u));
    const auto pairable = static_cast<std::size_t>(
        std::count_if(counts.raters.begin(), counts.raters.end(), [](std::uint32_t r) { return r >= 2; }));

    if (table.annotators.size() < 2) notes.push_back("fewer than two annotators: there is no agreement to measure");
    if (used_labels == 0) notes.push_back("there are no ratings");
    if (used_labels == 1) notes.push_back("only one label is used: kappa-type statistics are undefined");
    if (used_labels > 0 && used_labels < q)
        notes.push_back(fmt::format("{} of the domain never used: they still count as categories for Randolph's "
                                    "kappa, AC1 and Brennan-Prediger",
                                    counted(q - used_labels, "label")));
    if (unrated > 0) notes.push_back(fmt::format("{} without a rating left out", counted(unrated, "item")));
    if (pairable == 0 && used_labels > 0) notes.push_back(std::string(no_pairable_item) + ": agreement is undefined");
    return notes;
}

}  // namespace

MultiRaterResult multi_rater_agreement(const RatingTable& table, std::span<const std::uint32_t> items) {
    check_table(table);
    check_sample(table, items);
    return multi_rater(table, count_items(table), items);
}

AlphaResult krippendorff_alpha(const RatingTable& table, std::span<const std::uint32_t> items, AlphaLevel level) {
    check_table(table);
    check_level(table, level);
    check_sample(table, items);
    return alpha(table, count_items(table), items, level);
}

PairResult pair_agreement(const RatingTable& table, std::uint32_t a, std::uint32_t b,
                          std::span<const std::uint32_t> items) {
    check_table(table);
    check_annotator(table, a);
    check_annotator(table, b);
    check_sample(table, items);
    return pair(table, a, b, items);
}

CategoricalReport categorical_agreement(const RatingTable& table, const CategoricalOptions& options) {
    check_table(table);
    check_level(table, options.level);
    if (!(options.confidence > 0 && options.confidence < 1))
        throw Error(fmt::format("the confidence level must be between 0 and 1, not {}", options.confidence));
    const ItemCounts counts = count_items(table);
    std::vector<std::uint32_t> all(table.item_count());
    std::iota(all.begin(), all.end(), 0u);
    Estimates estimates = estimate(table, counts, all, options.level);

    CategoricalReport report;
    report.items = table.item_count();
    report.level = options.level;
    report.bootstrap = options.bootstrap;
    report.confidence = options.confidence;
    report.notes = data_notes(table, counts);
    if (options.bootstrap > 0 && !all.empty()) add_intervals(table, counts, options, estimates);
    report.overall = std::move(estimates.overall);
    report.alpha = std::move(estimates.alpha);
    report.pairs = std::move(estimates.pairs);
    return report;
}

}  // namespace labelkit
