// Duplicates and near duplicates within an image, found through grids of cells rather than by
// comparing every pair: linear in the number of boxes of an image, also when they all overlap.
//
// Duplicates (the same class and geometry within a tolerance): a cell of 16 tolerances per box
// edge; a repeat lies within the tolerance of each edge, so in the cell of the edge minus or plus
// the tolerance (one key, up to 16, about 1.6 on average). Boxes kept in one cell are not repeats
// of one another, so no edge of two is within the tolerance: at most 16^4 of them fit in a cell,
// of which a look-up visits at most max_visits.
//
// Near duplicates (box IoU at or above t): IoU >= t needs the sides within a factor t of each
// other and the centres within (1 - t) times the larger box's longer side along each axis. Boxes
// go to a level by the size of their longer side (a power of two) and, in it, to a cell of their
// centre four such distances wide; a box looks in the levels its partner can be at and in the
// cells that distance around its centre.
//
// Only annotations of one annotator (or all without one) are compared: two annotators drawing the
// same box agree, they do not repeat each other. The annotator is part of every cell's key.
//
// Inputs made to crowd one cell (thousands of different polygons with one bounding box, boxes of
// one centre and many shapes) would make a chain long: each look-up visits at most
// max_visits boxes of its cell, so time stays linear; a repeat beyond that many is not found.
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/geometry.hpp"
#include "ops/lint_context.hpp"

namespace labelkit::lint_checks {

namespace {

constexpr std::uint32_t none = UINT32_MAX;
constexpr int max_visits = 1024;

std::uint64_t mix(std::uint64_t key, std::uint64_t value) {
    key = (key ^ value) * 0x9e3779b97f4a7c15ULL;
    return key ^ (key >> 29);
}

std::uint64_t bits_of(double value) {
    value += 0.0;  // -0 as 0
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// Cells are per class and annotator.
std::uint64_t key_of(const Annotation& annotation, std::initializer_list<double> cells) {
    std::uint64_t key = mix(mix(0x2545f4914f6cdd1dULL, annotation.category), annotation.annotator);
    for (const double cell : cells) key = mix(key, bits_of(cell));
    return key;
}

// The annotations of an image put in cells: for each key, a chain from the latest to the first.
class CellChains {
public:
    explicit CellChains(std::size_t size) : next_(size, none) { heads_.reserve(size); }
    void add(std::uint64_t key, std::uint32_t position) {
        auto [it, added] = heads_.try_emplace(key, position);
        if (!added) {
            next_[position] = it->second;
            it->second = position;
        }
    }
    // Calls visit(position) along the chain of the key until it returns true; returns that position.
    template <typename Visit>
    std::uint32_t find(std::uint64_t key, const Visit& visit) const {
        const auto it = heads_.find(key);
        int visits = 0;
        for (std::uint32_t p = it == heads_.end() ? none : it->second; p != none && visits < max_visits; p = next_[p], ++visits)
            if (visit(p)) return p;
        return none;
    }

private:
    std::unordered_map<std::uint64_t, std::uint32_t> heads_;
    std::vector<std::uint32_t> next_;
};

double floor_cell(double value, double width) { return std::floor(value / width + 0.318309886); }

}  // namespace

std::vector<std::uint32_t> find_repeats(const Dataset& dataset, std::span<const std::uint32_t> annotations,
                                        double tolerance) {
    std::vector<std::uint32_t> repeats(annotations.size(), none);
    CellChains cells(annotations.size());
    const double width = std::max(16 * tolerance, 1e-6);  // not so fine that cells lose precision
    const auto cell = [&](double edge, double shift) {
        return tolerance == 0 ? edge : floor_cell(edge + shift * tolerance, width);
    };
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const Annotation& a = dataset.annotations[annotations[i]];
        const double edges[4] = {a.box.x, a.box.y, a.box.right(), a.box.bottom()};
        for (unsigned combination = 0; combination < 16 && repeats[i] == none; ++combination) {
            double chosen[4];
            bool repeated = false;
            for (int e = 0; e < 4; ++e) {
                const bool upper = (combination >> e) & 1u;
                chosen[e] = cell(edges[e], upper ? 1 : -1);
                repeated = repeated || (upper && chosen[e] == cell(edges[e], -1));
            }
            if (repeated) continue;
            const std::uint32_t found =
                cells.find(key_of(a, {chosen[0], chosen[1], chosen[2], chosen[3]}), [&](std::uint32_t p) {
                    const Annotation& earlier = dataset.annotations[annotations[p]];
                    return earlier.annotator == a.annotator && same_class_and_geometry(earlier, a, tolerance);
                });
            if (found != none) repeats[i] = found;
        }
        if (repeats[i] == none)
            cells.add(key_of(a, {cell(edges[0], 0), cell(edges[1], 0), cell(edges[2], 0), cell(edges[3], 0)}),
                      static_cast<std::uint32_t>(i));
    }
    return repeats;
}

std::vector<std::uint32_t> find_near_duplicates(const Dataset& dataset, std::span<const std::uint32_t> annotations,
                                                double threshold) {
    std::vector<std::uint32_t> near(annotations.size(), none);
    if (!(threshold > 0 && threshold <= 1)) return near;
    CellChains cells(annotations.size());
    // Levels a partner can be at: its longer side is within a factor 1/threshold.
    const int reach = static_cast<int>(std::ceil(std::log2(1 / threshold)));
    const auto level_of = [](const Box& box) {
        return static_cast<int>(std::floor(std::log2(std::max({box.width, box.height, 1e-300}))));
    };
    // Centres of near duplicates differ by at most (1 - t) times the longer side, and a box of level
    // L has a longer side below 2^(L+1).
    const auto reach_at = [&](int level) { return (1 - threshold) * std::ldexp(1.0, level + 1) + 1e-9; };
    const auto cell_width = [&](int level) { return 2 * reach_at(level) + 1e-300; };
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const Annotation& a = dataset.annotations[annotations[i]];
        const Box& box = a.box;
        if (!(box.width > 0 && box.height > 0)) continue;
        const double cx = box.x + box.width / 2, cy = box.y + box.height / 2;
        const int level = level_of(box);
        for (int other = level - reach; other <= level + reach && near[i] == none; ++other) {
            const double distance = reach_at(std::max(level, other)), width = cell_width(other);
            const double x_low = floor_cell(cx - distance, width), x_high = floor_cell(cx + distance, width);
            const double y_low = floor_cell(cy - distance, width), y_high = floor_cell(cy + distance, width);
            for (double x = x_low; x <= x_high && near[i] == none; ++x)
                for (double y = y_low; y <= y_high && near[i] == none; ++y) {
                    const std::uint32_t found = cells.find(key_of(a, {double(other), x, y}), [&](std::uint32_t p) {
                        const Annotation& earlier = dataset.annotations[annotations[p]];
                        return earlier.annotator == a.annotator && earlier.category == a.category &&
                               iou(earlier.box, box) >= threshold;
                    });
                    if (found != none) near[i] = found;
                }
        }
        cells.add(key_of(a, {double(level), floor_cell(cx, cell_width(level)), floor_cell(cy, cell_width(level))}),
                  static_cast<std::uint32_t>(i));
    }
    return near;
}

void check_duplicates(const Context& context) {
    const bool exact = context.enabled("geometry/duplicate-annotation");
    const bool near = context.enabled("geometry/near-duplicate");
    if (!exact && !near) return;
    const double tolerance = context.parameter("geometry/duplicate-annotation", "tolerance");
    const double near_iou = context.parameter("geometry/near-duplicate", "iou");
    const auto& dataset = context.dataset;
    const AnnotationsByItem by_item(dataset);
    std::vector<std::uint32_t> finite;
    for (std::size_t item = 0; item < dataset.items.size(); ++item) {
        if (context.repeated(item) || by_item.of(item).size() < 2) continue;
        finite.clear();
        for (const std::uint32_t a : by_item.of(item))  // non-finite boxes were reported already
            if (all_finite(dataset.annotations[a])) finite.push_back(a);
        const std::vector<std::uint32_t> repeats = find_repeats(dataset, finite, tolerance);
        std::vector<std::uint32_t> distinct;  // near duplicates among those that repeat nothing
        for (std::size_t i = 0; i < finite.size(); ++i) {
            if (repeats[i] == none) {
                distinct.push_back(finite[i]);
                continue;
            }
            if (!exact) continue;
            const Annotation& a = dataset.annotations[finite[i]];
            context.report("geometry/duplicate-annotation", [&] {
                return fmt::format("'{}' {} repeats the annotation at {}", dataset.categories[a.category].name,
                                   to_string(a.box), context.annotation_location(finite[repeats[i]]).to_string());
            }, context.annotation_location(finite[i]));
        }
        if (!near) continue;
        const std::vector<std::uint32_t> partners = find_near_duplicates(dataset, distinct, near_iou);
        for (std::size_t i = 0; i < distinct.size(); ++i) {
            if (partners[i] == none) continue;
            const Annotation &a = dataset.annotations[distinct[i]], &b = dataset.annotations[distinct[partners[i]]];
            context.report("geometry/near-duplicate", [&] {
                return fmt::format("'{}' box overlaps the one at {} with IoU {:.3f}", dataset.categories[a.category].name,
                                   context.annotation_location(distinct[partners[i]]).to_string(), iou(a.box, b.box));
            }, context.annotation_location(distinct[i]));
        }
    }
}

}  // namespace labelkit::lint_checks
