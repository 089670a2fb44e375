// The annotator scorecard of `labelkit agree` (item labels): crowd-kit's toy table scored on its
// ground truth, a two-annotator table with a tied majority vote, gold labels with an extra class
// and an item nobody labelled, two classify folders, the text and CSV reports, and the refusals.
#include <doctest/doctest.h>

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "schema_check.hpp"
#include "agree_report_fixtures.hpp"
#include "support.hpp"

using namespace labelkit::test;
using nlohmann::json;

namespace {

// The tie table: i2 is cat for a and dog for b, a tie the majority vote gives to cat (sorts first).
const char* tie_table = "item,annotator,label\ni1,a,cat\ni1,b,cat\ni2,a,cat\ni2,b,dog\ni3,a,dog\ni3,b,dog\n";

}  // namespace

TEST_CASE("scorecard: crowd-kit's toy answers scored on its ground truth" * needs_shared) {
    const auto samples = shared_dir() / "reference/platform-samples/crowd_long_table";
    TempDir dir;
    // The gold file: task,ground_truth of crowd-kit's toy_ground_truth_df (the expected file's first table).
    std::istringstream expected(read_file(samples / "toy_ysda_expected.csv"));
    std::string gold = "item,label\n";
    for (std::string line; std::getline(expected, line);)
        if (line.starts_with("t") && !line.starts_with("task")) gold += line.substr(0, line.rfind(',')) + "\n";
    REQUIRE(gold == "item,label\nt1,yes\nt2,yes\nt3,no\nt4,yes\nt5,no\n");
    write_file(dir / "gold.csv", gold);

    const json report = agree_json(q(samples / "toy_ysda_answers.csv") + " --gold " + q(dir / "gold.csv"));
    const json& card = report["scorecard"];
    CHECK(card["reference"] == "gold");
    CHECK(card["classes"] == json({"no", "yes"}));
    CHECK(card["gold_items"] == 5);
    CHECK(card["gold_unmatched"] == 0);
    // By hand, against the gold (t1 yes, t2 yes, t3 no, t4 yes, t5 no):
    //   w1 no yes yes yes yes: right on t2, t4       -> 2/5 = 0.4
    //   w2 yes yes no yes no:  all right             -> 5/5 = 1
    //   w3 - yes no yes no:    all four right        -> 4/4 = 1
    //   w4 yes no yes yes no:  right on t1, t4, t5   -> 3/5 = 0.6
    //   w5 no no no yes no:    right on t3, t4, t5   -> 3/5 = 0.6
    // Worst first, ties by name: w1, w4, w5, w2, w3.
    CHECK(order_of(report) == std::vector<std::string>{"w1", "w4", "w5", "w2", "w3"});
    const std::map<std::string, double> accuracy{{"w1", 0.4}, {"w2", 1.0}, {"w3", 1.0}, {"w4", 0.6}, {"w5", 0.6}};
    // crowd-kit's toy_skills_result_mv (the expected file's second table): the MV skills.
    const std::map<std::string, double> skills{{"w1", 0.6}, {"w2", 0.8}, {"w3", 1.0}, {"w4", 0.4}, {"w5", 0.8}};
    for (const auto& [name, value] : accuracy) {
        CAPTURE(name);
        const json& entry = scored(report, name);
        CHECK(entry["gold_accuracy"].get<double>() == doctest::Approx(value).epsilon(1e-12));
        CHECK(entry["consensus_agreement"].get<double>() == doctest::Approx(skills.at(name)).epsilon(1e-12));
        CHECK(entry["items"] == (name == "w3" ? 4 : 5));
        CHECK(entry["gold_items"] == entry["items"]);
        // The mean of the annotator's Cohen's kappas in the pair statistics (checked against
        // scikit-learn in test_categorical_agreement.cpp).
        double sum = 0;
        int pairs = 0;
        for (const json& pair : report["categorical"]["pairs"])
            if ((pair["a"] == name || pair["b"] == name) && !pair["cohen_kappa"].is_null()) {
                sum += pair["cohen_kappa"].get<double>();
                ++pairs;
            }
        CHECK(entry["pairs_with_kappa"] == pairs);
        CHECK(entry["mean_cohen_kappa"].get<double>() == doctest::Approx(sum / pairs).epsilon(1e-12));
    }
    CHECK(scored(report, "w2")["pairs_with_kappa"] == 4);
    // Rows: gold, columns: given. w1 said no to t1 (yes), yes to t3 and t5 (no); w4 said no to
    // t2 (yes), yes to t3 (no).
    CHECK(scored(report, "w1")["confusion"] == json({{0, 2}, {1, 2}}));
    CHECK(scored(report, "w4")["confusion"] == json({{1, 1}, {1, 2}}));
    CHECK(scored(report, "w2")["confusion"] == json({{2, 0}, {0, 3}}));

    const CommandResult text = run_labelkit("agree " + q(samples / "toy_ysda_answers.csv") + " --gold " + q(dir / "gold.csv"));
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Annotators, worst first (by accuracy on 5 gold items, from --gold)") != std::string::npos);
    CHECK(text.out.find("\n  w1         5       5      0.400      0.600") != std::string::npos);
}

TEST_CASE("scorecard: without gold, by agreement with the majority vote; a tie goes to the label that sorts first") {
    TempDir dir;
    write_file(dir / "ties.csv", tie_table);
    const json report = agree_json(q(dir / "ties.csv"));
    const json& card = report["scorecard"];
    CHECK(card["reference"] == "consensus");
    CHECK(card["gold_items"] == 0);
    // Majority vote: i1 cat, i2 cat (tie, cat sorts first), i3 dog. a: 3/3, b: 2/3.
    CHECK(order_of(report) == std::vector<std::string>{"b", "a"});
    CHECK(scored(report, "b")["consensus_agreement"].get<double>() == doctest::Approx(2.0 / 3.0).epsilon(1e-12));
    CHECK(scored(report, "a")["consensus_agreement"] == 1.0);
    CHECK(scored(report, "a")["gold_accuracy"].is_null());
    // Rows: majority vote, columns: given. b gave dog on i2 where the vote is cat.
    CHECK(scored(report, "b")["confusion"] == json({{1, 1}, {0, 1}}));
    CHECK(scored(report, "a")["confusion"] == json({{2, 0}, {0, 1}}));
    // a = cat cat dog, b = cat dog dog: P_o = 2/3, P_e = 2/3 * 1/3 + 1/3 * 2/3 = 4/9,
    // kappa = (2/3 - 4/9) / (5/9) = 0.4, the mean of each one's only pair.
    CHECK(scored(report, "a")["mean_cohen_kappa"].get<double>() == doctest::Approx(0.4).epsilon(1e-12));
    CHECK(scored(report, "b")["mean_cohen_kappa"].get<double>() == doctest::Approx(0.4).epsilon(1e-12));
    bool tie_noted = false, gold_noted = false;
    for (const json& note : report["notes"]) {
        tie_noted = tie_noted || note == "scorecard.consensus_agreement: 1 item had a tied majority vote";
        gold_noted = gold_noted || note.get<std::string>().starts_with("scorecard.gold_accuracy: no gold labels");
    }
    CHECK(tie_noted);
    CHECK(gold_noted);

    const CommandResult csv = run_labelkit("agree --format csv " + q(dir / "ties.csv"));
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.starts_with("kind,a,b,class,n,matched,only_a,only_b,f1,mean_iou,percent_agreement,cohen_kappa,"
                              "cohen_kappa_linear,cohen_kappa_quadratic,scott_pi,reference,mota,motp,id_switches,"
                                 "fragmentations,idf1,precision,recall,gold_items,gold_accuracy,"
                                 "consensus_agreement,mean_cohen_kappa\n"));
    CHECK(csv.out.find("\nscorecard,b,consensus,,3,,,,,,,,,,,,,,,,,,,0,,0.6666666666666666,0.4\n") != std::string::npos);
    CHECK(csv.out.find("\nscorecard_confusion,b,cat,dog,1,,,,,,,,,,,,,,,,,,,,,,\n") != std::string::npos);
    // Every row has the header's 27 fields.
    std::istringstream rows(csv.out);
    for (std::string row; std::getline(rows, row);) CHECK(std::count(row.begin(), row.end(), ',') == 26);
}

TEST_CASE("scorecard: JSON Lines gold with a class nobody gave and an item nobody labelled") {
    TempDir dir;
    write_file(dir / "ties.csv", tie_table);
    write_file(dir / "gold.jsonl",
               "{\"item\": \"i1\", \"label\": \"cat\"}\n{\"item\": \"i2\", \"label\": \"bird\"}\n"
               "{\"item\": \"i9\", \"label\": \"dog\"}\n");
    std::string err;
    const json report = agree_json(q(dir / "ties.csv") + " --gold " + q(dir / "gold.jsonl"), &err);
    CHECK(err.find("1 of the gold labels name items the annotators did not label (first: 'i9')") != std::string::npos);
    const json& card = report["scorecard"];
    CHECK(card["classes"] == json({"cat", "dog", "bird"}));
    CHECK(card["gold_items"] == 2);
    CHECK(card["gold_unmatched"] == 1);
    // Both are right on i1 and wrong on i2 (bird): 1/2 each; the tie is broken by name.
    CHECK(order_of(report) == std::vector<std::string>{"a", "b"});
    CHECK(scored(report, "a")["gold_accuracy"] == 0.5);
    CHECK(scored(report, "a")["confusion"] == json({{1, 0, 0}, {0, 0, 0}, {1, 0, 0}}));
    CHECK(scored(report, "b")["confusion"] == json({{1, 0, 0}, {0, 0, 0}, {0, 1, 0}}));
}

TEST_CASE("scorecard: two classify folders scored on gold image paths") {
    TempDir dir;
    // alice: a, b, c cat; d, e dog. bob moved c to dog. Gold: c is a dog, so bob is right on all.
    // Images are keyed by their path in the dataset (the class folder is their label, not their name).
    for (const char* name : {"alice", "bob"})
        for (const std::string path : {"a", "b", "c", "d", "e"}) {
            const bool dog = path == "d" || path == "e" || (path == "c" && std::string(name) == "bob");
            write_png(dir / name / "train" / (dog ? "dog" : "cat") / (path + ".png"), 10, 10);
        }
    const json plain = agree_json(q(dir / "alice") + " " + q(dir / "bob"));
    REQUIRE(plain["scorecard"]["annotators"].size() == 2);
    const CommandResult text = run_labelkit("agree " + q(dir / "alice") + " " + q(dir / "bob"));
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Annotators, worst first (by agreement with the majority vote)") != std::string::npos);
    write_file(dir / "gold.csv", "item,label\na.png,cat\nb.png,cat\nc.png,dog\nd.png,dog\ne.png,dog\n");
    const json report = agree_json(q(dir / "alice") + " " + q(dir / "bob") + " --gold " + q(dir / "gold.csv"));
    CHECK(report["scorecard"]["gold_items"] == 5);
    CHECK(order_of(report) == std::vector<std::string>{"alice", "bob"});
    CHECK(scored(report, "alice")["gold_accuracy"] == 0.8);
    CHECK(scored(report, "bob")["gold_accuracy"] == 1.0);
    // alice called the dog c a cat.
    CHECK(scored(report, "alice")["confusion"] == json({{2, 0}, {1, 2}}));
}

TEST_CASE("scorecard: multi-label item labels get no scorecard, with a note; boxes alone refuse --gold") {
    TempDir dir;
    const auto choices = [](const std::string& list) {
        return R"({"type": "choices", "from_name": "s", "to_name": "image", "value": {"choices": [)" + list + "]}}";
    };
    write_file(dir / "export.json", R"([{"id": 5, "data": {"image": "a.jpg"}, "annotations": [
                   {"completed_by": 1, "result": [)" + choices(R"("sunny")") + R"(]},
                   {"completed_by": 2, "result": [)" + choices(R"("sunny", "wet")") + R"(]}]}])");
    write_file(dir / "gold.csv", "item,label\na.jpg,sunny\n");
    const json report = agree_json(q(dir / "export.json") + " --gold " + q(dir / "gold.csv"));
    CHECK(report["scorecard"]["reference"].is_null());
    CHECK(report["scorecard"]["annotators"].empty());
    bool noted = false;
    for (const json& note : report["notes"])
        noted = noted || note.get<std::string>().starts_with("scorecard.annotators: empty, as the item labels are multi-label");
    CHECK(noted);

    const std::string coco = R"({"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 100}],
        "categories": [{"id": 1, "name": "car"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 10, 10]}]})";
    write_file(dir / "x.json", coco);
    write_file(dir / "y.json", coco);
    const json boxes = agree_json(q(dir / "x.json") + " " + q(dir / "y.json"));
    CHECK(boxes["scorecard"].is_null());
    const CommandResult refused = run_labelkit("agree " + q(dir / "x.json") + " " + q(dir / "y.json") + " --gold " + q(dir / "gold.csv"));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--gold is a table of item labels") != std::string::npos);
}

TEST_CASE("scorecard: the confusion matrices are left out, with a note, when they would be too large") {
    TempDir dir;
    // 400 labels, 100 annotators: 400 * 400 * 100 = 16 million counts, over the 10 million kept.
    std::string table = "item,annotator,label\n";
    for (int k = 0; k < 400; ++k) table += fmt::format("i{},a{},l{}\n", k / 2, k % 100, k);
    write_file(dir / "wide.csv", table);
    const json report = agree_json(q(dir / "wide.csv"));
    REQUIRE(report["scorecard"]["annotators"].size() == 100);
    for (const json& entry : report["scorecard"]["annotators"]) CHECK(entry["confusion"].empty());
    // Each item has two different labels: a tie, won by the label that sorts first (l0 < l1, l10 < l11, ...).
    CHECK(scored(report, "a0")["consensus_agreement"] == 1.0);
    CHECK(scored(report, "a1")["consensus_agreement"] == 0.0);
    bool noted = false;
    for (const json& note : report["notes"])
        noted = noted || note == "scorecard.confusion: left out (empty): 400 classes for 100 annotators would be more "
                                 "than 10000000 counts";
    CHECK(noted);
}

TEST_CASE("scorecard: refusals and errors") {
    TempDir dir;
    write_file(dir / "ties.csv", tie_table);
    write_file(dir / "empty.csv", "item,label\ni1,\n");
    const CommandResult empty = run_labelkit("agree " + q(dir / "ties.csv") + " --gold " + q(dir / "empty.csv"));
    CHECK(empty.exit_code == 2);
    CHECK(empty.err.find("a gold label must not be empty") != std::string::npos);
}
