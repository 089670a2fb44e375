// labelkit stats (labelkit/ops/stats.hpp): numbers checked by hand (quantiles as numpy.quantile's
// default, linear interpolation: np.quantile(x, [.25, .5, .75])), and the same dataset in three
// formats giving the same numbers.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "labelkit/ops/stats.hpp"
#include "png_fixtures.hpp"
#include "support.hpp"

namespace labelkit {
namespace {

using test::corpus;
using test::needs_shared;
using test::Png;
using test::q;
using test::read_file;
using test::run_labelkit;
using test::source_dir;
using test::TempDir;
namespace fs = std::filesystem;

Annotation box_on(std::uint32_t item, std::uint32_t category, Box box) {
    Annotation annotation;
    annotation.item = item;
    annotation.category = category;
    annotation.box = box;
    return annotation;
}

Item item_of(const std::string& path, std::uint32_t width, std::uint32_t height) {
    Item item;
    item.path = path;
    item.width = width;
    item.height = height;
    return item;
}

// Four images (100x50, 200x100, one of unknown size, 100x50 with no objects), classes a, b, c
// (c unused), five boxes, one of zero width.
Dataset hand_dataset() {
    Dataset dataset;
    for (const char* name : {"a", "b", "c"}) dataset.categories.push_back({.name = name});
    dataset.items = {item_of("0.jpg", 100, 50), item_of("1.jpg", 200, 100), item_of("2.jpg", 0, 0),
                     item_of("3.jpg", 100, 50)};
    dataset.annotations = {box_on(0, 0, {0, 0, 10, 20}),   // 10x20: area 200 / 5000 = 0.04, aspect 0.5
                           box_on(0, 0, {10, 10, 40, 10}),  // 40x10: 0.08, aspect 4
                           box_on(0, 1, {50, 0, 0, 10}),    // 0x10: area 0, no aspect
                           box_on(1, 1, {0, 0, 100, 50}),   // 100x50 of 200x100: 0.25, aspect 2
                           box_on(2, 0, {0, 0, 30, 30})};   // 30x30, image size unknown: aspect 1
    return dataset;
}

void check_distribution(const Distribution& d, std::size_t count, double min, double p25, double median, double mean,
                        double p75, double max) {
    CHECK(d.count == count);
    CHECK(d.min == doctest::Approx(min).epsilon(1e-12));
    CHECK(d.p25 == doctest::Approx(p25).epsilon(1e-12));
    CHECK(d.median == doctest::Approx(median).epsilon(1e-12));
    CHECK(d.mean == doctest::Approx(mean).epsilon(1e-12));
    CHECK(d.p75 == doctest::Approx(p75).epsilon(1e-12));
    CHECK(d.max == doctest::Approx(max).epsilon(1e-12));
}

TEST_CASE("stats: quantiles are numpy's linear interpolation") {
    // np.quantile([3, 1, 4, 1, 5], [.25, .5, .75]) = [1, 3, 4]; of [1, 2, 3, 4]: [1.75, 2.5, 3.25].
    std::vector<double> odd{3, 1, 4, 1, 5};
    check_distribution(distribution_of(odd), 5, 1, 1, 3, 2.8, 4, 5);
    std::vector<double> even{4, 2, 3, 1};
    check_distribution(distribution_of(even), 4, 1, 1.75, 2.5, 2.5, 3.25, 4);
    std::vector<double> one{7};
    check_distribution(distribution_of(one), 1, 7, 7, 7, 7, 7, 7);
    std::vector<double> none;
    check_distribution(distribution_of(none), 0, 0, 0, 0, 0, 0, 0);
}

TEST_CASE("stats: quantiles by partial sorting equal those of the fully sorted values") {
    // Every size up to 60, values with repeats, against the textbook formula over std::sort's order.
    std::uint32_t state = 12345;
    for (std::size_t n = 1; n <= 60; ++n) {
        std::vector<double> values;
        for (std::size_t i = 0; i < n; ++i) {
            state = state * 1103515245u + 12345u;
            values.push_back(static_cast<double>((state >> 16) % 20));
        }
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        const auto reference = [&sorted](double p) {
            const double h = static_cast<double>(sorted.size() - 1) * p;
            const auto below = static_cast<std::size_t>(h);
            return below + 1 < sorted.size() ? sorted[below] + (h - below) * (sorted[below + 1] - sorted[below])
                                             : sorted[below];
        };
        CAPTURE(n);
        const Distribution d = distribution_of(values);
        CHECK(d.min == sorted.front());
        CHECK(d.max == sorted.back());
        CHECK(d.p25 == reference(0.25));
        CHECK(d.median == reference(0.5));
        CHECK(d.p75 == reference(0.75));
    }
}

TEST_CASE("stats: counts, box measures and image sizes of a dataset checked by hand") {
    const DatasetStats stats = compute_stats(hand_dataset());
    CHECK(stats.images == 4);
    CHECK(stats.objects == 5);
    CHECK(stats.images_without_objects == 1);
    CHECK(stats.images_without_labels == 1);
    CHECK(stats.labels == 0);
    CHECK(stats.degenerate_boxes == 1);
    REQUIRE(stats.classes.size() == 3);
    CHECK(stats.classes[0].name == "a");
    CHECK(stats.classes[0].images == 2);
    CHECK(stats.classes[0].objects == 3);
    CHECK(stats.classes[1].images == 2);
    CHECK(stats.classes[1].objects == 2);
    CHECK(stats.classes[1].degenerate_boxes == 1);
    CHECK(stats.classes[2].images == 0);
    CHECK(stats.classes[2].objects == 0);
    CHECK(stats.classes[2].box_width.count == 0);

    // Objects per image 3, 1, 1, 0: sorted 0 1 1 3.
    check_distribution(stats.objects_per_image, 4, 0, 0.75, 1, 1.25, 1.5, 3);
    CHECK(stats.objects_per_image_histogram.low == 0);
    CHECK(stats.objects_per_image_histogram.high == 4);
    CHECK(stats.objects_per_image_histogram.counts == std::vector<std::size_t>{1, 2, 0, 1});
    // Widths 0 10 30 40 100; class a's 10 30 40.
    check_distribution(stats.box_width, 5, 0, 10, 30, 36, 40, 100);
    check_distribution(stats.classes[0].box_width, 3, 10, 20, 30, 80.0 / 3, 35, 40);
    // Heights 10 10 20 30 50.
    check_distribution(stats.box_height, 5, 10, 10, 20, 24, 30, 50);
    // Area fractions of the images of known size: 0 0.04 0.08 0.25.
    check_distribution(stats.box_area_fraction, 4, 0, 0.03, 0.06, 0.0925, 0.1225, 0.25);
    // Aspect ratios without the degenerate box: 0.5 1 2 4.
    check_distribution(stats.aspect_ratio, 4, 0.5, 0.875, 1.5, 1.875, 2.5, 4);
    check_distribution(stats.classes[1].aspect_ratio, 1, 2, 2, 2, 2, 2, 2);

    // log10 bins, 10 a decade between whole decades: 0.1 to 10; 0.5 in bin floor((log10 0.5 + 1) * 10) = 6,
    // 1 in 10, 2 in 13, 4 in 16.
    const Histogram& ratios = stats.aspect_ratio_histogram;
    CHECK(ratios.logarithmic);
    CHECK(ratios.low == doctest::Approx(0.1));
    CHECK(ratios.high == doctest::Approx(10));
    REQUIRE(ratios.counts.size() == 20);
    std::vector<std::size_t> expected(20, 0);
    expected[6] = expected[10] = expected[13] = expected[16] = 1;
    CHECK(ratios.counts == expected);
    // sqrt(area): 14.1, 20, 70.7, 30 between 10 and 100: bins 1, 3, 8, 4.
    const Histogram& sizes = stats.box_size_histogram;
    CHECK(sizes.low == doctest::Approx(10));
    CHECK(sizes.high == doctest::Approx(100));
    REQUIRE(sizes.counts.size() == 10);
    CHECK(sizes.counts == std::vector<std::size_t>{0, 1, 0, 1, 1, 0, 0, 0, 1, 0});

    // Box centres of the images of known size: (5/100, 10/50), (30/100, 15/50), (50/100, 5/50), (50/200, 25/100):
    // in a 32 x 32 grid columns 1, 9, 16, 8 and rows 6, 9, 3, 8.
    const Histogram2D& centres = stats.box_centre_histogram;
    REQUIRE(centres.columns == 32);
    CHECK(centres.counts[6 * 32 + 1] == 1);
    CHECK(centres.counts[9 * 32 + 9] == 1);
    CHECK(centres.counts[3 * 32 + 16] == 1);
    CHECK(centres.counts[8 * 32 + 8] == 1);
    CHECK(std::accumulate(centres.counts.begin(), centres.counts.end(), std::size_t{0}) == 4);

    CHECK(stats.images_of_unknown_size == 1);
    CHECK(stats.distinct_image_sizes == 2);
    REQUIRE(stats.image_sizes.size() == 2);
    CHECK(stats.image_sizes[0].first == ImageSize{100, 50});
    CHECK(stats.image_sizes[0].second == 2);
    CHECK(stats.image_sizes[1].first == ImageSize{200, 100});
    check_distribution(stats.image_width, 3, 100, 100, 100, 400.0 / 3, 150, 200);
}

TEST_CASE("stats: ties among image sizes go to the narrower, then the lower") {
    Dataset dataset;
    dataset.items = {item_of("a", 300, 10), item_of("b", 20, 40), item_of("c", 20, 30), item_of("d", 300, 10)};
    const DatasetStats stats = compute_stats(dataset);
    REQUIRE(stats.image_sizes.size() == 3);
    CHECK(stats.image_sizes[0].first == ImageSize{300, 10});
    CHECK(stats.image_sizes[1].first == ImageSize{20, 30});
    CHECK(stats.image_sizes[2].first == ImageSize{20, 40});
}

TEST_CASE("stats: a classification dataset counts its labels per class") {
    Dataset dataset;
    dataset.categories = {{.name = "cat"}, {.name = "dog"}};
    dataset.items = {item_of("0.jpg", 10, 10), item_of("1.jpg", 10, 10), item_of("2.jpg", 10, 10)};
    Label cat, dog, text;
    cat.category = 0;
    dog.category = 1;
    text.text = "a caption";  // a text label: no class
    Label cat_of_1 = cat;
    cat_of_1.item = 1;
    dog.item = 1;
    text.item = 2;
    dataset.labels = {cat, dog, cat_of_1, text};
    const DatasetStats stats = compute_stats(dataset);
    CHECK(stats.labels == 3);
    CHECK(stats.classes[0].labels == 2);
    CHECK(stats.classes[0].images == 2);
    CHECK(stats.classes[1].labels == 1);
    CHECK(stats.classes[1].images == 1);
    CHECK(stats.images_without_objects == 3);
    CHECK(stats.images_without_labels == 1);
    CHECK(stats.box_width.count == 0);
    const std::string text_out = stats_text(stats);
    CHECK(text_out.find("3 class labels") != std::string::npos);
    CHECK(text_out.find("labels") != std::string::npos);
}

TEST_CASE("stats: an empty dataset gives zeros, text and JSON without NaN") {
    const DatasetStats stats = compute_stats(Dataset{});
    CHECK(stats.images == 0);
    CHECK(stats.objects_per_image.count == 0);
    CHECK(stats.objects_per_image_histogram.counts.empty());
    CHECK(stats.aspect_ratio_histogram.counts.empty());
    CHECK(stats.box_centre_histogram.counts.empty());
    CHECK(stats.image_size_histogram.counts.empty());
    CHECK(stats_text(stats).find("0 images") != std::string::npos);
    const std::string json = stats_json(stats).dump();
    CHECK(json.find("NaN") == std::string::npos);
    CHECK(json.find("nan") == std::string::npos);
    CHECK(stats_json(stats)["objects_per_image"]["median"].is_null());
}

TEST_CASE("stats: values just below a power of ten, and beyond double's range, are measured") {
    // Was: log10(999.9999999999999) rounds to 3, the histogram had 0 decades and 200 / 0 ended the
    // run with SIGFPE (stats and report).
    Dataset dataset;
    dataset.categories.push_back({.name = "a"});
    dataset.items = {item_of("0.jpg", 2000, 2000), item_of("1.jpg", 1, 1)};
    dataset.annotations = {box_on(0, 0, {0, 0, 999.9999999999999, 1}), box_on(0, 0, {0, 0, 99.99999999999999, 1})};
    DatasetStats stats = compute_stats(dataset);
    // Aspect ratios 1000 and 100 (rounded up by log10): the decades 10^2 to 10^3, each in its first
    // bin or the one below (the bins are 10 a decade).
    REQUIRE(stats.aspect_ratio_histogram.counts.size() >= 10);
    CHECK(std::accumulate(stats.aspect_ratio_histogram.counts.begin(), stats.aspect_ratio_histogram.counts.end(),
                          std::size_t{0}) == 2);
    CHECK(stats.aspect_ratio_histogram.low <= 99.99999999999999);
    CHECK(stats.aspect_ratio_histogram.high >= 999.9999999999999);
    // A box of 1e300 x 1e300 on a 1 x 1 image: its area fraction overflows and is left out; widths
    // whose sum overflows still get their mean.
    dataset.annotations = {box_on(1, 0, {0, 0, 1e300, 1e300}), box_on(1, 0, {0, 0, 1.5e308, 1}),
                           box_on(1, 0, {0, 0, 1.5e308, 1})};
    stats = compute_stats(dataset);
    CHECK(stats.box_area_fraction.count == 2);  // 1.5e308 x 1 of 1 x 1: finite
    CHECK(stats.box_width.mean == doctest::Approx(1e308 + 1e300 / 3).epsilon(1e-12));
    const std::string text = stats_text(stats);
    CHECK(text.find("inf") == std::string::npos);
    CHECK(text.find("1.5e+308") != std::string::npos);  // four digits, not 309 of them
}

TEST_CASE("stats: class names in the text table are quoted as messages quote input") {
    // Was: a 200 KB name widened every row to 200 KB, and escape sequences reached the terminal.
    Dataset dataset;
    dataset.categories.push_back({.name = std::string(100'000, 'x')});
    dataset.categories.push_back({.name = "\x1b]0;pwned\x07"});
    const std::string text = stats_text(compute_stats(dataset));
    CHECK(text.size() < 2000);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\\x1b]0;pwned\\x07") != std::string::npos);
    CHECK(text.find(std::string(40, 'x') + "...") != std::string::npos);
}

DatasetStats stats_of(const std::filesystem::path& input) {
    DiagnosticSink sink;
    const std::vector<Format> formats = all_formats();
    LoadedDataset loaded = load_dataset(formats, input, "", ReadOptions{}, sink);
    DatasetStats stats = compute_stats(loaded.dataset);
    stats.format = loaded.format->name;
    return stats;
}

bool same(const Distribution& a, const Distribution& b) {
    const auto near = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x)); };
    return a.count == b.count && near(a.min, b.min) && near(a.p25, b.p25) && near(a.median, b.median) &&
           near(a.mean, b.mean) && near(a.p75, b.p75) && near(a.max, b.max);
}

TEST_CASE("stats: examples/coco checked by hand, and the same in examples/yolo and examples/voc") {
    const DatasetStats coco = stats_of(source_dir() / "examples/coco");
    CHECK(coco.format == "coco");
    // instances_train.json and instances_val.json: 4 images of 96x64, 6 objects.
    CHECK(coco.images == 4);
    CHECK(coco.objects == 6);
    CHECK(coco.images_without_objects == 1);
    REQUIRE(coco.classes.size() == 3);
    // circle: 2 objects on 2 images, square 2 on 2, triangle 2 on 2 (category ids 1, 3, 7).
    for (const ClassStats& c : coco.classes) {
        CHECK(c.objects == 2);
        CHECK(c.images == 2);
    }
    // Widths 30 28 50 18 36 30: sorted 18 28 30 30 36 50.
    check_distribution(coco.box_width, 6, 18, 28.5, 30, 32, 34.5, 50);
    // Objects per image: images 100, 101 and 103 have 2, image 102 none: sorted 0 2 2 2.
    check_distribution(coco.objects_per_image, 4, 0, 1.5, 2, 1.5, 2, 2);
    CHECK(coco.image_sizes.size() == 1);
    CHECK(coco.image_sizes[0].first == ImageSize{96, 64});
    CHECK(coco.image_sizes[0].second == 4);

    for (const char* other : {"examples/yolo", "examples/voc"}) {
        CAPTURE(other);
        const DatasetStats stats = stats_of(source_dir() / other);
        CHECK(stats.images == coco.images);
        CHECK(stats.objects == coco.objects);
        CHECK(stats.images_without_objects == coco.images_without_objects);
        CHECK(stats.degenerate_boxes == coco.degenerate_boxes);
        REQUIRE(stats.classes.size() == coco.classes.size());
        for (std::size_t c = 0; c < coco.classes.size(); ++c) {
            CHECK(stats.classes[c].name == coco.classes[c].name);
            CHECK(stats.classes[c].images == coco.classes[c].images);
            CHECK(stats.classes[c].objects == coco.classes[c].objects);
            CHECK(same(stats.classes[c].box_width, coco.classes[c].box_width));
            CHECK(same(stats.classes[c].aspect_ratio, coco.classes[c].aspect_ratio));
        }
        CHECK(same(stats.objects_per_image, coco.objects_per_image));
        CHECK(same(stats.box_width, coco.box_width));
        CHECK(same(stats.box_height, coco.box_height));
        CHECK(same(stats.box_area_fraction, coco.box_area_fraction));
        CHECK(same(stats.aspect_ratio, coco.aspect_ratio));
        CHECK(same(stats.image_width, coco.image_width));
        CHECK(stats.image_sizes == coco.image_sizes);
        CHECK(stats.objects_per_image_histogram.counts == coco.objects_per_image_histogram.counts);
        CHECK(stats.aspect_ratio_histogram.counts == coco.aspect_ratio_histogram.counts);
    }
}

Png plot_named(const std::vector<std::pair<std::string, Picture>>& plots, const std::string& name) {
    for (const auto& [stem, picture] : plots)
        if (stem == name) return test::decode_png(encode_png(picture));
    FAIL("no plot named " << name);
    return {};
}

// The longest vertical run of the colour in column x.
int run_height(const Png& png, int x, Rgb colour) {
    int longest = 0, run = 0;
    for (int y = 0; y < png.height; ++y) {
        run = png.at(x, y) == colour ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

// Per colour, the tallest run in any column.
int tallest_run(const Png& png, Rgb colour) {
    int tallest = 0;
    for (int x = 0; x < png.width; ++x) tallest = std::max(tallest, run_height(png, x, colour));
    return tallest;
}

TEST_CASE("stats plots: the class bars are in the classes' colours, heights in proportion to the objects") {
    const auto plots = stats_plots(compute_stats(hand_dataset()));
    std::vector<std::string> names;
    for (const auto& [name, picture] : plots) names.push_back(name);
    CHECK(names == std::vector<std::string>{"classes", "objects_per_image", "box_sizes", "aspect_ratios",
                                            "image_sizes", "box_centres"});
    const Png classes = plot_named(plots, "classes");
    const std::vector<Rgb> colours = class_colours({"a", "b", "c"});
    REQUIRE(colours[0] != colours[1]);
    REQUIRE(colours[2] != colours[0]);
    REQUIRE(colours[2] != colours[1]);
    // a has 3 objects, b 2, c none (no bar).
    const int a = tallest_run(classes, colours[0]), b = tallest_run(classes, colours[1]);
    CHECK(a > 100);
    CHECK(std::abs(b - a * 2.0 / 3.0) <= 1.0);
    CHECK(tallest_run(classes, colours[2]) == 0);
}

TEST_CASE("stats plots: the objects per image histogram's bars are in proportion to the images") {
    // Objects per image 3, 1, 1, 0: one image with 0, two with 1, none with 2, one with 3.
    const Png histogram = plot_named(stats_plots(compute_stats(hand_dataset())), "objects_per_image");
    const Rgb blue{0x34, 0x6F, 0xB0};
    // Four bins across the 560 pixels from x = 64: the middle of bin i at 64 + 140 i + 70.
    std::vector<int> heights;
    for (int bin = 0; bin < 4; ++bin) heights.push_back(run_height(histogram, 64 + 140 * bin + 70, blue));
    CHECK(heights[1] > 100);
    CHECK(std::abs(heights[0] * 2 - heights[1]) <= 1);
    CHECK(heights[2] == 0);
    CHECK(std::abs(heights[3] - heights[0]) <= 1);
}

TEST_CASE("stats plots: the most common image sizes are dots at their exact width and height") {
    // 100x50 twice, 200x100 once. x axis 0 to 250 (steps of 50) over 420 pixels from x = 64: 200 at 64 + 336;
    // y axis 0 to 150 over 420 pixels up from y = 52 + 420: 100 at 472 - 280, 50 at 472 - 140.
    const Png sizes = plot_named(stats_plots(compute_stats(hand_dataset())), "image_sizes");
    const Rgb dot{133, 169, 208};  // the bars' blue at 60 % over white
    const auto near_dot = [&dot](Rgb colour) {
        return std::abs(colour.r - dot.r) <= 1 && std::abs(colour.g - dot.g) <= 1 && std::abs(colour.b - dot.b) <= 1;
    };
    // 3 pixels off the centres: the grid lines pass through them.
    CHECK(near_dot(sizes.at(403, 195)));
    CHECK(near_dot(sizes.at(64 + 168 + 3, 335)));
    CHECK(!near_dot(sizes.at(403, 335)));  // no image of 200x50
}

TEST_CASE("stats plots: 1000 classes show the 100 with most objects, and stay of a readable size") {
    Dataset dataset;
    dataset.items = {item_of("a.jpg", 640, 480)};
    for (std::uint32_t c = 0; c < 1000; ++c) {
        dataset.categories.push_back({.name = fmt::format("class {}", c)});
        for (std::uint32_t i = 0; i < c; ++i) dataset.annotations.push_back(box_on(0, c, {0, 0, 10, 10}));
    }
    const Png classes = plot_named(stats_plots(compute_stats(dataset)), "classes");
    CHECK(classes.width <= 1600);
    CHECK(classes.height <= 700);
    // Bars on the row just above the x axis (52 pixels of title, 320 of plot): runs of colour, one per class shown.
    const int row = 52 + 320 - 2;
    int bars = 0;
    bool in_bar = false;
    const Rgb white{255, 255, 255};
    for (int x = 64; x < classes.width - 24; ++x) {
        const bool coloured = classes.at(x, row) != white;
        bars += coloured && !in_bar;
        in_bar = coloured;
    }
    CHECK(bars == 100);
    // Classes 900 to 999 are shown: the y axis goes to 1000, so the shortest bar is 900 / 1000 of 320 pixels
    // (288) and any hidden class (899 or fewer) would be at most 287.7.
    int shortest = 1000;
    in_bar = false;
    for (int x = 64; x < classes.width - 24; ++x) {
        const bool coloured = classes.at(x, row) != white;
        if (coloured && !in_bar) shortest = std::min(shortest, run_height(classes, x + 2, classes.at(x + 2, row)));
        in_bar = coloured;
    }
    CHECK(shortest == 288);
}

TEST_CASE("stats plots: an empty dataset still gives every plot") {
    const auto plots = stats_plots(compute_stats(Dataset{}));
    CHECK(plots.size() == 6);
    for (const auto& [name, picture] : plots) {
        CAPTURE(name);
        CHECK(picture.width > 200);
        CHECK(!encode_png(picture).empty());
    }
}

TEST_CASE("stats: the corpus's COCO instances checked by hand" * needs_shared) {
    // Image 40 (5x10): a [0 0 1 2], b [0 0 1 9] (crowd RLE); image 5 (10x5): b [2 2 3 1]. Category c unused.
    const DatasetStats stats = stats_of(corpus("datumaro/coco_dataset/coco_instances"));
    CHECK(stats.images == 2);
    CHECK(stats.objects == 3);
    REQUIRE(stats.classes.size() == 3);
    CHECK(stats.classes[0].images == 1);
    CHECK(stats.classes[1].images == 2);
    CHECK(stats.classes[1].objects == 2);
    CHECK(stats.classes[2].objects == 0);
    // Widths 1 1 3, heights 1 2 9, area fractions 2/50 9/50 3/50, aspect ratios 1/2 1/9 3.
    check_distribution(stats.box_width, 3, 1, 1, 1, 5.0 / 3, 2, 3);
    check_distribution(stats.box_height, 3, 1, 1.5, 2, 4, 5.5, 9);
    check_distribution(stats.box_area_fraction, 3, 0.04, 0.05, 0.06, 14.0 / 150, 0.12, 0.18);
    check_distribution(stats.aspect_ratio, 3, 1.0 / 9, (1.0 / 9 + 0.5) / 2, 0.5, (1.0 / 9 + 0.5 + 3) / 3, 1.75, 3);
    // 5x10 and 10x5 once each: the narrower first.
    REQUIRE(stats.image_sizes.size() == 2);
    CHECK(stats.image_sizes[0].first == ImageSize{5, 10});
    CHECK(stats.image_sizes[1].first == ImageSize{10, 5});
}

TEST_CASE("stats: an Ultralytics classification folder counts images per class by their labels" * needs_shared) {
    // train/label_0: 1.jpg, 2.jpg; train/label_1: 3.jpg.
    const DatasetStats stats = stats_of(corpus("cvat-datumaro/yolo_dataset/yolov8_classification"));
    CHECK(stats.images == 3);
    CHECK(stats.objects == 0);
    CHECK(stats.labels == 3);
    REQUIRE(stats.classes.size() == 2);
    CHECK(stats.classes[0].images == 2);
    CHECK(stats.classes[0].labels == 2);
    CHECK(stats.classes[1].images == 1);
    CHECK(stats.images_without_labels == 0);
    CHECK(stats_text(stats).find("3 class labels") != std::string::npos);
    const auto plots = stats_plots(stats);
    const Png classes = plot_named(plots, "classes");
    const std::vector<Rgb> colours = class_colours({stats.classes[0].name, stats.classes[1].name});
    CHECK(std::abs(tallest_run(classes, colours[1]) * 2 - tallest_run(classes, colours[0])) <= 1);
}

TEST_CASE("stats CLI: plots written inside a classification folder are not read as a class" * needs_shared) {
    // Was: the plots' temporary folder, made before reading, was read as an empty third class
    // (a classify/empty-class warning, 3 classes in the numbers), exit 0.
    TempDir dir;
    fs::copy(corpus("cvat-datumaro/yolo_dataset/yolov8_classification"), dir / "cls", fs::copy_options::recursive);
    const auto run = run_labelkit("stats " + q(dir / "cls") + " --format json --plots " + q(dir / "cls/train/plots"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.find("labelkit-tmp") == std::string::npos);
    const nlohmann::json stats = nlohmann::json::parse(run.out);
    CHECK(stats["classes"].size() == 2);  // label_0 and label_1, as in the case above
    CHECK(fs::is_regular_file(dir / "cls/train/plots/classes.png"));
}

TEST_CASE("stats CLI: the text report of examples/coco") {
    const auto result = run_labelkit("stats " + q(source_dir() / "examples/coco"));
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out.starts_with("format: coco\n4 images, 1 without objects\n6 objects, 3 classes\n"));
    // Medians checked by hand: circle 28 and 36 pixels wide, square 30 and 18, triangle 50 and 30.
    CHECK(result.out.find("\ncircle          2        2   33.3%        32        32    0.1693         1\n") !=
          std::string::npos);
    CHECK(result.out.find("\nbox width (px)                  6        18      28.5        30        32      34.5        50\n") !=
          std::string::npos);
    CHECK(result.out.find("image sizes: 1 distinct: 96x64 (4)\n") != std::string::npos);
}

TEST_CASE("stats CLI: --plots writes the six plots, never over an existing folder without --overwrite") {
    TempDir tmp;
    const fs::path plots = tmp / "plots";
    const auto first = run_labelkit("stats " + q(source_dir() / "examples/yolo") + " --plots " + q(plots));
    CHECK(first.exit_code == 0);
    CHECK(first.err.find("wrote 6 plots into") != std::string::npos);
    for (const char* name : {"classes", "objects_per_image", "box_sizes", "aspect_ratios", "image_sizes", "box_centres"}) {
        const std::string bytes = read_file(plots / (std::string(name) + ".png"));
        CHECK(bytes.starts_with("\x89PNG"));
    }
    test::write_file(plots / "mine.txt", "keep me");
    const auto again = run_labelkit("stats " + q(source_dir() / "examples/yolo") + " --plots " + q(plots));
    CHECK(again.exit_code == 2);
    CHECK(again.out.empty());  // refused before the dataset was read
    CHECK(read_file(plots / "mine.txt") == "keep me");
    const auto replaced = run_labelkit("stats " + q(source_dir() / "examples/yolo") + " --plots " + q(plots) + " --overwrite");
    CHECK(replaced.exit_code == 0);
    CHECK(!fs::exists(plots / "mine.txt"));
    CHECK(fs::exists(plots / "classes.png"));
    // A folder cannot go to standard output; the input is never replaced.
    const auto dash = run_labelkit("stats " + q(source_dir() / "examples/yolo") + " --plots -");
    CHECK(dash.exit_code == 2);
    CHECK(dash.err.find("give a folder, not - (standard output)") != std::string::npos);
    CHECK_FALSE(fs::exists("-"));
    CHECK(run_labelkit("stats --help").out.find("- is standard output") == std::string::npos);
    const auto into_input = run_labelkit("stats " + q(source_dir() / "examples/yolo") + " --plots " +
                                         q(source_dir() / "examples/yolo") + " --overwrite");
    CHECK(into_input.exit_code == 2);
    CHECK(fs::exists(source_dir() / "examples/yolo/data.yaml"));
}

TEST_CASE("stats CLI: --format json names the plots and agrees across formats") {
    TempDir tmp;
    const auto coco = run_labelkit("stats " + q(source_dir() / "examples/coco") + " --format json --plots " + q(tmp / "p"));
    REQUIRE(coco.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(coco.out);
    CHECK(report["format"] == "coco");
    CHECK(report["objects"] == 6);
    CHECK(report["plots"].size() == 6);
    CHECK(report["plots"][0] == (tmp / "p" / "classes.png").string());
    const auto voc = run_labelkit("stats " + q(source_dir() / "examples/voc") + " --format json");
    REQUIRE(voc.exit_code == 0);
    const nlohmann::json other = nlohmann::json::parse(voc.out);
    CHECK(other["classes"].size() == report["classes"].size());
    CHECK(other["objects_per_image"] == report["objects_per_image"]);
    CHECK(other["image_sizes"] == report["image_sizes"]);
}

}  // namespace
}  // namespace labelkit
