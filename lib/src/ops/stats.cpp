// The numbers of `labelkit stats`: counts per class, objects per image, box sizes and aspect
// ratios, image sizes. One pass to group the measures by class, then one sort per measure.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "labelkit/ops/stats.hpp"

namespace labelkit {

namespace {

// The values at sorted positions, found by partial sorting (std::nth_element): O(n) a position
// instead of a full sort. Positions must be asked in non-decreasing order (or repeated).
class SortedPositions {
public:
    explicit SortedPositions(std::vector<double>& values) : values_(values) {}
    double at(std::size_t position) {
        if (position >= settled_) {
            std::nth_element(values_.begin() + static_cast<std::ptrdiff_t>(settled_),
                             values_.begin() + static_cast<std::ptrdiff_t>(position), values_.end());
            settled_ = position + 1;  // [0, settled_) are at their sorted places or below them
        }
        return values_[position];
    }
    // numpy.quantile(values, p) with method "linear" (the default).
    double quantile(double p) {
        const double h = static_cast<double>(values_.size() - 1) * p;
        const auto below = static_cast<std::size_t>(std::floor(h));
        const double low = at(below);
        if (below + 1 >= values_.size()) return low;
        return low + (h - static_cast<double>(below)) * (at(below + 1) - low);
    }

private:
    std::vector<double>& values_;
    std::size_t settled_ = 0;
};

// Whole numbers of objects from 0: one bin per number up to 50 bins, wider bins (a whole number
// of objects each) beyond.
Histogram count_histogram(const std::vector<double>& counts) {
    Histogram histogram;
    if (counts.empty()) return histogram;
    constexpr std::size_t most_bins = 50;
    const auto largest = static_cast<std::size_t>(*std::max_element(counts.begin(), counts.end()));
    const std::size_t width = (largest + most_bins) / most_bins;  // ceil((largest + 1) / most_bins)
    const std::size_t bins = largest / width + 1;
    histogram.high = static_cast<double>(bins * width);
    histogram.counts.assign(bins, 0);
    for (const double count : counts) ++histogram.counts[static_cast<std::size_t>(count) / width];
    return histogram;
}

// log10 bins between whole decades around the positive values: 10 bins a decade, fewer when the
// values span more than 20 decades (at most 200 bins, or one a decade).
Histogram log_histogram(const std::vector<double>& values) {
    Histogram histogram;
    histogram.logarithmic = true;
    double smallest = 0, largest = 0;
    bool any = false;
    for (const double value : values)
        if (value > 0 && std::isfinite(value)) {
            smallest = any ? std::min(smallest, value) : value;
            largest = any ? std::max(largest, value) : value;
            any = true;
        }
    if (!any) return histogram;
    // log10 rounds up just below a power of ten (log10(999.9999999999999) is 3): moved back a
    // decade where that happened, and at least one decade between the ends.
    double first = std::floor(std::log10(smallest));
    if (std::pow(10.0, first) > smallest) first -= 1;
    double last = std::floor(std::log10(largest)) + 1;
    if (std::pow(10.0, last - 1) > largest) last -= 1;
    last = std::max(last, first + 1);
    const auto decades = static_cast<std::size_t>(last - first);
    const std::size_t per_decade = std::max<std::size_t>(1, std::min<std::size_t>(10, 200 / decades));
    histogram.low = std::pow(10.0, first);
    histogram.high = std::pow(10.0, last);
    histogram.counts.assign(decades * per_decade, 0);
    const double bins = static_cast<double>(histogram.counts.size());
    for (const double value : values) {
        if (!(value > 0) || !std::isfinite(value)) continue;
        const double at = (std::log10(value) - first) / (last - first) * bins;
        ++histogram.counts[static_cast<std::size_t>(std::clamp(at, 0.0, bins - 1))];
    }
    return histogram;
}

// A square grid over [0, x_high) x [0, y_high).
Histogram2D grid(double x_high, double y_high, std::size_t side) {
    Histogram2D histogram;
    histogram.x_high = x_high;
    histogram.y_high = y_high;
    histogram.columns = histogram.rows = side;
    histogram.counts.assign(side * side, 0);
    return histogram;
}

void add_to(Histogram2D& histogram, double x, double y, std::size_t count = 1) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    const auto bin = [](double value, double low, double high, std::size_t bins) {
        const double at = (value - low) / (high - low) * static_cast<double>(bins);
        return static_cast<std::size_t>(std::clamp(at, 0.0, static_cast<double>(bins - 1)));
    };
    histogram.counts[bin(y, histogram.y_low, histogram.y_high, histogram.rows) * histogram.columns +
                     bin(x, histogram.x_low, histogram.x_high, histogram.columns)] += count;
}

constexpr std::size_t grid_side = 32;

// The image sizes as the dataset declares them; 0 x 0 unknown.
struct ImageSizes {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> counts;
    std::size_t unknown = 0;
};

void add_image_sizes(const Dataset& dataset, DatasetStats& stats) {
    ImageSizes sizes;
    std::vector<double> widths, heights;
    for (const Item& item : dataset.items) {
        if (item.width == 0 || item.height == 0) {
            ++sizes.unknown;
            continue;
        }
        ++sizes.counts[{item.width, item.height}];
        widths.push_back(item.width);
        heights.push_back(item.height);
    }
    stats.images_of_unknown_size = sizes.unknown;
    stats.distinct_image_sizes = sizes.counts.size();
    stats.image_width = distribution_of(widths);
    stats.image_height = distribution_of(heights);
    std::vector<std::pair<ImageSize, std::size_t>> common;
    for (const auto& [size, count] : sizes.counts) common.push_back({{size.first, size.second}, count});
    // The map is ordered by width, then height: a stable sort by count keeps that order in ties.
    std::stable_sort(common.begin(), common.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (common.size() > most_common_image_sizes) common.resize(most_common_image_sizes);
    stats.image_sizes = std::move(common);
    if (!sizes.counts.empty()) {
        stats.image_size_histogram = grid(stats.image_width.max + 1, stats.image_height.max + 1, grid_side);
        for (const auto& [size, count] : sizes.counts) add_to(stats.image_size_histogram, size.first, size.second, count);
    }
}

// Objects per image, images without objects, and per class the images with the class (by an
// object or a class label) and the labels.
void add_counts(const Dataset& dataset, DatasetStats& stats) {
    std::vector<std::uint32_t> objects(dataset.items.size(), 0);
    for (const Annotation& annotation : dataset.annotations) {
        ++objects[annotation.item];
        ++stats.classes[annotation.category].objects;
    }
    std::vector<bool> labelled(dataset.items.size(), false);
    for (const Label& label : dataset.labels) {
        if (label.category == no_index) continue;
        ++stats.labels;
        ++stats.classes[label.category].labels;
        labelled[label.item] = true;
    }
    std::vector<double> per_image(objects.begin(), objects.end());
    for (std::size_t item = 0; item < objects.size(); ++item) {
        stats.images_without_objects += objects[item] == 0;
        stats.images_without_labels += objects[item] == 0 && !labelled[item];
    }
    stats.objects_per_image_histogram = count_histogram(per_image);
    stats.objects_per_image = distribution_of(per_image);

    const ItemClasses item_classes(dataset);
    std::vector<std::size_t> last_seen(dataset.categories.size(), dataset.items.size());
    for (std::size_t item = 0; item < dataset.items.size(); ++item)
        for (const std::uint32_t category : item_classes.of(item))
            if (last_seen[category] != item) {
                last_seen[category] = item;
                ++stats.classes[category].images;
            }
}

bool degenerate(const Box& box) { return !(box.width > 0) || !(box.height > 0); }

double area_fraction(const Box& box, const Item& item) {
    return box.width * box.height / (static_cast<double>(item.width) * static_cast<double>(item.height));
}

bool known_size(const Item& item) { return item.width > 0 && item.height > 0; }

// A measure of the objects grouped by class (classes in order, each its objects' values), so
// that a class's values are one slice to sort.
class ByClass {
public:
    explicit ByClass(const Dataset& dataset) : offsets_(dataset.categories.size() + 1, 0) {
        for (const Annotation& annotation : dataset.annotations) ++offsets_[annotation.category + 1];
        std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
    }

    // measure(annotation) is a value, or NaN for none (left out).
    template <class Measure>
    std::vector<double> values(const Dataset& dataset, Measure measure, std::vector<std::size_t>& ends) const {
        std::vector<double> out(offsets_.back());
        ends.assign(offsets_.begin(), offsets_.end() - 1);  // the next free place of each class
        for (const Annotation& annotation : dataset.annotations) {
            // NaN: no value; infinite: a product beyond double's range (a box area past 1e308).
            const double value = measure(annotation);
            if (std::isfinite(value)) out[ends[annotation.category]++] = value;
        }
        return out;
    }
    std::size_t start(std::size_t category) const { return offsets_[category]; }

private:
    std::vector<std::size_t> offsets_;
};

// Fills one distribution per class and the overall one from the measure; returns all the values
// kept (for histograms).
template <class Measure>
std::vector<double> measure_boxes(const Dataset& dataset, const ByClass& by_class, Measure measure,
                                  Distribution ClassStats::*per_class, Distribution& overall, DatasetStats& stats) {
    std::vector<std::size_t> ends;
    std::vector<double> values = by_class.values(dataset, measure, ends);
    std::vector<double> kept;
    kept.reserve(values.size());
    for (std::size_t c = 0; c < stats.classes.size(); ++c) {
        std::vector<double> slice(values.begin() + static_cast<std::ptrdiff_t>(by_class.start(c)),
                                  values.begin() + static_cast<std::ptrdiff_t>(ends[c]));
        stats.classes[c].*per_class = distribution_of(slice);
        kept.insert(kept.end(), slice.begin(), slice.end());
    }
    values = kept;
    overall = distribution_of(values);
    return kept;
}

void add_boxes(const Dataset& dataset, DatasetStats& stats) {
    for (const Annotation& annotation : dataset.annotations)
        if (degenerate(annotation.box)) {
            ++stats.degenerate_boxes;
            ++stats.classes[annotation.category].degenerate_boxes;
        }
    const ByClass by_class(dataset);
    const auto& items = dataset.items;
    measure_boxes(dataset, by_class, [](const Annotation& a) { return a.box.width; }, &ClassStats::box_width,
                  stats.box_width, stats);
    measure_boxes(dataset, by_class, [](const Annotation& a) { return a.box.height; }, &ClassStats::box_height,
                  stats.box_height, stats);
    measure_boxes(
        dataset, by_class,
        [&items](const Annotation& a) { return known_size(items[a.item]) ? area_fraction(a.box, items[a.item]) : NAN; },
        &ClassStats::box_area_fraction, stats.box_area_fraction, stats);
    const std::vector<double> ratios = measure_boxes(
        dataset, by_class, [](const Annotation& a) { return degenerate(a.box) ? NAN : a.box.width / a.box.height; },
        &ClassStats::aspect_ratio, stats.aspect_ratio, stats);
    stats.aspect_ratio_histogram = log_histogram(ratios);

    std::vector<double> sizes;
    sizes.reserve(dataset.annotations.size());
    for (const Annotation& annotation : dataset.annotations)
        if (!degenerate(annotation.box)) sizes.push_back(std::sqrt(annotation.box.width * annotation.box.height));
    stats.box_size_histogram = log_histogram(sizes);

    stats.box_centre_histogram = grid(1, 1, grid_side);
    bool any = false;
    for (const Annotation& annotation : dataset.annotations) {
        const Item& item = items[annotation.item];
        if (!known_size(item)) continue;
        add_to(stats.box_centre_histogram, (annotation.box.x + annotation.box.width / 2) / item.width,
               (annotation.box.y + annotation.box.height / 2) / item.height);
        any = true;
    }
    if (!any) stats.box_centre_histogram = {};
}

}  // namespace

Distribution distribution_of(std::vector<double>& values) {
    Distribution distribution;
    if (values.empty()) return distribution;
    distribution.count = values.size();
    const double count = static_cast<double>(values.size());
    distribution.mean = std::accumulate(values.begin(), values.end(), 0.0) / count;
    if (!std::isfinite(distribution.mean))  // the sum overflowed: each value's share summed instead
        distribution.mean = std::accumulate(values.begin(), values.end(), 0.0,
                                            [count](double sum, double value) { return sum + value / count; });
    const auto [smallest, largest] = std::minmax_element(values.begin(), values.end());
    distribution.min = *smallest;
    distribution.max = *largest;
    SortedPositions sorted(values);
    distribution.p25 = sorted.quantile(0.25);
    distribution.median = sorted.quantile(0.5);
    distribution.p75 = sorted.quantile(0.75);
    return distribution;
}

DatasetStats compute_stats(const Dataset& dataset) {
    DatasetStats stats;
    stats.images = dataset.items.size();
    stats.objects = dataset.annotations.size();
    for (const Category& category : dataset.categories) stats.classes.push_back({.name = category.name});
    add_counts(dataset, stats);
    add_boxes(dataset, stats);
    add_image_sizes(dataset, stats);
    return stats;
}

}  // namespace labelkit
