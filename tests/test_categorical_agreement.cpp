// Tests of lib/src/ops/categorical_agreement.cpp. Every expected number is a published value
// read from shared/reference/agreement_vectors.json, compared to the digits given there
// (half a unit in the last one), or is derived by hand in the comment next to it.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/ops/categorical_agreement.hpp"
#include "support.hpp"

using namespace labelkit;
using json = nlohmann::json;

namespace {

using Column = std::vector<std::optional<int>>;

json vectors() {
    return json::parse(test::read_file(test::shared_dir() / "reference" / "agreement_vectors.json"));
}

void check_published(const std::optional<double>& actual, const json& published, const std::string& what) {
    INFO(what);
    REQUIRE(actual.has_value());
    const double expected = published.get<double>();
    CHECK_NEAR(*actual, expected, test::published_tolerance(expected));
}

void check_exact(const std::optional<double>& actual, double expected) {
    REQUIRE(actual.has_value());
    CHECK_NEAR(*actual, expected, 1e-12);
}

Column column(const json& values) {
    Column out;
    for (const json& v : values) out.push_back(v.is_null() ? std::nullopt : std::optional<int>(v.get<int>()));
    return out;
}

RatingTable empty_table(std::size_t items, std::size_t annotators, std::vector<std::string> labels) {
    RatingTable table;
    for (std::size_t i = 0; i < items; ++i) table.items.push_back(fmt::format("item{}", i));
    for (std::size_t g = 0; g < annotators; ++g) table.annotators.push_back(fmt::format("rater{}", g));
    table.labels = std::move(labels);
    table.ratings.assign(items * annotators, RatingTable::missing);
    return table;
}

void rate(RatingTable& table, std::size_t item, std::size_t annotator, std::int32_t label) {
    table.ratings[item * table.annotators.size() + annotator] = label;
}

// One column per annotator, values from the numeric domain (which gives the label order).
RatingTable numeric_table(const std::vector<Column>& coders, const std::vector<int>& domain) {
    std::vector<std::string> labels;
    for (int v : domain) labels.push_back(std::to_string(v));
    RatingTable table = empty_table(coders.at(0).size(), coders.size(), labels);
    table.ordered = true;
    for (int v : domain) table.numeric_values.push_back(v);
    for (std::size_t g = 0; g < coders.size(); ++g)
        for (std::size_t i = 0; i < coders[g].size(); ++i)
            if (coders[g][i]) {
                const auto at = std::find(domain.begin(), domain.end(), *coders[g][i]);
                REQUIRE(at != domain.end());
                rate(table, i, g, static_cast<std::int32_t>(at - domain.begin()));
            }
    return table;
}

// Two annotators from a confusion table: cell (r, c) is the number of items that the first
// annotator gave label r and the second label c.
RatingTable confusion_table(const json& cells, std::vector<std::string> labels) {
    std::size_t n = 0;
    for (const json& row : cells)
        for (const json& cell : row) n += cell.get<std::size_t>();
    RatingTable table = empty_table(n, 2, std::move(labels));
    std::size_t item = 0;
    for (std::size_t r = 0; r < cells.size(); ++r)
        for (std::size_t c = 0; c < cells[r].size(); ++c)
            for (std::size_t k = 0; k < cells[r][c].get<std::size_t>(); ++k, ++item) {
                rate(table, item, 0, static_cast<std::int32_t>(r));
                rate(table, item, 1, static_cast<std::int32_t>(c));
            }
    return table;
}

// Raw ratings from a counts table: counts[i][k] annotators give item i label k (annotators
// in order, so every item is rated by as many as its counts add up to).
RatingTable counts_table(const json& counts, std::size_t labels) {
    std::size_t raters = 0;
    for (const json& row : counts) {
        std::size_t sum = 0;
        for (const json& c : row) sum += c.get<std::size_t>();
        raters = std::max(raters, sum);
    }
    std::vector<std::string> names;
    for (std::size_t k = 0; k < labels; ++k) names.push_back(fmt::format("category{}", k));
    RatingTable table = empty_table(counts.size(), raters, names);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        std::size_t g = 0;
        for (std::size_t k = 0; k < counts[i].size(); ++k)
            for (std::size_t c = 0; c < counts[i][k].get<std::size_t>(); ++c) rate(table, i, g++, static_cast<std::int32_t>(k));
    }
    return table;
}

// A python list expression like "[0]*40+[1]*60".
Column expand(const std::string& expression) {
    Column out;
    std::size_t at = 0;
    while (at < expression.size()) {
        int value = 0, times = 0, used = 0;
        REQUIRE(std::sscanf(expression.c_str() + at, "[%d]*%d%n", &value, &times, &used) == 2);
        out.insert(out.end(), static_cast<std::size_t>(times), value);
        at += static_cast<std::size_t>(used);
        if (at < expression.size() && expression[at] == '+') ++at;
    }
    return out;
}

std::vector<std::uint32_t> all_items(const RatingTable& table) {
    std::vector<std::uint32_t> items(table.items.size());
    std::iota(items.begin(), items.end(), 0u);
    return items;
}

MultiRaterResult multi(const RatingTable& table) { return multi_rater_agreement(table, all_items(table)); }
AlphaResult alpha(const RatingTable& table, AlphaLevel level) {
    return krippendorff_alpha(table, all_items(table), level);
}
PairResult pair(const RatingTable& table, std::uint32_t a = 0, std::uint32_t b = 1) {
    return pair_agreement(table, a, b, all_items(table));
}

RatingTable krippendorff_c(const json& v) {
    const json& units = v.at("krippendorff_2011_C").at("observers_by_unit");
    return numeric_table({column(units.at("A")), column(units.at("B")), column(units.at("C")), column(units.at("D"))},
                         {1, 2, 3, 4, 5});
}

// A deterministic dataset with much but not full agreement: 4 annotators, 3 labels, a few
// missing ratings.
RatingTable synthetic_table(std::size_t items, std::size_t annotators) {
    RatingTable table = empty_table(items, annotators, {"a", "b", "c", "d"});
    for (std::size_t i = 0; i < items; ++i)
        for (std::size_t g = 0; g < annotators; ++g) {
            if ((i + g) % 11 == 0) continue;
            const std::size_t truth = (i * 5 + i / 7) % 4;
            const bool differs = (i * 7 + g * 13) % 10 < 2;
            rate(table, i, g, static_cast<std::int32_t>(differs ? (truth + 1 + g % 2) % 4 : truth));
        }
    return table;
}

bool same(const std::optional<double>& x, const std::optional<double>& y) { return x == y; }

}  // namespace

TEST_CASE("categorical agreement: irrCAC raw coefficients on Krippendorff's 2011 data C" * test::needs_shared) {
    const json v = vectors();
    const json& expected = v.at("krippendorff_2011_C").at("expected").at("irrCAC_raw");
    const RatingTable table = krippendorff_c(v);
    const MultiRaterResult r = multi(table);
    CHECK(r.items_rated == 12);
    CHECK(r.items_pairable == 11);  // unit 12 has one value only
    check_published(r.percent_agreement.value, expected.at("percent_agreement"), "pa");
    check_published(r.gwet_ac1.value, expected.at("gwet_ac1"), "ac1");
    check_published(r.gwet_chance, expected.at("ac1_pe"), "ac1 pe");
    check_published(r.fleiss_kappa.value, expected.at("fleiss_kappa_gwet_missing"), "fleiss");
    check_published(r.fleiss_chance, expected.at("fleiss_pe"), "fleiss pe");
    check_published(r.brennan_prediger.value, expected.at("brennan_prediger"), "bp");

    // irrCAC's cac.raw4raters has unit 12's lone value (3) from rater 3, where Krippendorff's
    // table has it from observer B. Conger's kappa depends on who gave which value; the
    // statistics that pool the raters do not.
    RatingTable gwet = table;
    rate(gwet, 11, 1, RatingTable::missing);
    rate(gwet, 11, 2, 2);
    const MultiRaterResult g = multi(gwet);
    check_published(g.conger_kappa.value, expected.at("conger_kappa"), "conger");
    CHECK(g.percent_agreement.value == r.percent_agreement.value);
    CHECK(g.fleiss_kappa.value == r.fleiss_kappa.value);
    CHECK(g.gwet_ac1.value == r.gwet_ac1.value);
    REQUIRE(r.conger_kappa.value);
    CHECK(std::abs(*r.conger_kappa.value - *g.conger_kappa.value) > 5e-4);
}

TEST_CASE("categorical agreement: irrCAC's krippen.alpha.raw pa and pe from the coincidence matrix" * test::needs_shared) {
    // irrCAC writes alpha as (pa - pe) / (1 - pe) with pa = (1 - 1/n) (1 - D_o) + 1/n and
    // pe = sum_c (n_c / n)^2 = 1 - D_e (n - 1) / n, n the pairable values (nominal level).
    const json v = vectors();
    const json& expected = v.at("krippendorff_2011_C").at("expected").at("irrCAC_raw");
    const AlphaResult a = alpha(krippendorff_c(v), AlphaLevel::nominal);
    REQUIRE(a.observed_disagreement);
    REQUIRE(a.expected_disagreement);
    const double n = static_cast<double>(a.pairable_values);
    const double pa = (1 - 1 / n) * (1 - *a.observed_disagreement) + 1 / n;
    const double pe = 1 - *a.expected_disagreement * (n - 1) / n;
    check_published(pa, expected.at("kalpha_pa"), "kalpha pa");
    check_published(pe, expected.at("kalpha_pe"), "kalpha pe");
}

TEST_CASE("categorical agreement: Krippendorff's alpha on 2011 data C at every level" * test::needs_shared) {
    const json v = vectors();
    const json& expected = v.at("krippendorff_2011_C").at("expected");
    const RatingTable table = krippendorff_c(v);
    const AlphaResult nominal = alpha(table, AlphaLevel::nominal);
    // Pairable values: 3 (unit 1) + 8 * 4 (units 2-9) + 3 (unit 10) + 2 (unit 11) = 40, with
    // n_c = 9, 13, 10, 5, 3 for the values 1..5, so D_e = (40^2 - 384) / (40 * 39) = 1216/1560;
    // alpha = 113/152 then gives D_o = (39/152) * (1216/1560) = 0.2.
    CHECK(nominal.pairable_values == 40);
    check_exact(nominal.alpha.value, 113.0 / 152.0);
    check_published(nominal.alpha.value, expected.at("nominal"), "nominal");
    check_exact(nominal.expected_disagreement, 1216.0 / 1560.0);
    check_exact(nominal.observed_disagreement, 0.2);
    check_published(alpha(table, AlphaLevel::ordinal).alpha.value, expected.at("ordinal"), "ordinal");
    check_published(alpha(table, AlphaLevel::interval).alpha.value, expected.at("interval"), "interval");
    check_published(alpha(table, AlphaLevel::ratio).alpha.value, expected.at("ratio"), "ratio");
}

TEST_CASE("categorical agreement: Krippendorff's alpha on 2011 data A and B (two observers)" * test::needs_shared) {
    const json v = vectors();
    const json& a = v.at("krippendorff_2011_A_binary_2obs");
    const RatingTable binary = numeric_table({column(a.at("obs1")), column(a.at("obs2"))}, {0, 1});
    check_published(alpha(binary, AlphaLevel::nominal).alpha.value, a.at("expected_nominal"), "2011 A");
    const json& b = v.at("krippendorff_2011_B_nominal_2obs");
    const RatingTable nominal = numeric_table({column(b.at("obs1")), column(b.at("obs2"))}, {1, 2, 3, 4, 5});
    check_published(alpha(nominal, AlphaLevel::nominal).alpha.value, b.at("expected_nominal"), "2011 B");
}

TEST_CASE("categorical agreement: Krippendorff's alpha on Wikipedia's 3 coders and 15 units" * test::needs_shared) {
    const json v = vectors();
    const json& w = v.at("wikipedia_kalpha_3coders_15units");
    std::vector<Column> coders;
    for (const json& coder : w.at("coders")) coders.push_back(column(coder));
    const RatingTable table = numeric_table(coders, {1, 2, 3, 4});
    check_published(alpha(table, AlphaLevel::nominal).alpha.value, w.at("expected").at("nominal"), "nominal");
    check_published(alpha(table, AlphaLevel::interval).alpha.value, w.at("expected").at("interval"), "interval");
}

TEST_CASE("categorical agreement: ordinal alpha over a string domain in a given order" * test::needs_shared) {
    const json v = vectors();
    const json& s = v.at("fast_krippendorff_strings_ordinal");
    // The 2011 C data with the values 1..5 renamed to the domain's strings, in its order.
    RatingTable table = krippendorff_c(v);
    table.labels = s.at("value_domain").get<std::vector<std::string>>();
    table.numeric_values.clear();
    table.ordered = true;
    check_published(alpha(table, AlphaLevel::ordinal).alpha.value, s.at("expected").at("ordinal_with_domain"), "ordinal");
    check_published(alpha(table, AlphaLevel::nominal).alpha.value, s.at("expected").at("nominal"), "nominal");
}

TEST_CASE("categorical agreement: Randolph's and Fleiss' kappa as statsmodels" * test::needs_shared) {
    const json v = vectors();
    for (const json& c : v.at("randolph_free_marginal_statsmodels").at("cases")) {
        // The second case declares 3 categories and uses 2: the third still counts for Randolph.
        const RatingTable table = counts_table(c.at("table"), c.at("table").at(0).size());
        const MultiRaterResult r = multi(table);
        check_published(r.fleiss_kappa.value, c.at("fleiss"), "fleiss");
        check_published(r.randolph_kappa.value, c.at("randolph"), "randolph");
    }
}

TEST_CASE("categorical agreement: Fleiss' kappa on Wikipedia's 10 items and 14 raters" * test::needs_shared) {
    const json v = vectors();
    const json& f = v.at("fleiss_wikipedia_statsmodels_table1");
    const RatingTable table = counts_table(f.at("counts_10x5_14raters"), 5);
    CHECK(table.annotators.size() == 14);
    const MultiRaterResult r = multi(table);
    check_published(r.percent_agreement.value, f.at("expected").at("P_bar"), "P_bar");
    check_published(r.fleiss_chance, f.at("expected").at("Pe_bar"), "Pe_bar");
    check_published(r.fleiss_kappa.value, f.at("expected").at("kappa"), "kappa");
}

TEST_CASE("categorical agreement: Cohen's kappa on Wikipedia's 2x2 table" * test::needs_shared) {
    const json v = vectors();
    const json& c = v.at("cohen_wikipedia");
    const RatingTable table = confusion_table(c.at("table_rowsA_colsB"), c.at("labels").get<std::vector<std::string>>());
    const PairResult p = pair(table);
    CHECK(p.n == 50);
    check_published(p.percent_agreement.value, c.at("expected").at("po"), "po");
    check_published(p.cohen_kappa.value, c.at("expected").at("kappa"), "kappa");
    // kappa = (po - pe) / (1 - pe), so pe = (po - kappa) / (1 - kappa).
    const double pe = (*p.percent_agreement.value - *p.cohen_kappa.value) / (1 - *p.cohen_kappa.value);
    check_published(pe, c.at("expected").at("pe"), "pe");
    // Yes/No have no order: no weighted kappa.
    CHECK_FALSE(p.cohen_kappa_linear.value);
    CHECK(p.cohen_kappa_linear.note.find("--order") != std::string::npos);
}

TEST_CASE("categorical agreement: Cohen's kappa as scikit-learn" * test::needs_shared) {
    const json v = vectors();
    SUBCASE("docstring, string labels") {
        const json& d = v.at("cohen_sklearn_docstring");
        const auto y1 = d.at("y1").get<std::vector<std::string>>(), y2 = d.at("y2").get<std::vector<std::string>>();
        std::vector<std::string> labels = y1;
        labels.insert(labels.end(), y2.begin(), y2.end());
        std::sort(labels.begin(), labels.end());
        labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
        RatingTable table = empty_table(y1.size(), 2, labels);
        for (std::size_t i = 0; i < y1.size(); ++i) {
            rate(table, i, 0, static_cast<std::int32_t>(std::find(labels.begin(), labels.end(), y1[i]) - labels.begin()));
            rate(table, i, 1, static_cast<std::int32_t>(std::find(labels.begin(), labels.end(), y2[i]) - labels.begin()));
        }
        check_published(pair(table).cohen_kappa.value, d.at("expected"), "docstring");
    }
    SUBCASE("Artstein and Poesio tables 1 and 4, and the weightings") {
        const json& t = v.at("cohen_sklearn_tests");
        for (const char* name : {"artstein_poesio_table1", "artstein_poesio_table4"}) {
            const json& c = t.at(name);
            const RatingTable table =
                numeric_table({expand(c.at("y1").get<std::string>()), expand(c.at("y2").get<std::string>())}, {0, 1, 2});
            check_published(pair(table).cohen_kappa.value, c.at("expected"), name);
        }
        const json& w = t.at("weighting");
        const RatingTable table =
            numeric_table({expand(w.at("y1").get<std::string>()), expand(w.at("y2").get<std::string>())}, {0, 1, 2});
        CHECK(table.items.size() == 100);
        const PairResult p = pair(table);
        check_published(p.cohen_kappa.value, w.at("expected").at("none"), "none");
        check_published(p.cohen_kappa_linear.value, w.at("expected").at("linear"), "linear");
        check_published(p.cohen_kappa_quadratic.value, w.at("expected").at("quadratic"), "quadratic");
    }
}

TEST_CASE("categorical agreement: Scott's pi, Cohen's kappa and Bennett's S as NLTK" * test::needs_shared) {
    const json v = vectors();
    const json& e = v.at("nltk_artstein_poesio_example");
    const RatingTable table =
        confusion_table(e.at("table_rows_coder_a_cols_coder_b_order_stat_ireq_chck"), {"stat", "ireq", "chck"});
    const PairResult p = pair(table);
    check_published(p.percent_agreement.value, e.at("expected").at("avg_Ao"), "Ao");
    check_published(p.scott_pi.value, e.at("expected").at("pi"), "pi");
    check_published(p.cohen_kappa.value, e.at("expected").at("kappa"), "kappa");
    // Bennett's S is Brennan-Prediger over the two annotators.
    const MultiRaterResult r = multi(table);
    check_published(r.brennan_prediger.value, e.at("expected").at("S"), "S");
    check_published(r.percent_agreement.value, e.at("expected").at("avg_Ao"), "multi-rater Ao");
}

TEST_CASE("categorical agreement: missing ratings, computed by hand") {
    // Annotators X, Y, Z; labels a, b.
    //   item 0: a a a    item 1: a b -    item 2: b - b    item 3: - - a
    RatingTable table = empty_table(4, 3, {"a", "b"});
    for (auto [item, annotator, label] : std::vector<std::array<int, 3>>{
             {0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {1, 0, 0}, {1, 1, 1}, {2, 0, 1}, {2, 2, 1}, {3, 2, 0}})
        rate(table, item, annotator, label);
    const MultiRaterResult r = multi(table);
    CHECK(r.items_rated == 4);
    CHECK(r.items_pairable == 3);
    // pa over items 0-2: (1 + 0 + 1) / 3.
    check_exact(r.percent_agreement.value, 2.0 / 3.0);
    // pi_a = (1 + 1/2 + 0 + 1) / 4 = 5/8, pi_b = 3/8: Fleiss pe = 25/64 + 9/64 = 17/32,
    // kappa = (2/3 - 17/32) / (15/32) = 13/45.
    check_exact(r.fleiss_chance, 17.0 / 32.0);
    check_exact(r.fleiss_kappa.value, 13.0 / 45.0);
    // AC1 pe = 2 * 5/8 * 3/8 / (2 - 1) = 15/32: AC1 = (2/3 - 15/32) / (17/32) = 19/51.
    check_exact(r.gwet_chance, 15.0 / 32.0);
    check_exact(r.gwet_ac1.value, 19.0 / 51.0);
    // BP and Randolph: (2/3 - 1/2) / (1/2) = 1/3.
    check_exact(r.brennan_prediger.value, 1.0 / 3.0);
    check_exact(r.randolph_kappa.value, 1.0 / 3.0);
    // Conger: X gave (a, a, b), Y (a, b), Z (a, b, a): shares of a 2/3, 1/2, 2/3, mean 11/18;
    // s2_aa = (41/36 - 3 (11/18)^2) / 2 = 1/108, and s2_bb = 1/108 too (mean of b 7/18);
    // pe = (11/18)^2 + (7/18)^2 - 2/324 = 14/27, kappa = (2/3 - 14/27) / (13/27) = 4/13.
    check_exact(r.conger_kappa.value, 4.0 / 13.0);

    // Alpha: unit 0 gives o_aa = 3 * 2 / 2 = 3, unit 1 o_ab = o_ba = 1, unit 2 o_bb = 2; n_a = 4,
    // n_b = 3, n = 7: D_o = 2/7, D_e = 2 * 4 * 3 / (7 * 6) = 4/7, alpha = 1/2.
    const AlphaResult a = alpha(table, AlphaLevel::nominal);
    CHECK(a.pairable_values == 7);
    check_exact(a.observed_disagreement, 2.0 / 7.0);
    check_exact(a.expected_disagreement, 4.0 / 7.0);
    check_exact(a.alpha.value, 0.5);

    // X and Y share items 0 and 1: (a, a), (a, b). po = 1/2; Cohen pe = 1 * 1/2 = 1/2, kappa 0;
    // Scott pe = (3/4)^2 + (1/4)^2 = 5/8, pi = (1/2 - 5/8) / (3/8) = -1/3.
    const PairResult xy = pair(table, 0, 1);
    CHECK(xy.n == 2);
    check_exact(xy.percent_agreement.value, 0.5);
    check_exact(xy.cohen_kappa.value, 0.0);
    check_exact(xy.scott_pi.value, -1.0 / 3.0);
    // X and Z share items 0 and 2, and agree on both.
    const PairResult xz = pair(table, 0, 2);
    CHECK(xz.n == 2);
    check_exact(xz.cohen_kappa.value, 1.0);
    // Y and Z share item 0 only, with one label: agreement 1, kappa 0/0.
    const PairResult yz = pair(table, 1, 2);
    CHECK(yz.n == 1);
    check_exact(yz.percent_agreement.value, 1.0);
    CHECK_FALSE(yz.cohen_kappa.value);
    CHECK_FALSE(yz.scott_pi.value);
    CHECK(yz.cohen_kappa.note.find("only one label") != std::string::npos);
}

TEST_CASE("categorical agreement: undefined statistics carry a note instead of a number") {
    SUBCASE("no item rated by two annotators") {
        RatingTable table = empty_table(3, 2, {"a", "b"});
        rate(table, 0, 0, 0);
        rate(table, 1, 1, 1);
        rate(table, 2, 0, 1);
        const MultiRaterResult r = multi(table);
        CHECK(r.items_rated == 3);
        CHECK(r.items_pairable == 0);
        for (const Statistic* s : {&r.percent_agreement, &r.fleiss_kappa, &r.conger_kappa, &r.randolph_kappa,
                                   &r.gwet_ac1, &r.brennan_prediger}) {
            CHECK_FALSE(s->value);
            CHECK(s->note.find("two or more") != std::string::npos);
        }
        const AlphaResult a = alpha(table, AlphaLevel::nominal);
        CHECK_FALSE(a.alpha.value);
        CHECK_FALSE(a.observed_disagreement);
        CHECK(a.pairable_values == 0);
        CHECK(!a.alpha.note.empty());
        const PairResult p = pair(table);
        CHECK(p.n == 0);
        CHECK_FALSE(p.percent_agreement.value);
        CHECK(p.cohen_kappa.note.find("both") != std::string::npos);
        const CategoricalReport report = categorical_agreement(table, {});
        CHECK(std::find(report.notes.begin(), report.notes.end(),
                        "no item is rated by two or more annotators: agreement is undefined") != report.notes.end());
    }
    SUBCASE("one label used: chance agreement 1, kappa 0/0; alpha's D_e = 0") {
        RatingTable table = empty_table(2, 2, {"a", "b"});
        for (int i = 0; i < 2; ++i)
            for (int g = 0; g < 2; ++g) rate(table, i, g, 0);
        const MultiRaterResult r = multi(table);
        check_exact(r.percent_agreement.value, 1.0);
        check_exact(r.fleiss_chance, 1.0);
        CHECK_FALSE(r.fleiss_kappa.value);
        CHECK_FALSE(r.conger_kappa.value);
        CHECK(r.fleiss_kappa.note.find("only one label") != std::string::npos);
        // AC1 and BP stay defined: pe = 0 and 1/2, and pa = 1 gives 1.
        check_exact(r.gwet_ac1.value, 1.0);
        check_exact(r.brennan_prediger.value, 1.0);
        const AlphaResult a = alpha(table, AlphaLevel::nominal);
        CHECK_FALSE(a.alpha.value);
        check_exact(a.expected_disagreement, 0.0);
        check_exact(a.observed_disagreement, 0.0);
        CHECK(a.alpha.note.find("expected disagreement is 0") != std::string::npos);
        const PairResult p = pair(table);
        for (const Statistic* s : {&p.cohen_kappa, &p.cohen_kappa_linear, &p.cohen_kappa_quadratic, &p.scott_pi})
            CHECK_FALSE(s->value);
        const CategoricalReport report = categorical_agreement(table, {});
        CHECK(std::find(report.notes.begin(), report.notes.end(),
                        "only one label is used: kappa-type statistics are undefined") != report.notes.end());
        CHECK(std::find(report.notes.begin(), report.notes.end(),
                        "1 label of the domain never used: they still count as categories for Randolph's kappa, AC1 "
                        "and Brennan-Prediger") != report.notes.end());
    }
    SUBCASE("a domain of one label: AC1, Brennan-Prediger and Randolph have q - 1 = 0") {
        RatingTable table = empty_table(2, 2, {"a"});
        for (int i = 0; i < 2; ++i)
            for (int g = 0; g < 2; ++g) rate(table, i, g, 0);
        const MultiRaterResult r = multi(table);
        for (const Statistic* s : {&r.gwet_ac1, &r.brennan_prediger, &r.randolph_kappa}) {
            CHECK_FALSE(s->value);
            CHECK(s->note.find("fewer than two labels") != std::string::npos);
        }
        CHECK_FALSE(r.gwet_chance);
    }
    SUBCASE("weighted kappa without a label order") {
        RatingTable table = empty_table(2, 2, {"a", "b"});
        rate(table, 0, 0, 0);
        rate(table, 0, 1, 0);
        rate(table, 1, 0, 1);
        rate(table, 1, 1, 0);
        const PairResult p = pair(table);
        REQUIRE(p.cohen_kappa.value);
        CHECK_FALSE(p.cohen_kappa_linear.value);
        CHECK_FALSE(p.cohen_kappa_quadratic.value);
        CHECK(p.cohen_kappa_quadratic.note.find("ordered labels") != std::string::npos);
    }
}

TEST_CASE("categorical agreement: errors for a level the labels cannot carry") {
    RatingTable table = empty_table(2, 2, {"cat", "dog"});
    rate(table, 0, 0, 0);
    rate(table, 0, 1, 1);
    const auto items = all_items(table);
    CategoricalOptions options;
    options.level = AlphaLevel::interval;
    CHECK_THROWS_WITH_AS(categorical_agreement(table, options), "interval alpha needs numeric labels", Error);
    options.level = AlphaLevel::ratio;
    CHECK_THROWS_WITH_AS(categorical_agreement(table, options), "ratio alpha needs numeric labels", Error);
    options.level = AlphaLevel::ordinal;
    CHECK_THROWS_WITH_AS(categorical_agreement(table, options),
                         "ordinal alpha needs ordered labels: give the label order with --order", Error);
    CHECK_THROWS_AS(krippendorff_alpha(table, items, AlphaLevel::ordinal), Error);
    table.ordered = true;
    CHECK(categorical_agreement(table, options).alpha.alpha.note.empty());

    RatingTable signed_values = numeric_table({{-1, 2}, {2, 2}}, {-1, 2});
    CHECK(krippendorff_alpha(signed_values, all_items(signed_values), AlphaLevel::interval).alpha.value);
    CHECK_THROWS_WITH_AS(krippendorff_alpha(signed_values, all_items(signed_values), AlphaLevel::ratio),
                         "ratio alpha needs values of 0 or more, but label \"-1\" is -1", Error);

    SUBCASE("a malformed table or sample") {
        RatingTable bad = table;
        bad.ratings[0] = 2;
        CHECK_THROWS_AS(multi_rater_agreement(bad, items), Error);
        bad = table;
        bad.ratings.pop_back();
        CHECK_THROWS_AS(categorical_agreement(bad, {}), Error);
        const std::vector<std::uint32_t> outside{0, 2};
        CHECK_THROWS_AS(multi_rater_agreement(table, outside), Error);
        CHECK_THROWS_AS(pair_agreement(table, 0, 2, items), Error);
        CategoricalOptions confidence;
        confidence.confidence = 1;
        CHECK_THROWS_AS(categorical_agreement(table, confidence), Error);
    }
}

TEST_CASE("categorical agreement: alpha levels by name") {
    for (AlphaLevel level : {AlphaLevel::nominal, AlphaLevel::ordinal, AlphaLevel::interval, AlphaLevel::ratio})
        CHECK(parse<AlphaLevel>(to_string(level)) == level);
    CHECK(std::string(to_string(AlphaLevel::interval)) == "interval");
    CHECK_FALSE(parse<AlphaLevel>("Nominal"));
    CHECK_FALSE(parse<AlphaLevel>(""));
}

TEST_CASE("categorical agreement: a sample with repeated items equals the table with those rows copied" *
          test::needs_shared) {
    const RatingTable table = krippendorff_c(vectors());
    const std::vector<std::uint32_t> sample{0, 0, 3, 5, 5, 5, 9, 10, 11, 11};
    RatingTable copied = table;
    copied.items.clear();
    copied.ratings.clear();
    const std::size_t m = table.annotators.size();
    for (std::uint32_t i : sample) {
        copied.items.push_back(table.items[i]);
        copied.ratings.insert(copied.ratings.end(), table.ratings.begin() + i * m, table.ratings.begin() + (i + 1) * m);
    }
    const MultiRaterResult s = multi_rater_agreement(table, sample), c = multi(copied);
    CHECK(s.items_pairable == c.items_pairable);
    for (auto [x, y] : std::vector<std::pair<const Statistic*, const Statistic*>>{
             {&s.percent_agreement, &c.percent_agreement}, {&s.fleiss_kappa, &c.fleiss_kappa},
             {&s.conger_kappa, &c.conger_kappa},           {&s.gwet_ac1, &c.gwet_ac1}}) {
        REQUIRE(x->value);
        REQUIRE(y->value);
        CHECK_NEAR(*x->value, *y->value, 1e-12);
    }
    for (AlphaLevel level : {AlphaLevel::nominal, AlphaLevel::ordinal, AlphaLevel::interval})
        CHECK_NEAR(*krippendorff_alpha(table, sample, level).alpha.value, *alpha(copied, level).alpha.value, 1e-12);
    const PairResult ps = pair_agreement(table, 1, 3, sample), pc = pair(copied, 1, 3);
    CHECK(ps.n == pc.n);
    CHECK_NEAR(*ps.cohen_kappa_quadratic.value, *pc.cohen_kappa_quadratic.value, 1e-12);
}

TEST_CASE("categorical agreement: the report holds every pair and the notes about the data") {
    RatingTable table = synthetic_table(30, 4);
    table.labels.push_back("never");
    table.items.push_back("unrated");
    table.ratings.resize(table.ratings.size() + 4, RatingTable::missing);
    const CategoricalReport report = categorical_agreement(table, {});
    CHECK(report.items == 31);
    CHECK(report.bootstrap == 0);
    REQUIRE(report.pairs.size() == 6);
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> order{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}};
    for (std::size_t k = 0; k < order.size(); ++k) {
        CHECK(report.pairs[k].a == order[k].first);
        CHECK(report.pairs[k].b == order[k].second);
        CHECK_FALSE(report.pairs[k].cohen_kappa.ci_low);
    }
    CHECK(report.overall.items_rated == 30);
    CHECK(std::find(report.notes.begin(), report.notes.end(), "1 item without a rating left out") != report.notes.end());
    CHECK(std::find(report.notes.begin(), report.notes.end(),
                    "1 label of the domain never used: they still count as categories for Randolph's kappa, AC1 and "
                    "Brennan-Prediger") != report.notes.end());
    CHECK_FALSE(report.overall.fleiss_kappa.ci_low);
}

TEST_CASE("categorical agreement: bootstrap intervals are reproducible and hold the estimate") {
    RatingTable table = synthetic_table(300, 4);
    table.ordered = true;
    CategoricalOptions options;
    options.bootstrap = 300;
    options.seed = 7;
    const CategoricalReport first = categorical_agreement(table, options);
    const CategoricalReport again = categorical_agreement(table, options);
    options.seed = 8;
    const CategoricalReport other = categorical_agreement(table, options);

    auto statistics = [](const CategoricalReport& r) {
        std::vector<const Statistic*> out{&r.overall.percent_agreement, &r.overall.fleiss_kappa,
                                          &r.overall.conger_kappa,      &r.overall.randolph_kappa,
                                          &r.overall.gwet_ac1,          &r.overall.brennan_prediger,
                                          &r.alpha.alpha};
        for (const PairResult& p : r.pairs)
            for (const Statistic* s : {&p.percent_agreement, &p.cohen_kappa, &p.cohen_kappa_linear,
                                       &p.cohen_kappa_quadratic, &p.scott_pi})
                out.push_back(s);
        return out;
    };
    const auto a = statistics(first), b = statistics(again), c = statistics(other);
    REQUIRE(a.size() == 7 + 6 * 5);
    bool any_differs = false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        CAPTURE(k);
        REQUIRE(a[k]->value);
        REQUIRE(a[k]->ci_low);
        REQUIRE(a[k]->ci_high);
        CHECK(same(a[k]->ci_low, b[k]->ci_low));
        CHECK(same(a[k]->ci_high, b[k]->ci_high));
        CHECK(*a[k]->ci_low <= *a[k]->value);
        CHECK(*a[k]->value <= *a[k]->ci_high);
        CHECK(*a[k]->ci_high - *a[k]->ci_low < 0.3);
        any_differs = any_differs || !same(a[k]->ci_low, c[k]->ci_low) || !same(a[k]->ci_high, c[k]->ci_high);
        CHECK(a[k]->value == c[k]->value);
    }
    CHECK(any_differs);
}

TEST_CASE("categorical agreement: no interval for a statistic undefined in most resamples") {
    // Of 40 items only items 0 (a, a) and 1 (b, b) have two values; the rest have one value
    // (a). Alpha needs both items 0 and 1 in a resample (else D_e = 0 or nothing is
    // pairable): with probability 1 - 2 (39/40)^40 + (38/40)^40 = 0.41 or so, under half.
    // Percent agreement needs either: 1 - (38/40)^40 = 0.87 or so.
    RatingTable table = empty_table(40, 2, {"a", "b"});
    rate(table, 0, 0, 0);
    rate(table, 0, 1, 0);
    rate(table, 1, 0, 1);
    rate(table, 1, 1, 1);
    for (int i = 2; i < 40; ++i) rate(table, i, i % 2, 0);
    CategoricalOptions options;
    options.bootstrap = 1000;
    const CategoricalReport report = categorical_agreement(table, options);
    REQUIRE(report.alpha.alpha.value);
    CHECK_FALSE(report.alpha.alpha.ci_low);
    CHECK_FALSE(report.alpha.alpha.ci_high);
    CHECK(report.alpha.alpha.note.find("no interval: defined in only") != std::string::npos);
    CHECK(report.overall.percent_agreement.ci_low);
    CHECK(report.overall.percent_agreement.note.empty());
}

TEST_CASE("categorical agreement: bootstrap of 5000 items x 5 annotators x 1000 resamples (timing)" *
          doctest::skip()) {
    const RatingTable table = synthetic_table(5000, 5);
    CategoricalOptions options;
    options.bootstrap = 1000;
    const auto start = std::chrono::steady_clock::now();
    const CategoricalReport report = categorical_agreement(table, options);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    MESSAGE(fmt::format("{:.3f} s; Fleiss' kappa {:.4f} [{:.4f}, {:.4f}]", elapsed.count(),
                        *report.overall.fleiss_kappa.value, *report.overall.fleiss_kappa.ci_low,
                        *report.overall.fleiss_kappa.ci_high));
    CHECK(report.overall.fleiss_kappa.ci_low);
}
