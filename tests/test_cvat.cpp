// CVAT XML 1.1: the Datumaro samples (images: task and project exports; video: tracks) read as
// checked by hand, rotated boxes and masks on hand-made files, lint rules at their lines, hostile
// files, write -> read round trips and conversions to and from COCO through the CLI.
#include <doctest/doctest.h>

#include <filesystem>
#include <limits>
#include <string>

#include "formats/cvat/cvat_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "lint_rule_cases.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using labelkit::Annotation;
using labelkit::Box;
using labelkit::Dataset;
using labelkit::Diagnostic;
using labelkit::DiagnosticSink;
using labelkit::Error;
using labelkit::Format;
using labelkit::ItemKind;
using labelkit::OrientedBox;
using labelkit::PolygonSet;
using labelkit::ReadOptions;
using labelkit::RleMask;
using nlohmann::json;
namespace lt = labelkit::test;

namespace {

const Format& cvat() {
    return labelkit::test::format_named("cvat");
}

fs::path sample(const std::string& name) { return lt::shared_dir() / "reference" / "platform-samples" / name; }

Dataset read_cvat(const fs::path& path, DiagnosticSink& sink, bool lenient = false) {
    ReadOptions options;
    options.lenient = lenient;
    return cvat().read(path, options, sink);
}

Dataset read_cvat(const fs::path& path) {
    DiagnosticSink sink;
    return read_cvat(path, sink);
}

std::vector<Diagnostic> with_rule(const DiagnosticSink& sink, const std::string& rule) {
    std::vector<Diagnostic> found;
    for (const Diagnostic& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) found.push_back(diagnostic);
    return found;
}

// A CVAT for images file with one 40x30 image holding the given shapes; labels a and b declared.
std::string image_file(const std::string& shapes, const std::string& image_attributes = "width=\"40\" height=\"30\"") {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<annotations>\n"
           "  <version>1.1</version>\n"
           "  <meta><task><name>t</name><labels>\n"
           "    <label><name>a</name><attributes><attribute><name>n</name><input_type>number</input_type>"
           "<values>0\n10\n0.5</values></attribute></attributes></label>\n"
           "    <label><name>b</name></label>\n"
           "  </labels></task></meta>\n"
           "  <image id=\"7\" name=\"x.jpg\" " + image_attributes + ">\n" +  // line 10 (<values> spans 3 lines)
           shapes +                                                               // from line 11
           "  </image>\n"
           "</annotations>\n";
}

fs::path write_xml(const lt::TempDir& tmp, const std::string& name, const std::string& text) {
    const fs::path path = tmp / name;
    lt::write_file(path, text);
    return path;
}

void check_box(const Box& box, double x, double y, double width, double height) {
    CHECK(box.x == doctest::Approx(x).epsilon(1e-12));
    CHECK(box.y == doctest::Approx(y).epsilon(1e-12));
    CHECK(box.width == doctest::Approx(width).epsilon(1e-12));
    CHECK(box.height == doctest::Approx(height).epsilon(1e-12));
}

}  // namespace

// ---------------- the samples

TEST_CASE("cvat: the Datumaro task export train.xml, read as counted by hand" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_cvat(sample("cvat_images_xml/train.xml"), sink);
    // <meta> declares label1 (four attributes) and label2, in that order: ids 1 and 2.
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "label1");
    CHECK(dataset.categories[1].name == "label2");
    CHECK(dataset.categories[1].id == 2);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == "img0.jpg");
    CHECK(dataset.items[0].width == 8);
    CHECK(dataset.items[1].id == 1);
    CHECK(dataset.items[1].height == 10);
    CHECK(dataset.items[0].subset.empty());  // a task export without <subset>
    // img0: the box xtl 0, ytl 2, xbr 4, ybr 4 -> x 0, y 2, 4 wide, 2 high; its polyline has no
    // model kind. img1: the polygon has label="" (not read), the points have no model kind.
    REQUIRE(dataset.annotations.size() == 1);
    const Annotation& box = dataset.annotations[0];
    CHECK(box.category == 0);
    CHECK(box.box == Box{0, 2, 4, 2});
    CHECK(std::holds_alternative<std::monostate>(box.shape));
    CHECK(box.origin.position == 44);
    // Typed as <meta> declares them: a1 checkbox, a2 radio, a3 text (its leading zeros kept), a4 number.
    CHECK(box.attributes == json{{"occluded", true}, {"z_order", 1}, {"a1", true}, {"a2", "v3"}, {"a3", "0003"},
                                 {"a4", 2.4}});
    const auto not_read = with_rule(sink, "cvat/shape-not-read");
    REQUIRE(not_read.size() == 2);
    CHECK(not_read[0].message.starts_with("1 <points> not read"));
    CHECK(not_read[0].location.line == 54);
    CHECK(not_read[1].message.starts_with("1 <polyline> not read"));
    CHECK(not_read[1].location.line == 50);
    const auto no_label = with_rule(sink, "cvat/no-label");
    REQUIRE(no_label.size() == 1);
    CHECK(no_label[0].location.line == 53);
    CHECK(sink.diagnostics().size() == 3);
}

TEST_CASE("cvat: the Datumaro project export, subsets from each <image>" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_cvat(sample("cvat_images_xml/project_annotations.xml"), sink);
    // Three subsets of the same two images, in the order the images give them.
    CHECK(dataset.subsets == std::vector<std::string>{"Test", "Train", "Validation"});
    REQUIRE(dataset.items.size() == 6);
    CHECK(dataset.items[2].subset == "Train");
    CHECK(dataset.items[2].path == "img0.jpg");
    CHECK(dataset.items[2].extra == json{{"task_id", "39"}});
    // Per subset: img0's box and img1's polygon 1,2;3,4;6,5 (x 1..6, y 2..5).
    REQUIRE(dataset.annotations.size() == 6);
    const Annotation& polygon = dataset.annotations[1];
    CHECK(polygon.item == 1);
    CHECK(polygon.box == Box{1, 2, 5, 3});
    CHECK(std::get<PolygonSet>(polygon.shape).rings ==
          std::vector<std::vector<labelkit::Point>>{{{1, 2}, {3, 4}, {6, 5}}});
    CHECK(polygon.attributes == json{{"z_order", 1}});
    const auto not_read = with_rule(sink, "cvat/shape-not-read");
    REQUIRE(not_read.size() == 2);
    CHECK(not_read[0].message.starts_with("3 <points>"));
    CHECK(not_read[1].message.starts_with("3 <polyline>"));
}

TEST_CASE("cvat: the Datumaro video export, frames and tracks" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_cvat(sample("cvat_video_xml/annotations.xml"), sink);
    // start_frame 10, stop_frame 19, step=3: the task's frames are 10, 13, 16 and 19, of t.mp4,
    // each 25x20 (<original_size>).
    REQUIRE(dataset.items.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(dataset.items[i].kind == ItemKind::video_frame);
        CHECK(dataset.items[i].sequence == "t.mp4");
        CHECK(dataset.items[i].frame == 10 + 3 * static_cast<std::int64_t>(i));
        CHECK(dataset.items[i].width == 25);
        CHECK(dataset.items[i].height == 20);
    }
    CHECK(dataset.items[1].path == "t.mp4/000013");
    REQUIRE(dataset.categories.size() == 3);
    CHECK(dataset.categories[1].name == "z U k");
    // Track 0 (II) is visible at frame 10 only (13 and 16 are outside="1"); track 1's points
    // (frame 10) and track 2's polyline (frame 13) have no model kind.
    REQUIRE(dataset.annotations.size() == 1);
    const Annotation& box = dataset.annotations[0];
    CHECK(box.item == 0);
    CHECK(box.track == 0);
    CHECK(box.category == 2);
    CHECK(box.box == Box{3, 4, 7, 1});
    CHECK(box.attributes == json{{"keyframe", true}, {"occluded", true}});
    const auto outside = with_rule(sink, "cvat/outside-shapes");
    REQUIRE(outside.size() == 1);
    CHECK(outside[0].message.starts_with("4 track shapes"));  // 2 of track 0, 1 of track 1, 1 of track 2
    CHECK(outside[0].location.line == 73);
    CHECK(with_rule(sink, "cvat/shape-not-read").size() == 2);
    CHECK(with_rule(sink, "cvat/never-visible").empty());
    CHECK(with_rule(sink, "cvat/frame-out-of-range").empty());
}

TEST_CASE("cvat: the samples are detected as cvat, and nothing else claims them" * lt::needs_shared) {
    const std::vector<Format> formats = labelkit::all_formats();
    for (const char* name : {"cvat_images_xml/train.xml", "cvat_images_xml/project_annotations.xml",
                             "cvat_video_xml/annotations.xml"}) {
        const labelkit::DetectionResult result = labelkit::detect_format(formats, sample(name));
        REQUIRE(result.format);
        CHECK(result.format->name == "cvat");
    }
    // A VOC folder is not CVAT's, nor is a VOC annotation file.
    CHECK(cvat().detect(lt::corpus("datumaro/voc_dataset/voc_dataset1")).score == 0);
    CHECK(cvat().detect(lt::corpus("datumaro/voc_dataset/voc_dataset1/Annotations/2007_000001.xml")).score == 0);
}

// ---------------- geometry on hand-made files

TEST_CASE("cvat: a rotated box turns clockwise about its centre") {
    lt::TempDir tmp;
    // 10..30 x 20..30 turned 90 degrees about (20, 25): the top-left corner (10, 20), 10 left of
    // and 5 above the centre, goes to (20 + 5, 25 - 10) = (25, 15); the others to (25, 35),
    // (15, 35), (15, 15). Its bounds: x 15..25, y 15..35.
    const fs::path file = write_xml(tmp, "r.xml",
        image_file("    <box label=\"a\" xtl=\"10\" ytl=\"20\" xbr=\"30\" ybr=\"30\" rotation=\"90\" occluded=\"0\"/>\n"));
    const Dataset dataset = read_cvat(file);
    REQUIRE(dataset.annotations.size() == 1);
    const auto& corners = std::get<OrientedBox>(dataset.annotations[0].shape).corners;
    REQUIRE(corners.size() == 4);
    const double expected[4][2] = {{25, 15}, {25, 35}, {15, 35}, {15, 15}};
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(corners[i].x == doctest::Approx(expected[i][0]).epsilon(1e-12));
        CHECK(corners[i].y == doctest::Approx(expected[i][1]).epsilon(1e-12));
    }
    check_box(dataset.annotations[0].box, 15, 15, 10, 20);
    // Back: the unrotated box and 90 degrees.
    const auto rotated = labelkit::cvat::unrotate(std::get<OrientedBox>(dataset.annotations[0].shape));
    check_box(rotated.box, 10, 20, 20, 10);
    CHECK(rotated.degrees == doctest::Approx(90).epsilon(1e-12));
}

TEST_CASE("cvat: a mask's row-major runs over its box become the image's column-major runs") {
    lt::TempDir tmp;
    // A 4x3 image. The mask's box: left 1, top 0, 2x2; runs 1, 2, 1 give row-major 0 1 / 1 0, so
    // pixels (row 0, column 2) and (row 1, column 1) are set. Column-major over the image (3 rows):
    // column 0: 000, column 1: 010, column 2: 100, column 3: 000 -> runs 4, 1, 1, 1, 5.
    const fs::path file = write_xml(tmp, "m.xml",
        image_file("    <mask label=\"b\" rle=\"1, 2, 1\" left=\"1\" top=\"0\" width=\"2\" height=\"2\" z_order=\"0\"/>\n",
                   "width=\"4\" height=\"3\""));
    const Dataset dataset = read_cvat(file);
    REQUIRE(dataset.annotations.size() == 1);
    const auto& mask = std::get<RleMask>(dataset.annotations[0].shape);
    CHECK(mask.width == 4);
    CHECK(mask.height == 3);
    CHECK(mask.counts == std::vector<std::uint32_t>{4, 1, 1, 1, 5});
    CHECK(dataset.annotations[0].box == Box{1, 0, 2, 2});
    // And back to CVAT's runs over the box of its pixels.
    const auto encoded = labelkit::cvat::encode_mask(mask);
    REQUIRE(encoded);
    CHECK(encoded->counts == std::vector<std::uint32_t>{1, 2, 1});
    CHECK(encoded->left == 1);
    CHECK(encoded->top == 0);
    CHECK(encoded->width == 2);
    CHECK(encoded->height == 2);
}

TEST_CASE("cvat: tags are whole-image labels, with their attributes") {
    lt::TempDir tmp;
    const fs::path file = write_xml(tmp, "t.xml",
        image_file("    <tag label=\"b\" source=\"manual\"><attribute name=\"q\">good</attribute></tag>\n"));
    const Dataset dataset = read_cvat(file);
    CHECK(dataset.annotations.empty());
    REQUIRE(dataset.labels.size() == 1);
    CHECK(dataset.labels[0].item == 0);
    CHECK(dataset.labels[0].category == 1);
    CHECK(dataset.labels[0].annotator == labelkit::no_index);
    CHECK(dataset.labels[0].attributes == json{{"q", "good"}, {"source", "manual"}});
}

// ---------------- lint rules and hostile files

TEST_CASE("cvat: bad values are errors at their line; lint reads on and reports each") {
    lt::TempDir tmp;
    const std::string shapes =
        "    <box label=\"a\" xtl=\"abc\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>\n"          // 11: bad number
        "    <polygon label=\"a\" points=\"1,2;3\"/>\n"                               // 12: bad points
        "    <mask label=\"a\" rle=\"1, 2\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/>\n"  // 13: 3 != 4
        "    <box label=\"zebra\" xtl=\"1\" ytl=\"1\" xbr=\"2\" ybr=\"2\"/>\n"         // 14: undeclared
        "    <box label=\"b\" xtl=\"-5\" ytl=\"1\" xbr=\"2\" ybr=\"2\"/>\n"            // 15: leaves the image (kept)
        "    <box label=\"b\" xtl=\"5\" ytl=\"1\" xbr=\"2\" ybr=\"2\"/>\n"             // 16: inverted
        "    <cube label=\"b\"><x><y/></x></cube>\n";                               // 17: unknown
    const fs::path file = write_xml(tmp, "bad.xml", image_file(shapes));

    try {
        read_cvat(file);
        FAIL("expected an error");
    } catch (const Error& error) {
        CHECK(error.rule() == "cvat/bad-number");
        CHECK(error.where().line == 11);
        CHECK(error.message() == "<box> xtl is 'abc', expected a number");
    }

    DiagnosticSink sink;
    const Dataset dataset = read_cvat(file, sink, true);
    const auto line_of = [&](const std::string& rule) {
        const auto found = with_rule(sink, rule);
        return found.size() == 1 ? found[0].location.line : 0u;
    };
    CHECK(with_rule(sink, "cvat/bad-number").size() == 2);
    CHECK(with_rule(sink, "cvat/bad-number")[1].location.line == 16);
    CHECK(line_of("cvat/bad-points") == 12);
    CHECK(line_of("cvat/mask-size") == 13);
    CHECK(with_rule(sink, "cvat/mask-size")[0].message ==
          "the rle counts add up to 3 pixels, but the mask box is 2x2 = 4");
    CHECK(line_of("cvat/undeclared-label") == 14);
    // (A shape leaving its image is reported by lint's geometry/box-outside-image, as in every
    // format: see the CLI test.)
    CHECK(line_of("cvat/unknown-element") == 17);
    // The undeclared label's box and the box that leaves the image are kept.
    CHECK(dataset.annotations.size() == 2);
    CHECK(dataset.categories.size() == 3);
    CHECK(dataset.categories[2].name == "zebra");
}

TEST_CASE("cvat: video lint: a track never visible, frames off the task's range") {
    lt::TempDir tmp;
    const fs::path file = write_xml(tmp, "v.xml",
        "<annotations><version>1.1</version>\n"
        "<meta><task><name>walk</name><start_frame>0</start_frame><stop_frame>8</stop_frame>\n"
        "<frame_filter>step=2</frame_filter><labels><label><name>p</name></label></labels></task></meta>\n"
        "<track id=\"4\" label=\"p\">\n"                                                            // 4
        "  <box frame=\"0\" outside=\"1\" keyframe=\"1\" xtl=\"0\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>\n"
        "</track>\n"
        "<track id=\"5\" label=\"p\" group_id=\"3\">\n"
        "  <box frame=\"3\" outside=\"0\" keyframe=\"0\" xtl=\"0\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>\n"  // 8: off step
        "  <box frame=\"10\" outside=\"0\" keyframe=\"1\" xtl=\"0\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>\n" // 9: after stop
        "  <box frame=\"4\" outside=\"0\" keyframe=\"1\" xtl=\"0\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>\n"
        "</track>\n"
        "</annotations>\n");
    DiagnosticSink sink;
    const Dataset dataset = read_cvat(file, sink, true);
    const auto never = with_rule(sink, "cvat/never-visible");
    REQUIRE(never.size() == 1);
    CHECK(never[0].location.line == 4);
    const auto off = with_rule(sink, "cvat/frame-out-of-range");
    REQUIRE(off.size() == 2);
    CHECK(off[0].location.line == 8);
    CHECK(off[1].location.line == 9);
    // Frames 0, 2, 4, 6, 8 of the task, then 3 and 10 that track 5 adds, in frame order; the
    // sequence is the task's name (no <source>).
    REQUIRE(dataset.items.size() == 7);
    std::vector<std::int64_t> frames;
    for (const auto& item : dataset.items) frames.push_back(item.frame);
    CHECK(frames == std::vector<std::int64_t>{0, 2, 3, 4, 6, 8, 10});
    CHECK(dataset.items[0].path == "walk/000000");
    REQUIRE(dataset.annotations.size() == 3);
    CHECK(dataset.items[dataset.annotations[0].item].frame == 3);
    CHECK(dataset.annotations[0].track == 5);
    CHECK(dataset.annotations[0].attributes == json{{"group_id", 3}, {"keyframe", false}});
    CHECK(dataset.items[dataset.annotations[2].item].frame == 10);
}

TEST_CASE("cvat: a video task's frame tags label their frames") {
    lt::TempDir tmp;
    const Dataset dataset = read_cvat(write_xml(tmp, "tags.xml",
        "<annotations><version>1.1</version><meta><task><name>clip</name><start_frame>0</start_frame>"
        "<stop_frame>4</stop_frame><labels><label><name>rain</name></label></labels></task></meta>\n"
        "<tag frame=\"2\" label=\"rain\" source=\"manual\"/>\n</annotations>\n"));
    // Frames 0 to 4 of the task (step 1), the tag on frame 2, the third item.
    REQUIRE(dataset.items.size() == 5);
    REQUIRE(dataset.labels.size() == 1);
    CHECK(dataset.labels[0].item == 2);
    CHECK(dataset.items[2].frame == 2);
    CHECK(dataset.items[2].path == "clip/000002");
    CHECK(dataset.labels[0].category == 0);
    CHECK(dataset.labels[0].origin.position == 2);
}

TEST_CASE("cvat: hostile files: malformed XML, another root, deep nesting, huge numbers") {
    lt::TempDir tmp;
    const fs::path broken = write_xml(tmp, "broken.xml", "<annotations>\n<image name=\"a\">\n</annotations>\n");
    try {
        read_cvat(broken);
        FAIL("expected an error");
    } catch (const Error& error) {
        CHECK(error.rule() == "cvat/xml-syntax");
        CHECK(error.where().line == 3);
    }
    const fs::path voc = write_xml(tmp, "voc.xml", "<annotation><filename>a.jpg</filename></annotation>\n");
    CHECK_THROWS_WITH_AS(read_cvat(voc), doctest::Contains("expected CVAT's <annotations>"), Error);
    CHECK(cvat().detect(voc).score == 0);

    // 100000 nested elements inside an image: one unknown element, no stack overflow.
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<n>";
    for (int i = 0; i < 100000; ++i) deep += "</n>";
    DiagnosticSink sink;
    const Dataset dataset = read_cvat(write_xml(tmp, "deep.xml", image_file(deep + "\n")), sink, true);
    CHECK(dataset.items.size() == 1);
    CHECK(with_rule(sink, "cvat/unknown-element").size() == 1);

    // An image side beyond 2^30 and a mask box too big for its image are errors, nothing allocated.
    CHECK_THROWS_WITH_AS(read_cvat(write_xml(tmp, "wide.xml", image_file("", "width=\"99999999999\" height=\"3\""))),
                         doctest::Contains("expected a number of pixels"), Error);
    CHECK_THROWS_WITH_AS(
        read_cvat(write_xml(tmp, "bigmask.xml",
                            image_file("<mask label=\"a\" rle=\"4294967295\" left=\"0\" top=\"0\" width=\"65536\" "
                                       "height=\"65536\"/>\n"))),
        doctest::Contains("leaves the 40x30 image"), Error);
    // Frame numbers at the ends of int64: reported, no overflow.
    DiagnosticSink extreme_sink;
    const Dataset extreme = read_cvat(
        write_xml(tmp, "extreme.xml",
                  "<annotations><meta><task><start_frame>5</start_frame><stop_frame>9223372036854775807</stop_frame>"
                  "<frame_filter>step=4611686018427387904</frame_filter></task></meta><track id=\"1\" label=\"p\">"
                  "<box frame=\"-9223372036854775808\" outside=\"0\" xtl=\"0\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>"
                  "</track></annotations>"),
        extreme_sink);
    // Frames 5 and 5 + 2^62 of the task, and the one written, before them.
    CHECK(extreme.items.size() == 3);
    CHECK(extreme.items[0].frame == std::numeric_limits<std::int64_t>::min());
    CHECK(with_rule(extreme_sink, "cvat/frame-out-of-range").size() == 1);
    // A task of 10^12 frames: items only for the frames that have shapes.
    DiagnosticSink frames_sink;
    const Dataset long_task = read_cvat(
        write_xml(tmp, "long.xml",
                  "<annotations><meta><task><start_frame>0</start_frame><stop_frame>1000000000000</stop_frame>"
                  "</task></meta><track id=\"1\" label=\"p\"><box frame=\"5\" outside=\"0\" xtl=\"0\" ytl=\"0\" "
                  "xbr=\"1\" ybr=\"1\"/></track></annotations>"),
        frames_sink);
    CHECK(long_task.items.size() == 1);
    CHECK(with_rule(frames_sink, "cvat/frame-range").size() == 1);
}

// ---------------- writing

TEST_CASE("cvat: write -> read keeps boxes, rotated boxes, polygons, masks, tags and attributes") {
    lt::TempDir tmp;
    const std::string shapes =
        "    <box label=\"a\" source=\"manual\" occluded=\"1\" xtl=\"1.5\" ytl=\"2\" xbr=\"3.25\" ybr=\"4\" z_order=\"2\" "
        "group_id=\"9\"><attribute name=\"n\">2.5</attribute></box>\n"
        "    <box label=\"a\" xtl=\"10\" ytl=\"20\" xbr=\"30\" ybr=\"30\" rotation=\"30\"/>\n"
        "    <polygon label=\"b\" points=\"1,1;5,1;5,6\"><attribute name=\"n\">text</attribute></polygon>\n"
        "    <mask label=\"b\" rle=\"1, 2, 1\" left=\"1\" top=\"0\" width=\"2\" height=\"2\"/>\n"
        "    <tag label=\"a\"/>\n";
    const Dataset original = read_cvat(write_xml(tmp, "in.xml", image_file(shapes)));
    REQUIRE(original.annotations.size() == 4);
    DiagnosticSink sink;
    cvat().write(original, tmp / "out.xml", {}, sink);
    CHECK(sink.diagnostics().empty());
    const Dataset again = read_cvat(tmp / "out.xml");
    REQUIRE(again.annotations.size() == original.annotations.size());
    CHECK(again.categories.size() == 2);
    CHECK(again.items[0].path == "x.jpg");
    CHECK(again.items[0].id == 7);
    CHECK(again.items[0].width == 40);
    for (std::size_t i = 0; i < again.annotations.size(); ++i) {
        CAPTURE(i);
        CHECK(again.annotations[i].category == original.annotations[i].category);
        CHECK(again.annotations[i].attributes == original.annotations[i].attributes);
        CHECK(again.annotations[i].shape.index() == original.annotations[i].shape.index());
    }
    CHECK(again.annotations[0].box == Box{1.5, 2, 1.75, 2});
    CHECK(again.annotations[0].attributes ==
          json{{"source", "manual"}, {"occluded", true}, {"z_order", 2}, {"group_id", 9}, {"n", 2.5}});
    // The rotated box: 30 degrees back from the corners, within rounding of cos/sin.
    const auto& corners = std::get<OrientedBox>(again.annotations[1].shape).corners;
    const auto& expected = std::get<OrientedBox>(original.annotations[1].shape).corners;
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(corners[i].x == doctest::Approx(expected[i].x).epsilon(1e-12));
        CHECK(corners[i].y == doctest::Approx(expected[i].y).epsilon(1e-12));
    }
    CHECK(std::get<PolygonSet>(again.annotations[2].shape) == std::get<PolygonSet>(original.annotations[2].shape));
    // "text" is not a number: the attribute n of b is declared as text, so it reads back as text.
    CHECK(again.annotations[2].attributes == json{{"n", "text"}});
    CHECK(std::get<RleMask>(again.annotations[3].shape) == std::get<RleMask>(original.annotations[3].shape));
    REQUIRE(again.labels.size() == 1);
    CHECK(again.labels[0].category == 0);
}

TEST_CASE("cvat: the writer declares each label's attributes from the values its shapes hold") {
    Dataset dataset;
    dataset.categories = {{1, "car", {}, {}, {}}};
    dataset.items.push_back({});
    dataset.items[0].path = "a.jpg";
    dataset.items[0].width = 10;
    dataset.items[0].height = 10;
    for (const json& attributes : {json{{"speed", 2.25}, {"parked", true}, {"colour", "red"}},
                                   json{{"speed", 10}, {"parked", false}, {"colour", 3}}}) {
        Annotation annotation;
        annotation.box = {1, 1, 2, 2};
        annotation.attributes = attributes;
        dataset.annotations.push_back(annotation);
    }
    lt::TempDir tmp;
    DiagnosticSink sink;
    cvat().write(dataset, tmp / "a.xml", {}, sink);
    const std::string text = lt::read_file(tmp / "a.xml");
    // speed: from 2.25 to 10 in steps of 0.01 (two decimals at most); parked: a checkbox;
    // colour: a text (one value is not a number).
    CHECK(text.find("<values>2.25\n10\n0.01</values>") != std::string::npos);
    CHECK(text.find("<values>false\ntrue</values>") != std::string::npos);
    CHECK(text.find("<name>colour</name>\n              <mutable>False</mutable>\n              "
                    "<input_type>text</input_type>") != std::string::npos);
    const Dataset again = read_cvat(tmp / "a.xml");
    REQUIRE(again.annotations.size() == 2);
    CHECK(again.annotations[0].attributes == json{{"colour", "red"}, {"parked", true}, {"speed", 2.25}});
    CHECK(again.annotations[1].attributes == json{{"colour", "3"}, {"parked", false}, {"speed", 10.0}});
}

TEST_CASE("cvat: write -> read of the train.xml sample, and what the writer declares" * lt::needs_shared) {
    lt::TempDir tmp;
    const Dataset original = read_cvat(sample("cvat_images_xml/train.xml"));
    DiagnosticSink sink;
    cvat().write(original, tmp / "folder", {}, sink);
    const std::string text = lt::read_file(tmp / "folder" / "annotations.xml");
    // a4's values (2.4) declared as a number from 2.4 to 2.4 in steps of 0.1; a1 as a checkbox.
    CHECK(text.find("<values>2.4\n2.4\n0.1</values>") != std::string::npos);
    CHECK(text.find("<input_type>checkbox</input_type>") != std::string::npos);
    const Dataset again = read_cvat(tmp / "folder");
    REQUIRE(again.annotations.size() == 1);
    CHECK(again.annotations[0].box == original.annotations[0].box);
    CHECK(again.annotations[0].attributes == original.annotations[0].attributes);
    CHECK(again.items.size() == 2);
    CHECK(again.items[1].width == 10);
}

// ---------------- the CLI

TEST_CASE("cvat: lint and convert exit codes, cvat -> coco -> cvat" * lt::needs_shared) {
    lt::TempDir tmp;
    const std::string train = lt::q(sample("cvat_images_xml/train.xml"));
    const auto linted = lt::run_labelkit("lint " + train);
    CHECK(linted.exit_code == 0);  // warnings only (shapes not read, a shape without label)
    CHECK(lt::run_labelkit("lint " + train + " --fail-on warning").exit_code == 1);
    const fs::path bad = write_xml(tmp, "bad.xml", image_file("    <box label=\"a\" xtl=\"x\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/>\n"
                                                              "    <box label=\"a\" xtl=\"1\" ytl=\"0\" xbr=\"45\" ybr=\"1\"/>\n"));
    const auto bad_lint = lt::run_labelkit("lint " + lt::q(bad));
    CHECK(bad_lint.exit_code == 1);
    CHECK(bad_lint.out.find("bad.xml:11:5: error: <box> xtl is 'x', expected a number [cvat/bad-number]") !=
          std::string::npos);
    // 45 - 40 = 5 px past the right edge of the 40x30 image.
    CHECK(bad_lint.out.find("bad.xml:12:1: error: box [x 1, y 0, w 44, h 1] extends 5 px past the right edge") !=
          std::string::npos);
    CHECK(lt::run_labelkit("convert " + lt::q(bad) + " " + lt::q(tmp / "bad.json") + " --to coco").exit_code == 2);

    const auto to_coco = lt::run_labelkit("convert " + lt::q(sample("cvat_images_xml/project_annotations.xml")) + " " +
                                          lt::q(tmp / "coco") + " --to coco");
    REQUIRE(to_coco.exit_code == 0);
    const json test = json::parse(lt::read_file(tmp / "coco" / "annotations" / "instances_Test.json"));
    REQUIRE(test["annotations"].size() == 2);
    CHECK(test["annotations"][0]["bbox"] == json{0, 2, 4, 2});
    CHECK(test["annotations"][1]["segmentation"] == json{{1, 2, 3, 4, 6, 5}});

    // coco_instances: b.jpg has a polygon and a mask (counts 0, 20, 30 over 10 rows, 5 columns:
    // columns 0 and 1 set), a.jpg a box.
    const auto to_cvat = lt::run_labelkit("convert " + lt::q(lt::corpus("datumaro/coco_dataset/coco_instances")) +
                                          " " + lt::q(tmp / "c.xml") + " --to cvat");
    REQUIRE(to_cvat.exit_code == 0);
    const Dataset converted = read_cvat(tmp / "c.xml");
    CHECK(converted.items.size() == 2);
    CHECK(converted.annotations.size() == 3);
    bool found_mask = false;
    for (const Annotation& annotation : converted.annotations) {
        if (!std::holds_alternative<RleMask>(annotation.shape)) continue;
        found_mask = true;
        CHECK(std::get<RleMask>(annotation.shape).counts == std::vector<std::uint32_t>{0, 20, 30});
        CHECK(annotation.box == Box{0, 0, 2, 10});
    }
    CHECK(found_mask);
    const std::string xml = lt::read_file(tmp / "c.xml");
    CHECK(xml.find("rle=\"0, 20\" left=\"0\" top=\"0\" width=\"2\" height=\"10\"") != std::string::npos);
}

TEST_CASE("cvat: one file per annotator, as CVAT's consensus replicas are exported: agree a.xml b.xml" * lt::needs_shared) {
    lt::TempDir tmp;
    const std::string train = lt::read_file(sample("cvat_images_xml/train.xml"));
    lt::write_file(tmp / "a.xml", train);
    // b's box is 4.5 wide instead of 4 (both 2 high): IoU 8 / 9 = 0.889.
    const std::size_t at = train.find("xbr=\"4\" xtl=\"0\"");
    REQUIRE(at != std::string::npos);
    lt::write_file(tmp / "b.xml", std::string(train).replace(at, 7, "xbr=\"4.5\""));
    const auto result = lt::run_labelkit("agree " + lt::q(tmp / "a.xml") + " " + lt::q(tmp / "b.xml"));
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("2 annotators: a, b; 2 items") != std::string::npos);
    CHECK(result.out.find("1         0         0   1.000     0.889") != std::string::npos);
}

// ---------------- one case per lint rule (run by lint_rule_cases.cpp)

namespace labelkit::test {

namespace {

// A CVAT for video file: task frames 0..4 of 40x30, one track whose shapes start at line 4.
std::string video_file(const std::string& shapes, const std::string& stop_frame = "4") {
    return "<annotations><version>1.1</version>\n"
           "<meta><task><name>v</name><start_frame>0</start_frame><stop_frame>" + stop_frame +
           "</stop_frame><labels><label><name>p</name></label></labels><original_size><width>40</width>"
           "<height>30</height></original_size></task></meta>\n"
           "<track id=\"1\" label=\"p\">\n" + shapes + "</track></annotations>\n";
}

const std::string visible_box = "<box frame=\"0\" outside=\"0\" keyframe=\"1\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n";

}  // namespace

std::vector<RuleCase> cvat_rule_cases() {
    const std::string file = "annotations.xml";
    const Files good{{file, image_file("<box label=\"a\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n")}};
    const auto bad = [&](const std::string& shape) { return Files{{file, image_file(shape)}}; };
    const Files good_video{{file, video_file(visible_box)}};
    std::string truncated = good.at(file);
    truncated.resize(truncated.rfind("</annotations>"));
    return {
        {"cvat/xml-syntax", {{file, truncated}}, good, "annotations.xml:12"},
        {"cvat/schema", bad("<box label=\"a\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"><attribute>1</attribute></box>\n"),
         good, "annotations.xml:11"},
        {"cvat/bad-number", bad("<box label=\"a\" xtl=\"one\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n"), good,
         "annotations.xml:11"},
        {"cvat/bad-points", bad("<polygon label=\"a\" points=\"1,1;5\"/>\n"), good, "annotations.xml:11"},
        {"cvat/mask-size", bad("<mask label=\"a\" rle=\"1, 2\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/>\n"), good,
         "annotations.xml:11"},
        {"cvat/undeclared-label", bad("<box label=\"zebra\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n"), good,
         "annotations.xml:11"},
        {"cvat/no-label", bad("<box label=\"\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n"), good, "annotations.xml:11"},
        {"cvat/shape-not-read", bad("<polyline label=\"a\" points=\"1,1;5,5\"/>\n"), good, "annotations.xml:11"},
        {"cvat/unknown-element", bad("<cube label=\"a\"/>\n"), good, "annotations.xml:11"},
        {"cvat/never-visible",
         {{file, video_file("<box frame=\"0\" outside=\"1\" keyframe=\"1\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n")}},
         good_video, "annotations.xml:3"},
        {"cvat/frame-out-of-range",
         {{file, video_file("<box frame=\"9\" outside=\"0\" keyframe=\"1\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n")}},
         good_video, "annotations.xml:4"},
        {"cvat/outside-shapes",
         {{file, video_file(visible_box +
                            "<box frame=\"2\" outside=\"1\" keyframe=\"1\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\"/>\n")}},
         good_video, "annotations.xml:5"},
        {"cvat/frame-range", {{file, video_file(visible_box, "1000000000000")}}, good_video, "annotations.xml"},
    };
}

}  // namespace labelkit::test
