// Item-label aggregation (labelkit/ops/aggregation.hpp) and merge --mode consensus --method through
// the library and the CLI: crowd-kit's toy data set (majority-vote labels and skills as crowd-kit's
// tests publish them, Dawid-Skene recovering the ground truth), Wawa, ties, missing answers, weights,
// and the tables written with --to csv and --to jsonl, cell by cell.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "labelkit/ops/aggregation.hpp"
#include "labelkit/ops/merge.hpp"
#include "labelkit/ratings.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;
using nlohmann::json;

namespace {

std::filesystem::path toy_answers() {
    return shared_dir() / "reference/platform-samples/crowd_long_table/toy_ysda_answers.csv";
}

// Judgments as (item, annotator, label) rows, items and annotators numbered in order of first
// appearance, classes in the order given.
LabelJudgments judgments_of(const std::vector<std::array<std::string, 3>>& rows, std::vector<std::string> classes,
                            std::vector<std::string>* item_names = nullptr, std::vector<std::string>* annotator_names = nullptr) {
    std::vector<std::string> items, annotators;
    std::map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>> by_item;
    const auto index = [](std::vector<std::string>& names, const std::string& name) {
        const auto found = std::find(names.begin(), names.end(), name);
        if (found != names.end()) return static_cast<std::uint32_t>(found - names.begin());
        names.push_back(name);
        return static_cast<std::uint32_t>(names.size() - 1);
    };
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> per_item;
    for (const auto& [item, annotator, label] : rows) {
        const std::uint32_t i = index(items, item);
        if (per_item.size() <= i) per_item.resize(i + 1);
        const auto c = static_cast<std::uint32_t>(std::find(classes.begin(), classes.end(), label) - classes.begin());
        REQUIRE(c < classes.size());
        per_item[i].emplace_back(index(annotators, annotator), c);
    }
    LabelJudgments judgments;
    judgments.classes = std::move(classes);
    judgments.annotators = annotators.size();
    for (const auto& list : per_item) {
        for (const auto& [a, c] : list) {
            judgments.annotator.push_back(a);
            judgments.label.push_back(c);
        }
        judgments.item_start.push_back(static_cast<std::uint32_t>(judgments.label.size()));
    }
    if (item_names) *item_names = items;
    if (annotator_names) *annotator_names = annotators;
    return judgments;
}

// The toy answers as read by the ratings reader (task, worker, label).
LabelJudgments toy(std::vector<std::string>& items, std::vector<std::string>& annotators) {
    DiagnosticSink sink;
    std::vector<std::array<std::string, 3>> rows;
    for (const Judgment& j : read_judgments(toy_answers(), {}, sink)) rows.push_back({j.item, j.annotator, j.label});
    return judgments_of(rows, {"no", "yes"}, &items, &annotators);
}

std::vector<std::string> labels_of(const Aggregation& result, const std::vector<std::string>& classes) {
    std::vector<std::string> labels;
    for (const ItemAggregate& item : result.items)
        labels.push_back(item.label == ItemAggregate::no_label ? "-" : classes[item.label]);
    return labels;
}

}  // namespace

TEST_CASE("aggregation: crowd-kit's toy by majority vote: labels, vote shares, skills, the tie" * needs_shared) {
    std::vector<std::string> items, annotators;
    const LabelJudgments judgments = toy(items, annotators);
    REQUIRE(items == std::vector<std::string>{"t1", "t2", "t3", "t4", "t5"});
    REQUIRE(annotators == std::vector<std::string>{"w1", "w2", "w3", "w4", "w5"});
    const Aggregation mv = aggregate(judgments, {.method = AggregationMethod::mv});
    // crowd-kit toy_labels_result_mv (toy_ysda_expected.csv): t1 ties 2-2 and goes to "no", which sorts first.
    CHECK(labels_of(mv, judgments.classes) == std::vector<std::string>{"no", "yes", "no", "yes", "no"});
    CHECK(mv.items[0].tie);
    CHECK(mv.ties == 1);
    // Shares by hand: t1 2/4, t2 3/5, t3 3/5, t4 5/5, t5 4/5.
    const std::vector<double> shares = {0.5, 0.6, 0.6, 1.0, 0.8};
    const std::vector<std::uint32_t> counts = {4, 5, 5, 5, 5};
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(mv.items[i].confidence == doctest::Approx(shares[i]).epsilon(1e-15));
        CHECK(mv.items[i].annotators == counts[i]);
    }
    // crowd-kit toy_skills_result_mv: w1 .6, w2 .8, w3 1.0, w4 .4, w5 .8.
    const std::vector<double> skills = {0.6, 0.8, 1.0, 0.4, 0.8};
    for (std::size_t a = 0; a < 5; ++a) CHECK(mv.skills[a] == doctest::Approx(skills[a]).epsilon(1e-15));
}

TEST_CASE("aggregation: Wawa on the toy weighs each vote by the majority-vote skill" * needs_shared) {
    std::vector<std::string> items, annotators;
    const LabelJudgments judgments = toy(items, annotators);
    const Aggregation wawa = aggregate(judgments, {.method = AggregationMethod::wawa});
    CHECK(labels_of(wawa, judgments.classes) == std::vector<std::string>{"no", "yes", "no", "yes", "no"});
    // By hand with weights w1 .6, w2 .8, w3 1, w4 .4, w5 .8: t1 no .6+.8 against yes .8+.4 -> 1.4/2.6;
    // t2 yes 2.4/3.6; t3 no 2.6/3.6; t4 1; t5 no 3.0/3.6. No ties left.
    const std::vector<double> shares = {1.4 / 2.6, 2.4 / 3.6, 2.6 / 3.6, 1.0, 3.0 / 3.6};
    for (std::size_t i = 0; i < 5; ++i) CHECK(wawa.items[i].confidence == doctest::Approx(shares[i]).epsilon(1e-12));
    CHECK(wawa.ties == 0);
    const std::vector<double> skills = {0.6, 0.8, 1.0, 0.4, 0.8};  // Wawa's weights: the majority-vote skills
    for (std::size_t a = 0; a < 5; ++a) CHECK(wawa.skills[a] == doctest::Approx(skills[a]).epsilon(1e-15));
}

TEST_CASE("aggregation: Dawid-Skene on the toy recovers the ground truth" * needs_shared) {
    std::vector<std::string> items, annotators;
    const LabelJudgments judgments = toy(items, annotators);
    const Aggregation ds = aggregate(judgments, {.method = AggregationMethod::ds});
    // crowd-kit toy_ground_truth_df: yes, yes, no, yes, no (majority vote had t1 wrong).
    CHECK(labels_of(ds, judgments.classes) == std::vector<std::string>{"yes", "yes", "no", "yes", "no"});
    CHECK(ds.converged);
    // An independent pure-Python transcription of crowd-kit's DawidSkene (MV start, floor 1e-10, stop when
    // the bound per judgment gains < 1e-5) stops after 6 iterations with priors no .4, yes .6 and
    // posteriors within 3e-14 of 1.
    CHECK(ds.iterations == 6);
    CHECK(ds.priors[0] == doctest::Approx(0.4).epsilon(1e-12));
    CHECK(ds.priors[1] == doctest::Approx(0.6).epsilon(1e-12));
    for (const ItemAggregate& item : ds.items) CHECK(item.confidence == doctest::Approx(1.0).epsilon(1e-12));
    // w4 (index 3) against the recovered truth, by hand: of the true "no" items (t3, t5) it said yes once
    // and no once; of the true "yes" items (t1, t2, t4) yes twice and no once. [true][given], no=0, yes=1.
    const std::vector<double>& w4 = ds.confusion[3];
    CHECK(w4[0] == doctest::Approx(0.5).epsilon(1e-9));
    CHECK(w4[1] == doctest::Approx(0.5).epsilon(1e-9));
    CHECK(w4[2] == doctest::Approx(1.0 / 3).epsilon(1e-9));
    CHECK(w4[3] == doctest::Approx(2.0 / 3).epsilon(1e-9));
    // w3 never erred against it: the floor keeps its errors at 1e-10 / (its count), not 0.
    const std::vector<double>& w3 = ds.confusion[2];
    CHECK(w3[0] == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(w3[1] > 0);
    CHECK(w3[1] < 1e-9);
    // Skills against the Dawid-Skene labels: w1 agrees on t2, t4 (2/5), w4 on t1, t4, t5 (3/5).
    CHECK(ds.skills[0] == doctest::Approx(0.4).epsilon(1e-15));
    CHECK(ds.skills[3] == doctest::Approx(0.6).epsilon(1e-15));
}

TEST_CASE("aggregation: ties go to the class that sorts first, by value for numbers, flagged") {
    // Classes in the order b, a, c: a 1-1 tie between b and a goes to a, which sorts first.
    const LabelJudgments letters = judgments_of({{"i", "x", "b"}, {"i", "y", "a"}}, {"b", "a", "c"});
    const Aggregation by_name = aggregate(letters, {});
    CHECK(by_name.items[0].label == 1);
    CHECK(by_name.items[0].tie);
    CHECK(by_name.items[0].confidence == 0.5);
    // "10" and "9" are numbers: 9 < 10 wins, though "10" sorts first as text.
    const LabelJudgments numbers = judgments_of({{"i", "x", "10"}, {"i", "y", "9"}}, {"10", "9"});
    CHECK(aggregate(numbers, {}).items[0].label == 1);
    CHECK(tie_order({"10", "9", "2.5"}) == std::vector<std::uint32_t>{2, 1, 0});
    CHECK(tie_order({"10", "9", "x"}) == std::vector<std::uint32_t>{0, 1, 2});
    // A three-way vote with a clear winner is no tie.
    const LabelJudgments clear = judgments_of({{"i", "x", "c"}, {"i", "y", "c"}, {"i", "z", "a"}}, {"b", "a", "c"});
    const Aggregation won = aggregate(clear, {});
    CHECK(won.items[0].label == 2);
    CHECK_FALSE(won.items[0].tie);
    CHECK(won.ties == 0);
}

TEST_CASE("aggregation: missing answers: an item nobody labelled, an annotator with no judgments") {
    LabelJudgments judgments = judgments_of({{"i", "x", "a"}, {"i", "y", "a"}, {"j", "y", "b"}}, {"a", "b"});
    // A third item without judgments, a third annotator who labelled nothing.
    judgments.item_start.push_back(judgments.item_start.back());
    judgments.annotators = 3;
    for (const AggregationMethod method : {AggregationMethod::mv, AggregationMethod::wawa, AggregationMethod::ds}) {
        INFO(to_string(method));
        const Aggregation result = aggregate(judgments, {.method = method});
        REQUIRE(result.items.size() == 3);
        CHECK(result.items[0].label == 0);
        CHECK(result.items[1].label == 1);
        CHECK(result.items[1].annotators == 1);
        CHECK(result.items[2].label == ItemAggregate::no_label);
        CHECK(result.items[2].annotators == 0);
        CHECK(std::isnan(result.items[2].confidence));
        CHECK(result.judgments == std::vector<std::size_t>{1, 2, 0});
        CHECK(std::isnan(result.skills[2]));
        CHECK(result.skills[1] == 1.0);
    }
}

TEST_CASE("aggregation: weights decide a majority vote; they are refused where they do not belong") {
    // x (weight 3) says a, y and z (1 each) say b: a has 3 of 5, b 2 of 5.
    const LabelJudgments judgments = judgments_of({{"i", "x", "a"}, {"i", "y", "b"}, {"i", "z", "b"}}, {"a", "b"});
    const Aggregation weighted = aggregate(judgments, {.method = AggregationMethod::mv, .weights = {3, 1, 1}});
    CHECK(weighted.items[0].label == 0);
    CHECK(weighted.items[0].confidence == doctest::Approx(0.6).epsilon(1e-15));
    const Aggregation plain = aggregate(judgments, {});
    CHECK(plain.items[0].label == 1);
    CHECK(plain.items[0].confidence == doctest::Approx(2.0 / 3).epsilon(1e-15));
    CHECK_THROWS_WITH(aggregate(judgments, {.weights = {1, 1}}), "2 weights for 3 annotators");
    CHECK_THROWS_WITH(aggregate(judgments, {.weights = {1, 0, 1}}),
                      "an annotator's weight must be a positive number, not 0");
    CHECK_THROWS_WITH(aggregate(judgments, {.method = AggregationMethod::ds, .weights = {1, 1, 1}}),
                      "weights are for the majority vote (mv): ds estimates each annotator's reliability itself");
}

TEST_CASE("aggregation: huge weights give the shares of unit weights") {
    // Was: weights of 1e308 summed to infinity, the shares were NaN and the item had no label.
    const LabelJudgments judgments = judgments_of({{"i", "x", "a"}, {"i", "y", "b"}, {"i", "z", "b"}}, {"a", "b"});
    const Aggregation huge = aggregate(judgments, {.method = AggregationMethod::mv, .weights = {1e308, 1e308, 1e308}});
    REQUIRE(huge.items[0].label == 1);
    CHECK(huge.items[0].confidence == doctest::Approx(2.0 / 3).epsilon(1e-15));  // b: 2 of 3 votes
    CHECK_FALSE(huge.items[0].tie);
}

TEST_CASE("aggregation: Dawid-Skene's confusion matrices over the limit are refused before they are allocated") {
    // Was: annotators x classes x classes doubles were allocated unbounded. One item, 2,000 annotators,
    // each giving its own class: 2,000 x 2,000 x 2,000 = 8e9 cells (64 GB), over the 2^27 limit; the
    // 1 x 2,000 vote shares of mv are within it.
    LabelJudgments judgments;
    judgments.annotators = 2000;
    for (std::uint32_t a = 0; a < 2000; ++a) {
        judgments.classes.push_back(fmt::format("c{:04}", a));
        judgments.annotator.push_back(a);
        judgments.label.push_back(a);
    }
    judgments.item_start.push_back(2000);
    CHECK_THROWS_WITH(aggregate(judgments, {.method = AggregationMethod::ds}),
                      "too large to aggregate with ds: 2000 annotators x 2000 x 2000 classes of confusion matrices are "
                      "more than 134217728 cells (labelkit's limit for one matrix, 1 GiB of doubles); merge fewer "
                      "annotators or classes, or use --method mv or wawa");
    const Aggregation vote = aggregate(judgments, {});
    CHECK(vote.items[0].label == 0);  // a 2,000-way tie goes to the first name, c0000
    CHECK(vote.items[0].tie);
}

TEST_CASE("aggregation: Dawid-Skene stops at max_iterations and says it did not converge" * needs_shared) {
    std::vector<std::string> items, annotators;
    const LabelJudgments judgments = toy(items, annotators);
    const Aggregation ds = aggregate(judgments, {.method = AggregationMethod::ds, .max_iterations = 2});
    CHECK(ds.iterations == 2);
    CHECK_FALSE(ds.converged);
}

namespace {

Dataset classified(const std::vector<std::string>& categories, const std::vector<std::pair<std::string, std::uint32_t>>& labels) {
    Dataset dataset;
    for (std::size_t c = 0; c < categories.size(); ++c)
        dataset.categories.push_back({static_cast<std::int64_t>(c + 1), categories[c], {}, {}, {}});
    for (const auto& [path, category] : labels) {
        const auto found = std::find_if(dataset.items.begin(), dataset.items.end(), [&](const Item& i) { return i.path == path; });
        const auto item = static_cast<std::uint32_t>(found - dataset.items.begin());
        if (found == dataset.items.end()) dataset.items.push_back(Item{.path = path});
        Label label;
        label.item = item;
        label.category = category;
        dataset.labels.push_back(label);
    }
    return dataset;
}

}  // namespace

TEST_CASE("item_label_judgments: the classes used, in category order; items by key; repeats kept once") {
    std::vector<Dataset> datasets;
    datasets.push_back(classified({"bird", "cat", "dog"}, {{"b.jpg", 2}, {"a.jpg", 1}, {"a.jpg", 1}}));
    datasets.push_back(classified({"dog", "cat"}, {{"a.jpg", 0}}));
    const AlignedAnnotators annotators(std::move(datasets), {"x", "y"});
    std::vector<std::string> classes;
    const LabelJudgments judgments = item_label_judgments(annotators, classes);
    CHECK(classes == std::vector<std::string>{"cat", "dog"});  // bird unused
    CHECK(judgments.item_start == std::vector<std::uint32_t>{0, 2, 3});  // a.jpg: x, y; b.jpg: x
    CHECK(judgments.annotator == std::vector<std::uint32_t>{0, 1, 0});
    CHECK(judgments.label == std::vector<std::uint32_t>{0, 1, 1});
}

TEST_CASE("item_label_judgments refuses an annotator's two classes for one item") {
    std::vector<Dataset> datasets;
    datasets.push_back(classified({"cat", "dog"}, {{"a.jpg", 0}, {"a.jpg", 1}}));
    datasets.push_back(classified({"cat", "dog"}, {{"a.jpg", 0}}));
    const AlignedAnnotators annotators(std::move(datasets), {"x", "y"});
    std::vector<std::string> classes;
    CHECK_THROWS_WITH(item_label_judgments(annotators, classes),
                      "--method aggregates one class per item, but x gave 'a.jpg' 2 classes (cat, dog): leave --method "
                      "out to vote each class of multi-label items with the quorum");
}
