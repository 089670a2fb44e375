// Progress and verbosity (README: Command line): the counters operations report to, the line a
// display draws from them, and the CLI's progress line on a terminal (a pseudo-terminal here),
// -q, stderr not a terminal, --progress always and -v.
#include <doctest/doctest.h>

#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/parallel.hpp"
#include "labelkit/progress.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;

TEST_CASE("progress: phases nest, count from several threads and keep their timings") {
    Progress progress;
    CHECK_FALSE(progress.current().has_value());
    {
        const ProgressPhase reading(&progress, "reading a.json", 0);
        CHECK(progress.current()->name == "reading a.json");
        CHECK(progress.current()->depth == 0);
        {
            const ProgressPhase files(&progress, "reading files", 100'000, ProgressUnit::files);
            // 100,000 files counted one by one on 4 threads: no count is lost.
            parallel_for(100'000, 4, [&](std::size_t) { files.advance(); });
            const PhaseSnapshot inner = *progress.current();
            CHECK(inner.name == "reading files");
            CHECK(inner.depth == 1);
            CHECK(inner.done == 100'000);
            CHECK(inner.total == 100'000);
            CHECK(inner.unit == ProgressUnit::files);
        }
        CHECK(progress.current()->name == "reading a.json");  // the outer one again
        reading.set_total(10);
        reading.advance(3);
        CHECK(progress.current()->done == 3);
        reading.complete();
        CHECK(progress.current()->done == 10);
    }
    CHECK_FALSE(progress.current().has_value());
    const std::vector<PhaseSnapshot> finished = progress.finished();
    REQUIRE(finished.size() == 2);
    CHECK(finished[0].name == "reading files");  // in the order they ended: the inner first
    CHECK(finished[0].depth == 1);
    CHECK(finished[1].name == "reading a.json");
    CHECK(finished[1].done == 10);
    CHECK(finished[1].seconds >= finished[0].seconds);
}

TEST_CASE("progress: a null Progress reports nothing, notes are kept in order, idle is called once") {
    const ProgressPhase nothing(nullptr, "reading", 10);
    nothing.advance(5);  // does nothing, and does not crash
    nothing.complete();
    note(nullptr, "nowhere");

    Progress progress;
    int idle = 0;
    progress.set_idle_callback([&] { ++idle; });
    note(&progress, "first");
    note(&progress, "second");
    CHECK(progress.notes_from(0) == std::vector<std::string>{"first", "second"});
    CHECK(progress.notes_from(1) == std::vector<std::string>{"second"});
    CHECK(progress.notes_from(2).empty());
    {
        const ProgressPhase outer(&progress, "outer");
        { const ProgressPhase inner(&progress, "inner"); }
        CHECK(idle == 0);  // the outer phase is still open
    }
    CHECK(idle == 1);
}

// Each expected line is worked out by hand from the snapshot (comments give the arithmetic).
TEST_CASE("progress line: known total with bar, percentage, count, rate and time left") {
    // 186.2 of 396 MB in 2 s: 47.02% -> 47; 93.1 MB/s; (396 - 186.2) / 93.1 = 2.25 s -> 2s;
    // bar: 186.2 / 396 * 20 = 9.4 -> 9 cells filled, then the head, then 10 empty.
    const PhaseSnapshot phase{"reading a.json", ProgressUnit::bytes, 186'200'000, 396'000'000, 2.0, 0};
    CHECK(progress_line(phase, 100) == "reading a.json [=========>          ]  47% 186.2/396.0 MB 93.1 MB/s 2s left");
    // 40 columns: the bar does not fit; the rest is cut at 39 (the last column would wrap).
    CHECK(progress_line(phase, 40) == "reading a.json  47% 186.2/396.0 MB 93.1");
    CHECK(progress_line(phase, 40).size() == 39);
    CHECK(progress_line(phase, 0).empty());
}

TEST_CASE("progress line: counts with separators, no rate before half a second, minutes") {
    // 8,192 of 50,000 after 0.2 s: 16.38% -> 16; no rate, so no time left; 8192 * 20 / 50000 = 3.3 -> 3.
    CHECK(progress_line({"writing x.json", ProgressUnit::annotations, 8192, 50'000, 0.2, 0}, 200) ==
          "writing x.json [===>                ]  16% 8,192/50,000 annotations");
    // Unknown total: the count, the rate (12,345 / 3 = 4,115) and the time taken.
    CHECK(progress_line({"reading Annotations", ProgressUnit::files, 12'345, 0, 3.0, 0}, 80) ==
          "reading Annotations 12,345 files 4,115/s 3s");
    // Nothing counted: the time taken only, 65.2 s as 1:05; 3725 s as 1:02:05.
    CHECK(progress_line({"checking annotations", ProgressUnit::items, 0, 0, 65.2, 0}, 80) == "checking annotations 1:05");
    CHECK(progress_line({"checking annotations", ProgressUnit::items, 0, 0, 3725, 0}, 80) == "checking annotations 1:02:05");
    // All done: 100%, a full bar, no time left. 2,000 images in 4 s: 500/s.
    CHECK(progress_line({"checking images", ProgressUnit::images, 2000, 2000, 4.0, 0}, 80) ==
          "checking images [====================] 100% 2,000/2,000 images 500/s");
    // Small byte counts: bytes, kB.
    CHECK(progress_line({"reading b.json", ProgressUnit::bytes, 512, 900, 0.1, 0}, 80) ==
          "reading b.json [===========>        ]  56% 512/900 B");
    CHECK(progress_line({"reading c.json", ProgressUnit::bytes, 1500, 0, 0.1, 0}, 80) == "reading c.json 1.5 kB 0s");
}

TEST_CASE("progress line: control characters of a file name are shown as '?', UTF-8 is cut whole") {
    CHECK(progress_line({"reading a\x1b[31mb\r.json", ProgressUnit::items, 0, 0, 0, 0}, 80) == "reading a?[31mb?.json 0s");
    std::string name;
    for (int i = 0; i < 30; ++i) name += "\xc3\xa9";  // é, 2 bytes, 1 column
    CHECK(progress_line({name, ProgressUnit::items, 0, 0, 0, 0}, 11) == name.substr(0, 20));  // 10 characters
}

TEST_CASE("timings line: the phases of depth 0 and the total") {
    const std::vector<PhaseSnapshot> finished = {{"reading files", ProgressUnit::files, 1, 1, 0.5, 1},
                                                 {"reading a.json", ProgressUnit::items, 0, 0, 1.234, 0},
                                                 {"writing coco", ProgressUnit::items, 0, 0, 0.8, 0}};
    CHECK(timings_line(finished, 2.1) == "reading a.json 1.23 s, writing coco 0.80 s, total 2.10 s");
    CHECK(timings_line({}, 0.004) == "total 0.00 s");
}

namespace {

struct TerminalRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr, as the terminal received them
};

// Runs labelkit with stdin, stdout and stderr on a new pseudo-terminal of 100 columns.
TerminalRun run_on_terminal(const std::vector<std::string>& arguments) {
    const std::string binary = labelkit_binary();
    std::vector<std::string> all{binary};
    all.insert(all.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& argument : all) argv.push_back(argument.data());
    argv.push_back(nullptr);
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 100;
    int terminal = -1;
    const pid_t child = forkpty(&terminal, nullptr, nullptr, &size);
    REQUIRE(child >= 0);
    if (child == 0) {
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    TerminalRun run;
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(terminal, buffer, sizeof buffer);
        if (got > 0) run.output.append(buffer, static_cast<std::size_t>(got));
        else if (got < 0 && errno == EINTR) continue;
        else break;  // EIO: the child has closed the terminal
    }
    ::close(terminal);
    int status = 0;
    ::waitpid(child, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

struct Screen {
    std::vector<std::string> lines;  // the lines ended by a newline
    std::string last;                // what stays on the last line
};

// What a terminal shows of the output: "\r" ESC[2K clears the line, "\n" ends it (the terminal
// sends "\r\n"). A progress line a message landed on would show as a line of both.
Screen screen_of(const std::string& output) {
    static const std::string clear = "\r\x1b[2K";
    Screen screen;
    for (std::size_t at = 0; at < output.size(); ++at) {
        if (output.compare(at, clear.size(), clear) == 0) {
            screen.last.clear();
            at += clear.size() - 1;
        } else if (output[at] == '\n') {
            screen.lines.push_back(screen.last);
            screen.last.clear();
        } else if (output[at] != '\r') {
            screen.last += output[at];
        }
    }
    return screen;
}

// convert examples/coco to YOLO: a run with messages on stderr and a summary on stdout.
std::vector<std::string> convert_arguments(const TempDir& dir, std::vector<std::string> options) {
    std::vector<std::string> arguments = std::move(options);
    for (const char* argument : {"--color", "never", "convert"}) arguments.emplace_back(argument);
    arguments.push_back((source_dir() / "examples/coco").string());
    arguments.push_back("-o");
    arguments.push_back((dir / "out").string());
    arguments.push_back("--to");
    arguments.push_back("yolo");
    return arguments;
}

std::string shell_line(const std::vector<std::string>& arguments) {
    std::string line;
    for (const std::string& argument : arguments) {
        if (!line.empty()) line += ' ';
        line += q(argument);
    }
    return line;
}

// What the run printed on stderr before progress existed (the build before it, run by hand;
// LABELKIT_TEST_BINARY=<that build> passes the test that compares with it).
const std::string convert_stderr =
    "labelkit: info: yolo task: segment (chosen from the data) [convert/task]\n"
    "labelkit: warning: yolo cannot store RLE masks: 1 converted to polygons (OpenCV contours) [convert/masks]\n"
    "labelkit: warning: yolo cannot store boxes in a segmentation dataset: 1 written as 4-corner polygons [convert/boxes]\n"
    "labelkit: warning: yolo cannot store attributes: 2 annotations lost their attributes (colour, occluded) "
    "[convert/attributes]\n"
    "labelkit: warning: yolo cannot store iscrowd: 1 crowd annotations written as ordinary objects [convert/iscrowd]\n"
    "labelkit: warning: yolo cannot store COCO info and licenses: dropped [convert/dataset-info]\n"
    "labelkit: info: yolo numbers classes 0..2 in order of source category id: circle (id 1) -> 0, square (id 3) -> "
    "1, triangle (id 7) -> 2 [convert/class-indices]\n"
    "detected format: coco (COCO files: annotations/instances_train.json, annotations/instances_val.json)\n";

}  // namespace

TEST_CASE("progress CLI: stderr not a terminal shows no progress, byte for byte the stderr of before") {
    TempDir dir;
    const CommandResult plain = run_labelkit(shell_line(convert_arguments(dir, {})));
    CHECK(plain.exit_code == 0);
    CHECK(plain.err == convert_stderr);
}

TEST_CASE("progress CLI: on a terminal, --progress always draws the line, clears it and mixes with nothing") {
    TempDir dir;
    const TerminalRun run = run_on_terminal(convert_arguments(dir, {"--progress", "always"}));
    CHECK(run.exit_code == 0);
    // Drawn: the phases of reading and of writing (each shown as it ends).
    CHECK(run.output.find("\r\x1b[2Kreading coco ") != std::string::npos);
    CHECK(run.output.find("\r\x1b[2Kreading instances_train.json [====================] 100% ") != std::string::npos);
    CHECK(run.output.find("\r\x1b[2Kwriting label files [====================] 100% 4/4 files") != std::string::npos);
    // Cleared: the terminal shows exactly the lines of a run without it (stdout and stderr), and
    // nothing is left on the last line.
    const Screen screen = screen_of(run.output);
    CHECK(screen.last.empty());
    TempDir plain_dir;
    const CommandResult plain = run_labelkit(shell_line(convert_arguments(plain_dir, {})));
    std::vector<std::string> expected = lines_of(plain.out + plain.err);
    std::vector<std::string> shown = screen.lines;
    for (std::string& line : shown)  // the output folder differs
        if (line.starts_with("wrote ")) line = "wrote";
    for (std::string& line : expected)
        if (line.starts_with("wrote ")) line = "wrote";
    std::sort(expected.begin(), expected.end());
    std::sort(shown.begin(), shown.end());
    CHECK(shown == expected);
}

TEST_CASE("progress CLI: on a terminal, a run under a second shows nothing; -q and --progress never neither") {
    TempDir dir;
    for (const std::vector<std::string>& options :
         {std::vector<std::string>{}, std::vector<std::string>{"-q", "--progress", "always"},
          std::vector<std::string>{"--progress", "never"}}) {
        CAPTURE(shell_line(options));
        std::filesystem::remove_all(dir / "out");
        const auto start = std::chrono::steady_clock::now();
        const TerminalRun run = run_on_terminal(convert_arguments(dir, options));
        const bool under_a_second = std::chrono::steady_clock::now() - start < std::chrono::milliseconds(900);
        CHECK(run.exit_code == 0);
        // Without options the line appears once a run has lasted a second: a machine loaded enough
        // to make this run last that long would rightly show it.
        if (options.empty() && !under_a_second) continue;
        CHECK(run.output.find("\x1b[2K") == std::string::npos);
    }
}

TEST_CASE("progress CLI: --progress always without a terminal writes plain lines") {
    TempDir dir;
    const CommandResult run = run_labelkit(shell_line(convert_arguments(dir, {"--progress=always"})));
    CHECK(run.exit_code == 0);
    CHECK(run.err.find('\r') == std::string::npos);
    CHECK(run.err.find('\x1b') == std::string::npos);
    const std::vector<std::string> lines = lines_of(run.err);
    CHECK(std::find(lines.begin(), lines.end(), "writing label files [====================] 100% 4/4 files") != lines.end());
    CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
        return std::regex_match(line, std::regex(R"(reading coco \d+s)"));
    }));
    // The messages of before are all there, in their order.
    std::string messages;
    for (const std::string& line : lines)
        if (line.starts_with("labelkit: ") || line.starts_with("detected format: ")) messages += line + "\n";
    CHECK(messages == convert_stderr);
}

TEST_CASE("progress CLI: -v says the format detected and why, what is written, threads and timings") {
    TempDir dir;
    const CommandResult run = run_labelkit(shell_line(convert_arguments(dir, {"-v", "--jobs", "2"})));
    CHECK(run.exit_code == 0);
    const std::vector<std::string> lines = lines_of(run.err);
    const auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
    CHECK(has(fmt::format("reading {} as coco (detected: COCO files: annotations/instances_train.json, "
                          "annotations/instances_val.json)",
                          (source_dir() / "examples/coco").string())));
    CHECK(has(fmt::format("writing {} as yolo (a folder)", (dir / "out").string())));
    CHECK(has("used up to 2 threads (--jobs 2)"));
    CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
        return std::regex_match(line, std::regex(R"(formats considered: .*coco: COCO files: .*)"));
    }));
    CHECK(std::regex_match(lines.back(),
                           std::regex(R"(timings: reading coco \d+\.\d\d s, writing yolo \d+\.\d\d s, total \d+\.\d\d s)")));
    // -v after the command, as -q.
    TempDir after;
    const CommandResult late = run_labelkit(shell_line(convert_arguments(after, {})) + " --verbose");
    CHECK(late.exit_code == 0);
    CHECK(late.err.find("timings: reading coco ") != std::string::npos);
}

TEST_CASE("progress CLI: -q with -v is a usage error") {
    TempDir dir;
    const CommandResult run = run_labelkit(shell_line(convert_arguments(dir, {"-q", "-v"})));
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--quiet") != std::string::npos);
    CHECK(run.err.find("--verbose") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
}
