// Tests of lib/src/ops/fusion.cpp. Every expected value is derived by hand in the comment next
// to it, or is the published example of ZFTurbo's Weighted-Boxes-Fusion read from
// shared/reference/agreement_vectors.json.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/ops/fusion.hpp"
#include "shape_fixtures.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;
using json = nlohmann::json;

namespace {

Annotation scored_box(double x, double y, double width, double height, double score) {
    Annotation a = box_shape(x, y, width, height);
    a.score = score;
    return a;
}

// The fused box of shapes drawn by as many annotators.
Box fuse(const std::vector<Annotation>& shapes, FuseMethod method) {
    return fuse_boxes(pointers(shapes), method, shapes.size()).box;
}

RleMask majority(const std::vector<Annotation>& shapes, std::uint32_t height, std::uint32_t width) {
    return majority_mask(pointers(shapes), height, width);
}

bool pixel(const RleMask& mask, std::uint32_t x, std::uint32_t y) {
    return rle_decode(mask)[std::size_t{x} * mask.height + y] != 0;
}

std::uint64_t covered(const RleMask& mask) {
    return std::accumulate(mask.counts.begin(), mask.counts.end(), std::uint64_t{0});
}

void check_box(const Box& actual, const Box& expected) {
    CHECK_NEAR(actual.x, expected.x, 1e-12);
    CHECK_NEAR(actual.y, expected.y, 1e-12);
    CHECK_NEAR(actual.width, expected.width, 1e-12);
    CHECK_NEAR(actual.height, expected.height, 1e-12);
}

}  // namespace

TEST_CASE("fusion: method names") {
    for (FuseMethod method : {FuseMethod::wbf, FuseMethod::median, FuseMethod::best})
        CHECK(parse<FuseMethod>(to_string(method)) == method);
    CHECK(std::string(to_string(FuseMethod::wbf)) == "wbf");
    CHECK(std::string(to_string(FuseMethod::median)) == "median");
    CHECK(std::string(to_string(FuseMethod::best)) == "best");
    CHECK_FALSE(parse<FuseMethod>("mean").has_value());
    CHECK_FALSE(parse<FuseMethod>("WBF").has_value());
    CHECK_FALSE(parse<FuseMethod>("").has_value());
}

TEST_CASE("fuse_boxes: wbf weights the corners by score") {
    // Corners (0, 0, 10, 10) with score 3 and (4, 2, 14, 12) with score 1:
    // x1 = (3*0 + 1*4) / 4 = 1, y1 = (3*0 + 1*2) / 4 = 0.5, x2 = (3*10 + 14) / 4 = 11,
    // y2 = (3*10 + 12) / 4 = 10.5 -> box (1, 0.5, 10, 10).
    const std::vector<Annotation> shapes{scored_box(0, 0, 10, 10, 3), scored_box(4, 2, 10, 10, 1)};
    check_box(fuse(shapes, FuseMethod::wbf), Box{1, 0.5, 10, 10});
}

TEST_CASE("fuse_boxes: wbf without scores is the plain mean") {
    // Corners (0, 0, 10, 10) and (2, 4, 12, 14): mean (1, 2, 11, 12) -> box (1, 2, 10, 10).
    const std::vector<Annotation> plain{box_shape(0, 0, 10, 10), box_shape(2, 4, 10, 10)};
    check_box(fuse(plain, FuseMethod::wbf), Box{1, 2, 10, 10});
    // Scores adding up to 0 weigh the members evenly too.
    const std::vector<Annotation> zero{scored_box(0, 0, 10, 10, 0), scored_box(2, 4, 10, 10, 0)};
    check_box(fuse(zero, FuseMethod::wbf), Box{1, 2, 10, 10});
    // A missing score counts as 1: (0, 0, 10, 10) with 1 and (2, 4, 12, 14) with 3:
    // x1 = 6/4 = 1.5, y1 = 12/4 = 3, x2 = (10 + 36)/4 = 11.5, y2 = (10 + 42)/4 = 13.
    const std::vector<Annotation> mixed{box_shape(0, 0, 10, 10), scored_box(2, 4, 10, 10, 3)};
    check_box(fuse(mixed, FuseMethod::wbf), Box{1.5, 3, 10, 10});
}

TEST_CASE("fuse_boxes: median of the corners, odd and even counts") {
    // Odd: x1 in {0, 5, 1} -> 1; y1 in {0, 2, 9} -> 2; x2 = x1 + 4 in {4, 9, 5} -> 5;
    // y2 = y1 + 6 in {6, 8, 15} -> 8 -> box (1, 2, 4, 6).
    const std::vector<Annotation> odd{box_shape(0, 0, 4, 6), box_shape(5, 2, 4, 6), box_shape(1, 9, 4, 6)};
    check_box(fuse(odd, FuseMethod::median), Box{1, 2, 4, 6});
    // Even: x1 in {0, 7, 1, 5} -> (1 + 5)/2 = 3; y1 in {0, 0, 0, 4} -> 0; x2 = x1 + w with w
    // 2, 2, 10, 2: x2 in {2, 9, 11, 7} -> (7 + 9)/2 = 8; y2 = y1 + 3 in {3, 3, 3, 7} -> 3
    // -> box (3, 0, 5, 3).
    const std::vector<Annotation> even{box_shape(0, 0, 2, 3), box_shape(7, 0, 2, 3), box_shape(1, 0, 10, 3),
                                       box_shape(5, 4, 2, 3)};
    check_box(fuse(even, FuseMethod::median), Box{3, 0, 5, 3});
}

TEST_CASE("fuse_boxes: best picks the member with the highest mean IoU") {
    // 10 x 10 boxes at x = 0, 4 and 2 (listed in that order): IoU(0, 2) = 80/120 = 2/3,
    // IoU(2, 4) = 2/3, IoU(0, 4) = 60/140 = 3/7. Mean IoU: x=0 and x=4 (2/3 + 3/7)/2 = 0.548,
    // x=2: 2/3 -> the last member.
    const std::vector<Annotation> shapes{box_shape(0, 0, 10, 10), box_shape(4, 0, 10, 10), box_shape(2, 0, 10, 10)};
    CHECK(fuse(shapes, FuseMethod::best) == Box{2, 0, 10, 10});
    // Two members have the same mean IoU (IoU is symmetric): the first wins.
    const std::vector<Annotation> tie{box_shape(5, 0, 10, 10), box_shape(0, 0, 10, 10)};
    CHECK(fuse(tie, FuseMethod::best) == Box{5, 0, 10, 10});
    // One member is its own best.
    const std::vector<Annotation> one{box_shape(1, 2, 3, 4)};
    CHECK(fuse(one, FuseMethod::best) == Box{1, 2, 3, 4});
}

TEST_CASE("fuse_boxes: an empty group is an error, and so is one of more members than annotators") {
    const std::vector<Annotation> none;
    const std::vector<Annotation> two{box_shape(0, 0, 10, 10), box_shape(1, 0, 10, 10)};
    for (FuseMethod method : {FuseMethod::wbf, FuseMethod::median, FuseMethod::best}) {
        CHECK_THROWS_AS(fuse(none, method), Error);
        CHECK_THROWS_AS(fuse_boxes(pointers(two), method, 1), Error);
    }
}

TEST_CASE("fuse_boxes: wbf is weighted_boxes_fusion's fusion of the group as one cluster (conf_type avg)") {
    // Two of three annotators drew the object: (0, 0, 10, 10) with score 0.9 and (4, 2, 14, 12)
    // with score 0.6. Corners weighted by score: x1 = (0.9*0 + 0.6*4) / 1.5 = 1.6,
    // y1 = (0.6*2) / 1.5 = 0.8, x2 = (0.9*10 + 0.6*14) / 1.5 = 11.6, y2 = (9 + 7.2) / 1.5 = 10.8.
    // Score (conf_type avg): mean 0.75, times min(3 models, 2 boxes) / 3 -> 0.5.
    const std::vector<Annotation> shapes{scored_box(0, 0, 10, 10, 0.9), scored_box(4, 2, 10, 10, 0.6)};
    const FusedBox fused = fuse_boxes(pointers(shapes), FuseMethod::wbf, 3);
    check_box(fused.box, Box{1.6, 0.8, 10, 10});
    REQUIRE(fused.score.has_value());
    CHECK(*fused.score == doctest::Approx(0.5).epsilon(1e-12));
    // The same numbers from weighted_boxes_fusion() itself, with the annotators as models (the
    // third without a box) and a threshold below their IoU (48 / 152 = 0.32): one cluster.
    WbfInput input;
    input.boxes = {{{0, 0, 10, 10}}, {{4, 2, 14, 12}}, {}};
    input.scores = {{0.9}, {0.6}, {}};
    input.labels = {{0}, {0}, {}};
    const auto clusters = weighted_boxes_fusion(input, 0.3, 0.0, WbfConfidence::avg);
    REQUIRE(clusters.size() == 1);
    CHECK(clusters[0].score == doctest::Approx(*fused.score).epsilon(1e-12));
    for (std::size_t k = 0; k < 4; ++k)
        CHECK(clusters[0].box[k] == doctest::Approx(std::array{1.6, 0.8, 11.6, 10.8}[k]).epsilon(1e-12));
    // Without scores, the score is the share of the annotators who drew the object: 2 / 3.
    const std::vector<Annotation> plain{box_shape(0, 0, 10, 10), box_shape(4, 2, 10, 10)};
    CHECK(*fuse_boxes(pointers(plain), FuseMethod::wbf, 3).score == doctest::Approx(2.0 / 3.0).epsilon(1e-12));
    CHECK_FALSE(fuse_boxes(pointers(plain), FuseMethod::median, 3).score.has_value());
    CHECK_FALSE(fuse_boxes(pointers(plain), FuseMethod::best, 3).score.has_value());
}

TEST_CASE("weighted_boxes_fusion's clustering would join an annotator's two neighbouring objects") {
    // Why merge --mode consensus groups shapes by matching (at most one per annotator) and uses
    // WBF only to fuse each group: two people side by side, (0, 0, 10, 10) and (2, 0, 12, 10)
    // (IoU 80 / 120 = 0.67), drawn alike by three annotators. WBF's greedy clusters take any box
    // above the threshold, so the second person joins the first one's cluster: one object.
    WbfInput input;
    for (int annotator = 0; annotator < 3; ++annotator) {
        input.boxes.push_back({{0, 0, 10, 10}, {2, 0, 12, 10}});
        input.scores.push_back({1, 1});
        input.labels.push_back({0, 0});
    }
    const auto fused = weighted_boxes_fusion(input, 0.55, 0.0, WbfConfidence::avg);
    REQUIRE(fused.size() == 1);
    CHECK(fused[0].box[0] == doctest::Approx(1.0));  // the mean of both people: (1, 0, 11, 10)
    CHECK(fused[0].box[2] == doctest::Approx(11.0));
}

TEST_CASE("majority_mask: three 10 x 10 squares shifted by 2 px") {
    // Squares [0,10)^2, [2,12)^2, [4,14)^2 (pixel-aligned: exactly their pixels). Two of
    // three votes are needed: S0∩S1 = [2,10)^2 (64 px), S1∩S2 = [4,12)^2 (64 px), and
    // S0∩S2 = [4,10)^2 lies in both, so the majority is [2,10)^2 ∪ [4,12)^2 with
    // 64 + 64 - 36 = 92 pixels.
    const std::vector<Annotation> shapes{square(0, 0, 10), square(2, 2, 10), square(4, 4, 10)};
    const RleMask mask = majority(shapes, 20, 20);
    CHECK(mask.height == 20);
    CHECK(mask.width == 20);
    CHECK(covered(mask) == 400);
    CHECK(area(mask) == 92);
    CHECK(bounds(mask) == Box{2, 2, 10, 10});
    CHECK(pixel(mask, 2, 2));
    CHECK(pixel(mask, 11, 11));
    CHECK(pixel(mask, 9, 2));
    CHECK_FALSE(pixel(mask, 1, 1));    // S0 only
    CHECK_FALSE(pixel(mask, 12, 12));  // S2 only (S1 ends at 12)
    CHECK_FALSE(pixel(mask, 2, 11));   // S1 only (S0 ends at row 10, S2 starts at column 4)
    CHECK_FALSE(pixel(mask, 11, 2));   // S1 only
}

TEST_CASE("majority_mask: with two members, only the pixels both cover") {
    // votes * 2 > 2 needs both votes. A plain box [1,5) x [1,4) and a square polygon
    // [3,7)^2: both cover [3,5) x [3,4), 2 pixels.
    const std::vector<Annotation> shapes{box_shape(1, 1, 4, 3), square(3, 3, 4)};
    const RleMask mask = majority(shapes, 8, 8);
    CHECK(area(mask) == 2);
    CHECK(bounds(mask) == Box{3, 3, 2, 1});
    CHECK(pixel(mask, 3, 3));
    CHECK(pixel(mask, 4, 3));
}

TEST_CASE("majority_mask: a mask member votes with polygon and oriented box members") {
    // The mask is the 4 x 4 block [1,5)^2 of an 8 x 8 image, the polygon the square [3,7)^2.
    const Annotation block = mask_shape({
        "00000000",
        "01111000",
        "01111000",
        "01111000",
        "01111000",
        "00000000",
        "00000000",
        "00000000",
    });
    {
        // Two members: both cover [3,5)^2, 4 pixels.
        const std::vector<Annotation> shapes{block, square(3, 3, 4)};
        const RleMask mask = majority(shapes, 8, 8);
        CHECK(area(mask) == 4);
        CHECK(bounds(mask) == Box{3, 3, 2, 2});
    }
    {
        // With an oriented box on [2,6)^2, two votes of three: mask∩polygon = [3,5)^2,
        // mask∩oriented = [2,5)^2 (9 px), polygon∩oriented = [3,6)^2 (9 px), which share
        // [3,5)^2 (4 px): 9 + 9 - 4 = 14 pixels.
        const std::vector<Annotation> shapes{block, square(3, 3, 4), oriented_shape({{2, 2}, {6, 2}, {6, 6}, {2, 6}})};
        const RleMask mask = majority(shapes, 8, 8);
        CHECK(area(mask) == 14);
        CHECK(bounds(mask) == Box{2, 2, 4, 4});
        CHECK(pixel(mask, 2, 2));
        CHECK_FALSE(pixel(mask, 5, 2));  // the oriented box only
        CHECK_FALSE(pixel(mask, 1, 1));  // the mask only
    }
}

TEST_CASE("majority_mask: one member, or three copies, give its rasterisation") {
    // The window has a whole-pixel origin, so pixel centres are sampled where rasterize()
    // samples them on the whole image, fractional coordinates included.
    const Annotation triangle = polygon_shape({{{2.6, 1.3}, {11.2, 3.7}, {4.1, 9.5}}});
    const RleMask expected = rasterize(std::get<PolygonSet>(triangle.shape), 12, 14);
    REQUIRE(area(expected) > 0);
    CHECK(majority({triangle}, 12, 14) == expected);
    CHECK(majority({triangle, triangle, triangle}, 12, 14) == expected);
}

TEST_CASE("majority_mask: the result has the image's size; the window is clipped at its border") {
    SUBCASE("top-left corner") {
        // Three squares [-3,3)^2 on a 10 x 8 image (width 10, height 8): [0,3)^2 is inside.
        const std::vector<Annotation> shapes{square(-3, -3, 6), square(-3, -3, 6), square(-3, -3, 6)};
        const RleMask mask = majority(shapes, 8, 10);
        CHECK(mask.height == 8);
        CHECK(mask.width == 10);
        CHECK(covered(mask) == 80);
        CHECK(area(mask) == 9);
        CHECK(bounds(mask) == Box{0, 0, 3, 3});
    }
    SUBCASE("bottom-right corner") {
        // Boxes [7,13) x [5,11) on the same image: columns 7..9, rows 5..7, 9 pixels.
        const std::vector<Annotation> shapes{box_shape(7, 5, 6, 6), box_shape(7, 5, 6, 6)};
        const RleMask mask = majority(shapes, 8, 10);
        CHECK(covered(mask) == 80);
        CHECK(area(mask) == 9);
        CHECK(bounds(mask) == Box{7, 5, 3, 3});
    }
    SUBCASE("full height: the runs of neighbouring columns join") {
        // Boxes [1,3) x [-1,5) on a 4-row, 5-column image: columns 1 and 2 whole, which in
        // column-major order is 4 background pixels, 8 foreground, 8 background.
        const std::vector<Annotation> shapes{box_shape(1, -1, 2, 6), box_shape(1, -1, 2, 6), box_shape(1, -1, 2, 6)};
        const RleMask mask = majority(shapes, 4, 5);
        CHECK(mask.counts == std::vector<std::uint32_t>{4, 8, 8});
    }
    SUBCASE("entirely outside") {
        const std::vector<Annotation> shapes{box_shape(20, 20, 5, 5), box_shape(20, 20, 5, 5)};
        CHECK(majority(shapes, 8, 10) == RleMask{8, 10, {80}});
    }
}

TEST_CASE("majority_mask: empty results, and masks of another size") {
    // Two disjoint squares: no pixel has both votes.
    const std::vector<Annotation> apart{square(0, 0, 2), square(4, 4, 2)};
    CHECK(majority(apart, 6, 6) == RleMask{6, 6, {36}});
    CHECK(majority({}, 6, 6) == RleMask{6, 6, {36}});
    // The same as rle_encode gives for an all-background image.
    const std::vector<std::uint8_t> background(36, 0);
    CHECK(majority(apart, 6, 6) == rle_encode(background.data(), 6, 6));

    const Annotation small = mask_shape({"11", "11"});
    CHECK_THROWS_AS(majority({small, square(0, 0, 2)}, 6, 6), Error);
}

TEST_CASE("weighted_boxes_fusion: the published example of ZFTurbo's tests" * needs_shared) {
    const json vectors =
        json::parse(test::read_file(test::shared_dir() / "reference" / "agreement_vectors.json"));
    const json& c = vectors.at("wbf_test_box_and_model_avg");
    WbfInput input;
    for (const json& model : c.at("boxes_list")) {
        input.boxes.emplace_back();
        for (const json& box : model) input.boxes.back().push_back(box.get<std::array<double, 4>>());
    }
    input.scores = c.at("scores_list").get<std::vector<std::vector<double>>>();
    input.labels = c.at("labels_list").get<std::vector<std::vector<int>>>();
    input.weights = c.at("weights").get<std::vector<double>>();
    const double iou_threshold = c.at("iou_thr").get<double>();
    const double skip = c.at("skip_box_thr").get<double>();
    // The expected values are those of the test's formulas rounded to 7 decimals (the ones
    // with fewer digits, such as 0.8 or 0.75, are exact): half a unit of the 7th decimal.
    constexpr double tolerance = 0.5e-7 * (1 + 1e-9);

    SUBCASE("box_and_model_avg") {
        const auto fused = weighted_boxes_fusion(input, iou_threshold, skip, WbfConfidence::box_and_model_avg);
        const json& expected = c.at("expected_box_and_model_avg");
        REQUIRE(fused.size() == expected.at("scores").size());
        for (std::size_t i = 0; i < fused.size(); ++i) {
            CAPTURE(i);
            CHECK_NEAR(fused[i].score, expected.at("scores")[i].get<double>(), tolerance);
            CHECK(fused[i].label == expected.at("labels")[i].get<int>());
            for (std::size_t k = 0; k < 4; ++k) {
                CAPTURE(k);
                CHECK_NEAR(fused[i].box[k], expected.at("boxes")[i][k].get<double>(), tolerance);
            }
        }
    }
    SUBCASE("absent_model_aware_avg") {
        const auto fused = weighted_boxes_fusion(input, iou_threshold, skip, WbfConfidence::absent_model_aware_avg);
        const json& expected = c.at("expected_absent_model_aware_avg_scores");
        REQUIRE(fused.size() == expected.size());
        for (std::size_t i = 0; i < fused.size(); ++i) {
            CAPTURE(i);
            CHECK_NEAR(fused[i].score, expected[i].get<double>(), tolerance);
        }
    }
}

TEST_CASE("weighted_boxes_fusion: two models, one box each") {
    // Model 0: (0, 0, 10, 10) score 0.6; model 1: (1, 1, 11, 11) score 0.2; weights 1.
    // IoU = 81 / (100 + 100 - 81) = 0.68 > 0.55: one cluster, sorted 0.6 then 0.2.
    // Corners weighted by score: x1 = y1 = (0.6*0 + 0.2*1) / 0.8 = 0.25,
    // x2 = y2 = (0.6*10 + 0.2*11) / 0.8 = 8.2 / 0.8 = 10.25.
    // avg: conf 0.8 over 2 boxes = 0.4, rescaled by min(2 models, 2 boxes) / (1 + 1) -> 0.4.
    // max: the highest weighted score 0.6, divided by the highest weight 1 -> 0.6.
    // box_and_model_avg: 0.4 * 2 / 2 = 0.4, times both models' weights / all = 1 -> 0.4.
    // absent_model_aware_avg: 0.4 * 2 / (2 + 0) = 0.4.
    WbfInput input;
    input.boxes = {{{0, 0, 10, 10}}, {{1, 1, 11, 11}}};
    input.scores = {{0.6}, {0.2}};
    input.labels = {{3}, {3}};
    const std::array<double, 4> corners{0.25, 0.25, 10.25, 10.25};
    for (auto [confidence, score] : {std::pair{WbfConfidence::avg, 0.4}, std::pair{WbfConfidence::max, 0.6},
                                     std::pair{WbfConfidence::box_and_model_avg, 0.4},
                                     std::pair{WbfConfidence::absent_model_aware_avg, 0.4}}) {
        const int confidence_code = static_cast<int>(confidence);  // clang 14: CAPTURE cannot take a structured binding
        CAPTURE(confidence_code);
        const auto fused = weighted_boxes_fusion(input, 0.55, 0.0, confidence);
        REQUIRE(fused.size() == 1);
        CHECK(fused[0].label == 3);
        CHECK_NEAR(fused[0].score, score, 1e-12);
        for (std::size_t k = 0; k < 4; ++k) CHECK_NEAR(fused[0].box[k], corners[k], 1e-12);
    }

    // Weights 3 and 1: weighted scores 1.8 and 0.2, x1 = (1.8*0 + 0.2*1) / 2 = 0.1,
    // x2 = (18 + 2.2) / 2 = 10.1; avg: 2 / 2 = 1, times min(2, 2) / 4 -> 0.5.
    input.weights = {3, 1};
    const auto weighted = weighted_boxes_fusion(input, 0.55, 0.0, WbfConfidence::avg);
    REQUIRE(weighted.size() == 1);
    CHECK_NEAR(weighted[0].box[0], 0.1, 1e-12);
    CHECK_NEAR(weighted[0].box[2], 10.1, 1e-12);
    CHECK_NEAR(weighted[0].score, 0.5, 1e-12);
}

TEST_CASE("weighted_boxes_fusion: threshold, skipped boxes, labels and order") {
    // (0, 0, 2, 1) and (1, 0, 3, 1): IoU = 1 / 3 exactly; a box joins only above the threshold.
    WbfInput input;
    input.boxes = {{{0, 0, 2, 1}}, {{1, 0, 3, 1}}};
    input.scores = {{0.9}, {0.5}};
    input.labels = {{0}, {0}};
    CHECK(weighted_boxes_fusion(input, 1.0 / 3.0, 0.0, WbfConfidence::avg).size() == 2);
    CHECK(weighted_boxes_fusion(input, 0.3, 0.0, WbfConfidence::avg).size() == 1);

    // Apart: avg scores are 0.9 * 1 / 2 = 0.45 and 0.25, sorted descending.
    const auto apart = weighted_boxes_fusion(input, 0.5, 0.0, WbfConfidence::avg);
    REQUIRE(apart.size() == 2);
    CHECK_NEAR(apart[0].score, 0.45, 1e-12);
    CHECK_NEAR(apart[1].score, 0.25, 1e-12);
    CHECK(apart[1].box == std::array<double, 4>{1, 0, 3, 1});

    // A box below skip_box_threshold is dropped; equal to it is kept.
    CHECK(weighted_boxes_fusion(input, 0.5, 0.6, WbfConfidence::avg).size() == 1);
    CHECK(weighted_boxes_fusion(input, 0.5, 0.5, WbfConfidence::avg).size() == 2);

    // Labels never fuse: the same boxes with labels 0 and 1 stay apart.
    input.labels = {{0}, {1}};
    CHECK(weighted_boxes_fusion(input, 0.3, 0.0, WbfConfidence::avg).size() == 2);

    // Reversed corners are swapped, zero-area boxes dropped.
    WbfInput odd;
    odd.boxes = {{{2, 1, 0, 0}, {5, 5, 5, 9}}};
    odd.scores = {{0.7, 0.8}};
    odd.labels = {{0, 0}};
    const auto fixed = weighted_boxes_fusion(odd, 0.5, 0.0, WbfConfidence::avg);
    REQUIRE(fixed.size() == 1);
    CHECK(fixed[0].box == std::array<double, 4>{0, 0, 2, 1});
    CHECK_NEAR(fixed[0].score, 0.7, 1e-12);
}

TEST_CASE("weighted_boxes_fusion: lists of different lengths are an error") {
    WbfInput input;
    input.boxes = {{{0, 0, 1, 1}}};
    input.scores = {{0.5}};
    input.labels = {{0}};
    CHECK(weighted_boxes_fusion(input, 0.5, 0.0, WbfConfidence::avg).size() == 1);
    input.weights = {1, 2};
    CHECK_THROWS_AS(weighted_boxes_fusion(input, 0.5, 0.0, WbfConfidence::avg), Error);
    input.weights = {};
    input.scores = {{0.5, 0.4}};
    CHECK_THROWS_AS(weighted_boxes_fusion(input, 0.5, 0.0, WbfConfidence::avg), Error);
    input.scores = {{0.5}, {0.4}};
    CHECK_THROWS_AS(weighted_boxes_fusion(input, 0.5, 0.0, WbfConfidence::avg), Error);
}
