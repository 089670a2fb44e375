// labelkit agree through the CLI: hand-checked spatial cases (identical annotators, a known
// shift, a missing box, a missing image, detection alpha), rating tables against the
// published vectors, the three report formats, the matrix, and precise errors.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "labelkit/io.hpp"
#include "lint_fixtures.hpp"
#include "png_fixtures.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

const std::vector<std::string> two_images = {coco_image(1, "a.jpg", 640, 480), coco_image(2, "b.jpg", 640, 480)};

json agree(const std::string& arguments, int expected_exit = 0) {
    const CommandResult result = run_labelkit("agree --format json " + arguments);
    INFO(result.err);
    REQUIRE(result.exit_code == expected_exit);
    const json report = json::parse(result.out);
    CHECK(schema_errors(source_dir() / "schemas/agreement-report.schema.json", report).empty());
    return report;
}

std::string inputs(const TempDir& dir, const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += fmt::format(" '{}'", (dir / (name + ".json")).string());
    return text;
}

const json& pair(const json& report, const std::string& a, const std::string& b) {
    for (const json& p : report["spatial"]["pairs"])
        if (p["a"] == a && p["b"] == b) return p;
    FAIL("no pair " << a << "-" << b);
    static json none;
    return none;
}

// The Krippendorff (2011) example C, observers A-D over 12 units, as a CSV table.
std::string krippendorff_c_csv() {
    const std::vector<std::vector<int>> by_observer = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
        {0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0}};
    std::string csv = "item,annotator,label,comment\n";
    for (std::size_t o = 0; o < 4; ++o)
        for (std::size_t u = 0; u < 12; ++u)
            if (by_observer[o][u] != 0)
                csv += fmt::format("unit{},{},{},\"extra, ignored\"\n", u + 1, "ABCD"[o], by_observer[o][u]);
    return csv;
}

}  // namespace

TEST_CASE("agree: identical annotators agree completely") {
    TempDir dir;
    const std::string coco = coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 100, 50), coco_box(2, 2, 2, 200, 100, 50, 50),
                                                    coco_box(3, 2, 1, 20, 20, 30, 30)});
    write_file(dir / "alice.json", coco);
    write_file(dir / "bob.json", coco);
    const json report = agree(inputs(dir, {"alice", "bob"}));
    CHECK(report["items"] == 2);
    CHECK(report["annotators"] == json::array({"alice", "bob"}));
    const json& p = pair(report, "alice", "bob");
    CHECK(p["matched"] == 3);
    CHECK(p["only_a"] == 0);
    CHECK(p["only_b"] == 0);
    CHECK(p["f1"] == 1.0);
    CHECK(p["mean_iou"] == 1.0);
    CHECK(p["per_class"]["cat"]["matched"] == 2);
    CHECK(p["per_class"]["dog"]["matched"] == 1);
    CHECK(report["spatial"]["krippendorff_alpha"] == 1.0);
    // Units (image, class): a|cat, a|dog, b|cat, b|dog, all rated alike.
    CHECK(report["categorical"]["items"] == 4);
    CHECK(report["categorical"]["percent_agreement"] == 1.0);
    CHECK(report["categorical"]["pairs"][0]["cohen_kappa"] == 1.0);
}

TEST_CASE("agree: a box shifted by a known amount gives the hand-computed IoU") {
    TempDir dir;
    write_file(dir / "alice.json", coco_json(two_images, {coco_box(1, 1, 1, 100, 100, 100, 100)}));
    write_file(dir / "bob.json", coco_json(two_images, {coco_box(1, 1, 1, 110, 100, 100, 100)}));
    // Overlap 90 x 100 = 9000; union 10000 + 10000 - 9000 = 11000.
    const json report = agree(inputs(dir, {"alice", "bob"}));
    const json& p = pair(report, "alice", "bob");
    CHECK(p["matched"] == 1);
    CHECK_NEAR(p["mean_iou"].get<double>(), 9000.0 / 11000.0, 1e-12);
    CHECK(p["f1"] == 1.0);
    // Above the threshold of 0.85 they no longer match: F1 = 0.
    const json strict = agree(inputs(dir, {"alice", "bob"}) + " --iou 0.85");
    const json& s = pair(strict, "alice", "bob");
    CHECK(s["matched"] == 0);
    CHECK(s["only_a"] == 1);
    CHECK(s["only_b"] == 1);
    CHECK(s["f1"] == 0.0);
    CHECK(s["mean_iou"].is_null());
    CHECK(strict["spatial"]["iou_threshold"] == 0.85);
}

TEST_CASE("agree: polygons are compared by their area (mask IoU)") {
    TempDir dir;
    const auto square = [](int id, double x) {
        return fmt::format(R"({{"id": {}, "image_id": 1, "category_id": 1, "bbox": [{}, 100, 100, 100], "area": 10000, )"
                           R"("iscrowd": 0, "segmentation": [[{}, 100, {}, 100, {}, 200, {}, 200]]}})",
                           id, x, x, x + 100, x + 100, x);
    };
    write_file(dir / "alice.json", coco_json(two_images, {square(1, 100)}));
    write_file(dir / "bob.json", coco_json(two_images, {square(1, 110)}));
    const json report = agree(inputs(dir, {"alice", "bob"}));
    // The squares span the same rows, so every line across them is cut exactly: 9000 / 11000
    // as for boxes, not an approximation.
    CHECK_NEAR(pair(report, "alice", "bob")["mean_iou"].get<double>(), 9000.0 / 11000.0, 1e-12);

    // A triangle against the box that bounds it: half of it. Exactly: its cut at height y is
    // 200 - y long, linear, and the midpoint rule is exact for a linear function.
    const std::string triangle =
        R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [100, 100, 100, 100], "area": 5000, "iscrowd": 0, )"
        R"("segmentation": [[100, 100, 200, 100, 100, 200]]})";
    write_file(dir / "chen.json", coco_json(two_images, {triangle}));
    write_file(dir / "dana.json", coco_json(two_images, {coco_box(1, 1, 1, 100, 100, 100, 100)}));
    const json halves = agree(inputs(dir, {"chen", "dana"}) + " --iou 0.4");
    CHECK_NEAR(pair(halves, "chen", "dana")["mean_iou"].get<double>(), 0.5, 1e-12);
}

TEST_CASE("agree: a missing box lowers F1 by the right amount and names the image") {
    TempDir dir;
    const std::vector<std::string> boxes = {coco_box(1, 1, 1, 10, 10, 50, 50), coco_box(2, 1, 1, 100, 10, 50, 50),
                                            coco_box(3, 2, 2, 10, 10, 50, 50), coco_box(4, 2, 2, 100, 10, 50, 50)};
    write_file(dir / "alice.json", coco_json(two_images, boxes));
    write_file(dir / "bob.json", coco_json(two_images, {boxes[0], boxes[1], boxes[2]}));
    const json report = agree(inputs(dir, {"alice", "bob"}));
    const json& p = pair(report, "alice", "bob");
    CHECK(p["matched"] == 3);
    CHECK(p["only_a"] == 1);
    CHECK(p["only_b"] == 0);
    CHECK_NEAR(p["f1"].get<double>(), 6.0 / 7.0, 1e-12);  // 2*3 / (4+3)
    CHECK(p["per_class"]["cat"]["f1"] == 1.0);
    CHECK_NEAR(p["per_class"]["dog"]["f1"].get<double>(), 2.0 / 3.0, 1e-12);  // 2*1 / (2+1)
    const json& worst = report["spatial"]["worst_images"];
    REQUIRE(worst.size() == 2);
    CHECK(worst[0]["image"] == "b.jpg");
    CHECK_NEAR(worst[0]["mean_f1"].get<double>(), 2.0 / 3.0, 1e-12);
    CHECK(worst[1]["image"] == "a.jpg");
    CHECK(worst[1]["mean_f1"] == 1.0);
}

TEST_CASE("agree: detection alpha and the furthest annotator over three annotators") {
    TempDir dir;
    const std::string cat = coco_box(1, 1, 1, 10, 10, 100, 100);
    const std::string dog = coco_box(2, 2, 2, 10, 10, 100, 100);
    write_file(dir / "alice.json", coco_json(two_images, {cat, dog}));
    write_file(dir / "bob.json", coco_json(two_images, {cat, dog}));
    write_file(dir / "chen.json", coco_json(two_images, {cat}));
    const json report = agree(inputs(dir, {"alice", "bob", "chen"}));
    // Units: {cat, cat, cat} and {dog, dog, absent}. Coincidences: o(cat,cat) = 3,
    // o(dog,dog) = 1, o(dog,absent) = o(absent,dog) = 1; n = 6 with n_cat 3, n_dog 2,
    // n_absent 1. D_o = 2/6, D_e = 2(3*2 + 3*1 + 2*1)/(6*5) = 22/30: alpha = 1 - 10/22.
    CHECK(report["spatial"]["units"] == 2);
    CHECK_NEAR(report["spatial"]["krippendorff_alpha"].get<double>(), 12.0 / 22.0, 1e-12);
    // F1: alice-bob 1, alice-chen and bob-chen 2*1/(2+1) = 2/3.
    CHECK_NEAR(pair(report, "alice", "chen")["f1"].get<double>(), 2.0 / 3.0, 1e-12);
    const json& ranking = report["spatial"]["annotators"];
    CHECK(ranking[0]["name"] == "chen");
    CHECK_NEAR(ranking[0]["mean_f1"].get<double>(), 2.0 / 3.0, 1e-12);
    CHECK_NEAR(ranking[1]["mean_f1"].get<double>(), 5.0 / 6.0, 1e-12);  // (1 + 2/3) / 2
    CHECK(report["spatial"]["furthest_annotator"] == "chen");
}

TEST_CASE("agree: an image an annotator does not have is a missing rating, not a disagreement") {
    TempDir dir;
    const std::string cat = coco_box(1, 1, 1, 10, 10, 100, 100);
    const std::string dog = coco_box(2, 2, 2, 10, 10, 100, 100);
    write_file(dir / "alice.json", coco_json(two_images, {cat, dog}));
    write_file(dir / "bob.json", coco_json(two_images, {cat, dog}));
    write_file(dir / "chen.json", coco_json({two_images[0]}, {cat}));  // has no b.jpg at all
    const json report = agree(inputs(dir, {"alice", "bob", "chen"}));
    const json& p = pair(report, "alice", "chen");
    CHECK(p["items"] == 1);
    CHECK(p["f1"] == 1.0);
    CHECK(report["spatial"]["krippendorff_alpha"] == 1.0);
    CHECK(report["categorical"]["percent_agreement"] == 1.0);
}

TEST_CASE("agree: a different class on the same box is a disagreement, in alpha and in F1") {
    TempDir dir;
    write_file(dir / "alice.json", coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 100, 100)}));
    write_file(dir / "bob.json", coco_json(two_images, {coco_box(1, 1, 2, 10, 10, 100, 100)}));
    const json report = agree(inputs(dir, {"alice", "bob"}));
    const json& p = pair(report, "alice", "bob");
    CHECK(p["matched"] == 0);
    CHECK(p["only_a"] == 1);
    CHECK(p["only_b"] == 1);
    // One unit {cat, dog}: D_o = 1, D_e = 1 (n = 2, two values): alpha = 0.
    CHECK(report["spatial"]["units"] == 1);
    CHECK(report["spatial"]["krippendorff_alpha"] == 0.0);
}

TEST_CASE("agree: names come from --names, and YOLO folders are compared with COCO files") {
    TempDir dir;
    write_files(dir / "yolo_ann", yolo_dataset());
    // yolo_dataset(): a.png 64x48 with cat at centre (32, 24) size 16x12; b.png with dog at
    // centre (16, 12) size 8x6. The same boxes in COCO:
    const std::vector<std::string> images = {coco_image(1, "a.png", 64, 48), coco_image(2, "b.png", 64, 48)};
    write_file(dir / "coco_ann.json", coco_json(images, {coco_box(1, 1, 1, 24, 18, 16, 12), coco_box(2, 2, 2, 12, 9, 8, 6)}));
    const json report =
        agree(fmt::format("'{}' '{}' --names yolo,coco", (dir / "yolo_ann").string(), (dir / "coco_ann.json").string()));
    CHECK(report["annotators"] == json::array({"yolo", "coco"}));
    const json& p = pair(report, "yolo", "coco");
    CHECK(p["matched"] == 2);
    CHECK_NEAR(p["mean_iou"].get<double>(), 1.0, 1e-12);
}

TEST_CASE("agree: a corpus dataset with polygons and RLE masks agrees with a copy of itself" * needs_shared) {
    TempDir dir;
    const std::string source = corpus("datumaro/coco_dataset/coco_instances/annotations/instances_val.json").string();
    std::filesystem::create_directories(dir / "first");
    std::filesystem::create_directories(dir / "second");
    std::filesystem::copy_file(source, dir / "first/instances_val.json");
    std::filesystem::copy_file(source, dir / "second/instances_val.json");
    const json report = agree(fmt::format("'{}' '{}'", (dir / "first/instances_val.json").string(),
                                          (dir / "second/instances_val.json").string()));
    // Both files are named instances_val: the annotators are named by their folders.
    CHECK(report["annotators"] == json::array({"first", "second"}));
    const json& p = pair(report, "first", "second");
    CHECK(p["matched"].get<int>() > 0);
    CHECK(p["only_a"] == 0);
    CHECK(p["mean_iou"] == 1.0);
}

TEST_CASE("agree: a rating table reproduces Krippendorff's example C through the CLI") {
    TempDir dir;
    write_file(dir / "ratings.csv", krippendorff_c_csv());
    const json report = agree(fmt::format("'{}'", (dir / "ratings.csv").string()));
    const json& c = report["categorical"];
    CHECK(report["spatial"].is_null());
    CHECK(report["annotators"] == json::array({"A", "B", "C", "D"}));
    CHECK(report["items"] == 12);
    CHECK(c["krippendorff_alpha"]["level"] == "nominal");
    CHECK_NEAR(c["krippendorff_alpha"]["value"].get<double>(), 113.0 / 152.0, 1e-12);
    // irrCAC's values for the same matrix, to the digits published (half a unit in the last).
    CHECK_NEAR(c["percent_agreement"].get<double>(), 0.8181818, published_tolerance(0.8181818));
    CHECK_NEAR(c["gwet_ac1"].get<double>(), 0.77544, published_tolerance(0.77544));
    CHECK_NEAR(c["fleiss_kappa"].get<double>(), 0.76117, published_tolerance(0.76117));
    // (Conger's kappa depends on who gave which rating; irrCAC's copy of this matrix has
    // unit 12 under another rater: test_categorical_agreement.cpp checks it on that layout.)
    CHECK(c["conger_kappa"].is_number());
    CHECK_NEAR(c["brennan_prediger"].get<double>(), 0.77273, published_tolerance(0.77273));
    CHECK(c["pairs"].size() == 6);  // 4 annotators: 6 pairs
    CHECK(c["labels"] == json::array({"1", "2", "3", "4", "5"}));

    const json ordinal = agree(fmt::format("'{}' --level ordinal", (dir / "ratings.csv").string()));
    CHECK_NEAR(ordinal["categorical"]["krippendorff_alpha"]["value"].get<double>(), 0.815, published_tolerance(0.815));
    const json interval = agree(fmt::format("'{}' --level interval", (dir / "ratings.csv").string()));
    CHECK_NEAR(interval["categorical"]["krippendorff_alpha"]["value"].get<double>(), 0.849, published_tolerance(0.849));
}

TEST_CASE("agree: JSON Lines with string labels, --order, and nulls as missing ratings") {
    TempDir dir;
    const char* names[] = {"", "very low", "low", "mid", "high", "very high"};
    std::string lines;
    for (const std::string& row : std::vector<std::string>{krippendorff_c_csv()}) {
        std::size_t pos = row.find('\n') + 1;  // skip the header
        while (pos < row.size()) {
            const std::size_t end = row.find('\n', pos);
            const std::string line = row.substr(pos, end - pos);
            pos = end + 1;
            const auto first = line.find(','), second = line.find(',', first + 1), third = line.find(',', second + 1);
            const int value = std::stoi(line.substr(second + 1, third - second - 1));
            lines += json{{"item", line.substr(0, first)}, {"annotator", line.substr(first + 1, second - first - 1)},
                          {"label", names[value]}}.dump() + "\n";
        }
    }
    lines += R"({"item": "unit1", "annotator": "C", "label": null})" "\n";  // A null is no rating.
    write_file(dir / "ratings.jsonl", lines);
    const std::string order = "--order 'very low,low,mid,high,very high'";
    const json report = agree(fmt::format("'{}' --level ordinal {}", (dir / "ratings.jsonl").string(), order));
    // fast-krippendorff's string example: ordinal 0.815 with the value domain given.
    CHECK_NEAR(report["categorical"]["krippendorff_alpha"]["value"].get<double>(), 0.815, published_tolerance(0.815));
    CHECK(report["categorical"]["labels"][0] == "very low");
    // Without an order, ordinal alpha has nothing to go on: a precise error, exit 2.
    const CommandResult unordered = run_labelkit(fmt::format("agree '{}' --level ordinal", (dir / "ratings.jsonl").string()));
    CHECK(unordered.exit_code == 2);
    CHECK(unordered.err.find("--order") != std::string::npos);
    // Interval needs numbers.
    const CommandResult interval = run_labelkit(fmt::format("agree '{}' --level interval {}", (dir / "ratings.jsonl").string(), order));
    CHECK(interval.exit_code == 2);
    CHECK(interval.err.find("numeric") != std::string::npos);
}

TEST_CASE("agree: bootstrap intervals beside each statistic, reproducible by seed") {
    TempDir dir;
    write_file(dir / "ratings.csv", krippendorff_c_csv());
    const std::string path = (dir / "ratings.csv").string();
    const json first = agree(fmt::format("'{}' --bootstrap 200 --seed 7", path));
    const json again = agree(fmt::format("'{}' --bootstrap 200 --seed 7", path));
    const json other = agree(fmt::format("'{}' --bootstrap 200 --seed 8", path));
    const json& intervals = first["categorical"]["confidence_intervals"];
    CHECK(intervals["resamples"] == 200);
    CHECK(intervals["seed"] == 7);
    CHECK(intervals == again["categorical"]["confidence_intervals"]);
    CHECK(intervals != other["categorical"]["confidence_intervals"]);
    for (const char* name : {"percent_agreement", "fleiss_kappa", "gwet_ac1", "krippendorff_alpha"}) {
        INFO(name);
        REQUIRE(intervals[name].is_array());
        CHECK(intervals[name][0].get<double>() <= intervals[name][1].get<double>());
        CHECK(intervals[name][1].get<double>() <= 1.0);
    }
    CHECK(first["categorical"]["pairs"][0]["confidence_intervals"]["cohen_kappa"].is_array());
    // No --bootstrap: no intervals.
    CHECK_FALSE(agree(fmt::format("'{}'", path))["categorical"].contains("confidence_intervals"));
}

TEST_CASE("agree: an undefined statistic is null with a note saying why") {
    TempDir dir;
    write_file(dir / "ratings.csv", "item,annotator,label\n1,a,yes\n1,b,yes\n2,a,yes\n2,b,yes\n");
    const json report = agree(fmt::format("'{}'", (dir / "ratings.csv").string()));
    const json& c = report["categorical"];
    CHECK(c["percent_agreement"] == 1.0);
    CHECK(c["fleiss_kappa"].is_null());
    CHECK(c["pairs"][0]["cohen_kappa"].is_null());
    bool explained = false, pair_explained = false;
    for (const json& note : report["notes"]) {
        explained = explained || note.get<std::string>().starts_with("categorical.fleiss_kappa: ");
        // The note of a pair statistic names the pairs it holds for: all of them here.
        pair_explained = pair_explained || note.get<std::string>().starts_with("categorical.pairs[*].cohen_kappa: ");
    }
    CHECK(explained);
    CHECK(pair_explained);
}

namespace {

// The heatmap's colour scale: a column right of the cells running from viridis at 1 (OpenCV's
// COLORMAP_VIRIDIS at 255: RGB 253,231,37) at the top to viridis at 0 (68,1,84) at the bottom
// through many colours; the cells are one colour each, their text at most a few more.
void check_colour_scale(const std::filesystem::path& file) {
    const Png png = read_png(file);
    const auto near = [](labelkit::Rgb pixel, int r, int g, int b) {
        return std::abs(pixel.r - r) <= 3 && std::abs(pixel.g - g) <= 3 && std::abs(pixel.b - b) <= 3;
    };
    int scale_columns = 0;
    for (int x = 0; x < png.width; ++x) {
        std::set<std::tuple<int, int, int>> colours;
        int first_top = -1, last_bottom = -1;
        for (int y = 0; y < png.height; ++y) {
            const labelkit::Rgb pixel = png.at(x, y);
            colours.insert({pixel.r, pixel.g, pixel.b});
            if (first_top < 0 && near(pixel, 253, 231, 37)) first_top = y;
            if (near(pixel, 68, 1, 84)) last_bottom = y;
        }
        if (colours.size() >= 100 && first_top >= 0 && last_bottom > first_top) ++scale_columns;
    }
    CHECK(scale_columns >= 10);  // the bar is 18 pixels wide
}

}  // namespace

TEST_CASE("agree: text, csv and the matrix image") {
    TempDir dir;
    write_file(dir / "alice.json", coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 100, 100), coco_box(2, 2, 2, 10, 10, 50, 50)}));
    write_file(dir / "bob.json", coco_json(two_images, {coco_box(1, 1, 1, 10, 10, 100, 100)}));
    write_file(dir / "chen.json", coco_json(two_images, {coco_box(1, 1, 1, 12, 10, 100, 100), coco_box(2, 2, 2, 10, 10, 50, 50)}));
    const std::string files = inputs(dir, {"alice", "bob", "chen"});

    const CommandResult text = run_labelkit("agree" + files);
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Spatial agreement (2 images, 5 shapes, IoU >= 0.5)") != std::string::npos);
    CHECK(text.out.find("furthest from the others: bob") != std::string::npos);

    const CommandResult csv = run_labelkit("agree --format csv" + files);
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.starts_with("kind,a,b,class,n,matched,only_a,only_b,f1,mean_iou,"));
    // alice-bob: cat matched, dog only in alice: F1 = 2/3, and per class cat 1, dog 0.
    CHECK(csv.out.find("\nspatial,alice,bob,*,2,1,1,0,0.6666666666666666,1,,,,,,,,,,,,,,,,,\n") != std::string::npos);
    CHECK(csv.out.find("\nspatial,alice,bob,cat,2,1,0,0,1,1,,,,,,,,,,,,,,,,,\n") != std::string::npos);
    CHECK(csv.out.find("\nspatial,alice,bob,dog,2,0,1,0,0,,,,,,,,,,,,,,,,,,\n") != std::string::npos);
    CHECK(csv.out.find("\ncategorical,alice,bob,,") != std::string::npos);

    const auto matrix = dir / "matrix.png";
    REQUIRE(run_labelkit("agree" + files + fmt::format(" --matrix '{}'", matrix.string())).exit_code == 0);
    const auto size = labelkit::probe_image(matrix).size;
    REQUIRE(size);
    CHECK(size->width > 3 * 84);
    CHECK(size->height > 3 * 84);
    check_colour_scale(matrix);
}

TEST_CASE("agree: bad input is a precise error with exit code 2") {
    TempDir dir;
    write_file(dir / "twice.csv", "item,annotator,label\nx,a,1\nx,b,1\nx,a,2\n");
    const CommandResult twice = run_labelkit(fmt::format("agree '{}'", (dir / "twice.csv").string()));
    CHECK(twice.exit_code == 2);
    CHECK(twice.err.find("twice.csv:4") != std::string::npos);
    CHECK(twice.err.find("twice.csv:2") != std::string::npos);

    write_file(dir / "columns.csv", "item,rater,label\nx,a,1\n");
    const CommandResult columns = run_labelkit(fmt::format("agree '{}'", (dir / "columns.csv").string()));
    CHECK(columns.exit_code == 2);
    CHECK(columns.err.find("columns.csv:1") != std::string::npos);
    CHECK(columns.err.find("'annotator'") != std::string::npos);

    write_file(dir / "fields.csv", "item,annotator,label\nx,a,1\nx,b\n");
    const CommandResult fields = run_labelkit(fmt::format("agree '{}'", (dir / "fields.csv").string()));
    CHECK(fields.exit_code == 2);
    CHECK(fields.err.find("fields.csv:3") != std::string::npos);

    write_file(dir / "bad.jsonl", "{\"item\": 1, \"annotator\": \"a\", \"label\": 2}\n{\"item\": 1, \"annotator\": [], \"label\": 2}\n");
    const CommandResult jsonl = run_labelkit(fmt::format("agree '{}'", (dir / "bad.jsonl").string()));
    CHECK(jsonl.exit_code == 2);
    CHECK(jsonl.err.find("bad.jsonl:2") != std::string::npos);
    CHECK(jsonl.err.find("/annotator") != std::string::npos);

    write_file(dir / "header.csv", "item,annotator,label,label\nx,a,1,2\nx,b,1,2\n");
    const CommandResult header_twice = run_labelkit(fmt::format("agree '{}'", (dir / "header.csv").string()));
    CHECK(header_twice.exit_code == 2);
    CHECK(header_twice.err.find("header.csv:1:1: error: the header has two 'label' columns (columns 3 and 4)") != std::string::npos);

    // Found by fuzz/ratings_jsonl_fuzzer: nlohmann's out_of_range escaped the reader (std::terminate).
    write_file(dir / "huge.jsonl", "{\"item\": 1, \"annotator\": \"a\", \"label\": 2}\n{\"item\": 1e309, \"annotator\": \"b\", \"label\": 2}\n");
    const CommandResult huge = run_labelkit(fmt::format("agree '{}'", (dir / "huge.jsonl").string()));
    CHECK(huge.exit_code == 2);
    CHECK(huge.err.find("huge.jsonl:2") != std::string::npos);
    CHECK(huge.err.find("1e309") != std::string::npos);

    write_file(dir / "ordered.csv", "item,annotator,label\nx,a,low\nx,b,huge\n");
    const CommandResult order = run_labelkit(fmt::format("agree '{}' --order low,high", (dir / "ordered.csv").string()));
    CHECK(order.exit_code == 2);
    CHECK(order.err.find("ordered.csv:3") != std::string::npos);
    CHECK(order.err.find("'huge'") != std::string::npos);

    write_file(dir / "alice.json", coco_json(two_images, {}));
    const CommandResult alone = run_labelkit(fmt::format("agree '{}'", (dir / "alice.json").string()));
    CHECK(alone.exit_code == 2);
    CHECK(alone.err.find("two or more datasets") != std::string::npos);

    write_file(dir / "broken.json", "{\"images\": [");
    const CommandResult broken = run_labelkit("agree" + inputs(dir, {"alice", "broken"}));
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("broken.json") != std::string::npos);
    CHECK(broken.out.empty());
}

// Was: the same input given twice was taken as one annotator (both copies had one name) and
// merged in silence: exit 0, an empty table, and a misleading agree/joined-texts warning.
TEST_CASE("agree and merge consensus: the same input given twice is refused, naming it") {
    TempDir dir;
    write_file(dir / "t.trn", "hello world (u1)\ngood morning (u2)\n");
    const std::string twice = q(dir / "t.trn") + " " + q(dir / "." / "t.trn");  // one file, two spellings
    const CommandResult agree_twice = run_labelkit("agree " + twice);
    CHECK(agree_twice.exit_code == 2);
    CHECK(agree_twice.err.find((dir / "." / "t.trn").string() + ": this input is given twice (as input 1 and 2)") !=
          std::string::npos);
    CHECK(agree_twice.out.empty());

    write_file(dir / "alice.json", coco_json(two_images, {coco_box(1, 1, 1, 100, 100, 100, 100)}));
    const CommandResult merge_twice = run_labelkit("merge --mode consensus --to coco -o " + q(dir / "out.json") + " " +
                                                   q(dir / "alice.json") + " " + q(dir / "alice.json"));
    CHECK(merge_twice.exit_code == 2);
    CHECK(merge_twice.err.find("alice.json: this input is given twice") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "out.json"));
}
