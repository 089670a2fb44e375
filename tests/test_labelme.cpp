// LabelMe JSON: the labelme repository's example files read as worked out by hand, the legacy
// layouts (no shape_type, no image size, 4-point rectangles), hostile files, round trips and a
// conversion to COCO.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using labelkit::Annotation;
using labelkit::Box;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::Error;
using labelkit::Format;
using labelkit::PolygonSet;
using labelkit::ReadOptions;
using nlohmann::json;
namespace lt = labelkit::test;

namespace {

const Format& labelme() {
    return labelkit::test::format_named("labelme");
}

fs::path sample(const std::string& name) { return lt::shared_dir() / "reference/platform-samples/labelme_json" / name; }

Dataset read(const fs::path& path, DiagnosticSink& sink, ReadOptions options = {}) {
    return labelme().read(path, options, sink);
}

Dataset read(const fs::path& path) {
    DiagnosticSink sink;
    return read(path, sink);
}

bool has_rule(const DiagnosticSink& sink, const std::string& rule) {
    for (const auto& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) return true;
    return false;
}

const labelkit::Diagnostic& diagnostic_of(const DiagnosticSink& sink, const std::string& rule) {
    for (const auto& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) return diagnostic;
    FAIL("no diagnostic " << rule);
    throw std::logic_error("unreachable");
}

void check_box(const Box& box, double x, double y, double width, double height, double tolerance = 0) {
    CHECK_NEAR(box.x, x, tolerance);
    CHECK_NEAR(box.y, y, tolerance);
    CHECK_NEAR(box.width, width, tolerance);
    CHECK_NEAR(box.height, height, tolerance);
}

std::string file_with_shapes(const std::string& shapes, const std::string& more = R"(, "imageHeight": 100, "imageWidth": 200)") {
    return R"({"version": "5.5.0", "flags": {}, "shapes": [)" + shapes + R"(], "imagePath": "a.jpg", "imageData": null)" +
           more + "}";
}

std::string shape(const std::string& type, const std::string& points, const std::string& label = "cat") {
    return fmt::format(R"({{"label": "{}", "points": {}, "group_id": null, "shape_type": "{}", "flags": {{}}}})", label,
                       points, type);
}

}  // namespace

TEST_CASE("labelme: 2-corner rectangles (labelme 3) read as boxes with the corners as they are" * lt::needs_shared) {
    const Dataset dataset = read(sample("bbox_2011_000003_rect2pt.json"));
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "2011_000003.jpg");
    CHECK(dataset.items[0].width == 0);  // no imageWidth and no image beside the file
    REQUIRE(dataset.categories.size() == 1);
    CHECK(dataset.categories[0].name == "person");
    REQUIRE(dataset.annotations.size() == 2);
    // [191, 107] - [313, 329]: x 191, y 107, 313 - 191 = 122 wide, 329 - 107 = 222 high (continuous
    // coordinates, no pixel shift).
    check_box(dataset.annotations[0].box, 191, 107, 122, 222);
    CHECK(std::holds_alternative<std::monostate>(dataset.annotations[0].shape));
    // [365, 83] - [500, 333]: 135 x 250.
    check_box(dataset.annotations[1].box, 365, 83, 135, 250);
}

TEST_CASE("labelme: legacy files without shape_type are polygons, 4-point rectangles included" * lt::needs_shared) {
    const Dataset dataset = read(sample("bbox_2011_000006_legacy_4pt.json"));
    REQUIRE(dataset.annotations.size() == 4);
    for (const Annotation& annotation : dataset.annotations) {
        REQUIRE(std::holds_alternative<PolygonSet>(annotation.shape));
        CHECK(std::get<PolygonSet>(annotation.shape).rings.at(0).size() == 4);
    }
    // Third shape: (301,111) (174,111) (174,281) (301,281), drawn right to left: x 174..301, y 111..281.
    check_box(dataset.annotations[2].box, 174, 111, 127, 170);
    CHECK(std::get<PolygonSet>(dataset.annotations[2].shape).rings[0][0] == labelkit::Point{301, 111});
}

TEST_CASE("labelme: image flags are labels of the item, true ones only; all flags kept for writing" * lt::needs_shared) {
    const Dataset dataset = read(sample("classification_0001_flags.json"));
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.annotations.empty());
    // flags {"__ignore__": false, "cat": true, "dog": false}: one label, cat.
    REQUIRE(dataset.labels.size() == 1);
    CHECK(dataset.categories.at(dataset.labels[0].category).name == "cat");
    CHECK(dataset.labels[0].item == 0);
    CHECK(dataset.items[0].extra["flags"] == json({{"__ignore__", false}, {"cat", true}, {"dog", false}}));
}

TEST_CASE("labelme: primitives (4.0.0): rectangles, labelme2coco's circle polygon, kept lines and points" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read(sample("primitives_v4.0.0.json"), sink);
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].width == 560);
    CHECK(dataset.items[0].height == 450);
    // rectangle, circle, rectangle, polygon; line, point and linestrip have no model shape.
    REQUIRE(dataset.annotations.size() == 4);
    check_box(dataset.annotations[0].box, 32, 35, 100, 100);  // [32, 35] - [132, 135]
    check_box(dataset.annotations[2].box, 391, 33, 151, 102);  // [391, 33] - [542, 135]
    // Circle: centre (195, 84), rim (225, 125): r = sqrt(30^2 + 41^2) = sqrt(2581) = 50.80354;
    // labelme2coco's count max(floor(pi / acos(1 - 1/r)), 12) = floor(15.8) = 15 points, the first
    // (195, 84 + r) (sin 0, cos 0), so the box's bottom is 84 + r.
    const Annotation& circle = dataset.annotations[1];
    REQUIRE(std::holds_alternative<PolygonSet>(circle.shape));
    const auto& ring = std::get<PolygonSet>(circle.shape).rings.at(0);
    const double r = std::sqrt(2581.0);
    CHECK(ring.size() == 15);
    CHECK_NEAR(ring[0].x, 195, 1e-12);
    CHECK_NEAR(ring[0].y, 84 + r, 1e-12);
    CHECK_NEAR(circle.box.bottom(), 84 + r, 1e-12);
    // Leftmost point i = 11: sin(2 pi 11/15) = sin(264 deg) = -0.994522, x = 195 - 50.52530 = 144.47470.
    CHECK_NEAR(circle.box.x, 195 + r * std::sin(2 * M_PI * 11 / 15), 1e-12);
    CHECK_NEAR(circle.box.x, 144.4747, 1e-4);
    CHECK(circle.attributes["labelme_circle"] == json::parse("[[195.0, 84.0], [225.0, 125.0]]"));
    // The polygon's group_id is null and its flags empty: no attributes.
    CHECK(dataset.annotations[3].attributes.is_null());
    check_box(dataset.annotations[3].box, 45, 318, 153, 88);  // x 45..198, y 318..406
    const json& kept = dataset.items[0].extra["labelme_unread_shapes"];
    REQUIRE(kept.size() == 3);
    CHECK(kept[0]["shape_type"] == "line");
    CHECK(kept[1]["shape_type"] == "point");
    CHECK(kept[2]["shape_type"] == "linestrip");
    CHECK(diagnostic_of(sink, "labelme/unread-shapes").message.find("3 shapes") != std::string::npos);
}

TEST_CASE("labelme: rectangles in any corner order, group_id, description and unknown keys as attributes") {
    lt::TempDir dir;
    const std::string shapes =
        R"({"label": "cat", "points": [[313, 329], [191, 107]], "group_id": 4, "description": "left", "shape_type": "rectangle", "flags": {"occluded": true}, "score": 0.5},)" +
        shape("rectangle", "[[10, 20], [30, 20], [30, 5], [10, 5]]");
    lt::write_file(dir / "a.json", file_with_shapes(shapes, R"(, "imageHeight": 400, "imageWidth": 600)"));
    const Dataset dataset = read(dir / "a.json");
    REQUIRE(dataset.annotations.size() == 2);
    check_box(dataset.annotations[0].box, 191, 107, 122, 222);
    CHECK(dataset.annotations[0].attributes ==
          json({{"group_id", 4}, {"description", "left"}, {"flags", {{"occluded", true}}}, {"score", 0.5}}));
    check_box(dataset.annotations[1].box, 10, 5, 20, 15);  // 4 unordered points: x 10..30, y 5..20
}

TEST_CASE("labelme: a size missing from the file comes from the image header, or --image-size, and says so") {
    lt::TempDir dir;
    lt::write_file(dir / "a.json", file_with_shapes(shape("rectangle", "[[1, 2], [3, 4]]"), ""));
    SUBCASE("image beside the file") {
        lt::write_png(dir / "a.jpg", 64, 48);
        DiagnosticSink sink;
        const Dataset dataset = read(dir.path(), sink);
        CHECK(dataset.items.at(0).width == 64);
        CHECK(dataset.items.at(0).height == 48);
        CHECK(diagnostic_of(sink, "labelme/size-from-image").message == "1 file without imageWidth/imageHeight: the size was read from the image");
    }
    SUBCASE("--image-size") {
        ReadOptions options;
        options.image_size = labelkit::ImageSize{320, 240};
        DiagnosticSink sink;
        const Dataset dataset = read(dir.path(), sink, options);
        CHECK(dataset.items.at(0).width == 320);
        CHECK(diagnostic_of(sink, "labelme/size-from-image").severity == labelkit::Severity::info);
    }
    SUBCASE("neither: unknown, a warning") {
        DiagnosticSink sink;
        const Dataset dataset = read(dir.path(), sink);
        CHECK(dataset.items.at(0).width == 0);
        CHECK(diagnostic_of(sink, "labelme/size-from-image").severity == labelkit::Severity::warning);
    }
}

TEST_CASE("labelme: image paths are relative to the .json; a folder is read recursively; other .json are skipped") {
    lt::TempDir dir;
    lt::write_file(dir / "ann/sub/a.json",
                   R"({"version": "5.0.1", "shapes": [], "imagePath": "../../img/a.jpg", "imageHeight": 10, "imageWidth": 10})");
    lt::write_file(dir / "ann/b.json", R"({"version": "5.0.1", "shapes": [], "imagePath": "b.png", "imageHeight": 10, "imageWidth": 10})");
    lt::write_file(dir / "ann/config.json", R"({"labels": ["cat"]})");
    lt::write_png(dir / "img/a.jpg", 10, 10);
    DiagnosticSink sink;
    const Dataset dataset = read(dir / "ann", sink);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == "b.png");
    // "../../img/a.jpg" from ann/sub/ leaves ann/: the item is named after the image in the .json's folder.
    CHECK(dataset.items[1].path == "sub/a.jpg");
    CHECK(fs::equivalent(dataset.items[1].image_file, dir / "img/a.jpg"));
    CHECK(dataset.items[1].extra["imagePath"] == "../../img/a.jpg");
    CHECK(has_rule(sink, "labelme/not-labelme"));
}

TEST_CASE("labelme: imageData is skipped, also when it comes first and runs past the detection's peek") {
    lt::TempDir dir;
    const std::string data(3 << 20, 'A');  // 3 MB of base64
    lt::write_file(dir / "a.json", R"({"imageData": ")" + data + R"(", "shapes": [)" + shape("rectangle", "[[1, 2], [3, 4]]") +
                                       R"(], "imagePath": "a.jpg", "imageHeight": 8, "imageWidth": 8})");
    CHECK(labelme().detect(dir / "a.json").score == 100);
    CHECK(labelme().detect(dir.path()).score == 80);
    const Dataset dataset = read(dir / "a.json");
    REQUIRE(dataset.annotations.size() == 1);
    CHECK_FALSE(dataset.items[0].extra.contains("imageData"));
}

TEST_CASE("labelme: detection looks at the content: COCO, Label Studio and other JSON are not LabelMe") {
    lt::TempDir dir;
    lt::write_file(dir / "coco.json", R"({"images": [], "annotations": [], "categories": [], "shapes": [], "version": "1"})");
    lt::write_file(dir / "ls.json", R"([{"id": 1, "data": {"image": "a.jpg"}, "annotations": []}])");
    lt::write_file(dir / "other.json", R"({"shapes_count": 3, "imagePath": "a.jpg"})");
    lt::write_file(dir / "lm.txt", file_with_shapes(""));
    for (const char* name : {"coco.json", "ls.json", "other.json", "lm.txt"}) {
        INFO(name);
        CHECK(labelme().detect(dir / name).score == 0);
    }
    lt::write_file(dir / "lm.json", file_with_shapes(""));
    CHECK(labelme().detect(dir / "lm.json").score == 100);
    // The CLI picks labelme for the file, coco for the COCO file.
    CHECK(lt::run_labelkit("convert " + lt::q(dir / "lm.json") + " " + lt::q(dir / "out.json") + " --to coco").err.find(
              "detected format: labelme") != std::string::npos);
}

TEST_CASE("labelme: bad shapes are precise errors: thrown when converting, reported and skipped when linting") {
    struct Case {
        std::string shapes;
        std::string rule;
        std::string pointer;
    };
    const std::vector<Case> cases = {
        {shape("rectangle", "[[1, 2], [3, 4], [5, 6]]"), "labelme/rectangle-points", "/shapes/0"},
        {shape("polygon", "[[1, 2], [3, 4]]"), "labelme/polygon-points", "/shapes/0"},
        {shape("rectangle", "[[1, 2], [3, 4]]") + "," + shape("elipse", "[[1, 2], [3, 4]]"), "labelme/unknown-shape-type",
         "/shapes/1/shape_type"},
        {shape("polygon", R"([[1, 2], [3, "4"], [5, 6]])"), "labelme/schema", "/shapes/0"},
        {R"({"points": [[1, 2], [3, 4]], "shape_type": "rectangle"})", "labelme/schema", "/shapes/0"},
        {shape("circle", "[[1, 2]]"), "labelme/schema", "/shapes/0"},
        {shape("rectangle", "[[-1e308, 2], [1e308, 4]]"), "labelme/schema", "/shapes/0"},
    };
    for (const Case& c : cases) {
        INFO(c.rule << " " << c.shapes);
        lt::TempDir dir;
        lt::write_file(dir / "a.json", file_with_shapes(c.shapes));
        DiagnosticSink strict_sink;
        try {
            read(dir / "a.json", strict_sink);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.rule() == c.rule);
            CHECK(error.where().json_pointer == c.pointer);
            CHECK(error.where().path == (dir / "a.json").string());
        }
        ReadOptions lenient;
        lenient.lenient = true;
        DiagnosticSink sink;
        const Dataset dataset = read(dir / "a.json", sink, lenient);
        CHECK(diagnostic_of(sink, c.rule).location.json_pointer == c.pointer);
        CHECK(dataset.items.size() == 1);
        const auto result = lt::run_labelkit("convert " + lt::q(dir / "a.json") + " " + lt::q(dir / "out.json") + " --to coco");
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("a.json: error: ") != std::string::npos);
        CHECK(result.err.find("(at " + c.pointer + ")") != std::string::npos);
    }
}

TEST_CASE("labelme: JSON syntax errors give line and column; a missing imagePath is an error") {
    lt::TempDir dir;
    lt::write_file(dir / "a.json", "{\"shapes\": [],\n  \"imagePath\": \"a.jpg\",\n  \"version\" \"5\"}");
    try {
        read(dir / "a.json");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.rule() == "labelme/json-syntax");
        CHECK(error.where().line == 3);
        CHECK(error.where().column == 15);  // nlohmann points at the end of the unexpected token, `"5"`
    }
    lt::write_file(dir / "a.json", R"({"version": "5.0.1", "shapes": [], "imageData": null})");
    CHECK_THROWS_WITH_AS(read(dir / "a.json"), doctest::Contains("no \"imagePath\""), Error);
    const auto lint = lt::run_labelkit("lint " + lt::q(dir / "a.json") + " --from labelme");
    CHECK(lint.out.find("labelme/missing-image-path") != std::string::npos);
}

TEST_CASE("labelme: lint notes points outside the image at their JSON pointer") {
    lt::TempDir dir;
    lt::write_file(dir / "a.json", file_with_shapes(shape("polygon", "[[1, 2], [250, 4], [5, 6]]")));  // 200 x 100 image
    ReadOptions lenient;
    lenient.lenient = true;
    DiagnosticSink sink;
    read(dir / "a.json", sink, lenient);
    const auto& outside = diagnostic_of(sink, "labelme/point-outside-image");
    CHECK(outside.location.json_pointer == "/shapes/0/points/1");
    CHECK(outside.message == "point (250, 4) is outside the 200 x 100 image");
}

TEST_CASE("labelme: write -> read keeps shapes, circles, kept lines, flags and attributes" * lt::needs_shared) {
    lt::TempDir dir;
    for (const char* name : {"primitives_v4.0.0.json", "classification_0001_flags.json"}) {
        INFO(name);
        DiagnosticSink sink;
        const Dataset original = read(sample(name), sink);
        labelme().write(original, dir / name, {}, sink);
        const fs::path written = dir / name / (fs::path(original.items[0].path).stem().string() + ".json");
        const json file = json::parse(lt::read_file(written));
        CHECK(file["version"] == "5.5.0");
        CHECK(file["imageData"].is_null());
        for (const json& shape : file["shapes"]) CHECK(shape.contains("shape_type"));
        const Dataset back = read(dir / name, sink);
        REQUIRE(back.annotations.size() == original.annotations.size());
        for (std::size_t a = 0; a < back.annotations.size(); ++a) {
            CHECK(back.annotations[a].box == original.annotations[a].box);
            CHECK(back.annotations[a].shape == original.annotations[a].shape);
            CHECK(back.annotations[a].attributes == original.annotations[a].attributes);
        }
        CHECK(back.items[0].extra == original.items[0].extra);
        CHECK(back.labels.size() == original.labels.size());
    }
}

TEST_CASE("labelme: legacy 4-point file converted to COCO: the box checked by hand" * lt::needs_shared) {
    lt::TempDir dir;
    const auto result = lt::run_labelkit("convert " + lt::q(sample("bbox_2011_000006_legacy_4pt.json")) + " " +
                                         lt::q(dir / "coco.json") + " --to coco --image-size 500,375");
    REQUIRE(result.exit_code == 0);
    const json coco = json::parse(lt::read_file(dir / "coco.json"));
    CHECK(coco["images"][0]["width"] == 500);
    // First shape (400,82) (447,82) (447,117) (400,117): bbox [400, 82, 47, 35], its polygon as the segmentation.
    CHECK(coco["annotations"][0]["bbox"] == json({400, 82, 47, 35}));
    CHECK(coco["annotations"][0]["segmentation"] == json({{400, 82, 447, 82, 447, 117, 400, 117}}));
    CHECK(coco["categories"][0]["name"] == "person");
}

TEST_CASE("labelme: JSON nested deeper than labelkit keeps is an error, not a crash when writing") {
    lt::TempDir dir;
    const std::size_t depth = 100000;
    lt::write_file(dir / "a.json", R"({"shapes": [], "imagePath": "a.jpg", "deep": )" + std::string(depth, '[') +
                                       std::string(depth, ']') + "}");
    CHECK_THROWS_WITH_AS(read(dir / "a.json"), doctest::Contains("levels deep"), Error);
    const auto result = lt::run_labelkit("convert " + lt::q(dir / "a.json") + " " + lt::q(dir / "out") + " --to labelme");
    CHECK(result.exit_code == 2);
}

TEST_CASE("labelme: findings at /shapes/N get the shape's line and column, strings with brackets stepped over") {
    lt::TempDir dir;
    lt::write_file(dir / "a.json", "{\"version\": \"5\",\n \"imageData\": \"a\\\"b[{\",\n \"shapes\": [\n"
                                   "  {\"label\": \"a\", \"points\": [[1, 2], [3, 4]]},\n"
                                   "    {\"label\": \"b\", \"points\": []}],\n \"imagePath\": \"a.jpg\"}\n");
    std::vector<labelkit::Diagnostic> diagnostics(3);
    diagnostics[0].location = {(dir / "a.json").string(), 0, 0, "/shapes/1/points"};
    diagnostics[1].location = {(dir / "a.json").string(), 0, 0, "/shapes/0"};
    diagnostics[2].location = {(dir / "a.json").string(), 0, 0, "/shapes/2"};  // no such shape
    labelme().add_lines(diagnostics);
    CHECK(diagnostics[0].location.line == 5);
    CHECK(diagnostics[0].location.column == 5);
    CHECK(diagnostics[1].location.line == 4);
    CHECK(diagnostics[1].location.column == 3);
    CHECK(diagnostics[2].location.line == 0);
}
