// The split operation: read, assign subsets (or folds), write, and sum up what each subset got.
#include <algorithm>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/split.hpp"
#include "labelkit/progress.hpp"
#include "ops/dataset_output.hpp"

namespace labelkit {

namespace {

SplitTargets targets_of(const SplitOptions& options) {
    if (!options.ratios.empty() && !options.counts.empty()) throw Error("give --ratios or --counts, not both");
    if (options.kfold && (!options.ratios.empty() || !options.counts.empty()))
        throw Error("--kfold makes k equal folds: leave out --ratios and --counts");
    SplitTargets targets{options.ratios, options.counts};
    if (targets.ratios.empty() && targets.counts.empty()) targets.ratios = {0.8, 0.1, 0.1};
    return targets;
}

std::vector<std::string> subset_names(const SplitOptions& options, std::size_t subsets) {
    if (options.names.empty()) {
        const std::vector<std::string> defaults = {"train", "val", "test"};
        if (subsets > defaults.size()) throw Error(fmt::format("{} subsets need --names", subsets));
        return {defaults.begin(), defaults.begin() + static_cast<std::ptrdiff_t>(subsets)};
    }
    if (options.names.size() != subsets)
        throw Error(fmt::format("--names gives {} names for {} subsets", options.names.size(), subsets));
    for (std::size_t i = 0; i < options.names.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (options.names[i] == options.names[j]) throw Error(fmt::format("--names lists '{}' twice", options.names[i]));
    return options.names;
}

// The grouping asked for; for a video source (items with Item::sequence) without one, the
// sequence, so that near-identical frames of one video never land in two subsets.
struct Grouping {
    std::string group_by;  // "" or "item": each item its own unit
    bool by_default = false;
};

Grouping grouping_of(const std::string& group_by, const Dataset& dataset) {
    if (!group_by.empty()) return {group_by, false};
    const bool video = std::any_of(dataset.items.begin(), dataset.items.end(),
                                   [](const Item& item) { return !item.sequence.empty(); });
    return video ? Grouping{"sequence", true} : Grouping{};
}

SplitUnits make_units(const Dataset& dataset, const std::string& group_by, DiagnosticSink& sink) {
    if (group_by.empty() || group_by == "item") return units_by_item(dataset);
    const std::string attribute_prefix = "attribute:";
    SplitUnits units = group_by == "sequence"                ? units_by_sequence(dataset)
                       : group_by.starts_with(attribute_prefix) ? units_by_attribute(dataset, group_by.substr(attribute_prefix.size()))
                                                                : units_by_path_pattern(dataset, group_by);
    if (units.ungrouped > 0)
        sink.warn("split/ungrouped", fmt::format("{} of {} images have no group key for --group-by '{}': each is "
                                                 "a group of its own", units.ungrouped, dataset.items.size(), group_by));
    return units;
}

std::vector<std::uint32_t> per_item(const SplitUnits& units, const std::vector<std::uint32_t>& of_unit, std::size_t items) {
    std::vector<std::uint32_t> of_item(items, 0);
    for (std::size_t u = 0; u < units.items.size(); ++u)
        for (std::uint32_t item : units.items[u]) of_item[item] = of_unit[u];
    return of_item;
}

void set_subsets(Dataset& dataset, const std::vector<std::uint32_t>& subset_of_item, const std::vector<std::string>& names) {
    dataset.subsets = names;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) dataset.items[i].subset = names[subset_of_item[i]];
}

SplitResult sum_up(SplitSummary summary, Dataset dataset, const SplitOptions& options, const Grouping& grouping,
                   std::size_t units, DiagnosticSink& sink) {
    for (const SubsetSummary& subset : summary.subsets)
        if (subset.items == 0 && summary.items > 0)
            sink.warn("split/empty-subset", fmt::format("subset '{}' has no image (of {})", subset.name, summary.items));
    for (const auto& [category, subset] : summary.absent)
        sink.warn("split/class-absent", fmt::format("class '{}' has no image in '{}'", category, subset));
    SplitResult result;
    result.json = split_summary_json(summary);
    result.json["strategy"] = to_string(options.strategy);
    result.json["seed"] = options.seed;
    result.json["group_by"] = grouping.group_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(grouping.group_by);
    result.json["group_by_default"] = grouping.by_default;
    result.json["groups"] = units;
    std::string text;
    if (grouping.by_default)
        text = fmt::format("frames of one video sequence kept together ({} sequences; --group-by item splits frame by "
                           "frame)\n\n", units);
    result.rendered = options.json ? result.json.dump(2) + "\n" : text + split_summary_text(summary);
    result.summary = std::move(summary);
    result.dataset = std::move(dataset);
    return result;
}

// The dataset with its subsets set, into `folder`: as one dataset, or, for a format that does not
// store subsets (MOT, LabelMe, ...), a folder per subset (<folder>/<subset>/) of that subset's items.
void write_subsets(const Dataset& dataset, const std::filesystem::path& folder, const SplitOptions& options,
                   const Format& target, DiagnosticSink& sink) {
    const WriteOptions write = write_options(options.images, target, options.read);
    if (target.stores.subsets) {
        write_dataset(dataset, target, {folder, false, {}}, write, sink);
        return;
    }
    std::filesystem::create_directories(folder);  // inside the output being made (a fold_N)
    for (const std::string& subset : dataset.subsets) {
        Dataset part = dataset;
        std::vector<bool> drop(part.items.size());
        for (std::size_t i = 0; i < drop.size(); ++i) drop[i] = part.items[i].subset != subset;
        erase_items(part, drop);
        if (!part.items.empty()) write_dataset(part, target, {folder / subset, false, {}}, write, sink);
    }
}

// The split, all put in place at once.
void write_split(const Dataset& dataset, const SplitOptions& options, const Format& target, DiagnosticSink& sink) {
    const OutputPath requested{options.output, options.overwrite, {options.input}};
    AtomicOutput output({options.output, OutputKind::directory, options.overwrite, read_paths(dataset, requested)}, sink);
    DiagnosticSink shown([&](const Diagnostic& diagnostic) { sink.report(output.for_user(diagnostic)); });
    try {
        write_subsets(dataset, output.path(), options, target, shown);
    } catch (const Error& error) {
        throw output.for_user(error);  // train/... under the user's path, not the temporary
    }
    output.commit();
}

// Every fold is a folder fold_N with the subsets train and val, all in one output put in place at once.
SplitResult write_folds(Dataset& dataset, const SplitUnits& units, const SplitOptions& options, const Grouping& grouping,
                        const Format& target, DiagnosticSink& sink) {
    const std::vector<std::uint32_t> fold_of_item =
        per_item(units, assign_folds(dataset, units, options.kfold, options.strategy, options.seed), dataset.items.size());
    const OutputPath requested{options.output, options.overwrite, {options.input}};
    AtomicOutput output({options.output, OutputKind::directory, options.overwrite, read_paths(dataset, requested)}, sink);
    DiagnosticSink shown([&](const Diagnostic& diagnostic) { sink.report(output.for_user(diagnostic)); });
    std::vector<std::uint32_t> subset_of_item(dataset.items.size());
    DiagnosticSink repeats;  // every fold holds the same data: the writer's messages are said once
    std::vector<std::string> names;
    for (std::size_t fold = 0; fold < options.kfold; ++fold) names.push_back(fmt::format("fold_{}", fold + 1));
    try {
        for (std::size_t fold = 0; fold < options.kfold; ++fold) {
            for (std::size_t i = 0; i < dataset.items.size(); ++i) subset_of_item[i] = fold_of_item[i] == fold ? 1 : 0;
            set_subsets(dataset, subset_of_item, {"train", "val"});
            write_subsets(dataset, output.path() / names[fold], options, target, fold == 0 ? shown : repeats);
        }
    } catch (const Error& error) {
        throw output.for_user(error);  // fold_1/... under the user's path, not the temporary
    }
    output.commit();
    const std::vector<double> requested_shares(options.kfold, 1.0 / static_cast<double>(options.kfold));
    SplitSummary summary = summarize_split(dataset, fold_of_item, names, requested_shares);
    return sum_up(std::move(summary), std::move(dataset), options, grouping, units.items.size(), sink);
}

}  // namespace

SplitResult split(const SplitOptions& options, DiagnosticSink& sink) {
    const SplitTargets targets = targets_of(options);
    // Checked before anything is read. Folds are named by write_folds.
    const std::vector<std::string> names =
        options.kfold ? std::vector<std::string>{}
                      : subset_names(options, std::max(targets.ratios.size(), targets.counts.size()));
    const std::vector<Format> formats = all_formats();
    const Format& target = writable_format(formats, options.to);
    if (writes_single_file(target, options.output))
        throw Error(fmt::format("{}: a split writes a file per subset: give a directory", options.output.string()));

    Dataset dataset = load_dataset(formats, options.input, options.from, options.read, sink).dataset;
    drop_media_items(dataset, target, sink);  // before the units hold item indices
    Grouping grouping = grouping_of(options.group_by, dataset);
    SplitUnits units = make_units(dataset, grouping.group_by, sink);
    const std::size_t subsets = options.kfold ? options.kfold : names.size();
    if (grouping.by_default && units.items.size() < subsets) {
        sink.warn("split/frames-split",
                  fmt::format("{} video sequence{} cannot fill {} {}: frames are split one by one, so frames of one "
                              "video are in several subsets (near-duplicates across them); --group-by sequence keeps "
                              "them together and leaves subsets empty",
                              units.items.size(), units.items.size() == 1 ? "" : "s", subsets,
                              options.kfold ? "folds" : "subsets"));
        grouping = Grouping{};
        units = units_by_item(dataset);
    }
    if (options.kfold) {
        adapt_to_target(dataset, target, {}, sink);
        return write_folds(dataset, units, options, grouping, target, sink);
    }
    std::vector<std::uint32_t> subset_of_item;
    {
        const ProgressPhase assigning(options.read.progress, "assigning subsets");
        subset_of_item = per_item(units, assign_subsets(dataset, units, targets, options.strategy, options.seed),
                                  dataset.items.size());
    }
    std::vector<double> requested = targets.ratios;
    for (std::size_t count : targets.counts)
        requested.push_back(dataset.items.empty() ? 0.0 : static_cast<double>(count) / static_cast<double>(dataset.items.size()));
    SplitSummary summary = summarize_split(dataset, subset_of_item, names, requested);
    set_subsets(dataset, subset_of_item, names);
    adapt_to_target(dataset, target, {}, sink);
    if (target.stores.subsets)
        write_dataset(dataset, target, {options.output, options.overwrite, {options.input}},
                      write_options(options.images, target, options.read), sink);
    else
        write_split(dataset, options, target, sink);
    return sum_up(std::move(summary), std::move(dataset), options, grouping, units.items.size(), sink);
}

}  // namespace labelkit
