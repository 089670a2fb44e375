// ROVER consensus of transcripts: crowd-kit's toy result, and hand-worked ties, empty transcripts
// and a single transcriber.
#include <doctest/doctest.h>

#include <map>

#include "labelkit/error.hpp"
#include "labelkit/ops/rover.hpp"
#include "labelkit/ops/transcript_alignment.hpp"
#include "labelkit/ratings.hpp"
#include "schema_check.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;

namespace {

using Words = std::vector<std::string>;

Words words(const std::string& text) { return transcript_words(text, {}, ""); }

Words rover_of(const std::vector<std::string>& texts) {
    std::vector<Words> transcripts;
    for (const std::string& text : texts) transcripts.push_back(words(text));
    return rover(transcripts);
}

}  // namespace

TEST_CASE("rover: crowd-kit's toy table gives 'b c d e'" * needs_shared) {
    // rover_toy.csv read as agree reads it (crowd-kit's worker,task,text columns), rows in order.
    DiagnosticSink sink;
    const std::vector<Judgment> rows =
        read_judgments(shared_dir() / "reference/platform-samples/crowd_long_table/rover_toy.csv", TableReading{}, sink);
    std::map<std::string, std::vector<Words>> by_task;
    for (const Judgment& row : rows) by_task[row.item].push_back(words(row.text));
    REQUIRE(by_task.size() == 1);
    REQUIRE(by_task["t1"].size() == 3);
    CHECK(rover(by_task["t1"]) == Words{"b", "c", "d", "e"});
}

TEST_CASE("rover: the network and its votes, worked by hand") {
    // "a b c d" is the backbone; "b z d e" deletes a, matches b, substitutes z for c, matches d and
    // inserts e: slots {a, -} {b b} {c, z} {d d} {-, e}. "b c d e f" then votes -, b, c, d, e and
    // inserts f in a new slot {- -, f}. Winners: - (2 to 1), b, c (2 to 1), d, e (2 to 1), -.
    CHECK(rover_of({"a b c d", "b z d e", "b c d e f"}) == Words{"b", "c", "d", "e"});
    // The order matters: the first transcript is the backbone, and later ones vote into it.
    CHECK(rover_of({"b c d e f", "a b c d", "b z d e"}) == Words{"b", "c", "d", "e"});
}

TEST_CASE("rover: ties go to the longer word, then to the greater word") {
    // One vote each in one slot: "b" beats "a" (greater), "ab" beats "b" (longer).
    CHECK(rover_of({"a", "b"}) == Words{"b"});
    CHECK(rover_of({"b", "ab"}) == Words{"ab"});
    CHECK(rover_of({"ab", "b"}) == Words{"ab"});
    // Longer counts code points, not bytes: "é" (2 bytes) is as long as "z" and less than it.
    CHECK(rover_of({"é", "z"}) == Words{"é"});  // é (U+00E9) > z (U+007A) in code point order
    CHECK(rover_of({"ab", "é"}) == Words{"ab"});
    // A word against an empty edge with one vote each: the word is longer and wins.
    CHECK(rover_of({"a b", "a"}) == Words{"a", "b"});
}

TEST_CASE("rover: empty transcripts, one transcriber, none") {
    CHECK(rover_of({"only one here"}) == Words{"only", "one", "here"});
    CHECK(rover(std::vector<Words>{}).empty());
    CHECK(rover_of({"", ""}).empty());
    // Two empty transcripts outvote one word: the empty edge wins its slot.
    CHECK(rover_of({"", "", "word"}).empty());
    // An empty backbone: the other transcripts insert their words.
    CHECK(rover_of({"", "x y"}) == Words{"x", "y"});
    CHECK(rover_of({"x y", "", ""}).empty());
}

TEST_CASE("rover: an alignment over the bound is refused") {
    const Words long_transcript(20'000, "w");
    CHECK_THROWS_WITH_AS(rover({long_transcript, Words(20'000, "v")}), doctest::Contains("takes more than 100000000 steps"),
                         Error);
}

TEST_CASE("rover: merge --method rover writes crowd-kit's toy consensus as a table" * needs_shared) {
    const std::filesystem::path toy = shared_dir() / "reference/platform-samples/crowd_long_table/rover_toy.csv";
    TempDir dir;
    const CommandResult csv = run_labelkit("merge --mode consensus --method rover " + q(toy) + " -o " + q(dir / "out.csv") +
                                           " --to csv --report " + q(dir / "report.json"));
    REQUIRE(csv.exit_code == 0);
    CHECK(read_file(dir / "out.csv") == "item,text,transcripts\nt1,b c d e,3\n");
    const nlohmann::json report = nlohmann::json::parse(read_file(dir / "report.json"));
    CHECK(schema_errors(source_dir() / "schemas/merge-report.schema.json", report).empty());
    CHECK(report["annotators"] == nlohmann::json{"w1", "w2", "w3"});
    CHECK(report["utterances"] == 1);
    CHECK(report["transcripts"] == 3);

    const CommandResult jsonl = run_labelkit("merge --mode consensus --method rover " + q(toy) + " -o " +
                                             q(dir / "out.jsonl") + " --to jsonl");
    REQUIRE(jsonl.exit_code == 0);
    CHECK(read_file(dir / "out.jsonl") == "{\"item\":\"t1\",\"text\":\"b c d e\",\"transcripts\":3}\n");
}

TEST_CASE("rover: merge --method rover over three tables, with an utterance one transcriber left out and a tie") {
    // u1: "the cat sat" is the backbone; "the cat sat" and "a cat sits" vote: the (2) cat (3) sat (2).
    // u2: only two transcripts, "hello" and "yellow": a 1-1 tie goes to the longer word, "yellow".
    // u3: "x" against two blank transcripts (a space): the empty edge wins its slot 2 to 1, so the
    // consensus is empty, and the report counts it. u4 has an empty cell only: no transcript, no row.
    TempDir dir;
    write_file(dir / "a.csv", "task,worker,text\nu1,ann,the cat sat\nu2,ann,hello\nu3,ann,x\nu4,ann,\n");
    write_file(dir / "b.csv", "task,worker,text\nu1,bob,the cat sat\nu3,bob,\" \"\n");
    write_file(dir / "c.csv", "task,worker,text\nu1,cid,a cat sits\nu2,cid,yellow\nu3,cid,\" \"\n");
    const CommandResult run = run_labelkit("merge --mode consensus --method rover " + q(dir / "a.csv") + " " +
                                           q(dir / "b.csv") + " " + q(dir / "c.csv") + " -o " + q(dir / "out.csv") +
                                           " --to csv --report " + q(dir / "report.json"));
    REQUIRE(run.exit_code == 0);
    CHECK(read_file(dir / "out.csv") == "item,text,transcripts\nu1,the cat sat,3\nu2,yellow,2\nu3,,3\n");
    const nlohmann::json report = nlohmann::json::parse(read_file(dir / "report.json"));
    CHECK(report["empty_consensus"] == 1);
}

TEST_CASE("rover: merge --method rover refuses a dataset output and inputs without texts") {
    TempDir dir;
    write_file(dir / "texts.csv", "task,worker,text\nu1,ann,a b\nu1,bob,a c\n");
    write_file(dir / "labels.csv", "task,worker,label\nu1,ann,yes\nu1,bob,no\n");
    const CommandResult coco = run_labelkit("merge --mode consensus --method rover " + q(dir / "texts.csv") + " -o " +
                                            q(dir / "out.json") + " --to coco");
    CHECK(coco.exit_code == 2);
    CHECK(coco.err.find("--method rover writes a table of transcripts: give --to csv or --to jsonl") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.json"));
    const CommandResult labels = run_labelkit("merge --mode consensus --method rover " + q(dir / "labels.csv") + " -o " +
                                              q(dir / "out.csv") + " --to csv");
    CHECK(labels.exit_code == 2);
    CHECK(labels.err.find("the inputs have none") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.csv"));
    // mv, wawa and ds aggregate class labels, not texts.
    const CommandResult mv = run_labelkit("merge --mode consensus --method mv " + q(dir / "texts.csv") + " -o " +
                                          q(dir / "out.csv") + " --to csv");
    CHECK(mv.exit_code == 2);
}
