#pragma once
// OpenCV pieces shared by the commands that draw (draw, the plots of stats, agree's heatmap):
// pictures seen as RGB cv::Mats, colours, and text in OpenCV's Hershey font.
#include <string>
#include <string_view>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "labelkit/ops/draw.hpp"

namespace labelkit {

constexpr int hershey_font = cv::FONT_HERSHEY_SIMPLEX;

// The picture's pixels as a cv::Mat, channels in RGB order, not copied.
cv::Mat view(Picture& picture);
// A copy of the picture's pixels as a cv::Mat.
cv::Mat view(const Picture& picture);
// A copy of an 8-bit, 3-channel mat in RGB order.
Picture from_mat(const cv::Mat& rgb);

cv::Scalar scalar(Rgb colour);
// Black or white, whichever reads better on the colour.
cv::Scalar ink_on(Rgb colour);

// OpenCV's viridis colour map at a value in [0, 1] (values outside are clamped), as RGB.
Rgb viridis(double value);

// Hershey fonts have ASCII only: other bytes are shown as '?'.
std::string printable(std::string_view text);
// The size of the text in the Hershey font at the scale, 1 pixel thick.
cv::Size text_size(const std::string& text, double scale);

}  // namespace labelkit
