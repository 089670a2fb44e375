// SageMaker Ground Truth (output manifest, worker responses) and MTurk batch results: the
// documentation's samples read as worked out by hand, hostile variants, detection against the
// rating tables, the CLI's exit codes, and the lint rule cases of both formats.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "lint_rule_cases.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

namespace fs = std::filesystem;
using labelkit::Box;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::Error;
using labelkit::no_index;
using nlohmann::json;
namespace lt = labelkit::test;

namespace {

const std::vector<labelkit::Format>& formats() {
    static const std::vector<labelkit::Format> all = labelkit::all_formats();
    return all;
}

fs::path samples() { return lt::shared_dir() / "reference" / "platform-samples"; }

// Read with format detection (checks that the right format is detected).
Dataset read_detected(const fs::path& path, const std::string& expected_format, DiagnosticSink& sink,
                      bool lenient = false) {
    labelkit::ReadOptions options;
    options.lenient = lenient;
    labelkit::LoadedDataset loaded = labelkit::load_dataset(formats(), path, "", options, sink);
    REQUIRE(loaded.format);
    CHECK(loaded.format->name == expected_format);
    return std::move(loaded.dataset);
}

Dataset read_detected(const fs::path& path, const std::string& expected_format) {
    DiagnosticSink sink;
    return read_detected(path, expected_format, sink);
}

std::string category_of(const Dataset& dataset, std::uint32_t category) { return dataset.categories.at(category).name; }

// The strict read's error, or an empty one when it read.
Error read_error(const fs::path& path, const std::string& format) {
    DiagnosticSink sink;
    try {
        labelkit::load_dataset(formats(), path, format, {}, sink);
    } catch (const Error& error) {
        return error;
    }
    return Error("");
}

const char* const box_line =
    R"({"source-ref":"s3://b/a.jpg","boxes":{"image_size":[{"width":100,"height":80,"depth":3}],"annotations":[{"class_id":0,"left":10,"top":10,"width":20,"height":20}]},"boxes-metadata":{"objects":[{"confidence":0.5}],"class-map":{"0":"cat"},"type":"groundtruth/object-detection","job-name":"j"}})";
const char* const class_line =
    R"({"source-ref":"s3://b/b.jpg","animal":1,"animal-metadata":{"class-name":"dog","confidence":0.7,"type":"groundtruth/image-classification"}})";

std::string manifest(const std::string& first = box_line, const std::string& second = class_line) {
    return first + "\n" + second + "\n";
}

const char* const batch_header =
    "HITId,WorkerId,AssignmentStatus,Input.image_url,Answer.annotatedResult.boundingBoxes,"
    "Answer.annotatedResult.inputImageProperties.height,Answer.annotatedResult.inputImageProperties.width\n";

std::string batch_row(const std::string& worker, const std::string& status, const std::string& url, const std::string& boxes) {
    return "H1," + worker + "," + status + "," + url + ",\"" + boxes + "\",80,100\n";
}

const char* const car_box = R"([{""height"":20,""label"":""Car"",""left"":10,""top"":10,""width"":30}])";

std::string batch(const std::string& second_row = batch_row("W2", "Approved", "https://x/a.jpg", car_box)) {
    return batch_header + batch_row("W1", "Submitted", "https://x/a.jpg", car_box) + second_row;
}

}  // namespace

TEST_CASE("sagemaker: the documentation's output manifest, read by hand" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_detected(samples() / "sagemaker_gt" / "output.manifest", "sagemaker", sink);
    // Lines 1, 2, 3 and 5 name three images (lines 3 and 5 the same example_image.jpg); line 4 is
    // inline text, its item named after the file and line.
    REQUIRE(dataset.items.size() == 4);
    CHECK(dataset.items[0].path == "s3://AWSDOC-EXAMPLE-BUCKET/example_image.png");
    CHECK(dataset.items[0].width == 500);
    CHECK(dataset.items[0].height == 400);
    CHECK(dataset.items[2].path == "s3://AWSDOC-EXAMPLE-BUCKET/example_image.jpg");
    CHECK(dataset.items[3].path == "output.manifest:4");
    CHECK(dataset.items[3].kind == labelkit::ItemKind::text);
    CHECK(dataset.items[3].extra["text"] == "The food was delicious");
    // Lines 1 and 2: three boxes each (dog, bone, bone) with the metadata's confidences.
    REQUIRE(dataset.annotations.size() == 6);
    CHECK(dataset.annotations[0].box == Box{111, 134, 61, 128});
    CHECK(category_of(dataset, dataset.annotations[0].category) == "dog");
    CHECK(*dataset.annotations[0].score == 0.8);
    CHECK(dataset.annotations[0].annotator == no_index);
    CHECK(dataset.annotations[0].attributes["label-attribute"] == "bounding-box");
    CHECK(dataset.annotations[0].attributes["job-name"] == "identify-dogs-and-toys");
    CHECK(dataset.annotations[2].box == Box{20, 20, 30, 30});
    CHECK(category_of(dataset, dataset.annotations[2].category) == "bone");
    CHECK(*dataset.annotations[2].score == 0.9);
    CHECK(dataset.annotations[3].item == 1);
    // Class-map indices are kept as ids while free: dog 0, bone 5, positive 1; the multi-label
    // line's bicycle (1) and person (0) collide and take the next free ids 6 and 7; clothing 8.
    REQUIRE(dataset.categories.size() == 6);
    const std::pair<const char*, std::int64_t> expected[] = {{"dog", 0}, {"bone", 5}, {"positive", 1},
                                                             {"bicycle", 6}, {"person", 7}, {"clothing", 8}};
    for (std::size_t k = 0; k < 6; ++k) {
        CHECK(dataset.categories[k].name == expected[k].first);
        CHECK(dataset.categories[k].id == expected[k].second);
    }
    // Labels: species dog (confidence 0.0) on line 3, positive 0.8 on line 4, and line 5's
    // multi-label [1, 0, 8] with the confidence-map's 0.95, 0.77, 0.2.
    REQUIRE(dataset.labels.size() == 5);
    const std::tuple<std::uint32_t, const char*, double> labels[] = {
        {2, "dog", 0.0}, {3, "positive", 0.8}, {2, "bicycle", 0.95}, {2, "person", 0.77}, {2, "clothing", 0.2}};
    for (std::size_t k = 0; k < 5; ++k) {
        CHECK(dataset.labels[k].item == std::get<0>(labels[k]));
        CHECK(category_of(dataset, dataset.labels[k].category) == std::get<1>(labels[k]));
        CHECK(*dataset.labels[k].score == std::get<2>(labels[k]));
        CHECK(dataset.labels[k].annotator == no_index);
    }
    CHECK(dataset.annotators.empty());
    // Line 2's label verification is not read, and says so.
    REQUIRE(count_rule(sink, "sagemaker/unread") == 1);
    CHECK(sink.diagnostics()[0].message.find("groundtruth/label-verification") != std::string::npos);
}

TEST_CASE("sagemaker: the crowd-bounding-box element's output, one worker's answer" * lt::needs_shared) {
    const Dataset dataset = read_detected(samples() / "sagemaker_gt" / "crowd_bounding_box_element_output.json", "sagemaker");
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "crowd_bounding_box_element_output");
    CHECK(dataset.items[0].width == 800);
    CHECK(dataset.items[0].height == 533);
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[0].box == Box{241, 125, 158, 395});
    CHECK(category_of(dataset, dataset.annotations[0].category) == "Dog");
    CHECK(dataset.annotations[1].box == Box{699, 116, 101, 298});
    CHECK(category_of(dataset, dataset.annotations[1].category) == "Cat");
    REQUIRE(dataset.annotators.size() == 1);
    CHECK(dataset.annotators[0].id == "crowd_bounding_box_element_output.json");
    CHECK(dataset.annotations[1].annotator == 0);
}

TEST_CASE("mturk: the six-worker batch excerpt, one annotator per assignment" * lt::needs_shared) {
    // The excerpt has '#' comment lines above the CSV (not part of MTurk's file): left out here.
    lt::TempDir dir;
    std::string csv;
    for (const std::string& line : lt::lines_of(lt::read_file(samples() / "mturk_crowd_html" / "batch_results_6workers_boxes_excerpt.txt")))
        if (!line.starts_with("#")) csv += line + "\n";
    lt::write_file(dir / "Batch_1_batch_results.csv", csv);
    const Dataset dataset = read_detected(dir / "Batch_1_batch_results.csv", "mturk");
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "https://kstonedev.s3-us-west-2.amazonaws.com/W241/openimages/1002f337f91b7932.jpg");
    CHECK(dataset.items[0].width == 1024);
    CHECK(dataset.items[0].height == 1024);
    // No WorkerId column: each row (lines 2 to 7) is its own annotator, named after its line.
    REQUIRE(dataset.annotators.size() == 6);
    CHECK(dataset.annotators[0].id == "line 2");
    CHECK(dataset.annotators[5].id == "line 7");
    REQUIRE(dataset.annotations.size() == 6);
    CHECK(dataset.annotations[0].box == Box{361, 441, 191, 252});
    CHECK(dataset.annotations[5].box == Box{368, 459, 169, 202});
    CHECK(dataset.annotations[5].annotator == 5);
    REQUIRE(dataset.categories.size() == 1);
    CHECK(dataset.categories[0].name == "Car");
}

TEST_CASE("sagemaker: a folder of worker responses, the workers as annotators") {
    lt::TempDir dir;
    const fs::path root = dir / "worker-response";
    lt::write_file(root / "iteration-1/0/2024-01-01T00:00:00.json",
                   R"({"answers":[{"answerContent":{"boundingBox":{"boundingBoxes":[{"height":20,"label":"cat","left":10,"top":12,"width":30}],"inputImageProperties":{"height":80,"width":100}}},"workerId":"w1"}]})");
    lt::write_file(root / "iteration-1/0/2024-01-01T00:01:00.json",
                   R"({"answers":[{"answerContent":{"boundingBox":{"boundingBoxes":[{"height":21,"label":"cat","left":11,"top":12,"width":29}]}},"workerMetadata":{"identityData":{"sub":"sub-2"}}}]})");
    lt::write_file(root / "iteration-1/1/2024-01-01T00:02:00.json",
                   R"({"answers":[{"answerContent":{"crowd-image-classifier":{"label":"dog"},"comment":"blurry"},"workerId":"w1","dataObject":{"s3Uri":"s3://b/1.jpg"}}]})");
    DiagnosticSink sink;
    const Dataset dataset = read_detected(root, "sagemaker", sink);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == "0");  // the dataset object's index folder below iteration-1
    CHECK(dataset.items[0].width == 100);
    CHECK(dataset.items[1].path == "s3://b/1.jpg");
    REQUIRE(dataset.annotators.size() == 2);
    CHECK(dataset.annotators[0].id == "w1");
    CHECK(dataset.annotators[1].id == "sub-2");
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[0].box == Box{10, 12, 30, 20});
    CHECK(dataset.annotations[1].box == Box{11, 12, 29, 21});
    CHECK(dataset.annotations[1].annotator == 1);
    REQUIRE(dataset.labels.size() == 1);
    CHECK(category_of(dataset, dataset.labels[0].category) == "dog");
    CHECK(dataset.labels[0].annotator == 0);
    // The free-text "comment" answer is counted, not read.
    REQUIRE(count_rule(sink, "sagemaker/unread") == 1);
}

namespace {

// A Ground Truth job's annotations folder as the job writes it (/tmp/newuser/wr, two workers):
// worker-response/iteration-1/<object index>/<time>.json, one file per data object with its
// workers' answers; the same answers batched in consolidation-request/ (the post-annotation
// Lambda's input, which names the objects); the Lambda's output in consolidation-response/.
json box_answer(const std::string& label, int left, int top, int side) {
    return {{"boundingBox",
             {{"boundingBoxes", json::array({{{"label", label}, {"left", left}, {"top", top}, {"width", side}, {"height", side}}})},
              {"inputImageProperties", {{"width", 500}, {"height", 400}}}}}};
}

// Object 0: w1 and w2 draw a dog 100 px wide, 10 px apart; object 1: both the same 50 px cat.
const json object_answers[2][2] = {{box_answer("dog", 10, 10, 100), box_answer("dog", 20, 10, 100)},
                                   {box_answer("cat", 0, 0, 50), box_answer("cat", 0, 0, 50)}};

void write_job(const fs::path& job, bool worker_responses = true, bool consolidation = true) {
    const fs::path annotations = job / "annotations";
    json request = json::array();
    for (int object = 0; object < 2; ++object) {
        json answers = json::array(), annotations_of = json::array();
        for (int worker = 0; worker < 2; ++worker) {
            const std::string id = "w" + std::to_string(worker + 1);
            answers.push_back({{"workerId", id}, {"answerContent", object_answers[object][worker]}});
            annotations_of.push_back({{"workerId", id}, {"annotationData", {{"content", object_answers[object][worker].dump()}}}});
        }
        if (worker_responses)
            lt::write_file(annotations / "worker-response/iteration-1" / std::to_string(object) / "2024-01-01_00:00:00.json",
                           json{{"answers", answers}}.dump());
        request.push_back({{"datasetObjectId", std::to_string(object)},
                           {"dataObject", {{"s3Uri", "s3://b/img/" + std::to_string(object) + ".jpg"}}},
                           {"annotations", annotations_of}});
    }
    if (!consolidation) return;
    lt::write_file(annotations / "consolidated-annotation/consolidation-request/iteration-1/2024-01-01_00:05:00.json", request.dump());
    lt::write_file(annotations / "consolidated-annotation/consolidation-response/iteration-1/2024-01-01_00:06:00.json",
                   R"([{"datasetObjectId":"0","consolidatedAnnotation":{"content":{"bb":{"annotations":[]}}}}])");
    // The labelling job's label configuration, beside annotations/: not an answer.
    lt::write_file(job / "annotation-tool/data.json", R"({"document-version":"2018-11-28","labels":[{"label":"dog"},{"label":"cat"}]})");
}

// Hand-counted: 2 items, 2 workers, 4 answers, 4 boxes (each answer once).
void check_job_answers(const Dataset& dataset, const std::string& item0, const std::string& item1) {
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == item0);
    CHECK(dataset.items[1].path == item1);
    CHECK(dataset.items[0].width == 500);
    REQUIRE(dataset.annotators.size() == 2);
    CHECK(dataset.annotators[0].id == "w1");
    CHECK(dataset.annotators[1].id == "w2");
    CHECK(dataset.answers.size() == 4);
    REQUIRE(dataset.annotations.size() == 4);
    CHECK(dataset.annotations[1].box == Box{20, 10, 100, 100});
    CHECK(dataset.annotations[1].annotator == 1);
    CHECK(dataset.annotations[2].item == 1);
    CHECK(dataset.annotations[2].box == Box{0, 0, 50, 50});
}

}  // namespace

TEST_CASE("sagemaker: a job's annotations folder counts each answer once") {
    lt::TempDir dir;
    const fs::path job = dir / "job";
    write_job(job);
    // From annotations/ and from the job folder: the worker responses only, named by the
    // consolidation request's dataObject; the two consolidated-annotation files are counted in one info.
    for (const fs::path& input : {job / "annotations", job}) {
        CAPTURE(input);
        DiagnosticSink sink;
        const Dataset dataset = read_detected(input, "sagemaker", sink);
        check_job_answers(dataset, "s3://b/img/0.jpg", "s3://b/img/1.jpg");
        REQUIRE(count_rule(sink, "sagemaker/consolidation-skipped") == 1);
        CHECK(find_rule(sink, "sagemaker/consolidation-skipped")->message.find("2 files") != std::string::npos);
        CHECK(sink.diagnostics().size() == 1);
    }
    // From worker-response/: nothing consolidated inside, the objects named by their index folder.
    DiagnosticSink sink;
    check_job_answers(read_detected(job / "annotations/worker-response", "sagemaker", sink), "0", "1");
    CHECK(sink.diagnostics().empty());
    // Without worker responses, the consolidation requests hold the same answers: read, named the same.
    const fs::path requests_only = dir / "requests-only";
    write_job(requests_only, false);
    DiagnosticSink requests_sink;
    check_job_answers(read_detected(requests_only / "annotations", "sagemaker", requests_sink), "s3://b/img/0.jpg",
                      "s3://b/img/1.jpg");
    CHECK(count_rule(requests_sink, "sagemaker/consolidation-skipped") == 1);  // the response file
    CHECK(find_rule(requests_sink, "sagemaker/consolidation-skipped")->message.find("1 file ") != std::string::npos);
}

TEST_CASE("sagemaker: a job's annotations folder is detected from the job, annotations/ and worker-response/") {
    lt::TempDir dir;
    write_job(dir / "job");
    const labelkit::Format& sagemaker = labelkit::find_format(formats(), "sagemaker");
    const labelkit::Detection from_job = sagemaker.detect(dir / "job");
    CHECK(from_job.score == 85);
    CHECK(from_job.reason.find("annotations/worker-response") != std::string::npos);
    CHECK(sagemaker.detect(dir / "job" / "annotations").score == 85);
    CHECK(sagemaker.detect(dir / "job" / "annotations" / "worker-response").score == 80);
    // A folder with other JSON files among the answers is still not taken.
    lt::write_file(dir / "mixed/0/a.json", R"({"answers":[{"answerContent":{},"workerId":"w"}]})");
    lt::write_file(dir / "mixed/0/b.json", R"({"images":[]})");
    CHECK(sagemaker.detect(dir / "mixed").score == 0);
}

TEST_CASE("sagemaker: agree on a job's annotations folder compares the two workers once") {
    lt::TempDir dir;
    write_job(dir / "job");
    const lt::CommandResult agree = lt::run_labelkit("agree --format json " + lt::q(dir / "job" / "annotations"));
    REQUIRE(agree.exit_code == 0);
    const json report = json::parse(agree.out);
    CHECK(report["annotators"] == json{"w1", "w2"});
    // Object 0: the dogs overlap on 90 x 100 = 9000 px of 10000 + 10000 - 9000 = 11000: IoU 9/11;
    // object 1: the same cat, IoU 1. Two matches, nothing unmatched: F1 1, mean IoU (9/11 + 1) / 2 = 10/11.
    REQUIRE(report["spatial"]["pairs"].size() == 1);
    const json& pair = report["spatial"]["pairs"][0];
    CHECK(pair["matched"] == 2);
    CHECK(pair["only_a"] == 0);
    CHECK(pair["only_b"] == 0);
    CHECK(pair["f1"] == 1.0);
    CHECK(pair["mean_iou"].get<double>() == doctest::Approx(10.0 / 11.0).epsilon(1e-12));
}

TEST_CASE("sagemaker: a text job's inline objects (dataObject.content) are text items named by their index") {
    lt::TempDir dir;
    const fs::path annotations = dir / "job" / "annotations";
    const json answer = {{"sentiment", {{"label", "positive"}}}};
    lt::write_file(annotations / "worker-response/iteration-1/3/t.json",
                   json{{"answers", json::array({{{"workerId", "w1"}, {"answerContent", answer}}})}}.dump());
    const json request = json::array({{{"datasetObjectId", "3"},
                                       {"dataObject", {{"content", "The food was delicious"}}},
                                       {"annotations", json::array({{{"workerId", "w1"}, {"annotationData", {{"content", answer.dump()}}}}})}}});
    lt::write_file(annotations / "consolidated-annotation/consolidation-request/iteration-1/t.json", request.dump());
    // From the worker responses (the text from the request) and from the request alone: the same item.
    for (const bool with_responses : {true, false}) {
        CAPTURE(with_responses);
        if (!with_responses) fs::remove_all(annotations / "worker-response");
        DiagnosticSink sink;
        const Dataset dataset = read_detected(annotations, "sagemaker", sink);
        REQUIRE(dataset.items.size() == 1);
        CHECK(dataset.items[0].path == "3");
        CHECK(dataset.items[0].kind == labelkit::ItemKind::text);
        CHECK(dataset.items[0].extra["text"] == "The food was delicious");
        REQUIRE(dataset.labels.size() == 1);
        CHECK(category_of(dataset, dataset.labels[0].category) == "positive");
    }
}

TEST_CASE("sagemaker: the post-annotation Lambda's input, answers as JSON strings") {
    lt::TempDir dir;
    const json content = {{"annotatedResult", {{"boundingBoxes", json::array({{{"label", "cat"}, {"left", 1}, {"top", 2}, {"width", 3}, {"height", 4}}})}}}};
    const json payload = json::array({{{"datasetObjectId", "7"},
                                       {"dataObject", {{"s3Uri", "s3://b/7.jpg"}}},
                                       {"annotations", json::array({{{"workerId", "a"}, {"annotationData", {{"content", content.dump()}}}},
                                                                    {{"workerId", "b"}, {"annotationData", {{"content", "{oops"}}}}})}}});
    lt::write_file(dir / "payload.json", payload.dump());
    const Error error = read_error(dir / "payload.json", "");
    CHECK(error.rule() == "sagemaker/answer-json");
    CHECK(error.where().json_pointer == "/0/annotations/1/annotationData/content");
    DiagnosticSink sink;
    const Dataset dataset = read_detected(dir / "payload.json", "sagemaker", sink, true);
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.annotations[0].box == Box{1, 2, 3, 4});
    CHECK(dataset.items.at(0).path == "s3://b/7.jpg");
    CHECK(dataset.annotators.at(0).id == "a");
    CHECK(count_rule(sink, "sagemaker/answer-json") == 1);
    // Without dataObject, the item is the datasetObjectId.
    json bare = payload;
    bare[0].erase("dataObject");
    lt::write_file(dir / "payload.json", bare.dump());
    DiagnosticSink bare_sink;
    CHECK(read_detected(dir / "payload.json", "sagemaker", bare_sink, true).items.at(0).path == "7");
}

TEST_CASE("sagemaker: hostile manifests give precise errors and never crash") {
    lt::TempDir dir;
    const auto error_of = [&](const std::string& text) {
        lt::write_file(dir / "output.manifest", text);
        return read_error(dir / "output.manifest", "sagemaker");
    };
    Error error = error_of(manifest(box_line, "{\"source-ref\": oops"));
    CHECK(error.rule() == "sagemaker/json-syntax");
    CHECK(error.where().line == 2);
    error = error_of(manifest(box_line, R"({"source-ref":"s3://b/c.jpg","n":1e999})"));
    CHECK(error.rule() == "sagemaker/json-syntax");
    std::string unknown = box_line;
    unknown.replace(unknown.find("\"class_id\":0"), 12, "\"class_id\":3");
    error = error_of(manifest(unknown));
    CHECK(error.rule() == "sagemaker/unknown-class");
    CHECK(error.where().line == 1);
    CHECK(error.where().json_pointer == "/boxes/annotations/0/class_id");
    std::string confident = box_line;
    confident.replace(confident.find("0.5"), 3, "-0.1");
    error = error_of(manifest(confident));
    CHECK(error.rule() == "sagemaker/confidence-range");
    CHECK(error.where().json_pointer == "/boxes-metadata/objects/0/confidence");
    error = error_of(manifest(box_line, R"({"animal":1,"animal-metadata":{"class-name":"dog","type":"groundtruth/image-classification"}})"));
    CHECK(error.rule() == "sagemaker/missing-source");
    CHECK(error.where().line == 2);
    std::string no_type = box_line;
    no_type.replace(no_type.find("\"type\""), 6, "\"kind\"");
    error = error_of(manifest(no_type));
    CHECK(error.rule() == "sagemaker/schema");
    CHECK(error.where().json_pointer == "/boxes-metadata");
    std::string huge_size = box_line;
    huge_size.replace(huge_size.find("\"width\":100"), 11, "\"width\":1e300");
    error = error_of(manifest(huge_size));
    CHECK(error.rule() == "sagemaker/schema");
    CHECK(error.where().json_pointer == "/boxes/image_size");
    // Deep nesting, a line that is not an object, an empty file.
    error = error_of(std::string(100000, '[') + std::string(100000, ']') + "\n");
    CHECK(error.rule() == "sagemaker/schema");
    // An empty manifest is not detected, and read as sagemaker it holds nothing.
    lt::write_file(dir / "output.manifest", "\n");
    CHECK(labelkit::find_format(formats(), "sagemaker").detect(dir / "output.manifest").score == 0);
    DiagnosticSink sink;
    CHECK(labelkit::load_dataset(formats(), dir / "output.manifest", "sagemaker", {}, sink).dataset.items.empty());
}

TEST_CASE("sagemaker: lenient reading keeps the rest of the line and of the file") {
    lt::TempDir dir;
    std::string confident = box_line;
    confident.replace(confident.find("0.5"), 3, "1.5");
    lt::write_file(dir / "output.manifest", manifest(confident, "not json") + class_line + "\n");
    DiagnosticSink sink;
    const Dataset dataset = read_detected(dir / "output.manifest", "sagemaker", sink, true);
    // The box is kept without its score; line 2 is skipped; line 3 read.
    REQUIRE(dataset.annotations.size() == 1);
    CHECK_FALSE(dataset.annotations[0].score.has_value());
    CHECK(dataset.labels.size() == 1);
    CHECK(count_rule(sink, "sagemaker/confidence-range") == 1);
    CHECK(count_rule(sink, "sagemaker/json-syntax") == 1);
}

TEST_CASE("mturk: answers, rejected assignments and broken cells") {
    lt::TempDir dir;
    const fs::path path = dir / "Batch_9_batch_results.csv";
    lt::write_file(path, batch(batch_row("W2", "Rejected", "https://x/a.jpg", car_box)) +
                             "H2,W1,Submitted,https://x/b.jpg,,,\n");
    DiagnosticSink sink;
    const Dataset dataset = read_detected(path, "mturk", sink);
    // The rejected row is left out and counted; row 4 has no box answer: its item is still read.
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].width == 100);
    CHECK(dataset.items[0].height == 80);
    CHECK(dataset.items[1].path == "https://x/b.jpg");
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.annotations[0].box == Box{10, 10, 30, 20});
    REQUIRE(dataset.annotators.size() == 1);
    CHECK(dataset.annotators[0].id == "W1");
    REQUIRE(count_rule(sink, "mturk/rejected") == 1);
    CHECK(sink.diagnostics()[0].message.find("1 rejected assignment") != std::string::npos);

    lt::write_file(path, batch(batch_row("W2", "Approved", "https://x/a.jpg", "[{oops")));
    Error error = read_error(path, "");
    CHECK(error.rule() == "mturk/answer-json");
    CHECK(error.where().line == 3);
    CHECK(error.message().find("column Answer.annotatedResult.boundingBoxes") != std::string::npos);
    lt::write_file(path, batch(batch_row("W2", "Approved", "https://x/a.jpg", R"([{""label"":""Car"",""top"":1,""width"":2,""height"":3}])")));
    error = read_error(path, "");
    CHECK(error.rule() == "mturk/schema");
    CHECK(error.where().json_pointer == "/0");
    CHECK(error.message().find("column Answer.annotatedResult.boundingBoxes: \"left\" must be a number") != std::string::npos);
    lt::write_file(path, batch(batch_row("W2", "Approved", "", car_box)));
    error = read_error(path, "");
    CHECK(error.rule() == "mturk/missing-input");
    CHECK(error.where().line == 3);
    // Classification answers: crowd-classifier's Answer.<name>.label.
    lt::write_file(path, "WorkerId,Input.text_url,Answer.category.label\nW1,s3://b/t.txt,Sports\nW2,s3://b/t.txt,News\n");
    const Dataset labels = read_detected(path, "mturk");
    REQUIRE(labels.labels.size() == 2);
    CHECK(category_of(labels, labels.labels[1].category) == "News");
    CHECK(labels.labels[1].annotator == 1);
}

namespace {

// A crowd-form template's batch (as /tmp/newuser/mturk_ta.csv): all answers in Answer.taskAnswers.
std::string task_answers_batch(const std::string& first_cell, const std::string& second_cell) {
    return "HITId,HITTypeId,AssignmentId,WorkerId,AssignmentStatus,Input.image_url,Answer.taskAnswers,Approve,Reject\n"
           "H1,T,A1,W1,Submitted,https://x/img/q.jpg,\"" + first_cell + "\",,\n"
           "H1,T,A2,W2,Submitted,https://x/img/q.jpg,\"" + second_cell + "\",,\n";
}

std::string task_answer_box(int left) {
    return R"([{""annotatedResult"": {""boundingBoxes"": [{""height"": 50, ""label"": ""car"", ""left"": )" +
           std::to_string(left) + R"(, ""top"": 10, ""width"": 50}], ""inputImageProperties"": {""height"": 100, ""width"": 100}}}])";
}

}  // namespace

TEST_CASE("mturk: Answer.taskAnswers (crowd-form templates) read like the dotted columns") {
    lt::TempDir dir;
    const fs::path path = dir / "Batch_2_batch_results.csv";
    lt::write_file(path, task_answers_batch(task_answer_box(10), task_answer_box(12)));
    DiagnosticSink sink;
    const Dataset dataset = read_detected(path, "mturk", sink);
    CHECK(sink.diagnostics().empty());
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "https://x/img/q.jpg");
    CHECK(dataset.items[0].width == 100);
    CHECK(dataset.items[0].height == 100);
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[0].box == Box{10, 10, 50, 50});
    CHECK(dataset.annotations[1].box == Box{12, 10, 50, 50});
    CHECK(dataset.annotations[1].annotator == 1);
    REQUIRE(dataset.annotators.size() == 2);
    CHECK(dataset.annotators[1].id == "W2");
    CHECK(category_of(dataset, dataset.annotations[0].category) == "car");

    // agree: the boxes overlap on 48 x 50 = 2400 px of a union 2500 + 2500 - 2400 = 2600: IoU 12/13,
    // one match at IoU >= 0.5, F1 1.
    const lt::CommandResult agree = lt::run_labelkit("agree --format json " + lt::q(path));
    REQUIRE(agree.exit_code == 0);
    const json report = json::parse(agree.out);
    CHECK(report["annotators"] == json{"W1", "W2"});
    REQUIRE(report["spatial"]["pairs"].size() == 1);
    CHECK(report["spatial"]["pairs"][0]["matched"] == 1);
    CHECK(report["spatial"]["pairs"][0]["f1"] == 1.0);
    CHECK(report["spatial"]["pairs"][0]["mean_iou"].get<double>() == doctest::Approx(12.0 / 13.0).epsilon(1e-12));

    // crowd-classifier's answer inside taskAnswers: {"category": {"label": ...}}.
    lt::write_file(path, task_answers_batch(R"([{""category"": {""label"": ""Sports""}}])",
                                            R"([{""category"": {""labels"": [""News"", ""Sports""]}}])"));
    const Dataset labels = read_detected(path, "mturk");
    REQUIRE(labels.labels.size() == 3);
    CHECK(category_of(labels, labels.labels[0].category) == "Sports");
    CHECK(category_of(labels, labels.labels[1].category) == "News");
    CHECK(labels.labels[2].annotator == 1);
}

TEST_CASE("mturk: broken Answer.taskAnswers cells name the column and the pointer inside it") {
    lt::TempDir dir;
    const fs::path path = dir / "Batch_3_batch_results.csv";
    // A box without "left": the pointer is inside the cell's array.
    lt::write_file(path, task_answers_batch(task_answer_box(10),
                                            R"([{""annotatedResult"": {""boundingBoxes"": [{""height"": 5, ""label"": ""car"", ""top"": 1, ""width"": 5}]}}])"));
    Error error = read_error(path, "");
    CHECK(error.rule() == "mturk/schema");
    CHECK(error.where().line == 3);
    CHECK(error.where().json_pointer == "/0/annotatedResult/boundingBoxes/0");
    CHECK(error.message().find("column Answer.taskAnswers: \"left\" must be a number") != std::string::npos);
    // Two task answers in one assignment: an error; read leniently, the first is kept.
    const std::string two = R"([{""category"": {""label"": ""A""}}, {""category"": {""label"": ""B""}}])";
    lt::write_file(path, task_answers_batch(task_answer_box(10), two));
    error = read_error(path, "");
    CHECK(error.rule() == "mturk/schema");
    CHECK(error.where().line == 3);
    CHECK(error.where().json_pointer == "/1");
    CHECK(error.message().find("2 task answers") != std::string::npos);
    DiagnosticSink sink;
    const Dataset lenient = read_detected(path, "mturk", sink, true);
    REQUIRE(lenient.labels.size() == 1);
    CHECK(category_of(lenient, lenient.labels[0].category) == "A");
    CHECK(count_rule(sink, "mturk/schema") == 1);
    // Not an array of objects.
    lt::write_file(path, task_answers_batch(task_answer_box(10), "[1]"));
    error = read_error(path, "");
    CHECK(error.rule() == "mturk/schema");
    CHECK(error.message().find("column Answer.taskAnswers: expected a JSON array") != std::string::npos);
}

TEST_CASE("mturk and ratings: neither detection claims the other's CSV") {
    lt::TempDir dir;
    lt::write_file(dir / "batch.csv", batch());
    lt::write_file(dir / "ratings.csv", "item,annotator,label\na,x,1\na,y,2\n");
    const auto score = [&](const std::string& format, const std::string& file) {
        return labelkit::find_format(formats(), format).detect(dir / file).score;
    };
    CHECK(score("mturk", "batch.csv") > 0);
    CHECK(score("ratings", "batch.csv") == 0);
    CHECK(score("ratings", "ratings.csv") > 0);
    CHECK(score("mturk", "ratings.csv") == 0);
    // `agree` on an MTurk batch does not take it for a rating table: it compares its workers, who
    // drew the same car on a.jpg.
    const lt::CommandResult agree = lt::run_labelkit("agree --format json " + lt::q(dir / "batch.csv"));
    REQUIRE(agree.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(agree.out);
    CHECK(report["annotators"] == nlohmann::json{"W1", "W2"});
    CHECK(report["spatial"]["pairs"][0]["f1"] == 1.0);
}

TEST_CASE("sagemaker: the CLI converts a manifest to COCO, and exits 2 on a broken one") {
    lt::TempDir dir;
    lt::write_file(dir / "output.manifest", manifest());
    const lt::CommandResult converted =
        lt::run_labelkit("convert " + lt::q(dir / "output.manifest") + " " + lt::q(dir / "out.json") + " --to coco");
    REQUIRE(converted.exit_code == 0);
    const json coco = json::parse(lt::read_file(dir / "out.json"));
    REQUIRE(coco["annotations"].size() == 1);
    CHECK(coco["annotations"][0]["bbox"] == json::array({10, 10, 20, 20}));
    CHECK(coco["annotations"][0]["score"] == 0.5);
    CHECK(coco["annotations"][0]["category_id"] == 0);
    // COCO names the file; the S3 reference is kept where pycocotools downloads from (coco_url).
    CHECK(coco["images"][0]["file_name"] == "a.jpg");
    CHECK(coco["images"][0]["coco_url"] == "s3://b/a.jpg");
    CHECK(coco["images"][0]["width"] == 100);
    lt::write_file(dir / "output.manifest", manifest(box_line, "{"));
    const lt::CommandResult broken =
        lt::run_labelkit("convert " + lt::q(dir / "output.manifest") + " " + lt::q(dir / "out2.json") + " --to coco");
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("output.manifest:2") != std::string::npos);
    CHECK(broken.err.find("not valid JSON") != std::string::npos);
    const lt::CommandResult linted = lt::run_labelkit("lint " + lt::q(dir / "output.manifest"));
    CHECK(linted.exit_code == 1);
}

namespace labelkit::test {

// The lint rule cases of sagemaker/* and mturk/* (listed in lint_rule_cases.cpp).
std::vector<RuleCase> sagemaker_rule_cases() {
    const Files base = {{"output.manifest", manifest()}};
    const auto bad_first = [&](const std::string& from, const std::string& to) {
        std::string line = box_line;
        line.replace(line.find(from), from.size(), to);
        return Files{{"output.manifest", manifest(line)}};
    };
    std::vector<RuleCase> cases;
    cases.push_back({"sagemaker/json-syntax", {{"output.manifest", manifest(box_line, "{oops")}}, base, "output.manifest:2"});
    cases.push_back({"sagemaker/schema", bad_first("\"class_id\":0,", ""), base, "output.manifest:1 (at /boxes/annotations/0)"});
    cases.push_back({"sagemaker/missing-source", bad_first("\"source-ref\"", "\"origin\""), base, "output.manifest:1"});
    cases.push_back({"sagemaker/unknown-class", bad_first("\"class_id\":0", "\"class_id\":2"), base,
                     "output.manifest:1 (at /boxes/annotations/0/class_id)"});
    cases.push_back({"sagemaker/confidence-range", bad_first("0.5", "1.5"), base,
                     "output.manifest:1 (at /boxes-metadata/objects/0/confidence)"});
    const auto lambda = [](const std::string& content) {
        const json payload = json::array({{{"datasetObjectId", "0"},
                                           {"dataObject", {{"s3Uri", "s3://b/a.jpg"}}},
                                           {"annotations", json::array({{{"workerId", "w"}, {"annotationData", {{"content", content}}}}})}}});
        return Files{{"responses/payload.json", payload.dump()}};
    };
    const std::string answer = R"({"annotatedResult":{"boundingBoxes":[{"label":"cat","left":1,"top":1,"width":5,"height":5}]}})";
    cases.push_back({"sagemaker/answer-json", lambda("{oops"), lambda(answer), "payload.json (at /0/annotations/0/annotationData/content)",
                     "", "responses"});
    const Files job_answers = {{"annotations/worker-response/iteration-1/0/t.json",
                                R"({"answers":[{"workerId":"w","answerContent":{"b":{"boundingBoxes":[]}}}]})"}};
    Files with_consolidation = job_answers;
    with_consolidation["annotations/consolidated-annotation/consolidation-response/iteration-1/t.json"] = "[]";
    cases.push_back({"sagemaker/consolidation-skipped", with_consolidation, job_answers, "annotations", "", "annotations"});
    const std::string verification =
        R"({"source-ref":"s3://b/b.jpg","check":"1","check-metadata":{"class-name":"bad","type":"groundtruth/label-verification"}})";
    cases.push_back({"sagemaker/unread", {{"output.manifest", manifest(box_line, verification)}}, base, "output.manifest"});

    const Files good_batch = {{"batch.csv", batch()}};
    const auto bad_batch = [](const std::string& row) { return Files{{"batch.csv", batch(row)}}; };
    cases.push_back({"mturk/csv", bad_batch("H1,W2,Approved\n"), good_batch, "batch.csv:3", "", "batch.csv"});
    cases.push_back({"mturk/schema", bad_batch(batch_row("W2", "Approved", "https://x/a.jpg", R"([{""label"":""Car""}])")),
                     good_batch, "batch.csv:3 (at /0)", "", "batch.csv"});
    cases.push_back({"mturk/answer-json", bad_batch(batch_row("W2", "Approved", "https://x/a.jpg", "[{oops")), good_batch,
                     "batch.csv:3", "", "batch.csv"});
    cases.push_back({"mturk/missing-input", bad_batch(batch_row("W2", "Approved", "", car_box)), good_batch, "batch.csv:3",
                     "", "batch.csv"});
    cases.push_back({"mturk/rejected", bad_batch(batch_row("W2", "Rejected", "https://x/a.jpg", car_box)), good_batch,
                     "batch.csv", "", "batch.csv"});
    std::string with_comment = batch_header;
    with_comment.insert(with_comment.size() - 1, ",Answer.comment");
    with_comment += "H1,W1,Submitted,https://x/a.jpg,\"" + std::string(car_box) + "\",80,100,blurry\n";
    cases.push_back({"mturk/unread", {{"batch.csv", with_comment}}, good_batch, "batch.csv", "", "batch.csv"});
    for (RuleCase& c : cases)
        if (c.input.empty() && c.bad.count("output.manifest")) c.input = "output.manifest";
    return cases;
}

}  // namespace labelkit::test
