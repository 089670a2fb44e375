// The operations behind the commands (labelkit/ops/<verb>.hpp), called as a program would call
// them, on the repository's examples/ (the same four shapes images in COCO, VOC and YOLO).
#include <doctest/doctest.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/agree.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/formats.hpp"
#include "labelkit/ops/lint.hpp"
#include "labelkit/ops/merge.hpp"
#include "labelkit/ops/split.hpp"
#include "support.hpp"

using labelkit::test::count_rule;
using labelkit::test::find_rule;

using namespace labelkit;
using labelkit::test::TempDir;

namespace fs = std::filesystem;

namespace {

fs::path example(const char* format) { return labelkit::test::source_dir() / "examples" / format; }

}  // namespace

TEST_CASE("operations: load_dataset(all_formats(), ...) leaves a format its caller can use") {
    DiagnosticSink sink;
    // The list of formats is a temporary, gone after the call: the result holds its own Format.
    const LoadedDataset loaded = load_dataset(all_formats(), example("coco"), "", {}, sink);
    REQUIRE(loaded.format);
    CHECK(loaded.format->name == "coco");
    CHECK(loaded.detection_reason.find("annotations/instances_train.json") != std::string::npos);
    REQUIRE(loaded.format->read);
    CHECK(loaded.format->read(example("coco"), {}, sink).annotations.size() == 6);
    const DetectionResult detection = detect_format(all_formats(), example("voc"));
    REQUIRE(detection.format);
    CHECK(detection.format->name == "voc");
}

TEST_CASE("operations: convert reads, adapts and writes, and says what it wrote") {
    TempDir tmp;
    ConvertOptions options;
    options.input = example("coco");
    options.output = tmp / "yolo";
    options.to = "yolo";
    DiagnosticSink sink;
    const ConvertResult result = convert(options, sink);
    CHECK(result.from == "coco");
    CHECK_FALSE(result.detection_reason.empty());
    CHECK(result.to == "yolo");
    CHECK(result.images == ImageMode::link);  // YOLO's default: Ultralytics finds labels through images
    CHECK(result.written.images == 4);
    CHECK(result.written.images_without_objects == 1);
    CHECK(result.written.annotations == 6);
    CHECK(result.written.categories == 3);
    REQUIRE(result.written.subsets.size() == 2);
    CHECK(result.written.subsets[0].name == "train");
    CHECK(result.written.subsets[0].images == 3);
    CHECK(result.written.subsets[1].name == "val");
    CHECK(result.written.subsets[1].images == 1);
    CHECK(result.dataset.annotations.size() == 6);
    CHECK(count_rule(sink, "convert/masks") == 1);  // the crowd RLE mask, as polygons
    CHECK(fs::is_regular_file(tmp / "yolo/data.yaml"));
    CHECK(fs::is_symlink(tmp / "yolo/images/train/shapes_001.png"));

    // Written once: a second run needs overwrite, and a missing target format is named.
    DiagnosticSink again;
    CHECK_THROWS_AS(convert(options, again), Error);
    options.overwrite = true;
    options.images = ImageMode::none;
    options.to = "coco";
    options.output = tmp / "one.json";
    const ConvertResult single = convert(options, again);
    CHECK(single.images == ImageMode::none);
    CHECK(fs::is_regular_file(tmp / "one.json"));
    options.to = "nosuchformat";
    CHECK_THROWS_WITH_AS(convert(options, again), doctest::Contains("unknown format 'nosuchformat'"), Error);
}

TEST_CASE("operations: convert takes --image-size as a value parsed by the library") {
    CHECK(parse_image_size("640,480") == ImageSize{640, 480});
    CHECK(parse_image_size("32x24") == ImageSize{32, 24});
    CHECK_THROWS_WITH_AS(parse_image_size("0,5"), doctest::Contains("--image-size '0,5'"), Error);
    CHECK_THROWS_AS(parse_image_size("640"), Error);
    CHECK_THROWS_AS(parse_image_size("-1,5"), Error);
}

TEST_CASE("operations: lint returns its findings, summary and rendered report, and writes the fixed copy") {
    TempDir tmp;
    LintOptions options;
    options.input = example("voc");
    options.fix = tmp / "fixed";
    options.format = ReportFormat::json;
    DiagnosticSink sink;
    const LintResult result = lint(options, sink);
    CHECK(result.format == "voc");
    CHECK(result.config_found.empty());
    REQUIRE(result.report.diagnostics.size() == 1);
    CHECK(result.report.diagnostics[0].rule == "dataset/image-without-annotations");
    CHECK(result.report.diagnostics[0].location.path.ends_with("shapes_003.xml"));
    CHECK(result.summary.errors == 0);
    CHECK(result.summary.warnings == 0);
    CHECK(result.summary.infos == 1);
    CHECK(result.summary.files == result.report.files.size());
    CHECK_FALSE(result.failed);
    CHECK(nlohmann::json::parse(result.rendered)["summary"]["infos"] == 1);
    CHECK(result.fix_refused.empty());
    CHECK(result.fixed_copy_written);
    CHECK(result.fixes.empty());  // nothing to fix
    CHECK(fs::is_directory(tmp / "fixed/Annotations"));

    options.fail_on = FailOn::info;
    options.fix.clear();
    CHECK(lint(options, sink).failed);
}

TEST_CASE("operations: lint refuses a fixed copy that would lose what the reader left out, but still reports") {
    TempDir tmp;
    labelkit::test::write_file(tmp / "broken.json",
                               R"({"images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}],
                                   "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3]}],
                                   "categories": [{"id": 1, "name": "cat"}]})");
    LintOptions options;
    options.input = tmp / "broken.json";
    options.fix = tmp / "fixed.json";
    DiagnosticSink sink;
    const LintResult result = lint(options, sink);
    CHECK(result.failed);
    CHECK(result.summary.errors >= 1);
    CHECK(result.rendered.find("bbox must have 4 numbers") != std::string::npos);
    CHECK(result.fix_refused.find("no fixed copy written") != std::string::npos);
    CHECK_FALSE(result.fixed_copy_written);
    CHECK_FALSE(fs::exists(tmp / "fixed.json"));
}

TEST_CASE("operations: agree over two datasets and over a rating table read through the registry") {
    TempDir tmp;
    AgreeOptions options;
    options.inputs = {example("coco"), example("voc")};
    options.matrix = tmp / "matrix.png";
    DiagnosticSink sink;
    const AgreeResult result = agree(options, sink);
    CHECK_FALSE(result.rating_table);
    CHECK(result.report.annotators == std::vector<std::string>{"coco", "voc"});
    REQUIRE(result.report.spatial);
    REQUIRE(result.report.spatial->pairs.size() == 1);
    CHECK(result.report.spatial->pairs[0].all.matched == 6);  // the VOC boxes are the COCO boxes
    CHECK(result.report.spatial->pairs[0].all.only_a == 0);
    CHECK(result.report.spatial->pairs[0].all.only_b == 0);
    CHECK(result.json == agreement_json(result.report));
    CHECK(result.json["annotators"].size() == 2);
    CHECK(result.rendered == agreement_text(result.report));
    CHECK(fs::file_size(tmp / "matrix.png") > 100);

    labelkit::test::write_file(tmp / "ratings.csv", "item,annotator,label\na,ann1,x\na,ann2,x\nb,ann1,y\nb,ann2,x\n");
    AgreeOptions table;
    table.inputs = {tmp / "ratings.csv"};
    table.format = AgreeReportFormat::csv;
    const AgreeResult rated = agree(table, sink);
    CHECK(rated.rating_table);
    CHECK(rated.report.items == 2);
    CHECK(rated.report.labels == std::vector<std::string>{"x", "y"});
    REQUIRE(rated.report.categorical);
    CHECK(rated.report.categorical->overall.percent_agreement.value == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(rated.rendered == agreement_csv(rated.report));
    CHECK(rating_table_extensions() == std::vector<std::string>{".csv", ".tsv", ".jsonl", ".ndjson"});

    table.inputs = {tmp / "ratings.csv", example("coco")};
    CHECK_THROWS_WITH_AS(agree(table, sink), doctest::Contains("a rating table is compared on its own"), Error);
}

TEST_CASE("operations: merge union (streamed into one file) and consensus, with their reports") {
    TempDir tmp;
    MergeOptions options;
    options.inputs = {example("coco"), example("voc")};
    options.output = tmp / "union.json";
    options.to = "coco";
    options.report = tmp / "report.json";
    DiagnosticSink sink;
    const MergeResult merged = merge(options, sink);
    CHECK(merged.mode == MergeMode::set_union);
    CHECK(merged.inputs == 2);
    CHECK(merged.images == 4);
    CHECK(merged.annotations == 6);  // the VOC boxes are duplicates of the COCO shapes' boxes
    CHECK(merged.categories == 3);
    REQUIRE(merged.union_summary.inputs.size() == 2);
    CHECK(merged.union_summary.inputs[1].shared_items == 4);
    CHECK(merged.union_summary.inputs[1].duplicates == 6);
    CHECK(merged.union_summary.categories.size() == 3);
    CHECK(merged.dataset.annotations.empty());  // streamed into the file
    CHECK(nlohmann::json::parse(labelkit::test::read_file(tmp / "report.json")) == merged.report);
    CHECK(nlohmann::json::parse(labelkit::test::read_file(tmp / "union.json"))["annotations"].size() == 6);

    MergeOptions consensus;
    consensus.inputs = {example("coco"), example("yolo")};
    consensus.output = tmp / "consensus";
    consensus.to = "coco";
    consensus.mode = MergeMode::consensus;
    const MergeResult agreed = merge(consensus, sink);
    CHECK(agreed.consensus_summary.groups == 6);
    CHECK(agreed.consensus_summary.kept == 6);
    CHECK(agreed.consensus_summary.annotators == std::vector<std::string>{"coco", "yolo"});
    CHECK(agreed.annotations == 6);
    CHECK(agreed.report["mode"] == "consensus");
    CHECK(fs::is_directory(tmp / "consensus/annotations"));

    consensus.label_map = tmp / "map.yaml";
    CHECK_THROWS_WITH_AS(merge(consensus, sink), doctest::Contains("--label-map is for --mode union"), Error);
}

TEST_CASE("operations: split writes the subsets and sums up what each got") {
    TempDir tmp;
    SplitOptions options;
    options.input = example("coco");
    options.output = tmp / "split";
    options.to = "voc";
    options.counts = {2, 1, 1};
    options.strategy = SplitStrategy::random;
    DiagnosticSink sink;
    const SplitResult result = split(options, sink);
    REQUIRE(result.summary.subsets.size() == 3);
    CHECK(result.summary.items == 4);
    CHECK(result.summary.subsets[0].name == "train");
    CHECK(result.summary.subsets[0].items == 2);
    CHECK(result.summary.subsets[1].items == 1);
    CHECK(result.summary.subsets[2].items == 1);
    CHECK(result.json["strategy"] == "random");
    CHECK(result.json["seed"] == 1);
    CHECK(result.rendered == split_summary_text(result.summary));
    for (const char* subset : {"train", "val", "test"})
        CHECK(fs::is_regular_file(tmp / "split/ImageSets/Main" / (std::string(subset) + ".txt")));

    options.counts.clear();
    options.kfold = 2;
    options.output = tmp / "folds";
    options.json = true;
    const SplitResult folds = split(options, sink);
    REQUIRE(folds.summary.subsets.size() == 2);
    CHECK(folds.summary.subsets[0].name == "fold_1");
    CHECK(folds.summary.subsets[0].items + folds.summary.subsets[1].items == 4);
    CHECK(nlohmann::json::parse(folds.rendered) == folds.json);
    CHECK(fs::is_directory(tmp / "folds/fold_2/Annotations"));
}

TEST_CASE("operations: list_formats is the registry, rating tables included") {
    const std::vector<FormatSummary> formats = list_formats();
    std::vector<std::string> names;
    for (const FormatSummary& format : formats) names.push_back(format.name);
    CHECK(names == std::vector<std::string>{"coco", "voc", "yolo", "yolo-darknet", "classify", "ratings", "label-studio", "label-studio-min", "label-studio-csv", "cvat", "labelme", "mot", "sagemaker", "mturk", "appen", "scale", "nucleus", "trn"});
    CHECK(formats[0].file_extensions == std::vector<std::string>{".json"});
    CHECK(formats[5].read);
    CHECK_FALSE(formats[5].write);
    const nlohmann::json json = formats_json(formats);
    CHECK(json[0]["stores"]["polygons"] == true);
    CHECK(json[5]["stores"]["ratings"] == true);
    CHECK(json[1]["stores"]["ratings"] == false);

    const std::vector<Format> registry = all_formats();
    CHECK(writes_single_file(find_format(registry, "coco"), "out/a.json"));
    CHECK(writes_single_file(find_format(registry, "coco"), "out/A.JSON"));
    CHECK_FALSE(writes_single_file(find_format(registry, "coco"), "out/a"));
    CHECK_FALSE(writes_single_file(find_format(registry, "voc"), "out/a.json"));
    CHECK(find_format(registry, "coco").open_stream_writer);
    CHECK_FALSE(find_format(registry, "yolo").open_stream_writer);
}

TEST_CASE("operations: --image-root looks in a subset folder only when the subset stays under the root") {
    // Was: only ".." was refused, so an absolute subset ("/home/u/.ssh") made root / subset the
    // subset itself, and an image outside the root was taken for the item's.
    TempDir tmp;
    labelkit::test::write_png(tmp / "outside/a.png", 10, 10);
    labelkit::test::write_png(tmp / "root/train/b.png", 10, 10);
    const std::string outside = (tmp / "outside").string();
    labelkit::test::write_file(tmp / "cvat/annotations.xml",
                               "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations><version>1.1</version>\n"
                               "<meta><task><name>t</name><labels><label><name>a</name></label></labels></task></meta>\n"
                               "<image id=\"0\" name=\"a.png\" subset=\"" + outside + "\" width=\"10\" height=\"10\"></image>\n"
                               "<image id=\"1\" name=\"b.png\" subset=\"train\" width=\"10\" height=\"10\"></image>\n"
                               "</annotations>\n");
    ReadOptions options;
    options.image_root = tmp / "root";
    DiagnosticSink sink;
    const Dataset dataset = load_dataset(all_formats(), tmp / "cvat/annotations.xml", "cvat", options, sink).dataset;
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].subset == outside);
    CHECK(dataset.items[0].image_file.empty());
    CHECK(dataset.items[1].image_file == (tmp / "root/train/b.png").string());
}
