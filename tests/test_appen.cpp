// The appen format: Appen / Figure Eight / CrowdFlower full and aggregated reports.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

std::filesystem::path appen_sample(const std::string& name) {
    return shared_dir() / "reference/platform-samples/appen_figure_eight" / name;
}

// The real header of the airline-sentiment full report (the sample's third line; its first two are
// a note): answers airline_sentiment and negativereason (each has a _gold companion), data
// airline, name, retweet_count and text.
std::string full_header() {
    return lines_of(read_file(appen_sample("full_report_header_airline_sentiment.txt"))).at(2);
}

// A full-report row: 22 fields, in the header's order.
std::string full_row(const std::string& unit, const std::string& golden, const std::string& id,
                     const std::string& tainted, const std::string& trust, const std::string& worker,
                     const std::string& answers) {
    return unit + ",2/25/2015 05:24:00," + golden + "," + id + ",,2/25/2015 05:20:00," + tainted + ",elite," + trust +
           "," + worker + ",USA,CA,San Francisco,10.0.0.1," + answers + "\n";
}

// Five judgments: two on unit 150 (lines 2, 3), one with two reasons on unit 158 (lines 4-5: the
// quoted cell holds a line break), a gold unit's (line 6), a tainted one (line 7).
std::string full_report() {
    const std::string va150 = ",Virgin America,,cairdin,,0,@VirginAmerica What @dhepburn said.";
    const std::string va158 = ",Virgin America,,jnardino,,0,\"seats, and it's bad\"";
    return full_header() + "\n" + full_row("681448150", "false", "1001", "false", "0.9", "w1", "neutral," + va150) +
           full_row("681448150", "false", "1002", "false", "0.8", "w2", "positive," + va150) +
           full_row("681448158", "false", "1003", "false", "0.9", "w1", "negative,\"Bad Flight\nCan't Tell\"" + va158) +
           full_row("681448999", "true", "1004", "false", "0.9", "w1",
                    "negative,Late Flight,United,negative,x,Late Flight,0,gold tweet") +
           full_row("681448158", "false", "1005", "true", "0.4", "w3", "positive," + va158);
}

struct Read {
    Dataset dataset;
    DiagnosticSink sink;
    std::string format;
};

Read read_report(const std::filesystem::path& path, ReadOptions options = {}) {
    Read read;
    const std::vector<Format> formats = all_formats();
    LoadedDataset loaded = load_dataset(formats, path, "", options, read.sink);
    read.dataset = std::move(loaded.dataset);
    read.format = loaded.format ? loaded.format->name : "";
    return read;
}

const Diagnostic* find_diagnostic(const DiagnosticSink& sink, const std::string& rule) {
    for (const Diagnostic& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) return &diagnostic;
    return nullptr;
}

std::vector<std::string> category_names(const Dataset& dataset) {
    std::vector<std::string> names;
    for (const Label& label : dataset.labels) names.push_back(dataset.categories.at(label.category).name);
    return names;
}

// The error a strict read throws.
Error read_error(const std::filesystem::path& path, ReadOptions options = {}) {
    try {
        read_report(path, options);
    } catch (const Error& error) {
        return error;
    }
    FAIL("no error thrown");
    return Error("");
}

}  // namespace

TEST_CASE("appen: a full report with the real header; gold and tainted rows left out with counts" * needs_shared) {
    TempDir dir;
    write_file(dir / "full.csv", full_report());
    const Read read = read_report(dir / "full.csv");
    CHECK(read.format == "appen");
    const Dataset& d = read.dataset;
    // Units 150 and 158 (999 is gold); w1 and w2 (w3's only judgment is tainted).
    REQUIRE(d.items.size() == 2);
    CHECK(d.items[0].path == "681448150");
    CHECK(d.items[0].id == 681448150);
    CHECK(d.items[0].kind == ItemKind::text);
    CHECK(d.items[0].extra == nlohmann::json{{"airline", "Virgin America"}, {"name", "cairdin"}, {"retweet_count", "0"},
                                             {"text", "@VirginAmerica What @dhepburn said."}});
    CHECK(d.items[1].extra["text"] == "seats, and it's bad");
    REQUIRE(d.annotators.size() == 2);
    CHECK(d.annotators[0].id == "w1");
    CHECK(*d.annotators[0].trust == 0.9);
    CHECK(*d.annotators[1].trust == 0.8);
    // One label per answer line: neutral, positive, then negative and the two reasons of line 4.
    CHECK(category_names(d) == std::vector<std::string>{"neutral", "positive", "negative", "Bad Flight", "Can't Tell"});
    CHECK(d.labels[1].annotator == 1);
    CHECK(d.labels[1].item == 0);
    CHECK(d.labels[3].item == 1);
    CHECK(d.labels[3].origin.position == 4);
    CHECK(d.labels[3].attributes["field"] == "negativereason");
    CHECK(d.labels[3].attributes["judgment"] == "1003");
    CHECK_FALSE(d.labels[0].score.has_value());
    const Diagnostic* gold = find_diagnostic(read.sink, "appen/gold");
    REQUIRE(gold);
    CHECK(gold->message.find("1 judgment of gold units") != std::string::npos);
    CHECK(gold->location.line == 6);
    const Diagnostic* tainted = find_diagnostic(read.sink, "appen/tainted");
    REQUIRE(tainted);
    CHECK(tainted->location.line == 7);
}

TEST_CASE("appen: --keep-gold and --keep-tainted keep those rows, marked" * needs_shared) {
    TempDir dir;
    write_file(dir / "full.csv", full_report());
    ReadOptions options;
    options.keep_gold = options.keep_tainted = true;
    const Read read = read_report(dir / "full.csv", options);
    const Dataset& d = read.dataset;
    CHECK(d.items.size() == 3);
    CHECK(d.annotators.size() == 3);
    CHECK(*d.annotators[2].trust == 0.4);
    // 5 labels as before, the gold row's negative and Late Flight, the tainted row's positive.
    REQUIRE(d.labels.size() == 8);
    CHECK(d.labels[5].attributes["golden"] == true);
    CHECK(d.labels[5].attributes["gold"] == "negative");
    CHECK(d.labels[6].attributes["gold"] == "Late Flight");
    CHECK(d.labels[7].attributes["tainted"] == true);
    CHECK_FALSE(find_diagnostic(read.sink, "appen/gold"));
    CHECK_FALSE(find_diagnostic(read.sink, "appen/tainted"));
}

TEST_CASE("appen: the aggregated airline-sentiment sample (re-saved by Excel) as platform consensus" * needs_shared) {
    const Read read = read_report(appen_sample("airline_sentiment_aggregated_excel_resaved_head.csv"));
    CHECK(read.format == "appen");
    const Dataset& d = read.dataset;
    // 8 units (FALSE is not gold); answers airline_sentiment and negativereason (both have
    // :confidence); negativereason is given on 4 units (Bad Flight, Can't Tell twice, Late Flight):
    // 8 + 4 labels, no annotator.
    REQUIRE(d.items.size() == 8);
    CHECK(d.annotators.empty());
    REQUIRE(d.labels.size() == 12);
    for (const Label& label : d.labels) CHECK(label.annotator == no_index);
    CHECK(category_names(d) == std::vector<std::string>{"neutral", "positive", "neutral", "negative", "Bad Flight",
                                                        "negative", "Can't Tell", "negative", "Can't Tell", "positive",
                                                        "negative", "Late Flight"});
    CHECK(d.categories.size() == 6);
    // Unit 681448153: positive 0.3486; its negativereason is empty with confidence 0: no label.
    CHECK(*d.labels[1].score == 0.3486);
    CHECK(*d.labels[4].score == 0.7033);
    // Unit 681448184 is on line 10 (unit 681448162's text holds a line break, lines 7-8).
    CHECK(d.labels[11].origin.position == 10);
    CHECK(*d.labels[11].score == 0.3684);
    CHECK(d.items[5].extra["text"].get<std::string>().find('\n') != std::string::npos);
    CHECK(d.items[0].extra["tweet_id"] == "5.70306E+17");
    CHECK(d.items[0].kind == ItemKind::text);
}

TEST_CASE("appen: the aggregated row from an Elm test: confidence and an averaged answer's variance" * needs_shared) {
    const Read read = read_report(appen_sample("aggregated_row_from_elm_test.csv"));
    const Dataset& d = read.dataset;
    REQUIRE(d.items.size() == 1);
    CHECK(d.items[0].kind == ItemKind::other);  // no "text" data column
    CHECK(d.items[0].extra.size() == 10);        // definition, dist, example, freq, id, len, search, seed, term, topic
    CHECK(d.items[0].extra["term"] == "FROM RUINED SEWAGE");
    REQUIRE(d.labels.size() == 2);
    CHECK(category_names(d) == std::vector<std::string>{"a_specific_person_or_place", "4.0"});
    CHECK(*d.labels[0].score == 0.5019);
    CHECK_FALSE(d.labels[1].score.has_value());
    CHECK(d.labels[1].attributes["variance"] == 0.0);
}

TEST_CASE("appen: links to external result files are counted, not fetched") {
    TempDir dir;
    write_file(dir / "shapes.csv",
               "_unit_id,_golden,_unit_state,_trusted_judgments,_last_judgment_at,annotation,annotation:confidence,image_url\n"
               "1,false,finalized,3,1/1/2024 10:00:00,https://requestor-proxy.appen.com/v1/redeem_token?token=abc,1,a.jpg\n"
               "2,false,finalized,3,1/1/2024 10:00:00,\"{\"\"type\"\":\"\"shapes\"\",\"\"valueRef\"\":\"\"jobs/1/a.json\"\","
               "\"\"url\"\":\"\"https://x\"\"}\",1,b.jpg\n");
    const Read read = read_report(dir / "shapes.csv");
    CHECK(read.dataset.items.size() == 2);
    CHECK(read.dataset.labels.empty());
    const Diagnostic* external = find_diagnostic(read.sink, "appen/external-result");
    REQUIRE(external);
    CHECK(external->message.find("2 answers in column annotation") != std::string::npos);
    CHECK(external->location.line == 2);
}

TEST_CASE("appen: hostile reports get precise errors at file:line") {
    TempDir dir;
    const std::string header = "_unit_id,_created_at,_golden,_id,_tainted,_trust,_worker_id,q,q_gold,text\n";
    const std::string good = "1,1/1/2024,false,11,false,0.9,w1,yes,,hello\n";
    const auto error_of = [&](const std::string& rows, ReadOptions options = {}) {
        write_file(dir / "r.csv", header + good + rows);
        return read_error(dir / "r.csv", options);
    };
    Error fields = error_of("2,1/1/2024,false,12,false,0.9,w2,yes,,hello,extra\n");
    CHECK(fields.rule() == "appen/fields");
    CHECK(std::string(fields.what()).find("r.csv:3") != std::string::npos);
    CHECK(error_of("2,1/1/2024,false,12,false,1.5,w2,yes,,hi\n").rule() == "appen/trust");
    CHECK(error_of("2,1/1/2024,false,12,false,high,w2,yes,,hi\n").rule() == "appen/trust");
    const Error duplicate = error_of("2,1/1/2024,false,11,false,0.9,w2,yes,,hi\n");
    CHECK(duplicate.rule() == "appen/duplicate-judgment");
    CHECK(duplicate.where().line == 3);
    CHECK(error_of("2,1/1/2024,false,12,false,0.9,,yes,,hi\n").rule() == "appen/schema");
    CHECK(error_of("2,1/1/2024,false,12,false,0.9,w2,\"yes,,hi\n").rule() == "appen/csv");

    // Lenient (lint): each bad row reported, the rest read.
    write_file(dir / "r.csv", header + good + "2,1/1/2024,false,12,false,0.9,w2,no,,a,b\n" +
                                  "3,1/1/2024,false,13,false,7,w2,no,,c\n");
    ReadOptions lenient;
    lenient.lenient = true;
    const Read read = read_report(dir / "r.csv", lenient);
    CHECK(read.dataset.labels.size() == 2);  // lines 2 and 4 (line 4 keeps its label, without trust)
    CHECK(find_diagnostic(read.sink, "appen/fields")->location.line == 3);
    CHECK(find_diagnostic(read.sink, "appen/trust")->location.line == 4);
    CHECK_FALSE(read.dataset.annotators[1].trust.has_value());
}

TEST_CASE("appen: the aggregated report's confidence out of range and a unit twice") {
    TempDir dir;
    const std::string header = "_unit_id,_golden,_unit_state,_trusted_judgments,_last_judgment_at,q,q:confidence,text\n";
    write_file(dir / "a.csv", header + "1,false,finalized,3,x,yes,1.2,t\n");
    CHECK(read_error(dir / "a.csv").rule() == "appen/confidence");
    write_file(dir / "a.csv", header + "1,false,finalized,3,x,yes,1,t\n1,false,finalized,3,x,no,1,t\n");
    const Error twice = read_error(dir / "a.csv");
    CHECK(twice.rule() == "appen/duplicate-unit");
    CHECK(twice.where().line == 3);
    // A finalized unit without any answer: a warning with the count.
    write_file(dir / "a.csv", header + "1,false,finalized,3,x,,,t\n2,false,judging,3,x,,,t\n");
    const Read read = read_report(dir / "a.csv");
    const Diagnostic* empty = find_diagnostic(read.sink, "appen/empty-answer");
    REQUIRE(empty);
    CHECK(empty->message.find("1 unit row") != std::string::npos);
    CHECK(empty->location.line == 2);
}

TEST_CASE("appen: which columns are answers: companions, or --columns label=COL") {
    TempDir dir;
    // No _gold or :confidence companion: sentiment and text cannot be told apart.
    write_file(dir / "r.csv", "_unit_id,_id,_worker_id,sentiment,text\n1,11,w1,pos,hello\n");
    const Error ambiguous = read_error(dir / "r.csv");
    CHECK(ambiguous.rule() == "appen/columns");
    CHECK(std::string(ambiguous.what()).find("candidates: sentiment, text") != std::string::npos);
    ReadOptions named;
    named.columns = "label=sentiment";
    const Read read = read_report(dir / "r.csv", named);
    REQUIRE(read.dataset.labels.size() == 1);
    CHECK(read.dataset.categories[0].name == "pos");
    CHECK(read.dataset.items[0].extra == nlohmann::json{{"text", "hello"}});
    named.columns = "appen,label=sentimnet";
    const Error unknown = read_error(dir / "r.csv", named);
    CHECK(unknown.rule() == "appen/columns");
    CHECK(std::string(unknown.what()).find("it has: _unit_id, _id, _worker_id, sentiment, text") != std::string::npos);
    named.columns = "item=_unit_id";
    CHECK(read_error(dir / "r.csv", named).rule() == "appen/columns");
}

TEST_CASE("appen: several questions are read, marked, and not pooled by agree or consensus") {
    TempDir dir;
    // Three workers, two questions (q and why, each with its _gold companion), two units:
    // unit 1: w1 yes/a, w2 yes/b, w3 no (no reason); unit 2: no, no, no (no reasons).
    write_file(dir / "r.csv", "_unit_id,_id,_worker_id,_trust,q,q_gold,why,why_gold,text\n"
                              "1,11,w1,0.9,yes,,a,,one\n1,12,w2,0.9,yes,,b,,one\n1,13,w3,0.9,no,,,,one\n"
                              "2,21,w1,0.9,no,,,,two\n2,22,w2,0.9,no,,,,two\n2,23,w3,0.9,no,,,,two\n");
    const Read read = read_report(dir / "r.csv");
    // All answers are read (convert and lint need them), each label with its question.
    REQUIRE(read.dataset.labels.size() == 8);
    CHECK(read.dataset.labels[0].attributes["field"] == "q");
    CHECK(read.dataset.labels[1].attributes["field"] == "why");
    const Diagnostic* several = find_diagnostic(read.sink, "appen/several-questions");
    REQUIRE(several);
    CHECK(several->severity == Severity::info);
    CHECK(several->location.line == 1);
    CHECK(several->message.find("2 answer columns (q, why)") != std::string::npos);
    CHECK(several->message.find("--columns appen,label=q") != std::string::npos);

    // Pooled, as agree did: units (item, class): unit 1 yes 1,1,0; a 1,0,0; b 0,1,0; no 0,0,1 (1/3
    // of the pairs agree on each), unit 2 no 1,1,1 (all): (4/3 + 1) / 5 = 0.467. Refused now.
    const std::string report = q(dir / "r.csv");
    const CommandResult pooled = run_labelkit("agree " + report + " --format json");
    CHECK(pooled.exit_code == 2);
    CHECK(pooled.err.find("the labels answer 2 questions (q, why); agreement and consensus are about one question at "
                          "a time: choose it with --columns appen,label=q") != std::string::npos);
    const CommandResult consensus =
        run_labelkit("merge --mode consensus " + report + " -o " + q(dir / "out.json") + " --to coco");
    CHECK(consensus.exit_code == 2);
    CHECK(consensus.err.find("the labels answer 2 questions") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.json"));

    // Question q alone, one unit per item: unit 1 yes, yes, no (1 of 3 pairs agree), unit 2 no, no,
    // no (3 of 3): percent agreement (1/3 + 1) / 2 = 2/3.
    const CommandResult one = run_labelkit("agree " + report + " --columns appen,label=q --format json");
    INFO(one.err);
    REQUIRE(one.exit_code == 0);
    const nlohmann::json agreement = nlohmann::json::parse(one.out);
    CHECK(agreement["categorical"]["unit"] == "item");
    CHECK(agreement["categorical"]["items"] == 2);
    CHECK(agreement["categorical"]["percent_agreement"].get<double>() == doctest::Approx(2.0 / 3.0).epsilon(1e-12));
}

TEST_CASE("appen: detection takes reports and leaves other tables to their formats" * needs_shared) {
    const std::vector<Format> formats = all_formats();
    const Format& appen = find_format(formats, "appen");
    CHECK(appen.detect(appen_sample("aggregated_row_from_elm_test.csv")).score > 0);
    CHECK(appen.detect(shared_dir() / "reference/platform-samples/crowd_long_table/toy_ysda_answers.csv").score == 0);
    CHECK(appen.detect(appen_sample("full_report_header_airline_sentiment.txt")).score == 0);  // not .csv
}

TEST_CASE("appen: CLI exit codes: lint reports findings, a broken report exits 2" * needs_shared) {
    TempDir dir;
    write_file(dir / "full.csv", full_report());
    const CommandResult lint = run_labelkit("lint " + q(dir / "full.csv") + " --format json --fail-on never");
    INFO(lint.err);
    CHECK(lint.exit_code == 0);
    CHECK(lint.out.find("appen/gold") != std::string::npos);
    write_file(dir / "broken.csv", "_unit_id,_worker_id,q,q_gold\n1,w1,\"open\n");
    const CommandResult convert = run_labelkit("convert " + q(dir / "broken.csv") + " --to coco " + q(dir / "out.json"));
    CHECK(convert.exit_code == 2);
    CHECK(convert.err.find("broken.csv:2") != std::string::npos);
}

}  // namespace labelkit::test
