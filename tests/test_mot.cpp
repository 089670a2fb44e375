// MOTChallenge ground truth: CVAT/Datumaro's sample read as worked out by hand, the 7-, 9- and
// 10-field layouts, conf 0 rows, hostile lines at file:line, round trips and a conversion to COCO.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using labelkit::Annotation;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::Error;
using labelkit::Format;
using labelkit::ReadOptions;
using nlohmann::json;
namespace lt = labelkit::test;

namespace {

const Format& mot() {
    return labelkit::test::format_named("mot");
}

fs::path sample(const std::string& name) { return lt::shared_dir() / "reference/platform-samples/mot" / name; }

Dataset read(const fs::path& path, DiagnosticSink& sink, ReadOptions options = {}) { return mot().read(path, options, sink); }

Dataset read(const fs::path& path) {
    DiagnosticSink sink;
    return read(path, sink);
}

const labelkit::Diagnostic* diagnostic_of(const DiagnosticSink& sink, const std::string& rule) {
    for (const auto& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) return &diagnostic;
    return nullptr;
}

const std::string seqinfo_640 =
    "[Sequence]\nname=walk\nimDir=img1\nframeRate=25\nseqLength=4\nimWidth=640\nimHeight=480\nimExt=.png\n";

}  // namespace

TEST_CASE("mot: CVAT's sample (Datumaro's mot_seq): 1-based box, class 3 is labels.txt's third line" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read(sample(""), sink);
    // seqinfo.ini: name=Test, imDir=img1, seqLength=1, 16 x 16, .jpg.
    REQUIRE(dataset.items.size() == 1);
    const labelkit::Item& item = dataset.items[0];
    CHECK(item.kind == labelkit::ItemKind::video_frame);
    CHECK(item.sequence == "Test");
    CHECK(item.frame == 1);
    CHECK(item.path == "Test/img1/000001.jpg");
    CHECK(item.width == 16);
    CHECK(item.height == 16);
    REQUIRE(dataset.categories.size() == 10);  // label_0 .. label_9
    // "1,-1,0,4,4,8,1,3,1.0": frame 1, no track (-1), bb_left 0, bb_top 4 (1-based: x = -1, y = 3),
    // 4 x 8, conf 1, class 3 = labels.txt line 3 = label_2 (Datumaro reads label 2 too), visibility 1.
    REQUIRE(dataset.annotations.size() == 1);
    const Annotation& box = dataset.annotations[0];
    CHECK(box.box == labelkit::Box{-1, 3, 4, 8});
    CHECK(dataset.categories[box.category].name == "label_2");
    CHECK(dataset.categories[box.category].id == 3);
    CHECK(box.track == labelkit::no_id);
    CHECK_FALSE(box.score.has_value());
    CHECK(box.attributes == json({{"visibility", 1.0}}));
    // x = -1 is outside the 16 x 16 frame: an info when converting.
    REQUIRE(diagnostic_of(sink, "mot/box-outside-image") != nullptr);
    CHECK(diagnostic_of(sink, "mot/box-outside-image")->severity == labelkit::Severity::info);
}

TEST_CASE("mot: CVAT's sample converted to COCO: the box by hand" * lt::needs_shared) {
    lt::TempDir dir;
    const auto result = lt::run_labelkit("convert " + lt::q(sample("")) + " " + lt::q(dir / "coco.json") + " --to coco");
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.find("detected format: mot") != std::string::npos);
    const json coco = json::parse(lt::read_file(dir / "coco.json"));
    // bb_left 0, bb_top 4 (1-based) -> COCO [-1, 3, 4, 8]; category label_2 keeps its id 3.
    CHECK(coco["annotations"][0]["bbox"] == json({-1, 3, 4, 8}));
    CHECK(coco["annotations"][0]["category_id"] == 3);
    CHECK(coco["images"][0]["file_name"] == "Test/img1/000001.jpg");
}

TEST_CASE("mot: a benchmark folder of sequences; seqLength frames, tracks, conf 0 left out with a count") {
    lt::TempDir dir;
    // Track 1 in frames 1 and 3; track 2 is an ignore region (conf 0) in frame 1; track 3 a car.
    lt::write_file(dir / "walk/gt/gt.txt",
                   "1,1,101,51,20,40,1,1,0.75\n3,1,111,51,20,40,1,1,1\n1,2,1,1,50,50,0,8,1\n1,3,301,201,80,40,1,3,0.5\n");
    lt::write_file(dir / "walk/seqinfo.ini", seqinfo_640);
    lt::write_file(dir / "run/gt/gt.txt", "2,7,1,1,10,10,1,1,1\n");
    DiagnosticSink sink;
    const Dataset dataset = read(dir.path(), sink);
    // run (no seqinfo: frames 1 to 2, its last row's; MOT17 classes) then walk (seqLength 4: frames 1 to 4).
    REQUIRE(dataset.items.size() == 6);
    CHECK(dataset.items[0].path == "run/img1/000001.jpg");
    CHECK(dataset.items[1].path == "run/img1/000002.jpg");
    CHECK(dataset.items[1].width == 0);
    CHECK(dataset.items[2].path == "walk/img1/000001.png");
    CHECK(dataset.items[5].frame == 4);
    CHECK(dataset.items[3].width == 640);
    REQUIRE(dataset.categories.size() == 12);
    CHECK(dataset.categories[2].name == "car");
    REQUIRE(dataset.annotations.size() == 4);  // the conf 0 row is left out
    const Annotation& first = dataset.annotations[1];
    CHECK(first.item == 2);
    CHECK(first.track == 1);
    CHECK(first.box == labelkit::Box{100, 50, 20, 40});
    CHECK(first.attributes["visibility"] == 0.75);
    CHECK(dataset.annotations[2].item == 4);  // frame 3
    CHECK(dataset.categories[dataset.annotations[3].category].name == "car");
    REQUIRE(diagnostic_of(sink, "mot/ignored-rows") != nullptr);
    CHECK(diagnostic_of(sink, "mot/ignored-rows")->message.starts_with("1 row with conf 0"));
}

TEST_CASE("mot: 7-field detections keep conf as a score; 10-field rows keep world coordinates that are given") {
    lt::TempDir dir;
    lt::write_file(dir / "det.txt", "1,-1,11,21,30,40,0.92\n");
    const Dataset detections = read(dir / "det.txt");
    REQUIRE(detections.annotations.size() == 1);
    CHECK(*detections.annotations[0].score == 0.92);
    CHECK(detections.categories[detections.annotations[0].category].name == "pedestrian");
    lt::write_file(dir / "gt.txt", "1,4,11,21,30,40,1,-1,-1,-1\n2,4,11,21,30,40,1,3.5,2,0\n");
    const Dataset mot15 = read(dir / "gt.txt");
    REQUIRE(mot15.annotations.size() == 2);
    CHECK(mot15.annotations[0].attributes.is_null());
    CHECK(mot15.annotations[1].attributes["world"] == json({3.5, 2, 0}));
    CHECK(mot15.items[0].sequence == dir.path().filename().string());  // a bare gt.txt: its folder's name
    DiagnosticSink sink;
    mot().write(mot15, dir / "out", {}, sink);
    REQUIRE(diagnostic_of(sink, "mot/lost-attributes") != nullptr);
    CHECK(diagnostic_of(sink, "mot/lost-attributes")->message.starts_with("1 annotation has attributes other than visibility"));
    // 10 fields are written as 9: conf 1, class 1, visibility 1.
    CHECK(lt::read_file(dir / "out" / mot15.items[0].sequence / "gt/gt.txt") == "1,4,11,21,30,40,1,1,1\n2,4,11,21,30,40,1,1,1\n");
}

TEST_CASE("mot: bad lines are errors at file:line (exit 2); lint reports them and reads on") {
    struct Case {
        std::string line;
        std::string rule;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"2,1,1,1,5,5,1,1", "mot/field-count", "8 fields"},
        {"2,1,1,1,5,five,1,1,1", "mot/not-a-number", "bb_height 'five' is not a number"},
        {"2,1.5,1,1,5,5,1,1,1", "mot/not-a-number", "id 1.5 is not an integer"},
        {"0,1,1,1,5,5,1,1,1", "mot/frame-range", "frame 0 is below 1"},
        {"2,1,1,1,5,5,1,13,1", "mot/unknown-class", "class 13 is not among the 12 classes"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        lt::TempDir dir;
        lt::write_file(dir / "s/gt/gt.txt", "1,1,1,1,5,5,1,1,1\n" + c.line + "\n");
        try {
            read(dir.path());
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.rule() == c.rule);
            CHECK(error.where().line == 2);
            CHECK(error.message().find(c.message) != std::string::npos);
        }
        ReadOptions lenient;
        lenient.lenient = true;
        DiagnosticSink sink;
        CHECK(read(dir.path(), sink, lenient).annotations.size() == 1);
        CHECK(diagnostic_of(sink, c.rule) != nullptr);
        const auto convert = lt::run_labelkit("convert " + lt::q(dir.path()) + " " + lt::q(dir / "out.json") + " --to coco");
        CHECK(convert.exit_code == 2);
        CHECK(convert.err.find("gt.txt:2") != std::string::npos);
        const auto lint = lt::run_labelkit("lint " + lt::q(dir.path()) + " --fail-on never");
        CHECK(lint.exit_code == 0);
        CHECK(lint.out.find(c.rule) != std::string::npos);
    }
}

TEST_CASE("mot: lint notes duplicate ids and tracks that are never visible, at their line") {
    lt::TempDir dir;
    lt::write_file(dir / "s/gt/gt.txt", "1,1,1,1,5,5,1,1,1\n1,1,9,9,5,5,1,1,1\n1,2,1,1,5,5,0,1,1\n2,2,1,1,5,5,0,1,1\n");
    ReadOptions lenient;
    lenient.lenient = true;
    DiagnosticSink sink;
    read(dir.path(), sink, lenient);
    REQUIRE(diagnostic_of(sink, "mot/duplicate-id") != nullptr);
    CHECK(diagnostic_of(sink, "mot/duplicate-id")->location.line == 2);
    CHECK(diagnostic_of(sink, "mot/duplicate-id")->message == "frame 1 has track 1 twice (first at line 1)");
    REQUIRE(diagnostic_of(sink, "mot/never-visible") != nullptr);
    CHECK(diagnostic_of(sink, "mot/never-visible")->location.line == 3);
    CHECK(diagnostic_of(sink, "mot/ignored-rows")->message.starts_with("2 rows with conf 0"));
}

TEST_CASE("mot: write -> read keeps frames, tracks, boxes, scores, visibility and classes; files by hand") {
    lt::TempDir dir;
    lt::write_file(dir / "in/walk/gt/gt.txt", "1,1,101,51,20,40,1,1,0.75\n3,1,111.5,51,20,40,0.5,2,1\n");
    lt::write_file(dir / "in/walk/gt/labels.txt", "person\ncar\n");
    lt::write_file(dir / "in/walk/seqinfo.ini", seqinfo_640);
    DiagnosticSink sink;
    const Dataset original = read(dir / "in", sink);
    mot().write(original, dir / "out", {}, sink);
    // Frame order, 1-based boxes back, conf = the score (1 when none), class = labels.txt line.
    CHECK(lt::read_file(dir / "out/walk/gt/gt.txt") == "1,1,101,51,20,40,1,1,0.75\n3,1,111.5,51,20,40,0.5,2,1\n");
    CHECK(lt::read_file(dir / "out/walk/gt/labels.txt") == "person\ncar\n");
    CHECK(lt::read_file(dir / "out/walk/seqinfo.ini") ==
          "[Sequence]\nname=walk\nimDir=img1\nframeRate=25\nseqLength=4\nimWidth=640\nimHeight=480\nimExt=.png\n");
    const Dataset back = read(dir / "out", sink);
    REQUIRE(back.items.size() == original.items.size());
    for (std::size_t i = 0; i < back.items.size(); ++i) {
        CHECK(back.items[i].path == original.items[i].path);
        CHECK(back.items[i].frame == original.items[i].frame);
    }
    REQUIRE(back.annotations.size() == 2);
    for (std::size_t a = 0; a < 2; ++a) {
        CHECK(back.annotations[a].box == original.annotations[a].box);
        CHECK(back.annotations[a].track == original.annotations[a].track);
        CHECK(back.annotations[a].score == original.annotations[a].score);
        CHECK(back.annotations[a].attributes == original.annotations[a].attributes);
        CHECK(back.annotations[a].category == original.annotations[a].category);
    }
}

TEST_CASE("mot: detection: gt.txt files and sequence folders, not YOLO labels nor other text") {
    lt::TempDir dir;
    lt::write_file(dir / "seq/gt/gt.txt", "1,1,1,1,5,5,1,1,1\n");
    lt::write_file(dir / "labels/a.txt", "0 0.5 0.5 0.1 0.1\n");
    lt::write_file(dir / "csv.txt", "a,b,c,d,e,f,g\n");
    CHECK(mot().detect(dir / "seq").score == 95);
    CHECK(mot().detect(dir.path()).score == 95);
    CHECK(mot().detect(dir / "seq/gt/gt.txt").score == 90);
    CHECK(mot().detect(dir / "labels/a.txt").score == 0);
    CHECK(mot().detect(dir / "csv.txt").score == 0);
    CHECK(mot().detect(dir / "labels").score == 0);
}

TEST_CASE("mot: a seqLength of a billion frames does not make a billion items") {
    lt::TempDir dir;
    lt::write_file(dir / "s/gt/gt.txt", "3,1,1,1,5,5,1,1,1\n");
    lt::write_file(dir / "s/seqinfo.ini", "[Sequence]\nname=s\nseqLength=999999999\n");
    CHECK_THROWS_WITH_AS(read(dir.path()), doctest::Contains("seqLength 999999999 is more than"), Error);
    ReadOptions lenient;
    lenient.lenient = true;
    DiagnosticSink sink;
    const Dataset dataset = read(dir.path(), sink, lenient);
    CHECK(dataset.items.size() == 1);  // frame 3, the one with a row
    CHECK(dataset.items[0].frame == 3);
    CHECK(diagnostic_of(sink, "mot/seqinfo") != nullptr);
}

// Was wrong: without seqinfo.ini only frames with rows were items, so a frame an annotator left
// empty was not a frame at all (agree and merge skipped it). Frames are 1 to the last row's frame.
TEST_CASE("mot: without seqinfo.ini the frames are 1 to the last frame a row names; a frame past a million only warns") {
    lt::TempDir dir;
    lt::write_file(dir / "s/gt/gt.txt", "5,1,1,1,5,5,1,1,1\n2,1,1,1,5,5,1,1,1\n");
    const Dataset dataset = read(dir / "s");
    REQUIRE(dataset.items.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) CHECK(dataset.items[i].frame == static_cast<std::int64_t>(i) + 1);
    CHECK(dataset.annotations.size() == 2);
    // A frame number past the million frames labelkit makes items of: only the frames with rows.
    lt::write_file(dir / "far/gt/gt.txt", "2,1,1,1,5,5,1,1,1\n999999999,1,1,1,5,5,1,1,1\n");
    DiagnosticSink sink;
    const Dataset far = read(dir / "far", sink);
    REQUIRE(far.items.size() == 2);
    CHECK(far.items[1].frame == 999999999);
    const labelkit::Diagnostic* warning = diagnostic_of(sink, "mot/frame-range");
    REQUIRE(warning != nullptr);
    CHECK(warning->message.find("frame 999999999 is past the 1000000 frames") != std::string::npos);
}
