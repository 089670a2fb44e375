// Geometry checks of single annotations, and exact and near duplicates within an image.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "ops/lint_context.hpp"

namespace labelkit::lint_checks {

namespace {


// How far the box goes past each edge of a width x height image, as a phrase; empty when not
// more than tolerance anywhere.
std::string overflow(const Box& box, double width, double height, double tolerance) {
    std::string text;
    const auto side = [&](double amount, const char* where) {
        if (amount > tolerance)
            text += fmt::format("{}{} px {}", text.empty() ? "" : ", ", format_number(amount), where);
    };
    side(-box.x, "left of the image");
    side(-box.y, "above the image");
    side(box.right() - width, "past the right edge");
    side(box.bottom() - height, "below the bottom edge");
    return text;
}

double cross(const Point& o, const Point& a, const Point& b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Segments pq and rs cross at a point inside both (touching ends and collinear overlaps do not count).
bool properly_cross(const Point& p, const Point& q, const Point& r, const Point& s) {
    const double d1 = cross(r, s, p), d2 = cross(r, s, q), d3 = cross(p, q, r), d4 = cross(p, q, s);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

struct CrossingSearch {
    std::optional<std::pair<std::size_t, std::size_t>> crossing;  // edge indices, the lower first
    bool complete = true;  // false: the budget ran out before every pair was looked at
};

// A pair of non-adjacent edges of the ring that cross. Edges are swept in order of their left
// end, each compared only with those whose x range it overlaps: near-linear for drawn outlines.
// Rings made so that most edges overlap (a comb of long teeth) would be quadratic: the pairs
// compared are bounded, and a search cut short says so.
// Small rings (most drawn outlines): every pair, which costs less than sorting.
CrossingSearch find_crossing_pairwise(const std::vector<Point>& ring) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Point& a = ring[i];
        const Point& b = ring[(i + 1) % n];
        const double min_x = std::min(a.x, b.x), max_x = std::max(a.x, b.x);
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) continue;  // adjacent through the closing edge
            const Point& c = ring[j];
            const Point& d = ring[(j + 1) % n];
            if (std::max(c.x, d.x) < min_x || std::min(c.x, d.x) > max_x) continue;
            if (properly_cross(a, b, c, d)) return {std::pair{i, j}, true};
        }
    }
    return {};
}

CrossingSearch find_crossing(const std::vector<Point>& ring) {
    const std::size_t n = ring.size();
    if (n < 4) return {};
    if (n <= 64) return find_crossing_pairwise(ring);
    const auto start = [&](std::size_t e) { return ring[e]; };
    const auto end = [&](std::size_t e) { return ring[(e + 1) % n]; };
    const auto left = [&](std::size_t e) { return std::min(start(e).x, end(e).x); };
    const auto right = [&](std::size_t e) { return std::max(start(e).x, end(e).x); };
    std::vector<std::size_t> order(n);
    for (std::size_t e = 0; e < n; ++e) order[e] = e;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return left(a) < left(b); });
    std::uint64_t budget = (std::uint64_t{1} << 22) + 256 * std::uint64_t{n};  // a few ns each
    std::vector<std::size_t> active;  // edges begun whose x range may still overlap the next ones
    for (const std::size_t e : order) {
        const double x = left(e);
        const double low = std::min(start(e).y, end(e).y), high = std::max(start(e).y, end(e).y);
        std::size_t kept = 0;
        for (const std::size_t other : active) {
            if (budget-- == 0) return {std::nullopt, false};
            if (right(other) < x) continue;  // ended: dropped from the sweep
            active[kept++] = other;
            const std::size_t gap = e > other ? e - other : other - e;
            if (gap == 1 || gap == n - 1) continue;  // neighbours share a point
            if (std::max(start(other).y, end(other).y) < low || std::min(start(other).y, end(other).y) > high) continue;
            if (properly_cross(start(e), end(e), start(other), end(other)))
                return {std::pair{std::min(e, other), std::max(e, other)}, true};
        }
        active.resize(kept);
        active.push_back(e);
    }
    return {};
}

double geometry_area(const Annotation& a) {
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape)) return area(*polygons);
    if (const auto* mask = std::get_if<RleMask>(&a.shape)) return area(*mask);
    if (const auto* oriented = std::get_if<OrientedBox>(&a.shape)) return labelkit::area(oriented->corners);
    return a.box.width * a.box.height;
}

const char* geometry_kind(const Annotation& a) {
    if (std::holds_alternative<PolygonSet>(a.shape)) return "polygon area";
    if (std::holds_alternative<RleMask>(a.shape)) return "mask pixels";
    if (std::holds_alternative<OrientedBox>(a.shape)) return "oriented box area";
    return "box area";
}

// A key point on its own (Label Studio KeyPointLabels): an object that is one point, whose box is
// that point.
bool is_single_point(const Annotation& a) {
    return a.keypoints.size() == 1 && a.box.width == 0 && a.box.height == 0 &&
           std::holds_alternative<std::monostate>(a.shape);
}

void check_box(const Context& context, const Annotation& a, const Location& where) {
    if (context.enabled("geometry/degenerate-box") && (a.box.width <= 0 || a.box.height <= 0) && !is_single_point(a)) {
        context.report("geometry/degenerate-box", [&] { return std::string(fmt::format("box {} has no area", to_string(a.box))); }, where);
        return;
    }
    const Item& item = context.dataset.items[a.item];
    if (item.width == 0 || item.height == 0 || !context.enabled("geometry/box-outside-image")) return;
    const double tolerance = context.parameter("geometry/box-outside-image", "tolerance");
    const std::string past = overflow(a.box, item.width, item.height, tolerance);
    if (!past.empty())
        context.report("geometry/box-outside-image", [&] { return std::string(fmt::format("box {} extends {} ({}x{} image)", to_string(a.box), past, item.width, item.height)); },
                       where);
}

void check_polygons(const Context& context, const PolygonSet& polygons, const Location& where) {
    for (std::size_t r = 0; r < polygons.rings.size(); ++r) {
        const auto& ring = polygons.rings[r];
        const std::string which = polygons.rings.size() > 1 ? fmt::format("polygon {}", r + 1) : "polygon";
        if (ring.size() < 3) {
            if (context.enabled("geometry/polygon-too-few-points"))
                context.report("geometry/polygon-too-few-points", [&] { return std::string(fmt::format("{} has {} point{} (at least 3 are needed)", which, ring.size(),
                                           ring.size() == 1 ? "" : "s")); },
                               where);
            continue;
        }
        if (!context.enabled("geometry/self-intersecting-polygon")) continue;
        const CrossingSearch search = find_crossing(ring);
        if (const auto& crossing = search.crossing)
            context.report("geometry/self-intersecting-polygon", [&] { return std::string(fmt::format("{} crosses itself: edge {} (from point {}) crosses edge {}", which,
                                       crossing->first + 1, crossing->first + 1, crossing->second + 1)); },
                           where);
        else if (!search.complete)
            context.report("geometry/self-intersecting-polygon", [&] {
                return fmt::format("{} of {} points was not fully checked for crossings: so many of its edges overlap "
                                   "that comparing them would take too long", which, ring.size());
            }, where);
    }
}

void check_area(const Context& context, const Annotation& a, const Location& where) {
    if (!a.area.has_value() || !context.enabled("geometry/area-mismatch")) return;
    const double expected = geometry_area(a);
    const double difference = std::abs(*a.area - expected);
    const double allowed = std::max(context.parameter("geometry/area-mismatch", "relative_tolerance") * expected,
                                    context.parameter("geometry/area-mismatch", "absolute_tolerance"));
    if (difference > allowed)
        context.report("geometry/area-mismatch", [&] { return std::string(fmt::format("area is {} but the {} is {}", format_number(*a.area), geometry_kind(a),
                                   format_number(std::round(expected * 100) / 100))); },
                       where);
}

// A COCO bbox that is not the bounds of the object's own polygon or mask: tools that take the
// box (VOC, YOLO detect) and those that take the shape (YOLO segment) would disagree.
void check_box_against_shape(const Context& context, const Annotation& a, const Location& where) {
    if (!context.enabled("geometry/box-shape-mismatch")) return;
    const std::optional<Box> shape = shape_bounds(a.shape);
    if (!shape || a.box.width <= 0 || a.box.height <= 0) return;
    const double difference = edge_difference(*shape, a.box);
    if (difference > context.parameter("geometry/box-shape-mismatch", "tolerance"))
        context.report("geometry/box-shape-mismatch", [&] {
            return fmt::format("box {} is not the bounds {} of the object's own {} (an edge differs by {} px)",
                               to_string(a.box), to_string(*shape),
                               std::holds_alternative<RleMask>(a.shape)       ? "mask"
                               : std::holds_alternative<OrientedBox>(a.shape) ? "oriented box"
                                                                              : "polygon",
                               format_number(std::round(difference * 100) / 100));
        }, where);
}

void check_annotation(const Context& context, std::size_t index) {
    const Annotation& a = context.dataset.annotations[index];
    const Location where = context.annotation_location(index);
    if (!all_finite(a)) {
        if (context.enabled("geometry/non-finite"))
            context.report("geometry/non-finite", [&] { return std::string("a coordinate is NaN or infinite"); }, where);
        return;
    }
    check_box(context, a, where);
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape)) check_polygons(context, *polygons, where);
    if (const auto* mask = std::get_if<RleMask>(&a.shape)) {
        const Item& item = context.dataset.items[a.item];
        if (context.enabled("geometry/rle-size-mismatch") && item.width > 0 && item.height > 0 &&
            (mask->width != item.width || mask->height != item.height))
            context.report("geometry/rle-size-mismatch", [&] { return std::string(fmt::format("mask is {}x{} (width x height) but its image is {}x{}", mask->width,
                                       mask->height, item.width, item.height)); },
                           where);
    }
    check_area(context, a, where);
    check_box_against_shape(context, a, where);
}

}  // namespace

void check_geometry(const Context& context) {
    for (std::size_t i = 0; i < context.dataset.annotations.size(); ++i)
        if (!context.repeated(context.dataset.annotations[i].item)) check_annotation(context, i);
}

}  // namespace labelkit::lint_checks
