#include "labelkit/ops/spatial_agreement.hpp"

#include <algorithm>
#include <set>
#include <numeric>

#include <fmt/format.h>

#include "labelkit/ops/matching.hpp"

namespace labelkit {

std::optional<double> MatchCounts::f1() const {
    const std::size_t drawn = 2 * matched + only_a + only_b;
    if (drawn == 0) return std::nullopt;
    return 2.0 * static_cast<double>(matched) / static_cast<double>(drawn);
}

std::optional<double> MatchCounts::mean_iou() const {
    if (matched == 0) return std::nullopt;
    return iou_sum / static_cast<double>(matched);
}

void MatchCounts::add(const MatchCounts& other) {
    matched += other.matched;
    only_a += other.only_a;
    only_b += other.only_b;
    iou_sum += other.iou_sum;
}

namespace {

// Matches one pair on one image and adds the counts, overall and per class.
MatchCounts match_on_image(const std::vector<const Annotation*>& a, const std::vector<const Annotation*>& b,
                           double iou_threshold, SpatialPair& pair) {
    const std::vector<ShapeMatch> matches = match_shapes(a, b, iou_threshold, true);
    MatchCounts image;
    std::vector<bool> matched_b(b.size(), false);
    std::vector<bool> matched_a(a.size(), false);
    for (const ShapeMatch& match : matches) {
        matched_a[match.a] = matched_b[match.b] = true;
        MatchCounts& of_class = pair.per_class[a[match.a]->category];
        ++of_class.matched;
        of_class.iou_sum += match.iou;
        image.iou_sum += match.iou;
    }
    image.matched = matches.size();
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!matched_a[i]) ++pair.per_class[a[i]->category].only_a;
    for (std::size_t i = 0; i < b.size(); ++i)
        if (!matched_b[i]) ++pair.per_class[b[i]->category].only_b;
    image.only_a = a.size() - matches.size();
    image.only_b = b.size() - matches.size();
    pair.all.add(image);
    ++pair.items;
    return image;
}

// Pairs a < b in annotator order, as categorical_agreement lists them.
std::vector<SpatialPair> make_pairs(std::size_t annotators, std::size_t categories) {
    std::vector<SpatialPair> pairs;
    for (std::uint32_t a = 0; a < annotators; ++a)
        for (std::uint32_t b = a + 1; b < annotators; ++b)
            pairs.push_back({a, b, 0, {}, std::vector<MatchCounts>(categories)});
    return pairs;
}

std::vector<ImageAgreement> worst_images(std::vector<ImageAgreement> images, std::size_t limit) {
    limit = std::min(limit, images.size());
    std::partial_sort(images.begin(), images.begin() + static_cast<std::ptrdiff_t>(limit), images.end(),
                      [](const ImageAgreement& x, const ImageAgreement& y) {
                          return x.mean_f1 != y.mean_f1 ? x.mean_f1 < y.mean_f1 : x.item < y.item;
                      });
    images.resize(limit);
    return images;
}

void add_spatial_notes(SpatialReport& report, const std::vector<std::string>& names) {
    if (report.items == 0) report.notes.push_back("no image is in two annotators' datasets: nothing to compare");
    if (report.items > 0 && report.shapes == 0) report.notes.push_back("no annotator drew any shape: F1 is undefined");
    for (const SpatialPair& pair : report.pairs)
        if (pair.items == 0)
            report.notes.push_back(fmt::format("{} and {} share no image", names[pair.a], names[pair.b]));
    if (names.size() == 2)
        report.notes.push_back("with two annotators, neither is further from the other: the ranking is symmetric");
}

std::vector<std::uint32_t> all_items(const RatingTable& table) {
    std::vector<std::uint32_t> items(table.item_count());
    std::iota(items.begin(), items.end(), 0u);
    return items;
}

}  // namespace

SpatialReport spatial_agreement(const AlignedAnnotators& annotators, const SpatialOptions& options) {
    const std::size_t count = annotators.annotators().size();
    SpatialReport report;
    report.iou_threshold = options.iou_threshold;
    report.pairs = make_pairs(count, annotators.categories().size());
    std::vector<ImageAgreement> images;
    std::vector<std::vector<const Annotation*>> shapes(count);
    for (std::uint32_t item = 0; item < annotators.items().size(); ++item) {
        if (annotators.coverage(item) < 2) continue;
        ++report.items;
        for (std::size_t a = 0; a < count; ++a) {
            shapes[a] = annotators.shapes(a, item);
            report.shapes += shapes[a].size();
        }
        ImageAgreement image{item, 0, 0};
        for (SpatialPair& pair : report.pairs) {
            if (!annotators.has(pair.a, item) || !annotators.has(pair.b, item)) continue;
            const std::optional<double> f1 =
                match_on_image(shapes[pair.a], shapes[pair.b], options.iou_threshold, pair).f1();
            if (!f1) continue;
            image.mean_f1 += *f1;
            ++image.pairs;
        }
        if (image.pairs == 0) continue;
        image.mean_f1 /= static_cast<double>(image.pairs);
        images.push_back(image);
    }
    report.worst_images = worst_images(std::move(images), options.worst_images);
    std::vector<PairValue> f1s;
    for (const SpatialPair& pair : report.pairs) f1s.push_back({pair.a, pair.b, pair.all.f1()});
    report.annotators = rank_annotators(count, f1s);

    const RatingTable units = detection_units(annotators, options.iou_threshold);
    report.units = units.item_count();
    report.alpha = krippendorff_alpha(units, all_items(units), AlphaLevel::nominal);
    add_spatial_notes(report, annotators.annotators());
    return report;
}

std::vector<AnnotatorAgreement> rank_annotators(std::size_t annotators, const std::vector<PairValue>& pairs) {
    std::vector<double> sum(annotators, 0);
    std::vector<std::size_t> count(annotators, 0);
    for (const PairValue& pair : pairs) {
        if (!pair.value) continue;
        for (std::uint32_t who : {pair.a, pair.b}) {
            sum[who] += *pair.value;
            ++count[who];
        }
    }
    std::vector<AnnotatorAgreement> ranking;
    for (std::uint32_t a = 0; a < annotators; ++a)
        ranking.push_back({a, count[a] ? std::optional<double>(sum[a] / static_cast<double>(count[a])) : std::nullopt});
    std::stable_sort(ranking.begin(), ranking.end(), [](const AnnotatorAgreement& x, const AnnotatorAgreement& y) {
        return x.mean.has_value() && (!y.mean.has_value() || *x.mean < *y.mean);
    });
    return ranking;
}

RatingTable detection_units(const AlignedAnnotators& annotators, double iou_threshold) {
    const std::size_t count = annotators.annotators().size();
    RatingTable table;
    table.annotators = annotators.annotators();
    table.labels = annotators.categories();
    const auto absent_label = static_cast<std::int32_t>(table.labels.size());
    table.labels.push_back("(absent)");
    std::vector<std::vector<const Annotation*>> shapes(count);
    for (std::size_t item = 0; item < annotators.items().size(); ++item) {
        if (annotators.coverage(item) < 2) continue;
        for (std::size_t a = 0; a < count; ++a) shapes[a] = annotators.shapes(a, item);
        const auto groups = group_shapes(shapes, iou_threshold, false);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const std::size_t row = table.ratings.size();
            for (std::size_t a = 0; a < count; ++a)
                table.ratings.push_back(annotators.has(a, item) ? absent_label : RatingTable::missing);
            for (const GroupMember& member : groups[g])
                table.ratings[row + member.annotator] =
                    static_cast<std::int32_t>(shapes[member.annotator][member.shape]->category);
        }
    }
    return table;
}

RatingTable class_presence(const AlignedAnnotators& annotators) {
    const std::size_t count = annotators.annotators().size();
    const std::size_t classes = annotators.categories().size();
    std::vector<bool> used(classes, false);
    for (std::size_t a = 0; a < count; ++a)
        for (const Annotation& annotation : annotators.dataset(a).annotations) used[annotation.category] = true;

    RatingTable table;
    table.annotators = annotators.annotators();
    // absent < present: an order (and the numbers 0, 1), so that every statistic is defined.
    table.labels = {"absent", "present"};
    table.ordered = true;
    table.numeric_values = {0, 1};
    for (std::size_t item = 0; item < annotators.items().size(); ++item) {
        std::vector<std::vector<bool>> present(count);
        for (std::size_t a = 0; a < count; ++a) {
            present[a].assign(classes, false);
            for (const Annotation* shape : annotators.shapes(a, item)) present[a][shape->category] = true;
        }
        for (std::size_t c = 0; c < classes; ++c) {
            if (!used[c]) continue;
            for (std::size_t a = 0; a < count; ++a)
                table.ratings.push_back(annotators.has(a, item) ? std::int32_t{present[a][c]} : RatingTable::missing);
        }
    }
    return table;
}

namespace {

bool any_item_has_two_labels(const AlignedAnnotators& annotators) {
    for (std::size_t item = 0; item < annotators.items().size(); ++item)
        for (std::size_t a = 0; a < annotators.annotators().size(); ++a) {
            std::vector<std::uint32_t> labels = annotators.item_labels(a, item);
            std::sort(labels.begin(), labels.end());
            if (std::unique(labels.begin(), labels.end()) - labels.begin() > 1) return true;
        }
    return false;
}

// The classes item labels use, in category order: the domain of the labels' statistics (the
// classes of shapes are not answers to the item's question).
std::vector<std::uint32_t> item_label_classes(const AlignedAnnotators& annotators) {
    std::vector<bool> used(annotators.categories().size());
    for (std::size_t item = 0; item < annotators.items().size(); ++item)
        for (std::size_t a = 0; a < annotators.annotators().size(); ++a)
            for (const std::uint32_t c : annotators.item_labels(a, item)) used[c] = true;
    std::vector<std::uint32_t> classes;
    for (std::uint32_t c = 0; c < used.size(); ++c)
        if (used[c]) classes.push_back(c);
    return classes;
}

}  // namespace

ItemLabelTable item_label_table(const AlignedAnnotators& annotators) {
    const std::size_t count = annotators.annotators().size();
    ItemLabelTable result;
    RatingTable& table = result.table;
    table.annotators = annotators.annotators();
    result.multi_label = any_item_has_two_labels(annotators);
    if (!result.multi_label) {
        const std::vector<std::uint32_t> classes = item_label_classes(annotators);
        std::vector<std::int32_t> position(annotators.categories().size(), RatingTable::missing);
        for (std::size_t i = 0; i < classes.size(); ++i) {
            position[classes[i]] = static_cast<std::int32_t>(i);
            table.labels.push_back(annotators.categories()[classes[i]]);
        }
        table.items = annotators.items();
        for (std::size_t item = 0; item < annotators.items().size(); ++item)
            for (std::size_t a = 0; a < count; ++a) {
                const std::vector<std::uint32_t> labels = annotators.item_labels(a, item);
                table.ratings.push_back(labels.empty() ? RatingTable::missing : position[labels.front()]);
            }
        return result;
    }
    table.labels = {"absent", "present"};
    table.ordered = true;
    table.numeric_values = {0, 1};
    for (std::size_t item = 0; item < annotators.items().size(); ++item) {
        std::vector<std::vector<std::uint32_t>> given(count);
        std::set<std::uint32_t> classes;
        for (std::size_t a = 0; a < count; ++a) {
            given[a] = annotators.item_labels(a, item);
            classes.insert(given[a].begin(), given[a].end());
        }
        for (const std::uint32_t c : classes)
            for (std::size_t a = 0; a < count; ++a)
                table.ratings.push_back(annotators.has(a, item)
                                            ? std::int32_t{std::find(given[a].begin(), given[a].end(), c) != given[a].end()}
                                            : RatingTable::missing);
    }
    return result;
}

}  // namespace labelkit
