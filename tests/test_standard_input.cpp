// Inputs read from standard input and pipes: "-", /dev/stdin, <(...), a named pipe. Each is named
// in messages and reports as the user typed it ("-" as <stdin>), and its copy (in $TMPDIR) is gone
// when labelkit ends. Expected findings are those of the same file read by its path (the first
// case checks that they match).
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "support.hpp"

using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::run_shell;
using labelkit::test::source_dir;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;

namespace {

const fs::path coco_train() { return source_dir() / "examples/coco/annotations/instances_train.json"; }

// The one finding of examples/coco's train file, at the place `name` says.
std::string train_finding(const std::string& name) {
    return name + ":29:3: info: image 'shapes_003.png' has no annotations (at /images/2) "
                  "[dataset/image-without-annotations]\n";
}

// labelkit as a shell command with its own empty $TMPDIR, so that a copy left behind shows.
std::string labelkit_in(const TempDir& temporary) {
    return "TMPDIR=" + q(temporary.path()) + " " + q(labelkit::test::labelkit_binary());
}

// A rating table of 3 items by 2 annotators agreeing on items 1 and 3 (percent agreement 2/3).
const std::string rating_table = "item,annotator,label\n1,ann,cat\n1,bob,cat\n2,ann,dog\n2,bob,cat\n3,ann,dog\n3,bob,dog\n";

}  // namespace

TEST_CASE("standard input: - is read as the file it holds, named <stdin>, and leaves no copy") {
    TempDir temporary;
    const auto from_path = run_labelkit("lint " + q(coco_train()));
    REQUIRE(from_path.exit_code == 0);
    CHECK(from_path.out.find(train_finding(coco_train().string())) == 0);
    for (const std::string& line : {labelkit_in(temporary) + " lint - < " + q(coco_train()),
                                    "cat " + q(coco_train()) + " | " + labelkit_in(temporary) + " lint -"}) {
        CAPTURE(line);
        const auto result = run_shell(line);
        CHECK(result.exit_code == 0);
        CHECK(result.out == train_finding("<stdin>") + "0 errors, 0 warnings, 1 info in 1 file\n");
        CHECK(fs::is_empty(temporary.path()));
    }
}

TEST_CASE("standard input: /dev/stdin, <(...) and a named pipe are named as typed") {
    TempDir temporary, pipes;
    const std::string labelkit = labelkit_in(temporary);
    auto result = run_shell("cat " + q(coco_train()) + " | " + labelkit + " lint /dev/stdin");
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(train_finding("/dev/stdin")) == 0);
    result = run_shell(labelkit + " lint /dev/stdin < " + q(coco_train()));  // a regular file behind it
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(train_finding("/dev/stdin")) == 0);
    result = run_shell(labelkit + " lint <(cat " + q(coco_train()) + ")");
    CHECK(result.exit_code == 0);
    CHECK(std::regex_search(result.out, std::regex("^/dev/fd/[0-9]+:29:3: info: image 'shapes_003.png'")));
    const fs::path fifo = pipes / "train.json";
    result = run_shell("mkfifo " + q(fifo) + " && (cat " + q(coco_train()) + " > " + q(fifo) + " &) && " + labelkit +
                       " lint " + q(fifo));
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(train_finding(fifo.string())) == 0);
    CHECK(fs::is_empty(temporary.path()));
}

TEST_CASE("standard input: a JSON error names <stdin> with its line and column; SARIF's uri is <stdin>") {
    TempDir temporary;
    // The second comma of line 2 is column 12 (two spaces, then {"id": 1, is columns 3 to 11).
    const auto result = run_shell("printf '{\"images\": [\\n  {\"id\": 1,, \"x\": 2}]}\\n' | " + labelkit_in(temporary) + " lint -");
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("<stdin>:2:12: error: invalid JSON") == 0);
    const auto sarif = run_shell(labelkit_in(temporary) + " lint - --format sarif < " + q(coco_train()));
    CHECK(sarif.exit_code == 0);
    CHECK(sarif.out.find("\"uri\": \"%3Cstdin%3E\"") != std::string::npos);  // <stdin>, percent-encoded
    CHECK(sarif.out.find(temporary.path().string()) == std::string::npos);
    CHECK(fs::is_empty(temporary.path()));
}

TEST_CASE("standard input: a rating table piped to agree reports as the file does") {
    TempDir temporary, data;
    write_file(data / "table.csv", rating_table);
    const auto from_file = run_labelkit("agree " + q(data / "table.csv"));
    REQUIRE(from_file.exit_code == 0);
    CHECK(from_file.out.find("2 annotators: ann, bob; 3 items") == 0);
    const auto piped = run_shell("cut -d, -f1-3 " + q(data / "table.csv") + " | " + labelkit_in(temporary) + " agree -");
    CHECK(piped.exit_code == 0);
    CHECK(piped.out == from_file.out);
    // The same table as TSV and as JSON Lines: told apart by content, read as their files.
    write_file(data / "table.tsv", std::regex_replace(rating_table, std::regex(","), "\t"));
    std::string lines;
    for (const char* row : {R"({"item": "1", "annotator": "ann", "label": "cat"})", R"({"item": "1", "annotator": "bob", "label": "cat"})",
                            R"({"item": "2", "annotator": "ann", "label": "dog"})", R"({"item": "2", "annotator": "bob", "label": "cat"})",
                            R"({"item": "3", "annotator": "ann", "label": "dog"})", R"({"item": "3", "annotator": "bob", "label": "dog"})"})
        lines += std::string(row) + "\n";
    write_file(data / "table.jsonl", lines);
    for (const char* name : {"table.tsv", "table.jsonl"}) {
        CAPTURE(name);
        const auto result = run_shell(labelkit_in(temporary) + " agree - < " + q(data / name));
        CHECK(result.exit_code == 0);
        CHECK(result.out == from_file.out);
    }
    CHECK(fs::is_empty(temporary.path()));
}

TEST_CASE("standard input: given twice, for a folder format, or a terminal: a precise error") {
    TempDir temporary;
    auto result = run_shell(labelkit_in(temporary) + " merge - /dev/stdin -o out.json --to coco < " + q(coco_train()));
    CHECK(result.exit_code == 2);
    CHECK(result.err == "error: standard input is given twice ('-' and '/dev/stdin'): it can be read once\n");
    result = run_shell(labelkit_in(temporary) + " lint - --from yolo < " + q(coco_train()));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("<stdin>: error: yolo reads a folder (") == 0);
    CHECK(result.err.find("standard input holds one file: give the folder's path") != std::string::npos);
    // script gives labelkit a terminal as its standard input.
    result = run_shell("timeout 20 script -qec " + q(labelkit_in(temporary) + " --color never lint -") + " /dev/null < /dev/null");
    CHECK(result.out.find("<stdin>: error: standard input is a terminal; pipe a file or give a path") != std::string::npos);
    CHECK(fs::is_empty(temporary.path()));
}

TEST_CASE("standard input: convert from a pipe to standard output, and merge and draw name it") {
    TempDir temporary, out;
    const auto from_file = run_labelkit("convert " + q(coco_train()) + " -o - --to coco");
    REQUIRE(from_file.exit_code == 0);
    auto result = run_shell("cat " + q(coco_train()) + " | " + labelkit_in(temporary) + " convert - -o - --to coco");
    CHECK(result.exit_code == 0);
    CHECK(result.out == from_file.out);
    // merge's report names the input as typed.
    result = run_shell(labelkit_in(temporary) + " merge - " + q(source_dir() / "examples/coco/annotations/instances_val.json") +
                       " -o " + q(out / "merged.json") + " --to coco --report " + q(out / "report.json") + " < " +
                       q(coco_train()));
    CHECK(result.exit_code == 0);
    CHECK(read_file(out / "report.json").find("\"input\": \"<stdin>\"") != std::string::npos);
    CHECK(read_file(out / "report.json").find(temporary.path().string()) == std::string::npos);
    // A stream has no folder to find images beside: draw asks where they are.
    result = run_shell(labelkit_in(temporary) + " draw - -o " + q(out / "pictures") + " < " + q(coco_train()));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("under --image-root DIR") != std::string::npos);
    result = run_shell(labelkit_in(temporary) + " draw - -o " + q(out / "pictures") + " --image-root " +
                       q(source_dir() / "examples/coco/images/train") + " < " + q(coco_train()));
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("not found") == std::string::npos);
    CHECK(fs::exists(out / "pictures/contact_sheet.png"));
    CHECK(fs::is_empty(temporary.path()));
}

TEST_CASE("cli: an option given twice and an output taken as an input are named") {
    auto result = run_labelkit("convert " + q(coco_train()) + " -o a.json -o b.json --to coco");
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("error: -o/--output given twice: 'a.json' and 'b.json'\n") == 0);
    TempDir folder;
    result = run_labelkit("merge " + q(coco_train()) + " " + q(coco_train()) + " " + q(folder / "out.json") + " --to coco");
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("error: --output is required (" + (folder / "out.json").string() +
                          " was taken as an input; give the output with -o " + (folder / "out.json").string() + ")\n") == 0);
}

TEST_CASE("standard input: a rating table whose first lines are # comments is told by its header") {
    // Was: "cannot tell the format": the '#' line (no comma, no tab) made the copy a .txt.
    TempDir temporary, data;
    for (const std::string& separator : {",", "\t"}) {
        std::string table = "# judgments of two annotators\n" + rating_table;
        for (std::size_t at = table.find(','); at != std::string::npos; at = table.find(',', at + 1))
            table.replace(at, 1, separator);
        const fs::path file = data / "comment-table.txt";
        write_file(file, table);
        const auto piped = run_shell("cat " + q(file) + " | " + labelkit_in(temporary) + " agree -");
        CAPTURE(separator);
        CHECK_MESSAGE(piped.exit_code == 0, piped.err);
        CHECK(piped.out.find("percent_agreement                0.667") != std::string::npos);
    }
    CHECK(fs::is_empty(temporary.path()));
}

TEST_CASE("standard input: stats reads - as the file; report refuses a stream, naming it") {
    TempDir temporary, out;
    const auto from_path = run_labelkit("stats " + q(coco_train()) + " --format json");
    REQUIRE(from_path.exit_code == 0);
    const auto piped = run_shell("cat " + q(coco_train()) + " | " + labelkit_in(temporary) + " stats - --format json");
    CHECK(piped.exit_code == 0);
    // The same numbers (4 objects in the train file); the input named as typed, never the copy.
    nlohmann::json from_stream = nlohmann::json::parse(piped.out), from_file = nlohmann::json::parse(from_path.out);
    CHECK(from_stream["objects"] == 4);
    CHECK(from_stream["input"] == "<stdin>");
    from_stream.erase("input");
    from_file.erase("input");
    CHECK(from_stream == from_file);
    const auto report = run_shell("cat " + q(coco_train()) + " | " + labelkit_in(temporary) + " report - -o " +
                                  q(out / "page.html"));
    CHECK(report.exit_code == 2);
    CHECK(report.err.find("not standard input or a pipe (<stdin>)") != std::string::npos);
    CHECK_FALSE(fs::exists(out / "page.html"));
    CHECK(fs::is_empty(temporary.path()));
}
