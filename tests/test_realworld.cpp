// The reproductions of ../shared/corpus/realworld/, each run as its README runs it, with what
// should happen instead checked. Expected numbers were worked out from the files themselves
// (python3 over the JSON and label files, noted where they are used).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "lint_fixtures.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::Finding;
using labelkit::test::LintOutcome;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path realworld(const std::string& name) { return corpus("realworld/" + name); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

json read_json(const fs::path& path) { return json::parse(read_file(path)); }

// Copies a corpus folder into a writable place (the corpus is read-only).
void copy_tree(const fs::path& from, const fs::path& to) {
    fs::copy(from, to, fs::copy_options::recursive);
    for (const auto& entry : fs::recursive_directory_iterator(to))
        fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
    fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);
}

}  // namespace

TEST_CASE("realworld voc-filename-tag-not-id: the image is JPEGImages/<id>.<ext>, a stale <filename> is reported" *
          needs_shared) {
    const fs::path input = realworld("voc-filename-tag-not-id");
    const LintOutcome lint = labelkit::test::lint(input);
    CHECK(count_rule(lint, "voc/filename-not-id") == 3);
    CHECK(count_rule(lint, "dataset/duplicate-file-name") == 0);
    CHECK(count_rule(lint, "geometry/box-outside-image") == 0);  // 000001's box fits its real 64x64 image
    const Finding* stale = find_rule(lint, "voc/filename-not-id");
    REQUIRE(stale);
    CHECK(contains(stale->where, "000001.xml:3:12"));
    CHECK(contains(stale->message, "<filename> is '000002.jpg' but this annotation file's id is '000001'"));
    CHECK(count_rule(lint, "voc/missing-size") == 1);  // 000001.xml says 0x0; an error, as the devkit needs it

    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "coco") + " --to coco");
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.err, "info: 3 annotation files name another image in <filename> than their id"));
    const json coco = read_json(out / "coco/annotations/instances_train.json");
    REQUIRE(coco["images"].size() == 3);
    CHECK(coco["images"][0]["file_name"] == "000001.jpg");
    CHECK(coco["images"][0]["width"] == 64);  // <size> 0x0: read from JPEGImages/000001.jpg
    CHECK(coco["images"][1]["file_name"] == "000002.jpg");
    CHECK(coco["images"][2]["file_name"] == "000003.jpg");
    // YOLO refused before: two records shared one label file.
    CHECK(run_labelkit("convert " + q(input) + " " + q(out / "yolo") + " --to yolo").exit_code == 0);
}

TEST_CASE("realworld voc-listed-id-without-xml-or-image: the broken list line is an error, never a 0x0 image" *
          needs_shared) {
    const fs::path input = realworld("voc-listed-id-without-xml-or-image");
    const LintOutcome lint = labelkit::test::lint(input);
    const Finding* listed = find_rule(lint, "voc/listed-id-not-found");
    REQUIRE(listed);
    CHECK(listed->severity == "error");
    CHECK(contains(listed->where, "ImageSets/Main/train.txt:2:1"));
    CHECK(contains(listed->message, "'001241000000'"));
    CHECK(count_rule(lint, "dataset/image-without-annotations") == 0);

    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "coco") + " --to coco");
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.err, "1 id listed in"));
    CHECK(contains(result.err, "'001241000000' (train.txt:2)"));
    const json coco = read_json(out / "coco/annotations/instances_train.json");
    REQUIRE(coco["images"].size() == 1);
    CHECK(coco["images"][0]["file_name"] == "000001.jpg");
    CHECK(coco["images"][0]["width"] != 0);
}

TEST_CASE("realworld voc-xml-folder-not-named-Annotations: a LabelImg folder of XMLs with images beside" *
          needs_shared) {
    const fs::path root = realworld("voc-xml-folder-not-named-Annotations");
    for (const fs::path& input : {root, root / "annots"}) {
        CAPTURE(input);
        const LintOutcome lint = labelkit::test::lint(input);
        CHECK(lint.exit_code == 0);
        CHECK(lint.findings.empty());
        TempDir out;
        const auto result = run_labelkit("convert " + q(input) + " " + q(out / "coco") + " --to coco");
        REQUIRE(result.exit_code == 0);
        CHECK(contains(result.err, "detected format: voc"));
        const json coco = read_json(out / "coco/annotations/instances_default.json");
        REQUIRE(coco["images"].size() == 2);
        CHECK(coco["images"][1]["file_name"] == "00002.jpg");
        CHECK(coco["images"][1]["width"] == 550);  // <size> of annots/00002.xml
        CHECK(coco["images"][1]["height"] == 309);
        REQUIRE(coco["annotations"].size() == 4);
        // 00002.xml's first object: xmin 156 ymin 114 xmax 240 ymax 309, 1-based and inclusive
        CHECK(coco["annotations"][2]["bbox"] == json::parse("[155, 113, 85, 196]"));
    }
}

TEST_CASE("realworld voc-inclusive-offset-vs-peers: the pixel convention is named, and edges can be asked for" *
          needs_shared) {
    const fs::path input = realworld("voc-inclusive-offset-vs-peers");
    TempDir out;
    const auto devkit = run_labelkit("convert " + q(input) + " " + q(out / "devkit") + " --to coco");
    REQUIRE(devkit.exit_code == 0);
    CHECK(contains(devkit.err, "VOC boxes read as the devkit numbers pixels, 1-based and inclusive"));
    // xmin 233 ymin 89 xmax 386 ymax 262 (the README's table)
    CHECK(read_json(out / "devkit/annotations/instances_default.json")["annotations"][0]["bbox"] ==
          json::parse("[232, 88, 154, 174]"));
    const auto edges =
        run_labelkit("convert " + q(input) + " " + q(out / "edges") + " --to coco --voc-coordinates edges");
    REQUIRE(edges.exit_code == 0);
    CHECK(read_json(out / "edges/annotations/instances_default.json")["annotations"][0]["bbox"] ==
          json::parse("[233, 89, 153, 173]"));  // globox's reading
}

TEST_CASE("realworld roboflow-darknet-export-refused: _darknet.labels and subset folders are read" * needs_shared) {
    const fs::path input = realworld("roboflow-darknet-export-refused");
    const LintOutcome lint = labelkit::test::lint(input);
    CHECK(lint.exit_code == 0);
    CHECK(lint.findings.empty());
    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "coco.json") + " --to coco");
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.err, "detected format: yolo-darknet (Roboflow Darknet export: _darknet.labels in train/, valid/)"));
    const json coco = read_json(out / "coco.json");
    CHECK(coco["images"].size() == 2);
    CHECK(coco["annotations"].size() == 15);  // 7 lines in train, 8 in valid
    CHECK(coco["categories"][0]["name"] == "Bulto");
    // train's first line: 0 0.203125 0.03365384615384615 0.40625 0.0673076923076923 on 416x416
    CHECK(coco["annotations"][0]["bbox"] == json::parse("[0, 0, 169, 28]"));
    CHECK(run_labelkit("lint " + q(input / "train") + " --fail-on warning").exit_code == 0);  // one subset alone
}

TEST_CASE("realworld roboflow-valid-subset-not-val: valid is data.yaml's val, the placeholder class is left out" *
          needs_shared) {
    const fs::path input = realworld("roboflow-valid-subset-not-val");
    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "yolo") + " --to yolo --images none");
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.err, "subset 'valid' is written as Ultralytics' 'val'"));
    CHECK(contains(result.err, "category 'pieces' (id 0) has no annotations"));
    const std::string yaml = read_file(out / "yolo/data.yaml");
    CHECK(contains(yaml, "\nval: images/valid\n"));
    CHECK(!contains(yaml, "\nvalid:"));
    CHECK(contains(yaml, "nc: 13\n"));
    CHECK(contains(yaml, "  0: \"bishop\"\n"));
    // train's first annotation is white-rook (category id 13): class 12 once 'pieces' is left out
    const json train = read_json(input / "train/_annotations.coco.json");
    REQUIRE(train["annotations"][0]["category_id"] == 13);
    const std::string labels = read_file(out / ("yolo/labels/train/" +
                                                fs::path(train["images"][0]["file_name"].get<std::string>())
                                                    .replace_extension(".txt")
                                                    .string()));
    CHECK(labels.rfind("12 ", 0) == 0);
    // Nor is the placeholder an unused category (bishop and black-bishop are: this excerpt has 3 images).
    const LintOutcome lint = labelkit::test::lint(input);
    CHECK(count_rule(lint, "dataset/unused-category") == 2);
    for (const Finding& finding : lint.findings) CHECK(!contains(finding.message, "'pieces'"));
}

TEST_CASE("realworld yolo-labels-without-images-silently-empty: label files without images are never dropped quietly" *
          needs_shared) {
    const fs::path input = realworld("yolo-labels-without-images-silently-empty");
    const LintOutcome lint = labelkit::test::lint(input);
    CHECK(count_rule(lint, "yolo/orphan-label") == 2);
    const Finding* orphan = find_rule(lint, "yolo/orphan-label");
    REQUIRE(orphan);
    CHECK(orphan->severity == "error");
    CHECK(contains(orphan->message, "37 objects"));  // 37 non-blank lines in the potato label file
    CHECK(run_labelkit("lint " + q(input)).exit_code == 1);

    TempDir out;
    const auto refused = run_labelkit("convert " + q(input) + " " + q(out / "coco") + " --to coco");
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "2 label files (38 objects) have no image"));
    CHECK(contains(refused.err, "--image-size W,H"));
    CHECK(!fs::exists(out / "coco"));
    const auto sized = run_labelkit("convert " + q(input) + " " + q(out / "coco") + " --to coco --image-size 640,480");
    REQUIRE(sized.exit_code == 0);
    const json coco = read_json(out / "coco/annotations/instances_train.json");
    CHECK(coco["images"].size() == 2);
    CHECK(coco["images"][0]["width"] == 640);
    CHECK(coco["annotations"].size() == 38);
}

TEST_CASE("realworld darknet-unlisted-image-called-orphan: an unlisted image is not an orphan; one finding for valid = train" *
          needs_shared) {
    const fs::path input = realworld("darknet-unlisted-image-called-orphan");
    const LintOutcome lint = labelkit::test::lint(input);
    CHECK(count_rule(lint, "yolo/orphan-label") == 0);
    const Finding* unlisted = find_rule(lint, "yolo/unlisted-image");
    REQUIRE(unlisted);
    CHECK(contains(unlisted->where, "img/IMG_20231212_165740.txt"));
    CHECK(contains(unlisted->message, "img/IMG_20231212_165740.jpg has labels but is in no subset list (train.txt)"));
    CHECK(count_rule(lint, "dataset/subset-leakage") == 0);
    CHECK(count_rule(lint, "dataset/identical-subsets") == 1);
    CHECK(run_labelkit("lint " + q(input)).exit_code == 0);  // warnings only
}

TEST_CASE("realworld merge-duplicates-missed-after-roundtrip: the same boxes after a YOLO round trip are kept once" *
          needs_shared) {
    TempDir work;
    const fs::path source = realworld("merge-duplicates-missed-after-roundtrip");
    copy_tree(source / "coco", work / "coco");
    copy_tree(source / "yolo", work / "yolo");
    // The corpus keeps the image link as a file holding its target; make it a link again.
    const fs::path image = work / "yolo/images/train/f1a24b6bb778ee11ba33687415aa84f2_jpg.rf.6e35192bbbb13f887540067e07d5d660.jpg";
    const std::string target = read_file(image);
    fs::remove(image);
    fs::create_symlink(target.substr(0, target.find_first_of("\r\n")), image);

    const auto merged = run_labelkit("merge " + q(work / "coco") + " " + q(work / "yolo") + " -o " + q(work / "m.json") +
                                     " --to coco --report " + q(work / "report.json"));
    REQUIRE(merged.exit_code == 0);
    CHECK(read_json(work / "m.json")["annotations"].size() == 14);
    CHECK(read_json(work / "report.json")["inputs"][1]["duplicates"] == 14);
    // Compared exactly, only the 7 boxes whose edges came back bit for bit are found (python3).
    const auto exact = run_labelkit("merge " + q(work / "coco") + " " + q(work / "yolo") + " -o " + q(work / "e.json") +
                                    " --to coco --duplicate-tolerance 0");
    REQUIRE(exact.exit_code == 0);
    CHECK(read_json(work / "e.json")["annotations"].size() == 21);
}

TEST_CASE("realworld cvat-coco-flat-images-folder: images in a flat images/ are found; bad boxes are counted" *
          needs_shared) {
    const fs::path input = realworld("cvat-coco-flat-images-folder");
    const LintOutcome lint = labelkit::test::lint(input, "--check-images");
    CHECK(count_rule(lint, "image/missing") == 0);
    // Of the 8 polygons, 3 boxes reach past the 640x480 image and none is its polygon's bounds
    // (python3 over annotations/instances_default.json).
    CHECK(count_rule(lint, "geometry/box-outside-image") == 3);
    CHECK(count_rule(lint, "geometry/box-shape-mismatch") == 8);
    TempDir out;
    const auto voc = run_labelkit("convert " + q(input) + " " + q(out / "voc") + " --to voc");
    REQUIRE(voc.exit_code == 0);
    CHECK(contains(voc.err, "3 boxes reach more than 1 px past their image"));
    CHECK(contains(voc.err, "8 objects have a box that differs from the bounds of their own polygon or mask"));
    CHECK(contains(voc.err, "voc writes the box, not the shape"));
    const auto yolo = run_labelkit("convert " + q(input) + " " + q(out / "yolo") + " --to yolo");
    REQUIRE(yolo.exit_code == 0);
    CHECK(contains(yolo.err, "yolo writes the shape, not the box"));
    CHECK(fs::is_symlink(out / "yolo/images/default/12Volt_041.jpg"));
}

TEST_CASE("realworld yolo-coco-yolo-images-not-found: --image-root looks in its subset folders too" * needs_shared) {
    const fs::path root = realworld("yolo-coco-yolo-images-not-found");
    TempDir out;
    REQUIRE(run_labelkit("convert " + q(root / "cfg/coco8-pose.yaml") + " " + q(out / "coco") + " --to coco").exit_code == 0);
    const auto unlinked = run_labelkit("convert " + q(out / "coco") + " " + q(out / "plain") + " --to yolo");
    CHECK(contains(unlinked.err, "2 of 2 image(s) could not be linked"));
    CHECK(contains(unlinked.err, "--image-root DIR says where the images are"));
    const auto relinked = run_labelkit("convert " + q(out / "coco") + " " + q(out / "yolo") + " --to yolo --image-root " +
                                       q(root / "datasets/coco8-pose"));
    REQUIRE(relinked.exit_code == 0);
    CHECK(!contains(relinked.err, "could not be linked"));
    CHECK(fs::is_symlink(out / "yolo/images/train/000000000009.jpg"));
    CHECK(fs::is_symlink(out / "yolo/images/val/000000000036.jpg"));
}

TEST_CASE("realworld yolo-webp-images-unreadable: WebP and TIFF headers, also WebP under a .jpg name" * needs_shared) {
    const fs::path input = realworld("yolo-webp-images-unreadable");
    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "coco.json") + " --to coco");
    REQUIRE(result.exit_code == 0);
    const json coco = read_json(out / "coco.json");
    REQUIRE(coco["images"].size() == 4);
    for (const json& image : coco["images"]) {  // every stand-in is 64x48 (file, and the VP8L and TIFF headers)
        CHECK(image["width"] == 64);
        CHECK(image["height"] == 48);
    }
}

TEST_CASE("realworld yolo-lfs-pointer-images: Git LFS pointers are named as such, once with their count" *
          needs_shared) {
    const fs::path input = realworld("yolo-lfs-pointer-images");
    const LintOutcome lint = labelkit::test::lint(input);
    REQUIRE(count_rule(lint, "yolo/unreadable-image") == 1);
    CHECK(contains(find_rule(lint, "yolo/unreadable-image")->message,
                   "2 images are Git LFS pointer files, not images"));
    CHECK(contains(find_rule(lint, "yolo/unreadable-image")->message, "git lfs pull"));
    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "coco") + " --to coco");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "2 images are Git LFS pointer files"));
}
