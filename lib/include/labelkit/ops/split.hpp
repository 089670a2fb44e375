#pragma once
// `labelkit split`: reproducible train/val/test splits (or k folds) of a dataset's items,
// keeping groups together and classes balanced. Pure: assigns subsets, touches no files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

enum class SplitStrategy { random, stratified, hash };
const char* to_string(SplitStrategy strategy);
std::optional<SplitStrategy> parse_split_strategy(const std::string& text);

// The units a split moves: every item is in exactly one unit, and a unit's items always land
// in the same subset. Without grouping each item is its own unit, keyed by its path.
struct SplitUnits {
    std::vector<std::string> keys;                     // per unit: the group key (or the path)
    std::vector<std::vector<std::uint32_t>> items;     // per unit: item indices, ascending
    std::size_t ungrouped = 0;  // items the grouping did not apply to (each its own unit)
};

// Each item its own unit (`ungrouped` stays 0: no grouping was asked for).
SplitUnits units_by_item(const Dataset& dataset);
// Items whose path matches the regular expression (ECMAScript, searched anywhere in the
// relative path) share the unit of its first capture group (or of the whole match when it
// has none). Items it does not match, or matches with an empty (or non-participating) group,
// are their own units. Throws labelkit::Error for an invalid expression.
SplitUnits units_by_path_pattern(const Dataset& dataset, const std::string& pattern);
// Items share the unit of the value of an attribute: the item's own field (Item::extra, e.g.
// a COCO image's "video_id"), else the attribute of its annotations when they all agree.
// Values are compared as text: a string as is, anything else as its JSON (so 3 and "3" are one
// group); null counts as absent. Items without a value are their own units.
SplitUnits units_by_attribute(const Dataset& dataset, const std::string& name);

// The key of the unit of a group value: "group:" + value, so that it cannot be an ungrouped
// item's key (its path) unless that path starts with "group:".
std::string split_group_key(const std::string& value);

// How much of the data each subset gets: ratios (summing to 1 within 1e-6) or exact item
// counts (summing to the number of items). The subset of each unit.
struct SplitTargets {
    std::vector<double> ratios;       // one per subset, or empty
    std::vector<std::size_t> counts;  // one per subset, or empty
};

// The item target of each subset: the counts as given, or the ratios' shares of `items` by the
// largest remainder method (ties to the earlier subset). Throws labelkit::Error unless exactly
// one of ratios and counts is given, ratios are finite, >= 0 and sum to 1 within 1e-6, and
// counts sum to `items`.
std::vector<std::size_t> split_item_counts(const SplitTargets& targets, std::size_t items);

// Every strategy is deterministic for a seed and independent of the items' order:
//   random: units sorted by key, shuffled with labelkit's own generator (random.hpp), then
//     filled in order up to each subset's item target (largest remainder of ratio x items); a
//     group that overflows its subset stays in it, and the next subset starts;
//   stratified: iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011) over the
//     classes present in each unit, rarest class first, each unit going to the subset that
//     most lacks its class (then the one that most lacks items; then at random, with the
//     seed), chosen among the subsets with room for the whole unit (or, if none has, those
//     with the most room), which keeps counts exact without groups; units without objects
//     then go, in shuffled order, to the subset that most lacks items (ties: the first);
//   hash: a unit's subset depends only on its key and the seed (a 64-bit hash of both mapped
//     to [0, 1) and compared with the cumulative ratios), so adding items never moves the
//     ones already assigned. Exact counts are not possible: targets must be ratios.
// Returns the subset index of every unit. Throws labelkit::Error for invalid targets.
std::vector<std::uint32_t> assign_subsets(const Dataset& dataset, const SplitUnits& units,
                                          const SplitTargets& targets, SplitStrategy strategy, std::uint64_t seed);

// K folds of equal size (ratios 1/k) by the same strategies: the fold (0..k-1) of every unit.
// Throws labelkit::Error unless 2 <= k <= the number of units.
std::vector<std::uint32_t> assign_folds(const Dataset& dataset, const SplitUnits& units, std::size_t k,
                                        SplitStrategy strategy, std::uint64_t seed);

// The stable hash of a key under a seed, as a fraction in [0, 1) (what hash uses): FNV-1a
// (64 bits) of the key's bytes, xor splitmix64(seed), mixed by splitmix64 once more; its top
// 53 bits / 2^53. Fixed for good: changing it would move every hash split made so far.
double hash_fraction(const std::string& key, std::uint64_t seed);

}  // namespace labelkit
