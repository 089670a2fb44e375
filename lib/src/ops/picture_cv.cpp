#include "ops/picture_cv.hpp"

#include <algorithm>

namespace labelkit {

cv::Mat view(Picture& picture) {
    return cv::Mat(static_cast<int>(picture.height), static_cast<int>(picture.width), CV_8UC3, picture.rgb.data());
}

cv::Mat view(const Picture& picture) { return view(const_cast<Picture&>(picture)).clone(); }

Picture from_mat(const cv::Mat& rgb) {
    Picture picture;
    picture.width = static_cast<std::uint32_t>(rgb.cols);
    picture.height = static_cast<std::uint32_t>(rgb.rows);
    picture.rgb.resize(std::size_t{picture.width} * picture.height * 3);
    rgb.copyTo(view(picture));
    return picture;
}

cv::Scalar scalar(Rgb colour) { return {double(colour.r), double(colour.g), double(colour.b)}; }

cv::Scalar ink_on(Rgb colour) {
    const double luminance = 0.299 * colour.r + 0.587 * colour.g + 0.114 * colour.b;
    return luminance > 128 ? cv::Scalar(0, 0, 0) : cv::Scalar(255, 255, 255);
}

Rgb viridis(double value) {
    cv::Mat level(1, 1, CV_8UC1, cv::Scalar(std::clamp(value, 0.0, 1.0) * 255.0));
    cv::Mat colour;
    cv::applyColorMap(level, colour, cv::COLORMAP_VIRIDIS);  // BGR, as OpenCV's colour maps are
    const cv::Vec3b bgr = colour.at<cv::Vec3b>(0, 0);
    return {bgr[2], bgr[1], bgr[0]};
}

std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text) out += (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F) ? c : '?';
    return out;
}

cv::Size text_size(const std::string& text, double scale) {
    int baseline = 0;
    return cv::getTextSize(text, hershey_font, scale, 1, &baseline);
}

}  // namespace labelkit
