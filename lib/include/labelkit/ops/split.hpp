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

// Each item its own unit.
SplitUnits units_by_item(const Dataset& dataset);
// Items whose path matches the regular expression (ECMAScript, searched anywhere in the
// relative path) share the unit of its first capture group (or of the whole match when it
// has none). Throws labelkit::Error for an invalid expression.
SplitUnits units_by_path_pattern(const Dataset& dataset, const std::string& pattern);
// Items share the unit of the value of an attribute: the item's own field (Item::extra, e.g.
// a COCO image's "video_id"), else the attribute of its annotations when they all agree.
SplitUnits units_by_attribute(const Dataset& dataset, const std::string& name);

// How much of the data each subset gets: ratios (summing to 1 within 1e-6) or exact item
// counts (summing to the number of items). The subset of each unit.
struct SplitTargets {
    std::vector<double> ratios;       // one per subset, or empty
    std::vector<std::size_t> counts;  // one per subset, or empty
};

// Every strategy is deterministic for a seed and independent of the items' order:
//   random: units sorted by key, shuffled with labelkit's own generator (random.hpp), then
//     filled in order up to each subset's item target (largest remainder of ratio x items);
//   stratified: iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011) over the
//     classes present in each unit, rarest class first, each unit going to the subset that
//     most lacks its class (then the one that most lacks items; then at random); units
//     without objects then go to the subsets that most lack items;
//   hash: a unit's subset depends only on its key and the seed (a 64-bit hash of both mapped
//     to [0, 1) and compared with the cumulative ratios), so adding items never moves the
//     ones already assigned. Exact counts are not possible: targets must be ratios.
// Returns the subset index of every unit. Throws labelkit::Error for invalid targets.
std::vector<std::uint32_t> assign_subsets(const Dataset& dataset, const SplitUnits& units,
                                          const SplitTargets& targets, SplitStrategy strategy, std::uint64_t seed);

// K folds of equal size by the same strategies: the fold (0..k-1) of every unit.
std::vector<std::uint32_t> assign_folds(const Dataset& dataset, const SplitUnits& units, std::size_t k,
                                        SplitStrategy strategy, std::uint64_t seed);

// The stable hash of a key under a seed, as a fraction in [0, 1) (what hash uses).
double hash_fraction(const std::string& key, std::uint64_t seed);

}  // namespace labelkit
