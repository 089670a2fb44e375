// labelkit split on video sources: the frames of one sequence stay in one subset by default
// (MOT sample, two sequences), the summary says so, and --group-by item or a pattern overrides it.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

// A MOT benchmark folder: sequences walk (8 frames) and run (4 frames), one box per frame.
void two_sequences(const TempDir& dir) {
    for (const auto& [name, frames] : std::map<std::string, int>{{"walk", 8}, {"run", 4}}) {
        std::string rows;
        for (int f = 1; f <= frames; ++f) rows += fmt::format("{},1,11,21,30,40,1,1,1\n", f);
        write_file(dir / "in" / name / "gt/gt.txt", rows);
        write_file(dir / "in" / name / "seqinfo.ini",
                   fmt::format("[Sequence]\nname={}\nimDir=img1\nframeRate=25\nseqLength={}\nimWidth=64\nimHeight=64\n"
                               "imExt=.jpg\n",
                               name, frames));
    }
}

// Sequence -> the subsets its frames went to, from a COCO output folder of instances_<subset>.json
// files (file names "<sequence>/img1/<frame>.jpg").
std::map<std::string, std::set<std::string>> subsets_by_sequence(const std::filesystem::path& out) {
    std::map<std::string, std::set<std::string>> found;
    for (const auto& entry : std::filesystem::directory_iterator(out / "annotations")) {
        const std::string subset = entry.path().stem().string().substr(std::string("instances_").size());
        const json coco = json::parse(read_file(entry.path()));
        for (const json& image : coco["images"]) {
            const std::string file = image["file_name"];
            found[file.substr(0, file.find('/'))].insert(subset);
        }
    }
    return found;
}

}  // namespace

TEST_CASE("split: frames of a video sequence stay together by default; the summary says so") {
    TempDir dir;
    two_sequences(dir);
    // Ratios 0.5/0.5 of 12 frames would ask for 6/6; the sequences are units of 8 and 4.
    const CommandResult result = run_labelkit(fmt::format("split '{}' -o '{}' --to coco --ratios 0.5,0.5 --names a,b "
                                                          "--strategy random --json",
                                                          (dir / "in").string(), (dir / "out").string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json summary = json::parse(result.out);
    CHECK(summary["group_by"] == "sequence");
    CHECK(summary["group_by_default"] == true);
    CHECK(summary["groups"] == 2);
    const auto found = subsets_by_sequence(dir / "out");
    REQUIRE(found.size() == 2);
    CHECK(found.at("walk").size() == 1);
    CHECK(found.at("run").size() == 1);
    std::multiset<std::size_t> sizes;
    for (const json& subset : summary["subsets"]) sizes.insert(subset["items"].get<std::size_t>());
    CHECK(sizes == std::multiset<std::size_t>{4, 8});

    const CommandResult text = run_labelkit(fmt::format("split '{}' -o '{}' --to coco --ratios 0.5,0.5 --names a,b",
                                                        (dir / "in").string(), (dir / "text").string()));
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.starts_with("frames of one video sequence kept together (2 sequences; --group-by item splits "
                               "frame by frame)\n"));
}

TEST_CASE("split: --group-by item splits a video frame by frame; a pattern groups as asked") {
    TempDir dir;
    two_sequences(dir);
    const CommandResult result = run_labelkit(fmt::format("split '{}' -o '{}' --to coco --ratios 0.5,0.5 --names a,b "
                                                          "--strategy random --group-by item --json",
                                                          (dir / "in").string(), (dir / "out").string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json summary = json::parse(result.out);
    CHECK(summary["group_by"] == "item");
    CHECK(summary["group_by_default"] == false);
    CHECK(summary["groups"] == 12);
    // 12 frames at 0.5/0.5 without groups: exactly 6 and 6.
    CHECK(summary["subsets"][0]["items"] == 6);
    CHECK(summary["subsets"][1]["items"] == 6);
    CHECK(result.out.find("kept together") == std::string::npos);
}

TEST_CASE("split: the MOT sample (one sequence of one frame) has fewer sequences than subsets: frames split, warned of" *
          needs_shared) {
    // One sequence cannot fill three subsets: grouping by sequence (the default) would leave two
    // empty, so frames are split one by one, with a split/frames-split warning. Its one frame goes to train.
    TempDir dir;
    const CommandResult result = run_labelkit(fmt::format(
        "split '{}' -o '{}' --to coco --json", (shared_dir() / "reference/platform-samples/mot").string(),
        (dir / "out").string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json summary = json::parse(result.out);
    CHECK(summary["group_by"] == nullptr);
    CHECK(summary["group_by_default"] == false);
    CHECK(summary["groups"] == 1);
    CHECK(summary["subsets"][0]["items"] == 1);
    CHECK(result.err.find("1 video sequence cannot fill 3 subsets: frames are split one by one") != std::string::npos);
    CHECK(result.err.find("[split/frames-split]") != std::string::npos);
}

TEST_CASE("split: a format without subsets (MOT) gets a folder per subset, and one per subset of each fold") {
    // Before, split --to mot wrote both sequences at the output's root: the split was lost (exit 0).
    TempDir dir;
    for (const auto& [name, frames] : {std::pair{"walk", 8}, std::pair{"run", 4}}) {
        std::string rows;
        for (int f = 1; f <= frames; ++f) rows += fmt::format("{},1,10,10,20,20,1,1,1\n", f);
        std::filesystem::create_directories(dir / "in" / name / "gt");
        write_file(dir / "in" / name / "gt/gt.txt", rows);
    }
    const CommandResult split = run_labelkit(fmt::format("split '{}' -o '{}' --to mot --ratios 0.7,0.3",
                                                         (dir / "in").string(), (dir / "out").string()));
    INFO(split.err);
    REQUIRE(split.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "out/train/walk/gt/gt.txt"));
    CHECK(std::filesystem::exists(dir / "out/val/run/gt/gt.txt"));
    CHECK_FALSE(std::filesystem::exists(dir / "out/walk"));
    const CommandResult folds = run_labelkit(fmt::format("split '{}' -o '{}' --to mot --kfold 2",
                                                         (dir / "in").string(), (dir / "folds").string()));
    INFO(folds.err);
    REQUIRE(folds.exit_code == 0);
    for (const char* fold : {"fold_1", "fold_2"}) {
        CAPTURE(fold);
        // Two sequences for two folds: each fold's val holds one sequence, its train the other.
        CHECK(std::filesystem::exists(dir / "folds" / fold / "train"));
        CHECK(std::filesystem::exists(dir / "folds" / fold / "val"));
    }
}
