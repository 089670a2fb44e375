// Gold rows of an Appen full report (_golden true, the accepted answers in <question>_gold) as the
// gold of agree's scorecard, through both readers (the appen dataset format and the rating table
// with --columns appen): left out of the agreement statistics but scored, several accepted
// answers in one cell, an empty gold cell, --keep-gold, --gold FILE beside them, several questions.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "schema_check.hpp"
#include "agree_report_fixtures.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

const char* header = "_unit_id,_golden,_id,_tainted,_trust,_worker_id,sentiment,sentiment_gold,text\n";

// Units 1-3 are ordinary; 10 and 11 are test questions, 11 with two accepted answers (negative or
// neutral, one per line); 12 is marked gold with an empty gold cell. w4 only did test questions.
const char* ordinary_rows =
    "1,false,101,false,0.9,w1,positive,,good\n"
    "1,false,102,false,0.8,w2,positive,,good\n"
    "1,false,103,false,0.7,w3,negative,,good\n"
    "2,false,104,false,0.9,w1,negative,,bad\n"
    "2,false,105,false,0.8,w2,negative,,bad\n"
    "2,false,106,false,0.7,w3,negative,,bad\n"
    "3,false,107,false,0.9,w1,neutral,,fine\n"
    "3,false,108,false,0.8,w2,positive,,fine\n"
    "3,false,109,false,0.7,w3,positive,,fine\n";
const char* gold_rows =
    "10,true,110,false,0.9,w1,positive,positive,great\n"
    "10,true,111,false,0.8,w2,negative,positive,great\n"
    "10,true,112,false,0.7,w3,positive,positive,great\n"
    "10,true,113,false,0.6,w4,positive,positive,great\n"
    "11,true,114,false,0.9,w1,neutral,\"negative\nneutral\",meh\n"
    "11,true,115,false,0.8,w2,negative,\"negative\nneutral\",meh\n"
    "11,true,116,false,0.7,w3,positive,\"negative\nneutral\",meh\n"
    "11,true,117,false,0.6,w4,negative,\"negative\nneutral\",meh\n"
    "12,true,118,false,0.9,w1,positive,,wow\n"
    "12,true,119,false,0.8,w2,positive,,wow\n";

// The two ways agree reads an Appen full report.
const std::vector<std::string> readers = {"--from appen", "--from ratings --columns appen"};

struct Run {
    json report;
    std::string err;
};

// agree's report with its stderr.
Run agree_run(const std::string& arguments) {
    Run run;
    run.report = agree_json(arguments, &run.err);
    return run;
}

// A confusion count by class names (the class order differs between the two readers).
std::size_t confusion(const json& report, const std::string& name, const std::string& reference, const std::string& given) {
    const json& classes = report["scorecard"]["classes"];
    auto index = [&](const std::string& label) {
        for (std::size_t c = 0; c < classes.size(); ++c)
            if (classes[c] == label) return c;
        FAIL("no class " << label);
        return std::size_t{0};
    };
    return scored(report, name)["confusion"][index(reference)][index(given)].get<std::size_t>();
}

// Non-zero confusion counts, as "reference>given" -> count.
std::map<std::string, std::size_t> confusion_cells(const json& report, const std::string& name) {
    const json& classes = report["scorecard"]["classes"];
    const json& matrix = scored(report, name)["confusion"];
    std::map<std::string, std::size_t> cells;
    for (std::size_t r = 0; r < classes.size(); ++r)
        for (std::size_t g = 0; g < classes.size(); ++g)
            if (matrix[r][g] != 0) cells[classes[r].get<std::string>() + ">" + classes[g].get<std::string>()] = matrix[r][g];
    return cells;
}

bool has_note(const json& report, const std::string& start) {
    for (const json& note : report["notes"])
        if (note.get<std::string>().starts_with(start)) return true;
    return false;
}

// A CSV row of the agreement report as column -> value (no quoted fields in these).
std::map<std::string, std::string> csv_row(const std::string& csv, const std::string& start) {
    std::istringstream lines(csv);
    std::string head, line;
    std::getline(lines, head);
    auto split = [](const std::string& row) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream in(row);
        while (std::getline(in, cell, ',')) cells.push_back(cell);
        if (!row.empty() && row.back() == ',') cells.emplace_back();
        return cells;
    };
    const std::vector<std::string> names = split(head);
    while (std::getline(lines, line))
        if (line.starts_with(start)) {
            const std::vector<std::string> cells = split(line);
            REQUIRE(cells.size() == names.size());
            std::map<std::string, std::string> row;
            for (std::size_t c = 0; c < names.size(); ++c) row[names[c]] = cells[c];
            return row;
        }
    FAIL("no CSV row starting " << start);
    return {};
}

}  // namespace

TEST_CASE("gold rows: an Appen report's test questions are the scorecard's gold, left out of the statistics") {
    TempDir dir;
    write_file(dir / "full.csv", std::string(header) + ordinary_rows + gold_rows);
    write_file(dir / "no_gold.csv", std::string(header) + ordinary_rows);
    for (const std::string& reader : readers) {
        CAPTURE(reader);
        const Run run = agree_run(q(dir / "full.csv") + " " + reader);
        const json& report = run.report;
        const json& card = report["scorecard"];
        // The statistics are those of the report without its gold rows: items 1-3, w1-w3.
        CHECK(report["items"] == 3);
        CHECK(report["annotators"] == json({"w1", "w2", "w3"}));
        const Run plain = agree_run(q(dir / "no_gold.csv") + " " + reader);
        CHECK(report["categorical"] == plain.report["categorical"]);
        CHECK(plain.report["scorecard"]["reference"] == "consensus");
        CHECK(plain.report["scorecard"]["gold_source"].is_null());

        CHECK(card["reference"] == "gold");
        CHECK(card["gold_source"] == "source");
        CHECK(card["gold_items"] == 2);  // 10 and 11; 12 has no gold answer
        CHECK(card["gold_unmatched"] == 0);
        // By hand, gold 10: positive; 11: negative or neutral.
        //   w1: 10 positive (right), 11 neutral (accepted)  -> 2/2
        //   w2: 10 negative (wrong), 11 negative (accepted) -> 1/2
        //   w3: 10 positive (right), 11 positive (wrong)    -> 1/2
        //   w4: 10 positive (right), 11 negative (accepted) -> 2/2
        // Worst first, ties by name.
        CHECK(order_of(report) == std::vector<std::string>{"w2", "w3", "w1", "w4"});
        const std::map<std::string, double> accuracy{{"w1", 1.0}, {"w2", 0.5}, {"w3", 0.5}, {"w4", 1.0}};
        // Majority vote over units 1-3, 10, 11 (the scorecard's items): 1 positive (2 of 3),
        // 2 negative, 3 positive (2 of 3), 10 positive (3 of 4), 11 negative (2 of 4).
        //   w1: pos neg neu pos neu -> 1, 2, 10 agree: 3/5; w2: pos neg pos neg neg -> 4/5;
        //   w3: neg neg pos pos pos -> 2, 3, 10: 3/5; w4: pos neg -> 2/2.
        const std::map<std::string, double> consensus{{"w1", 0.6}, {"w2", 0.8}, {"w3", 0.6}, {"w4", 1.0}};
        for (const auto& [name, value] : accuracy) {
            CAPTURE(name);
            const json& entry = scored(report, name);
            CHECK(entry["gold_accuracy"].get<double>() == doctest::Approx(value).epsilon(1e-12));
            CHECK(entry["consensus_agreement"].get<double>() == doctest::Approx(consensus.at(name)).epsilon(1e-12));
            CHECK(entry["gold_items"] == 2);
            CHECK(entry["items"] == (name == "w4" ? 2 : 5));
        }
        // w4 is in no pair of the statistics.
        CHECK(scored(report, "w4")["mean_cohen_kappa"].is_null());
        CHECK(scored(report, "w4")["pairs_with_kappa"] == 0);
        CHECK(scored(report, "w1")["pairs_with_kappa"] == 2);
        // Rows: gold (the given answer when accepted, else the first accepted), columns: given.
        CHECK(confusion_cells(report, "w1") == std::map<std::string, std::size_t>{{"positive>positive", 1}, {"neutral>neutral", 1}});
        CHECK(confusion_cells(report, "w2") == std::map<std::string, std::size_t>{{"positive>negative", 1}, {"negative>negative", 1}});
        CHECK(confusion_cells(report, "w3") == std::map<std::string, std::size_t>{{"positive>positive", 1}, {"negative>positive", 1}});
        CHECK(confusion(report, "w4", "negative", "negative") == 1);
        CHECK(has_note(report, "scorecard.gold_accuracy: 1 gold item accepts several labels; an answer is right when it is any of them"));
        // 10 rows of gold units left out (4 + 4 + 2), the 8 of units 10 and 11 scored.
        CHECK(run.err.find("10 judgments of gold units (test questions, _golden true) left out of the agreement "
                           "statistics") != std::string::npos);
        CHECK(run.err.find("8 of them (those with a gold answer) used for the scorecard only; --keep-gold keeps "
                           "them") != std::string::npos);
        CHECK(run.err.find("1 gold unit (_golden true) with an empty gold answer cell (<question>_gold): not gold, "
                           "none of their judgments counts for gold accuracy (first: '12')") != std::string::npos);
    }
}

TEST_CASE("gold rows: all gold rows with an answer say they are for the scorecard only; text and CSV reports") {
    TempDir dir;
    // The report without unit 12: every left-out row is scored.
    std::string rows = gold_rows;
    rows = rows.substr(0, rows.find("12,true"));
    write_file(dir / "full.csv", std::string(header) + ordinary_rows + rows);
    for (const std::string& reader : readers) {
        CAPTURE(reader);
        const CommandResult text = run_labelkit("agree " + q(dir / "full.csv") + " " + reader);
        INFO(text.err);
        REQUIRE(text.exit_code == 0);
        CHECK(text.err.find("8 judgments of gold units (test questions, _golden true) left out of the agreement "
                            "statistics and used for the scorecard only") != std::string::npos);
        CHECK(text.err.find("--keep-gold keeps them in both") != std::string::npos);
        CHECK(text.out.find("Annotators, worst first (by accuracy on 2 gold items, from the source's gold units)\n") !=
              std::string::npos);
        // w4: 2 items, 2 gold, accuracy 1, consensus 1 (see the first case), no kappa.
        CHECK(text.out.find("\n  w4         2       2      1.000      1.000         n/a\n") != std::string::npos);

        const CommandResult csv = run_labelkit("agree --format csv " + q(dir / "full.csv") + " " + reader);
        REQUIRE(csv.exit_code == 0);
        const auto w2 = csv_row(csv.out, "scorecard,w2,");
        CHECK(w2.at("b") == "gold");
        CHECK(w2.at("reference") == "source");
        CHECK(w2.at("n") == "5");
        CHECK(w2.at("gold_items") == "2");
        CHECK(w2.at("gold_accuracy") == "0.5");
        CHECK(w2.at("consensus_agreement") == "0.8");
        const auto w4 = csv_row(csv.out, "scorecard,w4,");
        CHECK(w4.at("mean_cohen_kappa") == "");
        // w2 gave negative on 10, whose gold is positive.
        CHECK(csv_row(csv.out, "scorecard_confusion,w2,positive,").at("class") == "negative");
    }
}

TEST_CASE("gold rows: --keep-gold keeps them in both the statistics and the scorecard") {
    TempDir dir;
    write_file(dir / "full.csv", std::string(header) + ordinary_rows + gold_rows);
    for (const std::string& reader : readers) {
        CAPTURE(reader);
        const Run run = agree_run(q(dir / "full.csv") + " " + reader + " --keep-gold");
        const json& report = run.report;
        // Units 1-3, 10, 11 and 12 (an ordinary item: its gold cell is empty), w1-w4.
        CHECK(report["items"] == 6);
        CHECK(report["annotators"].size() == 4);
        CHECK(report["scorecard"]["gold_source"] == "source");
        CHECK(report["scorecard"]["gold_items"] == 2);
        CHECK(order_of(report) == std::vector<std::string>{"w2", "w3", "w1", "w4"});
        CHECK(scored(report, "w1")["items"] == 6);  // 1, 2, 3, 10, 11, 12
        CHECK(scored(report, "w1")["gold_accuracy"] == 1.0);
        CHECK(scored(report, "w3")["gold_accuracy"] == 0.5);
        CHECK(scored(report, "w4")["items"] == 2);
        CHECK(scored(report, "w4")["pairs_with_kappa"] == 3);
        CHECK(run.err.find("left out") == std::string::npos);
        CHECK(run.err.find("1 gold unit (_golden true) with an empty gold answer cell") != std::string::npos);
    }
}

TEST_CASE("gold rows: --gold FILE beside them; the file's labels win for the items it has") {
    TempDir dir;
    write_file(dir / "full.csv", std::string(header) + ordinary_rows + gold_rows);
    // 10 contradicts the report (positive there); 2 gets two accepted labels (two rows).
    write_file(dir / "gold.csv", "item,label\n10,negative\n2,negative\n2,neutral\n");
    for (const std::string& reader : readers) {
        CAPTURE(reader);
        const Run run = agree_run(q(dir / "full.csv") + " " + reader + " --gold " + q(dir / "gold.csv"));
        const json& report = run.report;
        CHECK(report["scorecard"]["gold_source"] == "file+source");
        CHECK(report["scorecard"]["gold_items"] == 3);  // 2, 10 (the file's), 11 (the report's)
        // By hand, gold 2: negative|neutral, 10: negative, 11: negative|neutral.
        //   w1: neg (right), pos (wrong), neu (right) -> 2/3
        //   w2: neg, neg, neg: all right             -> 3/3
        //   w3: neg (right), pos, pos (wrong)         -> 1/3
        //   w4: 10 pos (wrong), 11 neg (right)        -> 1/2
        CHECK(order_of(report) == std::vector<std::string>{"w3", "w4", "w1", "w2"});
        CHECK(scored(report, "w1")["gold_accuracy"].get<double>() == doctest::Approx(2.0 / 3.0).epsilon(1e-12));
        CHECK(scored(report, "w3")["gold_accuracy"].get<double>() == doctest::Approx(1.0 / 3.0).epsilon(1e-12));
        CHECK(scored(report, "w4")["gold_accuracy"] == 0.5);
        CHECK(scored(report, "w2")["gold_accuracy"] == 1.0);
        CHECK(has_note(report, "scorecard.gold_accuracy: 2 gold items accept several labels"));
        CHECK(run.err.find("--gold gives other labels than the source's gold answers for 1 gold unit (first: '10'); "
                           "the file's are used") != std::string::npos);
    }
}

TEST_CASE("gold rows: several questions; --columns label=Q picks the gold of Q") {
    TempDir dir;
    // Unit 10 is gold: sentiment positive, topic travel. w1 gets the topic wrong, w2 the sentiment.
    write_file(dir / "two.csv",
               "_unit_id,_golden,_id,_worker_id,sentiment,sentiment_gold,topic,topic_gold\n"
               "1,false,1,w1,positive,,food,\n"
               "1,false,2,w2,positive,,food,\n"
               "10,true,3,w1,positive,positive,food,travel\n"
               "10,true,4,w2,negative,positive,travel,travel\n");
    for (const std::string& reader : {std::string("--from appen --columns label=topic"),
                                      std::string("--from ratings --columns appen,label=topic")}) {
        CAPTURE(reader);
        const json report = agree_run(q(dir / "two.csv") + " " + reader).report;
        CHECK(report["scorecard"]["gold_source"] == "source");
        CHECK(order_of(report) == std::vector<std::string>{"w1", "w2"});
        CHECK(scored(report, "w1")["gold_accuracy"] == 0.0);
        CHECK(scored(report, "w2")["gold_accuracy"] == 1.0);
        CHECK(confusion(report, "w1", "travel", "food") == 1);
    }
    const json sentiment = agree_run(q(dir / "two.csv") + " --from appen --columns label=sentiment").report;
    CHECK(scored(sentiment, "w1")["gold_accuracy"] == 1.0);
    CHECK(scored(sentiment, "w2")["gold_accuracy"] == 0.0);
}

TEST_CASE("gold rows: a JSON Lines rating table with _golden and label_gold keys") {
    TempDir dir;
    // Unit u9 is gold (cat or lynx): a says lynx (accepted), b says dog.
    write_file(dir / "t.jsonl",
               "{\"item\": \"u1\", \"annotator\": \"a\", \"label\": \"cat\", \"_golden\": false}\n"
               "{\"item\": \"u1\", \"annotator\": \"b\", \"label\": \"cat\", \"_golden\": false}\n"
               "{\"item\": \"u9\", \"annotator\": \"a\", \"label\": \"lynx\", \"_golden\": true, \"label_gold\": \"cat\\nlynx\"}\n"
               "{\"item\": \"u9\", \"annotator\": \"b\", \"label\": \"dog\", \"_golden\": true, \"label_gold\": \"cat\\nlynx\"}\n");
    const Run run = agree_run(q(dir / "t.jsonl"));
    CHECK(run.report["items"] == 1);
    CHECK(run.report["scorecard"]["gold_source"] == "source");
    CHECK(scored(run.report, "a")["gold_accuracy"] == 1.0);
    CHECK(scored(run.report, "b")["gold_accuracy"] == 0.0);
    // b's wrong answer counts in the row of the first accepted label.
    CHECK(confusion(run.report, "b", "cat", "dog") == 1);
    CHECK(confusion(run.report, "a", "lynx", "lynx") == 1);
    CHECK(run.err.find("2 judgments of gold units (test questions, _golden true) left out of the agreement "
                       "statistics and used for the scorecard only") != std::string::npos);
}

TEST_CASE("gold rows: a tainted gold row is not scored unless --keep-tainted, by either reader") {
    // Was wrong: with --keep-gold the rating-table reader dropped w5's row as tainted but still
    // scored it against gold, with no warning, while the Appen reader did not; without --keep-gold
    // both scored it.
    TempDir dir;
    write_file(dir / "full.csv",
               std::string(header) + ordinary_rows + gold_rows + "10,true,120,true,0.5,w5,negative,positive,great\n");
    for (const std::string& reader : readers)
        for (const std::string& keep : {std::string(""), std::string(" --keep-gold")}) {
            CAPTURE(reader);
            CAPTURE(keep);
            const Run run = agree_run(q(dir / "full.csv") + " " + reader + keep);
            CHECK(order_of(run.report) == std::vector<std::string>{"w2", "w3", "w1", "w4"});
            // With --keep-tainted w5 is scored: negative on 10 (gold positive): accuracy 0, worst.
            const Run tainted = agree_run(q(dir / "full.csv") + " " + reader + keep + " --keep-tainted");
            CHECK(order_of(tainted.report).front() == "w5");
            CHECK(scored(tainted.report, "w5")["gold_accuracy"] == 0.0);
        }
}

TEST_CASE("gold rows: different gold cells of one unit warn; the same answers in another order do not") {
    // Was wrong: unit 10 with gold positive on one row and negative on another kept the first
    // silently; a --gold FILE listing 11's answers in another order than the report was called a
    // conflict.
    TempDir dir;
    std::string rows = gold_rows;
    rows += "10,true,121,false,0.5,w5,positive,negative,great\n";             // conflicts with positive
    rows += "11,true,122,false,0.5,w5,neutral,\"neutral\nnegative\",meh\n";  // the same two answers
    write_file(dir / "full.csv", std::string(header) + ordinary_rows + rows);
    write_file(dir / "gold.csv", "item,label\n11,neutral\n11,negative\n");
    for (const std::string& reader : readers) {
        CAPTURE(reader);
        const Run run = agree_run(q(dir / "full.csv") + " " + reader);
        CHECK(run.err.find("the source gives different gold answers on different rows of 1 gold unit (first: '10'); "
                           "the first row's are used") != std::string::npos);
        // The first row's gold (positive) is used: w5 right on 10 and on 11.
        CHECK(scored(run.report, "w5")["gold_accuracy"] == 1.0);
        const Run with_file = agree_run(q(dir / "full.csv") + " " + reader + " --gold " + q(dir / "gold.csv"));
        CHECK(with_file.err.find("--gold gives other labels") == std::string::npos);
        CHECK(with_file.report["scorecard"]["gold_items"] == 2);
    }
}

TEST_CASE("gold rows: --gold FILE gives the gold of a test question whose gold cell is empty") {
    // Was wrong: unit 12 (_golden true, empty gold cell) was not scored although the file gives its
    // gold, and the file's label was said to name an item the annotators did not label.
    TempDir dir;
    write_file(dir / "full.csv", std::string(header) + ordinary_rows + gold_rows);
    write_file(dir / "gold.csv", "item,label\n12,negative\n");
    for (const std::string& reader : readers) {
        CAPTURE(reader);
        const Run run = agree_run(q(dir / "full.csv") + " " + reader + " --gold " + q(dir / "gold.csv"));
        const json& card = run.report["scorecard"];
        CHECK(card["gold_source"] == "file+source");
        CHECK(card["gold_items"] == 3);
        CHECK(card["gold_unmatched"] == 0);
        CHECK(run.err.find("name items the annotators did not label") == std::string::npos);
        CHECK(run.err.find("empty gold answer cell") == std::string::npos);
        // By hand, gold 10 positive, 11 negative|neutral, 12 negative (w1 and w2 said positive):
        // w1 2/3, w2 1/3, w3 1/2, w4 2/2.
        CHECK(scored(run.report, "w1")["gold_accuracy"].get<double>() == doctest::Approx(2.0 / 3.0).epsilon(1e-12));
        CHECK(scored(run.report, "w2")["gold_accuracy"].get<double>() == doctest::Approx(1.0 / 3.0).epsilon(1e-12));
        CHECK(scored(run.report, "w3")["gold_accuracy"] == 0.5);
        CHECK(scored(run.report, "w4")["gold_accuracy"] == 1.0);
        CHECK(scored(run.report, "w1")["gold_items"] == 3);
        // The statistics still leave the gold units out.
        CHECK(run.report["items"] == 3);
    }
}

TEST_CASE("gold rows: an answer of several lines makes no scorecard, and says so") {
    // Was wrong: one multi-line answer made the item labels multi-label and the scorecard
    // disappeared in silence (--gold unused), while the reader said the gold rows were "used for
    // the scorecard only".
    TempDir dir;
    std::string rows = ordinary_rows;
    rows.replace(rows.find("w1,positive,,good"), 17, "w1,\"positive\nneutral\",,good");
    write_file(dir / "full.csv", std::string(header) + rows + gold_rows);
    write_file(dir / "gold.csv", "item,label\n1,positive\n");
    const Run run = agree_run(q(dir / "full.csv") + " --from appen");
    CHECK(run.report["scorecard"]["annotators"].empty());
    CHECK(run.err.find("no scorecard, so the source's gold units are not scored: annotator 'w1' gave item '1' "
                       "several labels") != std::string::npos);
    CHECK(run.err.find("used for the scorecard only") == std::string::npos);
    CHECK(run.err.find("10 judgments of gold units (test questions, _golden true) left out, the first here") !=
          std::string::npos);
    const Run with_file = agree_run(q(dir / "full.csv") + " --from appen --gold " + q(dir / "gold.csv"));
    CHECK(with_file.err.find("no scorecard, so --gold " + (dir / "gold.csv").string() + " is not used: annotator 'w1'") !=
          std::string::npos);
}
