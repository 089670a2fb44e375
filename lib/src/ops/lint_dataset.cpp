// Identity checks (ids, file names, subsets) and dataset-level statistics, and lint_dataset.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/io.hpp"
#include "ops/lint_context.hpp"

namespace labelkit::lint_checks {

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

// Two records of the same image: by the image file found, or by the path when not found.
std::string image_key(const Item& item) { return item.image_file.empty() ? item.path : item.image_file; }

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
        if (added) continue;
        const std::uint32_t earlier = it->second;  // clang 14 cannot capture a structured binding
        context.report("dataset/duplicate-annotation-id", [&] {
            return fmt::format("annotation id {} is also used at {}", a.id, context.annotation_location(earlier).to_string());
        }, context.annotation_location(i));
    }
}

void report_identical_subsets(const Context& context) {
    for (const IdenticalSubsets& pair : context.overlap.identical)
        context.report("dataset/identical-subsets", [&] {
            return fmt::format("subsets '{}' and '{}' hold the same {} image{} (one folder or list named for both): "
                               "a model validated on its training images says nothing of how it generalises",
                               pair.first, pair.second, pair.images, pair.images == 1 ? "" : "s");
        }, {});
}

// How a finding names an earlier record: in the same file by its JSON pointer or line alone (the
// finding's own location already names the file).
std::string earlier_record(const Location& earlier, const Location& here) {
    if (earlier.path != here.path) return "the record at " + earlier.to_string();
    const std::string line = earlier.line > 0 ? fmt::format(" on line {}", earlier.line) : "";
    if (!earlier.json_pointer.empty()) return "record " + earlier.json_pointer + line;
    return line.empty() ? "an earlier record" : "the record" + line;
}

void check_file_names(const Context& context) {
    if (context.enabled("dataset/identical-subsets")) report_identical_subsets(context);
    const auto& items = context.dataset.items;
    if (context.enabled("dataset/duplicate-file-name"))
        for (const auto& pair : context.overlap.same_subset) {
            const std::uint32_t earlier = pair.first, i = pair.second;  // clang 14 cannot capture a structured binding
            context.report("dataset/duplicate-file-name", [&] {
                return fmt::format("image '{}' is also the image of {}", items[i].path,
                                   earlier_record(context.item_location(earlier), context.item_location(i)));
            }, context.item_location(i));
        }
    if (!context.enabled("dataset/subset-leakage")) return;
    for (const auto& pair : context.overlap.other_subset) {
        const std::uint32_t earlier = pair.first, i = pair.second;
        if (context.repeated(i)) continue;  // said once, as identical subsets
        context.report("dataset/subset-leakage", [&] {
            return fmt::format("image '{}' is in subset '{}' and also in '{}', as {}", items[i].path, items[i].subset,
                               items[earlier].subset,
                               earlier_record(context.item_location(earlier), context.item_location(i)));
        }, context.item_location(i));
    }
}

std::vector<std::size_t> count_per_category(const Context& context) {
    std::vector<std::size_t> counts(context.dataset.categories.size(), 0);
    for (const Annotation& a : context.dataset.annotations)
        if (!context.repeated(a.item)) ++counts[a.category];
    for (const Label& label : context.dataset.labels)  // classifications use their class too
        if (label.category != no_index && !context.repeated(label.item)) ++counts[label.category];
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
    // Among the classes in use; a dataset without categories (a valid, empty COCO file) has none.
    std::optional<std::size_t> most_used, least_used;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        if (counts[c] == 0) continue;
        if (!most_used || counts[c] > counts[*most_used]) most_used = c;
        if (!least_used || counts[c] < counts[*least_used]) least_used = c;
    }
    if (!least_used) return;
    const std::size_t most = *most_used, least = *least_used;
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
    for (const Label& label : context.dataset.labels) annotated[label.item] = true;
    for (std::size_t i = 0; i < annotated.size(); ++i)
        if (!annotated[i] && !context.repeated(i))
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
    // Boxes of images of unknown size are in normalised units (YOLO without its image): left out.
    const auto counts = [&](const Annotation& a) {
        const Item& item = context.dataset.items[a.item];
        return has_size(a.box) && item.width > 0 && item.height > 0 && !context.repeated(a.item);
    };
    std::vector<LogAreaStats> stats(context.dataset.categories.size());
    for (const Annotation& a : annotations)
        if (counts(a)) stats[a.category].add(std::log(a.box.width * a.box.height));
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const Annotation& a = annotations[i];
        const LogAreaStats& s = stats[a.category];
        if (!counts(a) || s.count < std::max<std::size_t>(min_count, 2) || s.deviation() <= 0) continue;
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

SubsetOverlap find_subset_overlap(const Dataset& dataset) {
    SubsetOverlap overlap;
    std::unordered_map<std::string, std::uint32_t> first;  // image -> first item
    const auto& items = dataset.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto [it, added] = first.emplace(image_key(items[i]), static_cast<std::uint32_t>(i));
        if (added) continue;
        auto& pairs = items[it->second].subset == items[i].subset ? overlap.same_subset : overlap.other_subset;
        pairs.emplace_back(it->second, static_cast<std::uint32_t>(i));
    }
    std::map<std::string, std::size_t> size;
    for (const Item& item : items) ++size[item.subset];
    std::map<std::pair<std::string, std::string>, std::size_t> shared;
    for (const auto& [earlier, later] : overlap.other_subset) ++shared[{items[earlier].subset, items[later].subset}];
    overlap.repeated.assign(items.size(), false);
    for (const auto& [pair, count] : shared) {
        if (count != size[pair.first] || count != size[pair.second]) continue;
        overlap.identical.push_back({pair.first, pair.second, count});
        for (const auto& [earlier, later] : overlap.other_subset)
            if (items[earlier].subset == pair.first && items[later].subset == pair.second) overlap.repeated[later] = true;
    }
    return overlap;
}

void check_identity(const Context& context) {
    check_annotation_ids(context);
    check_file_names(context);
}

void check_statistics(const Context& context) {
    check_categories(context, count_per_category(context));
    check_empty_images(context);
    check_box_sizes(context);
}

}  // namespace labelkit::lint_checks

namespace labelkit {

void lint_dataset(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink) {
    const lint_checks::Context context(dataset, format, config, sink, lint_checks::find_subset_overlap(dataset));
    lint_checks::check_identity(context);
    lint_checks::check_geometry(context);
    lint_checks::check_duplicates(context);
    lint_checks::check_statistics(context);
}

}  // namespace labelkit
