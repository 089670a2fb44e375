// Geometry shared by formats and ops: bounds, areas, COCO RLE masks, rasterisation and
// mask outlines.
//
// Conventions (see also DESIGN.md, "The model"):
//   - Coordinates are absolute pixels, float64, continuous, top-left origin; pixel (i, j)
//     (column i, row j) covers [i, i+1) x [j, j+1), so its centre is (i + 0.5, j + 0.5).
//   - RLE masks follow COCO (pycocotools maskApi.c): pixels in column-major order
//     (index = x * height + y), counts alternate runs of 0s and 1s starting with a run of
//     0s (a mask whose first pixel is set starts with a count of 0).
//   - area(PolygonSet) is the exact geometric area (shoelace, summed over rings; overlapping
//     rings are counted twice). pycocotools' annToRLE-based polygon "area" is the pixel
//     count of the rasterised, merged polygons instead; the two differ by up to about half
//     the perimeter.
//   - rasterize() samples pixel centres: a pixel is set when its centre is inside a ring
//     (even-odd rule within a ring, union over rings). A centre lying exactly on the
//     boundary counts as inside on left/top edges and outside on right/bottom edges, so a
//     pixel-aligned rectangle [x0, x1) x [y0, y1) gives exactly (x1-x0)*(y1-y0) pixels and
//     rasterize(rle_to_polygons(m)) reproduces m (with its holes filled).
//   - rle_to_polygons() returns, for each outer contour found by OpenCV (8-connected
//     foreground), the exact pixel-edge outline of that component: vertices on pixel
//     corners, clockwise as seen on screen (y down), starting at the top-left corner of the
//     component's first pixel in row-major order, one vertex per change of direction.
//     Holes are not represented (RETR_EXTERNAL), so the ring covers the component with its
//     holes filled. Rings are ordered by their starting pixel (row, then column).
#include "labelkit/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "labelkit/error.hpp"
#include "labelkit/limits.hpp"

namespace labelkit {

namespace {

constexpr std::uint64_t max_rle_pixels = std::numeric_limits<std::uint32_t>::max();

// height * width as a 64-bit number, refusing masks whose runs cannot be held in the
// 32-bit counts COCO (and RleMask) use.
std::uint64_t checked_pixel_count(std::uint32_t height, std::uint32_t width) {
    const std::uint64_t n = std::uint64_t{height} * width;
    if (n > max_rle_pixels)
        throw Error(fmt::format("a mask of {} x {} pixels is too large for RLE (at most {} pixels)",
                                height, width, max_rle_pixels));
    return n;
}

// Throws unless the runs cover the mask exactly.
void check_counts_cover(const RleMask& mask) {
    std::uint64_t sum = 0;
    for (std::uint32_t c : mask.counts) sum += c;
    const std::uint64_t n = std::uint64_t{mask.height} * mask.width;
    if (sum != n)
        throw Error(fmt::format("RLE counts add up to {} pixels, but a {} x {} mask has {}", sum,
                                mask.height, mask.width, n));
}

Box box_from_extremes(double x0, double y0, double x1, double y1) {
    return Box{x0, y0, x1 - x0, y1 - y0};
}

template <class Points>
bool extend_extremes(const Points& points, double& x0, double& y0, double& x1, double& y1) {
    bool any = false;
    for (const Point& p : points) {
        x0 = std::min(x0, p.x);
        y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x);
        y1 = std::max(y1, p.y);
        any = true;
    }
    return any;
}

constexpr double inf = std::numeric_limits<double>::infinity();

// Smallest integer k in [0, limit] with k + 0.5 >= v (limit when there is none): the first
// pixel index whose centre is at or after v.
std::int64_t first_centre_at_or_after(double v, std::int64_t limit) {
    double k = std::ceil(v - 0.5);
    if (!(k > 0)) k = 0;  // also catches NaN, which callers exclude anyway
    if (k > static_cast<double>(limit)) k = static_cast<double>(limit);
    auto i = static_cast<std::int64_t>(k);
    // v - 0.5 may have been rounded; settle the boundary with exact comparisons
    // (i + 0.5 is exact for any i below 2^52).
    while (i > 0 && static_cast<double>(i - 1) + 0.5 >= v) --i;
    while (i < limit && static_cast<double>(i) + 0.5 < v) ++i;
    return i;
}

// Word-at-a-time scans over the column-major mask bytes.
std::size_t find_nonzero(const std::uint8_t* p, std::size_t i, std::size_t n) {
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (word != 0) break;
    }
    while (i < n && p[i] == 0) ++i;
    return i;
}

std::size_t find_zero(const std::uint8_t* p, std::size_t i, std::size_t n) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (((word - ones) & ~word & highs) != 0) break;  // some byte is zero
    }
    while (i < n && p[i] != 0) ++i;
    return i;
}

// One non-vertical polygon edge, as seen by the column sweep of rasterize().
struct SweepEdge {
    std::int64_t first_column;  // columns [first_column, end_column) have their centre
    std::int64_t end_column;    // in [x_lo, x_hi)
    std::uint32_t ring;
    double x_lo, y_at_x_lo, slope;
};

std::string describe_char(unsigned char ch) {
    if (ch >= 0x20 && ch < 0x7f) return fmt::format("'{}'", static_cast<char>(ch));
    return fmt::format("byte 0x{:02x}", ch);
}

struct Crossing {
    std::uint32_t ring;
    double y;
    bool operator<(const Crossing& o) const { return ring != o.ring ? ring < o.ring : y < o.y; }
};

}  // namespace

// ---------------------------------------------------------------------------------------
// Bounds, areas, corners

Box bounds(const std::vector<Point>& ring) {
    double x0 = inf, y0 = inf, x1 = -inf, y1 = -inf;
    if (!extend_extremes(ring, x0, y0, x1, y1)) return Box{};
    return box_from_extremes(x0, y0, x1, y1);
}

std::optional<Box> shape_bounds(const Shape& shape) {
    if (const auto* polygons = std::get_if<PolygonSet>(&shape)) return bounds(*polygons);
    if (const auto* mask = std::get_if<RleMask>(&shape)) return bounds(*mask);
    if (const auto* oriented = std::get_if<OrientedBox>(&shape)) return bounds(*oriented);
    return std::nullopt;
}

double edge_difference(const Box& a, const Box& b) {
    return std::max({std::abs(a.x - b.x), std::abs(a.y - b.y), std::abs(a.right() - b.right()),
                     std::abs(a.bottom() - b.bottom())});
}

double distance_outside(const Box& box, double width, double height) {
    return std::max({0.0, -box.x, -box.y, box.right() - width, box.bottom() - height});
}

std::string to_string(const Box& box) {
    return fmt::format("[x {}, y {}, w {}, h {}]", box.x, box.y, box.width, box.height);
}

Box bounds(const PolygonSet& polygons) {
    double x0 = inf, y0 = inf, x1 = -inf, y1 = -inf;
    bool any = false;
    for (const auto& ring : polygons.rings) any |= extend_extremes(ring, x0, y0, x1, y1);
    if (!any) return Box{};
    return box_from_extremes(x0, y0, x1, y1);
}

Box bounds(const OrientedBox& box) {
    double x0 = inf, y0 = inf, x1 = -inf, y1 = -inf;
    extend_extremes(box.corners, x0, y0, x1, y1);
    return box_from_extremes(x0, y0, x1, y1);
}

// Like pycocotools' rleToBbox: x is the first column holding a foreground pixel, width the
// number of columns from it to the last one; likewise for rows.
Box bounds(const RleMask& mask) {
    const std::uint64_t h = mask.height;
    const std::uint64_t n = h * mask.width;
    if (n == 0) return Box{};
    std::uint64_t x0 = std::numeric_limits<std::uint64_t>::max(), y0 = x0, x1 = 0, y1 = 0;
    bool any = false;
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < mask.counts.size() && pos < n; ++i) {
        const std::uint64_t run = mask.counts[i];
        if (i % 2 == 1 && run > 0) {
            const std::uint64_t first = pos;
            const std::uint64_t last = std::min(pos + run, n) - 1;
            const std::uint64_t first_x = first / h, last_x = last / h;
            x0 = std::min(x0, first_x);
            x1 = std::max(x1, last_x);
            if (first_x == last_x) {
                y0 = std::min(y0, first % h);
                y1 = std::max(y1, last % h);
            } else {  // the run reaches the bottom of one column and the top of the next
                y0 = 0;
                y1 = h - 1;
            }
            any = true;
        }
        pos += run;
    }
    if (!any) return Box{};
    return Box{static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(x1 - x0 + 1),
               static_cast<double>(y1 - y0 + 1)};
}

double area(const std::vector<Point>& ring) {
    const std::size_t n = ring.size();
    if (n < 3) return 0.0;
    // Shoelace relative to the first vertex: the same sum, with far less cancellation for
    // rings far from the origin.
    const double ox = ring[0].x, oy = ring[0].y;
    double twice = 0.0;
    for (std::size_t i = 1; i + 1 < n; ++i) {
        const double ax = ring[i].x - ox, ay = ring[i].y - oy;
        const double bx = ring[i + 1].x - ox, by = ring[i + 1].y - oy;
        twice += ax * by - bx * ay;
    }
    return std::abs(twice) * 0.5;
}

// The exact geometric area, summed over rings (not the rasterised pixel count pycocotools
// reports for polygons, and not a union: overlapping rings count twice).
double area(const PolygonSet& polygons) {
    double total = 0.0;
    for (const auto& ring : polygons.rings) total += area(ring);
    return total;
}

double area(const RleMask& mask) {
    std::uint64_t total = 0;
    for (std::size_t i = 1; i < mask.counts.size(); i += 2) total += mask.counts[i];
    return static_cast<double>(total);
}

std::vector<Point> box_corners(const Box& box) {
    return {Point{box.x, box.y}, Point{box.right(), box.y}, Point{box.right(), box.bottom()},
            Point{box.x, box.bottom()}};
}

// ---------------------------------------------------------------------------------------
// Compressed RLE strings (pycocotools rleToString / rleFrString)
//
// Each count is turned into a signed value: counts[0..2] as they are, counts[i] for i > 2
// as counts[i] - counts[i-2]. The value is written in groups of 5 bits, least significant
// first; each group becomes one character 48 + group, plus 0x20 when more groups follow.
// Writing stops once the remaining value is 0 (or -1) and the group's bit 0x10 equals the
// sign, so that the reader can sign-extend from bit 0x10 of the last group.

std::string rle_counts_to_string(const std::vector<std::uint32_t>& counts) {
    std::string out;
    out.reserve(counts.size() * 2);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        std::int64_t x = counts[i];
        if (i > 2) x -= static_cast<std::int64_t>(counts[i - 2]);
        bool more = true;
        while (more) {
            int c = static_cast<int>(x & 0x1f);
            x >>= 5;  // arithmetic shift: x stays negative until it reaches -1
            more = (c & 0x10) ? x != -1 : x != 0;
            if (more) c |= 0x20;
            out.push_back(static_cast<char>(c + 48));
        }
    }
    return out;
}

std::vector<std::uint32_t> rle_counts_from_string(std::string_view text) {
    // A count is at most 2^32 - 1 and so a difference of two counts needs 34 signed bits:
    // 7 groups of 5 bits always suffice (pycocotools never writes more).
    constexpr int max_groups = 7;

    std::size_t values = 0;  // one value ends at every character without the 0x20 bit
    for (char ch : text) values += ((static_cast<unsigned char>(ch) - 48u) & 0x20u) == 0;
    std::vector<std::uint32_t> counts;
    counts.reserve(values);

    std::size_t p = 0;
    while (p < text.size()) {
        const std::size_t start = p;
        std::int64_t x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p == text.size())
                throw Error(fmt::format(
                    "invalid compressed RLE counts: the string ends in the middle of a value "
                    "(started at offset {})",
                    start));
            if (k == max_groups)
                throw Error(fmt::format(
                    "invalid compressed RLE counts: the value at offset {} is longer than {} "
                    "characters",
                    start, max_groups));
            const auto ch = static_cast<unsigned char>(text[p]);
            if (ch < 48 || ch > 48 + 63)
                throw Error(fmt::format(
                    "invalid compressed RLE counts: {} at offset {} is not one of the "
                    "characters '0'..'o'",
                    describe_char(ch), p));
            const int c = ch - 48;
            x |= static_cast<std::int64_t>(c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            ++p;
            ++k;
            if (!more && (c & 0x10)) x |= ~std::int64_t{0} << (5 * k);  // sign-extend
        }
        if (counts.size() > 2) x += counts[counts.size() - 2];
        if (x < 0 || x > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max()))
            throw Error(fmt::format(
                "invalid compressed RLE counts: count #{} (at offset {}) decodes to {}, outside "
                "0..4294967295",
                counts.size(), start, x));
        counts.push_back(static_cast<std::uint32_t>(x));
    }
    return counts;
}

// ---------------------------------------------------------------------------------------
// Masks

std::vector<std::uint8_t> rle_decode(const RleMask& mask) {
    check_counts_cover(mask);
    std::vector<std::uint8_t> out(std::uint64_t{mask.height} * mask.width);
    std::size_t pos = 0;
    for (std::size_t i = 0; i < mask.counts.size(); ++i) {
        if (i % 2 == 1 && mask.counts[i] > 0) std::memset(out.data() + pos, 1, mask.counts[i]);
        pos += mask.counts[i];
    }
    return out;
}

// Any nonzero byte is foreground. Counts come out exactly as pycocotools' rleEncode makes
// them: the runs in order, the first one a run of 0s (possibly empty), never a trailing
// empty run; an empty (0-pixel) mask gives {0}.
RleMask rle_encode(const std::uint8_t* column_major, std::uint32_t height, std::uint32_t width) {
    const std::size_t n = checked_pixel_count(height, width);
    RleMask mask{height, width, {}};
    std::size_t i = 0;
    bool foreground = false;
    for (;;) {
        const std::size_t start = i;
        i = foreground ? find_zero(column_major, i, n) : find_nonzero(column_major, i, n);
        mask.counts.push_back(static_cast<std::uint32_t>(i - start));
        if (i == n) break;
        foreground = !foreground;
    }
    return mask;
}

// Column sweep: for each column, the ring edges spanning the column's centre line are
// intersected with it; within a ring the crossings pair up (even-odd), and the rows whose
// centres fall in [upper, lower) of a pair are set. Intervals of all rings are merged
// (union) and written straight into runs, so no height x width buffer is needed.
//
// Not cv::fillPoly: OpenCV also draws each polygon's outline (between vertices rounded to
// whole pixels) for LINE_4/LINE_8, and an anti-aliased one for LINE_AA, which adds pixels
// along the right and bottom edges (a 2 x 2 pixel-aligned square fills 3 x 3 pixels) and
// would make rasterize(rle_to_polygons(m)) grow every mask.
RleMask rasterize(const PolygonSet& polygons, std::uint32_t height, std::uint32_t width) {
    const std::uint64_t n = checked_pixel_count(height, width);
    RleMask mask{height, width, {}};
    RleRunBuilder runs(mask.counts);

    std::vector<SweepEdge> edges;
    if (n > 0) {
        std::size_t total_points = 0;
        for (const auto& ring : polygons.rings) total_points += ring.size();
        edges.reserve(total_points);
        for (std::size_t r = 0; r < polygons.rings.size(); ++r) {
            const auto& ring = polygons.rings[r];
            if (ring.size() < 3) continue;  // no area
            for (const Point& p : ring)
                if (!std::isfinite(p.x) || !std::isfinite(p.y))
                    throw Error(fmt::format("cannot rasterise a polygon with a non-finite "
                                            "coordinate ({}, {})",
                                            p.x, p.y));
            for (std::size_t i = 0; i < ring.size(); ++i) {
                Point a = ring[i];
                Point b = ring[i + 1 == ring.size() ? 0 : i + 1];
                if (a.x == b.x) continue;  // vertical: never crosses a column's centre line
                if (b.x < a.x) std::swap(a, b);
                SweepEdge e;
                e.first_column = first_centre_at_or_after(a.x, width);
                e.end_column = first_centre_at_or_after(b.x, width);
                if (e.first_column >= e.end_column) continue;
                e.ring = static_cast<std::uint32_t>(r);
                e.x_lo = a.x;
                e.y_at_x_lo = a.y;
                e.slope = (b.y - a.y) / (b.x - a.x);
                edges.push_back(e);
            }
        }
    }

    if (!edges.empty()) {
        std::sort(edges.begin(), edges.end(), [](const SweepEdge& l, const SweepEdge& r) {
            return l.first_column < r.first_column;
        });
        std::vector<const SweepEdge*> active;
        std::vector<Crossing> crossings;
        std::vector<std::pair<std::int64_t, std::int64_t>> rows;
        std::size_t next = 0;
        std::int64_t x = edges[0].first_column;
        while (x < static_cast<std::int64_t>(width)) {
            if (active.empty()) {
                if (next == edges.size()) break;
                x = std::max(x, edges[next].first_column);
            }
            while (next < edges.size() && edges[next].first_column <= x) active.push_back(&edges[next++]);
            std::erase_if(active, [x](const SweepEdge* e) { return e->end_column <= x; });
            if (active.empty()) continue;

            const double xc = static_cast<double>(x) + 0.5;
            crossings.clear();
            for (const SweepEdge* e : active) {
                double y = e->y_at_x_lo + (xc - e->x_lo) * e->slope;
                // 0 * inf when an almost vertical edge (slope overflowed) starts right on
                // the centre line: its y there is y_at_x_lo. (Keeps the sort well-defined.)
                if (std::isnan(y)) y = e->y_at_x_lo;
                crossings.push_back({e->ring, y});
            }
            std::sort(crossings.begin(), crossings.end());

            rows.clear();
            for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
                // Within one ring the crossings come in pairs (half-open spans per edge).
                const auto top = first_centre_at_or_after(crossings[i].y, height);
                const auto bottom = first_centre_at_or_after(crossings[i + 1].y, height);
                if (top < bottom) rows.emplace_back(top, bottom);
            }
            if (!rows.empty()) {
                std::sort(rows.begin(), rows.end());
                const std::uint64_t column_start = static_cast<std::uint64_t>(x) * height;
                auto [lo, hi] = rows[0];
                for (std::size_t i = 1; i < rows.size(); ++i) {
                    if (rows[i].first <= hi) {
                        hi = std::max(hi, rows[i].second);
                    } else {
                        runs.add(column_start + lo, column_start + hi);
                        std::tie(lo, hi) = rows[i];
                    }
                }
                runs.add(column_start + lo, column_start + hi);
            }
            ++x;
        }
    }
    runs.finish(n);
    return mask;
}

// OpenCV finds the outer contours (8-connected foreground, RETR_EXTERNAL); each is turned
// into the exact outline of its pixels by following pixel edges ("crack following") from
// the top-left corner of the component's first pixel, keeping the component on the right:
// at each pixel corner, with L and R the two pixels ahead (left and right of the heading),
//   L set           -> turn left (L touches the component at least diagonally: 8-connected)
//   L clear, R set  -> straight on
//   both clear      -> turn right.
// The walk is closed when it is back at the start corner, which only one pixel of the
// component touches.
PolygonSet rle_to_polygons(const RleMask& mask) {
    check_counts_cover(mask);
    PolygonSet out;
    if (area(mask) == 0) return out;

    // Only the bounding box of the foreground is copied, row-major, with a one-pixel clear
    // border so that neighbours never fall outside and OpenCV sees no border contact.
    const Box box = bounds(mask);
    const auto x0 = static_cast<std::uint64_t>(box.x), y0 = static_cast<std::uint64_t>(box.y);
    const auto bw = static_cast<std::uint64_t>(box.width), bh = static_cast<std::uint64_t>(box.height);
    if (bw > limits::max_raster_pixels || bh > limits::max_raster_pixels || (bw + 2) * (bh + 2) > limits::max_raster_pixels)
        throw Error(fmt::format("the mask's foreground spans {} x {} pixels, more than labelkit outlines at once ({})", bw,
                                bh, limits::max_raster_pixels));
    cv::Mat image = cv::Mat::zeros(static_cast<int>(bh + 2), static_cast<int>(bw + 2), CV_8U);
    {
        const std::uint64_t h = mask.height;
        std::uint64_t pos = 0;
        for (std::size_t i = 0; i < mask.counts.size(); ++i) {
            const std::uint64_t run = mask.counts[i];
            if (i % 2 == 1 && run > 0) {
                std::uint64_t x = pos / h, y = pos % h, left = run;
                while (left > 0) {
                    const std::uint64_t take = std::min(left, h - y);
                    auto* column = image.ptr<std::uint8_t>(0) + (x - x0 + 1);
                    for (std::uint64_t r = y; r < y + take; ++r) column[(r - y0 + 1) * image.step[0]] = 1;
                    left -= take;
                    ++x;
                    y = 0;
                }
            }
            pos += run;
        }
    }
    const double ox = static_cast<double>(x0) - 1, oy = static_cast<double>(y0) - 1;

    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(image, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);

    // The first pixel (row, then column) of each outer component: OpenCV starts tracing the
    // component there, and CHAIN_APPROX_SIMPLE keeps it, since no straight run of the contour
    // can pass through it (nothing is above it or left of it in its row).
    std::vector<cv::Point> starts;
    starts.reserve(contours.size());
    for (const auto& contour : contours) {
        if (contour.empty()) continue;
        cv::Point s = contour[0];
        for (const cv::Point& p : contour)
            if (p.y < s.y || (p.y == s.y && p.x < s.x)) s = p;
        starts.push_back(s);
    }
    std::sort(starts.begin(), starts.end(),
              [](const cv::Point& a, const cv::Point& b) { return a.y != b.y ? a.y < b.y : a.x < b.x; });

    // Headings E, S, W, N (y down); a right turn is +1. For a corner (cx, cy) of the padded
    // image, the four pixels around it are NW (cx-1, cy-1), NE (cx, cy-1), SW (cx-1, cy) and
    // SE (cx, cy); the pixels ahead, left and right of the heading, are:
    //   E: L = NE, R = SE    S: L = SE, R = SW    W: L = SW, R = NW    N: L = NW, R = NE
    static constexpr int dx[4] = {1, 0, -1, 0};
    static constexpr int dy[4] = {0, 1, 0, -1};
    static constexpr int left_ox[4] = {0, 0, -1, -1}, left_oy[4] = {-1, 0, 0, -1};
    static constexpr int right_ox[4] = {0, -1, -1, 0}, right_oy[4] = {0, 0, -1, -1};
    auto set = [&image](int x, int y) { return image.at<std::uint8_t>(y, x) != 0; };

    const std::uint64_t max_steps = 4 * (bh + 2) * (bw + 2);
    out.rings.reserve(starts.size());
    for (const cv::Point& s : starts) {
        // Pixel s of the copy has its top-left corner at corner (s.x, s.y) of the copy, which
        // is (s.x + ox, s.y + oy) in mask coordinates.
        std::vector<Point> ring;
        const int sx = s.x, sy = s.y;
        int cx = sx, cy = sy, dir = 0;
        ring.push_back(Point{cx + ox, cy + oy});
        for (std::uint64_t step = 0;; ++step) {
            if (step > max_steps) throw Error("internal error: mask outline does not close");
            cx += dx[dir];
            cy += dy[dir];
            if (cx == sx && cy == sy) break;
            int turned;
            if (set(cx + left_ox[dir], cy + left_oy[dir]))
                turned = (dir + 3) % 4;
            else if (set(cx + right_ox[dir], cy + right_oy[dir]))
                turned = dir;
            else
                turned = (dir + 1) % 4;
            if (turned != dir) {
                ring.push_back(Point{cx + ox, cy + oy});
                dir = turned;
            }
        }
        if (ring.size() >= 3) out.rings.push_back(std::move(ring));
    }
    return out;
}

}  // namespace labelkit

namespace labelkit {

bool all_finite(const Annotation& a) {
    const auto finite = [](const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); };
    if (!std::isfinite(a.box.x) || !std::isfinite(a.box.y) || !std::isfinite(a.box.width) || !std::isfinite(a.box.height))
        return false;
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape))
        for (const auto& ring : polygons->rings)
            if (!std::all_of(ring.begin(), ring.end(), finite)) return false;
    if (const auto* oriented = std::get_if<OrientedBox>(&a.shape))
        if (!std::all_of(oriented->corners.begin(), oriented->corners.end(), finite)) return false;
    return std::all_of(a.keypoints.begin(), a.keypoints.end(),
                       [](const Keypoint& k) { return std::isfinite(k.x) && std::isfinite(k.y); });
}

namespace {

bool close(double a, double b, double tolerance) { return std::abs(a - b) <= tolerance; }
bool close(const Point& a, const Point& b, double tolerance) {
    return close(a.x, b.x, tolerance) && close(a.y, b.y, tolerance);
}

// Every edge within tolerance (false when a coordinate is NaN).
bool close(const Box& a, const Box& b, double tolerance) {
    return close(a.x, b.x, tolerance) && close(a.y, b.y, tolerance) && close(a.right(), b.right(), tolerance) &&
           close(a.bottom(), b.bottom(), tolerance);
}

bool same_points(const std::vector<Point>& a, const std::vector<Point>& b, double tolerance) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [&](const Point& p, const Point& q) { return close(p, q, tolerance); });
}

bool same_shape(const Shape& a, const Shape& b, double tolerance) {
    if (a.index() != b.index()) return false;
    if (const auto* polygons = std::get_if<PolygonSet>(&a)) {
        const auto& other = std::get<PolygonSet>(b).rings;
        return polygons->rings.size() == other.size() &&
               std::equal(polygons->rings.begin(), polygons->rings.end(), other.begin(),
                          [&](const auto& p, const auto& q) { return same_points(p, q, tolerance); });
    }
    if (const auto* oriented = std::get_if<OrientedBox>(&a))
        return same_points(oriented->corners, std::get<OrientedBox>(b).corners, tolerance);
    return a == b;  // masks are whole pixels; a box only has no shape
}

// Mixes 64-bit words one at a time (multiply and xor-shift, as in splitmix64 and FNV).
class WordHash {
public:
    void add(std::uint64_t value) {
        hash_ = (hash_ ^ value) * 0x9e3779b97f4a7c15ULL;
        hash_ ^= hash_ >> 29;
    }
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Adds every point, in order, to the digest's weighted sums.
class PointSums {
public:
    explicit PointSums(GeometryDigest& digest) : digest_(digest) {}
    void add(const Point& p) {
        const double weight = static_cast<double>(++digest_.points);
        digest_.weighted_x += weight * p.x;
        digest_.weighted_y += weight * p.y;
    }

private:
    GeometryDigest& digest_;
};

}  // namespace

bool same_class_and_geometry(const Annotation& a, const Annotation& b, double tolerance) {
    if (a.category != b.category || !close(a.box, b.box, tolerance) || a.keypoints.size() != b.keypoints.size())
        return false;
    for (std::size_t k = 0; k < a.keypoints.size(); ++k)
        if (a.keypoints[k].visibility != b.keypoints[k].visibility ||
            !close(Point{a.keypoints[k].x, a.keypoints[k].y}, Point{b.keypoints[k].x, b.keypoints[k].y}, tolerance))
            return false;
    return same_shape(a.shape, b.shape, tolerance);
}

namespace {

std::uint64_t structure_of_box_only() {
    WordHash structure;
    structure.add(std::uint64_t{0});  // the index of std::monostate
    structure.add(std::uint64_t{0});  // no keypoints
    return structure.value();
}

// One ring of four points on the corners of the box (in any order), within tolerance.
bool is_box_outline(const std::vector<Point>& ring, const Box& box, double tolerance) {
    if (ring.size() != 4) return false;
    for (const Point& corner : box_corners(box))
        if (std::none_of(ring.begin(), ring.end(), [&](const Point& p) { return close(p, corner, tolerance); }))
            return false;
    return true;
}

bool shape_is_box_outline(const Shape& shape, const Box& box, double tolerance) {
    if (const auto* polygons = std::get_if<PolygonSet>(&shape))
        return polygons->rings.size() == 1 && is_box_outline(polygons->rings[0], box, tolerance);
    if (const auto* oriented = std::get_if<OrientedBox>(&shape)) return is_box_outline(oriented->corners, box, tolerance);
    return false;
}

}  // namespace

const std::uint64_t GeometryDigest::bare_structure = structure_of_box_only();

GeometryDigest digest(const Annotation& annotation, double tolerance) {
    GeometryDigest digest;
    digest.category = annotation.category;
    digest.box = annotation.box;
    WordHash structure;
    PointSums sums(digest);
    const Shape& shape = annotation.shape;
    const bool box_only = std::holds_alternative<std::monostate>(shape) || shape_is_box_outline(shape, annotation.box, tolerance);
    structure.add(static_cast<std::uint64_t>(box_only ? 0 : shape.index()));
    if (box_only) {
        // the box's own outline says no more than the box
    } else if (const auto* polygons = std::get_if<PolygonSet>(&shape)) {
        for (const auto& ring : polygons->rings) {
            structure.add(static_cast<std::uint64_t>(ring.size()));
            for (const Point& p : ring) sums.add(p);
        }
    } else if (const auto* mask = std::get_if<RleMask>(&shape)) {
        structure.add((std::uint64_t{mask->height} << 32) | mask->width);
        for (std::uint32_t count : mask->counts) structure.add(std::uint64_t{count});
    } else if (const auto* oriented = std::get_if<OrientedBox>(&shape)) {
        for (const Point& p : oriented->corners) sums.add(p);
    }
    structure.add(static_cast<std::uint64_t>(annotation.keypoints.size()));
    for (const Keypoint& k : annotation.keypoints) {
        structure.add(static_cast<std::uint64_t>(k.visibility));
        sums.add(Point{k.x, k.y});
    }
    digest.structure = structure.value();
    return digest;
}

bool same_within(const GeometryDigest& a, const GeometryDigest& b, double tolerance) {
    if (a.category != b.category || a.structure != b.structure || a.points != b.points) return false;
    if (!close(a.box, b.box, tolerance)) return false;
    // With every point within the tolerance, a weighted sum moves by at most tolerance times the
    // sum of the weights 1 + 2 + ... + n (plus the rounding of the sums themselves).
    const double n = a.points;
    const double slack = tolerance * n * (n + 1) / 2;
    const double rounding = 1e-12 * std::max(std::abs(a.weighted_x), std::abs(a.weighted_y));
    return close(a.weighted_x, b.weighted_x, slack + rounding) && close(a.weighted_y, b.weighted_y, slack + rounding);
}

double iou(const Box& a, const Box& b) {
    const double width = std::min(a.right(), b.right()) - std::max(a.x, b.x);
    const double height = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    const double overlap = width > 0 && height > 0 ? width * height : 0.0;
    const double joined = std::max(a.width, 0.0) * std::max(a.height, 0.0) +
                          std::max(b.width, 0.0) * std::max(b.height, 0.0) - overlap;
    return joined > 0 ? overlap / joined : 0.0;
}

}  // namespace labelkit
