// labelkit agree --gold DATASET: the box scorecard against gold shapes, worked by hand, in JSON
// (checked against the schema), text and CSV; how --gold is told apart (a table of item labels or
// a dataset); the errors.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "schema_check.hpp"
#include "agree_report_fixtures.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The gold names its classes with other ids, in another order, than the annotators' (cat 1, dog
// 2): classes are matched by name.
const std::vector<std::string> gold_categories = {R"({"id": 7, "name": "dog"})", R"({"id": 3, "name": "cat"})"};

// Gold: a.jpg a cat (0,0 10x10) and a dog (50,50 20x20); b.jpg a cat (10,10 20x20); c.jpg, which
// no annotator has, a dog.
// alice draws the gold exactly. bob leaves out the dog on a.jpg. chen draws the dog 5 px to the
// right (intersection 15 x 20 = 300, union 400 + 400 - 300 = 500: IoU 0.6) and has d.jpg, which
// the gold lacks (not scored).
struct GoldCase {
    TempDir dir;
    std::string files;  // the annotators' paths, quoted
    fs::path gold;

    GoldCase() {
        const std::vector<std::string> ab = {coco_image(1, "a.jpg", 100, 100), coco_image(2, "b.jpg", 100, 100)};
        gold = dir / "gold.json";
        write_file(gold, coco_json({coco_image(1, "a.jpg", 100, 100), coco_image(2, "b.jpg", 100, 100),
                                    coco_image(3, "c.jpg", 100, 100)},
                                   {coco_box(1, 1, 3, 0, 0, 10, 10), coco_box(2, 1, 7, 50, 50, 20, 20),
                                    coco_box(3, 2, 3, 10, 10, 20, 20), coco_box(4, 3, 7, 0, 0, 30, 30)},
                                   gold_categories));
        write_file(dir / "alice.json", coco_json(ab, {coco_box(1, 1, 1, 0, 0, 10, 10), coco_box(2, 1, 2, 50, 50, 20, 20),
                                                      coco_box(3, 2, 1, 10, 10, 20, 20)}));
        write_file(dir / "bob.json", coco_json(ab, {coco_box(1, 1, 1, 0, 0, 10, 10), coco_box(3, 2, 1, 10, 10, 20, 20)}));
        write_file(dir / "chen.json",
                   coco_json({coco_image(1, "a.jpg", 100, 100), coco_image(2, "b.jpg", 100, 100),
                              coco_image(4, "d.jpg", 100, 100)},
                             {coco_box(1, 1, 1, 0, 0, 10, 10), coco_box(2, 1, 2, 55, 50, 20, 20),
                              coco_box(3, 2, 1, 10, 10, 20, 20), coco_box(4, 4, 1, 0, 0, 5, 5)}));
        files = fmt::format("{} {} {}", q(dir / "alice.json"), q(dir / "bob.json"), q(dir / "chen.json"));
    }
};


std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("agree --gold DATASET: each annotator's shapes against the gold shapes, by hand") {
    GoldCase c;
    const json report = agree_json(c.files + " --gold " + q(c.gold));
    const json& card = report["spatial"]["scorecard"];
    REQUIRE(card.size() == 3);
    // bob: 2 shapes, both matched; 3 gold shapes on a.jpg and b.jpg: precision 1, recall 2/3,
    // F1 2*2 / (2 + 3) = 0.8, mean IoU 1. Lowest F1: first.
    CHECK(card[0]["annotator"] == "bob");
    CHECK(card[0]["reference"] == "gold");
    CHECK(card[0]["images"] == 2);
    CHECK(card[0]["shapes"] == 2);
    CHECK(card[0]["matched"] == 2);
    CHECK(card[0]["reference_shapes"] == 3);
    CHECK(card[0]["precision"] == 1.0);
    CHECK(card[0]["recall"].get<double>() == doctest::Approx(2.0 / 3).epsilon(1e-12));
    CHECK(card[0]["f1"].get<double>() == doctest::Approx(0.8).epsilon(1e-12));
    CHECK(card[0]["mean_iou"] == 1.0);
    // alice and chen: F1 1 (ties in annotator order). chen's d.jpg is not scored (2 images, 3
    // shapes); its mean IoU is (1 + 0.6 + 1) / 3.
    CHECK(card[1]["annotator"] == "alice");
    CHECK(card[1]["f1"] == 1.0);
    CHECK(card[1]["mean_iou"] == 1.0);
    CHECK(card[2]["annotator"] == "chen");
    CHECK(card[2]["images"] == 2);
    CHECK(card[2]["shapes"] == 3);
    CHECK(card[2]["precision"] == 1.0);
    CHECK(card[2]["recall"] == 1.0);
    CHECK(card[2]["mean_iou"].get<double>() == doctest::Approx(2.6 / 3).epsilon(1e-12));
    // The gold: 3 images, 4 shapes; c.jpg no annotator has; d.jpg (chen's) the gold lacks.
    const json& gold = report["spatial"]["scorecard_gold"];
    CHECK(gold == json{{"images", 3}, {"shapes", 4}, {"images_without_annotators", 1},
                       {"annotator_images_without_gold", 1}});
    // The spatial pairs stay among the annotators.
    CHECK(report["spatial"]["pairs"].size() == 3);

    // At IoU 0.7 chen's shifted dog (IoU 0.6) is no match: 3 shapes, 2 matched, 3 gold shapes:
    // precision = recall = F1 = 2/3, mean IoU 1; now below bob's 0.8.
    const json strict = agree_json(c.files + " --iou 0.7 --gold " + q(c.gold));
    const json& chen = strict["spatial"]["scorecard"][0];
    CHECK(chen["annotator"] == "chen");
    CHECK(chen["matched"] == 2);
    CHECK(chen["f1"].get<double>() == doctest::Approx(2.0 / 3).epsilon(1e-12));
    CHECK(chen["mean_iou"] == 1.0);
}

TEST_CASE("agree --gold DATASET: text and CSV say the reference, the unscored images are warned of") {
    GoldCase c;
    const CommandResult text = run_labelkit("agree " + c.files + " --gold " + q(c.gold));
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("  annotators against the gold (3 images, 4 shapes; IoU >= 0.5), lowest F1 first:\n"
                        "    annotator  images  shapes  precision  recall      F1  mean IoU\n"
                        "    bob             2       2      1.000   0.667   0.800     1.000\n"
                        "    alice           2       3      1.000   1.000   1.000     1.000\n"
                        "    chen            2       3      1.000   1.000   1.000     0.867\n") != std::string::npos);
    CHECK(occurrences(text.err, "agree/gold-unmatched") == 2);
    CHECK(text.err.find("1 images the annotators have are not in the gold dataset (first: 'd.jpg')") != std::string::npos);
    CHECK(text.err.find("1 images of the gold dataset are in no annotator's dataset (first: 'c.jpg')") != std::string::npos);

    const CommandResult csv = run_labelkit("agree --format csv " + c.files + " --gold " + q(c.gold));
    REQUIRE(csv.exit_code == 0);
    // kind, a, b, class, n (images), matched, only_a, only_b, f1, mean_iou, ..., reference, ..., precision, recall.
    CHECK(csv.out.find("\nspatial_scorecard,bob,gold,*,2,2,0,1,0.8,1,,,,,,gold,,,,,,1,0.6666666666666666,,,,\n") !=
          std::string::npos);
    CHECK(occurrences(csv.out, ",consensus,") == 0);
}

TEST_CASE("agree without --gold keeps the box scorecard against the consensus") {
    GoldCase c;
    const json report = agree_json(c.files);
    CHECK(report["spatial"]["scorecard_gold"].is_null());
    for (const json& entry : report["spatial"]["scorecard"]) CHECK(entry["reference"] == "consensus");
}

TEST_CASE("agree --gold: a YOLO gold dataset scores COCO annotators (images paired by file name)") {
    TempDir dir;
    // YOLO, 100 x 100 images: the cat box 0,0 10x10 is centre 0.05,0.05, size 0.1 x 0.1.
    write_file(dir / "gold/data.yaml", "train: images/train\nnames: [dog, cat]\n");
    write_png(dir / "gold/images/train/a.png", 100, 100);
    write_file(dir / "gold/labels/train/a.txt", "1 0.05 0.05 0.1 0.1\n");
    const std::vector<std::string> image = {coco_image(1, "a.png", 100, 100)};
    write_file(dir / "alice.json", coco_json(image, {coco_box(1, 1, 1, 0, 0, 10, 10)}));
    // bob's cat is 10 x 8 inside the gold's 10 x 10: IoU 80/100 = 0.8.
    write_file(dir / "bob.json", coco_json(image, {coco_box(1, 1, 1, 0, 0, 10, 8)}));
    const json report = agree_json(fmt::format("{} {} --gold {}", q(dir / "alice.json"), q(dir / "bob.json"), q(dir / "gold")));
    const json& card = report["spatial"]["scorecard"];
    REQUIRE(card.size() == 2);
    CHECK(card[0]["annotator"] == "alice");  // both F1 1: annotator order
    CHECK(card[0]["mean_iou"].get<double>() == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(card[1]["annotator"] == "bob");
    CHECK(card[1]["f1"] == 1.0);
    CHECK(card[1]["mean_iou"].get<double>() == doctest::Approx(0.8).epsilon(1e-9));
}

TEST_CASE("agree --gold: errors") {
    GoldCase c;
    SUBCASE("a gold path that does not exist: exit 2 with the path") {
        const CommandResult result = run_labelkit("agree " + c.files + " --gold " + q(c.dir / "nowhere.json"));
        CHECK(result.exit_code == 2);
        CHECK(result.err.find((c.dir / "nowhere.json").string()) != std::string::npos);
    }
    SUBCASE("a gold file that cannot be read: exit 2 with the path") {
        write_file(c.dir / "broken.json", "{\"images\": [\n");
        const CommandResult result = run_labelkit("agree " + c.files + " --gold " + q(c.dir / "broken.json"));
        CHECK(result.exit_code == 2);
        CHECK(result.err.find((c.dir / "broken.json").string()) != std::string::npos);
    }
    SUBCASE("a table of item labels for datasets of shapes") {
        write_file(c.dir / "labels.csv", "item,label\na.jpg,cat\n");
        const CommandResult result = run_labelkit("agree " + c.files + " --gold " + q(c.dir / "labels.csv"));
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("labels.csv: --gold is a table of item labels") != std::string::npos);
        CHECK(result.err.find("to score shapes give a dataset of gold shapes") != std::string::npos);
    }
    SUBCASE("a gold dataset for a rating table") {
        write_file(c.dir / "ratings.csv", "item,annotator,label\n1,a,x\n1,b,x\n");
        const CommandResult result =
            run_labelkit(fmt::format("agree {} --gold {}", q(c.dir / "ratings.csv"), q(c.gold)));
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("gold.json: --gold is a dataset (gold shapes); a rating table is scored against a table") !=
              std::string::npos);
    }
}

TEST_CASE("agree --gold: class names the annotators do not use are warned of") {
    // Was wrong: a gold naming its classes Cat and Dog against the annotators' cat and dog scored
    // everyone 0 (no shape matches across classes) with exit 0 and no word.
    GoldCase c;
    const std::vector<std::string> images = {coco_image(1, "a.jpg", 100, 100), coco_image(2, "b.jpg", 100, 100)};
    const std::vector<std::string> boxes = {coco_box(1, 1, 3, 0, 0, 10, 10), coco_box(2, 1, 7, 50, 50, 20, 20),
                                            coco_box(3, 2, 3, 10, 10, 20, 20)};
    write_file(c.dir / "capitals.json",
               coco_json(images, boxes, {R"({"id": 7, "name": "Dog"})", R"({"id": 3, "name": "Cat"})"}));
    const CommandResult none = run_labelkit("agree " + c.files + " --gold " + q(c.dir / "capitals.json"));
    INFO(none.err);
    REQUIRE(none.exit_code == 0);
    CHECK(none.err.find("agree/gold-classes") != std::string::npos);
    CHECK(none.err.find("the gold's classes (Cat, Dog) and the annotators' (cat, dog) share no name") !=
          std::string::npos);

    // cat shared; Dog only in the gold, dog only in the annotators': counted in a note.
    write_file(c.dir / "one_capital.json",
               coco_json(images, boxes, {R"({"id": 7, "name": "Dog"})", R"({"id": 3, "name": "cat"})"}));
    const CommandResult some = run_labelkit("agree " + c.files + " --gold " + q(c.dir / "one_capital.json"));
    INFO(some.err);
    REQUIRE(some.exit_code == 0);
    CHECK(some.err.find("share no name") == std::string::npos);
    CHECK(some.err.find("1 class only in the gold, 1 class only in the annotators' shapes: their shapes match "
                        "nothing") != std::string::npos);

    // The matching gold of the other cases: not a word.
    const CommandResult same = run_labelkit("agree " + c.files + " --gold " + q(c.gold));
    CHECK(same.err.find("agree/gold-classes") == std::string::npos);
}
