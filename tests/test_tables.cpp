// Tables every CSV-reading format shares (core/csv.hpp): tab-separated files and '#' lines before
// the header, in the ratings, Appen and MTurk readers and their detection.
#include <doctest/doctest.h>

#include "labelkit/format.hpp"
#include "labelkit/ratings.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

std::filesystem::path sample(const std::string& name) { return shared_dir() / "reference/platform-samples" / name; }

Dataset read_as(const std::string& format, const std::filesystem::path& path) {
    DiagnosticSink sink;
    return format_named(format).read(path, ReadOptions{}, sink);
}

std::string detected(const std::filesystem::path& path) {
    const DetectionResult result = detect_format(all_formats(), path);
    return result.format ? result.format->name : "";
}

Error read_error(const std::string& format, const std::filesystem::path& path) {
    try {
        read_as(format, path);
    } catch (const Error& error) {
        return error;
    }
    FAIL("no error thrown");
    return Error("");
}

}  // namespace

TEST_CASE("tables: Label Studio's tab-separated CSV export, read with the label-studio preset" * needs_shared) {
    DiagnosticSink sink;
    // One row: id 4, annotator test@heartex.com, title TAN BAI (20 quoted, tab-separated columns).
    const std::vector<Judgment> judgments = read_judgments(sample("label_studio_json/test_export_csv_csv_test2_result.csv"),
                                                           TableReading{"label-studio,label=title", false, false}, sink);
    REQUIRE(judgments.size() == 1);
    CHECK(judgments[0].item == "4");
    CHECK(judgments[0].annotator == "test@heartex.com");
    CHECK(judgments[0].label == "TAN BAI");
    CHECK(judgments[0].where.line == 2);
}

TEST_CASE("tables: a .tsv rating table is read as a dataset and by agree") {
    TempDir dir;
    write_file(dir / "r.tsv", "# two raters\nitem\tannotator\tlabel\ni1\ta\tx, y\ni1\tb\tx, y\ni2\ta\tz\ni2\tb\tz\n");
    CHECK(detected(dir / "r.tsv") == "ratings");
    const Dataset dataset = read_as("ratings", dir / "r.tsv");
    // 2 items, 2 annotators, labels "x, y" (a comma inside a tab-separated cell) and "z".
    CHECK(dataset.items.size() == 2);
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "x, y");
    CHECK(dataset.labels[2].origin.position == 5);
    const CommandResult agree = run_labelkit("agree --format json " + q(dir / "r.tsv"));
    INFO(agree.err);
    REQUIRE(agree.exit_code == 0);
    CHECK(agree.out.find("\"percent_agreement\": 1.0") != std::string::npos);
}

TEST_CASE("tables: '#' lines before an Appen report's header; errors at the file's lines") {
    TempDir dir;
    const std::string report = "# exported 2024-01-01\n# job 12345\n_unit_id,_id,_worker_id,q\n1,11,w1,yes\n1,12,w2,no\n";
    write_file(dir / "r.csv", report);
    CHECK(detected(dir / "r.csv") == "appen");
    const Dataset dataset = read_as("appen", dir / "r.csv");
    CHECK(dataset.annotators.size() == 2);
    REQUIRE(dataset.labels.size() == 2);
    CHECK(dataset.labels[1].origin.position == 5);
    write_file(dir / "bad.csv", report + "2,13,w1\n");
    const Error error = read_error("appen", dir / "bad.csv");
    CHECK(error.where().line == 6);
    // A '#' line after the header is a row: here one with 1 field.
    write_file(dir / "late.csv", "_unit_id,_id,_worker_id,q\n# not a note\n1,11,w1,yes\n");
    CHECK(read_error("appen", dir / "late.csv").where().line == 2);
}

TEST_CASE("tables: the MTurk excerpt (.txt, '#' notes) is detected and read as a batch" * needs_shared) {
    const std::filesystem::path excerpt = sample("mturk_crowd_html/batch_results_6workers_boxes_excerpt.txt");
    CHECK(detected(excerpt) == "mturk");
    const Dataset dataset = read_as("mturk", excerpt);
    // Lines 1-5 are notes, line 6 the header, lines 7-12 six assignments of one image, one Car box
    // each; no WorkerId column: the assignments are named by line.
    CHECK(dataset.items.size() == 1);
    CHECK(dataset.annotations.size() == 6);
    REQUIRE(dataset.annotators.size() == 6);
    CHECK(dataset.annotators[0].id == "line 7");
    CHECK(dataset.annotations[0].box == Box{361, 441, 191, 252});
}

TEST_CASE("tables: .txt files are MTurk batches only with Answer.* and Input.*, HITId or WorkerId columns") {
    TempDir dir;
    write_file(dir / "batch.txt", "# note\nHITId,WorkerId,Answer.sentiment\nh1,A1,3\n");
    write_file(dir / "answers.txt", "Answer.sentiment\n3\n");
    write_file(dir / "gt.txt", "1,1,10,10,5,5,1,1,1\n");
    CHECK(format_named("mturk").detect(dir / "batch.txt").score == 90);
    CHECK(format_named("mturk").detect(dir / "answers.txt").score == 0);
    CHECK(format_named("mturk").detect(dir / "gt.txt").score == 0);
    // The ratings format leaves a batch to mturk, also behind '#' lines.
    write_file(dir / "batch.csv", "# note\nHITId,WorkerId,Answer.sentiment\nh1,A1,3\n");
    CHECK(detected(dir / "batch.csv") == "mturk");
    CHECK(format_named("ratings").detect(dir / "batch.csv").score == 0);
}

}  // namespace labelkit::test
