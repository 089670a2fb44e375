// Label Studio's JSON-MIN and CSV exports: records written as label-studio-converter's
// convert_to_json_min and csv2 write them (one record per annotation, results under their
// control tag's name, a single choice as a plain string), read as worked out by hand.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

namespace fs = std::filesystem;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::ItemKind;
using labelkit::no_index;
namespace lt = labelkit::test;

namespace {

// Task 1 (an image of 768x576) annotated by hakan@heartex.com (completed_by was an object: the
// converter writes its email) and by user 3 (an id); task 2 without annotations (the converter
// writes nulls). The first box is the converter's CSV test export's (test_export_csv/csv_test.json).
const char* const min_export = R"([
  {"image": "https://data.heartex.net/open-images/a.jpg", "id": 1,
   "label": [{"x": 4.857412088705009, "y": 11.690682128240109, "width": 92.51, "height": 71.76, "rotation": 0,
              "rectanglelabels": ["Car"], "original_width": 768, "original_height": 576}],
   "sentiment": "Positive", "annotator": "hakan@heartex.com", "annotation_id": 7,
   "created_at": "2022-10-31T21:19:19.131290Z", "updated_at": "2022-10-31T21:19:19.131302Z", "lead_time": 7.662},
  {"image": "https://data.heartex.net/open-images/a.jpg", "id": 1,
   "label": [{"x": 10, "y": 20, "width": 50, "height": 25, "rotation": 0,
              "rectanglelabels": ["Car"], "original_width": 768, "original_height": 576}],
   "sentiment": {"choices": ["Positive", "Neutral"]}, "annotator": 3, "annotation_id": 8, "lead_time": 2.0},
  {"image": "https://data.heartex.net/open-images/b.jpg", "id": 2, "annotator": null, "annotation_id": null,
   "created_at": null, "updated_at": null, "lead_time": null}
])";

// The same records as csv2 writes them: JSON in the cells of non-string values, nulls empty.
const char* const csv_export =
    "image,id,label,sentiment,annotator,annotation_id,created_at,updated_at,lead_time\n"
    "https://data.heartex.net/open-images/a.jpg,1,\"[{\"\"x\"\": 4.857412088705009, \"\"y\"\": 11.690682128240109, "
    "\"\"width\"\": 92.51, \"\"height\"\": 71.76, \"\"rotation\"\": 0, \"\"rectanglelabels\"\": [\"\"Car\"\"], "
    "\"\"original_width\"\": 768, \"\"original_height\"\": 576}]\",Positive,hakan@heartex.com,7,"
    "2022-10-31T21:19:19.131290Z,2022-10-31T21:19:19.131302Z,7.662\n"
    "https://data.heartex.net/open-images/a.jpg,1,\"[{\"\"x\"\": 10, \"\"y\"\": 20, \"\"width\"\": 50, "
    "\"\"height\"\": 25, \"\"rotation\"\": 0, \"\"rectanglelabels\"\": [\"\"Car\"\"], \"\"original_width\"\": 768, "
    "\"\"original_height\"\": 576}]\",\"{\"\"choices\"\": [\"\"Positive\"\", \"\"Neutral\"\"]}\",3,8,,,2.0\n"
    "https://data.heartex.net/open-images/b.jpg,2,,,,,,,\n";

Dataset read(const std::string& format, const fs::path& path, DiagnosticSink& sink, const std::string& columns = "",
             bool lenient = false) {
    labelkit::ReadOptions options;
    options.columns = columns;
    options.lenient = lenient;
    return lt::format_named(format).read(path, options, sink);
}

std::string category_of(const Dataset& dataset, std::uint32_t category) {
    return category == no_index ? "" : dataset.categories.at(category).name;
}

// What both exports of the records above hold, worked out by hand.
void check_records(const Dataset& dataset) {
    // Task 1's two records are one item; task 2 is an item without an annotation or an answer.
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == "https://data.heartex.net/open-images/a.jpg");
    CHECK(dataset.items[0].id == 1);
    CHECK(dataset.items[0].kind == ItemKind::image);
    CHECK(dataset.items[0].width == 768);
    CHECK(dataset.items[0].height == 576);
    CHECK(dataset.items[1].path == "https://data.heartex.net/open-images/b.jpg");
    REQUIRE(dataset.annotators.size() == 2);
    CHECK(dataset.annotators[0].id == "hakan@heartex.com");
    CHECK(dataset.annotators[1].id == "3");
    REQUIRE(dataset.answers.size() == 2);
    CHECK(dataset.answers[0].item == 0);
    CHECK(dataset.answers[1].annotator == 1);
    REQUIRE(dataset.annotations.size() == 2);
    // 4.857412088705009 % of 768 = 37.304924841254, 11.690682128240109 % of 576 = 67.338329058663,
    // 92.51 % of 768 = 710.4768, 71.76 % of 576 = 413.3376 (as the JSON export's test reads it).
    const labelkit::Annotation& first = dataset.annotations[0];
    CHECK(first.annotator == 0);
    CHECK(category_of(dataset, first.category) == "Car");
    CHECK(first.box.x == doctest::Approx(37.304924841254).epsilon(1e-12));
    CHECK(first.box.y == doctest::Approx(67.338329058663).epsilon(1e-12));
    CHECK(first.box.width == doctest::Approx(710.4768).epsilon(1e-12));
    CHECK(first.box.height == doctest::Approx(413.3376).epsilon(1e-12));
    // 10 % of 768 = 76.8, 20 % of 576 = 115.2, 50 % of 768 = 384, 25 % of 576 = 144.
    const labelkit::Annotation& second = dataset.annotations[1];
    CHECK(second.annotator == 1);
    CHECK(second.item == 0);
    CHECK(second.box.x == doctest::Approx(76.8).epsilon(1e-12));
    CHECK(second.box.y == doctest::Approx(115.2).epsilon(1e-12));
    CHECK(second.box.width == doctest::Approx(384).epsilon(1e-12));
    CHECK(second.box.height == doctest::Approx(144).epsilon(1e-12));
}

}  // namespace

TEST_CASE("label-studio-min: records of one task are one item; a plain-string choice needs --columns") {
    lt::TempDir dir;
    lt::write_file(dir / "export.json", min_export);
    SUBCASE("without --columns: the plain string is data, the multiple choice a label, one warning") {
        DiagnosticSink sink;
        const Dataset dataset = read("label-studio-min", dir / "export.json", sink);
        check_records(dataset);
        // Only user 3's {"choices": [...]} is unambiguous: Positive and Neutral.
        REQUIRE(dataset.labels.size() == 2);
        CHECK(dataset.labels[0].annotator == 1);
        CHECK(category_of(dataset, dataset.labels[0].category) == "Positive");
        CHECK(category_of(dataset, dataset.labels[1].category) == "Neutral");
        CHECK(dataset.items[0].extra.at("sentiment") == "Positive");
        REQUIRE(count_rule(sink, "label-studio/plain-columns") == 1);
        const labelkit::Diagnostic* plain = find_rule(sink, "label-studio/plain-columns");
        CHECK(plain->message.find("(sentiment)") != std::string::npos);
        CHECK(plain->location.json_pointer == "/0/sentiment");
        CHECK(plain->location.line == 2);
        CHECK(count_rule(sink, "label-studio/missing-completed-by") == 0);  // task 2 is unlabelled, not anonymous
    }
    SUBCASE("with --columns label=sentiment: three labels, no warning") {
        DiagnosticSink sink;
        const Dataset dataset = read("label-studio-min", dir / "export.json", sink, "label=sentiment");
        check_records(dataset);
        REQUIRE(dataset.labels.size() == 3);
        CHECK(dataset.labels[0].annotator == 0);
        CHECK(category_of(dataset, dataset.labels[0].category) == "Positive");
        CHECK(dataset.labels[0].item == 0);
        CHECK(category_of(dataset, dataset.labels[2].category) == "Neutral");
        CHECK(sink.diagnostics().empty());
    }
    SUBCASE("--columns names roles JSON-MIN has, nothing else") {
        DiagnosticSink sink;
        CHECK_THROWS_WITH_AS(read("label-studio-min", dir / "export.json", sink, "item=id"),
                             doctest::Contains("'item=id' is not label=COLUMN or text=COLUMN"), labelkit::Error);
    }
}

TEST_CASE("label-studio-csv: the same records as a CSV export read the same") {
    lt::TempDir dir;
    lt::write_file(dir / "export.csv", csv_export);
    DiagnosticSink sink;
    const Dataset dataset = read("label-studio-csv", dir / "export.csv", sink, "label=sentiment");
    check_records(dataset);
    REQUIRE(dataset.labels.size() == 3);
    CHECK(sink.diagnostics().empty());
    // Items are located by the row's line.
    const labelkit::Location where =
        lt::format_named("label-studio-csv").locate(dataset, dataset.items[1].origin, labelkit::OriginKind::item);
    CHECK(where.line == 4);
}

TEST_CASE("label-studio-min: text areas, spans and polygons by the keys of their values; errors point into the record") {
    lt::TempDir dir;
    lt::write_file(dir / "text.json", R"([
  {"text": "Great service", "id": 3, "transcript": "great service", "sentiment": "Positive",
   "entities": [{"start": 0, "end": 5, "text": "Great", "labels": ["Quality"]}],
   "annotator": 1, "annotation_id": 4},
  {"image": "b.png", "id": 4, "annotator": 1, "annotation_id": 5,
   "outline": [{"points": [[0, 0], [50, 0], [50, 50]], "polygonlabels": ["Roof"], "original_width": 200,
                "original_height": 100, "closed": true}],
   "box": [{"x": 120, "y": 10, "width": 10, "height": 10, "rectanglelabels": ["Sign"], "original_width": 200,
            "original_height": 100},
           {"x": 1, "y": 1, "width": 10, "height": 10, "rectanglelabels": []}]}
])");
    DiagnosticSink sink;
    const Dataset dataset = read("label-studio-min", dir / "text.json", sink, "label=sentiment,text=transcript", true);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].kind == ItemKind::text);
    CHECK(dataset.items[0].path == "task-3");
    // Task 3: the span, the choice and the text (columns are read in the order of their names).
    REQUIRE(dataset.labels.size() == 3);
    std::size_t spans = 0, texts = 0, choices = 0;
    for (const labelkit::Label& label : dataset.labels) {
        if (label.start) {
            ++spans;
            CHECK(*label.start == 0);
            CHECK(*label.end == 5);
            CHECK(category_of(dataset, label.category) == "Quality");
        } else if (label.category == no_index) {
            ++texts;
            CHECK(label.text == "great service");
        } else {
            ++choices;
            CHECK(category_of(dataset, label.category) == "Positive");
        }
    }
    CHECK(spans == 1);
    CHECK(texts == 1);
    CHECK(choices == 1);
    // Task 4, columns in the order of their names: the first box (x 120 % of 200 = 240: beyond the
    // image, warned at /1/box/0/x; 10 % of 200 x 100 = 20 x 10), the second box has no label
    // (skipped), the polygon (0 to 50 % of 200 x 100: 100 x 50).
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[0].box.x == doctest::Approx(240));
    CHECK(dataset.annotations[0].box.width == doctest::Approx(20));
    CHECK(dataset.annotations[0].box.height == doctest::Approx(10));
    CHECK(dataset.annotations[1].box.width == doctest::Approx(100));
    CHECK(dataset.annotations[1].box.height == doctest::Approx(50));
    const labelkit::Diagnostic* range = find_rule(sink, "label-studio/percent-range");
    REQUIRE(range != nullptr);
    CHECK(range->location.json_pointer == "/1/box/0/x");
    CHECK(range->location.line == 5);
    const labelkit::Diagnostic* unlabelled = find_rule(sink, "label-studio/missing-label");
    REQUIRE(unlabelled != nullptr);
    CHECK(unlabelled->location.json_pointer == "/1/box/1");
}

TEST_CASE("label-studio-csv: a ragged row is reported at its line and skipped when linting; a broken JSON cell is text") {
    lt::TempDir dir;
    lt::write_file(dir / "bad.csv", "id,annotator,annotation_id,label\n"
                                    "1,a,3,\"[{\"\"x\"\": 1\"\n"
                                    "1,b\n"
                                    "2,c,5,\"[{\"\"x\"\": 10, \"\"y\"\": 10, \"\"width\"\": 10, \"\"height\"\": 10, "
                                    "\"\"rectanglelabels\"\": [\"\"Car\"\"], \"\"original_width\"\": 100, "
                                    "\"\"original_height\"\": 100}]\"\n");
    DiagnosticSink sink;
    const Dataset dataset = read("label-studio-csv", dir / "bad.csv", sink, "", true);
    const labelkit::Diagnostic* json = find_rule(sink, "label-studio/cell-not-json");
    REQUIRE(json != nullptr);
    CHECK(json->message.rfind("1 cell starting with [ or { is not valid JSON", 0) == 0);
    CHECK(json->location.line == 2);
    CHECK(json->location.json_pointer == "/label");
    const labelkit::Diagnostic* ragged = find_rule(sink, "label-studio/csv");
    REQUIRE(ragged != nullptr);
    CHECK(ragged->location.line == 3);
    CHECK(ragged->message == "a row of 2 fields under a header of 4");
    REQUIRE(dataset.annotations.size() == 1);  // row 4's box
    CHECK(dataset.annotations[0].box.x == doctest::Approx(10));

    // The CLI: lint reports both (exit 1); convert refuses the file (exit 2).
    const lt::CommandResult lint = lt::run_labelkit("lint " + lt::q(dir / "bad.csv"));
    CHECK(lint.exit_code == 1);
    CHECK(lint.out.find("bad.csv:3:1: error: a row of 2 fields under a header of 4 [label-studio/csv]") != std::string::npos);
    const lt::CommandResult convert = lt::run_labelkit("convert " + lt::q(dir / "bad.csv") + " " + lt::q(dir / "out.json") + " --to coco");
    CHECK(convert.exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "out.json"));
}

TEST_CASE("label-studio-min and -csv: detection tells the three exports apart" * lt::needs_shared) {
    lt::TempDir dir;
    lt::write_file(dir / "min.json", min_export);
    lt::write_file(dir / "export.csv", csv_export);
    lt::write_file(dir / "table.csv", "item,annotator,label\n1,a,yes\n");
    const fs::path json_export = lt::shared_dir() / "reference/platform-samples/label_studio_json/test_export_csv_csv_test.json";
    CHECK(lt::format_named("label-studio-min").detect(dir / "min.json").score == 100);
    CHECK(lt::format_named("label-studio").detect(dir / "min.json").score == 0);
    CHECK(lt::format_named("label-studio-min").detect(json_export).score == 0);
    CHECK(lt::format_named("label-studio-csv").detect(dir / "export.csv").score == 120);
    CHECK(lt::format_named("ratings").detect(dir / "export.csv").score < 120);
    CHECK(lt::format_named("label-studio-csv").detect(dir / "table.csv").score == 0);
    lt::write_file(dir / "noted.csv", std::string("# exported from project 7\n") + csv_export);
    CHECK(lt::format_named("label-studio-csv").detect(dir / "noted.csv").score == 120);
    // Found without --from: the CLI reads it as JSON-MIN, whose own warning names the plain column.
    const lt::CommandResult lint = lt::run_labelkit("lint " + lt::q(dir / "min.json"));
    CHECK(lint.exit_code == 0);
    CHECK(lint.out.find("[label-studio/plain-columns]") != std::string::npos);
}

TEST_CASE("label-studio-csv: agree on one CSV export compares its annotators, choices and boxes") {
    lt::TempDir dir;
    lt::write_file(dir / "export.csv", csv_export);
    const lt::CommandResult agree =
        lt::run_labelkit("agree " + lt::q(dir / "export.csv") + " --columns label=sentiment --format json");
    REQUIRE(agree.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(agree.out);
    CHECK(report.at("annotators") == nlohmann::json{"hakan@heartex.com", "3"});
    // Choices: hakan Positive; 3 Positive and Neutral (multi-label): units (a.jpg, Positive) agree,
    // (a.jpg, Neutral) do not: 1 of 2.
    const nlohmann::json& categorical = report.at("categorical");
    CHECK(categorical.at("unit") == "item-class");
    CHECK(categorical.at("items") == 2);
    CHECK(categorical.at("percent_agreement") == 0.5);
    // Boxes: 3's (76.8, 115.2, 384 x 144) lies inside hakan's (37.30, 67.34, 710.48 x 413.34):
    // IoU 55296 / 293671.6 = 0.188, below 0.5: not matched.
    const nlohmann::json& pair = report.at("spatial").at("pairs").at(0);
    CHECK(pair.at("matched") == 0);
    CHECK(pair.at("only_a") == 1);
    CHECK(pair.at("only_b") == 1);
}

TEST_CASE("label-studio-csv: the converter's tab-separated export; BOM and CRLF; what a CSV cannot be" * lt::needs_shared) {
    SUBCASE("test_export_csv/csv_test2_result.csv: one record of task 4 by test@heartex.com, no results") {
        DiagnosticSink sink;
        const Dataset dataset = read("label-studio-csv",
                                     lt::shared_dir() / "reference/platform-samples/label_studio_json/test_export_csv_csv_test2_result.csv",
                                     sink);
        REQUIRE(dataset.items.size() == 1);
        CHECK(dataset.items[0].id == 4);
        CHECK(dataset.items[0].path == "task-4");
        REQUIRE(dataset.annotators.size() == 1);
        CHECK(dataset.annotators[0].id == "test@heartex.com");
        CHECK(dataset.answers.size() == 1);
        CHECK(dataset.annotations.empty());
        CHECK(dataset.labels.empty());
        CHECK(dataset.items[0].extra.at("title") == "TAN BAI");
        const labelkit::Diagnostic* plain = find_rule(sink, "label-studio/plain-columns");
        REQUIRE(plain != nullptr);
        // Plain strings and lists of strings; empty cells (provider), empty lists ("[]") and the
        // writers' objects are not listed; agreement and lead_time are the converter's own keys.
        CHECK(plain->message.find("7 columns of plain strings read as task data (_row_id, alternative_titles, iswcs_1, "
                                  "title, title_1, uri, uri_1)") != std::string::npos);
    }
    lt::TempDir dir;
    SUBCASE("a byte-order mark and CRLF line ends read the same") {
        std::string text = "\xEF\xBB\xBF" + std::string(csv_export);
        for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 2)) text.insert(at, "\r");
        lt::write_file(dir / "crlf.csv", text);
        DiagnosticSink sink;
        check_records(read("label-studio-csv", dir / "crlf.csv", sink, "label=sentiment"));
    }
    SUBCASE("a column named twice, JSON nested too deep, text that starts like JSON, a cancelled row") {
        lt::write_file(dir / "twice.csv", "id,annotator,annotation_id,label,label\n1,a,3,,\n");
        DiagnosticSink sink;
        CHECK_THROWS_WITH_AS(read("label-studio-csv", dir / "twice.csv", sink), doctest::Contains("label"), labelkit::Error);
        lt::write_file(dir / "deep.csv", "id,annotator,annotation_id,label,lyrics\n1,a,3,\"" + std::string(300, '[') +
                                             "\",x\n2,b,4,,[Music] intro\n3,c,5,,x\n");
        lt::write_file(dir / "deep.csv", lt::read_file(dir / "deep.csv") + "4,d,6,,x,\n");
        DiagnosticSink lenient;
        const Dataset dataset = read("label-studio-csv", dir / "deep.csv", lenient, "", true);
        const labelkit::Diagnostic* deep = find_rule(lenient, "label-studio/schema");
        REQUIRE(deep != nullptr);
        CHECK(deep->location.line == 2);
        CHECK(deep->location.json_pointer == "/label");
        const labelkit::Diagnostic* text = find_rule(lenient, "label-studio/cell-not-json");
        REQUIRE(text != nullptr);
        CHECK(text->location.line == 3);
        CHECK(text->location.json_pointer == "/lyrics");
        CHECK(count_rule(lenient, "label-studio/csv") == 1);  // row 5 has a field too many
        // Rows 3 and 4 are items (row 2 was skipped), row 3 keeping its text.
        REQUIRE(dataset.items.size() == 2);
        CHECK(dataset.items[0].extra.at("lyrics") == "[Music] intro");
    }
}

TEST_CASE("label-studio-min: task data shaped like results stays data; cancelled records are left out") {
    lt::TempDir dir;
    lt::write_file(dir / "paragraphs.json", R"([
  {"id": 1, "dialogue": [{"author": "A", "text": "hi"}, {"author": "B", "text": "hello"}],
   "meta": {"x": "left", "y": "top"}, "sentiment": "Positive", "annotator": 2, "annotation_id": 3},
  {"id": 1, "dialogue": [{"author": "A", "text": "hi"}], "sentiment": "Negative", "annotator": 5,
   "annotation_id": 4, "was_cancelled": true}
])");
    DiagnosticSink sink;
    const Dataset dataset = read("label-studio-min", dir / "paragraphs.json", sink, "label=sentiment");
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].extra.at("dialogue").size() == 2);
    CHECK(dataset.items[0].extra.at("meta").at("x") == "left");
    REQUIRE(dataset.labels.size() == 1);
    CHECK(category_of(dataset, dataset.labels[0].category) == "Positive");
    CHECK(dataset.annotators.size() == 1);
    CHECK(count_rule(sink, "label-studio/cancelled-annotation") == 1);
}
