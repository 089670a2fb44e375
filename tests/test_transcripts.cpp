// Transcript alignment and agreement: every case of the reference vectors (jiwer's tests, sclite's
// test7), the tie-break they pin, normalisation, limits, and `agree` on tables of texts and on
// Label Studio text areas through the CLI.
#include <doctest/doctest.h>

#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/ops/transcript_agreement.hpp"
#include "labelkit/ops/transcript_alignment.hpp"
#include "schema_check.hpp"
#include "agree_report_fixtures.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;
using nlohmann::json;

namespace {

// The word (or character) counts of one reference and hypothesis, as agree computes them.
EditCounts word_counts(const std::string& reference, const std::string& hypothesis, const TextNormalisation& n = {}) {
    TranscriptSetBuilder builder;
    builder.add(builder.annotator("ref"), "u", reference);
    builder.add(builder.annotator("hyp"), "u", hypothesis);
    DiagnosticSink sink;
    const TranscriptAgreement agreement = transcript_agreement(builder.finish(sink), n);
    REQUIRE(agreement.pairs.size() == 1);
    return agreement.pairs[0].words;
}

EditCounts char_counts(const std::string& reference, const std::string& hypothesis) {
    TranscriptSetBuilder builder;
    builder.add(builder.annotator("ref"), "u", reference);
    builder.add(builder.annotator("hyp"), "u", hypothesis);
    DiagnosticSink sink;
    return transcript_agreement(builder.finish(sink), {}).pairs.at(0).characters;
}

json vectors() { return json::parse(read_file(shared_dir() / "reference/platform-samples/wer_sclite/wer_vectors.json")); }

}  // namespace

TEST_CASE("transcripts: every word and character case of wer_vectors.json" * needs_shared) {
    const json cases = vectors()["word_cases"];
    REQUIRE(cases.size() == 11);
    for (const json& c : cases) {
        const std::string reference = c["ref"], hypothesis = c["hyp"];
        INFO(reference << " | " << hypothesis << " (" << c["source"].get<std::string>() << ")");
        const bool characters = c.contains("cer");
        const EditCounts counts = characters ? char_counts(reference, hypothesis) : word_counts(reference, hypothesis);
        const json& expected = c.contains("jiwer_expected_alignment") ? c["jiwer_expected_alignment"] : c;
        CHECK(counts.hits == expected["hits"].get<std::uint64_t>());
        CHECK(counts.substitutions == expected["substitutions"].get<std::uint64_t>());
        CHECK(counts.deletions == expected["deletions"].get<std::uint64_t>());
        CHECK(counts.insertions == expected["insertions"].get<std::uint64_t>());
        CHECK(counts.errors() == c["edit_distance"].get<std::uint64_t>());
        CHECK(counts.reference_length() == c[characters ? "ref_chars" : "ref_words"].get<std::uint64_t>());
        CHECK(error_rates(counts).error_rate == doctest::Approx(c[characters ? "cer" : "wer"].get<double>()).epsilon(1e-12));
    }
}

TEST_CASE("transcripts: the tie-break keeps the most hits among the fewest edits (jiwer), so MER and WIL are jiwer's") {
    // wer_vectors.json's first case: a substitution-first backtrace gives H=2 S=3 D=1 I=0, the
    // same WER 4/6 but MER 4/6; jiwer's alignment (H=3 S=1 D=2 I=1) gives MER 4/7.
    const EditCounts counts = word_counts("this is a test of skill", "this was a messy test");
    CHECK(counts == EditCounts{3, 1, 2, 1});
    const ErrorRates rates = error_rates(counts);
    CHECK(rates.error_rate == doctest::Approx(4.0 / 6));
    CHECK(rates.mer == doctest::Approx(4.0 / 7));
    CHECK(rates.wip == doctest::Approx((3.0 / 6) * (3.0 / 5)));  // H/N_ref * H/N_hyp
    CHECK(rates.wil == doctest::Approx(1 - 0.3));
    // Read the other way, deletions and insertions exchange; WER is then over the other's words.
    CHECK(word_counts("this was a messy test", "this is a test of skill") == EditCounts{3, 1, 1, 2});
}

TEST_CASE("transcripts: MER and WIL of the jiwer cases that publish them") {
    // The values jiwer's tests assert (sources in wer_vectors.json).
    struct Known {
        const char* reference;
        const char* hypothesis;
        double mer, wil;
    };
    const Known known[] = {
        {"this test will have a high word error rate", "no it will not", 8.0 / 9, 0.9722},
        {"This is a test", "This test", 0.5, 0.5},
        {"X", "X X Y Y", 0.75, 0.75},
        {"X Y X", "X Z", 2.0 / 3, 5.0 / 6},
        {"X", "Y Z", 1, 1},
        {"i am a short ground truth", "i am a considerably longer and very much incorrect hypothesis", 0.7, 0.85},
    };
    for (const Known& k : known) {
        INFO(k.reference << " | " << k.hypothesis);
        const ErrorRates rates = error_rates(word_counts(k.reference, k.hypothesis));
        CHECK(rates.mer == doctest::Approx(k.mer).epsilon(1e-9));
        CHECK(rates.wil == doctest::Approx(k.wil).epsilon(1e-4));  // 97.22% is published to 4 digits
    }
}

TEST_CASE("transcripts: the corpus case is pooled (errors summed over reference words summed), not a mean" * needs_shared) {
    const json corpus = vectors()["corpus"];
    TranscriptSetBuilder builder;
    const std::uint32_t ref = builder.annotator("ref"), hyp = builder.annotator("hyp");
    for (std::size_t i = 0; i < corpus["refs"].size(); ++i) {
        builder.add(ref, fmt::format("u{}", i), corpus["refs"][i]);
        builder.add(hyp, fmt::format("u{}", i), corpus["hyps"][i]);
    }
    DiagnosticSink sink;
    const TranscriptAgreement agreement = transcript_agreement(builder.finish(sink), {});
    CHECK(agreement.pairs.at(0).utterances == 2);
    CHECK(error_rates(agreement.pairs[0].words).error_rate == doctest::Approx(1.0 / 3));  // not 0.375
    CHECK(error_rates(agreement.words).error_rate == doctest::Approx(1.0 / 3));
}

TEST_CASE("transcripts: an empty reference follows jiwer 4" * needs_shared) {
    const json empty = vectors()["empty_reference"];
    const EditCounts counts = word_counts(empty["ref"], empty["hyp"]);
    CHECK(counts == EditCounts{0, 0, 0, 1});
    const ErrorRates rates = error_rates(counts);
    CHECK(rates.error_rate == 1);
    CHECK(rates.mer == 1);
    CHECK(rates.wip == 0);
    CHECK(rates.wil == 1);
    // Both empty: no error (jiwer 4: wer 0, mer 0, wip 1).
    const ErrorRates silence = error_rates(word_counts("", "  "));
    CHECK(silence.error_rate == 0);
    CHECK(silence.mer == 0);
    CHECK(silence.wip == 1);
    CHECK(silence.wil == 0);
}

TEST_CASE("transcripts: normalisation (whitespace always; case and punctuation on request)") {
    CHECK(transcript_words("  a\tb \n c\u00a0d  ", {}, "") == std::vector<std::string>{"a", "b", "c", "d"});
    const TextNormalisation both{true, true};
    CHECK(transcript_words("Hello, WORLD! It's \"ÉCOLE\" – ΑΘΗΝΑ, МОСКВА; age-old $5", both, "") ==
          std::vector<std::string>{"hello", "world", "its", "école", "αθηνα", "москва", "ageold", "$5"});
    // Case counts by default, as in jiwer's default transform.
    CHECK(word_counts("Hello world", "hello world") == EditCounts{1, 1, 0, 0});
    CHECK(word_counts("Hello world", "hello world", {true, false}) == EditCounts{2, 0, 0, 0});
    CHECK(word_counts("hello, world", "hello world", {false, true}) == EditCounts{2, 0, 0, 0});
    // A word of punctuation only is removed with it.
    CHECK(transcript_words("a - b", both, "") == std::vector<std::string>{"a", "b"});
}

// Was: Σ always became σ and İ became ı (dotless), where Python's str.lower gives a final ς and
// i with a combining dot above. Expected values are Python 3.12's str.lower of each word.
TEST_CASE("transcripts: --lowercase has Python's final sigma and dotted capital I") {
    const TextNormalisation lower{true, false};
    CHECK(transcript_words("ΟΔΟΣ ΑΣΣ Σ ΑΣ.Β ΑΣ1 ΑΣ' ΑΣ,Β Α.Σ 1Σ", lower, "") ==
          std::vector<std::string>{"οδος", "ασς", "σ", "ασ.β", "ας1", "ας'", "ας,β", "α.ς", "1σ"});
    CHECK(transcript_words("İSTANBUL", lower, "") == std::vector<std::string>{"i\u0307stanbul"});
    // Punctuation stripped first: the sigma ends the word.
    CHECK(transcript_words("ΟΔΟΣ, ΟΔΟΣ.", {true, true}, "") == std::vector<std::string>{"οδος", "οδος"});
    CHECK(word_counts("ΟΔΟΣ", "οδος", lower) == EditCounts{1, 0, 0, 0});
}

TEST_CASE("transcripts: characters are code points, and spaces between words count") {
    // "naïve café" (10 code points, 12 bytes) against "naive cafe": two substitutions.
    const EditCounts counts = char_counts("naïve café", "naive cafe");
    CHECK(counts == EditCounts{8, 2, 0, 0});
    CHECK(char_counts("a  b", "ab") == EditCounts{2, 0, 1, 0});  // "a b" after collapsing: one space deleted
    CHECK_THROWS_WITH_AS(code_points("ok \xC3", "u1"), "u1: the text is not UTF-8 (byte 4)", Error);
    CHECK_THROWS_AS(code_points("\xC0\x80", ""), Error);  // overlong
}

TEST_CASE("transcripts: alignment counts on hand-worked sequences") {
    const std::vector<std::uint32_t> abc{1, 2, 3}, empty;
    CHECK(align_counts(abc, abc) == EditCounts{3, 0, 0, 0});
    CHECK(align_counts(abc, empty) == EditCounts{0, 0, 3, 0});
    CHECK(align_counts(empty, abc) == EditCounts{0, 0, 0, 3});
    // a b c against c a b: one deletion of c at the end and one insertion at the front keeps two hits.
    CHECK(align_counts(abc, std::vector<std::uint32_t>{3, 1, 2}) == EditCounts{2, 0, 1, 1});
    // x a b y against a b: deletions at both ends, the prefix and suffix trimming must not eat hits.
    CHECK(align_counts(std::vector<std::uint32_t>{9, 1, 2, 8}, std::vector<std::uint32_t>{1, 2}) == EditCounts{2, 0, 2, 0});
}

namespace {

// The textbook dynamic programme over the whole matrix, each cell the pair (edits, -hits)
// compared in that order: what the banded, trimmed align_counts must equal.
EditCounts reference_counts(const std::vector<std::uint32_t>& r, const std::vector<std::uint32_t>& h) {
    struct Cell {
        std::uint64_t edits = 0, hits = 0;
        bool operator<(const Cell& o) const { return edits != o.edits ? edits < o.edits : hits > o.hits; }
    };
    std::vector<std::vector<Cell>> cell(r.size() + 1, std::vector<Cell>(h.size() + 1));
    for (std::size_t i = 0; i <= r.size(); ++i)
        for (std::size_t j = 0; j <= h.size(); ++j) {
            if (i == 0 || j == 0) {
                cell[i][j] = {i + j, 0};
                continue;
            }
            const Cell& d = cell[i - 1][j - 1];
            Cell best = r[i - 1] == h[j - 1] ? Cell{d.edits, d.hits + 1} : Cell{d.edits + 1, d.hits};
            best = std::min(best, Cell{cell[i - 1][j].edits + 1, cell[i - 1][j].hits});
            best = std::min(best, Cell{cell[i][j - 1].edits + 1, cell[i][j - 1].hits});
            cell[i][j] = best;
        }
    const Cell end = cell[r.size()][h.size()];
    const std::uint64_t s = (r.size() - end.hits) + (h.size() - end.hits) - end.edits;
    return {end.hits, s, r.size() - end.hits - s, h.size() - end.hits - s};
}

}  // namespace

TEST_CASE("transcripts: the banded alignment equals the full dynamic programme on random sequences") {
    std::uint64_t state = 12345;
    const auto next = [&](std::uint64_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % bound;
    };
    for (int trial = 0; trial < 3000; ++trial) {
        std::vector<std::uint32_t> r(next(30)), h;
        for (auto& token : r) token = static_cast<std::uint32_t>(next(4));
        // A hypothesis near the reference (a few edits) or unrelated, so both passes of the band run.
        if (trial % 3 == 0) {
            h.resize(next(30));
            for (auto& token : h) token = static_cast<std::uint32_t>(next(4));
        } else {
            for (std::uint32_t token : r) {
                const std::uint64_t edit = next(8);
                if (edit == 0) continue;
                h.push_back(edit == 1 ? static_cast<std::uint32_t>(next(4)) : token);
                if (edit == 2) h.push_back(static_cast<std::uint32_t>(next(4)));
            }
        }
        INFO("trial " << trial);
        CHECK(align_counts(r, h) == reference_counts(r, h));
    }
}

TEST_CASE("transcripts: an utterance too long to align is refused before the work, not a hang") {
    std::vector<std::uint32_t> reference(30'001), hypothesis(30'001);
    for (std::uint32_t i = 0; i < reference.size(); ++i) {
        reference[i] = i;
        hypothesis[i] = i + 100'000;  // no common prefix or suffix to trim
    }
    CHECK_THROWS_WITH_AS(align_counts(reference, hypothesis, "u7"),
                         doctest::Contains("u7: aligning 30001 reference tokens with 30001 hypothesis tokens takes more "
                                           "than 900000000 steps"),
                         Error);
}

TEST_CASE("transcripts: a second text of one utterance by one annotator is appended, with a warning") {
    TranscriptSetBuilder builder;
    const std::uint32_t a = builder.annotator("a");
    builder.add(a, "u", "first line");
    builder.add(a, "u", "second line");
    DiagnosticSink sink;
    const TranscriptSet set = builder.finish(sink);
    REQUIRE(set.transcripts.size() == 1);
    CHECK(set.transcripts[0].text == "first line second line");
    CHECK(count_rule(sink, "agree/joined-texts") == 1);
}

namespace {


}  // namespace

TEST_CASE("agree: crowd-kit's ROVER toy table, three transcribers, per pair and pooled" * needs_shared) {
    const std::string table = q(shared_dir() / "reference/platform-samples/crowd_long_table/rover_toy.csv");
    const json report = agree_json(table);
    const json& t = report["transcripts"];
    CHECK(report["categorical"].is_null());
    CHECK(t["utterances"] == 1);
    REQUIRE(t["pairs"].size() == 3);
    // By hand: "a b c d" -> "b z d e": a deleted, c->z, e inserted (H2 S1 D1 I1), WER 3/4.
    const json& p12 = t["pairs"][0];
    CHECK(p12["reference"] == "w1");
    CHECK(p12["hypothesis"] == "w2");
    CHECK(std::vector<int>{p12["hits"], p12["substitutions"], p12["deletions"], p12["insertions"]} ==
          std::vector<int>{2, 1, 1, 1});
    CHECK(p12["wer"].get<double>() == doctest::Approx(0.75));
    // "a b c d" -> "b c d e f": H3 D1 I2; "b z d e" -> "b c d e f": H3 S1 I1, WER 2/4.
    CHECK(std::vector<int>{t["pairs"][1]["hits"], t["pairs"][1]["deletions"], t["pairs"][1]["insertions"]} ==
          std::vector<int>{3, 1, 2});
    CHECK(t["pairs"][2]["wer"].get<double>() == doctest::Approx(0.5));
    // Pooled: (3 + 3 + 2) errors over 12 reference words.
    CHECK(t["overall"]["wer"].get<double>() == doctest::Approx(8.0 / 12));
    CHECK(t["overall"]["utterances"] == 3);
    // CER of w2 against w3 by hand: "b z d e" -> "b c d e f": z->c, then " f" inserted: 3 / 7.
    CHECK(t["pairs"][2]["cer"].get<double>() == doctest::Approx(3.0 / 7));

    const CommandResult csv = run_labelkit("agree --format csv " + table);
    REQUIRE(csv.exit_code == 0);
    // Characters of "a b c d" -> "b z d e": four substitutions (a b c d -> b z d e) keep the three
    // spaces; CER 4/7. MER 3/5, WIP (2/4)(2/4).
    CHECK(lines_of(csv.out).at(1) == "w1,w2,1,0.75,0.5714285714285714,0.6,0.75,0.25,2,1,1,1,4,3,4,0,0,7");
    const CommandResult text = run_labelkit("agree " + table);
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Transcript agreement (1 utterances, 3 transcripts; whitespace collapsed)") != std::string::npos);
}

TEST_CASE("agree: transcripts refuse the options of labels, and labels the options of transcripts") {
    TempDir dir;
    write_file(dir / "t.csv", "task,worker,text\nu1,a,Hello world\nu1,b,hello world!\n");  // crowd-kit columns
    const CommandResult order = run_labelkit("agree --order x,y " + q(dir / "t.csv"));
    CHECK(order.exit_code == 2);
    CHECK(order.err.find("--order is for labels; the inputs hold texts (transcripts)") != std::string::npos);
    const json strict = agree_json(q(dir / "t.csv"));
    CHECK(strict["transcripts"]["pairs"][0]["wer"] == 1.0);
    const json loose = agree_json("--lowercase --strip-punctuation " + q(dir / "t.csv"));
    CHECK(loose["transcripts"]["pairs"][0]["wer"] == 0.0);
    CHECK(loose["transcripts"]["normalisation"]["lowercase"] == true);
    write_file(dir / "l.csv", "item,annotator,label\nu1,a,x\nu1,b,y\n");
    const CommandResult labels = run_labelkit("agree --lowercase " + q(dir / "l.csv"));
    CHECK(labels.exit_code == 2);
    CHECK(labels.err.find("--lowercase and --strip-punctuation are for texts (transcripts)") != std::string::npos);
}

TEST_CASE("agree: Label Studio text areas, per item and per audio segment (matched by item, start and end)") {
    TempDir dir;
    // Two annotators transcribe two segments of one clip and the whole of another; the second
    // annotator's second segment starts elsewhere, so it is an utterance of its own.
    const auto segment = [](double start, double end, const std::string& text) {
        return fmt::format(R"({{"id": "r{}", "type": "textarea", "from_name": "t", "to_name": "audio",
                              "value": {{"start": {}, "end": {}, "text": ["{}"]}}}})",
                           start, start, end, text);
    };
    const auto whole = [](const std::string& text) {
        return fmt::format(R"({{"type": "textarea", "from_name": "t", "to_name": "audio", "value": {{"text": ["{}"]}}}})", text);
    };
    const auto annotation = [](int user, const std::vector<std::string>& results) {
        return fmt::format(R"({{"completed_by": {}, "result": [{}]}})", user, fmt::join(results, ", "));
    };
    const std::string tasks = fmt::format(
        R"([{{"id": 1, "data": {{"audio": "/data/upload/clip1.wav"}}, "annotations": [{}, {}]}},
            {{"id": 2, "data": {{"audio": "/data/upload/clip2.wav"}}, "annotations": [{}, {}]}}])",
        annotation(1, {segment(0, 1.5, "the cat sat"), segment(1.5, 3, "on the mat")}),
        annotation(2, {segment(0, 1.5, "the cat sat down"), segment(1.6, 3, "on a mat")}),
        annotation(1, {whole("hello there")}), annotation(2, {whole("hello")}));
    write_file(dir / "export.json", tasks);
    const json report = agree_json(q(dir / "export.json"));
    const json& t = report["transcripts"];
    CHECK(t["utterances"] == 4);  // clip1 [0-1.5], [1.5-3], [1.6-3], clip2
    REQUIRE(t["pairs"].size() == 1);
    // Compared: clip1 [0-1.5] (one insertion, 3 reference words) and clip2 (one deletion, 2 words).
    const json& p = t["pairs"][0];
    CHECK(p["utterances"] == 2);
    CHECK(std::vector<int>{p["hits"], p["substitutions"], p["deletions"], p["insertions"]} == std::vector<int>{4, 0, 1, 1});
    CHECK(p["wer"].get<double>() == doctest::Approx(2.0 / 5));
}

namespace {

// A Label Studio OCR project: per annotator, rectangles with a per-region text area (the text
// shares the rectangle's result id), and optionally a text of the whole image.
std::string ocr_export(bool with_caption) {
    const auto region = [](const std::string& id, int x, const std::string& text) {
        return fmt::format(
            R"({{"id": "{0}", "type": "rectanglelabels", "from_name": "label", "to_name": "image", "original_width": 200,
                 "original_height": 100, "value": {{"x": {1}, "y": 10, "width": 10, "height": 10, "rectanglelabels": ["Text"]}}}},
               {{"id": "{0}", "type": "textarea", "from_name": "transcription", "to_name": "image", "original_width": 200,
                 "original_height": 100, "value": {{"x": {1}, "y": 10, "width": 10, "height": 10, "text": ["{2}"]}}}})",
            id, x, text);
    };
    const std::string caption =
        with_caption ? R"(, {"type": "textarea", "from_name": "caption", "to_name": "image", "value": {"text": ["a sign"]}})" : "";
    // Both annotators draw the box at x 10 %; the second one's other box (x 70 %) does not
    // overlap the first one's (x 40 %).
    return fmt::format(R"([{{"id": 1, "data": {{"image": "/data/upload/sign.png"}}, "annotations": [
                             {{"completed_by": 1, "result": [{}, {}{}]}}, {{"completed_by": 2, "result": [{}, {}{}]}}]}}])",
                       region("a1", 10, "STOP"), region("a2", 40, "EXIT"), caption, region("b1", 10, "STOP"),
                       region("b2", 70, "EXIT"), caption);
}

}  // namespace

// Was: any text (region texts included) sent agree to transcript mode, the region texts were
// then left out, and the report was empty ("0 items, 0 utterances", exit 0).
TEST_CASE("agree: a Label Studio OCR project (boxes with per-region texts) gets the box comparison") {
    TempDir dir;
    write_file(dir / "ocr.json", ocr_export(false));
    const json report = agree_json(q(dir / "ocr.json"));
    CHECK(report["transcripts"].is_null());
    REQUIRE(report["spatial"].is_object());
    REQUIRE(report["spatial"]["pairs"].size() == 1);
    // One box of two matched each way: precision 1/2, recall 1/2, F1 1/2.
    CHECK(report["spatial"]["pairs"][0]["f1"].get<double>() == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(report["items"] == 1);

    // A text of the whole image beside the boxes: the boxes are still compared, the text is counted.
    write_file(dir / "captioned.json", ocr_export(true));
    const CommandResult captioned = run_labelkit("agree --format json " + q(dir / "captioned.json"));
    REQUIRE(captioned.exit_code == 0);
    CHECK(json::parse(captioned.out)["spatial"]["pairs"][0]["f1"].get<double>() == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(captioned.err.find("agree/texts-not-compared") != std::string::npos);
    CHECK(captioned.err.find("2 texts of whole items or spans are not compared: the inputs hold 4 shapes") != std::string::npos);

    // merge --method rover combines transcripts, which an OCR project does not hold.
    const CommandResult rover =
        run_labelkit("merge --mode consensus --method rover --to csv -o " + q(dir / "t.csv") + " " + q(dir / "ocr.json"));
    CHECK(rover.exit_code == 2);
    CHECK(rover.err.find("--method rover combines transcripts") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "t.csv"));
}

// Was: every pair of annotators was listed (A(A-1)/2 of them, each scanning every utterance),
// with a note per pair that shared no utterance: 1,000 workers gave 499,500 pairs and 497,500
// notes. Now only the pairs that share an utterance are listed, and one note counts the others.
TEST_CASE("agree: a crowd table lists the pairs of workers that share an utterance, and one note for the rest") {
    TempDir dir;
    // Utterance i is transcribed by workers i, i+1, i+2 (mod 300): workers one apart share two
    // utterances, two apart one, others none. Worker 0 says "a b", everyone else "a b c".
    const int workers = 300;
    std::string table = "task,worker,text\n";
    for (int u = 0; u < workers; ++u)
        for (int k = 0; k < 3; ++k) {
            const int w = (u + k) % workers;
            table += fmt::format("u{},w{:03},{}\n", u, w, w == 0 ? "a b" : "a b c");
        }
    write_file(dir / "crowd.csv", table);
    const json report = agree_json(q(dir / "crowd.csv"));
    const json& t = report["transcripts"];
    CHECK(t["utterances"] == workers);
    REQUIRE(t["pairs"].size() == 600);  // 300 pairs one apart, 300 two apart
    // Pairs in input order: w000-w001 (utterances 0 and 299), w000-w002 (0), w000-w298 (298), ...
    CHECK(t["pairs"][0]["reference"] == "w000");
    CHECK(t["pairs"][0]["hypothesis"] == "w001");
    CHECK(t["pairs"][0]["utterances"] == 2);
    CHECK(t["pairs"][1]["hypothesis"] == "w002");
    CHECK(t["pairs"][1]["utterances"] == 1);
    CHECK(t["pairs"][2]["hypothesis"] == "w298");
    // "a b" against "a b c": one insertion over 2 reference words.
    CHECK(t["pairs"][0]["wer"].get<double>() == doctest::Approx(0.5).epsilon(1e-12));
    // Pooled over the listed pairs: 900 comparisons, the 6 with worker 0 (the reference, of 2
    // words, one insertion each) and 894 of 3 words without an error: 6 / (12 + 2682).
    CHECK(t["overall"]["utterances"] == 900);
    CHECK(t["overall"]["reference_words"] == 2694);
    CHECK(t["overall"]["wer"].get<double>() == doctest::Approx(6.0 / 2694).epsilon(1e-12));
    // 300 * 299 / 2 = 44,850 pairs, 600 of them listed.
    CHECK(report["notes"] ==
          json::array({"transcripts: 44250 of the 44850 pairs of annotators transcribed no utterance in common and are "
                       "not listed"}));
}
