// Datasets that name their annotators (platform exports): split by annotator for agree and
// consensus, item labels compared and voted, and what a target cannot hold reported.
#include <doctest/doctest.h>

#include <algorithm>

#include "labelkit/error.hpp"
#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/categorical_agreement.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/merge.hpp"
#include "labelkit/ops/spatial_agreement.hpp"
#include "labelkit/ops/split.hpp"
#include "support.hpp"

using namespace labelkit;
namespace fs = std::filesystem;

namespace {

Label item_label(std::uint32_t item, std::uint32_t category, std::uint32_t annotator) {
    Label label;
    label.item = item;
    label.category = category;
    label.annotator = annotator;
    return label;
}

// Four images classified cat (0) or dog (1) by alice and bob, and by a model's predictions:
//   a.jpg  alice cat  bob cat
//   b.jpg  alice dog  bob cat
//   c.jpg  alice dog  bob dog
//   d.jpg  alice answered without a label, bob dog
Dataset classified_by_two() {
    Dataset dataset;
    dataset.categories = {{1, "cat"}, {2, "dog"}};
    for (const char* path : {"a.jpg", "b.jpg", "c.jpg", "d.jpg"}) dataset.items.push_back({no_id, path, 64, 48});
    const std::uint32_t alice = dataset.add_annotator("7", "alice");
    const std::uint32_t bob = dataset.add_annotator("9", "bob");
    const std::uint32_t model = dataset.add_annotator("model-v1", "", true);
    dataset.labels = {item_label(0, 0, alice), item_label(0, 0, bob),   item_label(1, 1, alice),
                      item_label(1, 0, bob),   item_label(2, 1, alice), item_label(2, 1, bob),
                      item_label(3, 1, bob)};
    for (std::uint32_t item = 0; item < 4; ++item) dataset.labels.push_back(item_label(item, 0, model));
    dataset.answers.push_back({3, alice});
    return dataset;
}

std::size_t rules_warned(const DiagnosticSink& sink, const std::string& rule) {
    const auto& all = sink.diagnostics();
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const Diagnostic& d) { return d.rule == rule; }));
}

}  // namespace

TEST_CASE("split_by_annotator: one dataset per person, predictions left out unless named") {
    const Dataset dataset = classified_by_two();
    AnnotatorDatasets parts = split_by_annotator(dataset, {});
    REQUIRE(parts.names == std::vector<std::string>{"alice", "bob"});
    // alice answered d.jpg without a label: she has it (an answer), with 3 labels.
    CHECK(parts.datasets[0].items.size() == 4);
    CHECK(parts.datasets[0].labels.size() == 3);
    CHECK(parts.datasets[1].labels.size() == 4);
    CHECK(parts.datasets[0].categories.size() == 2);

    parts = split_by_annotator(dataset, {"model-v1", "7"});  // by id, in the order asked
    CHECK(parts.names == std::vector<std::string>{"model-v1", "alice"});
    CHECK(parts.datasets[0].labels.size() == 4);
    CHECK_THROWS_WITH_AS(split_by_annotator(dataset, {"carol"}),
                         "--annotators: no annotator 'carol' (the input has: 7 (alice), 9 (bob), model-v1)", Error);
}

TEST_CASE("split_by_annotator: two people of one display name are told apart by id") {
    Dataset dataset = classified_by_two();
    dataset.annotators[1].name = "alice";
    CHECK(split_by_annotator(dataset, {}).names == std::vector<std::string>{"7", "9"});
}

TEST_CASE("item labels: Cohen's kappa of alice and bob over the images both answered") {
    AnnotatorDatasets parts = split_by_annotator(classified_by_two(), {});
    const AlignedAnnotators aligned(std::move(parts.datasets), parts.names);
    CHECK_FALSE(aligned.any_shapes());
    CHECK(aligned.any_item_labels());
    const ItemLabelTable labels = item_label_table(aligned);
    CHECK_FALSE(labels.multi_label);
    CHECK(labels.table.labels == std::vector<std::string>{"cat", "dog"});
    // a: cat cat, b: dog cat, c: dog dog, d: (none) dog.
    CHECK(labels.table.ratings == std::vector<std::int32_t>{0, 0, 1, 0, 1, 1, RatingTable::missing, 1});
    // By hand over a, b, c: agreement 2/3; alice 1 cat 2 dogs, bob 2 cats 1 dog: chance
    // 1/3 * 2/3 + 2/3 * 1/3 = 4/9; kappa = (2/3 - 4/9) / (5/9) = 0.4.
    const CategoricalReport report = categorical_agreement(labels.table, {});
    REQUIRE(report.pairs.size() == 1);
    CHECK(report.pairs[0].n == 3);
    CHECK(*report.pairs[0].percent_agreement.value == doctest::Approx(2.0 / 3).epsilon(1e-12));
    CHECK(*report.pairs[0].cohen_kappa.value == doctest::Approx(0.4).epsilon(1e-12));
}

TEST_CASE("item labels: an annotator giving an image two classes makes (image, class) units") {
    Dataset dataset = classified_by_two();
    dataset.labels.push_back(item_label(0, 1, 0));  // alice: a.jpg is cat and dog
    AnnotatorDatasets parts = split_by_annotator(dataset, {});
    const AlignedAnnotators aligned(std::move(parts.datasets), parts.names);
    const ItemLabelTable labels = item_label_table(aligned);
    CHECK(labels.multi_label);
    CHECK(labels.table.labels == std::vector<std::string>{"absent", "present"});
    // Units: a/cat, a/dog, b/cat, b/dog, c/dog, d/dog (d: alice answered, gave nothing: absent).
    CHECK(labels.table.ratings == std::vector<std::int32_t>{1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1});
}

TEST_CASE("consensus votes the class labels of whole items") {
    AnnotatorDatasets parts = split_by_annotator(classified_by_two(), {});
    const AlignedAnnotators aligned(std::move(parts.datasets), parts.names);
    ConsensusSummary summary;
    const Dataset merged = consensus(aligned, {}, summary);
    // Majority of two is two: a (cat) and c (dog) are kept; b's two classes and d's one vote are not.
    CHECK(summary.labels_kept == 2);
    CHECK(summary.labels_below_quorum == 3);
    REQUIRE(merged.labels.size() == 2);
    CHECK(merged.items[merged.labels[0].item].path == "a.jpg");
    CHECK(merged.categories[merged.labels[0].category].name == "cat");
    CHECK(*merged.labels[0].score == 1.0);
    CHECK(merged.labels[1].attributes["annotators"] == nlohmann::json{"alice", "bob"});
}

TEST_CASE("erase_annotations renumbers the regions of labels and drops the labels of removed ones") {
    Dataset dataset;
    dataset.items.push_back({no_id, "a.jpg", 10, 10});
    dataset.annotations.resize(3);
    Label first, third;
    first.region = 0;
    first.text = "stop";
    third.region = 2;
    third.text = "go";
    dataset.labels = {first, third};
    CHECK(erase_annotations(dataset, {true, false, false}) == 1);
    REQUIRE(dataset.labels.size() == 1);
    CHECK(dataset.labels[0].text == "go");
    CHECK(dataset.labels[0].region == 1);
}

TEST_CASE("convert reports the labels, texts, annotators and tracks a target cannot hold") {
    Dataset dataset = classified_by_two();
    Label transcript;
    transcript.text = "a cat";
    dataset.labels.push_back(transcript);
    Annotation tracked;
    tracked.box = {1, 1, 5, 5};
    tracked.track = 4;
    tracked.annotator = 0;
    dataset.annotations.push_back(tracked);
    const std::vector<Format> formats = all_formats();
    DiagnosticSink sink;
    adapt_to_target(dataset, find_format(formats, "coco"), {}, sink);
    CHECK(rules_warned(sink, "convert/labels") == 1);
    CHECK(rules_warned(sink, "convert/texts") == 1);
    CHECK(rules_warned(sink, "convert/annotators") == 1);
    CHECK(rules_warned(sink, "convert/tracks") == 1);
    CHECK(dataset.labels.empty());
    CHECK(dataset.annotators.empty());
    CHECK(dataset.annotations[0].track == no_id);
    CHECK(dataset.annotations[0].annotator == no_index);
    const auto labels = std::find_if(sink.diagnostics().begin(), sink.diagnostics().end(),
                                     [](const Diagnostic& d) { return d.rule == "convert/labels"; });
    CHECK(labels->message.find(": 11 dropped") != std::string::npos);
}

TEST_CASE("split --group-by sequence keeps a video's frames together") {
    Dataset dataset;
    for (const auto& [path, sequence] : std::vector<std::pair<std::string, std::string>>{
             {"s1/1.jpg", "s1"}, {"s2/1.jpg", "s2"}, {"s1/2.jpg", "s1"}, {"still.jpg", ""}}) {
        Item item{no_id, path, 10, 10};
        item.sequence = sequence;
        dataset.items.push_back(item);
    }
    const SplitUnits units = units_by_sequence(dataset);
    REQUIRE(units.items.size() == 3);
    CHECK(units.items[0] == std::vector<std::uint32_t>{0, 2});
    CHECK(units.ungrouped == 1);
}

TEST_CASE("agree on a Label Studio export: an empty annotation is an answer (drew nothing), not a missing one") {
    namespace lt = labelkit::test;
    lt::TempDir dir;
    const std::string box = R"({"id": "r1", "type": "rectanglelabels", "from_name": "label", "to_name": "image",
        "original_width": 200, "original_height": 100,
        "value": {"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": ["cat"]}})";
    lt::write_file(dir / "export.json",
                   R"([{"id": 1, "data": {"image": "a.jpg"}, "annotations": [
                       {"id": 1, "completed_by": 1, "result": []},
                       {"id": 2, "completed_by": 2, "result": [)" + box + R"(]}]}])");
    const lt::CommandResult agree = lt::run_labelkit("agree --format json " + lt::q(dir / "export.json"));
    REQUIRE(agree.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(agree.out);
    CHECK(report["annotators"] == nlohmann::json{"1", "2"});
    const nlohmann::json& pair = report["spatial"]["pairs"][0];
    CHECK(pair["items"] == 1);  // both answered a.jpg
    CHECK(pair["only_b"] == 1);
    CHECK(pair["f1"] == 0.0);
}

TEST_CASE("agree on boxes and a choice per image: the choices are the categorical part, the boxes the spatial") {
    namespace lt = labelkit::test;
    lt::TempDir dir;
    const std::string box = R"({"type": "rectanglelabels", "from_name": "label", "to_name": "image",
        "original_width": 100, "original_height": 100,
        "value": {"x": 1, "y": 1, "width": 10, "height": 10, "rectanglelabels": ["car"]}})";
    const auto choices = [](const std::string& list) {
        return R"({"type": "choices", "from_name": "s", "to_name": "image", "value": {"choices": [)" + list + "]}}";
    };
    lt::write_file(dir / "export.json",
                   R"([{"id": 5, "data": {"image": "a.jpg"}, "annotations": [
                       {"completed_by": 1, "result": [)" + box + "," + choices(R"("sunny")") + R"(]},
                       {"completed_by": 2, "result": [)" + choices(R"("sunny", "wet")") + R"(]}]}])");
    const lt::CommandResult agree = lt::run_labelkit("agree --format json " + lt::q(dir / "export.json"));
    REQUIRE(agree.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(agree.out);
    // Units (a.jpg, sunny): both present, agree; (a.jpg, wet): 1 absent, 2 present: 1 of 2 agree.
    const nlohmann::json& categorical = report["categorical"];
    CHECK(categorical["unit"] == "item-class");
    CHECK(categorical["items"] == 2);
    CHECK(categorical["percent_agreement"] == 0.5);
    // The box: only annotator 1 drew it.
    const nlohmann::json& pair = report["spatial"]["pairs"][0];
    CHECK(pair["only_a"] == 1);
    CHECK(pair["matched"] == 0);
}

TEST_CASE("agree on choices beside boxes: the classes of the boxes are not answers to the choice") {
    namespace lt = labelkit::test;
    lt::TempDir dir;
    const auto box = [](const std::string& label) {
        return R"({"type": "rectanglelabels", "from_name": "label", "to_name": "image", "original_width": 100,
            "original_height": 100, "value": {"x": 1, "y": 1, "width": 10, "height": 10, "rectanglelabels": [")" +
               label + R"("]}})";
    };
    const auto choice = [](const std::string& label) {
        return R"({"type": "choices", "from_name": "q", "to_name": "image", "value": {"choices": [")" + label + R"("]}})";
    };
    const auto task = [&](int id, const std::string& one, const std::string& two) {
        return R"({"id": )" + std::to_string(id) + R"(, "data": {"image": "i)" + std::to_string(id) +
               R"(.jpg"}, "annotations": [{"completed_by": 1, "result": [)" + one +
               R"(]}, {"completed_by": 2, "result": [)" + two + "]}]}";
    };
    lt::write_file(dir / "export.json", "[" + task(1, box("cat") + "," + choice("good"), box("dog") + "," + choice("bad")) +
                                            "," + task(2, choice("bad"), choice("good")) + "]");
    const lt::CommandResult agree = lt::run_labelkit("agree --format json " + lt::q(dir / "export.json"));
    REQUIRE(agree.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(agree.out);
    const nlohmann::json& categorical = report["categorical"];
    // Two items, the annotators disagree on both: P_o = 0. The domain is {good, bad} (q = 2), not
    // the four classes: Randolph's kappa = (0 - 1/2) / (1 - 1/2) = -1, Brennan-Prediger the same.
    CHECK(categorical["labels"] == nlohmann::json{"good", "bad"});
    CHECK(categorical["unit"] == "item");
    CHECK(categorical["percent_agreement"] == 0.0);
    CHECK(categorical["randolph_kappa"] == -1.0);
    CHECK(categorical["brennan_prediger"] == -1.0);
}

TEST_CASE("agree: a platform export meets its own conversion to COCO (URLs matched by the file names convert gives)") {
    namespace lt = labelkit::test;
    lt::TempDir dir;
    const auto task = [](int id, const std::string& url, int x) {
        return R"({"id": )" + std::to_string(id) + R"(, "data": {"image": ")" + url + R"("}, "annotations": [{"completed_by": 1,
            "result": [{"type": "rectanglelabels", "from_name": "label", "to_name": "image", "original_width": 100,
            "original_height": 100, "value": {"x": )" + std::to_string(x) + R"(, "y": 10, "width": 20, "height": 20,
            "rectanglelabels": ["car"]}}]}]})";
    };
    // Two URLs end in one.jpg: convert writes one.jpg and one__2.jpg, and agree keys them so too.
    lt::write_file(dir / "ls.json", "[" + task(1, "https://h/a/one.jpg", 10) + "," + task(2, "/data/upload/2/two.jpg", 50) +
                                        "," + task(3, "https://h/b/one.jpg", 30) + "]");
    REQUIRE(lt::run_labelkit("convert " + lt::q(dir / "ls.json") + " " + lt::q(dir / "coco.json") + " --to coco").exit_code == 0);
    const lt::CommandResult agree =
        lt::run_labelkit("agree --format json " + lt::q(dir / "ls.json") + " " + lt::q(dir / "coco.json"));
    REQUIRE(agree.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(agree.out);
    CHECK(report["items"] == 3);  // one.jpg, two.jpg and one__2.jpg, not six
    const nlohmann::json& pair = report["spatial"]["pairs"][0];
    CHECK(pair["matched"] == 3);
    CHECK(pair["f1"] == 1.0);
}

TEST_CASE("erase_items drops items with their annotations, labels and answers and renumbers the rest") {
    labelkit::Dataset dataset;
    for (const char* path : {"a.jpg", "t1", "b.jpg"}) {
        labelkit::Item item;
        item.path = path;
        dataset.items.push_back(item);
    }
    dataset.categories.push_back({});
    for (std::uint32_t item : {0u, 1u, 2u}) {
        labelkit::Annotation annotation;
        annotation.item = item;
        dataset.annotations.push_back(annotation);
        labelkit::Label label;
        label.item = item;
        label.category = 0;
        label.region = item;  // the label of item i's annotation
        dataset.labels.push_back(label);
        dataset.answers.push_back({item, 0});
    }
    CHECK(labelkit::erase_items(dataset, {false, true, false}) == 1);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[1].path == "b.jpg");
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[1].item == 1);
    REQUIRE(dataset.labels.size() == 2);
    CHECK(dataset.labels[1].item == 1);
    CHECK(dataset.labels[1].region == 1);
    REQUIRE(dataset.answers.size() == 2);
    CHECK(dataset.answers[1].item == 1);
}

TEST_CASE("convert leaves texts and audio out of image formats, with a count; Label Studio keeps them") {
    namespace lt = labelkit::test;
    lt::TempDir dir;
    const auto choice = R"([{"type": "choices", "from_name": "c", "to_name": "text", "value": {"choices": ["pos"]}}])";
    lt::write_file(dir / "tasks.json", std::string(R"([{"id": 1, "data": {"text": "good"}, "annotations": [{"completed_by": 1, "result": )") +
                                           choice + R"(}]}, {"id": 2, "data": {"image": "a.jpg"}, "annotations": [
        {"completed_by": 1, "result": [{"type": "rectanglelabels", "from_name": "l", "to_name": "image",
         "original_width": 100, "original_height": 100,
         "value": {"x": 1, "y": 1, "width": 10, "height": 10, "rectanglelabels": ["car"]}}]}]}])");
    const lt::CommandResult voc = lt::run_labelkit("convert " + lt::q(dir / "tasks.json") + " " + lt::q(dir / "voc") + " --to voc");
    REQUIRE(voc.exit_code == 0);
    CHECK(voc.err.find("1 text or audio item not written, with 0 annotations and 1 label: voc holds images, not texts or "
                           "audio (first: 'task-1')") !=
          std::string::npos);
    CHECK(fs::exists(dir / "voc/Annotations/a.xml"));
    CHECK_FALSE(fs::exists(dir / "voc/Annotations/task-1.xml"));
    const lt::CommandResult ls =
        lt::run_labelkit("convert " + lt::q(dir / "tasks.json") + " " + lt::q(dir / "back.json") + " --to label-studio");
    REQUIRE(ls.exit_code == 0);
    CHECK(ls.err.find("convert/media-items") == std::string::npos);
    CHECK(nlohmann::json::parse(lt::read_file(dir / "back.json")).size() == 2);
}
