// Identity checks (ids, file names, subsets) and dataset-level statistics, and lint_dataset.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/io.hpp"
#include "ops/lint_context.hpp"

namespace labelkit::lint {

Location Context::annotation_location(std::size_t annotation) const {
    return locate(format, dataset, dataset.annotations[annotation].origin, OriginKind::annotation);
}

Location Context::item_location(std::size_t item) const {
    const Item& record = dataset.items[item];
    Location where = locate(format, dataset, record.origin, OriginKind::item);
    if (where.path.empty()) where.path = record.image_file.empty() ? record.path : record.image_file;
    return where;
}

namespace {

void check_annotation_ids(const Context& context) {
    if (!context.enabled("dataset/duplicate-annotation-id")) return;
    std::unordered_map<std::int64_t, std::uint32_t> first;
    std::uint32_t file = Origin::no_file;
    const auto& annotations = context.dataset.annotations;
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const Annotation& a = annotations[i];
        if (a.id == no_id) continue;
        if (a.origin.file != file) {  // ids are unique per file (COCO: per subset file)
            file = a.origin.file;
            first.clear();
        }
        const auto [it, added] = first.emplace(a.id, static_cast<std::uint32_t>(i));
        const std::uint32_t first_index = it->second;  // clang 14 cannot capture a structured binding
        if (!added)
            context.report("dataset/duplicate-annotation-id", [&] { return std::string(fmt::format("annotation id {} is also used at {}", a.id,
                                       context.annotation_location(first_index).to_string())); },
                           context.annotation_location(i));
    }
}

// Two records of the same image: by the image file found, or by the path when not found.
std::string image_key(const Item& item) { return item.image_file.empty() ? item.path : item.image_file; }

// Subsets that hold exactly the same images (data.yaml naming one folder for train and val, as
// Ultralytics' own coco128.yaml does) are one finding, not one per image.
std::set<std::pair<std::string, std::string>> report_identical_subsets(
    const Context& context, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& shared) {
    std::map<std::string, std::size_t> size;
    for (const Item& item : context.dataset.items) ++size[item.subset];
    std::map<std::pair<std::string, std::string>, std::size_t> pairs;
    for (const auto& [first, later] : shared)
        ++pairs[{context.dataset.items[first].subset, context.dataset.items[later].subset}];
    std::set<std::pair<std::string, std::string>> identical;
    for (const auto& pair_count : pairs) {
        const auto& pair = pair_count.first;  // not a structured binding: the lambda below captures it
        const std::size_t count = pair_count.second;
        if (pair.first == pair.second || count != size[pair.first] || count != size[pair.second]) continue;
        identical.insert(pair);
        context.report("dataset/identical-subsets", [&] {
            return fmt::format("subsets '{}' and '{}' hold the same {} image{} (one folder or list named for both): "
                               "a model validated on its training images says nothing of how it generalises",
                               pair.first, pair.second, count, count == 1 ? "" : "s");
        }, {});
    }
    return identical;
}

void check_file_names(const Context& context) {
    const bool names = context.enabled("dataset/duplicate-file-name");
    const bool leakage = context.enabled("dataset/subset-leakage");
    if (!names && !leakage && !context.enabled("dataset/identical-subsets")) return;
    std::unordered_map<std::string, std::uint32_t> first;  // image -> first item
    std::vector<std::pair<std::uint32_t, std::uint32_t>> in_two_subsets;  // (first item, later item)
    const auto& items = context.dataset.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto [it, added] = first.emplace(image_key(items[i]), static_cast<std::uint32_t>(i));
        if (added) continue;
        const std::uint32_t earlier_index = it->second;  // clang 14 cannot capture a structured binding
        const Item& earlier = items[earlier_index];
        if (earlier.subset == items[i].subset && names)
            context.report("dataset/duplicate-file-name", [&] { return std::string(fmt::format("image '{}' is also the image of the record at {}", items[i].path,
                                       context.item_location(earlier_index).to_string())); },
                           context.item_location(i));
        else if (earlier.subset != items[i].subset)
            in_two_subsets.emplace_back(earlier_index, static_cast<std::uint32_t>(i));
    }
    const auto identical = context.enabled("dataset/identical-subsets")
                               ? report_identical_subsets(context, in_two_subsets)
                               : std::set<std::pair<std::string, std::string>>{};
    if (!leakage) return;
    for (const auto& shared : in_two_subsets) {
        const std::uint32_t earlier_index = shared.first, i = shared.second;  // captured below: no structured binding
        const Item& earlier = items[earlier_index];
        if (identical.contains({earlier.subset, items[i].subset})) continue;
        context.report("dataset/subset-leakage", [&] { return std::string(fmt::format("image '{}' is in subset '{}' and also in '{}', at {}", items[i].path,
                                   items[i].subset, earlier.subset, context.item_location(earlier_index).to_string())); },
                       context.item_location(i));
    }
}

std::vector<std::size_t> count_per_category(const Dataset& dataset) {
    std::vector<std::size_t> counts(dataset.categories.size(), 0);
    for (const Annotation& a : dataset.annotations) ++counts[a.category];
    return counts;
}

// VOC labelmaps (Datumaro, CVAT) declare class 0 "background", which no object uses.
bool is_voc_background(const Category& category) { return category.id == 0 && category.name == "background"; }

void check_categories(const Context& context, const std::vector<std::size_t>& counts) {
    const auto& categories = context.dataset.categories;
    const std::optional<std::uint32_t> placeholder = roboflow_placeholder(context.dataset);
    if (context.enabled("dataset/unused-category"))
        for (std::size_t c = 0; c < categories.size(); ++c)
            if (counts[c] == 0 && !is_voc_background(categories[c]) && placeholder != c)
                context.report("dataset/unused-category", [&] { return std::string(fmt::format("category '{}' (id {}) has no annotations", categories[c].name, categories[c].id)); },
                               {});
    if (!context.enabled("dataset/class-imbalance")) return;
    std::size_t most = 0, least = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        if (counts[c] == 0) continue;
        if (counts[c] > counts[most] || counts[most] == 0) most = c;
        if (counts[c] < counts[least] || counts[least] == 0) least = c;
    }
    if (counts[least] == 0) return;
    const double ratio = static_cast<double>(counts[most]) / static_cast<double>(counts[least]);
    if (ratio > context.parameter("dataset/class-imbalance", "ratio"))
        context.report("dataset/class-imbalance", [&] { return std::string(fmt::format("'{}' has {} annotations, {:.0f} times the {} of '{}'", categories[most].name,
                                   counts[most], ratio, counts[least], categories[least].name)); },
                       {});
}

void check_empty_images(const Context& context) {
    if (!context.enabled("dataset/image-without-annotations")) return;
    std::vector<bool> annotated(context.dataset.items.size(), false);
    for (const Annotation& a : context.dataset.annotations) annotated[a.item] = true;
    for (std::size_t i = 0; i < annotated.size(); ++i)
        if (!annotated[i])
            context.report("dataset/image-without-annotations", [&] { return std::string(fmt::format("image '{}' has no annotations", context.image_name(i))); }, context.item_location(i));
}

struct LogAreaStats {
    std::size_t count = 0;
    double sum = 0;
    double sum_of_squares = 0;
    void add(double value) {
        ++count;
        sum += value;
        sum_of_squares += value * value;
    }
    double mean() const { return sum / static_cast<double>(count); }
    double deviation() const {
        return std::sqrt(std::max(0.0, sum_of_squares / static_cast<double>(count) - mean() * mean()));
    }
};

bool has_size(const Box& box) { return box.width > 0 && box.height > 0 && std::isfinite(box.width * box.height); }

void check_box_sizes(const Context& context) {
    if (!context.enabled("dataset/box-size-outlier")) return;
    const double sigma = context.parameter("dataset/box-size-outlier", "sigma");
    const auto min_count = static_cast<std::size_t>(context.parameter("dataset/box-size-outlier", "min_count"));
    const auto& annotations = context.dataset.annotations;
    std::vector<LogAreaStats> stats(context.dataset.categories.size());
    for (const Annotation& a : annotations)
        if (has_size(a.box)) stats[a.category].add(std::log(a.box.width * a.box.height));
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const Annotation& a = annotations[i];
        const LogAreaStats& s = stats[a.category];
        if (!has_size(a.box) || s.count < std::max<std::size_t>(min_count, 2) || s.deviation() <= 0) continue;
        const double z = (std::log(a.box.width * a.box.height) - s.mean()) / s.deviation();
        if (std::abs(z) > sigma)
            context.report("dataset/box-size-outlier", [&] { return std::string(fmt::format("'{}' box of {} px² is {:.1f} standard deviations {} the class's typical {} px² "
                                       "(log-area, {} boxes)",
                                       context.dataset.categories[a.category].name,
                                       format_number(std::round(a.box.width * a.box.height)), std::abs(z),
                                       z > 0 ? "above" : "below", format_number(std::round(std::exp(s.mean()))), s.count)); },
                           context.annotation_location(i));
    }
}

}  // namespace

void check_identity(const Context& context) {
    check_annotation_ids(context);
    check_file_names(context);
}

void check_statistics(const Context& context) {
    check_categories(context, count_per_category(context.dataset));
    check_empty_images(context);
    check_box_sizes(context);
}

}  // namespace labelkit::lint

namespace labelkit {

void lint_dataset(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink) {
    const lint::Context context(dataset, format, config, sink);
    lint::check_identity(context);
    lint::check_geometry(context);
    lint::check_duplicates(context);
    lint::check_statistics(context);
}

}  // namespace labelkit
