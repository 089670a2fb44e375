// The statistics section of `labelkit report`: stats' numbers as tables and its plots.
#include <fmt/format.h>

#include "labelkit/ops/stats.hpp"
#include "ops/html_report_sections.hpp"

namespace labelkit::html {

namespace {

constexpr std::size_t most_classes = 100;  // rows of the classes table; the rest counted

std::vector<std::string> distribution_row(const std::string& what, const Distribution& d) {
    return {what, std::to_string(d.count), number(d.min), number(d.p25), number(d.median),
            number(d.mean), number(d.p75), number(d.max)};
}

std::string classes_table(const DatasetStats& stats) {
    std::vector<std::vector<std::string>> rows;
    for (const ClassStats& c : stats.classes) {
        if (rows.size() == most_classes) break;
        rows.push_back({c.name, std::to_string(c.images), std::to_string(c.objects), std::to_string(c.labels),
                        number(c.box_width.median), number(c.box_height.median), number(c.aspect_ratio.median)});
    }
    std::string out = table({"class", "images", "objects", "class labels", "median box width (px)",
                             "median box height (px)", "median aspect ratio"},
                            rows);
    if (stats.classes.size() > most_classes)
        out += fmt::format("<p class=\"muted\">+{} more classes</p>\n", stats.classes.size() - most_classes);
    return out;
}

std::string image_sizes(const DatasetStats& stats) {
    if (stats.image_sizes.empty()) return "";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [size, count] : stats.image_sizes)
        rows.push_back({fmt::format("{} x {}", size.width, size.height), std::to_string(count)});
    return "<h4>Most common image sizes</h4>\n" + table({"size", "images"}, rows);
}

}  // namespace

std::string stats_section(const DatasetStats& stats) {
    std::string out = fmt::format("<p>{}, {} ({} without objects), {}{}{}.</p>\n", counted(stats.images, "image"),
                                  counted(stats.objects, "object"), stats.images_without_objects,
                                  stats.labels > 0 ? counted(stats.labels, "class label") + ", " : "",
                                  counted(stats.classes.size(), "class", "classes"),
                                  stats.images_of_unknown_size > 0
                                      ? fmt::format(", {} of unknown size", counted(stats.images_of_unknown_size, "image"))
                                      : "");
    out += classes_table(stats);
    out += table({"", "count", "min", "25 %", "median", "mean", "75 %", "max"},
                 {distribution_row("objects per image", stats.objects_per_image),
                  distribution_row("box width (px)", stats.box_width), distribution_row("box height (px)", stats.box_height),
                  distribution_row("box area / image area", stats.box_area_fraction),
                  distribution_row("aspect ratio (w / h)", stats.aspect_ratio),
                  distribution_row("image width (px)", stats.image_width),
                  distribution_row("image height (px)", stats.image_height)});
    out += image_sizes(stats);
    out += "<div class=\"plots\">\n";
    for (const auto& [name, plot] : stats_plots(stats))
        out += picture(plot, name) + "\n";  // the plot's title is drawn in it
    return out + "</div>\n";
}

}  // namespace labelkit::html
