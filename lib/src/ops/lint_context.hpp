#pragma once
// What every lint check needs: the dataset, where its elements came from, the configuration,
// and a sink that only takes findings of enabled rules.
#include <string>

#include "labelkit/ops/lint.hpp"

namespace labelkit::lint_checks {

struct IdenticalSubsets {
    std::string first, second;
    std::size_t images = 0;
};

// Images recorded twice: in one subset, or in two (leakage), and subsets of the very same images
// (data.yaml naming one folder for train and val, as Ultralytics' own coco128.yaml does).
struct SubsetOverlap {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> same_subset;   // (first item, later item)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> other_subset;  // (first item, later item)
    std::vector<IdenticalSubsets> identical;
    std::vector<bool> repeated;  // by item: the later copy of an image of identical subsets
};
SubsetOverlap find_subset_overlap(const Dataset& dataset);  // lint_dataset.cpp

class Context {
public:
    Context(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink,
            SubsetOverlap overlap = {})
        : dataset(dataset), format(format), config(config), overlap(std::move(overlap)), sink_(sink) {}

    const Dataset& dataset;
    const Format& format;
    const LintConfig& config;
    const SubsetOverlap overlap;

    // An item of identical subsets that repeats an earlier one: its findings are said once, for
    // the earlier.
    bool repeated(std::size_t item) const { return item < overlap.repeated.size() && overlap.repeated[item]; }

    bool enabled(std::string_view rule) const { return config.enabled(rule); }
    double parameter(std::string_view rule, std::string_view name) const { return config.parameter(rule, name); }

    // Builds the message only when the sink can keep the finding (see DiagnosticSink::claim).
    template <typename MakeMessage>
    void report(std::string_view rule, MakeMessage&& make_message, const Location& where) const {
        if (!sink_.claim(rule)) return;
        sink_.report({std::string(rule), config.severity(rule), make_message(), where});
    }

    Location annotation_location(std::size_t annotation) const;
    // The item's record, or its image file when it has no record of its own (a YOLO image
    // without a label file).
    Location item_location(std::size_t item) const;
    // "path/of/image.jpg" for messages.
    const std::string& image_name(std::size_t item) const { return dataset.items[item].path; }

private:
    DiagnosticSink& sink_;
};

void check_geometry(const Context& context);     // lint_geometry.cpp
void check_duplicates(const Context& context);   // lint_duplicates.cpp: duplicates and near duplicates per image

// For each of the given annotations (of one image), the position in the list of an earlier one of
// the same annotator it repeats (same_class_and_geometry within tolerance), or UINT32_MAX.
std::vector<std::uint32_t> find_repeats(const Dataset& dataset, std::span<const std::uint32_t> annotations,
                                        double tolerance);
void check_identity(const Context& context);     // lint_dataset.cpp
void check_statistics(const Context& context);   // lint_dataset.cpp

}  // namespace labelkit::lint_checks
