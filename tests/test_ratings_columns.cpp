// The ratings format's column map (--columns): presets for Appen, MTurk, crowd-kit and Label
// Studio tables, named columns, texts and scores, and agree on a platform's long table.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "labelkit/ratings.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

std::filesystem::path crowd_sample(const std::string& name) {
    return shared_dir() / "reference/platform-samples/crowd_long_table" / name;
}

std::vector<Judgment> judgments_of(const std::filesystem::path& path, const std::string& columns,
                                   DiagnosticSink& sink, bool keep = false) {
    return read_judgments(path, TableReading{columns, keep, keep}, sink);
}

std::vector<Judgment> judgments_of(const std::filesystem::path& path, const std::string& columns) {
    DiagnosticSink sink;
    return judgments_of(path, columns, sink);
}

Error error_of(const std::filesystem::path& path, const std::string& columns) {
    try {
        judgments_of(path, columns);
    } catch (const Error& error) {
        return error;
    }
    FAIL("no error thrown");
    return Error("");
}

bool says(const Error& error, const std::string& part) {
    INFO(error.what());
    return std::string(error.what()).find(part) != std::string::npos;
}

// The text of a file without its first line (the samples' notes on where they come from).
std::string without_note(const std::filesystem::path& path) {
    const std::string text = read_file(path);
    return text.substr(text.find('\n') + 1);
}

nlohmann::json agree_json(const std::string& arguments) {
    const CommandResult result = run_labelkit("agree --format json " + arguments);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_CASE("ratings columns: crowd-kit's toy answers with the crowd-kit preset" * needs_shared) {
    const std::vector<Judgment> judgments = judgments_of(crowd_sample("toy_ysda_answers.csv"), "crowd-kit");
    // 24 rows (w3 did not answer t1), columns worker,task,label.
    REQUIRE(judgments.size() == 24);
    CHECK(judgments[0].item == "t1");
    CHECK(judgments[0].annotator == "w1");
    CHECK(judgments[0].label == "no");
    CHECK(judgments[23].where.line == 25);
    CHECK(judgments[23].item == "t5");
    // Named one by one: the same judgments.
    const std::vector<Judgment> named = judgments_of(crowd_sample("toy_ysda_answers.csv"), "item=task,annotator=worker");
    REQUIRE(named.size() == 24);
    CHECK(named[5].label == judgments[5].label);
}

TEST_CASE("ratings columns: agree on crowd-kit's toy table with --columns equals agree on the plain table" * needs_shared) {
    TempDir dir;
    // The same rows with the columns renamed item, annotator, label.
    std::string plain = read_file(crowd_sample("toy_ysda_answers.csv"));
    plain.replace(0, plain.find('\n'), "annotator,item,label");
    write_file(dir / "plain.csv", plain);
    const nlohmann::json preset = agree_json(q(crowd_sample("toy_ysda_answers.csv")) + " --columns crowd-kit");
    const nlohmann::json reference = agree_json(q(dir / "plain.csv"));
    CHECK(preset["categorical"] == reference["categorical"]);
    // By hand: units t1 {no 2, yes 2}, t2 {yes 3, no 2}, t3 {yes 2, no 3}, t4 {yes 5}, t5 {yes 1, no 4};
    // n = 24 (13 yes, 11 no). o(yes,no) = 4/3 + 6/4 + 6/4 + 0 + 4/4 = 16/3. Nominal alpha =
    // 1 - (n - 1) * 2 o(yes,no) / (2 * 13 * 11) = 1 - 23 * (32/3) / 286 = 61/429.
    CHECK_NEAR(preset["categorical"]["krippendorff_alpha"]["value"].get<double>(), 61.0 / 429.0, 1e-12);
}

TEST_CASE("ratings columns: ROVER's toy transcripts as texts (crowd-kit preset)" * needs_shared) {
    TempDir dir;
    write_file(dir / "rover.csv", without_note(crowd_sample("rover_toy.csv")));
    const std::vector<Judgment> judgments = judgments_of(dir / "rover.csv", "crowd-kit");
    REQUIRE(judgments.size() == 3);
    CHECK(judgments[1].text == "b z d e");
    CHECK(judgments[1].annotator == "w2");
    CHECK(judgments[1].missing);  // no label column: texts only
    // agree compares a table of texts as transcripts (test_transcripts.cpp has the figures).
    const CommandResult result = run_labelkit("agree " + q(dir / "rover.csv") + " --columns crowd-kit");
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Transcript agreement (1 utterances, 3 transcripts") != std::string::npos);
}

TEST_CASE("ratings columns: the appen preset on a full report; gold and tainted rows left out with counts") {
    TempDir dir;
    const std::string header = "_unit_id,_golden,_id,_tainted,_trust,_worker_id,sentiment,sentiment_gold,text\n";
    write_file(dir / "full.csv", header + "1,false,11,false,0.9,w1,pos,,t\n1,false,12,false,0.8,w2,neg,,t\n"
                                          "2,true,13,false,0.9,w1,pos,pos,t\n2,false,14,true,0.2,w3,neg,,t\n");
    DiagnosticSink sink;
    const std::vector<Judgment> judgments = judgments_of(dir / "full.csv", "appen", sink);
    // sentiment is the one column with a _gold companion.
    REQUIRE(judgments.size() == 2);
    CHECK(judgments[1].label == "neg");
    CHECK(judgments[1].annotator == "w2");
    REQUIRE(sink.diagnostics().size() == 2);
    CHECK(sink.diagnostics()[0].rule == "ratings/gold");
    CHECK(sink.diagnostics()[1].rule == "ratings/tainted");
    DiagnosticSink kept;
    CHECK(judgments_of(dir / "full.csv", "appen", kept, true).size() == 4);
    CHECK(kept.diagnostics().empty());
    // Without --columns: the error says which preset fits.
    CHECK(says(error_of(dir / "full.csv", ""), "looks like --columns appen"));
}

TEST_CASE("ratings columns: mturk and label-studio presets, text and score columns") {
    TempDir dir;
    write_file(dir / "batch.csv", "HITId,WorkerId,Input.text,Answer.sentiment\nh1,A1,hi,3\nh1,A2,hi,4\n");
    const std::vector<Judgment> mturk = judgments_of(dir / "batch.csv", "mturk");
    REQUIRE(mturk.size() == 2);
    CHECK(mturk[1].label == "4");
    CHECK(mturk[1].annotator == "A2");
    // Label Studio CSV: id, annotator, the task's data and one column per control tag.
    write_file(dir / "ls.csv", "annotation_id,annotator,created_at,id,lead_time,sentiment,text,updated_at\n"
                               "9,a@x.com,2022,4,1.5,Positive,nice,2022\n");
    CHECK(says(error_of(dir / "ls.csv", "label-studio"), "several answer columns (sentiment, text)"));
    const std::vector<Judgment> studio = judgments_of(dir / "ls.csv", "label-studio,label=sentiment,score=lead_time");
    REQUIRE(studio.size() == 1);
    CHECK(studio[0].item == "4");
    CHECK(studio[0].annotator == "a@x.com");
    CHECK(studio[0].label == "Positive");
    CHECK(*studio[0].score == 1.5);
    const std::vector<Judgment> texts = judgments_of(dir / "ls.csv", "label-studio,text=text");
    CHECK(texts[0].text == "nice");
    CHECK(texts[0].missing);
}

TEST_CASE("ratings columns: errors name the header's columns or the preset's missing ones") {
    TempDir dir;
    write_file(dir / "t.csv", "task,worker,answer\nt1,w1,yes\n");
    const Error unknown = error_of(dir / "t.csv", "item=task,annotator=worker,label=anwser");
    CHECK(unknown.rule() == "ratings/columns");
    CHECK(says(unknown, "'anwser', which the header does not have (it has: task, worker, answer)"));
    CHECK(says(error_of(dir / "t.csv", "mturk"), "the mturk preset needs the columns HITId and WorkerId; the header "
                                                 "lacks HITId, WorkerId"));
    CHECK(says(error_of(dir / "t.csv", "crowd-kit"), "needs a label or a text column"));
    CHECK(says(error_of(dir / "t.csv", "toloka"), "unknown preset 'toloka' (presets: appen, mturk, crowd-kit, label-studio"));
    CHECK(says(error_of(dir / "t.csv", "worker=worker"), "unknown role 'worker'"));
    CHECK(says(error_of(dir / "t.csv", ""), "looks like --columns crowd-kit"));
    CHECK(judgments_of(dir / "t.csv", "crowd-kit,label=answer").size() == 1);
    write_file(dir / "t.csv", "task,worker,label,score\nt1,w1,yes,high\n");
    const Error score = error_of(dir / "t.csv", "crowd-kit,score=score");
    CHECK(score.rule() == "ratings/csv");
    CHECK(score.where().line == 2);
}

TEST_CASE("ratings columns: JSON Lines take the map too") {
    TempDir dir;
    write_file(dir / "t.jsonl", R"({"task": "t1", "worker": "w1", "label": "yes", "_golden": true})" "\n"
                                R"({"task": "t1", "worker": "w2", "label": null})" "\n"
                                R"({"task": "t2", "worker": "w2", "label": "no"})" "\n");
    DiagnosticSink sink;
    const std::vector<Judgment> judgments = judgments_of(dir / "t.jsonl", "crowd-kit", sink);
    REQUIRE(judgments.size() == 2);
    CHECK(judgments[0].missing);
    CHECK(judgments[1].where.line == 3);
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].rule == "ratings/gold");
}

TEST_CASE("ratings columns: labelkit agree takes --columns (crowd-kit's without); an unknown column exits 2" * needs_shared) {
    const CommandResult bad = run_labelkit("agree " + q(crowd_sample("toy_ysda_answers.csv")) + " --columns item=taks");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("it has: worker, task, label") != std::string::npos);
    // crowd-kit's columns (task, worker, label) are read without --columns.
    const nlohmann::json plain = agree_json(q(crowd_sample("toy_ysda_answers.csv")));
    CHECK(plain["categorical"] == agree_json(q(crowd_sample("toy_ysda_answers.csv")) + " --columns crowd-kit")["categorical"]);
}

}  // namespace labelkit::test
