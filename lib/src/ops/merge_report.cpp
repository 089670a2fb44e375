// The merge report as JSON (schemas/merge-report.schema.json).
#include <cmath>

#include <fmt/format.h>

#include "labelkit/ops/merge.hpp"

namespace labelkit {

namespace {

using nlohmann::json;

json group_json(const GroupNote& note) {
    json group{{"class", note.category}, {"annotators", note.annotators}};
    if (!note.votes.empty()) {
        json votes = json::object();
        for (const auto& [name, count] : note.votes) votes[name] = count;
        group["votes"] = votes;
    }
    return group;
}

json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(); }

// [true][given] as {"true class": {"given class": probability}}.
json confusion_json(const std::vector<double>& matrix, const std::vector<std::string>& classes) {
    json rows = json::object();
    for (std::size_t truth = 0; truth < classes.size(); ++truth) {
        json row = json::object();
        for (std::size_t given = 0; given < classes.size(); ++given)
            row[classes[given]] = matrix[truth * classes.size() + given];
        rows[classes[truth]] = row;
    }
    return rows;
}

}  // namespace

nlohmann::json label_aggregation_json(const LabelAggregation& aggregation, const AnnotatorWeights& weights) {
    const Aggregation& result = aggregation.result;
    json annotators = json::array();
    for (std::size_t a = 0; a < aggregation.annotators.size(); ++a) {
        json annotator{{"name", aggregation.annotators[a]},
                       {"judgments", result.judgments[a]},
                       {"skill", number_or_null(result.skills[a])}};
        if (!aggregation.weights.empty()) annotator["weight"] = aggregation.weights[a];
        if (result.method == AggregationMethod::ds) annotator["confusion"] = confusion_json(result.confusion[a], aggregation.classes);
        annotators.push_back(annotator);
    }
    std::size_t labelled = 0;
    for (const ItemAggregate& item : result.items) labelled += item.label != ItemAggregate::no_label;
    json report{{"method", to_string(result.method)},
                {"weights", weights.trust ? json("trust") : weights.file.empty() ? json() : json(weights.file.string())},
                {"classes", aggregation.classes},
                {"tie_rule", "the tied class that sorts first: by value when every class is a number, else by name"},
                {"items", result.items.size()},
                {"labelled", labelled},
                {"ties", result.ties},
                {"items_without_labels", aggregation.items_without_labels}};
    if (result.method == AggregationMethod::ds) {
        json priors = json::object();
        for (std::size_t c = 0; c < aggregation.classes.size(); ++c) priors[aggregation.classes[c]] = result.priors[c];
        report["iterations"] = result.iterations;
        report["converged"] = result.converged;
        report["priors"] = priors;
    }
    report["annotators"] = annotators;
    return report;
}

nlohmann::json union_report_json(const UnionSummary& summary) {
    json inputs = json::array();
    for (const UnionInputSummary& in : summary.inputs)
        inputs.push_back({{"input", in.input},
                          {"items", in.items},
                          {"annotations", in.annotations},
                          {"shared_items", in.shared_items},
                          {"duplicates", in.duplicates},
                          {"dropped_by_label_map", in.dropped_by_label_map},
                          {"dropped_by_conflict", in.dropped_by_conflict},
                          {"labels", in.labels},
                          {"region_labels_dropped", in.region_labels_dropped}});
    json categories = json::array();
    for (const MergedCategory& c : summary.categories)
        categories.push_back({{"id", c.id}, {"name", c.name}, {"sources", c.sources}});
    json conflicts = json::array();
    for (const ImageConflict& c : summary.conflicts)
        conflicts.push_back({{"path", c.path},
                             {"first", {{"input", c.first_input}, {"width", c.first_width}, {"height", c.first_height}}},
                             {"second", {{"input", c.second_input}, {"width", c.second_width}, {"height", c.second_height}}},
                             {"resolution", c.resolution}});
    return {{"mode", "union"},
            {"inputs", inputs},
            {"categories", categories},
            {"conflicts", conflicts},
            {"unused_label_map_entries", summary.unused_label_map_entries}};
}

nlohmann::json consensus_report_json(const ConsensusSummary& summary, const ConsensusOptions& options) {
    json annotators = json::array();
    for (std::size_t a = 0; a < summary.annotators.size(); ++a)
        annotators.push_back({{"name", summary.annotators[a]},
                              {"shapes", summary.shapes[a]},
                              {"unmatched", summary.unmatched[a]}});
    json images = json::array();
    for (const ImageConsensus& image : summary.per_image) {
        json below = json::array(), split = json::array();
        for (const GroupNote& note : image.below_quorum) below.push_back(group_json(note));
        for (const GroupNote& note : image.split_votes) split.push_back(group_json(note));
        images.push_back({{"image", image.image}, {"annotators", image.annotators},
                          {"below_quorum", below}, {"split_votes", split}});
    }
    return {{"mode", "consensus"},
            {"iou_threshold", options.iou_threshold},
            {"quorum", options.quorum.to_string()},
            {"fuse", to_string(options.fuse)},
            {"class_agnostic", options.class_agnostic},
            {"images", summary.images},
            {"groups", summary.groups},
            {"kept", summary.kept},
            {"below_quorum", summary.below_quorum},
            {"split_votes", summary.split_votes},
            {"shapes_without_majority_region", summary.shapes_without_majority_region},
            {"shapes_too_large_to_vote", summary.shapes_too_large_to_vote},
            {"keypoints_dropped", summary.keypoints_dropped},
            {"labels_kept", summary.labels_kept},
            {"labels_below_quorum", summary.labels_below_quorum},
            {"tracks", summary.tracks},
            {"annotators", annotators},
            {"per_image", images}};
}

}  // namespace labelkit
