#pragma once
// `labelkit split`: reproducible train/val/test splits (or k folds) of a dataset's items,
// keeping groups together and classes balanced. The parts are pure (they assign subsets);
// split() is the whole operation, files included.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/ops/split_summary.hpp"

namespace labelkit {

enum class SplitStrategy { random, stratified, hash };
template <>
struct EnumTable<SplitStrategy> {
    static constexpr EnumName<SplitStrategy> entries[] = {{SplitStrategy::random, "random"},
                                                          {SplitStrategy::stratified, "stratified"},
                                                          {SplitStrategy::hash, "hash"}};
};

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
// Frames of one video sequence (Item::sequence: a MOT sequence, a CVAT video task) share a
// unit; items without a sequence are their own units.
SplitUnits units_by_sequence(const Dataset& dataset);

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
// Groups cannot always meet the targets, and random and stratified come nearer or less near
// depending on the order they meet the units in: when the seed's assignment misses the item
// targets, up to split_tries - 1 seeds derived from it are tried too, and the assignment nearest
// the targets (sum of absolute differences of the item counts; ties: the earliest) is kept.
// Returns the subset index of every unit. Throws labelkit::Error for invalid targets.
constexpr std::uint64_t split_tries = 16;
std::vector<std::uint32_t> assign_subsets(const Dataset& dataset, const SplitUnits& units,
                                          const SplitTargets& targets, SplitStrategy strategy, std::uint64_t seed);

// K folds of equal size (ratios 1/k) by the same strategies: the fold (0..k-1) of every unit.
// Throws labelkit::Error unless 2 <= k <= the number of units.
std::vector<std::uint32_t> assign_folds(const Dataset& dataset, const SplitUnits& units, std::size_t k,
                                        SplitStrategy strategy, std::uint64_t seed);

// The operation: read a dataset, split it, write it with its subsets (or one folder per fold).
struct SplitOptions {
    std::filesystem::path input;   // a file or folder
    std::filesystem::path output;  // a folder
    std::string to;                // the output format's name
    std::string from;              // the input format's name; "" to detect it
    ReadOptions read;              // --image-root, --image-size, --voc-coordinates
    std::vector<double> ratios;       // shares of the images per subset; with counts empty: 0.8, 0.1, 0.1
    std::vector<std::size_t> counts;  // exact numbers of images per subset, instead of ratios
    std::vector<std::string> names;   // subset names; default train, val, test
    SplitStrategy strategy = SplitStrategy::stratified;
    // Keep images together: a regex on the path (its first group is the key), attribute:NAME,
    // sequence, or item (each image on its own). Empty: sequence when items are video frames
    // (Item::sequence), else item.
    std::string group_by;
    std::uint64_t seed = 1;
    std::size_t kfold = 0;  // 2 or more: k folds fold_1..fold_k, each with train and val, instead
    bool json = false;      // SplitResult::rendered as JSON, not text
    std::optional<ImageMode> images;  // empty: the target's default
    bool overwrite = false;           // replace an existing output
};

struct SplitResult {
    SplitSummary summary;  // per subset (or fold): items, annotations, classes, requested and achieved shares
    nlohmann::json json;   // the summary with strategy, seed and group_by, as `--json` prints it
    std::string rendered;  // the summary as text or JSON (options.json), as the CLI prints it
    // The dataset as written (its subsets those of the last fold with kfold), moved out of the operation: for a caller that goes on with it, and
    // for a command that ends right after and leaves its memory to the OS (freeing a million
    // annotations takes tenths of a second).
    Dataset dataset;
};

// Images without a group key, empty subsets and classes absent from a subset are warnings in
// sink. Throws labelkit::Error for bad options, input it cannot read and outputs it may not write.
SplitResult split(const SplitOptions& options, DiagnosticSink& sink);

// The stable hash of a key under a seed, as a fraction in [0, 1) (what hash uses): FNV-1a
// (64 bits) of the key's bytes, xor splitmix64(seed), mixed by splitmix64 once more; its top
// 53 bits / 2^53. Fixed for good: changing it would move every hash split made so far.
double hash_fraction(const std::string& key, std::uint64_t seed);

}  // namespace labelkit
