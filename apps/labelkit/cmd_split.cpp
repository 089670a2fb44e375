// labelkit split INPUT -o OUTPUT --to FORMAT: train/val/test subsets (or k folds) that keep
// groups together and classes balanced, written in the target format, with a summary.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "dataset_input.hpp"
#include "dataset_output.hpp"
#include "labelkit/error.hpp"
#include "labelkit/output.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/split.hpp"
#include "labelkit/ops/split_summary.hpp"

namespace labelkit::cli {

namespace {

struct SplitOptions {
    std::string input;
    std::string output;
    std::string to;
    std::string from;
    std::vector<double> ratios;
    std::vector<std::size_t> counts;
    std::vector<std::string> names;
    std::string strategy = "stratified";
    std::string group_by;
    std::uint64_t seed = 1;
    std::size_t kfold = 0;
    bool json = false;
    std::string images;
    InputOptions input_options;
    bool overwrite = false;
};

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

SplitUnits make_units(const Dataset& dataset, const std::string& group_by, DiagnosticSink& sink) {
    if (group_by.empty()) return units_by_item(dataset);
    const bool by_attribute = group_by.starts_with("attribute:");
    SplitUnits units = by_attribute ? units_by_attribute(dataset, group_by.substr(10))
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

void report_summary(const SplitSummary& summary, const SplitOptions& options, DiagnosticSink& sink) {
    for (const SubsetSummary& subset : summary.subsets)
        if (subset.items == 0 && summary.items > 0)
            sink.warn("split/empty-subset", fmt::format("subset '{}' has no image (of {})", subset.name, summary.items));
    for (const auto& [category, subset] : summary.absent)
        sink.warn("split/class-absent", fmt::format("class '{}' has no image in '{}'", category, subset));
    if (options.json) {
        nlohmann::json document = split_summary_json(summary);
        document["strategy"] = options.strategy;
        document["seed"] = options.seed;
        document["group_by"] = options.group_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.group_by);
        fmt::print("{}\n", document.dump(2));
    } else {
        fmt::print("{}", split_summary_text(summary));
    }
}

int write_folds(Dataset& dataset, const SplitUnits& units, const SplitOptions& options, SplitStrategy strategy,
                const Format& target, DiagnosticSink& sink) {
    const std::vector<std::uint32_t> fold_of_item =
        per_item(units, assign_folds(dataset, units, options.kfold, strategy, options.seed), dataset.items.size());
    const OutputPath requested{options.output, options.overwrite, {options.input}};
    AtomicOutput output({options.output, OutputKind::directory, options.overwrite, read_paths(dataset, requested)}, sink);
    DiagnosticSink shown([&](const Diagnostic& diagnostic) { sink.report(output.for_user(diagnostic)); });
    std::vector<std::uint32_t> subset_of_item(dataset.items.size());
    DiagnosticSink repeats;  // every fold holds the same data: the writer's messages are said once
    try {
        for (std::size_t fold = 0; fold < options.kfold; ++fold) {
            for (std::size_t i = 0; i < dataset.items.size(); ++i) subset_of_item[i] = fold_of_item[i] == fold ? 1 : 0;
            set_subsets(dataset, subset_of_item, {"train", "val"});
            write_dataset(dataset, target, {(output.path() / fmt::format("fold_{}", fold + 1)).string(), false, {}},
                          write_options(image_mode_for(options.images, target), options.input_options),
                          fold == 0 ? shown : repeats);
        }
    } catch (const Error& error) {
        throw output.for_user(error);  // fold_1/... under the user's path, not the temporary
    }
    output.commit();
    std::vector<std::string> names;
    for (std::size_t fold = 0; fold < options.kfold; ++fold) names.push_back(fmt::format("fold_{}", fold + 1));
    report_summary(summarize_split(dataset, fold_of_item, names, std::vector<double>(options.kfold, 1.0 / options.kfold)),
                   options, sink);
    return 0;
}

int run_split(const SplitOptions& options, const Console& console) {
    const std::optional<SplitStrategy> strategy = parse_split_strategy(options.strategy);
    if (!strategy) throw Error(fmt::format("unknown --strategy '{}': random, stratified or hash", options.strategy));
    const SplitTargets targets = targets_of(options);
    const std::size_t subsets = options.kfold ? 2 : std::max(targets.ratios.size(), targets.counts.size());
    const std::vector<std::string> names = options.kfold ? std::vector<std::string>{"train", "val"} : subset_names(options, subsets);
    const std::vector<Format> formats = all_formats();
    const Format& target = find_format(formats, options.to);
    if (!target.write) throw Error(fmt::format("labelkit cannot write {}", target.name));
    if (writes_single_file(target, options.output))
        throw Error(fmt::format("{}: a split writes a file per subset: give a directory", options.output));

    DiagnosticSink sink = console.make_sink();
    Dataset dataset = load_dataset(formats, options.input, options.from, read_options(options.input_options), sink).dataset;
    const SplitUnits units = make_units(dataset, options.group_by, sink);
    if (options.kfold) {
        adapt_to_target(dataset, target, {}, sink);
        return write_folds(dataset, units, options, *strategy, target, sink);
    }
    const std::vector<std::uint32_t> subset_of_item =
        per_item(units, assign_subsets(dataset, units, targets, *strategy, options.seed), dataset.items.size());
    std::vector<double> requested = targets.ratios;
    for (std::size_t count : targets.counts)
        requested.push_back(dataset.items.empty() ? 0.0 : static_cast<double>(count) / static_cast<double>(dataset.items.size()));
    const SplitSummary summary = summarize_split(dataset, subset_of_item, names, requested);
    set_subsets(dataset, subset_of_item, names);
    adapt_to_target(dataset, target, {}, sink);
    write_dataset(dataset, target, {options.output, options.overwrite, {options.input}},
                  write_options(image_mode_for(options.images, target), options.input_options), sink);
    report_summary(summary, options, sink);
    static_cast<void>(new Dataset(std::move(dataset)));  // freed by the OS at exit (see convert)
    return 0;
}

}  // namespace

void add_split_command(CLI::App& app, Console& console, Action& action) {
    auto options = std::make_shared<SplitOptions>();
    CLI::App* command = app.add_subcommand("split", "split a dataset into train/val/test (or k folds), reproducibly");
    command->add_option("input", options->input, "dataset to split (file or directory)")->required();
    command->add_option("-o,--output", options->output, "where to write the split dataset (a directory)")->required();
    command->add_option("--to", options->to, "format of the output (see `labelkit formats`)")->required();
    command->add_option("--from", options->from, "format of the input (detected when left out)");
    command->add_option("--ratios", options->ratios, "shares of the images per subset, e.g. 0.8,0.1,0.1 (the default)")
        ->delimiter(',');
    command->add_option("--counts", options->counts, "exact numbers of images per subset, e.g. 8000,1000,1000")
        ->delimiter(',');
    command->add_option("--names", options->names, "subset names (default train,val,test)")->delimiter(',');
    command->add_option("--strategy", options->strategy, "stratified (default), random or hash")
        ->check(CLI::IsMember({"random", "stratified", "hash"}));
    command->add_option("--group-by", options->group_by,
                        "keep images together: a regex on the path (its first group is the key), or attribute:NAME");
    add_seed_option(*command, options->seed, "seed of the split (default 1)");
    command->add_option("--kfold", options->kfold, "write K folds (fold_1..fold_K, each with train and val) instead")
        ->check(CLI::Range(std::size_t{2}, std::size_t{1000000}));
    command->add_flag("--json", options->json, "print the summary as JSON");
    command->add_option("--images", options->images, "what to do with image files: copy, link or none")
        ->check(CLI::IsMember({"copy", "link", "none"}));
    add_input_options(*command, options->input_options);
    command->add_flag("--overwrite", options->overwrite, "replace OUTPUT if it exists");
    command->callback([&console, &action, options] {
        action = [&console, options](std::size_t jobs) {
            options->input_options.jobs = jobs;
            return run_split(*options, console);
        };
    });
}

}  // namespace labelkit::cli
