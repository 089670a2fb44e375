// The command line's conventions (README "Command line"): usage on a bare `labelkit`, `help`,
// "did you mean" for mistyped commands, options, choices and format names, examples and
// allowed values in every --help, format names in any case and by their aliases, one spelling of
// OUTPUT, global options anywhere.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "labelkit/suggest.hpp"
#include "support.hpp"

using labelkit::test::lines_of;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::run_program;
using labelkit::test::source_dir;
using labelkit::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> commands = {"convert", "formats", "lint",       "agree", "merge", "split",
                                           "draw",    "stats",   "report",     "completion", "man",   "help"};

// The line of the text that holds `part`.
std::string line_with(const std::string& text, const std::string& part) {
    for (const std::string& line : lines_of(text))
        if (line.find(part) != std::string::npos) return line;
    return "";
}

std::string examples_dir(const std::string& name) { return q(source_dir() / "examples" / name); }

// The first line of stderr of a usage error, after checking the exit code 2, the empty stdout and
// the hint on the second line.
std::string usage_error(const std::string& arguments, const std::string& hint = "run `labelkit --help` for usage") {
    const auto result = run_labelkit(arguments);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    const std::vector<std::string> lines = lines_of(result.err);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == hint);
    return lines[0];
}

}  // namespace

TEST_CASE("cli conventions: labelkit alone prints the usage and the commands on stdout and exits 2") {
    const auto bare = run_labelkit("");
    CHECK(bare.exit_code == 2);  // a usage error, as git's; 1 would read as "lint found problems"
    CHECK(bare.err.empty());
    CHECK(bare.out.starts_with("labelkit: convert, check, describe, draw, compare, merge and split annotation datasets"));
    CHECK(bare.out.find("Usage: labelkit [OPTIONS] SUBCOMMAND") != std::string::npos);
    for (const std::string& command : commands) {
        CAPTURE(command);
        CHECK(bare.out.find("\n  " + command + " ") != std::string::npos);
    }
    // Global options alone still need a command.
    CHECK(usage_error("-q") ==
          "error: a command is required: convert, formats, lint, agree, merge, split, draw, stats, report, completion, man or help");
}

TEST_CASE("cli conventions: help and help COMMAND print what --help prints") {
    const auto help = run_labelkit("help");
    CHECK(help.exit_code == 0);
    CHECK(help.out == run_labelkit("--help").out);
    CHECK(help.out == run_labelkit("").out);
    for (const std::string& command : commands) {
        CAPTURE(command);
        const auto one = run_labelkit("help " + command);
        CHECK(one.exit_code == 0);
        CHECK(one.err.empty());
        CHECK(one.out == run_labelkit(command + " --help").out);
        CHECK(one.out.find("Usage: labelkit " + command + " [OPTIONS]") != std::string::npos);
    }
    const auto unknown = run_labelkit("help convrt");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err == "error: unknown command 'convrt' (did you mean 'convert'?)\n");
}

TEST_CASE("cli conventions: a mistyped command, option, choice or format name is named, with the nearest names") {
    // Each was "A subcommand is required" or "input is required", which hid the mistake.
    CHECK(usage_error("convrt") == "error: unknown command 'convrt' (did you mean 'convert'?)");
    CHECK(usage_error("convrt in -o out --to coco") == "error: unknown command 'convrt' (did you mean 'convert'?)");
    CHECK(usage_error("frobnicate") == "error: unknown command 'frobnicate'");
    CHECK(usage_error("--verison") == "error: unknown option '--verison' (did you mean '--version'?)");
    CHECK(usage_error("convert in --halp", "run `labelkit convert --help` for usage") ==
          "error: unknown option '--halp' for convert (did you mean '--help'?)");
    CHECK(usage_error("lint x --fial-on error", "run `labelkit lint --help` for usage") ==
          "error: unknown option '--fial-on' for lint (did you mean '--fail-on'?)");
    CHECK(usage_error("lint x --fial-on=error", "run `labelkit lint --help` for usage") ==
          "error: unknown option '--fial-on' for lint (did you mean '--fail-on'?)");
    // The global options are candidates after a command too.
    CHECK(usage_error("lint x --quite", "run `labelkit lint --help` for usage") ==
          "error: unknown option '--quite' for lint (did you mean '--quiet'?)");
    CHECK(usage_error("lint x extra", "run `labelkit lint --help` for usage") ==
          "error: unexpected argument 'extra' for lint");
    // Choices: the names, and the nearest.
    CHECK(usage_error("lint x --fail-on eror", "run `labelkit lint --help` for usage") ==
          "error: --fail-on: 'eror' is not error, warning, info or never; did you mean 'error'?");
    CHECK(usage_error("lint x --format sarf", "run `labelkit lint --help` for usage") ==
          "error: --format: 'sarf' is not text, json, sarif, github or junit; did you mean 'sarif'?");
    CHECK(usage_error("--color sometimes formats", "run `labelkit formats --help` for usage") ==
          "error: --color: 'sometimes' is not auto, always or never");
    // Format names, before a missing output could be reported.
    const std::string yolov9x = usage_error("convert in --to yolov9x", "run `labelkit convert --help` for usage");
    CHECK(yolov9x.starts_with("error: --to: unknown format 'yolov9x' (known: coco, voc, yolo, yolo-darknet, "));
    CHECK(yolov9x.ends_with("); did you mean 'yolo'?"));  // yolov8 and yolov5 are aliases of yolo
    CHECK(usage_error("convert in -o out --to cooc", "run `labelkit convert --help` for usage")
              .ends_with("; did you mean 'coco' or 'voc'?"));
    CHECK(usage_error("lint x --from labelstudo", "run `labelkit lint --help` for usage")
              .ends_with("; did you mean 'label-studio'?"));
    CHECK(usage_error("convert in -o out --to ratings", "run `labelkit convert --help` for usage") ==
          "error: --to: labelkit cannot write ratings");
    CHECK(usage_error("merge a b -o out --to jsonll", "run `labelkit merge --help` for usage") ==
          "error: --to: unknown format 'jsonll'; did you mean 'jsonl'?");
}

TEST_CASE("cli conventions: every --help shows its usage as labelkit, examples, and the allowed values") {
    for (const std::string& command : commands) {
        CAPTURE(command);
        const auto help = run_labelkit(command + " --help");
        CHECK(help.exit_code == 0);
        // The test runs the binary by its full path: the usage line names labelkit all the same.
        CHECK(help.out.find("Usage: labelkit " + command) != std::string::npos);
        CHECK(help.out.find("Examples:\n  labelkit " + command) != std::string::npos);
    }
    const auto convert = run_labelkit("convert --help").out;
    CHECK(convert.find("--to FORMAT REQUIRED") != std::string::npos);
    CHECK(convert.find("target format: coco, voc, yolo, yolo-darknet, classify, ") != std::string::npos);
    CHECK(line_with(convert, "--to FORMAT").find("ratings") == std::string::npos);  // read only: not a --to
    CHECK(convert.find("--from FORMAT") != std::string::npos);
    CHECK(convert.find("--images TEXT:{copy,link,none}") != std::string::npos);
    const auto lint = run_labelkit("lint --help").out;
    CHECK(lint.find("--fail-on TEXT:{error,warning,info,never}=error") != std::string::npos);
    CHECK(lint.find("--format TEXT:{text,json,sarif,github,junit}=text") != std::string::npos);
    const auto merge = run_labelkit("merge --help").out;
    CHECK(merge.find("--mode TEXT:{union,consensus}=union") != std::string::npos);
    CHECK(merge.find(", csv, jsonl (any case; `labelkit formats` lists them") != std::string::npos);
    CHECK(run_labelkit("--help").out.find("--color TEXT:{auto,always,never}=auto") != std::string::npos);
}

TEST_CASE("cli conventions: every example in the helps runs") {
    const std::string bin = q(fs::path(labelkit::test::labelkit_binary()).parent_path());
    std::size_t examples = 0;
    std::vector<std::string> helps = {""};  // labelkit's own, then each command's
    helps.insert(helps.end(), commands.begin(), commands.end());
    for (const std::string& command : helps) {
        for (const std::string& line : lines_of(run_labelkit(command + " --help").out)) {
            if (!line.starts_with("  labelkit ")) continue;
            CAPTURE(line);
            // As written, in a fresh folder where examples/ is the repository's.
            TempDir tmp;
            fs::create_directory_symlink(source_dir() / "examples", tmp / "examples");
            const auto result = run_program(
                "/bin/sh", "-c \"cd " + q(tmp.path()) + " && export PATH=" + bin + ":\\$PATH &&" + line.substr(1) + "\"");
            ++examples;
            // lint exits 1 on findings: the example dataset has some on purpose.
            CHECK((result.exit_code == 0 || (line.starts_with("  labelkit lint") && result.exit_code == 1)));
            CHECK(result.err.find("error:") == std::string::npos);
        }
    }
    CHECK(examples >= 15);
}

TEST_CASE("cli conventions: format names are taken in any case and by the names other tools give them") {
    TempDir tmp;
    struct Case {
        std::string arguments, summary;
    };
    const std::vector<Case> cases = {
        {"--to VOC", "converted coco -> voc:"},
        {"--to pascal_voc --from COCO-JSON", "converted coco -> voc:"},
        {"--to Pascal-VOC --from mscoco", "converted coco -> voc:"},
        {"--to yolov8", "converted coco -> yolo:"},
        {"--to Ultralytics", "converted coco -> yolo:"},
        {"--to darknet", "converted coco -> yolo-darknet:"},
        {"--to LabelStudio", "converted coco -> label-studio:"},
        {"--to ls", "converted coco -> label-studio:"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.arguments);
        const auto result =
            run_labelkit("convert " + examples_dir("coco") + " -o " + q(tmp / "out") + " --overwrite -q " + c.arguments);
        CHECK(result.exit_code == 0);
        CHECK(result.out.starts_with(c.summary));
    }
    // merge's tables too: two of three annotators say cat (by hand: confidence 2/3).
    labelkit::test::write_file(tmp / "answers.csv", "item,annotator,label\na,x,cat\na,y,cat\na,z,dog\n");
    const auto table = run_labelkit("merge " + q(tmp / "answers.csv") + " -o " + q(tmp / "labels.csv") +
                                    " --to CSV --mode consensus --method mv -q");
    CHECK(table.exit_code == 0);
    CHECK(read_file(tmp / "labels.csv") ==
          "item,label,confidence,annotators,tie\na,cat,0.6666666666666666,3,false\n");
}

TEST_CASE("cli conventions: each alias belongs to one format, in lower case, and find_format takes it") {
    const std::vector<labelkit::Format> formats = labelkit::all_formats();
    std::vector<std::string> taken;
    for (const labelkit::Format& format : formats) {
        taken.push_back(format.name);
        for (const std::string& alias : format.aliases) {
            CAPTURE(alias);
            CHECK(alias == labelkit::ascii_lower(alias));
            CHECK(std::find(taken.begin(), taken.end(), alias) == taken.end());
            taken.push_back(alias);
            CHECK(labelkit::find_format(formats, alias).name == format.name);
        }
    }
    for (const labelkit::Format& format : formats) {  // no name came after an alias equal to it
        CAPTURE(format.name);
        CHECK(std::count(taken.begin(), taken.end(), format.name) == 1);
    }
    CHECK(labelkit::find_format(formats, "YOLOv8").name == "yolo");
    CHECK(labelkit::find_format(formats, "PASCAL").name == "voc");
    CHECK_THROWS_WITH_AS(labelkit::find_format(formats, "yolov9x"), doctest::Contains("did you mean 'yolo'?"),
                         labelkit::Error);
}

TEST_CASE("cli conventions: formats shows the other names each format takes") {
    const auto text = run_labelkit("formats");
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("also named: pascal, pascal-voc, pascal_voc, pascalvoc\n") != std::string::npos);
    CHECK(text.out.find("also named: ultralytics, yolov5, yolov8, yolo11\n") != std::string::npos);
    const nlohmann::json json = nlohmann::json::parse(run_labelkit("formats --json").out);
    CHECK(json[1]["name"] == "voc");
    CHECK(json[1]["aliases"] == nlohmann::json{"pascal", "pascal-voc", "pascal_voc", "pascalvoc"});
    CHECK(json[5]["aliases"] == nlohmann::json::array());
}

TEST_CASE("cli conventions: OUTPUT is -o or --output in convert, merge and split; convert still takes it second") {
    TempDir tmp;
    const std::string coco = examples_dir("coco");
    for (const std::string& output : {"-o " + q(tmp / "a"), "--output " + q(tmp / "b"), q(tmp / "c"),
                                      "--output=" + q(tmp / "d")}) {
        CAPTURE(output);
        const auto result = run_labelkit("convert " + coco + " " + output + " --to voc -q");
        CHECK(result.exit_code == 0);
    }
    for (const char* name : {"a", "b", "c", "d"}) CHECK(fs::is_regular_file(tmp / name / "labelmap.txt"));

    const auto twice = run_labelkit("convert " + coco + " " + q(tmp / "e") + " -o " + q(tmp / "f") + " --to voc");
    CHECK(twice.exit_code == 2);
    CHECK(twice.err == "error: convert got two outputs: '" + (tmp / "e").string() + "' and -o '" + (tmp / "f").string() + "'\n");
    CHECK_FALSE(fs::exists(tmp / "e"));
    CHECK_FALSE(fs::exists(tmp / "f"));
    const auto none = run_labelkit("convert " + coco + " --to voc");
    CHECK(none.exit_code == 2);
    CHECK(none.err.starts_with("error: convert needs -o OUTPUT (a directory, or a .json file for coco"));

    for (const std::string& flag : {"-o", "--output"}) {
        CAPTURE(flag);
        const std::string tag = flag == "-o" ? "short" : "long";
        CHECK(run_labelkit("merge " + coco + " " + examples_dir("voc") + " " + flag + " " + q(tmp / ("m-" + tag + ".json")) +
                           " --to coco -q")
                  .exit_code == 0);
        CHECK(fs::is_regular_file(tmp / ("m-" + tag + ".json")));
        CHECK(run_labelkit("split " + coco + " " + flag + " " + q(tmp / ("s-" + tag)) + " --to coco -q").exit_code == 0);
        CHECK(fs::is_directory(tmp / ("s-" + tag)));
    }
}

TEST_CASE("cli conventions: the global options -q, --color and --jobs go anywhere on the line") {
    TempDir tmp;
    const std::string in = examples_dir("coco"), out = q(tmp / "voc");
    // Without -q, converting the polygons to VOC warns; -q silences it wherever it is.
    const auto loud = run_labelkit("convert " + in + " -o " + out + " --to voc --overwrite");
    REQUIRE(loud.exit_code == 0);
    REQUIRE(loud.err.find("warning") != std::string::npos);
    for (const std::string& line :
         {"-q --jobs 1 --color never convert " + in + " -o " + out + " --to voc --overwrite",
          "convert -q " + in + " --jobs=2 -o " + out + " --color=never --to voc --overwrite",
          "convert " + in + " -o " + out + " --to voc --overwrite --color never --jobs 1 -q",
          "--jobs 1 convert --quiet --color=always " + in + " -o " + out + " --to voc --overwrite"}) {
        CAPTURE(line);
        const auto result = run_labelkit(line);
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        CHECK(result.out.starts_with("converted coco -> voc:"));
        // The warnings -q hid are counted as such, not as "see above" with nothing above.
        CHECK(result.out.find(" warnings (not shown: -q)\n") != std::string::npos);
    }
    CHECK(loud.out.find(" warnings (see above)\n") != std::string::npos);
    // --color after the command takes effect: the warning is coloured.
    const auto coloured = run_labelkit("convert " + in + " -o " + out + " --to voc --overwrite --color always");
    CHECK(coloured.err.find("\033[1;35mwarning\033[0m") != std::string::npos);
    // And a bad --jobs is named wherever it is.
    CHECK(usage_error("convert " + in + " -o " + out + " --to voc --jobs 0", "run `labelkit convert --help` for usage") ==
          "error: --jobs: --jobs is a whole number of threads from 1 to 1024, found '0'");
}

TEST_CASE("cli conventions: --format json is the machine output of every command that prints a summary") {
    TempDir tmp;
    // formats and split had only --json; it stays, as the same thing.
    const auto formats = run_labelkit("formats --format json");
    CHECK(formats.exit_code == 0);
    CHECK(formats.out == run_labelkit("formats --json").out);
    CHECK(nlohmann::json::parse(formats.out).is_array());
    const std::string coco = examples_dir("coco");
    const auto split = run_labelkit("split " + coco + " -o " + q(tmp / "a") + " --to coco --seed 3 --format json");
    REQUIRE(split.exit_code == 0);
    const auto flag = run_labelkit("split " + coco + " -o " + q(tmp / "b") + " --to coco --seed 3 --json");
    REQUIRE(flag.exit_code == 0);
    const nlohmann::json by_format = nlohmann::json::parse(split.out), by_flag = nlohmann::json::parse(flag.out);
    CHECK(by_format["subsets"] == by_flag["subsets"]);
    CHECK(by_format["subsets"].size() == 3);
    const auto text = run_labelkit("split " + coco + " -o " + q(tmp / "c") + " --to coco --seed 3 --format text");
    CHECK(text.exit_code == 0);
    CHECK_THROWS(static_cast<void>(nlohmann::json::parse(text.out)));
}

TEST_CASE("cli conventions: -o - is standard output, never a file or folder named -") {
    // It used to create a folder named "-" in the current directory.
    const fs::path dash = fs::current_path() / "-";
    REQUIRE_FALSE(fs::exists(dash));
    const std::string val = q(source_dir() / "examples/coco/annotations/instances_val.json");
    for (const std::string& line : {"convert " + val + " -o - --to coco", "convert " + val + " - --to coco",
                                    "merge " + val + " " + val + " -o - --to coco"}) {
        CAPTURE(line);
        const auto result = run_labelkit(line);
        CHECK(result.exit_code == 0);
        const nlohmann::json written = nlohmann::json::parse(result.out);  // the dataset, alone on stdout
        CHECK(written["images"].size() == 1);
        // The summary, moved to stderr, says where; -q hides it, as any message.
        CHECK(result.err.find(" standard output") != std::string::npos);
        const auto quiet = run_labelkit("-q " + line);
        CHECK(quiet.exit_code == 0);
        CHECK(quiet.err.empty());
        CHECK(quiet.out == result.out);
    }
    // A folder cannot go to standard output: refused, and nothing named "-" appears.
    for (const std::string& line : {"split " + examples_dir("coco") + " -o - --to coco",
                                    "draw " + examples_dir("yolo") + " -o -"}) {
        CAPTURE(line);
        const auto result = run_labelkit(line);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("/dev/stdout") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dash));
}
