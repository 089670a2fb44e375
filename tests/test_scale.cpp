// Scale AI task JSON and Scale Nucleus annotations: Scale's two documented callback examples read
// as checked by hand, JSON Lines and legacy variants, Nucleus files written from the client's
// serialisation, hostile input, detection among the other formats, the CLI, and scale -> coco.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "lint_rule_cases.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

namespace fs = std::filesystem;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::Format;
using labelkit::PolygonSet;
using nlohmann::json;
namespace lt = labelkit::test;

namespace {

const std::vector<Format>& formats() {
    static const std::vector<Format> all = labelkit::all_formats();
    return all;
}

const Format& format(const std::string& name) { return labelkit::find_format(formats(), name); }

Dataset read_as(const std::string& name, const fs::path& path, DiagnosticSink& sink, bool lenient = false) {
    labelkit::ReadOptions options;
    options.lenient = lenient;
    return format(name).read(path, options, sink);
}

fs::path sample(const std::string& name) {
    return lt::shared_dir() / "reference/platform-samples/scale_ai" / name;
}

const labelkit::Diagnostic& only(const DiagnosticSink& sink, const std::string& rule) {
    for (const auto& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) return diagnostic;
    FAIL("no diagnostic " << rule);
    throw std::logic_error("unreachable");
}

std::string category_of(const Dataset& dataset, std::uint32_t category) { return dataset.categories[category].name; }

std::string detected(const fs::path& path) {
    const labelkit::DetectionResult result = labelkit::detect_format(formats(), path);
    return result.format ? result.format->name : "";
}

// Three tasks as JSON Lines: a completed imageannotation task, a pending and a canceled one.
const std::string three_tasks =
    R"({"task_id": "t1", "type": "imageannotation", "status": "completed", "params": {"attachment": "https://x.test/a.jpg", "attachment_type": "image", "geometries": {"box": {"objects_to_annotate": ["car", "person"]}}}, "response": {"annotations": [{"type": "box", "label": "person", "left": 10.5, "top": 20, "width": 30, "height": 40.25, "uuid": "u1"}, {"type": "line", "label": "lane", "vertices": [{"x": 0, "y": 0}, {"x": 5, "y": 5}]}]}, "metadata": {"batch": 7}})"
    "\n"
    R"({"task_id": "t2", "type": "imageannotation", "status": "pending", "params": {"attachment": "https://x.test/b.jpg"}})"
    "\n"
    R"({"task_id": "t3", "type": "imageannotation", "status": "canceled", "params": {"attachment": "https://x.test/c.jpg"}})"
    "\n";

}  // namespace

TEST_CASE("scale: the imageannotation callback example, read as worked out by hand" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_as("scale", sample("imageannotation_callback_doc.json"), sink);
    // The example is a callback body without its task: no attachment, so the item is the task_id.
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "5774cc78b01249ab09f089dd");
    CHECK(dataset.items[0].kind == labelkit::ItemKind::image);
    CHECK(dataset.items[0].extra["task_id"] == "5774cc78b01249ab09f089dd");
    CHECK(dataset.items[0].extra["global_attributes"] == json{{"driving", "Yes"}, {"night", "No"}});
    CHECK(count_rule(sink, "scale/attachment-missing") == 1);
    CHECK(sink.diagnostics().size() == 1);
    REQUIRE(dataset.categories.size() == 3);
    CHECK(dataset.categories[0].name == "small vehicle");
    CHECK(dataset.categories[1].name == "large vehicle");
    CHECK(dataset.categories[2].name == "car");
    REQUIRE(dataset.annotations.size() == 3);
    const auto& small = dataset.annotations[0];
    CHECK(small.box == labelkit::Box{2, 4, 3, 5});  // left 2, top 4, width 3, height 5
    CHECK(category_of(dataset, small.category) == "small vehicle");
    CHECK(small.attributes == json{{"moving", "yes"}, {"uuid", "65ec1f52-5902-4b39-bea9-ab6b4d58ef42"}});
    CHECK(small.annotator == labelkit::no_index);  // one consolidated answer per task
    CHECK(dataset.annotations[1].box == labelkit::Box{7, 5, 14, 5});
    const auto& car = dataset.annotations[2];
    CHECK(category_of(dataset, car.category) == "car");
    // Vertices (123,10) (140,49) (67,34): x from 67 to 140, y from 10 to 49.
    CHECK(car.box == labelkit::Box{67, 10, 73, 39});
    CHECK(std::get<PolygonSet>(car.shape) == PolygonSet{{{{123, 10}, {140, 49}, {67, 34}}}});
    CHECK(car.attributes == json{{"uuid", "65ec1f52-5902-4b39-bea9-ab6b4d58ef43"}});
    CHECK(dataset.labels.empty());
    CHECK(dataset.annotators.empty());
}

TEST_CASE("scale: the categorization callback example, a text item with one label" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_as("scale", sample("categorization_callback_doc.json"), sink);
    CHECK(sink.diagnostics().empty());
    REQUIRE(dataset.items.size() == 1);
    const auto& item = dataset.items[0];
    // attachment_type "text": the text "tomato" is inline, the item is named by its task_id.
    CHECK(item.kind == labelkit::ItemKind::text);
    CHECK(item.path == "576c41bf13e36b0600b02b34");
    CHECK(item.extra["text"] == "tomato");
    CHECK(item.extra["type"] == "categorization");
    CHECK(item.extra["completed_at"] == "2016-06-23T21:54:44.904Z");
    CHECK_FALSE(item.extra.contains("metadata"));  // {} in the sample
    // params.categories declares red then blue.
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "red");
    CHECK(dataset.categories[1].name == "blue");
    CHECK(dataset.annotations.empty());
    REQUIRE(dataset.labels.size() == 1);
    CHECK(category_of(dataset, dataset.labels[0].category) == "red");
    CHECK(dataset.labels[0].item == 0);
    CHECK(dataset.labels[0].annotator == labelkit::no_index);
}

TEST_CASE("scale: JSON Lines tasks, tasks not completed and shapes the model has no room for") {
    lt::TempDir dir;
    lt::write_file(dir / "tasks.jsonl", three_tasks);
    DiagnosticSink sink;
    const Dataset dataset = read_as("scale", dir / "tasks.jsonl", sink);
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "https://x.test/a.jpg");
    CHECK(dataset.items[0].origin.position == 1);
    CHECK(dataset.items[0].extra["metadata"] == json{{"batch", 7}});
    // Declared car, person; the box is a person.
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "car");
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(category_of(dataset, dataset.annotations[0].category) == "person");
    CHECK(dataset.annotations[0].box == labelkit::Box{10.5, 20, 30, 40.25});
    // The line is kept with its item, and counted.
    REQUIRE(dataset.items[0].extra["unsupported_annotations"].size() == 1);
    CHECK(dataset.items[0].extra["unsupported_annotations"][0]["label"] == "lane");
    CHECK(only(sink, "scale/unsupported-annotation").message.find("1 annotation that") == 0);
    CHECK(only(sink, "scale/not-completed").message == "2 tasks not completed (1 canceled, 1 pending) left out: they have no response");
    CHECK(sink.diagnostics().size() == 2);
}

TEST_CASE("scale: legacy annotation tasks (boxes without type) and multi-category answers in a JSON array") {
    lt::TempDir dir;
    lt::write_file(dir / "tasks.json", R"([
  {"task_id": "a", "type": "annotation", "status": "completed", "params": {"attachment": "a.jpg"},
   "response": {"annotations": [{"left": 1, "top": 2, "width": 3, "height": 4, "label": "dog"}]}},
  {"task_id": "b", "type": "categorization", "status": "completed", "params": {"attachment": "b.jpg", "categories": ["x", "y", "z"]},
   "response": {"category": ["z", "x"], "taxonomies": {"mood": "y"}}}
])");
    DiagnosticSink sink;
    const Dataset dataset = read_as("scale", dir / "tasks.json", sink);
    CHECK(sink.diagnostics().empty());
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[1].origin.position == 4);  // the second task starts on line 4
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.annotations[0].box == labelkit::Box{1, 2, 3, 4});
    REQUIRE(dataset.labels.size() == 3);
    CHECK(category_of(dataset, dataset.labels[0].category) == "z");
    CHECK(category_of(dataset, dataset.labels[1].category) == "x");
    CHECK(category_of(dataset, dataset.labels[2].category) == "y");
    CHECK(dataset.labels[2].attributes == json{{"taxonomy", "mood"}});
    CHECK(dataset.labels[0].item == 1);
}

TEST_CASE("scale: errors at the task's line and JSON pointer; lenient reading skips only what is wrong") {
    lt::TempDir dir;
    lt::write_file(dir / "bad.jsonl",
                   R"({"task_id": "a", "status": "completed", "params": {"attachment": "a.jpg"}, "response": {"annotations": [{"type": "box", "label": "c", "left": 1, "top": 1, "width": -2, "height": 3}, {"type": "polygon", "label": "c", "vertices": [{"x": 0, "y": 0}, {"x": 1, "y": 1}]}, {"type": "blob", "label": "c"}, {"type": "box", "label": "c", "left": "1", "top": 1, "width": 2, "height": 3}, {"type": "box", "label": "c", "left": 1, "top": 1, "width": 2, "height": 3}]}})"
                   "\n"
                   R"({"task_id": "b", "status": "completed", "params": {"attachment": "b.jpg"}})"
                   "\n");
    DiagnosticSink sink;
    const Dataset dataset = read_as("scale", dir / "bad.jsonl", sink, true);
    REQUIRE(dataset.items.size() == 1);
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.annotations[0].box == labelkit::Box{1, 1, 2, 3});
    const auto& negative = only(sink, "scale/negative-size");
    CHECK(negative.location.line == 1);
    CHECK(negative.location.json_pointer == "/response/annotations/0");
    CHECK(only(sink, "scale/degenerate-polygon").location.json_pointer == "/response/annotations/1/vertices");
    CHECK(only(sink, "scale/unknown-annotation-type").location.json_pointer == "/response/annotations/2/type");
    CHECK(only(sink, "scale/schema").location.json_pointer == "/response/annotations/3/left");
    CHECK(only(sink, "scale/schema").message == "'left' must be a number, not a string");
    CHECK(only(sink, "scale/missing-response").location.line == 2);
    CHECK(sink.diagnostics().size() == 5);

    DiagnosticSink strict;
    try {
        read_as("scale", dir / "bad.jsonl", strict);
        FAIL("no error");
    } catch (const labelkit::Error& error) {
        CHECK(error.rule() == "scale/negative-size");
        CHECK(error.where().line == 1);
    }
}

TEST_CASE("scale: hostile input is refused with a precise error, never a crash") {
    lt::TempDir dir;
    const auto first_error = [&](const std::string& name, const std::string& text) {
        lt::write_file(dir / name, text);
        DiagnosticSink sink;
        const Dataset dataset = read_as("scale", dir / name, sink, true);
        REQUIRE_FALSE(sink.diagnostics().empty());
        return sink.diagnostics()[0];
    };
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto problem = first_error("deep.json", std::string("[\n") + R"({"task_id": "a"},)" + "\n" + deep + "\n]");
    CHECK(problem.rule == "scale/json-syntax");
    CHECK(problem.location.line == 3);
    CHECK(problem.location.json_pointer == "/1");
    CHECK(problem.message == "the record nests arrays and objects 100000 deep (at most 64 are read)");

    problem = first_error("huge.jsonl", "\n" R"({"task_id": "a", "params": {"attachment": "a.jpg"}, "response": {"annotations": [{"type": "box", "label": "c", "left": 1e400, "top": 1, "width": 2, "height": 3}]}})");
    CHECK(problem.rule == "scale/json-syntax");
    CHECK(problem.location.line == 2);
    CHECK(problem.message.find("number overflow") != std::string::npos);

    // 1e300 is a double, but the right edge 2e300 is not far from it and the area 1e600 is past it.
    problem = first_error("far.jsonl", R"({"task_id": "a", "params": {"attachment": "a.jpg"}, "response": {"annotations": [{"type": "box", "label": "c", "left": 1e300, "top": 1, "width": 1e300, "height": 1e300}]}})");
    CHECK(problem.rule == "scale/schema");
    CHECK(problem.location.json_pointer == "/response/annotations/0");
    CHECK(problem.message.find("too large") != std::string::npos);

    problem = first_error("syntax.json", "[{\"task_id\": \"a\",\n \"response\": {]}]");
    CHECK(problem.rule == "scale/json-syntax");
    CHECK(problem.location.line == 2);
    CHECK(problem.location.column == 15);

    problem = first_error("unterminated.json", "[{\"task_id\": \"a\"");
    CHECK(problem.message == "the JSON value starting here does not end before the end of the file");

    problem = first_error("types.json", R"([{"task_id": 5, "params": [], "response": {"annotations": {"type": "box"}}}])");
    CHECK(problem.rule == "scale/schema");
    CHECK(problem.message == "'params' must be an object, not an array");
    CHECK(problem.location.json_pointer == "/0/params");

    problem = first_error("id.json", R"([{"task_id": 5, "params": {"attachment": "a.jpg"}, "response": {}}])");
    CHECK(problem.message == "'task_id' must be a string, not a number");
    CHECK(problem.location.json_pointer == "/0/task_id");

    problem = first_error("scalar.json", "[1, \"x\"]");
    CHECK(problem.rule == "scale/schema");
    CHECK(problem.location.json_pointer == "/0");
}

TEST_CASE("nucleus: box, polygon, category and line annotations as nucleus-python-client serialises them") {
    // Written from BoxAnnotation / PolygonAnnotation / CategoryAnnotation / LineAnnotation.to_payload
    // in scaleapi/nucleus-python-client nucleus/annotation.py (keys from nucleus/constants.py).
    lt::TempDir dir;
    lt::write_file(dir / "annotations.json", R"([
  {"label": "car", "type": "box", "geometry": {"x": 0, "y": 5, "width": 10, "height": 20.5}, "reference_id": "image_1", "annotation_id": "image_1_car_box_1", "metadata": {"vehicle_color": "red"}, "embedding_vector": null},
  {"label": "bus", "type": "polygon", "geometry": {"vertices": [{"x": 100, "y": 100}, {"x": 150, "y": 200}, {"x": 200, "y": 100}]}, "reference_id": "image_2", "annotation_id": "image_2_bus_polygon_1", "metadata": {}, "embedding_vector": null},
  {"label": "dog", "type": "category", "taxonomy_name": "animals", "reference_id": "image_1", "metadata": {}},
  {"label": "face", "type": "line", "geometry": {"vertices": [{"x": 100, "y": 100}, {"x": 200, "y": 300}]}, "reference_id": "image_2", "annotation_id": "l1", "metadata": {}}
])");
    CHECK(detected(dir / "annotations.json") == "nucleus");
    DiagnosticSink sink;
    const Dataset dataset = read_as("nucleus", dir / "annotations.json", sink);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == "image_1");
    CHECK(dataset.items[1].path == "image_2");
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[0].box == labelkit::Box{0, 5, 10, 20.5});
    CHECK(dataset.annotations[0].attributes == json{{"vehicle_color", "red"}, {"annotation_id", "image_1_car_box_1"}});
    // Vertices (100,100) (150,200) (200,100): x 100..200, y 100..200.
    CHECK(dataset.annotations[1].box == labelkit::Box{100, 100, 100, 100});
    CHECK(dataset.annotations[1].item == 1);
    REQUIRE(dataset.labels.size() == 1);
    CHECK(category_of(dataset, dataset.labels[0].category) == "dog");
    CHECK(dataset.labels[0].attributes == json{{"taxonomy_name", "animals"}});
    CHECK(dataset.items[1].extra["unsupported_annotations"].size() == 1);
    CHECK(only(sink, "nucleus/unsupported-annotation").message.find("1 annotation that") == 0);
    CHECK(sink.diagnostics().size() == 1);
}

TEST_CASE("nucleus: JSON Lines predictions keep their confidence; errors at their line") {
    lt::TempDir dir;
    lt::write_file(dir / "predictions.jsonl",
                   R"({"label": "car", "type": "box", "geometry": {"x": 1, "y": 2, "width": 3, "height": 4}, "reference_id": "a", "confidence": 0.75})"
                   "\n"
                   R"({"label": "car", "type": "box", "geometry": {"x": 1, "y": 2, "width": -3, "height": 4}, "reference_id": "a"})"
                   "\n"
                   R"({"label": "car", "type": "polygon", "geometry": {"vertices": []}, "reference_id": "b"})"
                   "\n"
                   R"({"label": "car", "type": "sphere", "reference_id": "b"})"
                   "\n");
    CHECK(detected(dir / "predictions.jsonl") == "nucleus");
    DiagnosticSink sink;
    const Dataset dataset = read_as("nucleus", dir / "predictions.jsonl", sink, true);
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(*dataset.annotations[0].score == 0.75);
    CHECK(only(sink, "nucleus/negative-size").location.line == 2);
    CHECK(only(sink, "nucleus/negative-size").location.json_pointer == "/geometry");
    CHECK(only(sink, "nucleus/degenerate-polygon").location.line == 3);
    CHECK(only(sink, "nucleus/unknown-annotation-type").location.line == 4);
    CHECK(sink.diagnostics().size() == 3);
}

TEST_CASE("scale: detection looks at the content and tells Scale, Nucleus and COCO apart" * lt::needs_shared) {
    CHECK(detected(sample("imageannotation_callback_doc.json")) == "scale");  // COCO also scores it (an "annotations" key)
    CHECK(detected(sample("categorization_callback_doc.json")) == "scale");
    for (const auto& entry : fs::recursive_directory_iterator(lt::shared_dir() / "reference/platform-samples")) {
        if (!entry.is_regular_file()) continue;
        const std::string extension = entry.path().extension().string();
        if (extension != ".json" && extension != ".jsonl" && extension != ".ndjson") continue;
        if (entry.path().parent_path().filename() == "scale_ai") continue;
        CAPTURE(entry.path());
        CHECK(format("scale").detect(entry.path()).score == 0);
        CHECK(format("nucleus").detect(entry.path()).score == 0);
    }
    std::size_t corpus_files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(lt::corpus(""))) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        CAPTURE(entry.path());
        ++corpus_files;
        CHECK(format("scale").detect(entry.path()).score == 0);
        CHECK(format("nucleus").detect(entry.path()).score == 0);
    }
    CHECK(corpus_files >= 40);  // 43 when written
    for (const char* coco : {"datumaro/coco_dataset/coco_instances/annotations/instances_train.json",
                             "datumaro/coco_dataset/coco/annotations/person_keypoints_val.json",
                             "datumaro/coco_dataset/coco_roboflow/train/_annotations.coco.json"}) {
        CAPTURE(coco);
        CHECK(detected(lt::corpus(coco)) == "coco");
    }
    lt::TempDir dir;
    lt::write_file(dir / "tasks.txt", three_tasks);
    CHECK(format("scale").detect(dir / "tasks.txt").score == 0);  // the content fits, the extension does not
    lt::write_file(dir / "tasks.jsonl", three_tasks);
    CHECK(detected(dir / "tasks.jsonl") == "scale");
}

TEST_CASE("scale: the CLI's exit codes, and scale -> coco checked by hand") {
    lt::TempDir dir;
    lt::write_file(dir / "tasks.jsonl", three_tasks);
    const auto converted = lt::run_labelkit("convert " + lt::q(dir / "tasks.jsonl") + " " + lt::q(dir / "out.json") + " --to coco");
    INFO(converted.err);
    REQUIRE(converted.exit_code == 0);
    const json coco = json::parse(lt::read_file(dir / "out.json"));
    REQUIRE(coco["images"].size() == 1);
    // COCO names the file; the URL is kept where pycocotools downloads from (coco_url).
    CHECK(coco["images"][0]["file_name"] == "a.jpg");
    CHECK(coco["images"][0]["coco_url"] == "https://x.test/a.jpg");
    REQUIRE(coco["categories"].size() == 2);
    CHECK(coco["categories"][1]["name"] == "person");
    REQUIRE(coco["annotations"].size() == 1);
    CHECK(coco["annotations"][0]["bbox"] == json{10.5, 20, 30, 40.25});
    CHECK(coco["annotations"][0]["category_id"] == coco["categories"][1]["id"]);
    CHECK(coco["annotations"][0]["area"] == 10.5 * 0 + 30 * 40.25);  // 1207.5

    lt::write_file(dir / "bad.json", R"([{"task_id": "a", "params": {"attachment": "a.jpg"}, "response": {"annotations": [{"type": "box", "label": "c", "left": 1, "top": 1, "width": -2, "height": 3}]}}])");
    const auto refused = lt::run_labelkit("convert " + lt::q(dir / "bad.json") + " " + lt::q(dir / "bad-out.json") + " --to coco");
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("bad.json:1") != std::string::npos);
    CHECK(refused.err.find("the box has a negative size (-2 x 3) (at /0/response/annotations/0)") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "bad-out.json"));
    const auto linted = lt::run_labelkit("lint " + lt::q(dir / "bad.json"));
    CHECK(linted.exit_code == 1);
    CHECK(linted.out.find("scale/negative-size") != std::string::npos);
    CHECK(lt::run_labelkit("lint " + lt::q(dir / "tasks.jsonl") + " --fail-on error").exit_code == 0);
}

namespace labelkit::test {

// The lint rule cases of scale/ and nucleus/ (run by lint_rule_cases.cpp).
std::vector<RuleCase> scale_rule_cases() {
    const std::string task_start = R"({"task_id": "t", "params": {"attachment": "a.jpg"}, "response": {"annotations": [)";
    const auto task = [&](const std::string& annotation) { return task_start + annotation + "]}}\n"; };
    const std::string box = R"({"type": "box", "label": "c", "left": 1, "top": 1, "width": 2, "height": 3})";
    const std::string good = task(box);
    const auto file = [](const std::string& text) { return Files{{"tasks.jsonl", text}}; };
    const auto two = [&](const std::string& second) { return file(good + second); };
    std::vector<RuleCase> cases;
    cases.push_back({"scale/json-syntax", two(task(box).substr(0, 60) + "}\n"), two(good), "tasks.jsonl:2", "", "tasks.jsonl"});
    cases.push_back({"scale/schema", two(task(R"({"type": "box", "label": 3, "left": 1, "top": 1, "width": 2, "height": 3})")),
                     two(good), "tasks.jsonl:2 (at /response/annotations/0/label)", "", "tasks.jsonl"});
    cases.push_back({"scale/unknown-annotation-type", two(task(R"({"type": "boxx", "label": "c"})")), two(good),
                     "tasks.jsonl:2 (at /response/annotations/0/type)", "", "tasks.jsonl"});
    cases.push_back({"scale/negative-size", two(task(R"({"type": "box", "label": "c", "left": 1, "top": 1, "width": -2, "height": 3})")),
                     two(good), "tasks.jsonl:2 (at /response/annotations/0)", "", "tasks.jsonl"});
    cases.push_back({"scale/degenerate-polygon", two(task(R"({"type": "polygon", "label": "c", "vertices": [{"x": 1, "y": 1}]})")),
                     two(good), "tasks.jsonl:2 (at /response/annotations/0/vertices)", "", "tasks.jsonl"});
    cases.push_back({"scale/missing-response", two(R"({"task_id": "u", "status": "completed", "params": {"attachment": "b.jpg"}})" "\n"),
                     two(good), "tasks.jsonl:2", "", "tasks.jsonl"});
    cases.push_back({"scale/attachment-missing", two(R"({"task_id": "u", "params": {}, "response": {"annotations": []}})" "\n"),
                     two(good), "tasks.jsonl:2 (at /params)", "", "tasks.jsonl"});
    cases.push_back({"scale/not-completed", two(R"({"task_id": "u", "status": "pending", "params": {"attachment": "b.jpg"}})" "\n"),
                     two(good), "tasks.jsonl", "", "tasks.jsonl"});
    cases.push_back({"scale/unsupported-annotation", two(task(R"({"type": "point", "label": "c", "x": 1, "y": 2})")), two(good),
                     "tasks.jsonl", "", "tasks.jsonl"});

    const std::string nucleus_box = R"({"label": "c", "type": "box", "geometry": {"x": 1, "y": 1, "width": 2, "height": 3}, "reference_id": "a"})" "\n";
    const auto nucleus = [&](const std::string& second) { return Files{{"annotations.jsonl", nucleus_box + second + "\n"}}; };
    const Files nucleus_good = nucleus(nucleus_box);
    cases.push_back({"nucleus/json-syntax", nucleus(R"({"label": "c", "type": "box",)"), nucleus_good, "annotations.jsonl:2", "",
                     "annotations.jsonl"});
    cases.push_back({"nucleus/schema", nucleus(R"({"label": "c", "type": "box", "geometry": [], "reference_id": "a"})"),
                     nucleus_good, "annotations.jsonl:2 (at /geometry)", "", "annotations.jsonl"});
    cases.push_back({"nucleus/unknown-annotation-type", nucleus(R"({"label": "c", "type": "blob", "reference_id": "a"})"),
                     nucleus_good, "annotations.jsonl:2 (at /type)", "", "annotations.jsonl"});
    cases.push_back({"nucleus/negative-size",
                     nucleus(R"({"label": "c", "type": "box", "geometry": {"x": 1, "y": 1, "width": 2, "height": -3}, "reference_id": "a"})"),
                     nucleus_good, "annotations.jsonl:2 (at /geometry)", "", "annotations.jsonl"});
    cases.push_back({"nucleus/degenerate-polygon",
                     nucleus(R"({"label": "c", "type": "polygon", "geometry": {"vertices": [{"x": 1, "y": 1}, {"x": 2, "y": 2}]}, "reference_id": "a"})"),
                     nucleus_good, "annotations.jsonl:2 (at /geometry/vertices)", "", "annotations.jsonl"});
    cases.push_back({"nucleus/unsupported-annotation",
                     nucleus(R"({"label": "c", "type": "line", "geometry": {"vertices": [{"x": 1, "y": 1}, {"x": 2, "y": 2}]}, "reference_id": "a"})"),
                     nucleus_good, "annotations.jsonl", "", "annotations.jsonl"});
    return cases;
}

}  // namespace labelkit::test

TEST_CASE("scale: the imageannotation example converted to COCO, checked by hand" * lt::needs_shared) {
    lt::TempDir dir;
    const auto converted = lt::run_labelkit("convert " + lt::q(sample("imageannotation_callback_doc.json")) + " " +
                                            lt::q(dir / "out.json") + " --to coco");
    INFO(converted.err);
    REQUIRE(converted.exit_code == 0);
    CHECK(converted.err.find("[scale/attachment-missing]") != std::string::npos);
    const json coco = json::parse(lt::read_file(dir / "out.json"));
    REQUIRE(coco["annotations"].size() == 3);
    CHECK(coco["annotations"][0]["bbox"] == json{2, 4, 3, 5});
    CHECK(coco["annotations"][0]["area"] == 15);  // 3 x 5
    CHECK(coco["annotations"][1]["bbox"] == json{7, 5, 14, 5});
    CHECK(coco["annotations"][2]["segmentation"] == json{{123, 10, 140, 49, 67, 34}});
    CHECK(coco["annotations"][2]["bbox"] == json{67, 10, 73, 39});
    // Shoelace: 123*49 - 140*10 = 4627, 140*34 - 67*49 = 1477, 67*10 - 123*34 = -3512; (4627 + 1477 - 3512) / 2.
    CHECK(coco["annotations"][2]["area"] == 1296);
    CHECK(coco["annotations"][2]["attributes"]["uuid"] == "65ec1f52-5902-4b39-bea9-ab6b4d58ef43");
    CHECK(coco["images"][0]["file_name"] == "5774cc78b01249ab09f089dd");
    CHECK(coco["categories"][2]["name"] == "car");
}
