// Drawing annotations on a picture, legends and contact sheets, with OpenCV's imgproc on the
// picture's own pixels (a cv::Mat over Picture::rgb, channels in RGB order), and PNG encoding
// with zlib.
//
// Sizes follow Ultralytics' Annotator: line width max(round((width + height) / 2 * 0.003), 2),
// text scale line width / 3 (kept within a sixth of the shorter side, see pen_for), text
// thickness max(line width - 1, 1), the label on a filled tag
// above the box's top-left corner (below it when there is no room), and mask fills at 50 %.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include "labelkit/error.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/ops/draw.hpp"
#include "ops/picture_cv.hpp"

namespace labelkit {

namespace {

constexpr int font = hershey_font;
constexpr double fill_opacity = 0.5;
constexpr int subpixel_bits = 4;  // polygon vertices at 1/16 pixel
// Coordinates further out than this (in pixels) are clamped: nothing there is visible, and
// OpenCV's fixed-point drawing would overflow.
constexpr double far_out = 1 << 20;
constexpr int max_thickness = 32767;  // OpenCV's own limit (cv::Exception beyond)

struct Pen {
    int line = 2;
    double text_scale = 2.0 / 3;
    int text_thickness = 1;
};

Pen pen_for(const Picture& picture) {
    Pen pen;
    pen.line = std::max(static_cast<int>(std::lround((picture.width + picture.height) / 2.0 * 0.003)), 2);
    // Capped: a quarter of the shorter side (a 25000000 x 1 picture would get 37500), and within
    // OpenCV's limit on thickness.
    pen.line = std::min({pen.line, std::max(1, static_cast<int>(std::min(picture.width, picture.height) / 4)),
                         max_thickness});
    // Hershey Simplex capitals are about 22 pixels high at scale 1: the text is kept within a sixth
    // of the shorter side, so that tags do not hide small images (Ultralytics' 2/3 would not).
    const double fitting = std::min(picture.width, picture.height) / 6.0 / 22.0;
    pen.text_scale = std::max(std::min(pen.line / 3.0, fitting), 0.3);
    pen.text_thickness = pen.text_scale < 0.5 ? 1 : std::max(pen.line - 1, 1);
    return pen;
}

double clamped(double value) { return std::clamp(value, -far_out, far_out); }

// A model point (continuous, pixel i covers [i, i + 1)) in OpenCV's fixed point (pixel centres
// at integers).
cv::Point fixed_point(const Point& p) {
    constexpr double one = 1 << subpixel_bits;
    return {static_cast<int>(std::lround((clamped(p.x) - 0.5) * one)),
            static_cast<int>(std::lround((clamped(p.y) - 0.5) * one))};
}

cv::Point pixel_point(double x, double y) {
    return {static_cast<int>(std::floor(clamped(x))), static_cast<int>(std::floor(clamped(y)))};
}

bool finite(const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

std::vector<std::vector<cv::Point>> fixed_rings(const std::vector<std::vector<Point>>& rings) {
    std::vector<std::vector<cv::Point>> out;
    for (const auto& ring : rings) {
        std::vector<cv::Point> points;
        for (const Point& p : ring)
            if (finite(p)) points.push_back(fixed_point(p));
        if (points.size() >= 2) out.push_back(std::move(points));
    }
    return out;
}

// One run of foreground, positions [start, end) in column-major order, painted column by column
// within the picture's rows: the work is the run's columns in the picture, not its length.
void fill_run(cv::Mat& overlay, std::uint64_t start, std::uint64_t end, std::uint64_t height, const cv::Vec3b& ink) {
    const std::uint64_t rows = std::min<std::uint64_t>(height, static_cast<std::uint64_t>(overlay.rows));
    for (std::uint64_t column = start / height; column * height < end; ++column) {
        const std::uint64_t top = std::max(start, column * height) - column * height;
        const std::uint64_t bottom = std::min({end - column * height, height, rows});
        for (std::uint64_t row = top; row < bottom; ++row)
            overlay.at<cv::Vec3b>(static_cast<int>(row), static_cast<int>(column)) = ink;
    }
}

// The mask's foreground (column-major runs) painted into the overlay, within both sizes. Runs
// right of the picture are not visited, so a mask declared far larger than its picture costs
// its runs plus the picture's pixels.
void fill_mask(cv::Mat& overlay, const RleMask& mask, Rgb colour) {
    if (mask.height == 0) return;
    const std::uint64_t height = mask.height;
    const std::uint64_t columns = std::min<std::uint64_t>(mask.width, static_cast<std::uint64_t>(overlay.cols));
    const std::uint64_t visible = columns * height;  // positions before the first column right of the picture
    const cv::Vec3b ink(colour.r, colour.g, colour.b);
    std::uint64_t position = 0;
    for (std::size_t run = 0; run < mask.counts.size() && position < visible; ++run) {
        const std::uint64_t end = position + std::min<std::uint64_t>(mask.counts[run], visible - position);
        if (run % 2 == 1) fill_run(overlay, position, end, height, ink);
        position = end;
    }
}

void fill_shape(cv::Mat& overlay, const Annotation& annotation, Rgb colour) {
    if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape)) {
        const auto rings = fixed_rings(polygons->rings);
        if (!rings.empty()) cv::fillPoly(overlay, rings, scalar(colour), cv::LINE_8, subpixel_bits);
    } else if (const auto* mask = std::get_if<RleMask>(&annotation.shape)) {
        fill_mask(overlay, *mask, colour);
    }
}

bool has_fill(const Annotation& annotation) {
    return std::holds_alternative<PolygonSet>(annotation.shape) || std::holds_alternative<RleMask>(annotation.shape);
}

// The outline inside the box: `pen.line` pixels wide from its first and last pixels inward
// (OpenCV's thick rectangle would centre the line on them, half outside).
void draw_box(cv::Mat& image, const Box& box, Rgb colour, const Pen& pen) {
    if (!std::isfinite(box.x) || !std::isfinite(box.y) || !std::isfinite(box.right()) || !std::isfinite(box.bottom()))
        return;
    cv::Point first = pixel_point(box.x, box.y);
    cv::Point last(std::max(first.x, static_cast<int>(std::ceil(clamped(box.right()))) - 1),
                         std::max(first.y, static_cast<int>(std::ceil(clamped(box.bottom()))) - 1));
    // Kept near the picture (an edge beyond it stays beyond it), so OpenCV sees small numbers.
    const auto near_picture = [&](cv::Point p) {
        return cv::Point(std::clamp(p.x, -pen.line, image.cols + pen.line), std::clamp(p.y, -pen.line, image.rows + pen.line));
    };
    first = near_picture(first);
    last = near_picture(last);
    const cv::Point inner_first(std::min(first.x + pen.line - 1, last.x), std::min(first.y + pen.line - 1, last.y));
    const cv::Point inner_last(std::max(last.x - pen.line + 1, first.x), std::max(last.y - pen.line + 1, first.y));
    const cv::Scalar ink = scalar(colour);
    cv::rectangle(image, first, {last.x, inner_first.y}, ink, cv::FILLED);       // top
    cv::rectangle(image, {first.x, inner_last.y}, last, ink, cv::FILLED);        // bottom
    cv::rectangle(image, first, {inner_first.x, last.y}, ink, cv::FILLED);       // left
    cv::rectangle(image, {inner_last.x, first.y}, last, ink, cv::FILLED);        // right
}

void draw_outline(cv::Mat& image, const Annotation& annotation, Rgb colour, const Pen& pen) {
    if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape)) {
        cv::polylines(image, fixed_rings(polygons->rings), true, scalar(colour), pen.line, cv::LINE_8, subpixel_bits);
    } else if (const auto* oriented = std::get_if<OrientedBox>(&annotation.shape)) {
        cv::polylines(image, fixed_rings({oriented->corners}), true, scalar(colour), pen.line, cv::LINE_8, subpixel_bits);
    } else if (std::holds_alternative<std::monostate>(annotation.shape)) {
        draw_box(image, annotation.box, colour, pen);
    }
    // A mask is shown by its fill alone.
}

void draw_keypoints(cv::Mat& image, const Annotation& annotation, const Category& category, Rgb colour,
                    const Pen& pen) {
    const auto& points = annotation.keypoints;
    const auto visible = [&](int index) {
        return index >= 1 && static_cast<std::size_t>(index) <= points.size() && points[index - 1].visibility > 0 &&
               finite({points[index - 1].x, points[index - 1].y});
    };
    for (const auto& [a, b] : category.skeleton)
        if (visible(a) && visible(b))
            cv::line(image, fixed_point({points[a - 1].x, points[a - 1].y}), fixed_point({points[b - 1].x, points[b - 1].y}),
                     scalar(colour), std::max(pen.line / 2, 1), cv::LINE_8, subpixel_bits);
    const int radius = (pen.line + 2) << subpixel_bits;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (visible(static_cast<int>(i) + 1))  // labelled and visible: filled; labelled but hidden: a ring
            cv::circle(image, fixed_point({points[i].x, points[i].y}), radius, scalar(colour),
                       points[i].visibility == 2 ? cv::FILLED : std::max(pen.line / 2, 1), cv::LINE_AA, subpixel_bits);
}

// Where a tag of `size` goes: as Ultralytics puts it (above the box's top-left corner when there
// is room, else inside the box below its top edge), shifted left to end inside the picture and
// right to start inside it. When another tag already covers that place (several annotators' boxes
// share a corner in compare mode, crowded objects), the first free one of: below the box, inside
// its top, inside its bottom, each also right-aligned with the box; when none is free, the first.
cv::Rect place_tag(const cv::Mat& image, const Box& box, cv::Size size, const std::vector<cv::Rect>& taken) {
    const cv::Point top_left = pixel_point(box.x, box.y);
    const cv::Point bottom_right = pixel_point(box.right(), box.bottom());
    const int height = size.height + 3;
    const auto at = [&](int x, int y) {
        if (x < image.cols) x = std::clamp(x, 0, std::max(0, image.cols - size.width - 1));
        return cv::Rect(x, y, size.width, height);
    };
    const int above = top_left.y - height, below = bottom_right.y + 1, inside_bottom = bottom_right.y - height;
    const cv::Rect usual = at(top_left.x, top_left.y >= height ? above : top_left.y);
    const auto is_free = [&](const cv::Rect& place) {
        return std::none_of(taken.begin(), taken.end(), [&](const cv::Rect& t) { return (t & place).area() > 0; });
    };
    if (is_free(usual)) return usual;
    for (const int x : {top_left.x, bottom_right.x - size.width})
        for (const int y : {above, below, top_left.y, inside_bottom}) {
            const cv::Rect place = at(x, y);
            if (place.y >= 0 && place.y + height <= image.rows && is_free(place)) return place;
        }
    return usual;
}

void draw_tag(cv::Mat& image, const Box& box, const std::string& label, Rgb colour, const Pen& pen,
              std::vector<cv::Rect>& taken) {
    if (label.empty() || !std::isfinite(box.x) || !std::isfinite(box.y)) return;
    const std::string text = printable(label);
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, font, pen.text_scale, pen.text_thickness, &baseline);
    const cv::Rect place = place_tag(image, box, size, taken);
    taken.push_back(place);
    cv::rectangle(image, place.tl(), place.br() - cv::Point(0, 1), scalar(colour), cv::FILLED, cv::LINE_AA);
    cv::putText(image, text, {place.x, place.y + size.height + 1}, font, pen.text_scale, ink_on(colour),
                pen.text_thickness, cv::LINE_AA);
}

std::string shortened(const std::string& text, double scale, int width) {
    std::string shown = printable(text);
    int baseline = 0;
    while (shown.size() > 3 && cv::getTextSize(shown, font, scale, 1, &baseline).width > width)
        shown = ".." + shown.substr(3);
    return shown;
}

}  // namespace

Picture Picture::blank(std::uint32_t width, std::uint32_t height, Rgb colour) {
    Picture picture;
    picture.width = width;
    picture.height = height;
    picture.rgb.resize(std::size_t{width} * height * 3);
    for (std::size_t i = 0; i < picture.rgb.size(); i += 3) {
        picture.rgb[i] = colour.r;
        picture.rgb[i + 1] = colour.g;
        picture.rgb[i + 2] = colour.b;
    }
    return picture;
}

namespace {

void draw_each(Picture& picture, std::span<const Category> categories,
               std::span<const Annotation* const> annotations, std::span<const Stroke> strokes) {
    if (picture.width == 0 || picture.height == 0) return;
    cv::Mat image = view(picture);
    const Pen pen = pen_for(picture);
    // Fills first, blended once over the whole picture; then outlines, keypoints and tags on top.
    if (std::any_of(annotations.begin(), annotations.end(), [](const Annotation* a) { return has_fill(*a); })) {
        cv::Mat overlay = image.clone();
        for (std::size_t i = 0; i < annotations.size(); ++i) fill_shape(overlay, *annotations[i], strokes[i].colour);
        cv::addWeighted(overlay, fill_opacity, image, 1.0 - fill_opacity, 0.0, image);
    }
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        draw_outline(image, *annotations[i], strokes[i].colour, pen);
        if (!annotations[i]->keypoints.empty() && annotations[i]->category < categories.size())
            draw_keypoints(image, *annotations[i], categories[annotations[i]->category], strokes[i].colour, pen);
    }
    std::vector<cv::Rect> tags;
    for (std::size_t i = 0; i < annotations.size(); ++i)
        draw_tag(image, annotations[i]->box, strokes[i].label, strokes[i].colour, pen, tags);
}

bool add_legend_band(Picture& picture, const std::vector<std::pair<std::string, Rgb>>& entries) {
    if (entries.empty()) return true;
    constexpr double scale = 0.5;
    constexpr int row = 24, swatch = 14, gap = 16;
    const int width = std::max(static_cast<int>(picture.width), 240);
    // Entries left to right, onto a new row when the next does not fit.
    std::vector<cv::Point> places;
    int x = 8, rows = 1, baseline = 0;
    for (const auto& [name, colour] : entries) {
        const int entry = swatch + 6 + cv::getTextSize(printable(name), font, scale, 1, &baseline).width;
        if (x > 8 && x + entry > width - 8) {
            x = 8;
            ++rows;
        }
        places.emplace_back(x, (rows - 1) * row);
        x += entry + gap;
    }
    const std::uint64_t height = std::uint64_t{picture.height} + static_cast<std::uint64_t>(rows) * row + 4;
    if (height * static_cast<std::uint64_t>(width) > limits::max_raster_pixels) return false;
    cv::Mat out(static_cast<int>(height), width, CV_8UC3, cv::Scalar(255, 255, 255));
    view(picture).copyTo(out(cv::Rect(0, 0, static_cast<int>(picture.width), static_cast<int>(picture.height))));
    const int top = static_cast<int>(picture.height) + 4;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const cv::Point at = places[i] + cv::Point(0, top);
        cv::rectangle(out, cv::Rect(at.x, at.y + 4, swatch, swatch), scalar(entries[i].second), cv::FILLED);
        cv::putText(out, printable(entries[i].first), {at.x + swatch + 6, at.y + 16}, font, scale, {0, 0, 0}, 1,
                    cv::LINE_AA);
    }
    picture = from_mat(out);
    return true;
}

// OpenCV's failures (cv::Exception) as labelkit's, for the caller to count against one image.
template <typename Work>
auto with_opencv(const char* what, Work&& work) {
    try {
        return work();
    } catch (const cv::Exception& error) {
        throw Error(fmt::format("OpenCV could not draw the {}: {}", what, error.err));
    }
}

}  // namespace

void draw_annotations(Picture& picture, std::span<const Category> categories,
                      std::span<const Annotation* const> annotations, std::span<const Stroke> strokes) {
    with_opencv("annotations", [&] { draw_each(picture, categories, annotations, strokes); });
}

bool add_legend(Picture& picture, const std::vector<std::pair<std::string, Rgb>>& entries) {
    return with_opencv("legend", [&] { return add_legend_band(picture, entries); });
}

Picture thumbnail(const Picture& picture, std::uint32_t side) {
    if (picture.width == 0 || picture.height == 0) return picture;
    const double factor = std::min(1.0, static_cast<double>(side) / std::max(picture.width, picture.height));
    if (factor >= 1.0) return picture;
    cv::Mat small;
    cv::resize(view(picture), small,
               cv::Size(std::max(1, static_cast<int>(std::lround(picture.width * factor))),
                        std::max(1, static_cast<int>(std::lround(picture.height * factor)))),
               0, 0, cv::INTER_AREA);
    return from_mat(small);
}

Picture contact_sheet(const std::vector<std::pair<std::string, Picture>>& thumbnails) {
    constexpr int cell = 200, margin = 4, caption = 20, most_columns = 6;
    static_assert(sheet_thumbnail_side + 8 <= cell);
    constexpr double scale = 0.4;
    // Pictures larger than a thumbnail are scaled here; the others (the caller's thumbnails) are
    // taken as they are.
    std::vector<Picture> scaled;
    scaled.reserve(thumbnails.size());
    std::vector<const Picture*> small;
    int tallest = 1;
    for (const auto& [name, picture] : thumbnails) {
        if (std::max(picture.width, picture.height) > sheet_thumbnail_side) {
            scaled.push_back(thumbnail(picture, sheet_thumbnail_side));
            small.push_back(&scaled.back());
        } else {
            small.push_back(&picture);
        }
        tallest = std::max(tallest, static_cast<int>(small.back()->height));
    }
    // Rows as tall as the tallest thumbnail, each with its name below.
    const int row = margin + tallest + margin + caption;
    const int count = static_cast<int>(thumbnails.size());
    const int columns = std::clamp(count, 1, most_columns);
    const int rows = std::max(1, (count + columns - 1) / columns);
    cv::Mat sheet(rows * row, columns * cell, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int i = 0; i < count; ++i) {
        const cv::Point origin((i % columns) * cell, (i / columns) * row);
        const Picture& shown = *small[i];
        const cv::Rect place(origin.x + (cell - static_cast<int>(shown.width)) / 2,
                             origin.y + margin + tallest - static_cast<int>(shown.height),
                             static_cast<int>(shown.width), static_cast<int>(shown.height));
        view(shown).copyTo(sheet(place));
        cv::putText(sheet, shortened(thumbnails[i].first, scale, cell - 8),
                    {origin.x + 4, origin.y + margin + tallest + margin + 13}, font, scale, {0, 0, 0}, 1, cv::LINE_AA);
    }
    return from_mat(sheet);
}

// PNG by hand around zlib (stb_image_write's own deflate took four fifths of a run of draw):
// 8-bit RGB, every row Paeth-filtered (what suits photographs), zlib level 6.
std::vector<std::uint8_t> encode_png(const Picture& picture) {
    if (picture.width == 0 || picture.height == 0 || picture.width > 0x7FFFFFFF || picture.height > 0x7FFFFFFF)
        throw Error(fmt::format("could not encode a {}x{} picture as PNG", picture.width, picture.height));
    const std::size_t stride = std::size_t{picture.width} * 3;
    std::vector<std::uint8_t> filtered((stride + 1) * picture.height);
    for (std::size_t y = 0; y < picture.height; ++y) {
        const std::uint8_t* row = picture.rgb.data() + y * stride;
        const std::uint8_t* above = y > 0 ? row - stride : nullptr;
        std::uint8_t* out = filtered.data() + y * (stride + 1);
        out[0] = 4;  // Paeth
        for (std::size_t i = 0; i < stride; ++i) {
            const int a = i >= 3 ? row[i - 3] : 0, b = above ? above[i] : 0, c = above && i >= 3 ? above[i - 3] : 0;
            const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
            const int predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            out[i + 1] = static_cast<std::uint8_t>(row[i] - predictor);
        }
    }
    uLongf compressed_size = compressBound(static_cast<uLong>(filtered.size()));
    std::vector<std::uint8_t> compressed(compressed_size);
    if (compress2(compressed.data(), &compressed_size, filtered.data(), static_cast<uLong>(filtered.size()), 6) != Z_OK)
        throw Error(fmt::format("could not compress a {}x{} picture as PNG", picture.width, picture.height));
    compressed.resize(compressed_size);

    std::vector<std::uint8_t> png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const auto put32 = [&png](std::uint32_t value) {
        for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<std::uint8_t>(value >> shift));
    };
    const auto chunk = [&](const char* type, const std::uint8_t* data, std::size_t size) {
        put32(static_cast<std::uint32_t>(size));
        const std::size_t start = png.size();
        png.insert(png.end(), type, type + 4);
        png.insert(png.end(), data, data + size);
        put32(static_cast<std::uint32_t>(crc32(0, png.data() + start, static_cast<uInt>(size + 4))));
    };
    std::vector<std::uint8_t> header;
    for (const std::uint32_t value : {picture.width, picture.height})
        for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>(value >> shift));
    header.insert(header.end(), {8, 2, 0, 0, 0});  // 8 bits, RGB, deflate, adaptive filters, no interlace
    chunk("IHDR", header.data(), header.size());
    chunk("IDAT", compressed.data(), compressed.size());
    chunk("IEND", nullptr, 0);
    return png;
}

}  // namespace labelkit
