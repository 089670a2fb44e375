// merge's union finds an annotation an earlier input already has within 0.01 px (digests and a
// grid of cells), and same_class_and_geometry compares within a tolerance: boundaries, cell
// borders, reordered keypoints, masks, generations, and repeats within one input.
#include <doctest/doctest.h>

#include <cmath>

#include "labelkit/geometry.hpp"
#include "labelkit/ops/merge.hpp"

using namespace labelkit;

namespace {

Dataset one_image(std::vector<Annotation> annotations) {
    Dataset dataset;
    dataset.categories.push_back({1, "cat"});
    dataset.categories.push_back({2, "dog"});
    dataset.items.push_back({1, "a.jpg", 640, 480});
    for (Annotation& annotation : annotations) dataset.annotations.push_back(std::move(annotation));
    return dataset;
}

Annotation box(double x, double y, double w, double h, std::uint32_t category = 0) {
    Annotation annotation;
    annotation.category = category;
    annotation.box = {x, y, w, h};
    return annotation;
}

Annotation polygon(std::vector<Point> points) {
    Annotation annotation;
    annotation.shape = PolygonSet{{points}};
    annotation.box = bounds(std::get<PolygonSet>(annotation.shape));
    return annotation;
}

Annotation with_keypoints(std::vector<Keypoint> keypoints) {
    Annotation annotation = box(10, 10, 100, 100);
    annotation.keypoints = std::move(keypoints);
    return annotation;
}

// The number of annotations of the union of the two inputs, and the duplicates of the second.
std::pair<std::size_t, std::size_t> union_of(Dataset first, Dataset second, double tolerance = duplicate_tolerance_px) {
    DatasetUnion merged(ConflictPolicy::error, {}, {}, {}, tolerance);
    merged.add(std::move(first), "a");
    merged.add(std::move(second), "b", false);
    const std::size_t duplicates = merged.summary().inputs[1].duplicates;
    return {merged.take().annotations.size(), duplicates};
}

}  // namespace

TEST_CASE("union duplicates: within 0.01 px on every edge is the same box; beyond it is not") {
    const Annotation base = box(100, 50, 30, 20);
    CHECK(union_of(one_image({base}), one_image({box(100.009, 50, 30, 20)})) == std::pair<std::size_t, std::size_t>{1, 1});
    CHECK(union_of(one_image({base}), one_image({box(100.009, 50, 29.991, 20)})).first == 1);  // right edge stays
    CHECK(union_of(one_image({base}), one_image({box(100.011, 50, 30, 20)})).first == 2);
    CHECK(union_of(one_image({base}), one_image({box(100, 50, 30, 20.02)})).first == 2);  // the bottom moved
    CHECK(union_of(one_image({base}), one_image({box(100, 50, 30, 20, 1)})).first == 2);  // another class
    // exactly equal only, with tolerance 0
    CHECK(union_of(one_image({base}), one_image({box(100.000001, 50, 30, 20)}), 0).first == 2);
    CHECK(union_of(one_image({base}), one_image({box(100, 50, 30, 20)}), 0).first == 1);
}

TEST_CASE("union duplicates: boxes across a cell border of the grid are still found") {
    // Cells are one pixel wide with borders at k - 0.318309886: x = 0.6817 and 0.6897 lie on two
    // sides of the border at 0.681690..., as do the other edges chosen near borders.
    for (const double shift : {0.005, -0.005, 0.0099}) {
        CAPTURE(shift);
        const Annotation near_border = box(0.6817, 1.6817, 2.0, 3.0);  // right 2.6817, bottom 4.6817
        Annotation moved = near_border;
        moved.box.x += shift;
        moved.box.y -= shift;
        moved.box.width -= 2 * shift;  // the right edge moves by -shift
        moved.box.height += 2 * shift;
        CHECK(union_of(one_image({near_border}), one_image({moved})).first == 1);
    }
}

TEST_CASE("union duplicates: polygons, reordered keypoints and masks") {
    const Annotation square = polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    const Annotation nudged = polygon({{0.005, 0}, {10, 0.004}, {10, 10}, {0, 10}});
    CHECK(union_of(one_image({square}), one_image({nudged})).first == 1);
    const Annotation dented = polygon({{0, 0}, {10, 0}, {9, 10}, {0, 10}});  // same point count, one moved
    Annotation dented_boxed = dented;
    dented_boxed.box = square.box;  // even with the same box
    CHECK(union_of(one_image({square}), one_image({dented_boxed})).first == 2);
    const Annotation triangle = polygon({{0, 0}, {10, 0}, {10, 10}});
    CHECK(union_of(one_image({square}), one_image({triangle})).first == 2);

    const Annotation eyes = with_keypoints({{30, 40, 2}, {60, 40, 2}});
    const Annotation swapped = with_keypoints({{60, 40, 2}, {30, 40, 2}});  // the same points, left and right swapped
    const Annotation hidden = with_keypoints({{30, 40, 2}, {60, 40, 1}});
    CHECK(union_of(one_image({eyes}), one_image({with_keypoints({{30.004, 40, 2}, {60, 39.996, 2}})})).first == 1);
    CHECK(union_of(one_image({eyes}), one_image({swapped})).first == 2);
    CHECK(union_of(one_image({eyes}), one_image({hidden})).first == 2);

    Annotation mask = box(0, 0, 2, 2);
    mask.shape = RleMask{4, 4, {0, 2, 2, 2, 10}};
    Annotation other_mask = mask;
    std::get<RleMask>(other_mask.shape).counts = {0, 2, 2, 1, 11};
    CHECK(union_of(one_image({mask}), one_image({mask})).first == 1);
    CHECK(union_of(one_image({mask}), one_image({other_mask})).first == 2);
}

TEST_CASE("union duplicates: repeats within one input stay; a replaced image's annotations do not count") {
    const Annotation a = box(1, 1, 5, 5);
    CHECK(union_of(one_image({a, a}), one_image({})).first == 2);  // lint reports those
    CHECK(union_of(one_image({a}), one_image({a, a})) == std::pair<std::size_t, std::size_t>{1, 2});

    // 640 wide with a, then 800 wide with nothing (replaces it), then 800 wide with a again: the
    // first a was withdrawn with its image, so the last a is not its duplicate.
    const auto sized = [](std::uint32_t width, std::vector<Annotation> annotations) {
        Dataset dataset = one_image(std::move(annotations));
        dataset.items[0].width = width;
        return dataset;
    };
    DatasetUnion merged(ConflictPolicy::last, {});
    merged.add(sized(640, {a}), "first");
    merged.add(sized(800, {}), "second");
    merged.add(sized(800, {a}), "third", false);
    CHECK(merged.summary().inputs[2].shared_items == 1);
    CHECK(merged.summary().inputs[2].duplicates == 0);
    CHECK(merged.withdrawn() == std::vector<bool>{true, false});
    const Dataset result = merged.take();
    REQUIRE(result.annotations.size() == 1);
    CHECK(result.items[0].width == 800);
}

TEST_CASE("union duplicates: a corrected vertex is kept, whatever the weighted sums allow") {
    // 100 points on a circle; the second input moved point 2 by 20 px with the same bounds. The
    // weighted sums would let point 1 move 50 px: candidates are confirmed point by point.
    std::vector<Point> points;
    for (int i = 0; i < 100; ++i)
        points.push_back({200 + 100 * std::cos(i * 0.0628318530717958), 200 + 100 * std::sin(i * 0.0628318530717958)});
    Annotation original = polygon(points);
    std::vector<Point> corrected_points = points;
    corrected_points[2].x -= 20;
    Annotation corrected = polygon(corrected_points);
    REQUIRE(corrected.box == original.box);
    CHECK(union_of(one_image({original}), one_image({corrected})) == std::pair<std::size_t, std::size_t>{2, 0});
    corrected_points = points;
    corrected_points[2].x -= 0.005;
    CHECK(union_of(one_image({original}), one_image({polygon(corrected_points)})) == std::pair<std::size_t, std::size_t>{1, 1});
    // exactly equal only, with tolerance 0: one point a millionth apart is another polygon
    corrected_points[2].x = points[2].x - 1e-6;
    CHECK(union_of(one_image({original}), one_image({polygon(corrected_points)}), 0).first == 2);
    CHECK(union_of(one_image({original}), one_image({original}), 0).first == 1);
}

TEST_CASE("union duplicates: a box alone, or its own outline, repeats the richer annotation it came from") {
    const Annotation square = polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    const Annotation triangle = polygon({{0, 0}, {10, 0}, {10, 10}});
    // a VOC or YOLO detect copy of a polygon dataset adds nothing
    CHECK(union_of(one_image({triangle}), one_image({box(0, 0, 10, 10)})) == std::pair<std::size_t, std::size_t>{1, 1});
    // the box's outline, as YOLO segment writes a box, is the box
    CHECK(union_of(one_image({box(0, 0, 10, 10)}), one_image({square})) == std::pair<std::size_t, std::size_t>{1, 1});
    // but a polygon after its box is more than the box: both stay
    CHECK(union_of(one_image({box(0, 0, 10, 10)}), one_image({triangle})).first == 2);
    CHECK(union_of(one_image({triangle}), one_image({box(0, 0, 10, 10, 1)})).first == 2);  // another class
}

TEST_CASE("same_class_and_geometry: every coordinate within the tolerance, NaN never") {
    const Annotation square = polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    CHECK(same_class_and_geometry(square, polygon({{0.009, 0}, {10, 0}, {10, 10}, {0, 10}})));
    CHECK_FALSE(same_class_and_geometry(square, polygon({{0.011, 0}, {10, 0}, {10, 10}, {0, 10}})));
    CHECK_FALSE(same_class_and_geometry(square, polygon({{0.009, 0}, {10, 0}, {10, 10}, {0, 10}}), 0));
    Annotation broken = square;
    broken.box.x = std::nan("");
    CHECK_FALSE(same_class_and_geometry(broken, broken));
    CHECK(same_within(digest(square, 0), digest(square, 0), 0));
}
