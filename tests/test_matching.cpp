// Tests of lib/src/ops/matching.cpp. Every expected value is derived by hand in the comment
// next to it, or computed by a brute-force search inside this file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/ops/matching.hpp"
#include "shape_fixtures.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;

namespace {

double total(const std::vector<Assignment>& assignments) {
    double sum = 0;
    for (const Assignment& a : assignments) sum += a.score;
    return sum;
}

// The best total over all one-to-one assignments of allowed pairs, trying every column (or
// none) for each row in turn.
double brute_force_best(const std::vector<double>& score, std::size_t rows, std::size_t columns, double min_score,
                        std::size_t row = 0, std::vector<char> used = {}) {
    if (used.empty()) used.assign(columns, 0);
    if (row == rows) return 0;
    double best = brute_force_best(score, rows, columns, min_score, row + 1, used);
    for (std::size_t j = 0; j < columns; ++j) {
        const double s = score[row * columns + j];
        if (used[j] || s < min_score) continue;
        used[j] = 1;
        best = std::max(best, s + brute_force_best(score, rows, columns, min_score, row + 1, used));
        used[j] = 0;
    }
    return best;
}

// One-to-one, every pair allowed, scores as in the matrix, sorted by row.
void check_valid(const std::vector<Assignment>& result, const std::vector<double>& score, std::size_t columns,
                 double min_score) {
    std::set<std::uint32_t> rows, cols;
    for (const Assignment& a : result) {
        CHECK(rows.insert(a.row).second);
        CHECK(cols.insert(a.column).second);
        CHECK(a.score == score[a.row * columns + a.column]);
        CHECK(a.score >= min_score);
    }
    CHECK(std::is_sorted(result.begin(), result.end(),
                         [](const Assignment& l, const Assignment& r) { return l.row < r.row; }));
}

}  // namespace

// ---------------------------------------------------------------------------------------
// shape_iou

TEST_CASE("matching: shape_iou of plain boxes is the exact box IoU") {
    const Annotation a = box_shape(0, 0, 10, 10);
    CHECK(shape_iou(a, a) == 1.0);
    // Shifted 2 px in x: overlap 8 x 10 = 80, union 100 + 100 - 80 = 120.
    CHECK_NEAR(shape_iou(a, box_shape(2, 0, 10, 10)), 80.0 / 120.0, 1e-12);
    // Shifted by (2, 3): overlap 8 x 7 = 56, union 200 - 56 = 144.
    CHECK_NEAR(shape_iou(a, box_shape(2, 3, 10, 10)), 56.0 / 144.0, 1e-12);
    // Apart, and touching along an edge: no common area.
    CHECK(shape_iou(a, box_shape(30, 0, 10, 10)) == 0.0);
    CHECK(shape_iou(a, box_shape(10, 0, 10, 10)) == 0.0);
}

TEST_CASE("matching: shape_iou of polygons on the refined grid") {
    SUBCASE("a polygon square equal to a box, or to itself with its vertices in another order") {
        // Both are cut on the same lines from the same coordinates: the same spans, so the
        // common length equals the joined one on every line, and the ratio is exactly 1.
        const Annotation polygon = square(2, 3, 10);
        CHECK(shape_iou(polygon, box_shape(2, 3, 10, 10)) == 1.0);
        CHECK(shape_iou(box_shape(2, 3, 10, 10), polygon) == 1.0);
        const Annotation reversed = polygon_shape({{{2, 13}, {12, 13}, {12, 3}, {2, 3}}});
        CHECK(shape_iou(polygon, reversed) == 1.0);
    }
    SUBCASE("squares shifted 2 px: 80 / 120, as for boxes") {
        // A shift along x only is measured exactly.
        CHECK_NEAR(shape_iou(square(0, 0, 10), square(2, 0, 10)), 80.0 / 120.0, 1e-12);
        CHECK_NEAR(shape_iou(square(0, 0, 10), box_shape(2, 0, 10, 10)), 80.0 / 120.0, 1e-12);
    }
    SUBCASE("squares shifted by (2, 3): 56 / 144 when the edges fall between bands") {
        // The union spans y 0..13. With 13 lines (bands of 1 px) the edges at y = 0, 3, 10
        // and 13 are band boundaries: lines y = 0.5 .. 12.5, of which 10 cross each square and
        // 7 both, giving 7 * 8 / (10 * 10 + 10 * 10 - 7 * 8) = 56 / 144 exactly.
        CHECK_NEAR(shape_iou(square(0, 0, 10), square(2, 3, 10), 13), 56.0 / 144.0, 1e-12);
        // With the default 64 lines (bands of 13/64 px, lines at (k + 0.5) * 13/64), the edges
        // at 3 and 10 fall inside bands: 49 lines (k = 0..48) cross the first square, 49
        // (k = 15..63) the second, 34 (k = 15..48) both: 34 * 8 / (490 + 490 - 272) = 68 / 177
        // (0.3842 for the true 0.3889: the midpoint rule's error at horizontal edges).
        CHECK_NEAR(shape_iou(square(0, 0, 10), square(2, 3, 10)), 68.0 / 177.0, 1e-12);
    }
    SUBCASE("a right triangle is half of its bounding box") {
        // Area 20 * 20 / 2 = 200 inside the 400 of the box. Measured exactly: the triangle's
        // cut at height y is 20 - y long, linear, and the midpoint rule is exact for it.
        const Annotation triangle = polygon_shape({{{0, 0}, {20, 0}, {0, 20}}});
        CHECK_NEAR(shape_iou(triangle, box_shape(0, 0, 20, 20)), 0.5, 1e-12);
    }
    SUBCASE("polygons of 2 x 2 px are measured finer than pixels") {
        // [0.2, 2.2]^2 and [0.9, 2.9] x [0.2, 2.2]: overlap 1.3 x 2 = 2.6, union 8 - 2.6 = 5.4.
        const Annotation a = square(0.2, 0.2, 2), b = square(0.9, 0.2, 2);
        // Each line across them is measured exactly along x, and they span the same rows: the
        // default 64 lines and even one line give the exact value.
        CHECK_NEAR(shape_iou(a, b), 2.6 / 5.4, 1e-12);
        CHECK_NEAR(shape_iou(a, b, 1), 2.6 / 5.4, 1e-12);
    }
    SUBCASE("two rings: even-odd within a ring, union over rings") {
        // Squares [0,10]^2 and [20,30]x[0,10] against the first one: 100 / 200 (every line
        // crosses all three at full width: exact).
        const Annotation two = polygon_shape({{{0, 0}, {10, 0}, {10, 10}, {0, 10}},
                                              {{20, 0}, {30, 0}, {30, 10}, {20, 10}}});
        CHECK_NEAR(shape_iou(two, box_shape(0, 0, 10, 10)), 0.5, 1e-12);
        // Overlapping rings [0,10] and [5,15] (x) cover [0,15] x [0,10] once, not 5 px twice
        // or not at all.
        const Annotation overlapping = polygon_shape({{{0, 0}, {10, 0}, {10, 10}, {0, 10}},
                                                      {{5, 0}, {15, 0}, {15, 10}, {5, 10}}});
        CHECK_NEAR(shape_iou(overlapping, box_shape(0, 0, 15, 10)), 1.0, 1e-12);
    }
    SUBCASE("polygons whose boxes do not overlap give 0") {
        CHECK(shape_iou(square(0, 0, 10), square(50, 50, 10)) == 0.0);
        CHECK(shape_iou(square(0, 0, 10), square(10, 0, 10)) == 0.0);
    }
    SUBCASE("an empty polygon gives 0") {
        Annotation empty = box_shape(0, 0, 10, 10);
        empty.shape = PolygonSet{};
        CHECK(shape_iou(empty, square(0, 0, 10)) == 0.0);
    }
}

TEST_CASE("matching: shape_iou of oriented boxes") {
    // A square rotated 45 degrees, corners at the middles of the sides of [0,20]^2: its
    // diagonals are 20 long, so its area is 20 * 20 / 2 = 200 of the box's 400. Measured
    // exactly: its cut is linear in y but for a kink at y = 10, which is a band boundary
    // (64 bands of 20/64 px: the 32nd), and the midpoint rule is exact for linear pieces.
    const Annotation diamond = oriented_shape({{10, 0}, {20, 10}, {10, 20}, {0, 10}});
    CHECK_NEAR(shape_iou(diamond, box_shape(0, 0, 20, 20)), 0.5, 1e-12);
    CHECK(shape_iou(diamond, diamond) == 1.0);
    // The same corners as a polygon: the same cells.
    CHECK(shape_iou(diamond, polygon_shape({{{10, 0}, {20, 10}, {10, 20}, {0, 10}}})) == 1.0);
    // Shifted 10 px right: the overlap is the rhombus (10,10) (15,5) (20,10) (15,15), with
    // diagonals 10 and 10, area 50; union 400 - 50 = 350. Exact again: the union spans y 0..20
    // as before, and the kinks of the cuts (y = 5, 10, 15) are band boundaries.
    const Annotation shifted = oriented_shape({{20, 0}, {30, 10}, {20, 20}, {10, 10}});
    CHECK_NEAR(shape_iou(diamond, shifted), 50.0 / 350.0, 1e-12);
}

TEST_CASE("matching: shape_iou with masks works on the mask's pixels") {
    const Annotation l_shape = mask_shape({
        "00000000",
        "01100000",
        "01100000",
        "01111100",
        "00000000",
    });
    SUBCASE("the outline of a mask covers the same pixels") {
        CHECK(shape_iou(l_shape, polygon_shape(rle_to_polygons(std::get<RleMask>(l_shape.shape)).rings)) == 1.0);
        CHECK(shape_iou(l_shape, l_shape) == 1.0);
    }
    SUBCASE("against a box: pixels whose centre is inside the box") {
        // The box [2, 6) x [2, 4) holds pixel centres x = 2.5 .. 5.5, y = 2.5, 3.5: 8 pixels,
        // of which the mask has (2,2) and (2..5, 3): 5. The mask has 2+2+5 = 9 pixels.
        // IoU 5 / (8 + 9 - 5) = 5 / 12. (A ratio of pixel counts: exact, as are those below.)
        CHECK(shape_iou(l_shape, box_shape(2, 2, 4, 2)) == 5.0 / 12.0);
        // A polygon off the pixel grid is sampled at pixel centres too: [1.4, 3.6) x [0.8, 3.2)
        // holds centres x = 1.5, 2.5, 3.5 and y = 1.5, 2.5: 6 pixels, 4 of them in the mask
        // ((1..2, 1..2)). IoU 4 / (6 + 9 - 4) = 4 / 11.
        CHECK(shape_iou(l_shape, polygon_shape({{{1.4, 0.8}, {3.6, 0.8}, {3.6, 3.2}, {1.4, 3.2}}})) == 4.0 / 11.0);
    }
    SUBCASE("a box reaching past the image only meets the mask inside it") {
        const Annotation corner = mask_shape({
            "00000111",
            "00000111",
            "00000000",
        });
        // The box [6, 10) x [0, 2) has 8 pixels, the mask 6; they share x = 6, 7 in rows 0
        // and 1: 4. IoU 4 / (8 + 6 - 4) = 0.4.
        CHECK(shape_iou(corner, box_shape(6, 0, 4, 2)) == 4.0 / 10.0);
        // Left of and above the image as well: [-2, 7) x [-1, 1) has 9 x 2 = 18 pixels, and
        // shares (5, 0) and (6, 0) with the mask. IoU 2 / (18 + 6 - 2) = 1 / 11.
        CHECK(shape_iou(box_shape(-2, -1, 9, 2), corner) == 2.0 / 22.0);
    }
    SUBCASE("two masks") {
        const Annotation other = mask_shape({
            "00000000",
            "00000000",
            "01100000",
            "01111110",
            "00000000",
        });
        // Common: (1..2, 2) and (1..5, 3) = 7; the other mask has 2 + 6 = 8 pixels.
        // IoU 7 / (9 + 8 - 7) = 0.7.
        CHECK(shape_iou(l_shape, other) == 7.0 / 10.0);
    }
}

// ---------------------------------------------------------------------------------------
// max_score_assignment

TEST_CASE("matching: max_score_assignment finds what greedy misses") {
    // Greedy takes 0.9 and is left with 0.1 (total 1.0); crosswise gives 0.8 + 0.8 = 1.6.
    const std::vector<double> score = {0.9, 0.8,  //
                                       0.8, 0.1};
    const auto result = max_score_assignment(score, 2, 2, 0.0);
    REQUIRE(result.size() == 2);
    CHECK(result[0].row == 0);
    CHECK(result[0].column == 1);
    CHECK(result[1].row == 1);
    CHECK(result[1].column == 0);
    CHECK_NEAR(total(result), 1.6, 1e-12);

    SUBCASE("min_score forbids pairs") {
        // At 0.85 only (0, 0) = 0.9 is left.
        const auto high = max_score_assignment(score, 2, 2, 0.85);
        REQUIRE(high.size() == 1);
        CHECK(high[0].row == 0);
        CHECK(high[0].column == 0);
        CHECK(high[0].score == 0.9);
        // At 0.5 the 0.1 is forbidden, but the optimum (0.8 + 0.8) does not use it.
        CHECK_NEAR(total(max_score_assignment(score, 2, 2, 0.5)), 1.6, 1e-12);
        // At 0.95 nothing is left.
        CHECK(max_score_assignment(score, 2, 2, 0.95).empty());
    }
}

TEST_CASE("matching: max_score_assignment on rectangular and empty matrices") {
    // Greedy takes 0.95 at (1, 1), then 0.5 at (0, 0): 1.45. Best: 0.9 at (0, 1) and 0.6 at
    // (1, 0): 1.5 (the other pairs give 0.5 + 0.2, 0.1 + 0.95, 0.1 + 0.6, 0.9 + 0.2 or less).
    const std::vector<double> wide = {0.5, 0.9, 0.1,  //
                                      0.6, 0.95, 0.2};
    const auto result = max_score_assignment(wide, 2, 3, 0.0);
    REQUIRE(result.size() == 2);
    CHECK((result[0].row == 0 && result[0].column == 1));
    CHECK((result[1].row == 1 && result[1].column == 0));

    // The transpose (3 x 2) gives the transposed pairs, sorted by row.
    const std::vector<double> tall = {0.5, 0.6,  //
                                      0.9, 0.95,  //
                                      0.1, 0.2};
    const auto transposed = max_score_assignment(tall, 3, 2, 0.0);
    REQUIRE(transposed.size() == 2);
    CHECK((transposed[0].row == 0 && transposed[0].column == 1));
    CHECK((transposed[1].row == 1 && transposed[1].column == 0));
    CHECK_NEAR(total(transposed), 1.5, 1e-12);

    const std::vector<double> none;
    CHECK(max_score_assignment(none, 0, 0, 0.0).empty());
    CHECK(max_score_assignment(none, 0, 3, 0.0).empty());
    CHECK(max_score_assignment(none, 3, 0, 0.0).empty());
    CHECK_THROWS_AS(max_score_assignment(wide, 2, 2, 0.0), Error);
}

TEST_CASE("matching: max_score_assignment never assigns negative or non-finite scores") {
    // min_score -1 counts as 0: the -0.5 pair would lower the total.
    const std::vector<double> negative = {-0.5};
    CHECK(max_score_assignment(negative, 1, 1, -1.0).empty());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> odd = {nan, 0.3,  //
                                     inf, nan};
    const auto result = max_score_assignment(odd, 2, 2, 0.0);
    REQUIRE(result.size() == 1);
    CHECK((result[0].row == 0 && result[0].column == 1));
}

TEST_CASE("matching: max_score_assignment agrees with brute force on random matrices") {
    std::mt19937 random(12345);
    std::uniform_real_distribution<double> value(0.0, 1.0);
    std::uniform_int_distribution<int> rounded(0, 4);
    for (int trial = 0; trial < 600; ++trial) {
        const std::size_t rows = trial % 7, columns = (trial / 7) % 7;
        const double min_score = (trial % 3) * 0.3;  // 0, 0.3, 0.6
        std::vector<double> score(rows * columns);
        // Every other matrix has scores on a coarse grid (0, 0.25, ... 1) to force ties.
        for (double& s : score) s = trial % 2 ? value(random) : rounded(random) * 0.25;
        const auto result = max_score_assignment(score, rows, columns, min_score);
        CAPTURE(trial);
        check_valid(result, score, columns, min_score);
        CHECK_NEAR(total(result), brute_force_best(score, rows, columns, min_score), 1e-12);
    }
}

// ---------------------------------------------------------------------------------------
// match_shapes

TEST_CASE("matching: match_shapes respects classes and the threshold") {
    const std::vector<Annotation> a = {box_shape(0, 0, 10, 10, 0)};
    const std::vector<Annotation> same_place_other_class = {box_shape(0, 0, 10, 10, 1)};
    CHECK(match_shapes(pointers(a), pointers(same_place_other_class), 0.5, true).empty());
    const auto agnostic = match_shapes(pointers(a), pointers(same_place_other_class), 0.5, false);
    REQUIRE(agnostic.size() == 1);
    CHECK(agnostic[0].a == 0);
    CHECK(agnostic[0].b == 0);
    CHECK(agnostic[0].iou == 1.0);

    // IoU 80 / 120 = 2/3: matched at 0.6 and at exactly 2/3, not at 0.7.
    const std::vector<Annotation> shifted = {box_shape(2, 0, 10, 10, 0)};
    CHECK(match_shapes(pointers(a), pointers(shifted), 0.6, true).size() == 1);
    CHECK(match_shapes(pointers(a), pointers(shifted), 2.0 / 3.0, true).size() == 1);
    CHECK(match_shapes(pointers(a), pointers(shifted), 0.7, true).empty());
    // A threshold of 0 still does not match shapes that do not overlap.
    const std::vector<Annotation> far = {box_shape(50, 0, 10, 10, 0)};
    CHECK(match_shapes(pointers(a), pointers(far), 0.0, true).empty());
    // Empty lists.
    const std::vector<Annotation> nothing;
    CHECK(match_shapes(pointers(a), pointers(nothing), 0.5, true).empty());
    CHECK(match_shapes(pointers(nothing), pointers(a), 0.5, true).empty());
}

TEST_CASE("matching: match_shapes is one-to-one and optimal in each cluster") {
    SUBCASE("two identical candidates: one match") {
        const std::vector<Annotation> a = {box_shape(0, 0, 10, 10)};
        const std::vector<Annotation> b = {box_shape(0, 0, 10, 10), box_shape(0, 0, 10, 10)};
        const auto result = match_shapes(pointers(a), pointers(b), 0.5, false);
        REQUIRE(result.size() == 1);
        CHECK(result[0].a == 0);
    }
    SUBCASE("two separate clusters where greedy fails") {
        // Cluster 1 (10 x 10 boxes on y = 0, only x differs; IoU of a shift d is
        // (10 - d) / (10 + d)): a at x = 0 and 5, b at x = 2 and -3.
        //   a0-b0: d 2 -> 8/12;  a0-b1: d 3 -> 7/13;  a1-b0: d 3 -> 7/13;  a1-b1: d 8 -> 2/18.
        // At threshold 0.5 greedy takes only a0-b0 (0.667); the optimum is crosswise, 14/13.
        // Cluster 2 is the same, 100 px lower and right. The lists interleave the clusters.
        const std::vector<Annotation> a = {box_shape(0, 0, 10, 10), box_shape(100, 100, 10, 10),
                                           box_shape(5, 0, 10, 10), box_shape(105, 100, 10, 10),
                                           box_shape(300, 300, 10, 10)};
        const std::vector<Annotation> b = {box_shape(102, 100, 10, 10), box_shape(2, 0, 10, 10),
                                           box_shape(97, 100, 10, 10), box_shape(-3, 0, 10, 10)};
        // a0 (x 0) - b3 (x -3), a1 (x 100) - b2 (x 97), a2 (x 5) - b1 (x 2), a3 (x 105) - b0
        // (x 102), each 7/13; a4 has nothing near.
        const auto result = match_shapes(pointers(a), pointers(b), 0.5, false);
        REQUIRE(result.size() == 4);
        const std::uint32_t expected_b[] = {3, 2, 1, 0};
        for (std::uint32_t i = 0; i < 4; ++i) {
            CHECK(result[i].a == i);
            CHECK(result[i].b == expected_b[i]);
            CHECK_NEAR(result[i].iou, 7.0 / 13.0, 1e-12);
        }
    }
}

TEST_CASE("matching: match_shapes equals one assignment over the whole IoU matrix") {
    // Splitting into components must not change the optimum: compare with a single
    // max_score_assignment over all pairs, on random crowded images.
    std::mt19937 random(7);
    std::uniform_real_distribution<double> position(0.0, 100.0), size(5.0, 30.0);
    std::uniform_int_distribution<std::uint32_t> category(0, 1);
    const auto random_box = [&] {
        Annotation shape;
        // Braced lists are evaluated left to right, so the draws come in a fixed order.
        shape.box = Box{position(random), position(random), size(random), size(random)};
        shape.category = category(random);
        return shape;
    };
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<Annotation> a, b;
        for (int i = 0; i < 12; ++i) a.push_back(random_box());
        for (int i = 0; i < 10; ++i) b.push_back(random_box());
        const bool class_aware = trial % 2 == 0;
        const double threshold = 0.2;
        std::vector<double> score(a.size() * b.size(), -1.0);
        for (std::size_t i = 0; i < a.size(); ++i)
            for (std::size_t j = 0; j < b.size(); ++j)
                if (!class_aware || a[i].category == b[j].category) score[i * b.size() + j] = shape_iou(a[i], b[j]);
        const auto whole = max_score_assignment(score, a.size(), b.size(), threshold);

        const auto result = match_shapes(pointers(a), pointers(b), threshold, class_aware);
        double sum = 0;
        std::set<std::uint32_t> used_b;
        for (const ShapeMatch& m : result) {
            CHECK(used_b.insert(m.b).second);
            CHECK(m.iou >= threshold);
            CHECK(m.iou == shape_iou(a[m.a], b[m.b]));
            if (class_aware) CHECK(a[m.a].category == b[m.b].category);
            sum += m.iou;
        }
        CHECK(std::is_sorted(result.begin(), result.end(),
                             [](const ShapeMatch& l, const ShapeMatch& r) { return l.a < r.a; }));
        CHECK(std::adjacent_find(result.begin(), result.end(), [](const ShapeMatch& l, const ShapeMatch& r) {
                  return l.a == r.a;
              }) == result.end());
        CHECK_NEAR(sum, total(whole), 1e-12);
    }
}

// ---------------------------------------------------------------------------------------
// group_shapes

namespace {

using Groups = std::vector<std::vector<GroupMember>>;

std::string str(const Groups& groups) {
    std::string out;
    for (const auto& g : groups) {
        out += "[";
        for (const GroupMember& m : g) out += "(" + std::to_string(m.annotator) + "," + std::to_string(m.shape) + ")";
        out += "]";
    }
    return out;
}

std::vector<std::vector<const Annotation*>> lists(const std::vector<std::vector<Annotation>>& per_annotator) {
    std::vector<std::vector<const Annotation*>> out;
    for (const auto& shapes : per_annotator) out.push_back(pointers(shapes));
    return out;
}

std::string grouped(const std::vector<std::vector<Annotation>>& per_annotator, double threshold,
                    bool class_aware = false) {
    return str(group_shapes(lists(per_annotator), threshold, class_aware));
}

}  // namespace

TEST_CASE("matching: group_shapes joins the shapes of one object") {
    // Three annotators, boxes 1 px apart: IoUs 9/11 and 8/12 = 0.667, all over 0.5.
    CHECK(grouped({{box_shape(0, 0, 10, 10)}, {box_shape(1, 0, 10, 10)}, {box_shape(2, 0, 10, 10)}}, 0.5) ==
          "[(0,0)(1,0)(2,0)]");
    // A shape missing: annotator 1 drew only the second object (y = 50). Shapes of an
    // annotator may come in any order.
    CHECK(grouped({{box_shape(0, 0, 10, 10), box_shape(0, 50, 10, 10)},
                   {box_shape(1, 50, 10, 10)},
                   {box_shape(1, 51, 10, 10), box_shape(1, 1, 10, 10)}},
                  0.5) == "[(0,0)(2,1)][(0,1)(1,0)(2,0)]");
    // No shapes at all, and annotators without shapes.
    CHECK(group_shapes({}, 0.5, false).empty());
    CHECK(grouped({{}, {box_shape(0, 0, 10, 10)}, {}}, 0.5) == "[(1,0)]");
}

TEST_CASE("matching: group_shapes keeps apart what does not match") {
    // 10 x 10 boxes on y = 0 shifted by d have IoU (10 - d) / (10 + d).
    SUBCASE("below the threshold") {
        // d = 3: 7/13 = 0.538 < 0.6.
        CHECK(grouped({{box_shape(0, 0, 10, 10)}, {box_shape(3, 0, 10, 10)}}, 0.6) == "[(0,0)][(1,0)]");
        CHECK(grouped({{box_shape(0, 0, 10, 10)}, {box_shape(3, 0, 10, 10)}}, 0.5) == "[(0,0)(1,0)]");
    }
    SUBCASE("complete linkage: a shape must match every member") {
        // x = 0, 3, 6: 0-3 and 3-6 have 7/13 = 0.538, 0-6 has 4/16 = 0.25 < 0.5; the third
        // shape matches the second member only and starts its own group.
        CHECK(grouped({{box_shape(0, 0, 10, 10)}, {box_shape(3, 0, 10, 10)}, {box_shape(6, 0, 10, 10)}}, 0.5) ==
              "[(0,0)(1,0)][(2,0)]");
    }
    SUBCASE("classes") {
        const std::vector<std::vector<Annotation>> shapes = {{box_shape(0, 0, 10, 10, 0)},
                                                             {box_shape(0, 0, 10, 10, 1)}};
        CHECK(grouped(shapes, 0.5, true) == "[(0,0)][(1,0)]");
        CHECK(grouped(shapes, 0.5, false) == "[(0,0)(1,0)]");
    }
    SUBCASE("the assignment to groups is optimal, not greedy") {
        // As in the match_shapes case: annotator 0 at x = 0 and 5, annotator 1 at x = 2 and
        // -3; at 0.5 only the crosswise pairs (7/13 each) give two groups of two.
        CHECK(grouped({{box_shape(0, 0, 10, 10), box_shape(5, 0, 10, 10)},
                       {box_shape(2, 0, 10, 10), box_shape(-3, 0, 10, 10)}},
                      0.5) == "[(0,0)(1,1)][(0,1)(1,0)]");
    }
    SUBCASE("the score is the mean IoU with the members") {
        // At 0.3 (shifts up to 5 px): annotator 0 at x = 0 (P) and 6 (Q), annotator 1 at
        // x = -1 (R) and 8 (S) give groups {P, R} (d 1: 9/11) and {Q, S} (d 2: 8/12); R-Q
        // (d 7: 3/17) and S-P (d 8: 2/18) are below 0.3. Annotator 2 at x = 3.2 (T):
        //   {P, R}: d 3.2 -> 6.8/13.2 = 0.5152, d 4.2 -> 5.8/14.2 = 0.4085, mean 0.4618;
        //   {Q, S}: d 2.8 -> 7.2/12.8 = 0.5625, d 4.8 -> 5.2/14.8 = 0.3514, mean 0.4569.
        // The best single IoU is with Q, the best mean with {P, R}: T joins {P, R}.
        CHECK(grouped({{box_shape(0, 0, 10, 10), box_shape(6, 0, 10, 10)},
                       {box_shape(-1, 0, 10, 10), box_shape(8, 0, 10, 10)},
                       {box_shape(3.2, 0, 10, 10)}},
                      0.3) == "[(0,0)(1,0)(2,0)][(0,1)(1,1)]");
    }
}

TEST_CASE("matching: group_shapes puts every shape in exactly one valid group") {
    std::mt19937 random(99);
    std::uniform_real_distribution<double> position(0.0, 200.0), size(10.0, 40.0), jitter(-3.0, 3.0);
    std::uniform_int_distribution<int> category(0, 2);
    for (int trial = 0; trial < 20; ++trial) {
        // Objects drawn by 4 annotators with some jitter, some missed, plus stray shapes.
        std::vector<std::vector<Annotation>> per_annotator(4);
        for (int object = 0; object < 15; ++object) {
            Annotation drawn;
            // Braced lists are evaluated left to right, so the draws come in a fixed order.
            drawn.box = Box{position(random), position(random), size(random), size(random)};
            drawn.category = static_cast<std::uint32_t>(category(random));
            for (auto& shapes : per_annotator) {
                if (random() % 5 == 0) continue;  // missed by this annotator
                Annotation shape = drawn;
                shape.box = Box{drawn.box.x + jitter(random), drawn.box.y + jitter(random),
                                drawn.box.width + jitter(random), drawn.box.height + jitter(random)};
                shapes.push_back(shape);
            }
        }
        for (auto& shapes : per_annotator) {  // a stray shape each
            Annotation stray;
            stray.box = Box{position(random), position(random), size(random), size(random)};
            shapes.push_back(stray);
        }
        for (auto& shapes : per_annotator) std::shuffle(shapes.begin(), shapes.end(), random);

        const double threshold = 0.4;
        const bool class_aware = trial % 2 == 0;
        const auto groups = group_shapes(lists(per_annotator), threshold, class_aware);
        std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            REQUIRE(!groups[g].empty());
            if (g > 0) {
                const GroupMember &p = groups[g - 1][0], &q = groups[g][0];
                CHECK((p.annotator < q.annotator || (p.annotator == q.annotator && p.shape < q.shape)));
            }
            for (std::size_t i = 0; i < groups[g].size(); ++i) {
                const GroupMember m = groups[g][i];
                CHECK(seen.insert({m.annotator, m.shape}).second);
                for (std::size_t j = 0; j < i; ++j) {
                    const GroupMember o = groups[g][j];
                    CHECK(o.annotator < m.annotator);  // members in annotator order, one each
                    const Annotation &x = per_annotator[o.annotator][o.shape], &y = per_annotator[m.annotator][m.shape];
                    CHECK(shape_iou(x, y) >= threshold);
                    if (class_aware) CHECK(x.category == y.category);
                }
            }
        }
        std::size_t shapes = 0;
        for (const auto& list : per_annotator) shapes += list.size();
        CHECK(seen.size() == shapes);
    }
}
