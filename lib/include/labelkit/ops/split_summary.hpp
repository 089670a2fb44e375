#pragma once
// What a split gave each subset: items, annotations and classes, with the achieved share of
// the items beside the requested one, and every class a subset lacks.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/model.hpp"

namespace labelkit {

struct SubsetSummary {
    std::string name;
    double requested = 0;  // share of the items asked for
    std::size_t items = 0;
    std::size_t annotations = 0;
    std::vector<std::size_t> class_items;        // per category: items with at least one
    std::vector<std::size_t> class_annotations;  // per category
};

struct SplitSummary {
    std::vector<std::string> categories;
    std::vector<std::size_t> class_items;  // per category, over all subsets
    std::size_t items = 0;
    std::vector<SubsetSummary> subsets;
    std::vector<std::pair<std::string, std::string>> absent;  // (class, subset): a used class missing there

    double achieved(std::size_t subset) const;
};

// subset_of_item: the subset index of every item; requested: the share asked of each subset.
SplitSummary summarize_split(const Dataset& dataset, const std::vector<std::uint32_t>& subset_of_item,
                             const std::vector<std::string>& names, const std::vector<double>& requested);

std::string split_summary_text(const SplitSummary& summary);
nlohmann::json split_summary_json(const SplitSummary& summary);

}  // namespace labelkit
