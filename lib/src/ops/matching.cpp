// Matching the shapes of several annotators on one image: shape IoU (exact along x for
// polygons, on pixels with masks), the Hungarian method, pairwise matching and grouping.
#include "labelkit/ops/matching.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"

namespace labelkit {

namespace {

// ---------------------------------------------------------------------------------------
// Shape IoU

bool has_area(const Box& b) {
    return b.width > 0 && b.height > 0 && std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.right()) &&
           std::isfinite(b.bottom());
}

bool boxes_overlap(const Box& a, const Box& b) {
    return std::min(a.right(), b.right()) > std::max(a.x, b.x) &&
           std::min(a.bottom(), b.bottom()) > std::max(a.y, b.y);
}

Box union_of(const Box& a, const Box& b) {
    const double x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
    return Box{x0, y0, std::max(a.right(), b.right()) - x0, std::max(a.bottom(), b.bottom()) - y0};
}

// The bounds of the region itself (the annotation's box for a plain box).
Box region_bounds(const Annotation& a) {
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape)) return bounds(*polygons);
    if (const auto* oriented = std::get_if<OrientedBox>(&a.shape)) return bounds(*oriented);
    if (const auto* mask = std::get_if<RleMask>(&a.shape)) return bounds(*mask);
    return a.box;
}

// The pixel grid both regions are sampled on when one is a mask: pixel (i, j) covers
// [x0 + i, x0 + i + 1) x [y0 + j, y0 + j + 1), with a whole-pixel origin so that masks line
// up with their pixels and shapes are sampled exactly as rasterize() samples them.
struct Grid {
    double x0 = 0, y0 = 0;
    std::uint32_t width = 0, height = 0;
};

Grid pixel_grid_over(const Box& region) {
    Grid grid;
    grid.x0 = std::floor(region.x);
    grid.y0 = std::floor(region.y);
    const double width = std::ceil(region.right() - grid.x0);
    const double height = std::ceil(region.bottom() - grid.y0);
    constexpr double max_side = std::numeric_limits<std::uint32_t>::max();
    if (!(width <= max_side && height <= max_side))
        throw Error(fmt::format("shapes spanning {} x {} pixels are too large to compare", region.width,
                                region.height));
    grid.width = static_cast<std::uint32_t>(width);
    grid.height = static_cast<std::uint32_t>(height);
    return grid;
}

// Foreground of a column-major grid as [begin, end) index intervals, in increasing order.
using Runs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

Runs runs_of(const RleMask& mask) {
    Runs runs;
    runs.reserve(mask.counts.size() / 2);
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < mask.counts.size(); ++i) {
        if (i % 2 == 1 && mask.counts[i] > 0) runs.emplace_back(pos, pos + mask.counts[i]);
        pos += mask.counts[i];
    }
    return runs;
}

// The mask's pixels inside the grid (which has cell 1 and a whole-pixel origin), read from
// the runs without decoding the rest of the mask.
Runs mask_runs(const RleMask& mask, const Grid& grid) {
    Runs runs;
    const auto gx = static_cast<std::int64_t>(grid.x0), gy = static_cast<std::int64_t>(grid.y0);
    const std::int64_t column_begin = std::max<std::int64_t>(gx, 0);
    const std::int64_t column_end = std::min<std::int64_t>(gx + grid.width, mask.width);
    const std::int64_t row_begin = std::max<std::int64_t>(gy, 0);
    const std::int64_t row_end = std::min<std::int64_t>(gy + grid.height, mask.height);
    if (column_begin >= column_end || row_begin >= row_end) return runs;

    const std::int64_t h = mask.height;
    const std::int64_t end_of_window = column_end * h;
    std::int64_t pos = 0;
    for (std::size_t i = 0; i < mask.counts.size() && pos < end_of_window; ++i) {
        const std::int64_t begin = pos, end = pos + mask.counts[i];
        pos = end;
        if (i % 2 == 0 || end == begin) continue;
        // Column by column through the run, only where it meets the window.
        const std::int64_t first = begin / h, last = (end - 1) / h;
        for (std::int64_t x = std::max(first, column_begin); x <= std::min(last, column_end - 1); ++x) {
            const std::int64_t top = std::max(x == first ? begin % h : 0, row_begin);
            const std::int64_t bottom = std::min(x == last ? (end - 1) % h + 1 : h, row_end);
            if (top >= bottom) continue;
            const auto column_start = static_cast<std::uint64_t>(x - gx) * grid.height;
            runs.emplace_back(column_start + static_cast<std::uint64_t>(top - gy),
                              column_start + static_cast<std::uint64_t>(bottom - gy));
        }
    }
    return runs;
}

// The region of a polygon set, oriented box or plain box as a polygon set.
PolygonSet region_polygons(const Annotation& a) {
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape)) return *polygons;
    if (const auto* oriented = std::get_if<OrientedBox>(&a.shape)) return PolygonSet{{oriented->corners}};
    return PolygonSet{{box_corners(a.box)}};
}

Runs region_runs(const Annotation& a, const Grid& grid) {
    if (const auto* mask = std::get_if<RleMask>(&a.shape)) return mask_runs(*mask, grid);
    PolygonSet polygons = region_polygons(a);
    for (auto& ring : polygons.rings)
        for (Point& p : ring) p = Point{p.x - grid.x0, p.y - grid.y0};
    return runs_of(rasterize(polygons, grid.height, grid.width));
}

using Spans = std::vector<std::pair<double, double>>;

// Where a region (even-odd within a ring, union over rings) crosses horizontal lines, asked
// for at increasing heights: an active-edge sweep, so each line costs the edges it crosses.
class RegionSweep {
public:
    explicit RegionSweep(const PolygonSet& region) {
        for (std::uint32_t r = 0; r < region.rings.size(); ++r) {
            const auto& ring = region.rings[r];
            for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
                const Point& p = ring[j].y < ring[i].y ? ring[j] : ring[i];
                const Point& q = ring[j].y < ring[i].y ? ring[i] : ring[j];
                if (p.y == q.y) continue;  // horizontal edges cross no line
                edges_.push_back({p.y, q.y, p.x, (q.x - p.x) / (q.y - p.y), r});
            }
        }
        std::sort(edges_.begin(), edges_.end(), [](const Edge& a, const Edge& b) { return a.y_low < b.y_low; });
        several_rings_ = region.rings.size() > 1;
    }

    // The region's disjoint [begin, end) intervals on the line at height y, in order.
    void spans_at(double y, Spans& spans) {
        while (next_ < edges_.size() && edges_[next_].y_low <= y) active_.push_back(next_++);
        std::erase_if(active_, [&](std::size_t e) { return edges_[e].y_high <= y; });  // half-open [low, high)
        crossings_.clear();
        for (std::size_t e : active_) {
            const Edge& edge = edges_[e];
            crossings_.emplace_back(edge.ring, edge.x_low + (y - edge.y_low) * edge.slope);
        }
        std::sort(crossings_.begin(), crossings_.end());
        spans.clear();
        for (std::size_t k = 0; k + 1 < crossings_.size(); k += 2) {
            if (crossings_[k].first != crossings_[k + 1].first) { --k; continue; }  // an odd ring count: skip one
            spans.emplace_back(crossings_[k].second, crossings_[k + 1].second);
        }
        if (several_rings_) merge(spans);
    }

private:
    struct Edge {
        double y_low, y_high, x_low, slope;
        std::uint32_t ring;
    };

    static void merge(Spans& spans) {
        std::sort(spans.begin(), spans.end());
        std::size_t kept = 0;
        for (const auto& span : spans) {
            if (kept > 0 && span.first <= spans[kept - 1].second)
                spans[kept - 1].second = std::max(spans[kept - 1].second, span.second);
            else
                spans[kept++] = span;
        }
        spans.resize(kept);
    }

    std::vector<Edge> edges_;
    std::vector<std::size_t> active_;
    std::vector<std::pair<std::uint32_t, double>> crossings_;
    std::size_t next_ = 0;
    bool several_rings_ = false;
};

double length(const Spans& spans) {
    double total = 0;
    for (const auto& [begin, end] : spans) total += end - begin;
    return total;
}

double common_length(const Spans& a, const Spans& b) {
    double total = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        total += std::max(0.0, std::min(a[i].second, b[j].second) - std::max(a[i].first, b[j].first));
        if (a[i].second < b[j].second) ++i;
        else ++j;
    }
    return total;
}

// IoU of two regions without masks: exact along x on each of `rows` lines through the union's
// height (at the middle of equal bands), summed over the bands. Only the sampling along y is
// approximate, and the midpoint rule's error shrinks with the square of the band height.
double polygon_iou(const Annotation& a, const Annotation& b, const Box& both, int rows) {
    RegionSweep sweep_a(region_polygons(a)), sweep_b(region_polygons(b));
    Spans spans_a, spans_b;
    double common = 0, joined = 0;
    const double band = both.height / rows;
    for (int k = 0; k < rows; ++k) {
        const double y = both.y + (k + 0.5) * band;
        sweep_a.spans_at(y, spans_a);
        sweep_b.spans_at(y, spans_b);
        const double overlap = common_length(spans_a, spans_b);
        common += overlap;
        joined += length(spans_a) + length(spans_b) - overlap;
    }
    return joined > 0 ? common / joined : 0.0;
}

std::uint64_t count(const Runs& runs) {
    std::uint64_t total = 0;
    for (const auto& [begin, end] : runs) total += end - begin;
    return total;
}

std::uint64_t count_common(const Runs& a, const Runs& b) {
    std::uint64_t total = 0;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::uint64_t begin = std::max(a[i].first, b[j].first);
        const std::uint64_t end = std::min(a[i].second, b[j].second);
        if (begin < end) total += end - begin;
        if (a[i].second < b[j].second)
            ++i;
        else
            ++j;
    }
    return total;
}

// ---------------------------------------------------------------------------------------
// Hungarian method

// Minimum-cost assignment of every row to a distinct column (rows <= columns), by shortest
// augmenting paths with row and column potentials (Kuhn-Munkres in the form of Jonker and
// Volgenant), O(rows^2 columns). cost is row-major. Returns the column of each row.
std::vector<std::size_t> min_cost_assignment(const std::vector<double>& cost, std::size_t rows,
                                             std::size_t columns) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    // 1-based rows and columns; column 0 is a virtual column holding the row being added.
    std::vector<double> u(rows + 1, 0.0), v(columns + 1, 0.0), min_reduced(columns + 1);
    std::vector<std::size_t> row_of(columns + 1, 0), previous(columns + 1, 0);
    std::vector<char> visited(columns + 1);
    for (std::size_t i = 1; i <= rows; ++i) {
        row_of[0] = i;
        std::size_t j0 = 0;
        std::fill(min_reduced.begin(), min_reduced.end(), inf);
        std::fill(visited.begin(), visited.end(), 0);
        do {  // grow the tree of tight edges until it reaches a free column
            visited[j0] = 1;
            const std::size_t i0 = row_of[j0];
            const double* row = cost.data() + (i0 - 1) * columns;
            double delta = inf;
            std::size_t j1 = 0;
            for (std::size_t j = 1; j <= columns; ++j) {
                if (visited[j]) continue;
                const double reduced = row[j - 1] - u[i0] - v[j];
                if (reduced < min_reduced[j]) {
                    min_reduced[j] = reduced;
                    previous[j] = j0;
                }
                if (min_reduced[j] < delta) {
                    delta = min_reduced[j];
                    j1 = j;
                }
            }
            for (std::size_t j = 0; j <= columns; ++j) {
                if (visited[j]) {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_reduced[j] -= delta;
                }
            }
            j0 = j1;
        } while (row_of[j0] != 0);
        do {  // flip the augmenting path back to the virtual column
            const std::size_t j1 = previous[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<std::size_t> column_of(rows);
    for (std::size_t j = 1; j <= columns; ++j)
        if (row_of[j] != 0) column_of[row_of[j] - 1] = j - 1;
    return column_of;
}

// ---------------------------------------------------------------------------------------
// Pairs of shapes and their components

// Shapes of several annotators in one flat list, with the annotator of each.
struct Shapes {
    std::vector<const Annotation*> shapes;
    std::vector<std::uint32_t> owner;
};

struct Edge {
    std::uint32_t u = 0, v = 0;  // flat indices, u < v
    double iou = 0;
};

// The pairs of shapes of different annotators (and the same category, with class_aware)
// whose IoU is above 0 and at least the threshold; each IoU is computed once. A sweep over
// the boxes sorted by left edge only looks at pairs whose boxes overlap in x.
std::vector<Edge> close_pairs(const Shapes& s, double iou_threshold, bool class_aware) {
    std::vector<std::uint32_t> order;
    order.reserve(s.shapes.size());
    for (std::uint32_t i = 0; i < s.shapes.size(); ++i)
        if (has_area(s.shapes[i]->box)) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t l, std::uint32_t r) { return s.shapes[l]->box.x < s.shapes[r]->box.x; });

    std::vector<Edge> edges;
    for (std::size_t p = 0; p < order.size(); ++p) {
        const Annotation& a = *s.shapes[order[p]];
        for (std::size_t q = p + 1; q < order.size() && s.shapes[order[q]]->box.x < a.box.right(); ++q) {
            const Annotation& b = *s.shapes[order[q]];
            if (s.owner[order[p]] == s.owner[order[q]]) continue;
            if (class_aware && a.category != b.category) continue;
            if (!boxes_overlap(a.box, b.box)) continue;
            const double value = shape_iou(a, b);
            if (value > 0 && value >= iou_threshold)
                edges.push_back({std::min(order[p], order[q]), std::max(order[p], order[q]), value});
        }
    }
    return edges;
}

class UnionFind {
public:
    explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
    std::uint32_t find(std::uint32_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void join(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<std::uint32_t> parent_;
};

// Connected components of the graph, each listing its nodes in increasing order; components
// in order of their smallest node.
std::vector<std::vector<std::uint32_t>> components(std::size_t nodes, const std::vector<Edge>& edges) {
    UnionFind sets(nodes);
    for (const Edge& e : edges) sets.join(e.u, e.v);
    // The root is the smallest node of its set (join keeps the smaller one), so roots are met
    // in increasing order.
    std::vector<std::uint32_t> index_of_root(nodes, 0);
    std::vector<std::vector<std::uint32_t>> out;
    for (std::uint32_t x = 0; x < nodes; ++x) {
        const std::uint32_t root = sets.find(x);
        if (root == x) {
            index_of_root[x] = static_cast<std::uint32_t>(out.size());
            out.emplace_back();
        }
        out[index_of_root[root]].push_back(x);
    }
    return out;
}

// Each node's edges as (neighbour, IoU), sorted by neighbour (compressed rows).
class Neighbours {
public:
    Neighbours(std::size_t nodes, const std::vector<Edge>& edges) : offsets_(nodes + 1, 0) {
        for (const Edge& e : edges) {
            ++offsets_[e.u + 1];
            ++offsets_[e.v + 1];
        }
        std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
        entries_.resize(2 * edges.size());
        std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
        for (const Edge& e : edges) {
            entries_[fill[e.u]++] = {e.v, e.iou};
            entries_[fill[e.v]++] = {e.u, e.iou};
        }
        for (std::size_t x = 0; x < nodes; ++x)
            std::sort(entries_.begin() + offsets_[x], entries_.begin() + offsets_[x + 1]);
    }

    // The IoU of the edge between x and y, or nothing when they are not joined.
    std::optional<double> iou(std::uint32_t x, std::uint32_t y) const {
        const auto begin = entries_.begin() + offsets_[x], end = entries_.begin() + offsets_[x + 1];
        const auto it = std::lower_bound(begin, end, std::pair{y, -std::numeric_limits<double>::infinity()});
        if (it == end || it->first != y) return std::nullopt;
        return it->second;
    }

private:
    std::vector<std::uint32_t> offsets_;
    std::vector<std::pair<std::uint32_t, double>> entries_;
};

// Marks a pair that may not be assigned: below the min_score of 0 used with it.
constexpr double forbidden = -1.0;

}  // namespace

double shape_iou(const Annotation& a, const Annotation& b, int lines) {
    if (std::holds_alternative<std::monostate>(a.shape) && std::holds_alternative<std::monostate>(b.shape))
        return iou(a.box, b.box);
    if (!boxes_overlap(a.box, b.box)) return 0.0;
    const Box region_a = region_bounds(a), region_b = region_bounds(b);
    if (!has_area(region_a) || !has_area(region_b) || !boxes_overlap(region_a, region_b)) return 0.0;

    const bool any_mask = std::holds_alternative<RleMask>(a.shape) || std::holds_alternative<RleMask>(b.shape);
    if (!any_mask) return polygon_iou(a, b, union_of(region_a, region_b), std::max(lines, 1));
    const Grid grid = pixel_grid_over(union_of(region_a, region_b));
    const Runs runs_a = region_runs(a, grid), runs_b = region_runs(b, grid);
    const std::uint64_t common = count_common(runs_a, runs_b);
    const std::uint64_t joined = count(runs_a) + count(runs_b) - common;
    return joined > 0 ? static_cast<double>(common) / static_cast<double>(joined) : 0.0;
}

// Forbidden pairs get cost 0 (as if left unassigned) and allowed ones cost -score <= 0. With
// rows <= columns every row gets a column, and any matching of allowed pairs extends to such
// a full assignment of the same cost by adding forbidden (cost 0) or allowed (cost <= 0)
// pairs; so the cheapest full assignment, less its forbidden pairs, is a matching of maximal
// total score. This needs allowed scores >= 0, hence the threshold is at least 0 (a negative
// score never raises a total anyway).
std::vector<Assignment> max_score_assignment(std::span<const double> score, std::size_t rows,
                                             std::size_t columns, double min_score) {
    if (score.size() != rows * columns)
        throw Error(fmt::format("max_score_assignment: {} scores given for a {} x {} matrix", score.size(), rows,
                                columns));
    std::vector<Assignment> out;
    if (rows == 0 || columns == 0) return out;
    const double threshold = std::max(min_score, 0.0);
    const auto allowed = [threshold](double s) { return std::isfinite(s) && s >= threshold; };

    const bool transposed = rows > columns;  // the solver wants rows <= columns
    const std::size_t n = transposed ? columns : rows, m = transposed ? rows : columns;
    const auto at = [&](std::size_t i, std::size_t j) {
        return transposed ? score[j * columns + i] : score[i * columns + j];
    };
    std::vector<double> cost(n * m);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) cost[i * m + j] = allowed(at(i, j)) ? -at(i, j) : 0.0;

    const std::vector<std::size_t> column_of = min_cost_assignment(cost, n, m);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = transposed ? column_of[i] : i, column = transposed ? i : column_of[i];
        const double s = score[row * columns + column];
        if (allowed(s)) out.push_back({static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(column), s});
    }
    std::sort(out.begin(), out.end(), [](const Assignment& l, const Assignment& r) { return l.row < r.row; });
    return out;
}

std::vector<ShapeMatch> match_shapes(std::span<const Annotation* const> a, std::span<const Annotation* const> b,
                                     double iou_threshold, bool class_aware) {
    Shapes all;  // a's shapes, then b's
    all.shapes.insert(all.shapes.end(), a.begin(), a.end());
    all.shapes.insert(all.shapes.end(), b.begin(), b.end());
    all.owner.assign(a.size(), 0);
    all.owner.resize(a.size() + b.size(), 1);
    const auto n_a = static_cast<std::uint32_t>(a.size());
    const std::vector<Edge> edges = close_pairs(all, iou_threshold, class_aware);
    const Neighbours neighbours(all.shapes.size(), edges);

    std::vector<ShapeMatch> out;
    std::vector<double> score;
    for (const auto& component : components(all.shapes.size(), edges)) {
        if (component.size() < 2) continue;
        // Nodes are in increasing order: a's shapes first.
        const auto split = std::partition_point(component.begin(), component.end(),
                                                [n_a](std::uint32_t x) { return x < n_a; });
        const std::span<const std::uint32_t> rows(component.begin(), split), columns(split, component.end());
        score.assign(rows.size() * columns.size(), forbidden);
        for (std::size_t i = 0; i < rows.size(); ++i)
            for (std::size_t j = 0; j < columns.size(); ++j)
                score[i * columns.size() + j] = neighbours.iou(rows[i], columns[j]).value_or(forbidden);
        for (const Assignment& m : max_score_assignment(score, rows.size(), columns.size(), 0.0))
            out.push_back({rows[m.row], columns[m.column] - n_a, m.score});
    }
    std::sort(out.begin(), out.end(), [](const ShapeMatch& l, const ShapeMatch& r) { return l.a < r.a; });
    return out;
}

namespace {

// Grows the groups of one connected component annotator by annotator (nodes in increasing
// order are in annotator order). Groups hold flat indices.
void group_component(std::span<const std::uint32_t> nodes, const Shapes& all, const Neighbours& neighbours,
                     std::vector<std::vector<std::uint32_t>>& groups) {
    const std::size_t first_group = groups.size();
    std::vector<double> score;
    for (std::size_t begin = 0; begin < nodes.size();) {
        std::size_t end = begin;
        while (end < nodes.size() && all.owner[nodes[end]] == all.owner[nodes[begin]]) ++end;
        const std::span<const std::uint32_t> shapes = nodes.subspan(begin, end - begin);
        const std::size_t existing = groups.size() - first_group;

        // Score of (shape, group): the mean IoU with the group's members, allowed only when the
        // shape is joined to every member (IoU over the threshold, same category).
        score.assign(shapes.size() * existing, forbidden);
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            for (std::size_t g = 0; g < existing; ++g) {
                double sum = 0;
                bool joined_to_all = true;
                for (std::uint32_t member : groups[first_group + g]) {
                    const auto value = neighbours.iou(shapes[i], member);
                    if (!value) {
                        joined_to_all = false;
                        break;
                    }
                    sum += *value;
                }
                if (joined_to_all) score[i * existing + g] = sum / static_cast<double>(groups[first_group + g].size());
            }
        }
        std::vector<char> placed(shapes.size(), 0);
        for (const Assignment& m : max_score_assignment(score, shapes.size(), existing, 0.0)) {
            groups[first_group + m.column].push_back(shapes[m.row]);
            placed[m.row] = 1;
        }
        for (std::size_t i = 0; i < shapes.size(); ++i)
            if (!placed[i]) groups.push_back({shapes[i]});
        begin = end;
    }
}

}  // namespace

std::vector<std::vector<GroupMember>> group_shapes(std::span<const std::vector<const Annotation*>> per_annotator,
                                                   double iou_threshold, bool class_aware) {
    Shapes all;  // annotator by annotator, so flat order is (annotator, shape) order
    std::vector<GroupMember> member_of;
    for (std::uint32_t k = 0; k < per_annotator.size(); ++k) {
        for (std::uint32_t i = 0; i < per_annotator[k].size(); ++i) {
            all.shapes.push_back(per_annotator[k][i]);
            all.owner.push_back(k);
            member_of.push_back({k, i});
        }
    }
    const std::vector<Edge> edges = close_pairs(all, iou_threshold, class_aware);
    const Neighbours neighbours(all.shapes.size(), edges);

    // Shapes of different components are never joined, so each component is grouped alone.
    std::vector<std::vector<std::uint32_t>> groups;
    for (const auto& component : components(all.shapes.size(), edges))
        group_component(component, all, neighbours, groups);
    std::sort(groups.begin(), groups.end(), [](const auto& l, const auto& r) { return l.front() < r.front(); });

    std::vector<std::vector<GroupMember>> out(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (std::uint32_t x : groups[g]) out[g].push_back(member_of[x]);
    return out;
}

}  // namespace labelkit
