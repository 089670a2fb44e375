// labelkit agree on video (MOT, CVAT video): the tracks section (CLEAR MOT, IDF1) worked by hand
// in text, JSON (checked against the schema) and CSV; the box scorecard against the consensus;
// merge --mode consensus giving consensus tracks that follow the members' majority identity.
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

const std::string seqinfo = "[Sequence]\nname=walk\nimDir=img1\nframeRate=25\nseqLength=4\nimWidth=64\nimHeight=64\nimExt=.jpg\n";

// One annotator's MOT sequence "walk" (4 frames, 64 x 64) from gt.txt rows.
void mot_annotator(const fs::path& folder, const std::string& rows) {
    write_file(folder / "walk/gt/gt.txt", rows);
    write_file(folder / "walk/seqinfo.ini", seqinfo);
}


// MOT rows (1-based boxes: bb_left 11 is x = 10).
const std::string alice_rows =
    "1,1,11,11,10,10,1,1,1\n2,1,11,11,10,10,1,1,1\n3,1,11,11,10,10,1,1,1\n4,1,11,11,10,10,1,1,1\n"
    "1,2,41,41,10,10,1,1,1\n2,2,41,41,10,10,1,1,1\n";
// Bob calls alice's track 1 "5" in frames 1-2 and "6" in frames 3-4, and leaves out track 2 in frame 2.
const std::string bob_rows =
    "1,5,11,11,10,10,1,1,1\n2,5,11,11,10,10,1,1,1\n3,6,11,11,10,10,1,1,1\n4,6,11,11,10,10,1,1,1\n"
    "1,2,41,41,10,10,1,1,1\n";

}  // namespace

TEST_CASE("agree: MOT tracks of two annotators: CLEAR MOT and IDF1 by hand, both directions and the mean") {
    TempDir dir;
    mot_annotator(dir / "alice", alice_rows);
    mot_annotator(dir / "bob", bob_rows);
    const json report = agree_json(fmt::format("'{}' '{}'", (dir / "alice").string(), (dir / "bob").string()));
    const json& tracks = report["tracks"];
    CHECK(tracks["frames"] == 4);
    CHECK(tracks["sequences"] == 1);
    REQUIRE(tracks["pairs"].size() == 1);
    const json& pair = tracks["pairs"][0];
    // alice as reference: 6 objects; frame 2 misses track 2 (FN 1); frame 3 matches 1 with 6 after 5:
    // one ID switch. MOTA = 1 - (1 + 0 + 1) / 6 = 2/3. Boxes identical: MOTP 0.
    const json& a = pair["a_reference"];
    CHECK(a["reference"] == "alice");
    CHECK(a["objects"] == 6);
    CHECK(a["misses"] == 1);
    CHECK(a["false_positives"] == 0);
    CHECK(a["id_switches"] == 1);
    CHECK(a["fragmentations"] == 0);
    CHECK(a["mota"].get<double>() == doctest::Approx(2.0 / 3).epsilon(1e-12));
    CHECK(a["motp"] == 0.0);
    // IDF1: trajectories alice 1 (4 boxes), 2 (2); bob 5 (2), 6 (2), 2 (1). Best one-to-one: 1-5 (or
    // 1-6) 2 frames + 2-2 1 frame: IDTP 3, IDFN 6 - 3 = 3, IDFP 5 - 3 = 2: IDF1 = 6 / 11.
    CHECK(a["idtp"] == 3);
    CHECK(a["idf1"].get<double>() == doctest::Approx(6.0 / 11).epsilon(1e-12));
    // bob as reference: 5 objects; alice's track 2 in frame 2 is a false positive; bob's 6 was
    // never matched before, so no switch. MOTA = 1 - 1/5 = 0.8. IDF1 is symmetric.
    const json& b = pair["b_reference"];
    CHECK(b["false_positives"] == 1);
    CHECK(b["id_switches"] == 0);
    CHECK(b["mota"].get<double>() == doctest::Approx(0.8).epsilon(1e-12));
    CHECK(b["idf1"].get<double>() == doctest::Approx(6.0 / 11).epsilon(1e-12));
    // Mean of both: MOTA (2/3 + 0.8) / 2 = 11/15, 0.5 switches.
    CHECK(pair["mean"]["mota"].get<double>() == doctest::Approx(11.0 / 15).epsilon(1e-12));
    CHECK(pair["mean"]["id_switches"] == 0.5);

    const std::string files = fmt::format(" '{}' '{}'", (dir / "alice").string(), (dir / "bob").string());
    const CommandResult text = run_labelkit("agree" + files);
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Track agreement (4 frames in 1 sequence, IoU >= 0.5;") != std::string::npos);
    CHECK(text.out.find("  alice      bob             4    0.667   0.000      1      0   0.545       0       1\n") !=
          std::string::npos);
    const CommandResult csv = run_labelkit("agree --format csv" + files);
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("\ntracks,alice,bob,,4,,,,,,,,,,,alice,0.6666666666666667,0,1,0,0.5454545454545454,,,,,,\n") !=
          std::string::npos);
    CHECK(csv.out.find("\ntracks,alice,bob,,4,,,,,,,,,,,mean,0.7333333333333334,0,0.5,0,0.5454545454545454,,,,,,\n") !=
          std::string::npos);
}

TEST_CASE("agree: images that are not video frames have no tracks section") {
    TempDir dir;
    const std::string coco = coco_json({coco_image(1, "a.jpg", 64, 64)}, {coco_box(1, 1, 1, 10, 10, 10, 10)});
    write_file(dir / "alice.json", coco);
    write_file(dir / "bob.json", coco);
    const json report = agree_json(fmt::format("'{}' '{}'", (dir / "alice.json").string(), (dir / "bob.json").string()));
    CHECK(report["tracks"].is_null());
}

TEST_CASE("agree: CVAT video sample against an edited copy: a shifted box and a frame more" * needs_shared) {
    TempDir dir;
    const std::string sample = read_file(shared_dir() / "reference/platform-samples/cvat_video_xml/annotations.xml");
    // Track 0's box at frame 10 is (3,4)-(10,5); bob draws it from x = 4 (IoU 6/7) and keeps it
    // visible at frame 13 ((7,6)-(14,8)), where the sample marks it outside.
    std::string edited = sample;
    const std::string box10 = R"(xtl="3.00" ytl="4.00")";
    const std::string box13 = R"(<box frame="13" outside="1")";
    REQUIRE(edited.find(box10) != std::string::npos);
    REQUIRE(edited.find(box13) != std::string::npos);
    edited.replace(edited.find(box10), box10.size(), R"(xtl="4.00" ytl="4.00")");
    edited.replace(edited.find(box13), box13.size(), R"(<box frame="13" outside="0")");
    write_file(dir / "alice.xml", sample);
    write_file(dir / "bob.xml", edited);
    const json report = agree_json(fmt::format("'{}' '{}'", (dir / "alice.xml").string(), (dir / "bob.xml").string()));
    const json& pair = report["tracks"]["pairs"][0];
    CHECK(report["tracks"]["frames"] == 4);  // frames 10, 13, 16, 19 (step 3)
    // alice as reference: 1 object (frame 10), matched at IoU 6/7; bob's frame 13 box is a false
    // positive. MOTA = 1 - 1/1 = 0, MOTP = 1/7; IDTP 1, IDFP 1, IDFN 0: IDF1 = 2/3.
    CHECK(pair["a_reference"]["mota"].get<double>() == doctest::Approx(0.0));
    CHECK(pair["a_reference"]["motp"].get<double>() == doctest::Approx(1.0 / 7).epsilon(1e-12));
    CHECK(pair["a_reference"]["idf1"].get<double>() == doctest::Approx(2.0 / 3).epsilon(1e-12));
    // bob as reference: 2 objects, 1 missed (after the last tracked frame: no fragmentation): MOTA 0.5.
    CHECK(pair["b_reference"]["mota"].get<double>() == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(pair["b_reference"]["fragmentations"] == 0);
}

TEST_CASE("agree: the box scorecard against the consensus, worst first") {
    TempDir dir;
    const std::vector<std::string> image = {coco_image(1, "a.jpg", 100, 100)};
    // alice and bob draw the same two boxes; chen draws the first and a box nobody else drew.
    const std::string both = coco_json(image, {coco_box(1, 1, 1, 0, 0, 10, 10), coco_box(2, 1, 1, 50, 50, 10, 10)});
    write_file(dir / "alice.json", both);
    write_file(dir / "bob.json", both);
    write_file(dir / "chen.json", coco_json(image, {coco_box(1, 1, 1, 0, 0, 10, 10), coco_box(2, 1, 1, 80, 80, 10, 10)}));
    const std::string files = fmt::format("'{}' '{}' '{}'", (dir / "alice.json").string(), (dir / "bob.json").string(),
                                          (dir / "chen.json").string());
    const json report = agree_json(files);
    // Consensus (majority: 2 of 3): the box at 0,0 (all three) and the one at 50,50 (alice, bob);
    // chen's box at 80,80 is below the quorum. chen: 1 of 2 shapes matched, 1 of 2 consensus boxes
    // found: precision 0.5, recall 0.5, F1 0.5. alice and bob: 1, 1, 1 (ties in annotator order).
    const json& card = report["spatial"]["scorecard"];
    REQUIRE(card.size() == 3);
    CHECK(card[0]["annotator"] == "chen");
    CHECK(card[0]["precision"] == 0.5);
    CHECK(card[0]["recall"] == 0.5);
    CHECK(card[0]["f1"] == 0.5);
    CHECK(card[0]["mean_iou"] == 1.0);
    CHECK(card[0]["images"] == 1);
    CHECK(card[0]["shapes"] == 2);
    CHECK(card[0]["reference"] == "consensus");
    CHECK(card[1]["annotator"] == "alice");
    CHECK(card[2]["annotator"] == "bob");
    CHECK(card[1]["recall"] == 1.0);

    const CommandResult text = run_labelkit("agree " + files);
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("    chen            1       2      0.500   0.500   0.500     1.000\n") != std::string::npos);
    const CommandResult csv = run_labelkit("agree --format csv " + files);
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("\nspatial_scorecard,chen,consensus,*,1,1,1,1,0.5,1,,,,,,consensus,,,,,,0.5,0.5,,,,\n") != std::string::npos);
}

TEST_CASE("merge consensus on tracks: a consensus track follows the members' majority identity") {
    TempDir dir;
    // One object in 4 frames. alice and bob call it 1 throughout; chen calls it 5, then 6 from frame 3.
    // A second object (frames 1-2) all call 2, 2 and 9.
    std::string alice, bob, chen;
    for (int f = 1; f <= 4; ++f) {
        alice += fmt::format("{},1,11,11,10,10,1,1,1\n", f);
        bob += fmt::format("{},1,11,11,10,10,1,1,1\n", f);
        chen += fmt::format("{},{},11,11,10,10,1,1,1\n", f, f < 3 ? 5 : 6);
        if (f <= 2) {
            alice += fmt::format("{},2,41,41,10,10,1,1,1\n", f);
            bob += fmt::format("{},2,41,41,10,10,1,1,1\n", f);
            chen += fmt::format("{},9,41,41,10,10,1,1,1\n", f);
        }
    }
    mot_annotator(dir / "alice", alice);
    mot_annotator(dir / "bob", bob);
    mot_annotator(dir / "chen", chen);
    const CommandResult result = run_labelkit(fmt::format(
        "merge --mode consensus '{}' '{}' '{}' -o '{}' --to mot --report '{}'", (dir / "alice").string(),
        (dir / "bob").string(), (dir / "chen").string(), (dir / "out").string(), (dir / "report.json").string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    // Frame 1: both objects are new: consensus tracks 1 (object at 10,10) and 2 (at 40,40), in
    // group order. Frame 3: alice 1 and bob 1 vote for track 1, chen 6 (never seen) for a new
    // track: 2 to 1, track 1 goes on. So: track 1 in frames 1-4, track 2 in frames 1-2.
    CHECK(read_file(dir / "out/walk/gt/gt.txt") ==
          "1,1,11,11,10,10,1,1,1\n1,2,41,41,10,10,1,1,1\n2,1,11,11,10,10,1,1,1\n2,2,41,41,10,10,1,1,1\n"
          "3,1,11,11,10,10,1,1,1\n4,1,11,11,10,10,1,1,1\n");
    const json report = json::parse(read_file(dir / "report.json"));
    CHECK(schema_errors(source_dir() / "schemas/merge-report.schema.json", report).empty());
    CHECK(report["tracks"] == 2);
    CHECK(result.err.find("video: 2 consensus tracks") != std::string::npos);
}

// Was wrong: without seqinfo.ini a frame was an item only when gt.txt had a row on it, so a frame
// one annotator left empty was not compared: the miss vanished (3 frames, MOTA 1, IDF1 1). Now the
// sequence's frames are 1 to the last frame a row names, as with seqinfo's seqLength.
TEST_CASE("agree: MOT without seqinfo.ini: a frame one annotator left empty is a frame with no objects") {
    TempDir dir;
    write_file(dir / "f1/s/gt/gt.txt",
               "1,1,11,11,10,10,1,1,1\n2,1,11,11,10,10,1,1,1\n3,1,11,11,10,10,1,1,1\n4,1,11,11,10,10,1,1,1\n");
    write_file(dir / "f2/s/gt/gt.txt", "1,1,11,11,10,10,1,1,1\n2,1,11,11,10,10,1,1,1\n4,1,11,11,10,10,1,1,1\n");
    const json report = agree_json(fmt::format("'{}' '{}'", (dir / "f1").string(), (dir / "f2").string()));
    CHECK(report["tracks"]["frames"] == 4);
    const json& pair = report["tracks"]["pairs"][0];
    // f1 as reference (by hand, py-motmetrics' definitions; the same numbers labelkit gives with a
    // seqinfo.ini of seqLength=4): 4 objects, frame 3 missed: FN 1, MOTA 1 - 1/4 = 0.75;
    // tracked, tracked, missed, tracked: Frag 1. IDTP 3, IDFN 1, IDFP 0: IDF1 = 6/7.
    const json& a = pair["a_reference"];
    CHECK(a["objects"] == 4);
    CHECK(a["misses"] == 1);
    CHECK(a["fragmentations"] == 1);
    CHECK(a["mota"].get<double>() == doctest::Approx(0.75).epsilon(1e-12));
    CHECK(a["idf1"].get<double>() == doctest::Approx(6.0 / 7).epsilon(1e-12));
    // f2 as reference: 3 objects, f1's box on frame 3 a false positive: MOTA 1 - 1/3.
    const json& b = pair["b_reference"];
    CHECK(b["false_positives"] == 1);
    CHECK(b["mota"].get<double>() == doctest::Approx(2.0 / 3).epsilon(1e-12));
}

// Was wrong: without seqinfo.ini, a frame two of three annotators left empty was only the third's,
// and consensus kept its box. Now the frame is all three's, and 1 vote of 3 is below the quorum.
TEST_CASE("merge consensus on MOT without seqinfo.ini: a box one of three drew on a frame the others left empty is dropped") {
    TempDir dir;
    write_file(dir / "alice/s/gt/gt.txt", "1,1,11,11,10,10,1,1,1\n2,1,11,11,10,10,1,1,1\n3,1,11,11,10,10,1,1,1\n");
    write_file(dir / "bob/s/gt/gt.txt", "1,1,11,11,10,10,1,1,1\n3,1,11,11,10,10,1,1,1\n");
    write_file(dir / "chen/s/gt/gt.txt", "1,1,11,11,10,10,1,1,1\n3,1,11,11,10,10,1,1,1\n");
    const CommandResult result = run_labelkit(fmt::format("merge --mode consensus '{}' '{}' '{}' -o '{}' --to mot",
                                                          (dir / "alice").string(), (dir / "bob").string(),
                                                          (dir / "chen").string(), (dir / "out").string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(read_file(dir / "out/s/gt/gt.txt") == "1,1,11,11,10,10,1,1,1\n3,1,11,11,10,10,1,1,1\n");
}
