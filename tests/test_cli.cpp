// The CLI as a user meets it: exit codes, messages that name the file and place, atomic
// output, detection, and the lossy-conversion warnings.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <vector>

#include "support.hpp"

using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::compiler_form;
using labelkit::test::lines_of;
using labelkit::test::run_labelkit;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// A COCO file with one image (file_name given) and one annotation (its fields given).
std::string coco_with(const std::string& annotation_fields, const std::string& file_name = "a.jpg") {
    return "{\"images\": [{\"id\": 1, \"file_name\": \"" + file_name + "\", \"width\": 10, \"height\": 10}],\n"
           " \"categories\": [{\"id\": 1, \"name\": \"cat\"}],\n"
           " \"annotations\": [\n  {\"id\": 1, \"image_id\": 1, " + annotation_fields + "}]}\n";
}

// Runs convert on a bad input and checks the promises: exit 2, the file named, nothing written.
std::string convert_fails(const fs::path& input, const std::string& to, const std::string& extra = "") {
    TempDir out;
    const auto result = run_labelkit("convert " + q(input) + " " + q(out / "result") + " --to " + to + " " + extra);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(input.filename().string()) != std::string::npos);
    CHECK(!fs::exists(out / "result"));
    CHECK(fs::is_empty(out.path()));  // no temporary left behind either
    return result.err;
}


// Three findings of a COCO file, each at a line and column and with a JSON pointer.
const std::string broken_coco =
    "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 10, \"height\": 10}],\n"
    " \"categories\": [{\"id\": 1, \"name\": \"cat\"}],\n"
    " \"annotations\": [\n"
    "  {\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3]},\n"
    "  {\"id\": 2, \"image_id\": 1, \"category_id\": 9, \"bbox\": [1, 2, 3, 4], \"area\": 12, \"iscrowd\": 0},\n"
    "  {\"id\": 3, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 30, 4], \"area\": 120, \"iscrowd\": 0}]}\n";

// Runs labelkit with its stderr on a pseudo-terminal, as a user at a terminal sees it (stdin and
// stdout on /dev/null), without NO_COLOR unless `no_color` gives its value. Returns what it wrote
// on the terminal.
std::string stderr_on_terminal(const std::vector<std::string>& arguments, const char* no_color = nullptr) {
    int terminal = -1, side = -1;
    REQUIRE(openpty(&terminal, &side, nullptr, nullptr, nullptr) == 0);
    const std::string binary = labelkit::test::labelkit_binary();
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(side, 2);
        close(terminal);
        if (no_color) setenv("NO_COLOR", no_color, 1);
        else unsetenv("NO_COLOR");
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(side);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(terminal, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    close(terminal);  // read ends with EIO once the child has closed the terminal
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return text;
}

}  // namespace

TEST_CASE("cli: --help exits 0, a usage error exits 2") {
    CHECK(run_labelkit("--help").exit_code == 0);
    CHECK(run_labelkit("convert --help").exit_code == 0);
    CHECK(run_labelkit("convert").exit_code == 2);
    CHECK(run_labelkit("convert a b --to nosuchformat").exit_code == 2);
    CHECK(run_labelkit("frobnicate").exit_code == 2);
}

TEST_CASE("cli: formats lists what each format reads, writes and stores") {
    const auto result = run_labelkit("formats");
    CHECK(result.exit_code == 0);
    for (const char* name : {"coco", "voc", "yolo", "yolo-darknet"}) CHECK(result.out.find(name) != std::string::npos);
    const auto json = run_labelkit("formats --json");
    CHECK(json.exit_code == 0);
    CHECK(json.out.find("\"polygons\": true") != std::string::npos);
}

TEST_CASE("cli: convert detects the format and says which it chose" * needs_shared) {
    TempDir tmp;
    const auto result = run_labelkit("convert " + q(corpus("datumaro/voc_dataset/voc_dataset1")) + " " + q(tmp / "out") + " --to coco");
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("detected format: voc") != std::string::npos);
    CHECK(fs::exists(tmp / "out/annotations"));
}

TEST_CASE("cli: convert explains why no format fits") {
    TempDir tmp;
    write_file(tmp / "notes/readme.txt", "nothing here\n");
    const auto result = run_labelkit("convert " + q(tmp / "notes") + " " + q(tmp / "out") + " --to coco");
    CHECK(result.exit_code == 2);
    for (const char* name : {"coco:", "voc:", "yolo:", "yolo-darknet:"}) CHECK(result.err.find(name) != std::string::npos);
    CHECK(!fs::exists(tmp / "out"));
}

TEST_CASE("cli: an existing output is refused unless --overwrite" * needs_shared) {
    TempDir tmp;
    write_file(tmp / "out/keep.txt", "mine\n");
    const auto source = q(corpus("datumaro/coco_dataset/coco_instances"));
    const auto refused = run_labelkit("convert " + source + " " + q(tmp / "out") + " --to voc");
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--overwrite") != std::string::npos);
    CHECK(read_file(tmp / "out/keep.txt") == "mine\n");
    const auto replaced = run_labelkit("convert " + source + " " + q(tmp / "out") + " --to voc --overwrite");
    CHECK(replaced.exit_code == 0);
    CHECK(!fs::exists(tmp / "out/keep.txt"));
    CHECK(fs::exists(tmp / "out/Annotations"));
}

TEST_CASE("cli: --overwrite never replaces the dataset being read") {
    TempDir tmp;
    std::filesystem::copy(labelkit::test::source_dir() / "examples/coco", tmp / "coco", std::filesystem::copy_options::recursive);
    for (const auto& output : {tmp / "coco", tmp.path()}) {
        const auto result = run_labelkit("convert " + q(tmp / "coco") + " " + q(output) + " --to coco --overwrite");
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("labelkit never writes over what it reads") != std::string::npos);
    }
    CHECK(fs::exists(tmp / "coco/annotations/instances_train.json"));
}

TEST_CASE("cli: malformed COCO inputs exit 2 with file and JSON pointer, and write nothing") {
    TempDir tmp;
    write_file(tmp / "truncated.json", coco_with("\"category_id\": 1, \"bbox\": [1, 2, 3, 4]").substr(0, 150));
    CHECK(convert_fails(tmp / "truncated.json", "yolo").find("truncated.json:") != std::string::npos);

    write_file(tmp / "bbox3.json", coco_with("\"category_id\": 1, \"bbox\": [1, 2, 3]"));
    CHECK(convert_fails(tmp / "bbox3.json", "voc").find("/annotations/0/bbox") != std::string::npos);

    write_file(tmp / "category.json", coco_with("\"category_id\": 9, \"bbox\": [1, 2, 3, 4]"));
    const auto category_error = convert_fails(tmp / "category.json", "voc");
    CHECK(category_error.find("/annotations/0/category_id") != std::string::npos);
    CHECK(category_error.find("9") != std::string::npos);

    write_file(tmp / "nan.json", coco_with("\"category_id\": 1, \"bbox\": [1, NaN, 3, 4]"));
    CHECK(convert_fails(tmp / "nan.json", "voc").find("nan.json:4:") != std::string::npos);

    write_file(tmp / "escape.json", coco_with("\"category_id\": 1, \"bbox\": [1, 2, 3, 4]", "../../etc/a.jpg"));
    CHECK(convert_fails(tmp / "escape.json", "voc").find("/images/0/file_name") != std::string::npos);
}

TEST_CASE("cli: malformed VOC and YOLO inputs exit 2 with file and line, and write nothing" * needs_shared) {
    TempDir tmp;
    write_file(tmp / "voc/Annotations/a.xml",
               "<annotation>\n  <filename>a.jpg</filename>\n  <size><width>10</width><height>10</height></size>\n"
               "  <object>\n    <name>cat</name>\n  </object>\n</annotation>\n");
    const auto voc_error = convert_fails(tmp / "voc", "coco", "--from voc");
    CHECK(voc_error.find("a.xml:4") != std::string::npos);
    CHECK(voc_error.find("bndbox") != std::string::npos);

    // A real image from the corpus, with a label line of 4 fields.
    const auto image = corpus("cvat-datumaro/yolo_dataset/yolov8_detection/images/train/1.jpg");
    fs::create_directories(tmp / "yolo/images/train");
    fs::copy_file(image, tmp / "yolo/images/train/1.jpg");
    write_file(tmp / "yolo/labels/train/1.txt", "0 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2\n");
    write_file(tmp / "yolo/data.yaml", "train: images/train\nval: images/train\nnames: [cat]\n");
    const auto yolo_error = convert_fails(tmp / "yolo", "coco");
    CHECK(yolo_error.find("1.txt:2") != std::string::npos);
}

TEST_CASE("cli: lossy conversions warn with counts") {
    TempDir tmp;
    const auto source = q(labelkit::test::source_dir() / "examples/coco");
    const auto voc = run_labelkit("convert " + source + " " + q(tmp / "voc") + " --to voc");
    CHECK(voc.exit_code == 0);
    // examples/coco: 4 polygon annotations in train and val, 1 crowd RLE mask (val).
    CHECK(voc.err.find("voc cannot store polygons: 4 polygon annotations written as their bounding boxes") != std::string::npos);
    CHECK(voc.err.find("voc cannot store RLE masks: 1 written as their bounding boxes") != std::string::npos);
    const auto yolo = run_labelkit("convert " + source + " " + q(tmp / "yolo") + " --to yolo");
    CHECK(yolo.exit_code == 0);
    CHECK(yolo.err.find("yolo cannot store RLE masks: 1 converted to polygons") != std::string::npos);
    CHECK(yolo.err.find("yolo cannot store attributes: 2 annotations lost their attributes (colour, occluded)") != std::string::npos);
    CHECK(yolo.err.find("circle (id 1) -> 0, square (id 3) -> 1, triangle (id 7) -> 2") != std::string::npos);
    CHECK(fs::is_symlink(tmp / "yolo/images/train/shapes_001.png"));
}

TEST_CASE("cli: lint text findings of a COCO file are exactly in the compiler form") {
    TempDir tmp;
    write_file(tmp / "broken.json", broken_coco);
    const auto result = run_labelkit("lint " + q(tmp / "broken.json"));
    CHECK(result.exit_code == 1);
    std::vector<std::string> lines = lines_of(result.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines.back() == "3 errors, 0 warnings, 0 infos in 1 file");  // the box past the edge is an error too
    lines.pop_back();  // the summary
    for (const std::string& line : lines_of(result.err)) lines.push_back(line);
    for (const std::string& line : lines) {
        INFO(line);
        CHECK(std::regex_match(line, compiler_form()));
    }
    CHECK(result.out.find("broken.json:4:54: error: bbox must have 4 numbers [x, y, width, height], found 3 "
                          "(at /annotations/0/bbox) [coco/schema]\n") != std::string::npos);
}

TEST_CASE("cli: the error that ends a run is in the compiler form, the pointer at the end of the message") {
    TempDir tmp;
    write_file(tmp / "broken.json", broken_coco);
    const auto broken = run_labelkit("convert " + q(tmp / "broken.json") + " " + q(tmp / "out") + " --to yolo");
    CHECK(broken.exit_code == 2);
    CHECK(broken.err == (tmp / "broken.json").string() +
                            ":4:54: error: bbox must have 4 numbers [x, y, width, height], found 3 "
                            "(at /annotations/0/bbox)\n");
    // Without a line: the path alone; without any place: the severity and the message.
    const auto missing = run_labelkit("convert " + q(tmp / "nothing.json") + " " + q(tmp / "out") + " --to yolo");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == (tmp / "nothing.json").string() + ": error: input does not exist\n");
    const auto no_input = run_labelkit("lint");
    CHECK(no_input.exit_code == 2);
    CHECK(no_input.err == "error: lint needs INPUT (or --list-rules)\n");
}

TEST_CASE("cli: the global options -q and --color are accepted after the subcommand too") {
    TempDir tmp;
    const auto source = q(labelkit::test::source_dir() / "examples/coco");
    const std::string convert = "convert " + source + " " + q(tmp / "voc") + " --to voc --overwrite";

    const auto plain = run_labelkit(convert);
    REQUIRE(plain.exit_code == 0);
    CHECK(plain.err.find("labelkit: warning: voc cannot store polygons") != std::string::npos);
    for (const std::string& quiet : {convert + " -q", convert + " --quiet", "-q " + convert}) {
        INFO(quiet);
        const auto result = run_labelkit(quiet);
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
    }

    const auto coloured = run_labelkit(convert + " --color always");
    CHECK(coloured.exit_code == 0);
    CHECK(coloured.err.find("labelkit: \033[1;35mwarning\033[0m: voc cannot store polygons") != std::string::npos);
    const auto uncoloured = run_labelkit(convert + " --color never");
    CHECK(uncoloured.exit_code == 0);
    CHECK(uncoloured.err.find('\033') == std::string::npos);

    write_file(tmp / "broken.json", broken_coco);
    const auto lint = run_labelkit("lint " + q(tmp / "broken.json") + " --color never");
    CHECK(lint.exit_code == 1);  // ran, and found errors
    CHECK(lint.out.find('\033') == std::string::npos);

    // --help still answers, and what neither the subcommand nor the app knows is still a usage error.
    CHECK(run_labelkit("lint --help -q").exit_code == 0);
    CHECK(run_labelkit("convert --help").exit_code == 0);
    const auto unknown = run_labelkit("lint " + q(tmp / "broken.json") + " --bogus");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("--bogus") != std::string::npos);
    CHECK(run_labelkit("lint " + q(tmp / "broken.json") + " --color sometimes").exit_code == 2);
    CHECK(run_labelkit("lint " + q(tmp / "broken.json") + " extra").exit_code == 2);
}

TEST_CASE("cli: --version prints the project's version, before or after a subcommand") {
    for (const char* arguments : {"--version", "formats --version"}) {
        CAPTURE(arguments);
        const auto result = run_labelkit(arguments);
        CHECK(result.exit_code == 0);
        CHECK(result.out == "labelkit " LABELKIT_VERSION "\n");
        CHECK(result.err.empty());
    }
}

TEST_CASE("cli: --help names the subcommands and the global options; no subcommand prints it and exits 2") {
    const auto help = run_labelkit("--help");
    CHECK(help.exit_code == 0);
    for (const char* part : {"convert", "formats", "lint", "agree", "merge", "split", "draw", "--version", "-q,--quiet",
                             "--color TEXT:{auto,always,never}"}) {
        CAPTURE(part);
        CHECK(help.out.find(part) != std::string::npos);
    }
    const auto none = run_labelkit("");
    CHECK(none.exit_code == 2);
    CHECK(none.out == help.out);  // the usage, as git prints it (test_cli_conventions.cpp)
    CHECK(none.err.empty());
}

TEST_CASE("cli: an unknown option or --color value is a usage error that names it, before or after the subcommand") {
    for (const char* arguments : {"--bogus formats", "formats --bogus"}) {
        CAPTURE(arguments);
        const auto result = run_labelkit(arguments);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("--bogus") != std::string::npos);
        CHECK(result.out.empty());
    }
    // Only the three names: not the numbers of the modes either.
    for (const char* arguments : {"--color sometimes formats", "--color 1 formats", "formats --color 0"}) {
        CAPTURE(arguments);
        const auto result = run_labelkit(arguments);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("--color") != std::string::npos);
    }
}

TEST_CASE("cli: --color: auto colours a terminal unless NO_COLOR is set; always and never decide alone") {
    TempDir tmp;
    const std::string source = (labelkit::test::source_dir() / "examples/coco").string();
    const auto warnings = [&](std::vector<std::string> color, const char* no_color = nullptr) {
        std::vector<std::string> arguments = {"convert", source, (tmp / "voc").string(), "--to", "voc", "--overwrite"};
        arguments.insert(arguments.end(), color.begin(), color.end());
        const std::string text = stderr_on_terminal(arguments, no_color);
        CHECK(text.find("voc cannot store polygons") != std::string::npos);
        return text;
    };
    const std::string coloured = "labelkit: \033[1;35mwarning\033[0m: voc cannot store polygons";
    CHECK(warnings({}).find(coloured) != std::string::npos);  // auto is the default
    CHECK(warnings({"--color", "auto"}).find(coloured) != std::string::npos);
    CHECK(warnings({"--color", "auto"}, "").find(coloured) != std::string::npos);  // an empty NO_COLOR is not set
    CHECK(warnings({"--color", "auto"}, "1").find('\033') == std::string::npos);
    CHECK(warnings({"--color", "never"}).find('\033') == std::string::npos);
    CHECK(warnings({"--color", "always"}, "1").find(coloured) != std::string::npos);  // as no-color.org asks
    // Not a terminal: no colour on auto.
    const auto file = run_labelkit("convert '" + source + "' " + q(tmp / "voc") + " --to voc --overwrite --color auto");
    CHECK(file.exit_code == 0);
    CHECK(file.err.find("voc cannot store polygons") != std::string::npos);
    CHECK(file.err.find('\033') == std::string::npos);
}

TEST_CASE("cli: -q and --quiet keep warnings and notes off stderr, before or after the subcommand, but not errors") {
    TempDir tmp;
    const std::string convert = "convert " + q(labelkit::test::source_dir() / "examples/coco") + " " + q(tmp / "voc") +
                                " --to voc --overwrite";
    const auto plain = run_labelkit(convert);
    REQUIRE(plain.exit_code == 0);
    CHECK(plain.err.find("[convert/polygons]") != std::string::npos);
    CHECK(plain.err.find("info:") != std::string::npos);
    for (const std::string& quiet : {"-q " + convert, "--quiet " + convert, convert + " -q", convert + " --quiet"}) {
        CAPTURE(quiet);
        const auto result = run_labelkit(quiet);
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        // The summary on stdout stays; its count of warnings says they were not shown.
        CHECK(result.out == replaced(plain.out, "4 warnings (see above)", "4 warnings (not shown: -q)"));
    }
    for (const std::string& quiet : {"-q convert " + q(tmp / "nothing") + " " + q(tmp / "out") + " --to coco",
                                     "convert " + q(tmp / "nothing") + " " + q(tmp / "out") + " --to coco --quiet"}) {
        CAPTURE(quiet);
        const auto missing = run_labelkit(quiet);
        CHECK(missing.exit_code == 2);
        CHECK(missing.err == (tmp / "nothing").string() + ": error: input does not exist\n");
    }
    // lint's findings are its output, on stdout: -q leaves them.
    write_file(tmp / "broken.json", broken_coco);
    const auto lint = run_labelkit("lint " + q(tmp / "broken.json"));
    const auto quiet_lint = run_labelkit("-q lint " + q(tmp / "broken.json"));
    CHECK(quiet_lint.exit_code == 1);
    CHECK(quiet_lint.out == lint.out);
}

TEST_CASE("cli: a reader that has gone (closed pipe) ends the run with exit 2, never an abort") {
    // stderr and stdout are a pipe whose reader closes it at once: every write fails (EPIPE, as
    // SIGPIPE is ignored so that temporaries are removed). The error about it could not be
    // written either, and that second failure threw out of main: SIGABRT, exit 134.
    TempDir dir;
    fs::create_directory(dir / "empty");
    const std::string coco = q(labelkit::test::source_dir() / "examples/coco/annotations/instances_train.json");
    for (const std::string& arguments :
         {"lint " + q(dir / "empty") + " --format junit", "lint " + q(dir / "empty") + " --format sarif",
          "convert " + coco + " -o /dev/stdout --to coco"}) {
        CAPTURE(arguments);
        write_file(dir / "run.sh", "'" + labelkit::test::labelkit_binary() + "' " + arguments +
                                       " 2>&1 | (exec 0<&-; exit 0); echo \"exit ${PIPESTATUS[0]}\"\n");
        for (int run = 0; run < 3; ++run) {
            const auto result = labelkit::test::run_program("/bin/bash", q(dir / "run.sh"));
            const bool quiet_end = result.out == "exit 2\n" || result.out == "exit 0\n";
            CHECK_MESSAGE(quiet_end, result.out);
        }
    }
}

TEST_CASE("cli: convert refuses an existing OUTPUT before it converts anything") {
    // It used to convert first (printing the conversion's warnings) and refuse at the end.
    TempDir dir;
    fs::create_directory(dir / "voc");
    write_file(dir / "voc/mine.txt", "the user's\n");
    const auto result = run_labelkit("convert " + q(labelkit::test::source_dir() / "examples/coco") + " -o " + q(dir / "voc") +
                                     " --to voc");
    CHECK(result.exit_code == 2);
    CHECK(result.err == (dir / "voc").string() + ": error: this path exists (use --overwrite to replace it)\n");
    CHECK(read_file(dir / "voc/mine.txt") == "the user's\n");
}
