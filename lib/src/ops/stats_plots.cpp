// The plots of `labelkit stats`, drawn with OpenCV's imgproc on white pictures: objects per class
// (bars in the classes' colours, as `draw` colours them), objects per image, box sizes and aspect
// ratios (log axes), image sizes (a scatter of width by height) and box centres (a heat map), in
// the spirit of Ultralytics' labels.jpg.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "labelkit/error.hpp"
#include "labelkit/ops/stats.hpp"
#include "ops/picture_cv.hpp"

namespace labelkit {

namespace {

constexpr int font = hershey_font;
constexpr double tick_scale = 0.42;
constexpr double title_scale = 0.6;
const cv::Scalar black(0, 0, 0);
const cv::Scalar grey(110, 110, 110);
const cv::Scalar grid_grey(225, 225, 225);
const cv::Scalar bar_blue(0x34, 0x6F, 0xB0);
// The most classes shown as bars; the others are summed in a "+N more" note.
constexpr std::size_t most_bars = 100;

std::string tick_text(double value) {
    if (value != 0 && (std::abs(value) >= 1e5 || std::abs(value) < 1e-3)) return fmt::format("{:.0e}", value);
    if (value == std::round(value)) return fmt::format("{:.0f}", value);
    return fmt::format("{:.3g}", value);
}

void put_text(cv::Mat& image, const std::string& text, cv::Point at, double scale, cv::Scalar colour = black) {
    cv::putText(image, printable(text), at, font, scale, colour, 1, cv::LINE_AA);
}

// Text centred on x, its top at y.
void put_centred(cv::Mat& image, const std::string& text, int x, int y, double scale, cv::Scalar colour = black) {
    const cv::Size size = text_size(printable(text), scale);
    put_text(image, text, {x - size.width / 2, y + size.height}, scale, colour);
}

// Text turned a quarter left (read bottom to top), its end at (x, top) and its middle on x:
// written on a strip, rotated, and laid over the picture (dark text over light paper).
void put_vertical(cv::Mat& image, const std::string& text, int x, int top, double scale) {
    const std::string shown = printable(text);
    const cv::Size size = text_size(shown, scale);
    cv::Mat strip(size.height + 6, size.width + 2, CV_8UC3, cv::Scalar(255, 255, 255));
    cv::putText(strip, shown, {1, size.height + 2}, font, scale, black, 1, cv::LINE_AA);
    cv::Mat turned;
    cv::rotate(strip, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
    cv::Rect place(x - turned.cols / 2, top, turned.cols, turned.rows);
    place &= cv::Rect(0, 0, image.cols, image.rows);
    if (place.empty()) return;
    cv::Mat target = image(place);
    cv::min(target, turned(cv::Rect(place.x - (x - turned.cols / 2), place.y - top, place.width, place.height)), target);
}

// A plot: a white picture with a title and a framed area where the data goes.
struct Frame {
    cv::Mat image;
    cv::Rect area;         // where the data is drawn
    double y_top = 1;      // the value at the top of the area (linear y axis from 0)
    int y_pixel(double value) const {
        return area.y + area.height - static_cast<int>(std::lround(value / y_top * area.height));
    }
};

Frame make_frame(int area_width, int area_height, int left, int bottom, const std::string& title) {
    constexpr int top = 52, right = 24;
    Frame frame;
    frame.image = cv::Mat(top + area_height + bottom, left + area_width + right, CV_8UC3, cv::Scalar(255, 255, 255));
    frame.area = cv::Rect(left, top, area_width, area_height);
    put_centred(frame.image, title, left + area_width / 2, 14, title_scale);
    return frame;
}

// Round numbers from 0 to at least `largest` in about five steps (1, 2 or 5 times a power of 10;
// whole numbers when `whole`).
std::vector<double> linear_ticks(double largest, bool whole) {
    if (!(largest > 0)) largest = 1;
    const double raw = largest / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * magnitude >= raw) {
            step = factor * magnitude;
            break;
        }
    if (whole) step = std::max(1.0, std::round(step));
    std::vector<double> ticks;
    for (int i = 0;; ++i) {
        ticks.push_back(i * step);
        if (i * step >= largest) break;
    }
    return ticks;
}

// The y axis from 0 to the first tick at or above `largest`, with grid lines and its label.
void draw_y_axis(Frame& frame, double largest, bool whole, const std::string& label) {
    const std::vector<double> ticks = linear_ticks(largest, whole);
    frame.y_top = ticks.back() > 0 ? ticks.back() : 1;
    for (const double tick : ticks) {
        const int y = frame.y_pixel(tick);
        cv::line(frame.image, {frame.area.x, y}, {frame.area.x + frame.area.width - 1, y}, grid_grey, 1);
        const std::string text = tick_text(tick);
        const cv::Size size = text_size(text, tick_scale);
        put_text(frame.image, text, {frame.area.x - 6 - size.width, y + size.height / 2}, tick_scale);
    }
    const cv::Size size = text_size(label, tick_scale);
    put_vertical(frame.image, label, 12, frame.area.y + (frame.area.height - size.width) / 2, tick_scale);
}

void draw_frame_lines(Frame& frame) {
    const cv::Rect& a = frame.area;
    cv::line(frame.image, {a.x - 1, a.y}, {a.x - 1, a.y + a.height}, black, 1);
    cv::line(frame.image, {a.x - 1, a.y + a.height}, {a.x + a.width, a.y + a.height}, black, 1);
}

void put_x_label(Frame& frame, const std::string& label) {
    put_centred(frame.image, label, frame.area.x + frame.area.width / 2, frame.area.y + frame.area.height + 32, tick_scale);
}

void put_empty_note(Frame& frame, const std::string& note) {
    put_centred(frame.image, note, frame.area.x + frame.area.width / 2, frame.area.y + frame.area.height / 2 - 8,
                title_scale, grey);
}

// What a bar of the class chart stands for: objects, or class labels in a dataset with no objects.
struct ClassBar {
    std::size_t index = 0;  // into stats.classes
    std::size_t value = 0;
};

Picture class_plot(const DatasetStats& stats) {
    const bool labels = stats.objects == 0 && stats.labels > 0;
    std::vector<ClassBar> bars;
    for (std::size_t c = 0; c < stats.classes.size(); ++c)
        bars.push_back({c, labels ? stats.classes[c].labels : stats.classes[c].objects});
    std::size_t hidden_classes = 0, hidden_count = 0;
    if (bars.size() > most_bars) {  // the classes with most, most first
        std::stable_sort(bars.begin(), bars.end(), [](const ClassBar& a, const ClassBar& b) { return a.value > b.value; });
        for (std::size_t i = most_bars; i < bars.size(); ++i) hidden_count += bars[i].value;
        hidden_classes = bars.size() - most_bars;
        bars.resize(most_bars);
    }
    std::vector<std::string> names;
    for (const ClassStats& c : stats.classes) names.push_back(c.name);
    const std::vector<Rgb> colours = class_colours(names);

    const int pitch = bars.empty() ? 60 : std::clamp(720 / static_cast<int>(bars.size()), 14, 60);
    const int area_width = std::max(240, pitch * static_cast<int>(bars.size()));
    constexpr std::size_t longest_name = 24;
    int name_length = 0;
    std::vector<std::string> shown_names;
    for (const ClassBar& bar : bars) {
        std::string name = printable(names[bar.index]);
        if (name.size() > longest_name) name = name.substr(0, longest_name - 2) + "..";
        name_length = std::max(name_length, text_size(name, tick_scale).width);
        shown_names.push_back(std::move(name));
    }
    const std::string what = labels ? "labels" : "objects";
    Frame frame = make_frame(area_width, 320, 64, name_length + 48, fmt::format("{} per class", what));
    std::size_t largest = 0;
    for (const ClassBar& bar : bars) largest = std::max(largest, bar.value);
    draw_y_axis(frame, static_cast<double>(largest), true, what);
    const int gap = pitch / 5;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const int left = frame.area.x + static_cast<int>(i) * pitch + gap / 2;
        const int bottom = frame.area.y + frame.area.height;
        const int top = frame.y_pixel(static_cast<double>(bars[i].value));
        if (top < bottom)
            cv::rectangle(frame.image, cv::Rect(left, top, pitch - gap, bottom - top), scalar(colours[bars[i].index]),
                          cv::FILLED);
        if (bars.size() <= 30) put_centred(frame.image, std::to_string(bars[i].value), left + (pitch - gap) / 2, top - 14, tick_scale);
        put_vertical(frame.image, shown_names[i], left + (pitch - gap) / 2, bottom + 6, tick_scale);
    }
    draw_frame_lines(frame);
    if (bars.empty()) put_empty_note(frame, "no classes");
    if (hidden_classes > 0)
        put_text(frame.image,
                 fmt::format("+{} more classes ({} {}): the {} with most shown", hidden_classes, hidden_count, what,
                             most_bars),
                 {frame.area.x + 8, frame.area.y + 16}, tick_scale, grey);
    return from_mat(frame.image);
}

// A histogram as touching bars, the x axis linear (from low) or logarithmic.
Picture histogram_plot(const Histogram& histogram, const std::string& title, const std::string& x_label,
                       const std::string& y_label) {
    Frame frame = make_frame(560, 300, 64, 56, title);
    const std::size_t largest =
        histogram.counts.empty() ? 0 : *std::max_element(histogram.counts.begin(), histogram.counts.end());
    draw_y_axis(frame, static_cast<double>(largest), true, y_label);
    put_x_label(frame, x_label);
    if (histogram.counts.empty() || largest == 0) {
        draw_frame_lines(frame);
        put_empty_note(frame, "nothing to show");
        return from_mat(frame.image);
    }
    const double bins = static_cast<double>(histogram.counts.size());
    const auto x_of = [&](double position) {  // position in bins from the left edge
        return frame.area.x + static_cast<int>(std::lround(position / bins * frame.area.width));
    };
    const int bottom = frame.area.y + frame.area.height;
    for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
        const int top = frame.y_pixel(static_cast<double>(histogram.counts[i]));
        const int left = x_of(static_cast<double>(i)), right = x_of(static_cast<double>(i + 1));
        if (top < bottom && right > left)
            cv::rectangle(frame.image, cv::Rect(left, top, std::max(1, right - left - 1), bottom - top), bar_blue, cv::FILLED);
    }
    // Ticks: decades (and 2, 5 between them over few decades) on a log axis; round numbers on a
    // linear one, under the middle of one-wide bins.
    std::vector<std::pair<double, std::string>> ticks;  // position in bins, text
    if (histogram.logarithmic) {
        const double first = std::log10(histogram.low), last = std::log10(histogram.high);
        const bool fine = last - first <= 2.5;
        for (double decade = first; decade <= last + 1e-9; decade += 1)
            for (const double factor : {1.0, 2.0, 5.0}) {
                if (factor != 1 && (!fine || decade >= last - 1e-9)) continue;
                const double value = std::pow(10.0, decade) * factor;
                ticks.emplace_back((std::log10(value) - first) / (last - first) * bins, tick_text(value));
            }
    } else {
        const double width = (histogram.high - histogram.low) / bins;
        const bool centred = width == 1;
        for (const double tick : linear_ticks(histogram.high - (centred ? 1 : 0), true)) {
            const double value = histogram.low + tick;
            if (value > histogram.high) break;
            ticks.emplace_back(tick / width + (centred ? 0.5 : 0), tick_text(value));
        }
    }
    for (const auto& [position, text] : ticks) {
        const int x = x_of(position);
        cv::line(frame.image, {x, bottom}, {x, bottom + 4}, black, 1);
        put_centred(frame.image, text, x, bottom + 8, tick_scale);
    }
    draw_frame_lines(frame);
    return from_mat(frame.image);
}

// Image sizes: a dot per occupied cell of the size histogram, its area growing with the images.
Picture image_size_plot(const DatasetStats& stats) {
    const Histogram2D& sizes = stats.image_size_histogram;
    Frame frame = make_frame(420, 420, 64, 56, "image sizes");
    put_x_label(frame, "width (pixels)");
    if (sizes.counts.empty()) {
        draw_y_axis(frame, 1, true, "height (pixels)");
        draw_frame_lines(frame);
        put_empty_note(frame, "no image sizes known");
        return from_mat(frame.image);
    }
    draw_y_axis(frame, sizes.y_high, true, "height (pixels)");
    const std::vector<double> x_ticks = linear_ticks(sizes.x_high, true);
    const double x_right = x_ticks.back();
    const int bottom = frame.area.y + frame.area.height;
    const auto x_pixel = [&](double value) {
        return frame.area.x + static_cast<int>(std::lround(value / x_right * frame.area.width));
    };
    for (const double tick : x_ticks) {
        const int x = x_pixel(tick);
        cv::line(frame.image, {x, frame.area.y}, {x, bottom - 1}, grid_grey, 1);
        put_centred(frame.image, tick_text(tick), x, bottom + 8, tick_scale);
    }
    // The most common sizes where they are, named; the other images by the cell of the histogram
    // they fall in (at its centre).
    std::vector<std::size_t> others = sizes.counts;
    const double cell_width = (sizes.x_high - sizes.x_low) / static_cast<double>(sizes.columns);
    const double cell_height = (sizes.y_high - sizes.y_low) / static_cast<double>(sizes.rows);
    const auto cell_of = [&](double x, double y) {
        const auto column = std::min(sizes.columns - 1, static_cast<std::size_t>((x - sizes.x_low) / cell_width));
        const auto row = std::min(sizes.rows - 1, static_cast<std::size_t>((y - sizes.y_low) / cell_height));
        return row * sizes.columns + column;
    };
    for (const auto& [size, count] : stats.image_sizes) others[cell_of(size.width, size.height)] -= count;
    std::size_t most = *std::max_element(others.begin(), others.end());
    for (const auto& [size, count] : stats.image_sizes) most = std::max(most, count);
    const auto radius = [most](std::size_t count) {
        return 3 + static_cast<int>(std::lround(15 * std::sqrt(static_cast<double>(count) / static_cast<double>(most))));
    };
    cv::Mat dots = frame.image.clone();
    for (std::size_t row = 0; row < sizes.rows; ++row)
        for (std::size_t column = 0; column < sizes.columns; ++column) {
            const std::size_t count = others[row * sizes.columns + column];
            if (count == 0) continue;
            cv::circle(dots, {x_pixel(sizes.x_low + (column + 0.5) * cell_width),
                              frame.y_pixel(sizes.y_low + (row + 0.5) * cell_height)},
                       radius(count), bar_blue, cv::FILLED, cv::LINE_AA);
        }
    for (const auto& [size, count] : stats.image_sizes)
        cv::circle(dots, {x_pixel(size.width), frame.y_pixel(size.height)}, radius(count), bar_blue, cv::FILLED,
                   cv::LINE_AA);
    cv::addWeighted(dots, 0.6, frame.image, 0.4, 0, frame.image);
    for (const auto& [size, count] : stats.image_sizes) {  // right of the dot, or left where it would not fit
        const std::string name = fmt::format("{}x{} ({})", size.width, size.height, count);
        const int width = text_size(name, tick_scale).width, x = x_pixel(size.width);
        const bool right = x + radius(count) + 3 + width < frame.image.cols;
        put_text(frame.image, name, {right ? x + radius(count) + 3 : x - radius(count) - 3 - width,
                                     frame.y_pixel(size.height) + 5}, tick_scale);
    }
    put_text(frame.image,
             fmt::format("largest dot: {} image{}; the {} most common sizes named", most, most == 1 ? "" : "s",
                         stats.image_sizes.size()),
             {frame.area.x + 8, frame.area.y + 16}, tick_scale, grey);
    draw_frame_lines(frame);
    return from_mat(frame.image);
}

// Box centres over the image (x right, y down, as fractions of its sides), viridis by count.
Picture box_centre_plot(const DatasetStats& stats) {
    const Histogram2D& centres = stats.box_centre_histogram;
    Frame frame = make_frame(384, 384, 64, 76, "box centres");
    put_x_label(frame, "x / image width");
    const int bottom = frame.area.y + frame.area.height;
    for (const double tick : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        const int x = frame.area.x + static_cast<int>(std::lround(tick * frame.area.width));
        const int y = frame.area.y + static_cast<int>(std::lround(tick * frame.area.height));
        put_centred(frame.image, tick_text(tick), x, bottom + 8, tick_scale);
        const std::string text = tick_text(tick);
        put_text(frame.image, text, {frame.area.x - 6 - text_size(text, tick_scale).width, y + 5}, tick_scale);
    }
    put_vertical(frame.image, "y / image height (down)", 12, frame.area.y + 80, tick_scale);
    if (centres.counts.empty()) {
        draw_frame_lines(frame);
        put_empty_note(frame, "no boxes on images of known size");
        return from_mat(frame.image);
    }
    const std::size_t most = *std::max_element(centres.counts.begin(), centres.counts.end());
    cv::Mat rgb(static_cast<int>(centres.rows), static_cast<int>(centres.columns), CV_8UC3), large;
    for (std::size_t i = 0; i < centres.counts.size(); ++i) {
        const std::size_t count = centres.counts[i];  // no box: white
        const Rgb colour = count == 0 ? Rgb{255, 255, 255} : viridis(static_cast<double>(count) / static_cast<double>(most));
        rgb.at<cv::Vec3b>(static_cast<int>(i / centres.columns), static_cast<int>(i % centres.columns)) =
            cv::Vec3b(colour.r, colour.g, colour.b);
    }
    cv::resize(rgb, large, frame.area.size(), 0, 0, cv::INTER_NEAREST);
    large.copyTo(frame.image(frame.area));
    put_centred(frame.image,
                most == 1 ? fmt::format("cells of 1/{} by 1/{}: 1 box in each coloured cell", centres.columns, centres.rows)
                          : fmt::format("cells of 1/{} by 1/{}: purple 1 box, yellow {} boxes", centres.columns,
                                        centres.rows, most),
                frame.area.x + frame.area.width / 2, frame.area.y + frame.area.height + 54, tick_scale, grey);
    draw_frame_lines(frame);
    return from_mat(frame.image);
}

}  // namespace

std::vector<std::pair<std::string, Picture>> stats_plots(const DatasetStats& stats) {
    try {
        std::vector<std::pair<std::string, Picture>> plots;
        plots.emplace_back("classes", class_plot(stats));
        plots.emplace_back("objects_per_image", histogram_plot(stats.objects_per_image_histogram, "objects per image",
                                                               "objects in the image", "images"));
        plots.emplace_back("box_sizes", histogram_plot(stats.box_size_histogram, "box sizes",
                                                       "sqrt(width x height), pixels (log scale)", "boxes"));
        plots.emplace_back("aspect_ratios", histogram_plot(stats.aspect_ratio_histogram, "box aspect ratios",
                                                           "width / height (log scale)", "boxes"));
        plots.emplace_back("image_sizes", image_size_plot(stats));
        plots.emplace_back("box_centres", box_centre_plot(stats));
        return plots;
    } catch (const cv::Exception& error) {
        throw Error(fmt::format("OpenCV could not draw the plots: {}", error.err));
    }
}

}  // namespace labelkit
