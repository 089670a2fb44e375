// Label Studio JSON export: the converter's and Label Studio's own sample exports read as worked
// out by hand, round trips through the writer, the brush RLE, hostile files and the CLI.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>

#include <fmt/format.h>

#include "formats/label_studio/label_studio_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

namespace fs = std::filesystem;
using labelkit::Annotation;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::Error;
using labelkit::Format;
using labelkit::ItemKind;
using labelkit::no_index;
namespace lt = labelkit::test;

namespace {

const Format& label_studio() {
    return labelkit::test::format_named("label-studio");
}

fs::path sample(const std::string& name) { return lt::shared_dir() / "reference/platform-samples/label_studio_json" / name; }

Dataset read(const fs::path& path, DiagnosticSink& sink, bool lenient = false) {
    labelkit::ReadOptions options;
    options.lenient = lenient;
    return label_studio().read(path, options, sink);
}

Dataset read(const fs::path& path) {
    DiagnosticSink sink;
    return read(path, sink);
}

// One task of an image 200x100 whose single annotation by user 7 holds `results` (a JSON list body).
std::string one_task(const std::string& results, const std::string& annotation_extra = "") {
    return fmt::format(R"([{{"id": 5, "data": {{"image": "a.jpg"}}, "annotations": [
{{"id": 1, "completed_by": 7{}, "result": [{}]}}]}}]
)",
                       annotation_extra, results);
}

std::string rectangle(const std::string& value, const std::string& id = "r1") {
    return fmt::format(R"({{"id": "{}", "type": "rectanglelabels", "from_name": "label", "to_name": "image",
"original_width": 200, "original_height": 100, "value": {}}})",
                       id, value);
}

}  // namespace

TEST_CASE("label-studio: rotated boxes of the converter's YOLO-OBB sample, worked out by hand" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read(sample("test_export_yolo_data_obb.json"), sink);
    CHECK(sink.diagnostics().empty());
    // Three tasks: 23 rectangles, 1 and 1, all rotated; labels "Butterfly" and "butterfly".
    REQUIRE(dataset.items.size() == 3);
    REQUIRE(dataset.annotations.size() == 25);
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "Butterfly");
    CHECK(dataset.categories[1].name == "butterfly");
    REQUIRE(dataset.annotators.size() == 1);
    CHECK(dataset.annotators[0].id == "1");
    CHECK_FALSE(dataset.annotators[0].prediction);
    CHECK(dataset.items[2].path == "/image3");
    CHECK(dataset.items[2].id == 10961);
    CHECK(dataset.items[2].width == 716);
    CHECK(dataset.items[2].height == 768);
    // The last task's box: x 5.1223690855080095 % of 716 = 36.676162652237, y 40.39904033820293 %
    // of 768 = 310.264629797398, w 45.446456836838664 % of 716 = 325.396630951765, h
    // 19.298765128510293 % of 768 = 148.214516186959, rotated 348.08878456803336 degrees clockwise
    // about (x, y): cos = 0.978468602667, sin = -0.206395720875, so the corners are (x, y),
    // (x + w cos, y + w sin) = (355.066549452, 243.104157582), (x + w cos - h sin, y + w sin + h cos)
    // = (385.657391365, 388.127408130) and (x - h sin, y + h cos) = (67.267004565, 455.287880346).
    const Annotation& last = dataset.annotations[24];
    CHECK(last.item == 2);
    CHECK(last.category == 1);
    const auto* oriented = std::get_if<labelkit::OrientedBox>(&last.shape);
    REQUIRE(oriented != nullptr);
    const double expected[4][2] = {{36.676162652237, 310.264629797398},
                                   {355.066549452062, 243.104157581839},
                                   {385.657391364597, 388.127408130214},
                                   {67.267004564772, 455.287880345773}};
    for (int i = 0; i < 4; ++i) {
        CAPTURE(i);
        CHECK(oriented->corners[i].x == doctest::Approx(expected[i][0]).epsilon(1e-11));
        CHECK(oriented->corners[i].y == doctest::Approx(expected[i][1]).epsilon(1e-11));
    }
    // The box is the corners' bounds: x 36.676 .. 385.657, y 243.104 .. 455.288.
    CHECK(last.box.x == doctest::Approx(36.676162652237).epsilon(1e-11));
    CHECK(last.box.y == doctest::Approx(243.104157581839).epsilon(1e-11));
    CHECK(last.box.right() == doctest::Approx(385.657391364597).epsilon(1e-11));
    CHECK(last.box.bottom() == doctest::Approx(455.287880345773).epsilon(1e-11));
}

TEST_CASE("label-studio: the CSV test export: completed_by objects, predictions as a source of their own" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read(sample("test_export_csv_csv_test.json"), sink);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].kind == ItemKind::image);
    CHECK(dataset.items[0].path == "https://data.heartex.net/open-images/train_0/mini/0030019819f25b28.jpg");
    CHECK(dataset.items[0].extra.at("audio") == "https://data.heartex.net/librispeech/dev-clean/3536/8226/3536-8226-0024.flac.wav");
    CHECK(dataset.items[0].width == 768);
    CHECK(dataset.items[0].height == 576);
    CHECK(dataset.items[1].height == 510);
    // One person (completed_by {"id": 1, "email": "hakan@heartex.com"}) and one model, "model 0".
    REQUIRE(dataset.annotators.size() == 2);
    CHECK(dataset.annotators[0].id == "1");
    CHECK(dataset.annotators[0].name == "hakan@heartex.com");
    CHECK_FALSE(dataset.annotators[0].prediction);
    CHECK(dataset.annotators[1].id == "prediction:model 0");
    CHECK(dataset.annotators[1].name == "model 0");
    CHECK(dataset.annotators[1].prediction);
    // Task 0: the annotation's box, then the prediction's; task 1: two boxes, then the prediction's.
    REQUIRE(dataset.annotations.size() == 5);
    const std::uint32_t by[] = {0, 1, 0, 0, 1};
    for (int i = 0; i < 5; ++i) CHECK(dataset.annotations[i].annotator == by[i]);
    // x 4.857412088705009 % of 768 = 37.304924841254, y 11.690682128240109 % of 576 =
    // 67.338329058663, w 92.51 % of 768 = 710.4768, h 71.76 % of 576 = 413.3376; its result's score.
    const Annotation& first = dataset.annotations[0];
    CHECK(first.box.x == doctest::Approx(37.304924841254).epsilon(1e-12));
    CHECK(first.box.y == doctest::Approx(67.338329058663).epsilon(1e-12));
    CHECK(first.box.width == doctest::Approx(710.4768).epsilon(1e-12));
    CHECK(first.box.height == doctest::Approx(413.3376).epsilon(1e-12));
    CHECK(*first.score == 0.23053804129850775);
    CHECK(std::holds_alternative<std::monostate>(first.shape));
    // The prediction has no original size: the task's, from the annotation (3.63 % of 768 = 27.8784).
    CHECK(dataset.annotations[1].box.x == doctest::Approx(27.8784).epsilon(1e-12));
    CHECK(dataset.annotations[1].box.y == doctest::Approx(58.6944).epsilon(1e-12));
    // Task 1's second box: 0.09061020520990352 % of 768 = 0.695886376012, 32.46930422919508 % of 510
    // = 165.593451568895.
    CHECK(dataset.annotations[3].box.x == doctest::Approx(0.695886376012).epsilon(1e-11));
    CHECK(dataset.annotations[3].box.y == doctest::Approx(165.593451568895).epsilon(1e-12));
    // Task 1's first box reaches 92.93 + 7.5 = 100.43 % wide and 57.39 + 44.18 = 101.57 % high, in
    // the annotation and in the prediction.
    CHECK(count_rule(sink, "label-studio/percent-range") == 4);
    const auto* beyond = find_rule(sink, "label-studio/percent-range");
    REQUIRE(beyond != nullptr);
    CHECK(beyond->location.json_pointer == "/1/annotations/0/result/0/value/width");
}

TEST_CASE("label-studio: text tasks with choices, annotations without completed_by, flat tasks" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read(sample("tasks_annotations_predictions.json"), sink);
    REQUIRE(dataset.items.size() == 6);
    for (const auto& item : dataset.items) CHECK(item.kind == ItemKind::text);
    CHECK(dataset.items[0].path == "task-at-0");  // no task ids in this file
    CHECK(dataset.items[0].extra.at("text") == "Test example phrase 1");
    CHECK(dataset.items[0].extra.at("int_field") == 1);
    // Tasks 3 and 4 have no "data": the task is its data, as Label Studio imports it.
    CHECK(dataset.items[3].extra.at("text") == "zzz");
    CHECK(dataset.annotations.empty());
    // Choices: task 0: annotation + prediction, task 1: two annotations + prediction, task 2: one
    // annotation, task 5: a prediction: 7 labels, no regions.
    REQUIRE(dataset.labels.size() == 7);
    REQUIRE(dataset.categories.size() == 3);
    CHECK(dataset.categories[dataset.labels[6].category].name == "class_PREDICTIONS_TESTING");
    for (const auto& label : dataset.labels) CHECK(label.region == no_index);
    // Two models (model_version_A, and none); the four annotations name nobody.
    REQUIRE(dataset.annotators.size() == 2);
    CHECK(dataset.annotators[0].id == "prediction:model_version_A");
    CHECK(dataset.annotators[1].id == "prediction:");
    CHECK(dataset.annotators[1].prediction);
    CHECK(dataset.labels[0].annotator == no_index);
    CHECK(dataset.labels[1].annotator == 0);
    CHECK(count_rule(sink, "label-studio/missing-completed-by") == 4);
}

TEST_CASE("label-studio: the JSON-MIN test's source export: a polygon in percent of 128x128" * lt::needs_shared) {
    const Dataset dataset = read(sample("test_export_json_min_data.json"));
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.items[0].id == 87);
    CHECK(dataset.items[0].path == "/data/upload/29/example.png");
    const auto* polygon = std::get_if<labelkit::PolygonSet>(&dataset.annotations[0].shape);
    REQUIRE(polygon != nullptr);
    REQUIRE(polygon->rings.size() == 1);
    REQUIRE(polygon->rings[0].size() == 3);
    // 44.44444444444444 % of 128 = 56.888888888889, 48.25396825396825 % = 61.765079365079, ...
    CHECK(polygon->rings[0][0].x == doctest::Approx(56.888888888889).epsilon(1e-12));
    CHECK(polygon->rings[0][0].y == doctest::Approx(61.765079365079).epsilon(1e-12));
    CHECK(polygon->rings[0][2].x == doctest::Approx(71.923809523810).epsilon(1e-12));
    // Bounds: x 54.450793650794 .. 71.923809523810, y 61.765079365079 .. 77.206349206349.
    CHECK(dataset.annotations[0].box.x == doctest::Approx(54.450793650794).epsilon(1e-12));
    CHECK(dataset.annotations[0].box.bottom() == doctest::Approx(77.206349206349).epsilon(1e-12));
    CHECK(dataset.categories[0].name == "Airplane");
}

TEST_CASE("label-studio: region texts and choices attach to the region whose result id they share") {
    lt::TempDir dir;
    const std::string results = rectangle(R"({"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": ["Sign"]})", "abc") +
                                R"(, {"id": "abc", "type": "textarea", "from_name": "t", "to_name": "image",
"value": {"text": ["STOP"]}}, {"id": "other", "type": "choices", "from_name": "c", "to_name": "image",
"value": {"choices": ["Day", "Clear"]}}, {"id": "span1", "type": "labels", "from_name": "s", "to_name": "text",
"value": {"start": 3, "end": 9, "text": "abcdef", "labels": ["Name"]}})";
    // The textarea comes before the region in the second annotation: it still finds it.
    lt::write_file(dir / "a.json", one_task(results, R"(, "ground_truth": true)"));
    DiagnosticSink sink;
    const Dataset dataset = read(dir / "a.json", sink);
    CHECK(sink.diagnostics().empty());
    REQUIRE(dataset.annotations.size() == 1);
    // 10 % of 200 = 20, 20 % of 100 = 20, 50 % of 200 = 100, 30 % of 100 = 30.
    CHECK(dataset.annotations[0].box == labelkit::Box{20, 20, 100, 30});
    CHECK(dataset.annotations[0].attributes.at("ground_truth") == true);
    REQUIRE(dataset.labels.size() == 4);
    CHECK(dataset.labels[0].text == "STOP");
    CHECK(dataset.labels[0].category == no_index);
    CHECK(dataset.labels[0].region == 0);
    CHECK(dataset.categories[dataset.labels[1].category].name == "Day");
    CHECK(dataset.labels[1].region == no_index);
    CHECK(dataset.categories[dataset.labels[2].category].name == "Clear");
    CHECK(*dataset.labels[3].start == 3);
    CHECK(*dataset.labels[3].end == 9);
    CHECK(dataset.labels[3].attributes.at("text") == "abcdef");
    CHECK(dataset.annotators.at(dataset.labels[3].annotator).id == "7");
}

TEST_CASE("label-studio: cancelled annotations are left out and counted; types not read are counted") {
    lt::TempDir dir;
    lt::write_file(dir / "a.json", R"([
{"id": 1, "data": {"image": "a.jpg"}, "annotations": [
  {"completed_by": 1, "was_cancelled": true, "result": []},
  {"completed_by": 2, "was_cancelled": true, "result": []},
  {"completed_by": 3, "result": [{"type": "rating", "value": {"rating": 4}}, {"type": "rating", "value": {"rating": 2}},
     {"type": "sparkles", "value": {}}, {"type": "relation", "from_id": "a", "to_id": "b"}]}]}
])");
    DiagnosticSink sink;
    const Dataset dataset = read(dir / "a.json", sink);
    CHECK(dataset.annotators.size() == 1);  // the cancelled annotations' people are not sources
    const auto* cancelled = find_rule(sink, "label-studio/cancelled-annotation");
    REQUIRE(cancelled != nullptr);
    CHECK(cancelled->message.starts_with("2 annotations left out"));
    CHECK(cancelled->location.json_pointer == "/0/annotations/0");
    const auto* unknown = find_rule(sink, "label-studio/unknown-result-type");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->message == "1 result of the unknown type \"sparkles\" not read");
    CHECK(count_rule(sink, "label-studio/result-not-read") == 2);  // rating (2 results) and relation
    bool rating_counted = false;
    for (const auto& d : sink.diagnostics())
        rating_counted |= d.message.starts_with("2 results of type \"rating\" not read");
    CHECK(rating_counted);
}

TEST_CASE("label-studio: brush RLE decodes as label-studio-converter's decode_rle, and round-trips") {
    // Hand-made stream for a 2x1 image, 8 values: header count 8 (32 bits), word size 8 (5 bits:
    // 7), field sizes 4,4,4,4 (4 x 4 bits: 3); then one repeated run of 4 zeros (flag 1, field 0,
    // length-1 = 3 in 4 bits, word 0) and one of 4 x 255 (the second pixel, alpha 255 inside).
    labelkit::test::TempDir unused;
    std::vector<std::uint8_t> bits;
    std::string stream;
    const auto put = [&](std::uint32_t value, int count) {
        for (int i = count - 1; i >= 0; --i) stream += ((value >> i) & 1) ? '1' : '0';
    };
    put(8, 32);
    put(7, 5);
    for (int i = 0; i < 4; ++i) put(3, 4);
    put(1, 1), put(0, 2), put(3, 4), put(0, 8);
    put(1, 1), put(0, 2), put(3, 4), put(255, 8);
    while (stream.size() % 8) stream += '0';
    for (std::size_t i = 0; i < stream.size(); i += 8) bits.push_back(static_cast<std::uint8_t>(std::stoi(stream.substr(i, 8), nullptr, 2)));
    const labelkit::RleMask mask = labelkit::label_studio::decode_brush_rle(bits, 2, 1);
    // Column-major, starting with background: one background pixel, one foreground.
    CHECK(mask.width == 2);
    CHECK(mask.height == 1);
    CHECK(mask.counts == std::vector<std::uint32_t>{1, 1});
    // A 5x3 mask through the encoder and back.
    const std::uint8_t column_major[15] = {0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1};
    const labelkit::RleMask original = labelkit::rle_encode(column_major, 3, 5);
    const auto encoded = labelkit::label_studio::encode_brush_rle(original);
    CHECK(labelkit::label_studio::decode_brush_rle(encoded, 5, 3) == original);
    // A stream of another image size, or cut short, is an error.
    CHECK_THROWS_WITH_AS(labelkit::label_studio::decode_brush_rle(encoded, 4, 3),
                         "the brush RLE holds 60 values, not the 48 of a 4x3 RGBA image", Error);
    const std::vector<std::uint8_t> cut(encoded.begin(), encoded.begin() + 6);
    CHECK_THROWS_WITH_AS(labelkit::label_studio::decode_brush_rle(cut, 5, 3), "the brush RLE ends before its data does", Error);
}

TEST_CASE("label-studio: write then read gives the same boxes, rotations, annotators, predictions and labels" * lt::needs_shared) {
    lt::TempDir dir;
    for (const char* name : {"test_export_yolo_data_obb.json", "test_export_csv_csv_test.json", "tasks_annotations_predictions.json",
                             "test_export_json_min_data.json"}) {
        CAPTURE(name);
        DiagnosticSink sink;
        const Dataset original = read(sample(name));
        label_studio().write(original, dir / "out.json", {}, sink);
        // The one person with a name (hakan@heartex.com) is written by id only, said once.
        const bool named = std::string(name) == "test_export_csv_csv_test.json";
        REQUIRE(sink.diagnostics().size() == (named ? 1 : 0));
        if (named) CHECK(sink.diagnostics()[0].message == "1 annotator name not written: Label Studio imports completed_by as a user id only");
        const Dataset back = read(dir / "out.json");
        REQUIRE(back.items.size() == original.items.size());
        REQUIRE(back.annotations.size() == original.annotations.size());
        REQUIRE(back.labels.size() == original.labels.size());
        REQUIRE(back.annotators.size() == original.annotators.size());
        for (std::size_t i = 0; i < original.annotators.size(); ++i) {
            CHECK(back.annotators[i].id == original.annotators[i].id);
            CHECK(back.annotators[i].prediction == original.annotators[i].prediction);
            if (original.annotators[i].prediction) CHECK(back.annotators[i].name == original.annotators[i].name);
        }
        for (std::size_t i = 0; i < original.items.size(); ++i) {
            CHECK(back.items[i].kind == original.items[i].kind);
            if (original.items[i].kind != ItemKind::text) CHECK(back.items[i].path == original.items[i].path);
            CHECK(back.items[i].width == original.items[i].width);
        }
        // Annotations are written per annotator: compare each annotator's in order.
        for (std::uint32_t who = 0; who <= back.annotators.size(); ++who) {
            const std::uint32_t annotator = who == back.annotators.size() ? no_index : who;
            std::vector<const Annotation*> a, b;
            for (const auto& x : original.annotations) if (x.annotator == annotator) a.push_back(&x);
            for (const auto& x : back.annotations) if (x.annotator == annotator) b.push_back(&x);
            REQUIRE(a.size() == b.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                CHECK(a[i]->box.x == doctest::Approx(b[i]->box.x).epsilon(1e-12));
                CHECK(a[i]->box.bottom() == doctest::Approx(b[i]->box.bottom()).epsilon(1e-12));
                CHECK(a[i]->shape.index() == b[i]->shape.index());
                CHECK(original.categories[a[i]->category].name == back.categories[b[i]->category].name);
                CHECK(a[i]->score == b[i]->score);
                if (const auto* oriented = std::get_if<labelkit::OrientedBox>(&a[i]->shape))
                    for (int k = 0; k < 4; ++k) {
                        CHECK(std::get<labelkit::OrientedBox>(b[i]->shape).corners[k].x == doctest::Approx(oriented->corners[k].x).epsilon(1e-12));
                        CHECK(std::get<labelkit::OrientedBox>(b[i]->shape).corners[k].y == doctest::Approx(oriented->corners[k].y).epsilon(1e-12));
                    }
            }
        }
    }
}

TEST_CASE("label-studio: labels of regions, spans, texts and masks round-trip") {
    lt::TempDir dir;
    const std::string results = rectangle(R"({"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": ["Sign"]})", "abc") +
                                R"(, {"id": "abc", "type": "textarea", "from_name": "t", "to_name": "image", "value": {"text": ["STOP"]}},
{"id": "abc", "type": "choices", "from_name": "c", "to_name": "image", "value": {"choices": ["Red"]}},
{"id": "k", "type": "keypointlabels", "from_name": "k", "to_name": "image", "original_width": 200, "original_height": 100,
 "value": {"x": 50, "y": 50, "keypointlabels": ["Eye"]}})";
    lt::write_file(dir / "a.json", one_task(results, R"(, "ground_truth": true)"));
    const Dataset original = read(dir / "a.json");
    Dataset with_mask = original;
    const std::uint8_t pixels[6] = {1, 0, 1, 1, 0, 0};
    Annotation masked;
    masked.item = 0;
    masked.category = 0;
    masked.annotator = 0;
    masked.shape = labelkit::rle_encode(pixels, 3, 2);  // on a 200x100 item the mask must be 200x100
    masked.shape = labelkit::RleMask{100, 200, {5, 3, 19992}};
    masked.box = labelkit::bounds(std::get<labelkit::RleMask>(masked.shape));
    with_mask.annotations.push_back(masked);
    DiagnosticSink sink;
    label_studio().write(with_mask, dir / "out.json", {}, sink);
    CHECK(sink.diagnostics().empty());
    const Dataset back = read(dir / "out.json");
    REQUIRE(back.annotations.size() == 3);
    CHECK(back.annotations[0].box == labelkit::Box{20, 20, 100, 30});
    CHECK(back.annotations[0].attributes.at("ground_truth") == true);
    CHECK(back.annotations[1].keypoints.size() == 1);
    CHECK(back.annotations[1].keypoints[0].x == 100);
    CHECK(std::get<labelkit::RleMask>(back.annotations[2].shape) == std::get<labelkit::RleMask>(masked.shape));
    REQUIRE(back.labels.size() == 2);
    CHECK(back.labels[0].text == "STOP");
    CHECK(back.labels[0].region == 0);
    CHECK(back.categories[back.labels[1].category].name == "Red");
    CHECK(back.labels[1].region == 0);
}

TEST_CASE("label-studio: hostile and malformed exports") {
    lt::TempDir dir;
    const auto read_error = [&](const std::string& text) -> Error {
        lt::write_file(dir / "bad.json", text);
        try {
            read(dir / "bad.json");
        } catch (const Error& error) {
            return error;
        }
        FAIL("no error for " << text);
        return Error("");
    };
    SUBCASE("not an array") {
        const Error error = read_error(R"({"images": []})");
        CHECK(error.rule() == "label-studio/json-syntax");
        CHECK(error.where().line == 1);
    }
    SUBCASE("truncated") {
        const Error error = read_error("[\n{\"data\": {\"image\": \"a\"}, \"annotations\": [\n");
        CHECK(error.rule() == "label-studio/json-syntax");
        CHECK(error.message() == "invalid JSON: the file ends before the array is closed");
    }
    SUBCASE("invalid JSON inside a task") {
        const Error error = read_error("[\n{\"data\": {\"image\": \"a\"}},\n{\"data\": {\"image\": tru}}]");
        CHECK(error.rule() == "label-studio/json-syntax");
        CHECK(error.where().json_pointer == "/1");
        CHECK(error.where().line == 3);
    }
    SUBCASE("invalid JSON deep inside a task: the exact line and column, the parser's reason") {
        // Line 4, column 48 is the second comma of "x": 1,, (counted by hand: a space, then
        // "annotations": [{"result": [{"value": {"x": 1, is 47 characters).
        const Error error = read_error("[\n{\"data\": {\"image\": \"a\"}},\n{\"data\": {\"image\": \"b\"},\n"
                                       " \"annotations\": [{\"result\": [{\"value\": {\"x\": 1,, \"y\": 2}}]}]}\n]");
        CHECK(error.rule() == "label-studio/json-syntax");
        CHECK(error.where().line == 4);
        CHECK(error.where().column == 48);
        CHECK(error.where().json_pointer == "/1");
        CHECK(error.message() == "invalid JSON in task 1: syntax error while parsing object key - unexpected ','; expected string literal");
    }
    SUBCASE("too deep") {
        const Error error = read_error("[" + std::string(300, '[') + std::string(300, ']') + "]");
        CHECK(error.rule() == "label-studio/json-syntax");
    }
    SUBCASE("a region without original size") {
        const Error error = read_error(one_task(R"({"id": "a", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 1, "height": 1, "rectanglelabels": ["A"]}})"));
        CHECK(error.rule() == "label-studio/missing-size");
        CHECK(error.where().json_pointer == "/0/annotations/0/result/0");
    }
    SUBCASE("a region whose original size is 0") {
        const Error error = read_error(one_task(R"({"id": "a", "type": "rectanglelabels", "original_width": 0, "original_height": 100, "value": {"x": 1, "y": 1, "width": 1, "height": 1, "rectanglelabels": ["A"]}})"));
        CHECK(error.rule() == "label-studio/missing-size");
        CHECK(error.where().json_pointer == "/0/annotations/0/result/0/original_width");
        CHECK(error.message() == "original_width is 0: not a positive image size in pixels (at most 1073741824), so the "
                                 "region's percent coordinates cannot be turned into pixels");
    }
    SUBCASE("a result without value") {
        const Error error = read_error(one_task(R"({"id": "a", "type": "choices"})"));
        CHECK(error.rule() == "label-studio/missing-value");
    }
    SUBCASE("a region without a label") {
        const Error error = read_error(one_task(rectangle(R"({"x": 1, "y": 1, "width": 1, "height": 1, "rectanglelabels": []})")));
        CHECK(error.rule() == "label-studio/missing-label");
        CHECK(error.where().json_pointer == "/0/annotations/0/result/0/value");
    }
    SUBCASE("a coordinate that is not a number") {
        const Error error = read_error(one_task(rectangle(R"({"x": "1", "y": 1, "width": 1, "height": 1, "rectanglelabels": ["A"]})")));
        CHECK(error.rule() == "label-studio/schema");
        CHECK(error.where().json_pointer == "/0/annotations/0/result/0/value/x");
    }
    SUBCASE("a brush claiming a huge image") {
        const Error error = read_error(R"([{"data": {"image": "a"}, "annotations": [{"completed_by": 1, "result": [
{"type": "brushlabels", "original_width": 1000000, "original_height": 1000000, "value": {"format": "rle", "rle": [0, 0, 0, 8], "brushlabels": ["A"]}}]}]}])");
        CHECK(error.rule() == "label-studio/invalid-rle");
    }
    SUBCASE("a polygon of two points") {
        const Error error = read_error(R"([{"data": {"image": "a"}, "annotations": [{"completed_by": 1, "result": [
{"type": "polygonlabels", "original_width": 10, "original_height": 10, "value": {"points": [[1, 2], [3, 4]], "polygonlabels": ["A"]}}]}]}])");
        CHECK(error.rule() == "label-studio/schema");
        CHECK(error.message() == "a polygon needs at least 3 points, not 2");
    }
}

TEST_CASE("label-studio: lenient reading reports each bad result and keeps the rest") {
    lt::TempDir dir;
    lt::write_file(dir / "a.json", one_task(rectangle(R"({"x": 1, "y": 1, "width": 1, "height": 1, "rectanglelabels": []})", "a") + ", " +
                                            rectangle(R"({"x": 10, "y": 10, "width": 120, "height": 10, "rectanglelabels": ["B"]})", "b") + ", 7"));
    DiagnosticSink sink;
    const Dataset dataset = read(dir / "a.json", sink, true);
    CHECK(dataset.annotations.size() == 1);
    CHECK(count_rule(sink, "label-studio/missing-label") == 1);
    CHECK(count_rule(sink, "label-studio/schema") == 1);
    const auto* range = find_rule(sink, "label-studio/percent-range");
    REQUIRE(range != nullptr);
    CHECK(range->location.json_pointer == "/0/annotations/0/result/1/value/width");
    CHECK(range->location.line == 1);
}

TEST_CASE("label-studio: detection tells a Label Studio export from COCO and other JSON arrays") {
    lt::TempDir dir;
    lt::write_file(dir / "ls.json", one_task(""));
    lt::write_file(dir / "coco.json", R"({"images": [], "annotations": [], "categories": []})");
    lt::write_file(dir / "createml.json", R"([{"image": "a.jpg", "annotations": [{"label": "x", "coordinates": {"x": 1, "y": 1, "width": 2, "height": 2}}]}])");
    lt::write_file(dir / "broken.json", "[");
    CHECK(label_studio().detect(dir / "ls.json").score == 100);
    CHECK(label_studio().detect(dir / "coco.json").score == 0);
    CHECK(label_studio().detect(dir / "createml.json").score == 0);
    CHECK(label_studio().detect(dir / "broken.json").score == 0);
    const std::vector<Format> formats = labelkit::all_formats();
    CHECK(labelkit::detect_format(formats, dir / "ls.json").format->name == "label-studio");
    CHECK(labelkit::detect_format(formats, dir / "coco.json").format->name == "coco");
}

TEST_CASE("label-studio: lint names the earlier task of a repeated image once, by its pointer") {
    lt::TempDir dir;
    lt::write_file(dir / "dup.json", "[{\"data\": {\"image\": \"a.jpg\"}},\n{\"data\": {\"image\": \"b.jpg\"}},\n"
                                     "{\"data\": {\"image\": \"a.jpg\"}}]");
    const lt::CommandResult lint = lt::run_labelkit("lint " + lt::q(dir / "dup.json"));
    CHECK(lint.exit_code == 1);
    // It read "... is also the image of the record at <path> (at /0) (at /2)".
    CHECK(lint.out.find("error: image 'a.jpg' is also the image of record /0 (at /2) [dataset/duplicate-file-name]") !=
          std::string::npos);
}

TEST_CASE("label-studio: CLI lint and convert exit codes") {
    lt::TempDir dir;
    lt::write_file(dir / "good.json", one_task(rectangle(R"({"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": ["Sign"]})")));
    lt::write_file(dir / "bad.json", one_task(rectangle(R"({"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": []})")));
    lt::write_file(dir / "broken.json", "[{\"data\": {\"image\": \"a.jpg\"}},\n{\"data\": ");
    lt::write_file(dir / "unrecognisable.json", "[{\"data\": ");
    CHECK(lt::run_labelkit("lint " + lt::q(dir / "good.json")).exit_code == 0);
    const lt::CommandResult bad = lt::run_labelkit("lint " + lt::q(dir / "bad.json"));
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("(at /0/annotations/0/result/0/value) [label-studio/missing-label]") != std::string::npos);
    // Broken after a first task that is recognised: a finding; broken before: no format fits.
    const lt::CommandResult broken = lt::run_labelkit("lint " + lt::q(dir / "broken.json"));
    CHECK(broken.exit_code == 1);
    CHECK((broken.out + broken.err).find("broken.json:2:10: error: invalid JSON: the file ends before the array is closed") !=
          std::string::npos);
    CHECK(lt::run_labelkit("lint " + lt::q(dir / "unrecognisable.json")).exit_code == 2);
    CHECK(lt::run_labelkit("lint --from label-studio " + lt::q(dir / "unrecognisable.json")).exit_code == 1);
    CHECK(lt::run_labelkit("convert " + lt::q(dir / "bad.json") + " " + lt::q(dir / "out") + " --to coco").exit_code == 2);
    const lt::CommandResult converted = lt::run_labelkit("convert " + lt::q(dir / "good.json") + " " + lt::q(dir / "coco.json") + " --to coco");
    CHECK(converted.exit_code == 0);
    const lt::CommandResult back = lt::run_labelkit("convert " + lt::q(dir / "coco.json") + " " + lt::q(dir / "ls.json") + " --to label-studio");
    CHECK(back.exit_code == 0);
    const nlohmann::json written = nlohmann::json::parse(lt::read_file(dir / "ls.json"));
    const nlohmann::json& value = written.at(0).at("annotations").at(0).at("result").at(0).at("value");
    CHECK(value.at("x") == 10.0);
    CHECK(value.at("width") == 50.0);
    CHECK(written.at(0).at("annotations").at(0).at("result").at(0).at("original_width") == 200);
}

TEST_CASE("label-studio: the task scanner finds every task whatever strings, escapes and block boundaries hold") {
    // Texts with quotes, backslashes and brackets, of every length from 0 to 140 bytes, so that
    // escapes, string ends and closing brackets fall at every place of the scanner's 64-byte blocks.
    lt::TempDir dir;
    std::string file = "[";
    std::vector<std::string> texts;
    const std::string pieces[] = {"a", "\\\"", "\\\\", "[", "]", "{", "}", ",", " ", "\\n", "x\\\\\\\"y"};
    for (std::size_t length = 0; length <= 140; ++length) {
        std::string text;
        for (std::size_t k = 0; text.size() < length; ++k) text += pieces[(length * 7 + k) % std::size(pieces)];
        texts.push_back(text);
        file += fmt::format(R"({}{{"data": {{"text": "{}", "n": [[{{"k": "{}"}}]]}}, "annotations": [{{"completed_by": 1, "result": [
{{"type": "textarea", "from_name": "t", "to_name": "text", "value": {{"text": ["{}"]}}}}]}}]}})",
                            length == 0 ? "" : ",\n", text, text, text);
    }
    file += "]";
    lt::write_file(dir / "tricky.json", file);
    const nlohmann::json expected = nlohmann::json::parse(file);
    const Dataset dataset = read(dir / "tricky.json");
    REQUIRE(dataset.items.size() == 141);
    REQUIRE(dataset.labels.size() == 141);
    for (std::size_t i = 0; i < 141; ++i) {
        CAPTURE(i);
        CHECK(dataset.labels[i].text == expected[i]["annotations"][0]["result"][0]["value"]["text"][0]);
        CHECK(dataset.items[i].extra.at("text") == expected[i]["data"]["text"]);
    }
}

TEST_CASE("label-studio: a folder output holds one export per subset (split), tasks.json without subsets") {
    lt::TempDir dir;
    std::string tasks = "[";
    for (int i = 1; i <= 10; ++i)
        tasks += fmt::format(R"({}{{"id": {}, "data": {{"text": "t{}"}}, "annotations": [{{"completed_by": 1, "result": [
            {{"type": "choices", "from_name": "c", "to_name": "text", "value": {{"choices": ["{}"]}}}}]}}]}})",
                             i == 1 ? "" : ",", i, i, i % 2 ? "yes" : "no");
    lt::write_file(dir / "tasks.json", tasks + "]");
    const lt::CommandResult split = lt::run_labelkit("split " + lt::q(dir / "tasks.json") + " -o " + lt::q(dir / "parts") +
                                                     " --to label-studio --ratios 0.8,0.2 --json");
    REQUIRE(split.exit_code == 0);
    const nlohmann::json train = nlohmann::json::parse(lt::read_file(dir / "parts/train.json"));
    const nlohmann::json val = nlohmann::json::parse(lt::read_file(dir / "parts/val.json"));
    CHECK(train.size() == 8);
    REQUIRE(val.size() == 2);
    // Stratified on the choices (5 yes, 5 no): val gets one of each.
    std::set<std::string> val_choices;
    for (const nlohmann::json& task : val)
        val_choices.insert(task.at("annotations").at(0).at("result").at(0).at("value").at("choices").at(0).get<std::string>());
    CHECK(val_choices == std::set<std::string>{"no", "yes"});
    const nlohmann::json summary = nlohmann::json::parse(split.out);
    CHECK(summary.at("subsets").at(0).at("classes").at("yes").at("items") == 4);
    CHECK(summary.at("subsets").at(1).at("classes").at("no").at("items") == 1);
    CHECK(lt::run_labelkit("convert " + lt::q(dir / "tasks.json") + " " + lt::q(dir / "whole") + " --to label-studio").exit_code == 0);
    CHECK(nlohmann::json::parse(lt::read_file(dir / "whole/tasks.json")).size() == 10);
}

TEST_CASE("label-studio: a key point is an object of one point, not a degenerate box") {
    lt::TempDir dir;
    const std::string point = R"({"type": "keypointlabels", "from_name": "kp", "to_name": "image", "original_width": 200,
        "original_height": 100, "value": {"x": 50, "y": 50, "width": 0.5, "keypointlabels": ["nose"]}})";
    const std::string flat_box = R"({"type": "rectanglelabels", "from_name": "label", "to_name": "image",
        "original_width": 200, "original_height": 100,
        "value": {"x": 10, "y": 20, "width": 0, "height": 30, "rectanglelabels": ["Sign"]}})";
    lt::write_file(dir / "points.json", R"([{"id": 1, "data": {"image": "a.jpg"}, "annotations": [{"completed_by": 1, "result": [)" +
                                            point + "]}]}]");
    lt::write_file(dir / "flat.json", R"([{"id": 1, "data": {"image": "a.jpg"}, "annotations": [{"completed_by": 1, "result": [)" +
                                          flat_box + "]}]}]");
    const lt::CommandResult points = lt::run_labelkit("lint " + lt::q(dir / "points.json"));
    CHECK(points.exit_code == 0);
    CHECK(points.out.find("degenerate-box") == std::string::npos);
    const lt::CommandResult flat = lt::run_labelkit("lint " + lt::q(dir / "flat.json"));
    CHECK(flat.exit_code == 1);
    CHECK(flat.out.find("[geometry/degenerate-box]") != std::string::npos);
}

TEST_CASE("label-studio: a folder output writes every item: items without a subset go to default.json") {
    lt::TempDir dir;
    Dataset dataset;
    for (const char* subset : {"train", "", "train"}) {
        labelkit::Item item;
        item.path = fmt::format("{}.jpg", dataset.items.size());
        item.subset = subset;
        dataset.items.push_back(item);
    }
    dataset.subsets = {"train"};  // as a union of an input with subsets and one without leaves it
    DiagnosticSink sink;
    label_studio().write(dataset, dir / "out", labelkit::WriteOptions{}, sink);
    CHECK(nlohmann::json::parse(lt::read_file(dir / "out/train.json")).size() == 2);
    CHECK(nlohmann::json::parse(lt::read_file(dir / "out/default.json")).size() == 1);
    dataset.items[1].subset = "a/b";
    CHECK_THROWS_WITH_AS(label_studio().write(dataset, dir / "out2", labelkit::WriteOptions{}, sink),
                         doctest::Contains("subset 'a/b' cannot name a file of its own"), Error);
}

TEST_CASE("label-studio: split --kfold to an image format leaves text tasks out before assigning folds") {
    lt::TempDir dir;
    std::string tasks = R"([{"id": 1, "data": {"text": "a text"}, "annotations": [{"completed_by": 1, "result": []}]})";
    for (int i = 2; i <= 5; ++i)
        tasks += fmt::format(R"(, {{"id": {}, "data": {{"image": "i{}.jpg"}}, "annotations": [{{"completed_by": 1, "result": [
            {{"type": "rectanglelabels", "from_name": "l", "to_name": "image", "original_width": 100, "original_height": 100,
              "value": {{"x": 1, "y": 1, "width": 10, "height": 10, "rectanglelabels": ["car"]}}}}]}}]}})", i, i);
    lt::write_file(dir / "tasks.json", tasks + "]");
    const lt::CommandResult split =
        lt::run_labelkit("split " + lt::q(dir / "tasks.json") + " -o " + lt::q(dir / "folds") + " --kfold 2 --to yolo");
    REQUIRE(split.exit_code == 0);
    CHECK(split.err.find("1 text or audio item not written") != std::string::npos);
    std::size_t labels = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "folds/fold_1/labels")) labels += entry.path().extension() == ".txt";
    CHECK(labels == 4);
}
