// The trn format (NIST sclite transcripts): sclite's own test files, detection, errors at their
// line, and `agree a.trn b.trn`.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "lint_rule_cases.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;
using nlohmann::json;

namespace {

std::filesystem::path sclite(const std::string& name) {
    return shared_dir() / "reference/platform-samples/wer_sclite" / name;
}

const Label* text_of(const Dataset& dataset, const std::string& utterance) {
    for (const Label& label : dataset.labels)
        if (dataset.items[label.item].path == utterance) return &label;
    return nullptr;
}

}  // namespace

TEST_CASE("trn: sclite's tests.ref and tests.hyp are read, comments skipped, alternations kept and counted" * needs_shared) {
    const Format& trn = format_named("trn");
    CHECK(trn.detect(sclite("tests.ref")).score > 0);
    CHECK(trn.detect(sclite("tests.hyp")).score > 0);
    CHECK(trn.detect(sclite("wer_vectors.json")).score == 0);
    DiagnosticSink sink;
    const Dataset ref = trn.read(sclite("tests.ref"), ReadOptions{}, sink);
    // 73 lines, of which 15 are ";;" comments: 58 utterances, as sclite's test7.sys counts (# Snt 58).
    CHECK(ref.items.size() == 58);
    REQUIRE(ref.labels.size() == 58);
    CHECK(ref.items.front().path == "f_0");
    CHECK(ref.labels.front().text == "a b { c d / c / e } e f g");
    CHECK(ref.labels.front().origin.position == 1);
    REQUIRE(text_of(ref, "empty-1") != nullptr);
    CHECK(text_of(ref, "empty-1")->text.empty());
    // The optionally deletable "(c)" stays in the text: only the last parentheses are the id.
    CHECK(text_of(ref, "od2-6")->text == "a (c) b (d) e");
    const Diagnostic* alternations = find_rule(sink, "trn/alternation");
    REQUIRE(alternations != nullptr);
    CHECK(alternations->message.starts_with("22 utterances hold sclite alternations"));
    DiagnosticSink hyp_sink;
    const Dataset hyp = trn.read(sclite("tests.hyp"), ReadOptions{}, hyp_sink);
    CHECK(hyp.items.size() == 58);
    CHECK(text_of(hyp, "g_0")->text == "uh uh have along which go problem of my private");
}

TEST_CASE("trn: agree on sclite's g_0 without its alternation gives test7.pra's C=5 S=5 D=0 I=0") {
    TempDir dir;
    write_file(dir / "ref.trn", ";; sclite testdata g_0, '{ age-old / age old }' written 'age-old'\n"
                                "uh uh had a long age-old problem of my bright (g_0)\n");
    write_file(dir / "hyp.trn", "uh uh have along which go problem of my private (g_0)\n");
    const CommandResult result = run_labelkit("agree --format json " + q(dir / "ref.trn") + " " + q(dir / "hyp.trn"));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json report = json::parse(result.out);
    CHECK(schema_errors(source_dir() / "schemas/agreement-report.schema.json", report).empty());
    CHECK(report["annotators"] == json::array({"ref", "hyp"}));
    const json& pair = report["transcripts"]["pairs"][0];
    CHECK(std::vector<int>{pair["hits"], pair["substitutions"], pair["deletions"], pair["insertions"]} ==
          std::vector<int>{5, 5, 0, 0});
    CHECK(pair["wer"] == 0.5);
}

TEST_CASE("trn: agree on tests.ref against tests.hyp names them by file name and compares the 58 utterances" * needs_shared) {
    const CommandResult result = run_labelkit("agree --format json " + q(sclite("tests.ref")) + " " + q(sclite("tests.hyp")));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json report = json::parse(result.out);
    CHECK(report["annotators"] == json::array({"tests.ref", "tests.hyp"}));
    CHECK(report["transcripts"]["pairs"][0]["utterances"] == 58);
    CHECK(result.err.find("trn/alternation") != std::string::npos);
}

TEST_CASE("trn: a line without its id and a repeated id are errors at their line") {
    TempDir dir;
    write_file(dir / "a.trn", "one two (u1)\nthree four\n");
    write_file(dir / "b.trn", "one two (u1)\n");
    const CommandResult missing = run_labelkit("agree " + q(dir / "a.trn") + " " + q(dir / "b.trn") + " --from trn");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("a.trn:2:1: error: a trn line is the utterance's words followed by its id in parentheses") !=
          std::string::npos);
    write_file(dir / "b.trn", "one two (u1)\nthree (u1)\n");
    DiagnosticSink sink;
    try {
        format_named("trn").read(dir / "b.trn", ReadOptions{}, sink);
        FAIL("a repeated utterance id was read");
    } catch (const Error& error) {
        CHECK(error.message() == "utterance 'u1' is already on line 1");
        CHECK(error.where().line == 2);
        CHECK(error.rule() == "trn/duplicate-utterance");
    }
}

namespace labelkit::test {

// The trn reader's lint rules (tests/lint_rule_cases.cpp).
std::vector<RuleCase> trn_rule_cases() {
    const auto trn_case = [](const std::string& rule, const std::string& bad, const std::string& good, const std::string& where) {
        return RuleCase{rule, {{"t.trn", bad}}, {{"t.trn", good}}, where, "--from trn", "t.trn"};
    };
    return {
        trn_case("trn/syntax", "a b (u1)\nc d (u2\n", "a b (u1)\nc d (u2)\n", "t.trn:2"),
        trn_case("trn/duplicate-utterance", "a b (u1)\nc d (u1)\n", "a b (u1)\nc d (u2)\n", "t.trn:2"),
        trn_case("trn/alternation", "a { b / c } (u1)\n", "a b (u1)\n", "t.trn"),
    };
}

}  // namespace labelkit::test
