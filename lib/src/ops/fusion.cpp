// Fusing several annotators' shapes of one object (box fusion, per-pixel majority) and
// weighted boxes fusion as ZFTurbo's ensemble_boxes_wbf.py does it.
#include "labelkit/ops/fusion.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/limits.hpp"

namespace labelkit {

namespace {

// ---------------------------------------------------------------------------------------
// Box fusion

using Corners = std::array<double, 4>;  // x1, y1, x2, y2

Corners corners_of(const Box& b) { return {b.x, b.y, b.right(), b.bottom()}; }
Box box_of(const Corners& c) { return Box{c[0], c[1], c[2] - c[0], c[3] - c[1]}; }

double median_of(std::vector<double>& values) {
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

Box median_box(std::span<const Annotation* const> members) {
    Corners out{};
    std::vector<double> values(members.size());
    for (std::size_t k = 0; k < 4; ++k) {
        for (std::size_t i = 0; i < members.size(); ++i) values[i] = corners_of(members[i]->box)[k];
        out[k] = median_of(values);
    }
    return box_of(out);
}

Box most_central_box(std::span<const Annotation* const> members) {
    std::size_t best = 0;
    double best_mean = -1;
    for (std::size_t i = 0; i < members.size(); ++i) {
        double sum = 0;
        for (std::size_t j = 0; j < members.size(); ++j)
            if (j != i) sum += iou(members[i]->box, members[j]->box);
        const double mean = members.size() > 1 ? sum / static_cast<double>(members.size() - 1) : 0.0;
        if (mean > best_mean) {
            best = i;
            best_mean = mean;
        }
    }
    return members[best]->box;
}

// ---------------------------------------------------------------------------------------
// Majority mask

// The pixels [x0, x0 + width) x [y0, y0 + height) of the image that the vote looks at.
struct Window {
    std::uint32_t x0 = 0, y0 = 0, width = 0, height = 0;
    std::size_t pixels() const { return std::size_t{width} * height; }
};

// The bounds of the region itself (the annotation's box for a plain box).
Box region_bounds(const Annotation& a) {
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape)) return bounds(*polygons);
    if (const auto* oriented = std::get_if<OrientedBox>(&a.shape)) return bounds(*oriented);
    if (const auto* mask = std::get_if<RleMask>(&a.shape)) return bounds(*mask);
    return a.box;
}

// Whole pixels around the union of the regions, clipped to the image. Regions without area
// cover no pixel centre and do not widen it.
Window union_window(std::span<const Annotation* const> members, std::uint32_t height, std::uint32_t width) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    double x0 = inf, y0 = inf, x1 = -inf, y1 = -inf;
    for (const Annotation* a : members) {
        const Box b = region_bounds(*a);
        if (!(b.width > 0 && b.height > 0)) continue;
        if (!std::isfinite(b.x) || !std::isfinite(b.y) || !std::isfinite(b.right()) || !std::isfinite(b.bottom()))
            throw Error("cannot vote on a shape with a non-finite coordinate");
        x0 = std::min(x0, b.x);
        y0 = std::min(y0, b.y);
        x1 = std::max(x1, b.right());
        y1 = std::max(y1, b.bottom());
    }
    const double left = std::max(std::floor(x0), 0.0), top = std::max(std::floor(y0), 0.0);
    const double right = std::min(std::ceil(x1), static_cast<double>(width));
    const double bottom = std::min(std::ceil(y1), static_cast<double>(height));
    if (!(left < right && top < bottom)) return {};
    return Window{static_cast<std::uint32_t>(left), static_cast<std::uint32_t>(top),
                  static_cast<std::uint32_t>(right - left), static_cast<std::uint32_t>(bottom - top)};
}

PolygonSet region_polygons(const Annotation& a) {
    if (const auto* polygons = std::get_if<PolygonSet>(&a.shape)) return *polygons;
    if (const auto* oriented = std::get_if<OrientedBox>(&a.shape)) return PolygonSet{{oriented->corners}};
    return PolygonSet{{box_corners(a.box)}};
}

// Rasterises the region on the window's grid (whole-pixel origin, so pixel centres are
// sampled exactly where rasterize() samples them on the image) and counts its pixels.
void vote_region(const Annotation& a, const Window& window, std::vector<std::uint32_t>& votes) {
    PolygonSet polygons = region_polygons(a);
    for (auto& ring : polygons.rings)
        for (Point& p : ring) p = Point{p.x - window.x0, p.y - window.y0};
    const RleMask local = rasterize(polygons, window.height, window.width);
    std::size_t pos = 0;
    for (std::size_t i = 0; i < local.counts.size(); ++i) {
        const std::size_t end = pos + local.counts[i];
        if (i % 2 == 1)
            for (std::size_t p = pos; p < end; ++p) ++votes[p];
        pos = end;
    }
}

// Counts the mask's pixels inside the window, read from its column-major runs without
// decoding the rest of the mask.
void vote_mask(const RleMask& mask, const Window& window, std::vector<std::uint32_t>& votes) {
    const std::uint64_t h = mask.height;
    const std::uint64_t column_begin = window.x0, column_end = std::uint64_t{window.x0} + window.width;
    const std::uint64_t row_begin = window.y0, row_end = std::uint64_t{window.y0} + window.height;
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < mask.counts.size() && pos < column_end * h; ++i) {
        const std::uint64_t begin = pos, end = pos + mask.counts[i];
        pos = end;
        if (i % 2 == 0 || end == begin) continue;
        const std::uint64_t first = begin / h, last = (end - 1) / h;
        for (std::uint64_t x = std::max(first, column_begin); x <= last && x < column_end; ++x) {
            const std::uint64_t top = std::max(x == first ? begin % h : 0, row_begin);
            const std::uint64_t bottom = std::min(x == last ? (end - 1) % h + 1 : h, row_end);
            const std::uint64_t column_start = (x - column_begin) * window.height;
            for (std::uint64_t y = top; y < bottom; ++y) ++votes[column_start + (y - row_begin)];
        }
    }
}

// The window's mask on the whole image: each window column's runs move to image column
// x0 + column, rows from y0 (runs meet across columns only when the window is full height).
RleMask place_in_image(const RleMask& local, const Window& window, std::uint32_t height, std::uint32_t width) {
    RleMask out{height, width, {}};
    RleRunBuilder runs(out.counts);
    const std::uint64_t h = local.height;
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < local.counts.size(); ++i) {
        const std::uint64_t begin = pos, end = pos + local.counts[i];
        pos = end;
        if (i % 2 == 0) continue;
        for (std::uint64_t p = begin; p < end;) {
            const std::uint64_t column = p / h, row = p % h;
            const std::uint64_t take = std::min(end - p, h - row);
            const std::uint64_t start = (window.x0 + column) * height + window.y0 + row;
            runs.add(start, start + take);
            p += take;
        }
    }
    runs.finish(std::uint64_t{height} * width);
    return out;
}

// ---------------------------------------------------------------------------------------
// Weighted boxes fusion

// One box as prefilter_boxes() records it (its label is the group it is in).
struct WbfEntry {
    double weighted_score = 0;  // score * weight of its model
    double weight = 0;
    std::size_t model = 0;
    Corners box{};
};

struct WbfCluster {
    std::vector<WbfEntry> members;
    Corners box{};
    double score = 0;
    double weight_sum = 0;
};

// bb_iou_array() of the original, on corners.
double corner_iou(const Corners& a, const Corners& b) {
    const double inter = std::max(std::min(a[2], b[2]) - std::max(a[0], b[0]), 0.0) *
                         std::max(std::min(a[3], b[3]) - std::max(a[1], b[1]), 0.0);
    const double area_a = (a[2] - a[0]) * (a[3] - a[1]);
    const double area_b = (b[2] - b[0]) * (b[3] - b[1]);
    return inter / (area_a + area_b - inter);
}

void check_wbf_input(const WbfInput& input) {
    const std::size_t models = input.boxes.size();
    if (input.scores.size() != models || input.labels.size() != models)
        throw Error(fmt::format("weighted boxes fusion: {} models of boxes, {} of scores and {} of labels", models,
                                input.scores.size(), input.labels.size()));
    for (std::size_t t = 0; t < models; ++t)
        if (input.scores[t].size() != input.boxes[t].size() || input.labels[t].size() != input.boxes[t].size())
            throw Error(fmt::format("weighted boxes fusion: model {} has {} boxes, {} scores and {} labels", t,
                                    input.boxes[t].size(), input.scores[t].size(), input.labels[t].size()));
    if (!input.weights.empty() && input.weights.size() != models)
        throw Error(fmt::format("weighted boxes fusion: {} weights for {} models", input.weights.size(), models));
}

// prefilter_boxes(): the kept boxes grouped by label, labels in the order they first appear
// (Python's dict order), each group sorted by weighted score, descending (stable).
std::vector<std::pair<int, std::vector<WbfEntry>>> prefilter(const WbfInput& input, const std::vector<double>& weights,
                                                             double skip_box_threshold) {
    std::vector<std::pair<int, std::vector<WbfEntry>>> groups;
    std::map<int, std::size_t> group_of_label;
    for (std::size_t t = 0; t < input.boxes.size(); ++t) {
        for (std::size_t j = 0; j < input.boxes[t].size(); ++j) {
            const double score = input.scores[t][j];
            if (score < skip_box_threshold) continue;
            auto [x1, y1, x2, y2] = input.boxes[t][j];
            if (x2 < x1) std::swap(x1, x2);
            if (y2 < y1) std::swap(y1, y2);
            if ((x2 - x1) * (y2 - y1) == 0.0) continue;
            const int label = input.labels[t][j];
            const auto [it, added] = group_of_label.try_emplace(label, groups.size());
            if (added) groups.emplace_back(label, std::vector<WbfEntry>{});
            groups[it->second].second.push_back({score * weights[t], weights[t], t, {x1, y1, x2, y2}});
        }
    }
    for (auto& [label, entries] : groups)
        std::stable_sort(entries.begin(), entries.end(),
                         [](const WbfEntry& a, const WbfEntry& b) { return a.weighted_score > b.weighted_score; });
    return groups;
}

// get_weighted_box(): corners weighted by weighted score (evenly when those sum to 0, where the
// original divides by 0); score the mean weighted score (max: the highest).
void fuse_cluster(WbfCluster& cluster, WbfConfidence confidence) {
    double conf = 0, highest = -std::numeric_limits<double>::infinity(), weight_sum = 0;
    for (const WbfEntry& e : cluster.members) {
        conf += e.weighted_score;
        highest = std::max(highest, e.weighted_score);
        weight_sum += e.weight;
    }
    const bool evenly = conf == 0;
    Corners sum{};
    for (const WbfEntry& e : cluster.members)
        for (std::size_t k = 0; k < 4; ++k) sum[k] += (evenly ? 1.0 : e.weighted_score) * e.box[k];
    const double divisor = evenly ? static_cast<double>(cluster.members.size()) : conf;
    for (std::size_t k = 0; k < 4; ++k) cluster.box[k] = sum[k] / divisor;
    cluster.score = confidence == WbfConfidence::max ? highest : conf / static_cast<double>(cluster.members.size());
    cluster.weight_sum = weight_sum;
}

std::vector<WbfCluster> clusterize(const std::vector<WbfEntry>& entries, double iou_threshold,
                                   WbfConfidence confidence) {
    std::vector<WbfCluster> clusters;
    for (const WbfEntry& e : entries) {
        std::optional<std::size_t> best;
        double best_iou = iou_threshold;
        for (std::size_t i = 0; i < clusters.size(); ++i) {
            const double overlap = corner_iou(clusters[i].box, e.box);
            if (overlap > best_iou) {
                best = i;
                best_iou = overlap;
            }
        }
        if (best) {
            clusters[*best].members.push_back(e);
            fuse_cluster(clusters[*best], confidence);
        } else {
            clusters.push_back({{e}, e.box, e.weighted_score, e.weight});
        }
    }
    return clusters;
}

// The rescaling of the score after clustering, by the number of boxes and models.
double rescaled_score(const WbfCluster& cluster, const std::vector<double>& weights, WbfConfidence confidence) {
    double all_weights = 0, highest_weight = -std::numeric_limits<double>::infinity();
    for (double w : weights) {
        all_weights += w;
        highest_weight = std::max(highest_weight, w);
    }
    std::vector<char> present(weights.size(), 0);
    for (const WbfEntry& e : cluster.members) present[e.model] = 1;
    double present_weights = 0, absent_weights = 0;
    for (std::size_t t = 0; t < weights.size(); ++t) (present[t] ? present_weights : absent_weights) += weights[t];

    const auto n = static_cast<double>(cluster.members.size());
    switch (confidence) {
        case WbfConfidence::box_and_model_avg:
            return cluster.score * n / cluster.weight_sum * present_weights / all_weights;
        case WbfConfidence::absent_model_aware_avg:
            return cluster.score * n / (cluster.weight_sum + absent_weights);
        case WbfConfidence::max:
            return cluster.score / highest_weight;
        case WbfConfidence::avg:
            return cluster.score * std::min(static_cast<double>(weights.size()), n) / all_weights;
    }
    return cluster.score;
}

// A group of annotators' shapes of one object as one cluster of weighted_boxes_fusion(), fused
// by its code: each member from another model (annotator) of weight 1, out of `annotators`.
FusedBox fuse_group(std::span<const Annotation* const> members, std::size_t annotators) {
    WbfCluster cluster;
    for (std::size_t i = 0; i < members.size(); ++i)
        cluster.members.push_back({members[i]->score.value_or(1.0), 1.0, i, corners_of(members[i]->box)});
    fuse_cluster(cluster, WbfConfidence::avg);
    const std::vector<double> weights(annotators, 1.0);
    return {box_of(cluster.box), rescaled_score(cluster, weights, WbfConfidence::avg)};
}

}  // namespace

FusedBox fuse_boxes(std::span<const Annotation* const> members, FuseMethod method, std::size_t annotators) {
    if (members.empty()) throw Error("cannot fuse an empty group of shapes");
    if (members.size() > annotators)
        throw Error(fmt::format("a group of {} shapes of one object cannot come from {} annotators", members.size(),
                                annotators));
    switch (method) {
        case FuseMethod::wbf: return fuse_group(members, annotators);
        case FuseMethod::median: return {median_box(members), std::nullopt};
        case FuseMethod::best: return {most_central_box(members), std::nullopt};
    }
    throw Error("unknown box fusion method");
}

RleMask majority_mask(std::span<const Annotation* const> members, std::uint32_t height, std::uint32_t width) {
    const std::uint64_t total = std::uint64_t{height} * width;
    if (total > std::numeric_limits<std::uint32_t>::max())
        throw Error(fmt::format("a mask of {} x {} pixels is too large for RLE", height, width));
    for (const Annotation* a : members)
        if (const auto* mask = std::get_if<RleMask>(&a->shape); mask && (mask->height != height || mask->width != width))
            throw Error(fmt::format("a {} x {} mask cannot vote on a {} x {} image", mask->height, mask->width, height,
                                    width));

    const Window window = union_window(members, height, width);
    if (window.pixels() > limits::max_raster_pixels)
        throw Error(fmt::format("the shapes cover {} x {} pixels, more than labelkit votes on at once ({})", window.width,
                                window.height, limits::max_raster_pixels));
    std::vector<std::uint32_t> votes(window.pixels(), 0);
    if (window.pixels() > 0) {
        for (const Annotation* a : members) {
            if (const auto* mask = std::get_if<RleMask>(&a->shape))
                vote_mask(*mask, window, votes);
            else
                vote_region(*a, window, votes);
        }
    }
    std::vector<std::uint8_t> kept(votes.size());
    for (std::size_t i = 0; i < votes.size(); ++i) kept[i] = std::uint64_t{votes[i]} * 2 > members.size() ? 1 : 0;
    const RleMask local = rle_encode(kept.data(), window.height, window.width);
    return place_in_image(local, window, height, width);
}

std::vector<WbfBox> weighted_boxes_fusion(const WbfInput& input, double iou_threshold, double skip_box_threshold,
                                          WbfConfidence confidence) {
    check_wbf_input(input);
    const std::vector<double> weights = input.weights.empty() ? std::vector<double>(input.boxes.size(), 1.0)
                                                              : input.weights;
    std::vector<WbfBox> out;
    for (const auto& [label, entries] : prefilter(input, weights, skip_box_threshold))
        for (const WbfCluster& cluster : clusterize(entries, iou_threshold, confidence))
            out.push_back({cluster.box, rescaled_score(cluster, weights, confidence), label});
    std::stable_sort(out.begin(), out.end(), [](const WbfBox& a, const WbfBox& b) { return a.score > b.score; });
    return out;
}

}  // namespace labelkit
