// CVAT's geometry at the edge of the model: points text, rotated boxes and masks (see
// cvat_private.hpp for the conventions).
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "formats/cvat/cvat_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::cvat {

namespace {

std::optional<double> finite(std::string_view text) {
    const auto value = parse_double(trim(text));
    if (!value || !std::isfinite(*value)) return std::nullopt;
    return value;
}

// Appends runs of alternating values, starting with 0, merging runs of one value.
class RunBuilder {
public:
    void add(bool value, std::uint32_t length) {
        if (length == 0) return;
        if (value != current_) {
            counts_.push_back(pending_);
            pending_ = 0;
            current_ = value;
        }
        pending_ += length;
    }
    std::vector<std::uint32_t> finish() {
        counts_.push_back(pending_);
        return std::move(counts_);
    }

private:
    std::vector<std::uint32_t> counts_;
    std::uint32_t pending_ = 0;
    bool current_ = false;
};

std::uint64_t sum_of(const std::vector<std::uint32_t>& counts) {
    std::uint64_t sum = 0;
    for (std::uint32_t count : counts) sum += count;
    return sum;
}

}  // namespace

std::optional<std::vector<Point>> parse_points(std::string_view text) {
    std::vector<Point> points;
    text = trim(text);
    if (text.empty()) return std::nullopt;
    while (true) {
        const std::size_t end = text.find(';');
        const std::string_view pair = text.substr(0, end);
        const std::size_t comma = pair.find(',');
        if (comma == std::string_view::npos) return std::nullopt;
        const auto x = finite(pair.substr(0, comma));
        const auto y = finite(pair.substr(comma + 1));
        if (!x || !y) return std::nullopt;
        points.push_back({*x, *y});
        if (end == std::string_view::npos) break;
        text = text.substr(end + 1);
    }
    return points;
}

std::string format_points(const std::vector<Point>& points) {
    std::string text;
    for (const Point& point : points) {
        if (!text.empty()) text += ';';
        text += format_number(point.x) + ',' + format_number(point.y);
    }
    return text;
}

OrientedBox rotate_box(const Box& box, double degrees) {
    const double radians = degrees * std::numbers::pi / 180.0;
    const double cosine = std::cos(radians);
    const double sine = std::sin(radians);
    const double cx = box.x + box.width / 2;
    const double cy = box.y + box.height / 2;
    OrientedBox rotated;
    for (const Point corner : {Point{box.x, box.y}, Point{box.right(), box.y}, Point{box.right(), box.bottom()},
                               Point{box.x, box.bottom()}}) {
        const double dx = corner.x - cx;
        const double dy = corner.y - cy;
        rotated.corners.push_back({cx + dx * cosine - dy * sine, cy + dx * sine + dy * cosine});
    }
    return rotated;
}

RotatedBox unrotate(const OrientedBox& oriented) {
    const std::vector<Point>& c = oriented.corners;
    const double cx = (c[0].x + c[2].x) / 2;
    const double cy = (c[0].y + c[2].y) / 2;
    const double width = std::hypot(c[1].x - c[0].x, c[1].y - c[0].y);
    const double height = std::hypot(c[2].x - c[1].x, c[2].y - c[1].y);
    double degrees = std::atan2(c[1].y - c[0].y, c[1].x - c[0].x) * 180.0 / std::numbers::pi;
    if (degrees < 0) degrees += 360.0;
    if (degrees >= 360.0) degrees -= 360.0;
    return {{cx - width / 2, cy - height / 2, width, height}, degrees};
}

Box bounds_of(const std::vector<Point>& points) {
    if (points.empty()) return {};
    double left = points[0].x, right = points[0].x, top = points[0].y, bottom = points[0].y;
    for (const Point& point : points) {
        left = std::min(left, point.x);
        right = std::max(right, point.x);
        top = std::min(top, point.y);
        bottom = std::max(bottom, point.y);
    }
    return {left, top, right - left, bottom - top};
}

std::optional<std::vector<std::uint32_t>> parse_counts(std::string_view text) {
    std::vector<std::uint32_t> counts;
    text = trim(text);
    if (text.empty()) return counts;
    while (true) {
        const std::size_t end = text.find(',');
        const auto count = parse_integer(trim(text.substr(0, end)));
        if (!count || *count < 0 || *count > 0xFFFFFFFFLL) return std::nullopt;
        counts.push_back(static_cast<std::uint32_t>(*count));
        if (end == std::string_view::npos) break;
        text = text.substr(end + 1);
    }
    return counts;
}

DecodedMask decode_mask(const CvatMask& mask, ImageSize image, const Location& where) {
    if (image.width == 0 || image.height == 0)
        throw Error("a <mask> needs its image's width and height (the model's masks cover the whole image)", where,
                    "cvat/mask-size");
    if (mask.width == 0 || mask.height == 0)
        throw Error(fmt::format("the <mask> box is {}x{}: expected a width and height of at least 1", mask.width,
                                mask.height),
                    where, "cvat/mask-size");
    if (std::uint64_t{mask.left} + mask.width > image.width || std::uint64_t{mask.top} + mask.height > image.height)
        throw Error(fmt::format("the <mask> box (left {}, top {}, {}x{}) leaves the {}x{} image", mask.left, mask.top,
                                mask.width, mask.height, image.width, image.height),
                    where, "cvat/mask-size");
    const std::uint64_t area = std::uint64_t{mask.width} * mask.height;
    if (std::uint64_t{image.width} * image.height > limits::max_raster_pixels)
        throw Error(fmt::format("a {}x{} image is larger than labelkit decodes masks for", image.width, image.height),
                    where, "cvat/mask-size");
    if (const std::uint64_t sum = sum_of(mask.counts); sum != area)
        throw Error(fmt::format("the rle counts add up to {} pixels, but the mask box is {}x{} = {}", sum, mask.width,
                                mask.height, area),
                    where, "cvat/mask-size");

    std::vector<std::uint8_t> bits(area, 0);  // row-major over the mask's box
    std::size_t at = 0;
    for (std::size_t run = 0; run < mask.counts.size(); ++run) {
        if (run % 2 == 1) std::fill_n(bits.begin() + static_cast<std::ptrdiff_t>(at), mask.counts[run], 1);
        at += mask.counts[run];
    }

    DecodedMask decoded;
    decoded.mask.width = image.width;
    decoded.mask.height = image.height;
    std::uint32_t left = mask.width, right = 0, top = mask.height, bottom = 0;
    RunBuilder runs;
    runs.add(false, mask.left * image.height);
    for (std::uint32_t column = 0; column < mask.width; ++column) {
        runs.add(false, mask.top);
        for (std::uint32_t row = 0; row < mask.height; ++row) {
            const bool set = bits[std::size_t{row} * mask.width + column] != 0;
            runs.add(set, 1);
            if (!set) continue;
            left = std::min(left, column);
            right = std::max(right, column + 1);
            top = std::min(top, row);
            bottom = std::max(bottom, row + 1);
        }
        runs.add(false, image.height - mask.top - mask.height);
    }
    runs.add(false, (image.width - mask.left - mask.width) * image.height);
    decoded.mask.counts = runs.finish();
    decoded.box = right == 0 ? Box{double(mask.left), double(mask.top), double(mask.width), double(mask.height)}
                             : Box{double(mask.left + left), double(mask.top + top), double(right - left),
                                   double(bottom - top)};
    return decoded;
}

std::optional<CvatMask> encode_mask(const RleMask& mask) {
    const std::uint64_t area = std::uint64_t{mask.width} * mask.height;
    if (sum_of(mask.counts) != area)
        throw Error(fmt::format("a mask's counts add up to {} pixels, not its {}x{}", sum_of(mask.counts), mask.width,
                                mask.height));
    std::uint32_t left = mask.width, right = 0, top = mask.height, bottom = 0;
    std::uint64_t at = 0;
    for (std::size_t run = 0; run < mask.counts.size(); at += mask.counts[run], ++run) {
        if (run % 2 == 0 || mask.counts[run] == 0) continue;
        const std::uint64_t last = at + mask.counts[run] - 1;
        const auto first_column = static_cast<std::uint32_t>(at / mask.height);
        const auto last_column = static_cast<std::uint32_t>(last / mask.height);
        left = std::min(left, first_column);
        right = std::max(right, last_column + 1);
        top = std::min(top, first_column == last_column ? static_cast<std::uint32_t>(at % mask.height) : 0);
        bottom = std::max(bottom, first_column == last_column ? static_cast<std::uint32_t>(last % mask.height) + 1
                                                              : mask.height);
    }
    if (right == 0) return std::nullopt;
    CvatMask cut{{}, left, top, right - left, bottom - top};
    if (std::uint64_t{cut.width} * cut.height > limits::max_raster_pixels)
        throw Error(fmt::format("a mask of {}x{} pixels is larger than labelkit encodes", cut.width, cut.height));
    std::vector<std::uint8_t> bits(std::size_t{cut.width} * cut.height, 0);  // row-major over the cut
    at = 0;
    for (std::size_t run = 0; run < mask.counts.size(); at += mask.counts[run], ++run) {
        if (run % 2 == 0) continue;
        for (std::uint64_t pixel = at; pixel < at + mask.counts[run]; ++pixel) {
            const auto column = static_cast<std::uint32_t>(pixel / mask.height);
            const auto row = static_cast<std::uint32_t>(pixel % mask.height);
            bits[std::size_t{row - top} * cut.width + (column - left)] = 1;
        }
    }
    RunBuilder runs;
    for (std::uint8_t bit : bits) runs.add(bit != 0, 1);
    cut.counts = runs.finish();
    return cut;
}

}  // namespace labelkit::cvat
