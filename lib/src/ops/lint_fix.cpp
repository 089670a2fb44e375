// lint --fix: the safe fixes, applied to the model. Nothing here guesses: a fix either
// removes what cannot be used, clips to the image, or renumbers ids.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "labelkit/geometry.hpp"
#include "labelkit/ops/lint.hpp"
#include "ops/lint_context.hpp"

namespace labelkit {

namespace {

class Fixer {
public:
    Fixer(Dataset& dataset, const LintConfig& config) : dataset_(dataset), config_(config) {}

    void drop_where(const char* rule, const char* what, const std::function<bool(Annotation&)>& broken) {
        if (!config_.enabled(rule)) return;
        std::vector<bool> drop;
        drop.reserve(dataset_.annotations.size());
        for (Annotation& annotation : dataset_.annotations) drop.push_back(broken(annotation));
        count(rule, what, erase_annotations(dataset_, drop));
    }

    void change_where(const char* rule, const char* what, const std::function<bool(Annotation&)>& change) {
        if (!config_.enabled(rule)) return;
        std::size_t changed = 0;
        for (Annotation& a : dataset_.annotations) changed += change(a) ? 1 : 0;
        count(rule, what, changed);
    }

    void count(const char* rule, const char* what, std::size_t n) {
        if (n > 0) counts_.push_back({rule, what, n});
    }

    Dataset& dataset() { return dataset_; }
    const LintConfig& config() const { return config_; }
    std::vector<FixCount> take() { return std::move(counts_); }

private:
    Dataset& dataset_;
    const LintConfig& config_;
    std::vector<FixCount> counts_;
};

bool drop_small_rings(Annotation& a) {
    auto* polygons = std::get_if<PolygonSet>(&a.shape);
    if (!polygons) return false;
    return std::erase_if(polygons->rings, [](const auto& ring) { return ring.size() < 3; }) > 0;
}

// A box with an area that has none of it inside a known image: clipping would leave nothing.
bool entirely_outside(const Box& box, const Item& item) {
    if (item.width == 0 || item.height == 0 || box.width <= 0 || box.height <= 0) return false;
    return box.x >= item.width || box.y >= item.height || box.right() <= 0 || box.bottom() <= 0;
}

// Clips the box to the image; true when it changed.
bool clip_box(Annotation& a, const Item& item, double tolerance) {
    if (item.width == 0 || item.height == 0) return false;
    Box& box = a.box;
    const double width = item.width, height = item.height;
    if (box.x >= -tolerance && box.y >= -tolerance && box.right() <= width + tolerance &&
        box.bottom() <= height + tolerance)
        return false;
    const double x0 = std::clamp(box.x, 0.0, width), y0 = std::clamp(box.y, 0.0, height);
    const double x1 = std::clamp(box.right(), 0.0, width), y1 = std::clamp(box.bottom(), 0.0, height);
    box = {x0, y0, x1 - x0, y1 - y0};
    // An area given for the box alone (no shape) was the old box's: keep it the box's, or the
    // copy would get a geometry/area-mismatch the input did not have.
    const bool box_only = !std::holds_alternative<PolygonSet>(a.shape) && !std::holds_alternative<RleMask>(a.shape) &&
                          !std::holds_alternative<OrientedBox>(a.shape);
    if (box_only && a.area.has_value()) a.area = box.width * box.height;
    return true;
}

void drop_duplicates(Fixer& fixer) {
    if (!fixer.config().enabled("geometry/duplicate-annotation")) return;
    Dataset& dataset = fixer.dataset();
    const double tolerance = fixer.config().parameter("geometry/duplicate-annotation", "tolerance");
    const AnnotationsByItem by_item(dataset);
    std::vector<bool> drop(dataset.annotations.size(), false);
    std::size_t dropped = 0;
    for (std::size_t item = 0; item < dataset.items.size(); ++item) {
        const auto of = by_item.of(item);
        const std::vector<std::uint32_t> repeats = lint_checks::find_repeats(dataset, of, tolerance);
        for (std::size_t i = 0; i < of.size(); ++i)
            if (repeats[i] != UINT32_MAX) {
                drop[of[i]] = true;
                ++dropped;
            }
    }
    erase_annotations(dataset, drop);
    fixer.count("geometry/duplicate-annotation", "duplicate annotations dropped", dropped);
}

void renumber_duplicate_ids(Fixer& fixer) {
    if (!fixer.config().enabled("dataset/duplicate-annotation-id")) return;
    auto& annotations = fixer.dataset().annotations;
    std::unordered_map<std::uint32_t, std::int64_t> largest;  // per source file
    for (const Annotation& a : annotations)
        if (a.id != no_id) largest[a.origin.file] = std::max(largest[a.origin.file], a.id);
    std::unordered_map<std::uint32_t, std::unordered_set<std::int64_t>> seen;
    std::size_t renumbered = 0;
    for (Annotation& a : annotations) {
        if (a.id == no_id || seen[a.origin.file].insert(a.id).second) continue;
        a.id = ++largest[a.origin.file];
        seen[a.origin.file].insert(a.id);
        ++renumbered;
    }
    fixer.count("dataset/duplicate-annotation-id", "repeated annotation ids renumbered", renumbered);
}

}  // namespace

std::vector<FixCount> apply_safe_fixes(Dataset& dataset, const LintConfig& config) {
    Fixer fixer(dataset, config);
    fixer.drop_where("geometry/non-finite", "annotations with NaN or infinite coordinates dropped",
                     [](Annotation& a) { return !all_finite(a); });
    fixer.drop_where("geometry/degenerate-box", "annotations with empty boxes dropped",
                     [](Annotation& a) { return a.box.width <= 0 || a.box.height <= 0; });
    if (config.enabled("geometry/polygon-too-few-points")) {
        std::size_t rings = 0;
        for (Annotation& a : dataset.annotations) rings += drop_small_rings(a) ? 1 : 0;
        fixer.count("geometry/polygon-too-few-points", "annotations with polygons of fewer than 3 points cleaned", rings);
        fixer.drop_where("geometry/polygon-too-few-points", "annotations left without a polygon dropped",
                         [](Annotation& a) {
                             const auto* polygons = std::get_if<PolygonSet>(&a.shape);
                             return polygons && polygons->rings.empty();
                         });
    }
    const double tolerance = config.parameter("geometry/box-outside-image", "tolerance");
    fixer.drop_where("geometry/box-outside-image", "boxes entirely outside the image dropped",
                     [&](Annotation& a) { return entirely_outside(a.box, dataset.items[a.item]); });
    fixer.change_where("geometry/box-outside-image", "boxes clipped to the image",
                       [&](Annotation& a) { return clip_box(a, dataset.items[a.item], tolerance); });
    drop_duplicates(fixer);
    renumber_duplicate_ids(fixer);
    return fixer.take();
}

}  // namespace labelkit
