// Rating tables (crowd long tables) as datasets: detection by the header, `read` into items,
// annotators, labels, texts and answers, and the commands on them (lint, convert, split).
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "lint_rule_cases.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

std::filesystem::path crowd_sample(const std::string& name) {
    return shared_dir() / "reference/platform-samples/crowd_long_table" / name;
}

Dataset read_table(const std::filesystem::path& path, const std::string& columns = "") {
    ReadOptions options;
    options.columns = columns;
    DiagnosticSink sink;
    return format_named("ratings").read(path, options, sink);
}

Error read_error(const std::filesystem::path& path) {
    try {
        read_table(path);
    } catch (const Error& error) {
        return error;
    }
    FAIL("no error thrown");
    return Error("");
}

std::size_t labels_of(const Dataset& dataset, const std::string& category) {
    const std::optional<std::uint32_t> index = dataset.find_category(category);
    REQUIRE(index);
    return static_cast<std::size_t>(std::count_if(dataset.labels.begin(), dataset.labels.end(),
                                                  [&](const Label& label) { return label.category == *index; }));
}

int detection_score(const std::filesystem::path& path) { return format_named("ratings").detect(path).score; }

}  // namespace

TEST_CASE("ratings dataset: crowd-kit's toy answers, read without --columns" * needs_shared) {
    const Dataset dataset = read_table(crowd_sample("toy_ysda_answers.csv"));
    // By hand from the 24 rows (worker,task,label): tasks t1..t5, workers w1..w5 (w3 did not
    // answer t1). yes: w1 4, w2 3, w3 2, w4 3, w5 1 = 13; no: 1 + 2 + 2 + 2 + 4 = 11.
    REQUIRE(dataset.items.size() == 5);
    CHECK(dataset.items[0].path == "t1");
    CHECK(dataset.items[4].path == "t5");
    CHECK(dataset.items[0].kind == ItemKind::other);
    CHECK(dataset.items[1].origin.position == 3);  // t2 first on line 3
    REQUIRE(dataset.annotators.size() == 5);
    CHECK(dataset.annotators[2].id == "w3");
    CHECK_FALSE(dataset.annotators[2].prediction);
    CHECK(dataset.labels.size() == 24);
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "no");  // in order of first appearance: line 2 says no
    CHECK(labels_of(dataset, "yes") == 13);
    CHECK(labels_of(dataset, "no") == 11);
    CHECK(dataset.answers.size() == 24);
    // Line 13: w3,t3,no.
    const Label& label = dataset.labels[11];
    CHECK(label.origin.position == 13);
    CHECK(dataset.items[label.item].path == "t3");
    CHECK(dataset.annotators[label.annotator].id == "w3");
    CHECK(dataset.categories[label.category].name == "no");
    CHECK(label.text.empty());
    // t1 was answered by 4 workers: w1, w2, w4, w5.
    CHECK(std::count_if(dataset.answers.begin(), dataset.answers.end(), [](const ItemAnswer& a) { return a.item == 0; }) == 4);
    CHECK(dataset.annotations.empty());
}

TEST_CASE("ratings dataset: ROVER's toy transcripts are texts; the # line is skipped" * needs_shared) {
    const Dataset dataset = read_table(crowd_sample("rover_toy.csv"));
    // Line 1 is a '#' note, line 2 the header worker,task,text, then 3 transcripts of t1.
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.annotators.size() == 3);
    REQUIRE(dataset.labels.size() == 3);
    CHECK(dataset.categories.empty());
    CHECK(dataset.labels[1].text == "b z d e");
    CHECK(dataset.labels[1].category == no_index);
    CHECK(dataset.labels[1].origin.position == 4);
    CHECK(dataset.annotators[dataset.labels[1].annotator].id == "w2");
}

TEST_CASE("ratings dataset: detection by the header") {
    TempDir dir;
    write_file(dir / "plain.csv", "item,annotator,label\na.jpg,w1,cat\n");
    write_file(dir / "crowd.tsv", "task\tworker\ttext\nt1\tw1\thello\n");
    write_file(dir / "crowd.jsonl", R"({"task": "t1", "worker": "w1", "label": "yes"})" "\n");
    write_file(dir / "one_line.jsonl", R"({"item": "i1", "annotator": "w1", "text": "hi"})");  // no final newline
    write_file(dir / "other.csv", "ImageID,Source,LabelName,Confidence\na,verification,/m/0,1\n");
    write_file(dir / "batch.csv", "HITId,WorkerId,Answer.sentiment\nh1,A1,3\n");
    write_file(dir / "full.csv", "_unit_id,_worker_id,_trust,q\n1,w1,0.9,yes\n");
    write_file(dir / "notes.txt", "item,annotator,label\na,w1,cat\n");
    CHECK(detection_score(dir / "plain.csv") == 100);
    CHECK(detection_score(dir / "crowd.tsv") == 100);
    CHECK(detection_score(dir / "crowd.jsonl") == 100);
    CHECK(detection_score(dir / "one_line.jsonl") == 100);
    // Any other table stays a rating table for agree --columns, but every format that knows the
    // file outbids it.
    CHECK(detection_score(dir / "other.csv") == 1);
    CHECK(detection_score(dir / "batch.csv") == 0);
    CHECK(detection_score(dir / "notes.txt") == 0);
    CHECK(detect_format(all_formats(), dir / "full.csv").format->name == "appen");
    CHECK(detect_format(all_formats(), dir / "batch.csv").format->name == "mturk");
    CHECK(detect_format(all_formats(), dir / "plain.csv").format->name == "ratings");
    // An image name is an image item at that path (nothing is looked for on disk).
    const Dataset dataset = read_table(dir / "plain.csv");
    CHECK(dataset.items[0].kind == ItemKind::image);
    CHECK(dataset.items[0].path == "a.jpg");
}

TEST_CASE("ratings dataset: labels, texts and scores of one row; an empty label is an answer without a label") {
    TempDir dir;
    write_file(dir / "t.csv", "item,annotator,label,transcript,confidence\n"
                              "i1,w1,cat,a cat,0.5\ni1,w2,,,\ni1,w1,dog,,\n");
    const Dataset dataset = read_table(dir / "t.csv", "text=transcript,label=label,score=confidence");
    // Row 2 gives a label and a text (2 labels), row 3 nothing (an answer), row 4 a second label
    // of i1 by w1 (one answer for the pair).
    REQUIRE(dataset.labels.size() == 3);
    CHECK(dataset.labels[0].category == 0);
    CHECK(*dataset.labels[0].score == 0.5);
    CHECK(dataset.labels[1].text == "a cat");
    CHECK(dataset.labels[1].category == no_index);
    CHECK(dataset.labels[2].origin.position == 4);
    CHECK(dataset.answers.size() == 2);
}

TEST_CASE("ratings dataset: hostile tables fail at file:line") {
    TempDir dir;
    write_file(dir / "ragged.csv", "item,annotator,label\ni1,w1,cat\ni2,w1\n");
    const Error ragged = read_error(dir / "ragged.csv");
    CHECK(ragged.where().line == 3);
    CHECK(ragged.rule() == "ratings/csv");
    CHECK(std::string(ragged.what()).find("2 fields where the header has 3") != std::string::npos);
    write_file(dir / "empty.csv", "");
    CHECK(read_error(dir / "empty.csv").where().line == 1);
    write_file(dir / "missing.csv", "# note\nitem,label\ni1,cat\n");
    const Error missing = read_error(dir / "missing.csv");
    CHECK(missing.rule() == "ratings/columns");
    CHECK(std::string(missing.what()).find("no 'annotator' column") != std::string::npos);
    write_file(dir / "open.csv", "item,annotator,label\ni1,w1,\"cat\n");
    CHECK(read_error(dir / "open.csv").where().line == 2);
    write_file(dir / "bad.jsonl", R"({"item": "i1", "annotator": "w1", "label": "cat"})" "\n[1]\n");
    const Error jsonl = read_error(dir / "bad.jsonl");
    CHECK(jsonl.where().line == 2);
    CHECK(jsonl.rule() == "ratings/jsonl");
}

TEST_CASE("ratings dataset: the CLI lints, converts and splits a table; errors exit 2" * needs_shared) {
    TempDir dir;
    const std::string table = q(crowd_sample("toy_ysda_answers.csv"));
    const CommandResult lint = run_labelkit("lint --format json " + table);
    INFO(lint.out << lint.err);
    CHECK(lint.exit_code == 0);
    const nlohmann::json report = nlohmann::json::parse(lint.out);
    CHECK(report["summary"]["errors"] == 0);
    CHECK(report["summary"]["warnings"] == 0);
    const CommandResult convert = run_labelkit("convert " + table + " " + q(dir / "ls.json") + " --to label-studio");
    INFO(convert.err);
    REQUIRE(convert.exit_code == 0);
    CHECK(convert.err.find("detected format: ratings") != std::string::npos);
    // One task per item, one annotation per worker that answered it: 24 in all.
    const nlohmann::json tasks = nlohmann::json::parse(read_file(dir / "ls.json"));
    REQUIRE(tasks.size() == 5);
    std::size_t annotations = 0;
    for (const nlohmann::json& task : tasks) annotations += task["annotations"].size();
    CHECK(annotations == 24);
    const CommandResult split = run_labelkit("split " + table + " -o " + q(dir / "split") + " --to cvat");
    INFO(split.err);
    REQUIRE(split.exit_code == 0);
    // The 5 items in subsets, each with its 24 labels as CVAT tags.
    const std::string xml = read_file(dir / "split/annotations.xml");
    const auto count = [&](const std::string& part) {
        std::size_t n = 0;
        for (std::size_t at = xml.find(part); at != std::string::npos; at = xml.find(part, at + 1)) ++n;
        return n;
    };
    CHECK(count("<image ") == 5);
    CHECK(count("<tag ") == 24);
    CHECK(count("subset=\"train\"") == 4);
    // agree keeps reading the table as judgments: 5 annotators, 5 items.
    const CommandResult agree = run_labelkit("agree --format json " + table);
    REQUIRE(agree.exit_code == 0);
    CHECK(nlohmann::json::parse(agree.out)["categorical"]["items"] == 5);

    write_file(dir / "ragged.csv", "item,annotator,label\ni1,w1,cat\ni2,w1\n");
    const CommandResult ragged = run_labelkit("convert " + q(dir / "ragged.csv") + " " + q(dir / "out.json") + " --to label-studio");
    CHECK(ragged.exit_code == 2);
    CHECK(ragged.err.find("ragged.csv:3") != std::string::npos);
    const CommandResult linted = run_labelkit("lint " + q(dir / "ragged.csv"));
    CHECK(linted.exit_code == 1);
    CHECK(linted.out.find("ragged.csv:3") != std::string::npos);
}

}  // namespace labelkit::test

namespace labelkit::test {

// The rating table reader's lint rule cases (run by lint_rule_cases.cpp).
std::vector<RuleCase> ratings_rule_cases() {
    const std::string header = "item,annotator,label\ni1,w1,cat\n";
    const std::string flagged = "item,annotator,label,_golden,_tainted\ni1,w1,cat,false,false\n";
    const auto csv_case = [](const std::string& rule, const std::string& bad, const std::string& good, const std::string& where) {
        return RuleCase{rule, {{"t.csv", bad}}, {{"t.csv", good}}, where, "", "t.csv"};
    };
    const std::string row = R"({"item": "i1", "annotator": "w1", "label": "cat"})" "\n";
    return {
        csv_case("ratings/csv", header + "i2,w1\n", header + "i2,w1,dog\n", "t.csv:3"),
        RuleCase{"ratings/jsonl", {{"t.jsonl", row + "[1]\n"}}, {{"t.jsonl", row + row}}, "t.jsonl:2", "", "t.jsonl"},
        csv_case("ratings/columns", "item,label\ni1,cat\n", header, "t.csv:1"),
        csv_case("ratings/gold", flagged + "i2,w1,dog,true,false\n", flagged + "i2,w1,dog,false,false\n", "t.csv"),
        csv_case("ratings/tainted", flagged + "i2,w1,dog,false,true\n", flagged + "i2,w1,dog,false,false\n", "t.csv"),
    };
}

}  // namespace labelkit::test
