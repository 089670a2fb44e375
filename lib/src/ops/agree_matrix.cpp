// The heatmap of pairwise agreement (`labelkit agree --matrix`) with its colour scale, drawn with
// OpenCV and encoded as PNG by draw's encoder (OpenCV's imgcodecs would load some 100 more shared
// libraries into every run of labelkit, GDAL and poppler among them, for this one picture).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "labelkit/ops/agree_report.hpp"
#include "labelkit/ops/draw.hpp"
#include "ops/picture_cv.hpp"

namespace labelkit {

namespace {

constexpr int cell = 84;
constexpr int font = hershey_font;
constexpr double name_scale = 0.5;
constexpr double value_scale = 0.6;
constexpr std::size_t longest_name = 16;
// The colour scale: a bar this wide right of the cells, its ticks every quarter.
constexpr int scale_gap = 24;
constexpr int scale_bar = 18;
constexpr int scale_ticks = 4;
const std::string lowest_tick = "<=0";

std::string short_name(const std::string& name) {
    return name.size() <= longest_name ? name : name.substr(0, longest_name - 1) + "~";
}

void put_centred(cv::Mat& image, const std::string& text, cv::Point centre, double scale, cv::Scalar colour) {
    const cv::Size size = text_size(text, scale);
    cv::putText(image, text, {centre.x - size.width / 2, centre.y + size.height / 2}, font, scale, colour, 1, cv::LINE_AA);
}

// The names of the columns, written bottom to top so that long names do not overlap.
cv::Mat column_labels(const std::vector<std::string>& names, int height) {
    cv::Mat rotated(static_cast<int>(names.size()) * cell, height, CV_8UC3, cv::Scalar(255, 255, 255));
    for (std::size_t i = 0; i < names.size(); ++i)
        cv::putText(rotated, short_name(names[i]), {6, static_cast<int>(i) * cell + cell / 2 + 5}, font, name_scale,
                    {0, 0, 0}, 1, cv::LINE_AA);
    cv::Mat labels;
    cv::rotate(rotated, labels, cv::ROTATE_90_COUNTERCLOCKWISE);
    return labels;
}

// The scale of the cells' colours beside them: viridis from 0 or less (bottom) to 1 (top).
void draw_colour_scale(cv::Mat& image, const cv::Rect& bar) {
    for (int y = 0; y < bar.height; ++y) {
        const double value = 1.0 - static_cast<double>(y) / std::max(1, bar.height - 1);
        cv::line(image, {bar.x, bar.y + y}, {bar.x + bar.width - 1, bar.y + y}, scalar(viridis(value)));
    }
    for (int tick = 0; tick <= scale_ticks; ++tick) {
        const double value = static_cast<double>(tick) / scale_ticks;
        const int y = bar.y + static_cast<int>(std::lround((1.0 - value) * (bar.height - 1)));
        cv::line(image, {bar.x + bar.width, y}, {bar.x + bar.width + 4, y}, {0, 0, 0});
        const std::string text = tick == 0 ? lowest_tick : fmt::format("{:.2f}", value);
        cv::putText(image, text, {bar.x + bar.width + 8, y + 5}, font, name_scale, {0, 0, 0}, 1, cv::LINE_AA);
    }
}

}  // namespace

std::vector<std::uint8_t> agreement_matrix_png(const std::vector<std::string>& names,
                                               const std::vector<std::vector<std::optional<double>>>& matrix,
                                               const std::string& title) {
    int margin = 0;
    for (const std::string& name : names) margin = std::max(margin, text_size(short_name(name), name_scale).width);
    margin += 16;
    const int n = static_cast<int>(names.size());
    const int title_height = 36;
    const int top = title_height + margin;
    const int scale_x = margin + n * cell + scale_gap;
    const int scale_width = scale_bar + 8 + std::max(text_size(lowest_tick, name_scale).width, text_size("1.00", name_scale).width);
    const int width = std::max(scale_x + scale_width + 10, text_size(title, value_scale).width + 20);
    cv::Mat image(top + n * cell + 10, width, CV_8UC3, cv::Scalar(255, 255, 255));
    put_centred(image, title, {width / 2, 18}, value_scale, {0, 0, 0});
    column_labels(names, margin).copyTo(image(cv::Rect(margin, title_height, n * cell, margin)));
    for (int i = 0; i < n; ++i) {
        const std::string name = short_name(names[static_cast<std::size_t>(i)]);
        cv::putText(image, name, {8, top + i * cell + cell / 2 + 5}, font, name_scale, {0, 0, 0}, 1, cv::LINE_AA);
        for (int j = 0; j < n; ++j) {
            const auto& value = matrix[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            const cv::Rect box(margin + j * cell, top + i * cell, cell, cell);
            const Rgb fill = value ? viridis(*value) : Rgb{200, 200, 200};
            cv::rectangle(image, box, scalar(fill), cv::FILLED);
            cv::rectangle(image, box, {255, 255, 255}, 1);
            put_centred(image, value ? fmt::format("{:.2f}", *value) : "n/a",
                        {box.x + cell / 2, box.y + cell / 2}, value_scale, ink_on(fill));
        }
    }
    draw_colour_scale(image, cv::Rect(scale_x, top, scale_bar, n * cell));
    return encode_png(from_mat(image));
}

}  // namespace labelkit
