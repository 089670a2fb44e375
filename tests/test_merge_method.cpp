// merge --mode consensus --method mv|wawa|ds through the CLI: the tables written with --to csv and
// --to jsonl checked cell by cell, the report against its schema, weights (a file, Appen _trust), and
// what is refused (multi-label items, --to csv without a method, weights with ds).
#include <doctest/doctest.h>

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

std::filesystem::path toy_answers() {
    return shared_dir() / "reference/platform-samples/crowd_long_table/toy_ysda_answers.csv";
}

struct Table {
    std::string text;  // the output file
    json report;
    std::string err;
};

Table merge_table(const TempDir& dir, const std::string& input, const std::string& options) {
    const auto output = dir / "labels.out";
    const auto report = dir / "report.json";
    std::filesystem::remove(output);
    std::filesystem::remove(report);
    const CommandResult result = run_labelkit(fmt::format("merge {} --mode consensus -o {} --report {} {}", q(input),
                                                          q(output), q(report), options));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    Table table{read_file(output), json::parse(read_file(report)), result.err};
    CHECK(schema_errors(source_dir() / "schemas/merge-report.schema.json", table.report).empty());
    return table;
}

// Checks a CSV table of unquoted cells against the expected rows cell by cell: the confidence (third
// column) within 1e-15 relatively (the sums of weights may differ in their last bit), the rest exactly.
void check_rows(const std::string& text, const std::vector<std::vector<std::string>>& expected) {
    const std::vector<std::string> lines = lines_of(text);
    REQUIRE(lines.size() == expected.size() + 1);
    CHECK(lines[0] == "item,label,confidence,annotators,tie");
    for (std::size_t r = 0; r < expected.size(); ++r) {
        std::vector<std::string> cells;
        std::stringstream row(lines[r + 1]);
        for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
        REQUIRE(cells.size() == 5);
        for (const std::size_t c : {0, 1, 3, 4}) CHECK(cells[c] == expected[r][c]);
        CHECK(std::stod(cells[2]) == doctest::Approx(std::stod(expected[r][2])).epsilon(1e-15));
    }
}

std::string number(double value) { return fmt::format("{}", value); }

}  // namespace

TEST_CASE("merge --method mv --to csv: crowd-kit's toy, its labels and skills, the tie warned of" * needs_shared) {
    TempDir dir;
    const Table table = merge_table(dir, toy_answers().string(), "--method mv --to csv");
    // crowd-kit toy_labels_result_mv; shares and counts by hand; t1 ties 2-2 and goes to "no".
    CHECK(table.text ==
          "item,label,confidence,annotators,tie\n"
          "t1,no,0.5,4,true\n"
          "t2,yes,0.6,5,false\n"
          "t3,no,0.6,5,false\n"
          "t4,yes,1,5,false\n"
          "t5,no,0.8,5,false\n");
    CHECK(table.err.find("1 of 5 items tie between classes") != std::string::npos);
    CHECK(table.err.find("merge/label-ties") != std::string::npos);
    const json& labels = table.report["item_labels"];
    CHECK(labels["method"] == "mv");
    CHECK(labels["ties"] == 1);
    CHECK(labels["classes"] == json::array({"no", "yes"}));
    // crowd-kit toy_skills_result_mv.
    std::map<std::string, double> skills;
    for (const json& a : labels["annotators"]) skills[a["name"]] = a["skill"];
    CHECK(skills == std::map<std::string, double>{{"w1", 0.6}, {"w2", 0.8}, {"w3", 1.0}, {"w4", 0.4}, {"w5", 0.8}});
}

TEST_CASE("merge --method ds --to jsonl: Dawid-Skene recovers the toy's ground truth" * needs_shared) {
    TempDir dir;
    const Table table = merge_table(dir, toy_answers().string(), "--method ds --to jsonl");
    // crowd-kit toy_ground_truth_df: yes, yes, no, yes, no.
    const std::vector<std::string> lines = lines_of(table.text);
    REQUIRE(lines.size() == 5);
    const std::vector<std::string> truth = {"yes", "yes", "no", "yes", "no"};
    const std::vector<int> counts = {4, 5, 5, 5, 5};
    for (std::size_t i = 0; i < 5; ++i) {
        const json row = json::parse(lines[i]);
        CHECK(row["item"] == fmt::format("t{}", i + 1));
        CHECK(row["label"] == truth[i]);
        CHECK(row["confidence"].get<double>() == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(row["annotators"] == counts[i]);
        CHECK(row["tie"] == false);
        CHECK(row.size() == 5);
    }
    CHECK(lines[0].starts_with(R"({"item":"t1","label":"yes","confidence":)"));
    const json& labels = table.report["item_labels"];
    CHECK(labels["iterations"] == 6);
    CHECK(labels["converged"] == true);
    CHECK(labels["priors"]["yes"].get<double>() == doctest::Approx(0.6).epsilon(1e-12));
    // w4 against the recovered truth (by hand): true no -> no 1/2, yes 1/2; true yes -> no 1/3, yes 2/3.
    const json& w4 = labels["annotators"][3];
    REQUIRE(w4["name"] == "w4");
    CHECK(w4["confusion"]["no"]["yes"].get<double>() == doctest::Approx(0.5).epsilon(1e-9));
    CHECK(w4["confusion"]["yes"]["no"].get<double>() == doctest::Approx(1.0 / 3).epsilon(1e-9));
}

TEST_CASE("merge --method: a rating table aggregated from its rows and as datasets per annotator agree" * needs_shared) {
    // One rating table is aggregated from its judgments; --annotators makes it go through one dataset per
    // annotator, as other inputs do. Same rows, same report, whichever path (confidences to 1e-12: the
    // sums run in another order).
    for (const std::string method : {"mv", "wawa", "ds"}) {
        TempDir dir;
        const Table rows = merge_table(dir, toy_answers().string(), fmt::format("--method {} --to jsonl", method));
        const Table datasets =
            merge_table(dir, toy_answers().string(), fmt::format("--method {} --to jsonl --annotators w1,w2,w3,w4,w5", method));
        const std::vector<std::string> a = lines_of(rows.text), b = lines_of(datasets.text);
        REQUIRE(a.size() == 5);
        REQUIRE(b.size() == 5);
        for (std::size_t i = 0; i < 5; ++i) {
            json left = json::parse(a[i]), right = json::parse(b[i]);
            CHECK(left["confidence"].get<double>() == doctest::Approx(right["confidence"].get<double>()).epsilon(1e-12));
            left.erase("confidence");
            right.erase("confidence");
            CHECK(left == right);
        }
        CHECK(rows.report["item_labels"]["ties"] == datasets.report["item_labels"]["ties"]);
        CHECK(rows.report["images"] == datasets.report["images"]);
        CHECK(rows.report["item_labels"]["annotators"].size() == 5);
    }
}

TEST_CASE("merge --method wawa --to csv: votes weighted by agreement with the majority" * needs_shared) {
    TempDir dir;
    const Table table = merge_table(dir, toy_answers().string(), "--method wawa --to csv");
    // By hand with weights .6 .8 1 .4 .8 (w1..w5): 1.4/2.6, 2.4/3.6, 2.6/3.6, 1, 3.0/3.6.
    check_rows(table.text, {{"t1", "no", number(1.4 / 2.6), "4", "false"},
                            {"t2", "yes", number(2.4 / 3.6), "5", "false"},
                            {"t3", "no", number(2.6 / 3.6), "5", "false"},
                            {"t4", "yes", "1", "5", "false"},
                            {"t5", "no", number(3.0 / 3.6), "5", "false"}});
    CHECK(table.err.find("merge/label-ties") == std::string::npos);
}

TEST_CASE("merge --method mv --weights FILE: a heavy annotator turns the tie" * needs_shared) {
    TempDir dir;
    write_file(dir / "weights.csv", "annotator,weight\nw1,1\nw2,1\nw3,1\nw4,3\nw5,1\nw9,2\n");
    const Table table = merge_table(dir, toy_answers().string(),
                                    fmt::format("--method mv --weights {} --to csv", q(dir / "weights.csv")));
    // t1: no (w1, w5) 2 against yes (w2, w4) 1 + 3 = 4: yes, 4/6. t2: yes 3 against no (w4, w5) 4: no, 4/7.
    // t3: yes (w1, w4) 4 against no 3: yes, 4/7. t5: no (w2..w5) 6 of 7.
    check_rows(table.text, {{"t1", "yes", number(4.0 / 6), "4", "false"},
                            {"t2", "no", number(4.0 / 7), "5", "false"},
                            {"t3", "yes", number(4.0 / 7), "5", "false"},
                            {"t4", "yes", "1", "5", "false"},
                            {"t5", "no", number(6.0 / 7), "5", "false"}});
    CHECK(table.err.find("1 annotators of the weights file are not among the annotators merged (first: 'w9')") !=
          std::string::npos);
    CHECK(table.report["item_labels"]["annotators"][3]["weight"] == 3.0);
}

TEST_CASE("merge --method mv --weights trust: Appen's _trust weighs each judgment" * needs_shared) {
    TempDir dir;
    const std::string header = lines_of(read_file(shared_dir() / "reference/platform-samples/appen_figure_eight/"
                                                                 "full_report_header_airline_sentiment.txt"))
                                   .at(2);
    const auto row = [](const std::string& id, const std::string& trust, const std::string& worker,
                        const std::string& sentiment) {
        return "681448150,2/25/2015 05:24:00,false," + id + ",,2/25/2015 05:20:00,false,elite," + trust + "," + worker +
               ",USA,CA,San Francisco,10.0.0.1," + sentiment + ",,Virgin America,,cairdin,,0,What @dhepburn said.\n";
    };
    write_file(dir / "full.csv", header + "\n" + row("1", "0.9", "w1", "neutral") + row("2", "0.3", "w2", "positive") +
                                     row("3", "0.4", "w3", "positive"));
    const std::string columns = "--columns appen,label=airline_sentiment";
    // Unweighted: positive 2 of 3. By trust: neutral .9 against positive .7: neutral, .9/1.6.
    check_rows(merge_table(dir, (dir / "full.csv").string(), columns + " --method mv --to csv").text,
               {{"681448150", "positive", number(2.0 / 3), "3", "false"}});
    const Table trusted = merge_table(dir, (dir / "full.csv").string(), columns + " --method mv --weights trust --to csv");
    check_rows(trusted.text, {{"681448150", "neutral", number(0.9 / 1.6), "3", "false"}});
    CHECK(trusted.report["item_labels"]["weights"] == "trust");
}

TEST_CASE("merge --method into a dataset: one label per item, its score the confidence" * needs_shared) {
    TempDir dir;
    const auto output = dir / "out";
    const CommandResult result = run_labelkit(fmt::format("merge {} --mode consensus --method ds --to label-studio -o {}",
                                                          q(toy_answers()), q(output)));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.find("item labels by ds: 5 items, 0 ties, converged after 6 iterations") != std::string::npos);
    // Each task gets one choice: crowd-kit's ground truth, its score the posterior (1 within 3e-14).
    const json tasks = json::parse(read_file(output / "tasks.json"));
    REQUIRE(tasks.size() == 5);
    const std::vector<std::string> truth = {"yes", "yes", "no", "yes", "no"};
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(tasks[i]["data"]["url"] == fmt::format("t{}", i + 1));
        const json& results = tasks[i]["annotations"].at(0)["result"];
        REQUIRE(results.size() == 1);
        CHECK(results[0]["value"]["choices"] == json::array({truth[i]}));
        CHECK(results[0]["score"].get<double>() == doctest::Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("merge --method: what is refused") {
    TempDir dir;
    write_file(dir / "a.csv", "item,annotator,label\ni1,x,cat\ni1,y,dog\n");
    const auto refused = [&](const std::string& options) {
        const CommandResult result =
            run_labelkit(fmt::format("merge {} --mode consensus -o {} {}", q(dir / "a.csv"), q(dir / "out.csv"), options));
        CHECK(result.exit_code == 2);
        CHECK_FALSE(std::filesystem::exists(dir / "out.csv"));
        return result.err;
    };
    CHECK(refused("--to csv").find("--to csv writes one class per item, as --method mv, wawa or ds gives it") !=
          std::string::npos);
    // --method without --mode consensus names the missing mode (it said "--mode union needs two or more inputs").
    const CommandResult union_method =
        run_labelkit(fmt::format("merge {} -o {} --to csv --method mv", q(dir / "a.csv"), q(dir / "out.csv")));
    CHECK(union_method.exit_code == 2);
    CHECK(union_method.err.find("--method is for --mode consensus") != std::string::npos);
    CHECK(refused("--to csv --method ds --weights trust").find("--weights is for --method mv: ds estimates") !=
          std::string::npos);
    CHECK(refused("--to csv --method mv --weights trust").find("--weights trust takes each crowd worker's trust") !=
          std::string::npos);
    write_file(dir / "w.csv", "annotator,weight\nx,1\n");
    CHECK(refused(fmt::format("--to csv --method mv --weights {}", q(dir / "w.csv")))
              .find("the weights file gives annotator 'y' no weight") != std::string::npos);
    write_file(dir / "w.csv", "annotator,weight\nx,1\ny,-1\n");
    CHECK(refused(fmt::format("--to csv --method mv --weights {}", q(dir / "w.csv")))
              .find("w.csv:3:1: error: the weight '-1' is not a positive number") != std::string::npos);
}

TEST_CASE("merge --method mv --weights FILE: weights of 1e308 give the table of unit weights") {
    // Was: the weights summed to infinity, the shares were NaN: exit 0 and "2 items have no class label".
    TempDir dir;
    write_file(dir / "r.csv", "item,annotator,label\ni1,x,a\ni1,y,b\ni1,z,b\ni2,x,a\ni2,y,a\n");
    write_file(dir / "unit.csv", "annotator,weight\nx,1\ny,1\nz,1\n");
    write_file(dir / "huge.csv", "annotator,weight\nx,1e308\ny,1e308\nz,1e308\n");
    const Table unit = merge_table(dir, (dir / "r.csv").string(), fmt::format("--method mv --weights {} --to csv", q(dir / "unit.csv")));
    const Table huge = merge_table(dir, (dir / "r.csv").string(), fmt::format("--method mv --weights {} --to csv", q(dir / "huge.csv")));
    // By hand: i1 b with 2 of 3 votes, i2 a with both.
    check_rows(unit.text, {{"i1", "b", number(2.0 / 3), "3", "false"}, {"i2", "a", "1", "2", "false"}});
    CHECK(huge.text == unit.text);
    CHECK(huge.err.find("no class label") == std::string::npos);
}

TEST_CASE("merge --method mv: a table of as many classes as items is refused before the vote shares are allocated") {
    // Was: 60,000 rows, each a new item of a new class, asked for 60,000 x 60,000 doubles (28.8 GB):
    // bad_alloc or the OOM killer. 12,000 x 12,000 = 1.44e8 cells is over the limit of 2^27 = 134217728.
    TempDir dir;
    std::string table = "item,annotator,label\n";
    for (int row = 0; row < 12000; ++row) table += fmt::format("i{},{},c{}\n", row, row % 2 ? "y" : "x", row);
    write_file(dir / "wide.csv", table);
    const CommandResult result = run_labelkit(fmt::format("merge {} --mode consensus --method mv --to csv -o {}",
                                                          q(dir / "wide.csv"), q(dir / "out.csv")));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("too large to aggregate: 12000 items x 12000 classes are more than 134217728 vote shares") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.csv"));
}

TEST_CASE("merge --method mv: missing answers: an item nobody labelled has an empty label, warned of") {
    TempDir dir;
    // i1: x and y say a; i2: both cells empty (no rating); i3: only y answers, b.
    write_file(dir / "r.csv", "item,annotator,label\ni1,x,a\ni1,y,a\ni2,x,\ni2,y,\ni3,x,\ni3,y,b\n");
    const Table table = merge_table(dir, (dir / "r.csv").string(), "--method mv --to csv");
    CHECK(table.text ==
          "item,label,confidence,annotators,tie\n"
          "i1,a,1,2,false\n"
          "i2,,,0,false\n"
          "i3,b,1,1,false\n");
    CHECK(table.err.find("1 items have no class label from any annotator: they get none [merge/unlabelled-items]") !=
          std::string::npos);
    CHECK(table.report["item_labels"]["items_without_labels"] == 1);
    CHECK(table.report["item_labels"]["labelled"] == 2);
}
