// labelkit split through the CLI: subsets written in each format, item counts by the ratios,
// groups kept together, k folds, reproducible seeds, stable hash assignments, the summary and
// its warnings, and errors.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

// `images` images video_<v>/frame_<f>.jpg (4 frames per video), a cat on each, a dog on
// every 5th, a bird on the first only.
std::string videos_coco(int images) {
    std::vector<std::string> image_list, annotations;
    for (int i = 1; i <= images; ++i) {
        image_list.push_back(coco_image(i, fmt::format("video_{}/frame_{}.jpg", (i - 1) / 4 + 1, (i - 1) % 4 + 1)));
        annotations.push_back(coco_box(static_cast<int>(annotations.size() + 1), i, 1, 10, 10, 20, 20));
        if (i % 5 == 0) annotations.push_back(coco_box(static_cast<int>(annotations.size() + 1), i, 2, 50, 50, 20, 20));
        if (i == 1) annotations.push_back(coco_box(static_cast<int>(annotations.size() + 1), i, 3, 90, 90, 20, 20));
    }
    return coco_json(image_list, annotations,
                     {R"({"id": 1, "name": "cat"})", R"({"id": 2, "name": "dog"})", R"({"id": 3, "name": "bird"})"});
}

// file_name -> subset, from a COCO output folder of instances_<subset>.json files.
std::map<std::string, std::string> subsets_of(const std::filesystem::path& coco_dir) {
    std::map<std::string, std::string> subset;
    for (const auto& entry : std::filesystem::directory_iterator(coco_dir / "annotations")) {
        const std::string name = entry.path().stem().string().substr(std::string("instances_").size());
        const json coco = json::parse(read_file(entry.path()));
        for (const json& image : coco["images"]) subset[image["file_name"]] = name;
    }
    return subset;
}

CommandResult split(const TempDir& dir, const std::string& input, const std::string& output, const std::string& extra) {
    return run_labelkit(fmt::format("split '{}' -o '{}' --to coco {}", (dir / input).string(), (dir / output).string(), extra));
}

std::map<std::string, int> counts(const std::map<std::string, std::string>& subsets) {
    std::map<std::string, int> n;
    for (const auto& [file, subset] : subsets) ++n[subset];
    return n;
}

}  // namespace

TEST_CASE("split: default ratios give 16/2/2 of 20 images, in every format, with a summary") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(20));
    const CommandResult result = split(dir, "in.json", "out", "--json");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(counts(subsets_of(dir / "out")) == std::map<std::string, int>{{"test", 2}, {"train", 16}, {"val", 2}});
    const json summary = json::parse(result.out);
    CHECK(summary["strategy"] == "stratified");
    CHECK(summary["subsets"][0]["name"] == "train");
    CHECK(summary["subsets"][0]["requested_ratio"] == 0.8);
    CHECK(summary["subsets"][0]["achieved_ratio"] == 0.8);
    CHECK(summary["subsets"][0]["items"] == 16);
    // The bird is on one image: two subsets lack it. The dog is on 4 images, against
    // targets of 3.2, 0.4 and 0.4: one of val and test lacks it. Each absence is a warning.
    CHECK(summary["absent"].size() == 3);
    std::size_t bird = 0;
    for (const json& absent : summary["absent"]) bird += absent["class"] == "bird";
    CHECK(bird == 2);
    CHECK(result.err.find("class 'bird' has no image in") != std::string::npos);
    CHECK(summary["subsets"][0]["classes"]["dog"]["items"] == 3);

    REQUIRE(run_labelkit(fmt::format("split '{}' -o '{}' --to yolo --images none", (dir / "in.json").string(), (dir / "yolo").string())).exit_code == 0);
    const std::string yaml = read_file(dir / "yolo/data.yaml");
    CHECK(yaml.find("train: images/train") != std::string::npos);
    CHECK(yaml.find("val: images/val") != std::string::npos);
    CHECK(yaml.find("test: images/test") != std::string::npos);
    REQUIRE(run_labelkit(fmt::format("split '{}' -o '{}' --to voc", (dir / "in.json").string(), (dir / "voc").string())).exit_code == 0);
    for (const char* subset : {"train", "val", "test"})
        CHECK(std::filesystem::exists(dir / "voc/ImageSets/Main" / (std::string(subset) + ".txt")));
}

TEST_CASE("split: --counts are exact and --names name the subsets") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(20));
    for (const char* strategy : {"random", "stratified"}) {
        const CommandResult result = split(dir, "in.json", strategy, fmt::format("--counts 12,8 --names fit,check --strategy {}", strategy));
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(counts(subsets_of(dir / strategy)) == std::map<std::string, int>{{"check", 8}, {"fit", 12}});
    }
}

TEST_CASE("split: --group-by keeps the frames of a video together, with every strategy") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(40));
    for (const char* strategy : {"random", "stratified", "hash"}) {
        const std::string out = std::string("out_") + strategy;
        const CommandResult result = split(dir, "in.json", out, fmt::format("--group-by '^(video_[0-9]+)/' --strategy {} --ratios 0.5,0.5 --names a,b", strategy));
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        std::map<std::string, std::set<std::string>> subsets_of_video;
        for (const auto& [file, subset] : subsets_of(dir / out)) subsets_of_video[file.substr(0, file.find('/'))].insert(subset);
        CHECK(subsets_of_video.size() == 10);
        for (const auto& [video, subsets] : subsets_of_video) {
            const std::string& video_name = video;  // clang 14: INFO cannot take a structured binding
            INFO(video_name);
            CHECK(subsets.size() == 1);
        }
    }
}

TEST_CASE("split: the same seed gives the same split; another seed another") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(40));
    REQUIRE(split(dir, "in.json", "one", "--strategy random --seed 5").exit_code == 0);
    REQUIRE(split(dir, "in.json", "two", "--strategy random --seed 5").exit_code == 0);
    REQUIRE(split(dir, "in.json", "three", "--strategy random --seed 6").exit_code == 0);
    CHECK(subsets_of(dir / "one") == subsets_of(dir / "two"));
    CHECK(subsets_of(dir / "one") != subsets_of(dir / "three"));

    // Numbers that mean nothing are refused, never read as something else (-1 as 2^64 - 1, 0 folds as none).
    for (const char* extra : {"--seed -1", "--seed 1.5", "--kfold 0", "--kfold 1"}) {
        CAPTURE(extra);
        const CommandResult refused = split(dir, "in.json", "four", extra);
        CHECK(refused.exit_code == 2);
        CHECK_FALSE(std::filesystem::exists(dir / "four"));
    }
}

TEST_CASE("split: hash never moves an image already assigned when images are added") {
    TempDir dir;
    write_file(dir / "small.json", videos_coco(40));
    write_file(dir / "large.json", videos_coco(60));
    REQUIRE(split(dir, "small.json", "small", "--strategy hash").exit_code == 0);
    REQUIRE(split(dir, "large.json", "large", "--strategy hash").exit_code == 0);
    const auto before = subsets_of(dir / "small");
    const auto after = subsets_of(dir / "large");
    CHECK(before.size() == 40);
    for (const auto& [file, subset] : before) {
        const std::string& file_name = file;  // clang 14: INFO cannot take a structured binding
        INFO(file_name);
        CHECK(after.at(file) == subset);
    }
}

TEST_CASE("split: --kfold writes k folds, each image in the val of exactly one") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(20));
    const CommandResult result = split(dir, "in.json", "folds", "--kfold 4 --group-by '^(video_[0-9]+)/'");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::map<std::string, int> val_count;
    for (int fold = 1; fold <= 4; ++fold) {
        const auto subsets = subsets_of(dir / "folds" / fmt::format("fold_{}", fold));
        CHECK(subsets.size() == 20);
        for (const auto& [file, subset] : subsets) val_count[file] += subset == "val";
    }
    for (const auto& [file, n] : val_count) {
        const std::string& file_name = file;  // clang 14: INFO cannot take a structured binding
        INFO(file_name);
        CHECK(n == 1);
    }
}

TEST_CASE("split: a subset left empty is a warning") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(4));
    // 4 x (0.8, 0.1, 0.1) = 3.2, 0.4, 0.4: floors 3, 0, 0, and the one image left goes to the
    // largest remainder, 0.4 of val (ties to the first): 3, 1, 0.
    const CommandResult result = split(dir, "in.json", "out", "");
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.find("subset 'test' has no image (of 4) [split/empty-subset]") != std::string::npos);
    CHECK(result.err.find("subset 'val' has no image") == std::string::npos);
}

TEST_CASE("split: wrong targets and outputs are errors with exit code 2 and no output") {
    TempDir dir;
    write_file(dir / "in.json", videos_coco(20));
    for (const std::string& extra : {"--ratios 0.5,0.4", "--ratios 0.8,0.3,-0.1", "--counts 10,5", "--ratios 0.5,0.5 --counts 10,10",
                                     "--ratios 0.5,0.5 --names a,b,c", "--strategy hash --counts 10,10", "--group-by '(['",
                                     "--kfold 1", "--kfold 21"}) {
        INFO(extra);
        const CommandResult result = split(dir, "in.json", "out", extra);
        CHECK(result.exit_code == 2);
        CHECK_FALSE(std::filesystem::exists(dir / "out"));
    }
    const CommandResult file = split(dir, "in.json", "out.json", "");
    CHECK(file.exit_code == 2);
    CHECK(file.err.find("give a directory") != std::string::npos);
}
