// The heatmap of pairwise agreement (`labelkit agree --matrix`), drawn with OpenCV and encoded
// as PNG by stb_image_write (OpenCV's imgcodecs would load some 100 more shared libraries into
// every run of labelkit, GDAL and poppler among them, for this one picture).
#include <algorithm>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>

#include "labelkit/error.hpp"
#include "labelkit/ops/agree_report.hpp"

namespace labelkit {

namespace {

constexpr int cell = 84;
constexpr int font = cv::FONT_HERSHEY_SIMPLEX;
constexpr double name_scale = 0.5;
constexpr double value_scale = 0.6;
constexpr std::size_t longest_name = 16;

std::string short_name(const std::string& name) {
    return name.size() <= longest_name ? name : name.substr(0, longest_name - 1) + "~";
}

int text_width(const std::string& text, double scale) {
    int baseline = 0;
    return cv::getTextSize(text, font, scale, 1, &baseline).width;
}

void put_centred(cv::Mat& image, const std::string& text, cv::Point centre, double scale, cv::Scalar colour) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, font, scale, 1, &baseline);
    cv::putText(image, text, {centre.x - size.width / 2, centre.y + size.height / 2}, font, scale, colour, 1, cv::LINE_AA);
}

// Viridis colour of a value in [0, 1] (values below 0 are drawn as 0).
cv::Scalar colour_of(double value) {
    cv::Mat level(1, 1, CV_8UC1, cv::Scalar(std::clamp(value, 0.0, 1.0) * 255.0));
    cv::Mat colour;
    cv::applyColorMap(level, colour, cv::COLORMAP_VIRIDIS);
    const cv::Vec3b bgr = colour.at<cv::Vec3b>(0, 0);
    return {double(bgr[0]), double(bgr[1]), double(bgr[2])};
}

cv::Scalar ink_on(const cv::Scalar& background) {
    const double luminance = 0.114 * background[0] + 0.587 * background[1] + 0.299 * background[2];
    return luminance > 128 ? cv::Scalar(0, 0, 0) : cv::Scalar(255, 255, 255);
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

}  // namespace

std::vector<std::uint8_t> agreement_matrix_png(const std::vector<std::string>& names,
                                               const std::vector<std::vector<std::optional<double>>>& matrix,
                                               const std::string& title) {
    int margin = 0;
    for (const std::string& name : names) margin = std::max(margin, text_width(short_name(name), name_scale));
    margin += 16;
    const int n = static_cast<int>(names.size());
    const int title_height = 36;
    const int top = title_height + margin;
    const int width = std::max(margin + n * cell + 10, text_width(title, value_scale) + 20);
    cv::Mat image(top + n * cell + 10, width, CV_8UC3, cv::Scalar(255, 255, 255));
    put_centred(image, title, {width / 2, 18}, value_scale, {0, 0, 0});
    column_labels(names, margin).copyTo(image(cv::Rect(margin, title_height, n * cell, margin)));
    for (int i = 0; i < n; ++i) {
        const std::string name = short_name(names[static_cast<std::size_t>(i)]);
        cv::putText(image, name, {8, top + i * cell + cell / 2 + 5}, font, name_scale, {0, 0, 0}, 1, cv::LINE_AA);
        for (int j = 0; j < n; ++j) {
            const auto& value = matrix[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            const cv::Rect box(margin + j * cell, top + i * cell, cell, cell);
            const cv::Scalar fill = value ? colour_of(*value) : cv::Scalar(200, 200, 200);
            cv::rectangle(image, box, fill, cv::FILLED);
            cv::rectangle(image, box, {255, 255, 255}, 1);
            put_centred(image, value ? fmt::format("{:.2f}", *value) : "n/a",
                        {box.x + cell / 2, box.y + cell / 2}, value_scale, ink_on(fill));
        }
    }
    cv::Mat rgb;
    cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
    std::vector<std::uint8_t> png;
    const auto append = [](void* context, void* data, int size) {
        auto& bytes = *static_cast<std::vector<std::uint8_t>*>(context);
        bytes.insert(bytes.end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
    };
    if (!stbi_write_png_to_func(append, &png, rgb.cols, rgb.rows, 3, rgb.data, static_cast<int>(rgb.step)))
        throw Error("could not encode the agreement matrix as PNG");
    return png;
}

}  // namespace labelkit
