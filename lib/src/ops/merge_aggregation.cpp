// merge --mode consensus --method: the items' class labels aggregated into one class per item.
#include <algorithm>
#include <numeric>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/csv.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/merge.hpp"
#include "ops/consensus_table.hpp"

namespace labelkit {

namespace {

std::vector<std::uint32_t> sorted_unique(std::vector<std::uint32_t> labels) {
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    return labels;
}

[[noreturn]] void refuse_multi_label(const AlignedAnnotators& annotators, std::size_t annotator, std::size_t item,
                                     const std::vector<std::uint32_t>& labels) {
    std::vector<std::string> names;
    for (const std::uint32_t c : labels) names.push_back(annotators.categories()[c]);
    throw Error(fmt::format("--method aggregates one class per item, but {} gave '{}' {} classes ({}): leave --method out "
                            "to vote each class of multi-label items with the quorum",
                            annotators.annotators()[annotator], annotators.items()[item], labels.size(),
                            shorten(fmt::format("{}", fmt::join(names, ", ")), 300)));
}

std::map<std::string, double> read_weight_file(const std::filesystem::path& file) {
    const std::string text = read_text_file(file);
    CsvReader reader(text, file, "merge/weights");
    std::vector<std::string> header, fields;
    if (!reader.next(header))
        throw Error("the weights file is empty: it needs a header row with the columns annotator and weight",
                    {file.string(), 1}, "merge/weights");
    const auto name_column = find_column(header, "annotator", file, "merge/weights");
    const auto weight_column = find_column(header, "weight", file, "merge/weights");
    if (!name_column || !weight_column)
        throw Error("the weights file needs the columns annotator and weight", {file.string(), 1}, "merge/weights");
    std::map<std::string, double> weights;
    while (reader.next(fields)) {
        const Location where{file.string(), reader.line()};
        if (fields.size() != header.size())
            throw Error(fmt::format("{} fields where the header has {}", fields.size(), header.size()), where, "merge/weights");
        const std::optional<double> weight = parse_double(fields[*weight_column]);
        if (!weight || !std::isfinite(*weight) || *weight <= 0)
            throw Error(fmt::format("the weight '{}' is not a positive number", shorten(fields[*weight_column])), where,
                        "merge/weights");
        if (!weights.emplace(fields[*name_column], *weight).second)
            throw Error(fmt::format("annotator '{}' is given a weight twice", shorten(fields[*name_column])), where,
                        "merge/weights");
    }
    return weights;
}

std::vector<double> trust_weights(const AlignedAnnotators& annotators) {
    std::vector<double> weights;
    for (std::size_t a = 0; a < annotators.annotators().size(); ++a) {
        const std::vector<Annotator>& who = annotators.dataset(a).annotators;
        if (who.size() != 1 || !who.front().trust || !(*who.front().trust > 0))
            throw Error(fmt::format("--weights trust takes each crowd worker's trust (the _trust column of an Appen "
                                    "report); annotator '{}' has {}: give --weights FILE (annotator,weight) instead",
                                    annotators.annotators()[a],
                                    who.size() == 1 && who.front().trust ? fmt::format("trust {}", *who.front().trust)
                                                                          : std::string("none")));
        weights.push_back(*who.front().trust);
    }
    return weights;
}

}  // namespace

LabelJudgments item_label_judgments(const AlignedAnnotators& annotators, std::vector<std::string>& classes) {
    const std::size_t count = annotators.annotators().size();
    std::vector<std::uint32_t> position(annotators.categories().size(), ItemAggregate::no_label);
    LabelJudgments judgments;
    judgments.annotators = count;
    judgments.item_start.reserve(annotators.items().size() + 1);
    for (std::size_t item = 0; item < annotators.items().size(); ++item) {
        for (std::size_t a = 0; a < count; ++a) {
            const std::vector<std::uint32_t> labels = sorted_unique(annotators.item_labels(a, item));
            if (labels.empty()) continue;
            if (labels.size() > 1) refuse_multi_label(annotators, a, item, labels);
            judgments.annotator.push_back(static_cast<std::uint32_t>(a));
            judgments.label.push_back(labels.front());
        }
        judgments.item_start.push_back(static_cast<std::uint32_t>(judgments.label.size()));
    }
    // Classes anyone used, in category order.
    for (const std::uint32_t c : judgments.label) position[c] = 0;
    for (std::uint32_t c = 0; c < position.size(); ++c)
        if (position[c] != ItemAggregate::no_label) {
            position[c] = static_cast<std::uint32_t>(classes.size());
            classes.push_back(annotators.categories()[c]);
        }
    for (std::uint32_t& label : judgments.label) label = position[label];
    judgments.classes = classes;
    return judgments;
}

std::vector<double> file_weights(const std::vector<std::string>& annotators, const std::filesystem::path& file,
                                 DiagnosticSink& sink) {
    std::map<std::string, double> given = read_weight_file(file);
    std::vector<double> result;
    for (const std::string& name : annotators) {
        const auto found = given.find(name);
        if (found == given.end())
            throw Error(fmt::format("the weights file gives annotator '{}' no weight", name), {file.string()},
                        "merge/weights");
        result.push_back(found->second);
        given.erase(found);
    }
    if (!given.empty())
        sink.warn("merge/unused-weights",
                  fmt::format("{} annotators of the weights file are not among the annotators merged (first: '{}')",
                              given.size(), given.begin()->first),
                  {file.string()});
    return result;
}

std::vector<double> annotator_weights(const AlignedAnnotators& annotators, const AnnotatorWeights& weights,
                                      DiagnosticSink& sink) {
    if (weights.trust) return trust_weights(annotators);
    return file_weights(annotators.annotators(), weights.file, sink);
}

LabelAggregation aggregate_table_labels(const RatingTable& table, const AggregationOptions& options) {
    std::vector<std::uint32_t> order(table.items.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return table.items[a] < table.items[b]; });
    LabelJudgments judgments;
    judgments.annotators = table.annotators.size();
    judgments.classes = table.labels;
    judgments.item_start.reserve(order.size() + 1);
    LabelAggregation aggregation;
    aggregation.items.reserve(order.size());
    for (const std::uint32_t item : order) {
        for (std::uint32_t a = 0; a < table.annotators.size(); ++a) {
            const std::int32_t label = table.at(item, a);
            if (label == RatingTable::missing) continue;
            judgments.annotator.push_back(a);
            judgments.label.push_back(static_cast<std::uint32_t>(label));
        }
        judgments.item_start.push_back(static_cast<std::uint32_t>(judgments.label.size()));
        aggregation.items.push_back(table.items[item]);
    }
    if (judgments.size() == 0) throw Error("--method aggregates class labels, and the table has none");
    aggregation.result = aggregate(judgments, options);
    aggregation.classes = table.labels;
    aggregation.annotators = table.annotators;
    aggregation.weights = options.weights;
    for (const ItemAggregate& item : aggregation.result.items)
        aggregation.items_without_labels += item.label == ItemAggregate::no_label;
    return aggregation;
}

LabelAggregation aggregate_item_labels(const AlignedAnnotators& annotators, const AggregationOptions& options,
                                       Dataset& merged) {
    LabelAggregation aggregation;
    const LabelJudgments judgments = item_label_judgments(annotators, aggregation.classes);
    if (judgments.size() == 0)
        throw Error("--method aggregates class labels of whole items (image or text classification), and the inputs have "
                    "none");
    aggregation.result = aggregate(judgments, options);
    aggregation.items = annotators.items();
    aggregation.annotators = annotators.annotators();
    aggregation.weights = options.weights;
    std::vector<std::uint32_t> category;
    for (const std::string& name : aggregation.classes) category.push_back(*merged.find_category(name));
    for (std::size_t item = 0; item < judgments.items(); ++item) {
        const ItemAggregate& result = aggregation.result.items[item];
        if (result.label == ItemAggregate::no_label) {
            ++aggregation.items_without_labels;
            continue;
        }
        std::vector<std::string> who;
        for (std::uint32_t j = judgments.item_start[item]; j < judgments.item_start[item + 1]; ++j)
            who.push_back(aggregation.annotators[judgments.annotator[j]]);
        Label label;
        label.item = static_cast<std::uint32_t>(item);
        label.category = category[result.label];
        label.score = result.confidence;
        label.attributes = {{"method", to_string(options.method)}, {"annotators", who}, {"tie", result.tie}};
        merged.labels.push_back(std::move(label));
    }
    return aggregation;
}

std::string label_aggregation_table(const LabelAggregation& aggregation, const std::string& to) {
    ConsensusTable table;
    table.columns = {"item", "label", "confidence", "annotators", "tie"};
    table.rows.reserve(aggregation.items.size());
    for (std::size_t item = 0; item < aggregation.items.size(); ++item) {
        const ItemAggregate& result = aggregation.result.items[item];
        const bool labelled = result.label != ItemAggregate::no_label;
        table.rows.push_back({aggregation.items[item],
                              labelled ? TableCell(aggregation.classes[result.label]) : TableCell(),
                              labelled ? TableCell(result.confidence) : TableCell(),
                              TableCell(std::uint64_t{result.annotators}), TableCell(result.tie)});
    }
    return consensus_table_text(table, *consensus_table_format(to));
}

}  // namespace labelkit
