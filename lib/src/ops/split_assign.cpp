// Splitting a dataset: its units (items, or groups of items by a path pattern or an
// attribute), the item targets of the subsets, and the random, stratified and hash strategies.
#include "labelkit/ops/split.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>

#include "labelkit/error.hpp"
#include "labelkit/random.hpp"

namespace labelkit {

namespace {

// ---------------------------------------------------------------------------------------
// Units

// Collects units in the order of their first item.
class UnitCollector {
public:
    void add_to_group(const std::string& value, std::uint32_t item) {
        const std::string key = split_group_key(value);
        const auto [it, added] = group_units_.try_emplace(key, static_cast<std::uint32_t>(units_.keys.size()));
        if (added) {
            units_.keys.push_back(key);
            units_.items.emplace_back();
        }
        units_.items[it->second].push_back(item);
    }

    void add_alone(const std::string& path, std::uint32_t item, bool ungrouped) {
        units_.keys.push_back(path);
        units_.items.push_back({item});
        if (ungrouped) ++units_.ungrouped;
    }

    SplitUnits take() { return std::move(units_); }

private:
    SplitUnits units_;
    std::unordered_map<std::string, std::uint32_t> group_units_;
};

// RE2: matching takes time linear in the path and no recursion, whatever the pattern and the
// path (std::regex overflowed the stack on long file names).
std::unique_ptr<RE2> compile(const std::string& pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    auto expression = std::make_unique<RE2>(pattern, options);
    if (!expression->ok())
        throw Error(fmt::format("invalid group pattern '{}': {} (RE2 syntax: no backreferences or lookaround)", pattern,
                                expression->error()));
    return expression;
}

// The group of a path: the first capture group of the pattern's first match (the whole match
// when the pattern has no group). None when it does not match, or the group is empty or did
// not take part in the match.
std::optional<std::string> group_of(const RE2& expression, const std::string& path) {
    const int wanted = expression.NumberOfCapturingGroups() > 0 ? 2 : 1;
    std::array<re2::StringPiece, 2> match;
    if (!expression.Match(path, 0, path.size(), RE2::UNANCHORED, match.data(), wanted)) return std::nullopt;
    const re2::StringPiece& group = match[static_cast<std::size_t>(wanted - 1)];
    if (group.data() == nullptr || group.empty()) return std::nullopt;
    return std::string(group.data(), group.size());
}

std::string text_of(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

// A JSON object's non-null field as text, if present.
std::optional<std::string> field_text(const nlohmann::json& object, const std::string& name) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return std::nullopt;
    return text_of(*it);
}

// The item's own field, else the value every one of its annotations has (compared as text,
// as the key is made of text).
std::optional<std::string> attribute_of(const Dataset& dataset, const AnnotationsByItem& by_item, std::uint32_t item,
                                        const std::string& name) {
    if (auto own = field_text(dataset.items[item].extra, name)) return own;
    std::optional<std::string> agreed;
    for (std::uint32_t a : by_item.of(item)) {
        std::optional<std::string> value = field_text(dataset.annotations[a].attributes, name);
        if (!value || (agreed && *agreed != *value)) return std::nullopt;
        agreed = std::move(value);
    }
    return agreed;
}

// ---------------------------------------------------------------------------------------
// Targets and unit order

std::size_t item_total(const SplitUnits& units) {
    std::size_t total = 0;
    for (const auto& items : units.items) total += items.size();
    return total;
}

void check_ratios(const std::vector<double>& ratios) {
    double sum = 0;
    for (double ratio : ratios) {
        if (!std::isfinite(ratio) || ratio < 0)
            throw Error(fmt::format("split ratio {} is not a finite number >= 0", ratio));
        sum += ratio;
    }
    if (!(std::abs(sum - 1) <= 1e-6)) throw Error(fmt::format("split ratios sum to {}, not 1", sum));
}

// Each subset's share of `total` by the largest remainder method, ties to the earlier subset.
// The ratios are divided by their sum (which is within 1e-6 of 1) so that the floors never
// exceed the total.
std::vector<std::size_t> largest_remainder(const std::vector<double>& ratios, std::size_t total) {
    const double sum = std::accumulate(ratios.begin(), ratios.end(), 0.0);
    std::vector<std::size_t> counts(ratios.size());
    std::vector<double> remainders(ratios.size());
    std::size_t given = 0;
    for (std::size_t j = 0; j < ratios.size(); ++j) {
        const double quota = ratios[j] / sum * static_cast<double>(total);
        counts[j] = static_cast<std::size_t>(std::floor(quota));
        remainders[j] = quota - static_cast<double>(counts[j]);
        given += counts[j];
    }
    std::vector<std::size_t> order(ratios.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    for (std::size_t i = 0; given < total; ++i, ++given) ++counts[order[i % order.size()]];
    return counts;
}

// The units sorted by key, so that the order does not depend on the items' order, then
// shuffled (Fisher-Yates). Keys are unique unless paths repeat or a path starts with "group:".
std::vector<std::uint32_t> shuffled_units(const SplitUnits& units, Random& random) {
    std::vector<std::uint32_t> order(units.keys.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return units.keys[a] != units.keys[b] ? units.keys[a] < units.keys[b] : a < b;
    });
    for (auto i = static_cast<std::uint32_t>(order.size()); i > 1; --i) std::swap(order[i - 1], order[random.below(i)]);
    return order;
}

// ---------------------------------------------------------------------------------------
// random

// Units in shuffled order fill the subsets in order: each goes to the first subset that still
// lacks items and that it would not pass by more than the subset lacks (four groups of 5 for
// 16/2/2: the fourth does not make train 20). A unit that fits nowhere goes to the subset that
// lacks the most (the first of those tied).
std::vector<std::uint32_t> assign_random(const SplitUnits& units, const std::vector<std::size_t>& targets,
                                         std::uint64_t seed) {
    Random random(seed);
    std::vector<std::uint32_t> subsets(units.keys.size());
    std::vector<std::int64_t> lacks(targets.begin(), targets.end());
    const auto fits = [&](std::size_t s, std::int64_t size) { return lacks[s] > 0 && size - lacks[s] <= lacks[s]; };
    for (std::uint32_t u : shuffled_units(units, random)) {
        const auto size = static_cast<std::int64_t>(units.items[u].size());
        std::size_t chosen = 0;
        while (chosen < targets.size() && !fits(chosen, size)) ++chosen;
        if (chosen == targets.size())
            chosen = static_cast<std::size_t>(std::max_element(lacks.begin(), lacks.end()) - lacks.begin());
        subsets[u] = static_cast<std::uint32_t>(chosen);
        lacks[chosen] -= size;
    }
    return subsets;
}

// ---------------------------------------------------------------------------------------
// stratified

// The classes of each unit with the number of its items that have them (compressed rows).
struct UnitLabels {
    std::size_t label_count = 0;
    std::vector<std::uint32_t> offsets;  // unit u's entries are [offsets[u], offsets[u + 1])
    std::vector<std::uint32_t> labels;
    std::vector<std::uint32_t> items;  // how many of the unit's items have the label
};

UnitLabels unit_labels(const Dataset& dataset, const SplitUnits& units) {
    UnitLabels result;
    result.label_count = dataset.categories.size();
    for (const Annotation& a : dataset.annotations)
        result.label_count = std::max<std::size_t>(result.label_count, a.category + std::size_t{1});
    const ItemClasses classes(dataset);
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    // Stamps: the last item and unit that counted each label, and where the unit counts it.
    std::vector<std::uint32_t> last_item(result.label_count, none), last_unit(result.label_count, none);
    std::vector<std::uint32_t> entry(result.label_count, 0);
    result.offsets.reserve(units.items.size() + 1);
    result.offsets.push_back(0);
    for (std::uint32_t u = 0; u < units.items.size(); ++u) {
        for (std::uint32_t item : units.items[u]) {
            for (std::uint32_t label : classes.of(item)) {
                if (last_item[label] == item) continue;
                last_item[label] = item;
                if (last_unit[label] != u) {
                    last_unit[label] = u;
                    entry[label] = static_cast<std::uint32_t>(result.labels.size());
                    result.labels.push_back(label);
                    result.items.push_back(0);
                }
                ++result.items[entry[label]];
            }
        }
        result.offsets.push_back(static_cast<std::uint32_t>(result.labels.size()));
    }
    return result;
}

// What each subset still lacks: items with each label (fractional: fraction x items with the
// label) and items. Both go negative when a subset gets more than it wanted.
struct Wants {
    std::size_t label_count = 0;
    std::vector<double> label_items;  // [subset * label_count + label]
    std::vector<std::int64_t> items;  // per subset

    double of(std::uint32_t subset, std::uint32_t label) const { return label_items[subset * label_count + label]; }
};

Wants initial_wants(const UnitLabels& labels, const std::vector<std::int64_t>& with_label,
                    const std::vector<std::size_t>& targets) {
    Wants wants;
    wants.label_count = labels.label_count;
    wants.label_items.resize(targets.size() * labels.label_count);
    const auto total = static_cast<double>(std::accumulate(targets.begin(), targets.end(), std::size_t{0}));
    for (std::size_t j = 0; j < targets.size(); ++j) {
        const double fraction = total > 0 ? static_cast<double>(targets[j]) / total : 0;
        for (std::size_t l = 0; l < labels.label_count; ++l)
            wants.label_items[j * labels.label_count + l] = fraction * static_cast<double>(with_label[l]);
        wants.items.push_back(static_cast<std::int64_t>(targets[j]));
    }
    return wants;
}

// The label with the fewest items among the unassigned units (ties: the lowest index), if any.
std::optional<std::uint32_t> rarest_label(const std::vector<std::int64_t>& remaining) {
    std::optional<std::uint32_t> rarest;
    for (std::uint32_t l = 0; l < remaining.size(); ++l)
        if (remaining[l] > 0 && (!rarest || remaining[l] < remaining[*rarest])) rarest = l;
    return rarest;
}

// > 0 when subset a lacks the label more than subset b, or as much but lacks more items.
int compare_wants(const Wants& wants, std::uint32_t label, std::uint32_t a, std::uint32_t b) {
    if (wants.of(a, label) != wants.of(b, label)) return wants.of(a, label) > wants.of(b, label) ? 1 : -1;
    if (wants.items[a] != wants.items[b]) return wants.items[a] > wants.items[b] ? 1 : -1;
    return 0;
}

// The subset for a unit with `label`: among the subsets with room for the whole unit (or, when
// none has, those with the most room), the one that most lacks the label, then the one that
// most lacks items, then one of the tied at random. Keeping to subsets with room makes counts
// exact when every unit is one item.
std::uint32_t choose_subset(const Wants& wants, std::uint32_t label, std::int64_t size, Random& random) {
    const std::int64_t most_room = *std::max_element(wants.items.begin(), wants.items.end());
    const std::int64_t needed = std::min(size, most_room);
    std::vector<std::uint32_t> best;
    for (std::uint32_t j = 0; j < wants.items.size(); ++j) {
        if (wants.items[j] < needed) continue;
        const int order = best.empty() ? 1 : compare_wants(wants, label, j, best.front());
        if (order > 0) best.clear();
        if (order >= 0) best.push_back(j);
    }
    return best.size() == 1 ? best.front() : best[random.below(static_cast<std::uint32_t>(best.size()))];
}

std::uint32_t subset_with_most_room(const Wants& wants) {
    return static_cast<std::uint32_t>(std::max_element(wants.items.begin(), wants.items.end()) - wants.items.begin());
}

// Iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011) over units: the rarest
// remaining label's units go first, each to the subset that most lacks that label.
std::vector<std::uint32_t> assign_stratified(const Dataset& dataset, const SplitUnits& units,
                                             const std::vector<std::size_t>& targets, std::uint64_t seed) {
    const UnitLabels labels = unit_labels(dataset, units);
    // remaining[l]: items with label l in the units not assigned yet.
    std::vector<std::int64_t> remaining(labels.label_count, 0);
    for (std::size_t e = 0; e < labels.labels.size(); ++e) remaining[labels.labels[e]] += labels.items[e];
    Wants wants = initial_wants(labels, remaining, targets);

    Random random(seed);
    const std::vector<std::uint32_t> order = shuffled_units(units, random);
    std::vector<std::vector<std::uint32_t>> units_with(labels.label_count);  // in shuffled order
    for (std::uint32_t u : order)
        for (std::uint32_t e = labels.offsets[u]; e < labels.offsets[u + 1]; ++e) units_with[labels.labels[e]].push_back(u);

    constexpr std::uint32_t unassigned = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> subsets(units.keys.size(), unassigned);
    const auto assign = [&](std::uint32_t u, std::uint32_t j) {
        subsets[u] = j;
        wants.items[j] -= static_cast<std::int64_t>(units.items[u].size());
        for (std::uint32_t e = labels.offsets[u]; e < labels.offsets[u + 1]; ++e) {
            wants.label_items[j * labels.label_count + labels.labels[e]] -= labels.items[e];
            remaining[labels.labels[e]] -= labels.items[e];
        }
    };
    while (const auto label = rarest_label(remaining)) {
        for (std::uint32_t u : units_with[*label])
            if (subsets[u] == unassigned)
                assign(u, choose_subset(wants, *label, static_cast<std::int64_t>(units.items[u].size()), random));
    }
    for (std::uint32_t u : order)
        if (subsets[u] == unassigned) assign(u, subset_with_most_room(wants));
    return subsets;
}

// ---------------------------------------------------------------------------------------
// Tries

// How far an assignment's item counts are from the targets: the sum of the absolute differences.
std::size_t count_deviation(const SplitUnits& units, const std::vector<std::uint32_t>& subsets,
                            const std::vector<std::size_t>& targets) {
    std::vector<std::size_t> counts(targets.size(), 0);
    for (std::size_t u = 0; u < subsets.size(); ++u) counts[subsets[u]] += units.items[u].size();
    std::size_t deviation = 0;
    for (std::size_t j = 0; j < targets.size(); ++j)
        deviation += counts[j] > targets[j] ? counts[j] - targets[j] : targets[j] - counts[j];
    return deviation;
}

// Groups cannot always meet the targets, and how near a greedy assignment comes depends on the
// order it meets the units in: a small group first can take the room a large one needed (groups
// of 4 and 8 for 8/4 gave 12/0 or 4/8). So the assignment is made with the seed, then, unless it
// meets the targets, with up to split_tries - 1 seeds derived from it, and the one nearest the
// targets (count_deviation; ties: the earliest) is kept. Units of one item meet them at once.
template <class Assign>
std::vector<std::uint32_t> closest_of_tries(const SplitUnits& units, const std::vector<std::size_t>& targets,
                                            std::uint64_t seed, Assign assign) {
    std::vector<std::uint32_t> best = assign(seed);
    std::size_t best_deviation = count_deviation(units, best, targets);
    for (std::uint64_t t = 1; t < split_tries && best_deviation > 0; ++t) {
        std::uint64_t derived = seed ^ (t * 0x9E3779B97F4A7C15ULL);  // seed + t would repeat seed + 1's tries
        std::vector<std::uint32_t> tried = assign(Random::splitmix64(derived));
        const std::size_t deviation = count_deviation(units, tried, targets);
        if (deviation < best_deviation) {
            best = std::move(tried);
            best_deviation = deviation;
        }
    }
    return best;
}

// ---------------------------------------------------------------------------------------
// hash

std::vector<std::uint32_t> assign_hash(const SplitUnits& units, const std::vector<double>& ratios, std::uint64_t seed) {
    const double sum = std::accumulate(ratios.begin(), ratios.end(), 0.0);
    std::vector<double> cumulative(ratios.size());
    double running = 0;
    for (std::size_t j = 0; j < ratios.size(); ++j) cumulative[j] = (running += ratios[j]) / sum;
    // A fraction at or above the last cumulative ratio (rounding) goes to the last subset
    // that takes any.
    std::uint32_t last = 0;
    for (std::uint32_t j = 0; j < ratios.size(); ++j)
        if (ratios[j] > 0) last = j;

    std::vector<std::uint32_t> subsets(units.keys.size());
    for (std::size_t u = 0; u < units.keys.size(); ++u) {
        const double fraction = hash_fraction(units.keys[u], seed);
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), fraction);
        subsets[u] = it == cumulative.end() ? last : static_cast<std::uint32_t>(it - cumulative.begin());
    }
    return subsets;
}

}  // namespace

std::string split_group_key(const std::string& value) { return "group:" + value; }

SplitUnits units_by_item(const Dataset& dataset) {
    UnitCollector units;
    for (std::uint32_t i = 0; i < dataset.items.size(); ++i) units.add_alone(dataset.items[i].path, i, false);
    return units.take();
}

SplitUnits units_by_path_pattern(const Dataset& dataset, const std::string& pattern) {
    const std::unique_ptr<RE2> expression = compile(pattern);
    UnitCollector units;
    for (std::uint32_t i = 0; i < dataset.items.size(); ++i) {
        const std::string& path = dataset.items[i].path;
        if (const auto group = group_of(*expression, path))
            units.add_to_group(*group, i);
        else
            units.add_alone(path, i, true);
    }
    return units.take();
}

SplitUnits units_by_attribute(const Dataset& dataset, const std::string& name) {
    const AnnotationsByItem by_item(dataset);
    UnitCollector units;
    for (std::uint32_t i = 0; i < dataset.items.size(); ++i) {
        if (const auto value = attribute_of(dataset, by_item, i, name))
            units.add_to_group(*value, i);
        else
            units.add_alone(dataset.items[i].path, i, true);
    }
    return units.take();
}

SplitUnits units_by_sequence(const Dataset& dataset) {
    UnitCollector units;
    for (std::uint32_t i = 0; i < dataset.items.size(); ++i) {
        if (!dataset.items[i].sequence.empty())
            units.add_to_group(dataset.items[i].sequence, i);
        else
            units.add_alone(dataset.items[i].path, i, true);
    }
    return units.take();
}

std::vector<std::size_t> split_item_counts(const SplitTargets& targets, std::size_t items) {
    if (targets.ratios.empty() == targets.counts.empty())
        throw Error("a split needs either ratios or counts for its subsets (exactly one of the two, at least one subset)");
    if (!targets.ratios.empty()) {
        check_ratios(targets.ratios);
        return largest_remainder(targets.ratios, items);
    }
    const std::size_t sum = std::accumulate(targets.counts.begin(), targets.counts.end(), std::size_t{0});
    if (sum != items) throw Error(fmt::format("split counts sum to {}, but there are {} items", sum, items));
    return targets.counts;
}

std::vector<std::uint32_t> assign_subsets(const Dataset& dataset, const SplitUnits& units,
                                          const SplitTargets& targets, SplitStrategy strategy, std::uint64_t seed) {
    if (strategy == SplitStrategy::hash && targets.ratios.empty() && !targets.counts.empty())
        throw Error("hash assigns by ratios; use --ratios");
    const std::vector<std::size_t> counts = split_item_counts(targets, item_total(units));
    switch (strategy) {
        case SplitStrategy::random:
            return closest_of_tries(units, counts, seed, [&](std::uint64_t s) { return assign_random(units, counts, s); });
        case SplitStrategy::stratified:
            return closest_of_tries(units, counts, seed,
                                    [&](std::uint64_t s) { return assign_stratified(dataset, units, counts, s); });
        case SplitStrategy::hash: return assign_hash(units, targets.ratios, seed);
    }
    return {};
}

std::vector<std::uint32_t> assign_folds(const Dataset& dataset, const SplitUnits& units, std::size_t k,
                                        SplitStrategy strategy, std::uint64_t seed) {
    if (k < 2 || k > units.keys.size())
        throw Error(fmt::format("{} folds: k must be at least 2 and at most the number of units ({})", k,
                                units.keys.size()));
    SplitTargets targets;
    targets.ratios.assign(k, 1.0 / static_cast<double>(k));
    return assign_subsets(dataset, units, targets, strategy, seed);
}

double hash_fraction(const std::string& key, std::uint64_t seed) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits
    for (unsigned char c : key) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    std::uint64_t mixed = hash ^ Random::splitmix64(seed);
    return static_cast<double>(Random::splitmix64(mixed) >> 11) * 0x1.0p-53;
}

}  // namespace labelkit
