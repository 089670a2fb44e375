// labelkit merge through the CLI: union (categories by name with stable ids, combined images,
// duplicates, conflicts, the label map, subsets) and consensus (grouping, quorum, fusion,
// class votes, polygons by per-pixel majority), with reports checked against their schema.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

struct Merged {
    json dataset;  // the output COCO file
    json report;
    std::string err;
};

Merged merge(const TempDir& dir, const std::vector<std::string>& inputs, const std::string& extra = "") {
    std::string arguments = "merge";
    for (const std::string& input : inputs) arguments += fmt::format(" '{}'", (dir / input).string());
    const auto output = dir / "out.json";
    const auto report = dir / "report.json";
    std::filesystem::remove(output);
    std::filesystem::remove(report);
    const CommandResult result = run_labelkit(fmt::format("{} -o '{}' --to coco --report '{}' {}", arguments,
                                                          output.string(), report.string(), extra));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    Merged merged{json::parse(read_file(output)), json::parse(read_file(report)), result.err};
    CHECK(schema_errors(source_dir() / "schemas/merge-report.schema.json", merged.report).empty());
    return merged;
}

std::map<std::string, std::int64_t> category_ids(const json& coco) {
    std::map<std::string, std::int64_t> ids;
    for (const json& c : coco["categories"]) ids[c["name"]] = c["id"];
    return ids;
}

// (file_name, category name, bbox) of every annotation, sorted.
std::vector<std::tuple<std::string, std::string, std::vector<double>>> boxes(const json& coco) {
    std::map<std::int64_t, std::string> files, names;
    for (const json& i : coco["images"]) files[i["id"]] = i["file_name"];
    for (const json& c : coco["categories"]) names[c["id"]] = c["name"];
    std::vector<std::tuple<std::string, std::string, std::vector<double>>> list;
    for (const json& a : coco["annotations"])
        list.emplace_back(files[a["image_id"]], names[a["category_id"]], a["bbox"].get<std::vector<double>>());
    std::sort(list.begin(), list.end());
    return list;
}

const std::vector<std::string> cat_dog = {R"({"id": 1, "name": "cat"})", R"({"id": 2, "name": "dog"})"};
const std::vector<std::string> dog_bird = {R"({"id": 1, "name": "dog"})", R"({"id": 3, "name": "bird"})"};

}  // namespace

TEST_CASE("merge union: categories unify by name and keep their ids when free") {
    TempDir dir;
    write_file(dir / "a.json", coco_json({coco_image(1, "a1.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20), coco_box(2, 1, 2, 50, 50, 20, 20)}, cat_dog));
    write_file(dir / "b.json", coco_json({coco_image(1, "b1.jpg")}, {coco_box(1, 1, 1, 30, 30, 20, 20), coco_box(2, 1, 3, 5, 5, 9, 9)}, dog_bird));
    const Merged merged = merge(dir, {"a.json", "b.json"});
    // cat and dog keep a's ids 1 and 2; bird keeps b's id 3, which is free.
    CHECK(category_ids(merged.dataset) == std::map<std::string, std::int64_t>{{"bird", 3}, {"cat", 1}, {"dog", 2}});
    using Row = std::tuple<std::string, std::string, std::vector<double>>;
    CHECK(boxes(merged.dataset) == std::vector<Row>{{"a1.jpg", "cat", {10, 10, 20, 20}}, {"a1.jpg", "dog", {50, 50, 20, 20}},
                                                    {"b1.jpg", "bird", {5, 5, 9, 9}}, {"b1.jpg", "dog", {30, 30, 20, 20}}});
    // Ids are renumbered 1..N.
    CHECK(merged.dataset["images"][1]["id"] == 2);
    CHECK(merged.dataset["annotations"][3]["id"] == 4);
    const json& dog = merged.report["categories"][1];
    CHECK(dog["name"] == "dog");
    CHECK(dog["sources"] == json::array({fmt::format("{}: dog", (dir / "a.json").string()), fmt::format("{}: dog", (dir / "b.json").string())}));
}

TEST_CASE("merge union: a category id already taken gets the next free one") {
    TempDir dir;
    write_file(dir / "a.json", coco_json({coco_image(1, "a1.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_dog));
    write_file(dir / "b.json", coco_json({coco_image(1, "b1.jpg")}, {coco_box(1, 1, 2, 10, 10, 20, 20)},
                                         {R"({"id": 1, "name": "cow"})", R"({"id": 2, "name": "cat"})"}));
    const Merged merged = merge(dir, {"a.json", "b.json"});
    CHECK(category_ids(merged.dataset) == std::map<std::string, std::int64_t>{{"cat", 1}, {"cow", 3}, {"dog", 2}});
}

TEST_CASE("merge union: one image in two inputs has its annotations combined, exact duplicates once") {
    TempDir dir;
    const std::string shared = coco_image(1, "same.jpg", 640, 480);
    write_file(dir / "a.json", coco_json({shared}, {coco_box(1, 1, 1, 10, 10, 20, 20), coco_box(2, 1, 2, 50, 50, 20, 20)}, cat_dog));
    write_file(dir / "b.json", coco_json({shared}, {coco_box(7, 1, 1, 10, 10, 20, 20), coco_box(8, 1, 1, 90, 90, 5, 5)}, cat_dog));
    const Merged merged = merge(dir, {"a.json", "b.json"});
    CHECK(merged.dataset["images"].size() == 1);
    CHECK(merged.dataset["annotations"].size() == 3);  // the cat at (10, 10) once
    CHECK(merged.report["inputs"][1]["shared_items"] == 1);
    CHECK(merged.report["inputs"][1]["duplicates"] == 1);
}

TEST_CASE("merge union: two different images under one path are a conflict, resolved as asked") {
    TempDir dir;
    write_file(dir / "a.json", coco_json({coco_image(1, "x.jpg", 640, 480)}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_dog));
    write_file(dir / "b.json", coco_json({coco_image(1, "x.jpg", 800, 600)}, {coco_box(1, 1, 2, 30, 30, 20, 20)}, cat_dog));
    const auto output = dir / "out.json";
    const CommandResult refused = run_labelkit(fmt::format("merge '{}' '{}' -o '{}' --to coco", (dir / "a.json").string(),
                                                           (dir / "b.json").string(), output.string()));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("'x.jpg' is 640x480 in") != std::string::npos);
    CHECK(refused.err.find("800x600") != std::string::npos);
    CHECK(refused.err.find("--on-conflict") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(output));

    using Row = std::tuple<std::string, std::string, std::vector<double>>;
    const Merged first = merge(dir, {"a.json", "b.json"}, "--on-conflict first");
    CHECK(boxes(first.dataset) == std::vector<Row>{{"x.jpg", "cat", {10, 10, 20, 20}}});
    CHECK(first.report["conflicts"][0]["resolution"] == "kept the first");
    CHECK(first.report["inputs"][1]["dropped_by_conflict"] == 1);
    CHECK(first.err.find("merge/image-conflict") != std::string::npos);

    const Merged last = merge(dir, {"a.json", "b.json"}, "--on-conflict last");
    CHECK(boxes(last.dataset) == std::vector<Row>{{"x.jpg", "dog", {30, 30, 20, 20}}});
    CHECK(last.dataset["images"][0]["width"] == 800);

    // The same written to a directory (a union held whole, not written as read) agrees.
    REQUIRE(run_labelkit(fmt::format("merge '{}' '{}' -o '{}' --to coco --on-conflict last", (dir / "a.json").string(),
                                     (dir / "b.json").string(), (dir / "held").string())).exit_code == 0);
    CHECK(boxes(json::parse(read_file(dir / "held/annotations/instances_default.json"))) == boxes(last.dataset));

    const Merged renamed = merge(dir, {"a.json", "b.json"}, "--on-conflict rename");
    CHECK(boxes(renamed.dataset) == std::vector<Row>{{"x.jpg", "cat", {10, 10, 20, 20}}, {"x_2.jpg", "dog", {30, 30, 20, 20}}});
    CHECK(renamed.report["conflicts"][0]["resolution"] == "renamed to x_2.jpg");

    // A later input's own x_2.jpg of the same size is another image than the renamed one: it is
    // renamed in turn, never joined to it.
    write_file(dir / "c.json", coco_json({coco_image(1, "x_2.jpg", 800, 600)}, {coco_box(1, 1, 1, 50, 50, 5, 5)}, cat_dog));
    const Merged three = merge(dir, {"a.json", "b.json", "c.json"}, "--on-conflict rename");
    CHECK(boxes(three.dataset) == std::vector<Row>{{"x.jpg", "cat", {10, 10, 20, 20}},
                                                    {"x_2.jpg", "dog", {30, 30, 20, 20}},
                                                    {"x_2_2.jpg", "cat", {50, 50, 5, 5}}});
    CHECK(three.report["conflicts"][1]["resolution"] == "renamed to x_2_2.jpg (its name was given to a renamed image)");
}

TEST_CASE("merge union: two categories of one input sharing a name are an error, never joined in silence") {
    TempDir dir;
    write_file(dir / "a.json", coco_json({coco_image(1, "x.jpg", 640, 480)}, {coco_box(1, 1, 1, 10, 10, 20, 20)},
                                         {R"({"id": 1, "name": "cat"})", R"({"id": 2, "name": "cat"})"}));
    write_file(dir / "b.json", coco_json({coco_image(1, "y.jpg", 640, 480)}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_dog));
    const CommandResult refused = run_labelkit(fmt::format("merge '{}' '{}' -o '{}' --to coco", (dir / "a.json").string(),
                                                           (dir / "b.json").string(), (dir / "out.json").string()));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("a.json: error: categories 1 and 2 are both named 'cat'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.json"));
}

TEST_CASE("merge union: --label-map renames and drops classes before merging") {
    TempDir dir;
    write_file(dir / "a.json", coco_json({coco_image(1, "a1.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20), coco_box(2, 1, 2, 50, 50, 20, 20)}, cat_dog));
    write_file(dir / "b.json", coco_json({coco_image(1, "b1.jpg")}, {coco_box(1, 1, 1, 30, 30, 20, 20), coco_box(2, 1, 3, 5, 5, 9, 9)}, dog_bird));
    write_file(dir / "map.yaml", "dog: animal\ncat: animal\nbird: null\nzebra: animal\n");
    const Merged merged = merge(dir, {"a.json", "b.json"}, fmt::format("--label-map '{}'", (dir / "map.yaml").string()));
    CHECK(category_ids(merged.dataset) == std::map<std::string, std::int64_t>{{"animal", 1}});
    CHECK(merged.dataset["annotations"].size() == 3);
    CHECK(merged.report["inputs"][1]["dropped_by_label_map"] == 1);
    CHECK(merged.report["unused_label_map_entries"] == json::array({"zebra"}));
    CHECK(merged.err.find("no input has a class 'zebra'") != std::string::npos);

    write_file(dir / "bad.yaml", "dog: animal\ncat: [1, 2]\n");
    const CommandResult bad = run_labelkit(fmt::format("merge '{}' '{}' -o '{}' --to coco --label-map '{}'", (dir / "a.json").string(),
                                                       (dir / "b.json").string(), (dir / "bad.json").string(), (dir / "bad.yaml").string()));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.yaml:2:6") != std::string::npos);
}

TEST_CASE("merge union: subsets are kept") {
    TempDir dir;
    write_file(dir / "a/annotations/instances_train.json", coco_json({coco_image(1, "t.jpg")}, {coco_box(1, 1, 1, 10, 10, 20, 20)}, cat_dog));
    write_file(dir / "b/annotations/instances_val.json", coco_json({coco_image(1, "v.jpg")}, {coco_box(1, 1, 2, 10, 10, 20, 20)}, cat_dog));
    const CommandResult result = run_labelkit(fmt::format("merge '{}' '{}' -o '{}' --to yolo --images none", (dir / "a").string(),
                                                          (dir / "b").string(), (dir / "yolo").string()));
    REQUIRE(result.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "yolo/labels/train/t.txt"));
    CHECK(std::filesystem::exists(dir / "yolo/labels/val/v.txt"));
}

namespace {

// Three annotators of one 640x480 image; each list is an annotator's boxes as (category, x).
void write_annotators(const TempDir& dir, const std::vector<std::vector<std::pair<int, double>>>& annotators) {
    const char* names[] = {"alice", "bob", "chen", "dana"};
    for (std::size_t a = 0; a < annotators.size(); ++a) {
        std::vector<std::string> shapes;
        for (const auto& [category, x] : annotators[a])
            shapes.push_back(coco_box(static_cast<int>(shapes.size() + 1), 1, category, x, 10, 100, 100));
        write_file(dir / (std::string(names[a]) + ".json"), coco_json({coco_image(1, "img.jpg")}, shapes, cat_dog));
    }
}

std::vector<std::string> three = {"alice.json", "bob.json", "chen.json"};

}  // namespace

TEST_CASE("merge consensus: shapes of one object fuse into one, lone shapes fall below quorum") {
    TempDir dir;
    // One cat drawn at x = 10, 12 and 20 by all three; a dog at x = 400 by alice only.
    write_annotators(dir, {{{1, 10}, {2, 400}}, {{1, 12}}, {{1, 20}}});
    const Merged merged = merge(dir, three, "--mode consensus");
    REQUIRE(merged.dataset["annotations"].size() == 1);
    const json& cat = merged.dataset["annotations"][0];
    // wbf without scores: the mean of the corners, x1 = (10 + 12 + 20) / 3 = 14, x2 = 114.
    CHECK_NEAR(cat["bbox"][0].get<double>(), 14.0, 1e-12);
    CHECK_NEAR(cat["bbox"][2].get<double>(), 100.0, 1e-12);
    CHECK(cat["attributes"]["agreement"] == 1.0);
    CHECK(cat["score"] == 1.0);  // wbf's, conf_type avg: without scores, the share of annotators who drew it
    CHECK(cat["attributes"]["annotators"] == json::array({"alice", "bob", "chen"}));
    const json& report = merged.report;
    CHECK(report["groups"] == 2);
    CHECK(report["kept"] == 1);
    CHECK(report["below_quorum"] == 1);
    CHECK(report["quorum"] == "majority");
    CHECK(report["annotators"][0] == json{{"name", "alice"}, {"shapes", 2}, {"unmatched", 1}});
    CHECK(report["per_image"][0]["image"] == "img.jpg");
    CHECK(report["per_image"][0]["below_quorum"][0] == json{{"class", "dog"}, {"annotators", {"alice"}}});

    // median: x1 = 12; best: bob's box (mean IoU with the others is highest).
    CHECK(merge(dir, three, "--mode consensus --fuse median").dataset["annotations"][0]["bbox"][0] == 12.0);
    CHECK(merge(dir, three, "--mode consensus --fuse best").dataset["annotations"][0]["bbox"][0] == 12.0);
    // A quorum of 1 keeps the dog too; 100% needs all three.
    CHECK(merge(dir, three, "--mode consensus --quorum 1").dataset["annotations"].size() == 2);
    CHECK(merge(dir, three, "--mode consensus --quorum 100%").dataset["annotations"].size() == 1);
}

TEST_CASE("merge consensus: a quorum count above the number of annotators is an error before any output") {
    TempDir dir;
    write_annotators(dir, {{{1, 10}}, {{1, 12}}, {{1, 20}}});
    const auto output = dir / "out.json";
    const std::string inputs = fmt::format("'{}' '{}' '{}'", (dir / "alice.json").string(), (dir / "bob.json").string(),
                                           (dir / "chen.json").string());
    // 3 annotators: --quorum 4 can never be met (it used to write 0 annotations and exit 0).
    const CommandResult refused =
        run_labelkit(fmt::format("merge --mode consensus {} --quorum 4 -o '{}' --to coco", inputs, output.string()));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--quorum 4 asks for more annotators than there are: the inputs have 3 (alice, bob, chen)") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(output));
    // --quorum 3 (all of them) is allowed: the cat drawn by all three is kept.
    const CommandResult all =
        run_labelkit(fmt::format("merge --mode consensus {} --quorum 3 -o '{}' --to coco", inputs, output.string()));
    CHECK(all.exit_code == 0);
    CHECK(json::parse(read_file(output))["annotations"].size() == 1);
}

TEST_CASE("merge consensus --fuse wbf: ZFTurbo's weighted boxes fusion of each group, with its score") {
    TempDir dir;
    // One cat drawn by three of four annotators, with scores; dana has the image and drew nothing.
    //   alice (10, 10)-(110, 110) score 0.9, bob (20, 10)-(120, 110) 0.6, chen (16, 16)-(116, 116) 0.3
    // (pairwise IoU 0.79 to 0.82: one group). Corners weighted by score, out of 1.8:
    //   x1 = (9 + 12 + 4.8) / 1.8 = 14.333..., y1 = (9 + 6 + 4.8) / 1.8 = 11,
    //   x2 = (99 + 72 + 34.8) / 1.8 = 114.333..., y2 = (99 + 66 + 34.8) / 1.8 = 111.
    // Score, conf_type avg with the 4 annotators as models of weight 1: mean 0.6 x min(4, 3) / 4 = 0.45.
    const auto scored = [](double x, double y, double score) {
        const std::string box = coco_box(1, 1, 1, x, y, 100, 100);
        return box.substr(0, box.size() - 1) + fmt::format(", \"score\": {}}}", score);
    };
    write_file(dir / "alice.json", coco_json({coco_image(1, "img.jpg")}, {scored(10, 10, 0.9)}, cat_dog));
    write_file(dir / "bob.json", coco_json({coco_image(1, "img.jpg")}, {scored(20, 10, 0.6)}, cat_dog));
    write_file(dir / "chen.json", coco_json({coco_image(1, "img.jpg")}, {scored(16, 16, 0.3)}, cat_dog));
    write_file(dir / "dana.json", coco_json({coco_image(1, "img.jpg")}, {}, cat_dog));
    const Merged merged = merge(dir, {"alice.json", "bob.json", "chen.json", "dana.json"}, "--mode consensus --fuse wbf");
    REQUIRE(merged.dataset["annotations"].size() == 1);
    const json& cat = merged.dataset["annotations"][0];
    const std::vector<double> expected{43.0 / 3.0, 11, 100, 100};
    for (std::size_t k = 0; k < 4; ++k) CHECK(cat["bbox"][k].get<double>() == doctest::Approx(expected[k]).epsilon(1e-12));
    CHECK(cat["score"].get<double>() == doctest::Approx(0.45).epsilon(1e-12));
    CHECK(cat["attributes"]["agreement"] == 0.75);
    // median and best give no score.
    CHECK_FALSE(merge(dir, {"alice.json", "bob.json", "chen.json", "dana.json"}, "--mode consensus --fuse median")
                    .dataset["annotations"][0]
                    .contains("score"));
}

TEST_CASE("merge consensus: quorum counts the annotators of the image, and agreement is the share of them") {
    TempDir dir;
    write_annotators(dir, {{{1, 10}}, {{1, 12}}, {}});  // chen has the image and drew nothing
    const Merged merged = merge(dir, three, "--mode consensus --quorum 60%");
    // 60% of 3 is 1.8: two members are enough.
    REQUIRE(merged.dataset["annotations"].size() == 1);
    CHECK_NEAR(merged.dataset["annotations"][0]["attributes"]["agreement"].get<double>(), 2.0 / 3.0, 1e-12);
    CHECK(merge(dir, three, "--mode consensus --quorum 3").dataset["annotations"].empty());
}

TEST_CASE("merge consensus: --class-agnostic groups across classes and takes the majority class") {
    TempDir dir;
    write_annotators(dir, {{{1, 10}}, {{1, 12}}, {{2, 14}}});
    const Merged agnostic = merge(dir, three, "--mode consensus --class-agnostic");
    REQUIRE(agnostic.dataset["annotations"].size() == 1);
    CHECK(agnostic.dataset["annotations"][0]["category_id"] == 1);
    CHECK(agnostic.report["split_votes"] == 1);
    CHECK(agnostic.report["per_image"][0]["split_votes"][0]["votes"] == json{{"cat", 2}, {"dog", 1}});
    // By class: the cats make a group of two (kept), chen's dog one of its own (below quorum).
    const Merged by_class = merge(dir, three, "--mode consensus");
    CHECK(by_class.dataset["annotations"].size() == 1);
    CHECK(by_class.report["below_quorum"] == 1);
    CHECK(by_class.report["split_votes"] == 0);
}

TEST_CASE("merge consensus: polygons are fused by a majority of pixels") {
    TempDir dir;
    const char* names[] = {"alice", "bob", "chen"};
    for (int a = 0; a < 3; ++a) {
        // Squares [a, a + 10] x [0, 10]: pairwise IoU >= 8/12.
        const std::string square = fmt::format(
            R"({{"id": 1, "image_id": 1, "category_id": 1, "bbox": [{}, 0, 10, 10], "area": 100, "iscrowd": 0, )"
            R"("segmentation": [[{}, 0, {}, 0, {}, 10, {}, 10]]}})", a, a, a + 10, a + 10, a);
        write_file(dir / (std::string(names[a]) + ".json"), coco_json({coco_image(1, "img.jpg", 64, 48)}, {square}, cat_dog));
    }
    const Merged merged = merge(dir, three, "--mode consensus");
    REQUIRE(merged.dataset["annotations"].size() == 1);
    const json& fused = merged.dataset["annotations"][0];
    // Columns covered by two or more squares: [1, 11). The majority region is 10 x 10.
    CHECK(fused["bbox"] == json::array({1, 0, 10, 10}));
    CHECK(fused["segmentation"].is_array());
    CHECK(fused["area"] == 100);  // pixels of the mask: a count
}

TEST_CASE("merge: wrong usage and unreadable inputs are errors with exit code 2 and no output") {
    TempDir dir;
    write_annotators(dir, {{{1, 10}}, {{1, 12}}});
    const std::string inputs = fmt::format("'{}' '{}'", (dir / "alice.json").string(), (dir / "bob.json").string());
    const auto output = dir / "out.json";
    for (const std::string& extra : {"--mode consensus --quorum 0", "--mode consensus --quorum 2.5",
                                     "--mode consensus --iou 0", "--names a,b", "--mode consensus --label-map x.yaml"}) {
        const CommandResult result = run_labelkit(fmt::format("merge {} -o '{}' --to coco {}", inputs, output.string(), extra));
        INFO(extra);
        CHECK(result.exit_code == 2);
        CHECK_FALSE(std::filesystem::exists(output));
    }
    write_file(dir / "broken.json", "{\"images\": [");
    const CommandResult broken = run_labelkit(fmt::format("merge {} '{}' -o '{}' --to coco", inputs, (dir / "broken.json").string(), output.string()));
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("broken.json") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(output));
}

TEST_CASE("merge consensus: members with the very same region keep it exactly" * needs_shared) {
    TempDir dir;
    const std::string source = corpus("datumaro/coco_dataset/coco_instances/annotations/instances_val.json").string();
    std::filesystem::copy_file(source, dir / "alice.json");
    std::filesystem::copy_file(source, dir / "bob.json");
    const Merged merged = merge(dir, {"alice.json", "bob.json"}, "--mode consensus");
    const json original = json::parse(read_file(source));
    REQUIRE(merged.dataset["annotations"].size() == original["annotations"].size());
    for (std::size_t i = 0; i < original["annotations"].size(); ++i) {
        INFO(i);
        CHECK(merged.dataset["annotations"][i]["segmentation"] == original["annotations"][i]["segmentation"]);
        CHECK(merged.dataset["annotations"][i]["bbox"] == original["annotations"][i]["bbox"]);
    }
}

TEST_CASE("merge union: shapes arrive whole whether the union is streamed to a .json or held for a folder") {
    // A folder output holds the union and compacts it at the end; compacting once moved each
    // annotation onto itself, which emptied every polygon and mask (exit 0, boxes only).
    TempDir dir;
    const auto examples = source_dir() / "examples/coco/annotations";
    std::map<std::string, json> expected;  // by file name and bbox: the segmentation as given
    std::size_t count = 0;
    for (const char* name : {"instances_train.json", "instances_val.json"}) {
        const json input = json::parse(read_file(examples / name));
        std::map<std::int64_t, std::string> files;
        for (const json& image : input["images"]) files[image["id"]] = image["file_name"];
        for (const json& a : input["annotations"]) {
            expected[fmt::format("{} {}", files[a["image_id"]], a["bbox"].get<std::vector<double>>())] = a["segmentation"];
            ++count;
        }
    }
    REQUIRE(count == 6);
    const auto train = (examples / "instances_train.json").string(), val = (examples / "instances_val.json").string();
    for (const std::string output : {"one.json", "folder"}) {
        CAPTURE(output);
        const CommandResult result =
            run_labelkit(fmt::format("merge '{}' '{}' -o '{}' --to coco", train, val, (dir / output).string()));
        REQUIRE(result.exit_code == 0);
        CHECK(result.err.find("box-not-shape") == std::string::npos);
        std::vector<json> files;
        if (output == "one.json") files.push_back(json::parse(read_file(dir / output)));
        else
            for (const char* name : {"instances_train.json", "instances_val.json"})
                files.push_back(json::parse(read_file(dir / output / "annotations" / name)));
        std::size_t seen = 0;
        for (const json& merged : files) {
            std::map<std::int64_t, std::string> names;
            for (const json& image : merged["images"]) names[image["id"]] = image["file_name"];
            for (const json& a : merged["annotations"]) {
                const std::string key = fmt::format("{} {}", names[a["image_id"]], a["bbox"].get<std::vector<double>>());
                REQUIRE(expected.contains(key));
                CHECK(a["segmentation"] == expected[key]);
                ++seen;
            }
        }
        CHECK(seen == count);
    }
}
