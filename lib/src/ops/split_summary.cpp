#include "labelkit/ops/split_summary.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace labelkit {

double SplitSummary::achieved(std::size_t subset) const {
    return items ? static_cast<double>(subsets[subset].items) / static_cast<double>(items) : 0.0;
}

SplitSummary summarize_split(const Dataset& dataset, const std::vector<std::uint32_t>& subset_of_item,
                             const std::vector<std::string>& names, const std::vector<double>& requested) {
    const std::size_t classes = dataset.categories.size();
    SplitSummary summary;
    for (const Category& category : dataset.categories) summary.categories.push_back(category.name);
    summary.class_items.assign(classes, 0);
    summary.items = dataset.items.size();
    for (std::size_t s = 0; s < names.size(); ++s)
        summary.subsets.push_back({names[s], requested[s], 0, 0, std::vector<std::size_t>(classes, 0),
                                   std::vector<std::size_t>(classes, 0)});
    for (std::uint32_t subset : subset_of_item) ++summary.subsets[subset].items;
    for (const Annotation& annotation : dataset.annotations) {
        SubsetSummary& subset = summary.subsets[subset_of_item[annotation.item]];
        ++subset.annotations;
        ++subset.class_annotations[annotation.category];
    }

    // An item has a class when a shape or a class label of it has it.
    const ItemClasses item_classes(dataset);
    std::vector<bool> seen(classes);
    for (std::size_t item = 0; item < dataset.items.size(); ++item) {
        SubsetSummary& subset = summary.subsets[subset_of_item[item]];
        std::fill(seen.begin(), seen.end(), false);
        for (std::uint32_t category : item_classes.of(item)) {
            if (seen[category]) continue;
            seen[category] = true;
            ++subset.class_items[category];
            ++summary.class_items[category];
        }
    }
    for (std::size_t c = 0; c < classes; ++c)
        for (const SubsetSummary& subset : summary.subsets)
            if (summary.class_items[c] > 0 && subset.class_items[c] == 0)
                summary.absent.emplace_back(summary.categories[c], subset.name);
    return summary;
}

std::string split_summary_text(const SplitSummary& summary) {
    std::size_t width = 5;
    for (const std::string& name : summary.categories) width = std::max(width, name.size());
    std::string out = fmt::format("{:<{}}  {:>9}  {:>9}  {:>8}  {:>11}\n", "subset", width, "items", "requested",
                                  "achieved", "annotations");
    for (std::size_t s = 0; s < summary.subsets.size(); ++s) {
        const SubsetSummary& subset = summary.subsets[s];
        out += fmt::format("{:<{}}  {:>9}  {:>9.4f}  {:>8.4f}  {:>11}\n", subset.name, width, subset.items,
                           subset.requested, summary.achieved(s), subset.annotations);
    }
    out += fmt::format("\n{:<{}}", "images with the class", width);
    for (const SubsetSummary& subset : summary.subsets) out += fmt::format("  {:>9}", subset.name);
    out += "  (share of the class's images)\n";
    for (std::size_t c = 0; c < summary.categories.size(); ++c) {
        if (summary.class_items[c] == 0) continue;
        out += fmt::format("{:<{}}", summary.categories[c], width);
        for (const SubsetSummary& subset : summary.subsets)
            out += fmt::format("  {:>9}", fmt::format("{} ({:.2f})", subset.class_items[c],
                                                      static_cast<double>(subset.class_items[c]) /
                                                          static_cast<double>(summary.class_items[c])));
        out += "\n";
    }
    return out;
}

nlohmann::json split_summary_json(const SplitSummary& summary) {
    nlohmann::json subsets = nlohmann::json::array();
    for (std::size_t s = 0; s < summary.subsets.size(); ++s) {
        const SubsetSummary& subset = summary.subsets[s];
        nlohmann::json classes = nlohmann::json::object();
        for (std::size_t c = 0; c < summary.categories.size(); ++c)
            if (summary.class_items[c] > 0)
                classes[summary.categories[c]] = {{"items", subset.class_items[c]},
                                                  {"annotations", subset.class_annotations[c]}};
        subsets.push_back({{"name", subset.name},
                           {"items", subset.items},
                           {"annotations", subset.annotations},
                           {"requested_ratio", subset.requested},
                           {"achieved_ratio", summary.achieved(s)},
                           {"classes", classes}});
    }
    nlohmann::json absent = nlohmann::json::array();
    for (const auto& [category, subset] : summary.absent) absent.push_back({{"class", category}, {"subset", subset}});
    return {{"items", summary.items}, {"subsets", subsets}, {"absent", absent}};
}

}  // namespace labelkit
