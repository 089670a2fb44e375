// `labelkit stats` as text (a person reads it) and as JSON (schemas/stats.schema.json).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "labelkit/diagnostics.hpp"
#include "labelkit/ops/stats.hpp"

namespace labelkit {

namespace {

// Four significant digits, whole numbers below a million as they are ("28", "0.1465", "1.5",
// "123457", "1.235e+07"): a column stays 8 wide whatever the numbers.
std::string shown(double value) {
    if (std::abs(value) < 1e6 && (std::abs(value) >= 1e4 || value == std::round(value))) return fmt::format("{:.0f}", value);
    return fmt::format("{:.4g}", value);
}

// A class name as the table shows it: control characters as \xNN and at most 40 bytes (then
// "..."), as messages quote input (shorten), so that a name can neither move the terminal's
// cursor nor widen every row.
std::string table_name(const std::string& name) { return shorten(name); }

std::string percent(std::size_t part, std::size_t whole) {
    return whole == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string distribution_row(const std::string& name, std::size_t width, const Distribution& d) {
    if (d.count == 0) return fmt::format("{:<{}}  {:>7}  {:>8}\n", name, width, 0, "-");
    return fmt::format("{:<{}}  {:>7}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}\n", name, width, d.count, shown(d.min),
                       shown(d.p25), shown(d.median), shown(d.mean), shown(d.p75), shown(d.max));
}

std::string distribution_header(const std::string& title, std::size_t width) {
    return fmt::format("{:<{}}  {:>7}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}\n", title, width, "count", "min", "p25",
                       "median", "mean", "p75", "max");
}

std::string median_of(const Distribution& d) { return d.count == 0 ? "-" : shown(d.median); }

std::string classes_table(const DatasetStats& stats) {
    std::size_t width = 5;
    for (const ClassStats& c : stats.classes) width = std::max(width, table_name(c.name).size());
    const bool labels = stats.labels > 0;
    std::string out = fmt::format("{:<{}}  {:>7}  {:>7}  {:>6}", "class", width, "images", "objects", "share");
    if (labels) out += fmt::format("  {:>7}", "labels");
    out += fmt::format("  {:>8}  {:>8}  {:>8}  {:>8}\n", "width", "height", "area", "aspect");
    for (const ClassStats& c : stats.classes) {
        const std::string name = table_name(c.name);
        out += fmt::format("{:<{}}  {:>7}  {:>7}  {:>6}", name, width, c.images, c.objects,
                           percent(c.objects, stats.objects));
        if (labels) out += fmt::format("  {:>7}", c.labels);
        out += fmt::format("  {:>8}  {:>8}  {:>8}  {:>8}\n", median_of(c.box_width), median_of(c.box_height),
                           median_of(c.box_area_fraction), median_of(c.aspect_ratio));
    }
    out += "(share: of all objects; width, height (pixels), area (of the image) and aspect (width / height): "
           "medians)\n";
    return out;
}

nlohmann::json distribution_json(const Distribution& d) {
    if (d.count == 0)
        return {{"count", 0}, {"min", nullptr}, {"p25", nullptr}, {"median", nullptr},
                {"mean", nullptr}, {"p75", nullptr}, {"max", nullptr}};
    return {{"count", d.count}, {"min", d.min}, {"p25", d.p25}, {"median", d.median},
            {"mean", d.mean}, {"p75", d.p75}, {"max", d.max}};
}

nlohmann::json histogram_json(const Histogram& h) {
    return {{"low", h.low}, {"high", h.high}, {"scale", h.logarithmic ? "log10" : "linear"}, {"counts", h.counts}};
}

nlohmann::json histogram_json(const Histogram2D& h) {
    return {{"x_low", h.x_low}, {"x_high", h.x_high}, {"y_low", h.y_low},   {"y_high", h.y_high},
            {"columns", h.columns}, {"rows", h.rows},   {"counts", h.counts}};
}

}  // namespace

std::string stats_text(const DatasetStats& stats) {
    std::string out;
    if (!stats.format.empty()) out += fmt::format("format: {}\n", stats.format);
    out += fmt::format("{}, {} without objects", counted(stats.images, "image"), stats.images_without_objects);
    if (stats.labels > 0) out += fmt::format(", {} with neither objects nor labels", stats.images_without_labels);
    out += fmt::format("\n{}, {}", counted(stats.objects, "object"), counted(stats.classes.size(), "class", "classes"));
    if (stats.labels > 0) out += fmt::format(", {}", counted(stats.labels, "class label"));
    out += "\n\n";
    if (!stats.classes.empty()) out += classes_table(stats) + "\n";

    constexpr std::size_t width = 24;
    out += distribution_header("", width);
    out += distribution_row("objects per image", width, stats.objects_per_image);
    out += distribution_row("box width (px)", width, stats.box_width);
    out += distribution_row("box height (px)", width, stats.box_height);
    out += distribution_row("box area / image area", width, stats.box_area_fraction);
    out += distribution_row("aspect ratio (w / h)", width, stats.aspect_ratio);
    out += distribution_row("image width (px)", width, stats.image_width);
    out += distribution_row("image height (px)", width, stats.image_height);
    out += fmt::format("(quantiles: linear interpolation, numpy's default)\n\n");

    out += fmt::format("boxes of zero width or height: {} (no aspect ratio, no box size)\n", stats.degenerate_boxes);
    out += fmt::format("images of unknown size: {} (no box area fraction for their objects)\n",
                       stats.images_of_unknown_size);
    out += fmt::format("image sizes: {} distinct", stats.distinct_image_sizes);
    if (!stats.image_sizes.empty()) {
        out += stats.image_sizes.size() < stats.distinct_image_sizes ? "; the most common: " : ": ";
        for (std::size_t i = 0; i < stats.image_sizes.size(); ++i) {
            const auto& [size, count] = stats.image_sizes[i];
            out += fmt::format("{}{}x{} ({})", i ? ", " : "", size.width, size.height, count);
        }
    }
    out += "\n";
    return out;
}

nlohmann::json stats_json(const DatasetStats& stats) {
    nlohmann::json classes = nlohmann::json::array();
    for (const ClassStats& c : stats.classes)
        classes.push_back({{"name", c.name},
                           {"images", c.images},
                           {"objects", c.objects},
                           {"labels", c.labels},
                           {"degenerate_boxes", c.degenerate_boxes},
                           {"box_width", distribution_json(c.box_width)},
                           {"box_height", distribution_json(c.box_height)},
                           {"box_area_fraction", distribution_json(c.box_area_fraction)},
                           {"aspect_ratio", distribution_json(c.aspect_ratio)}});
    nlohmann::json sizes = nlohmann::json::array();
    for (const auto& [size, count] : stats.image_sizes)
        sizes.push_back({{"width", size.width}, {"height", size.height}, {"images", count}});
    return {{"format", stats.format},
            {"quantiles", "linear"},
            {"images", stats.images},
            {"images_without_objects", stats.images_without_objects},
            {"images_without_labels", stats.images_without_labels},
            {"objects", stats.objects},
            {"labels", stats.labels},
            {"degenerate_boxes", stats.degenerate_boxes},
            {"classes", classes},
            {"objects_per_image", distribution_json(stats.objects_per_image)},
            {"objects_per_image_histogram", histogram_json(stats.objects_per_image_histogram)},
            {"box_width", distribution_json(stats.box_width)},
            {"box_height", distribution_json(stats.box_height)},
            {"box_area_fraction", distribution_json(stats.box_area_fraction)},
            {"aspect_ratio", distribution_json(stats.aspect_ratio)},
            {"box_size_histogram", histogram_json(stats.box_size_histogram)},
            {"aspect_ratio_histogram", histogram_json(stats.aspect_ratio_histogram)},
            {"box_centre_histogram", histogram_json(stats.box_centre_histogram)},
            {"image_width", distribution_json(stats.image_width)},
            {"image_height", distribution_json(stats.image_height)},
            {"images_of_unknown_size", stats.images_of_unknown_size},
            {"distinct_image_sizes", stats.distinct_image_sizes},
            {"image_sizes", sizes},
            {"image_size_histogram", histogram_json(stats.image_size_histogram)}};
}

}  // namespace labelkit
