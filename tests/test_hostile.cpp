// Hostile inputs and faults, one test per reproduction in ../shared/corpus/hostile/<case>/: labelkit
// never destroys what it did not create, never crashes, hangs or runs out of memory, and says
// what went wrong with exit 2. Each of these failed before its fix (LABELKIT_TEST_BINARY runs
// them against another build).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::source_dir;
using labelkit::test::TempDir;
using labelkit::test::write_file;
using nlohmann::json;
namespace fs = std::filesystem;

extern char** environ;

namespace {

fs::path hostile(const std::string& relative) { return corpus("hostile/" + relative); }
fs::path example(const std::string& relative) { return source_dir() / "examples" / relative; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Names in a folder that start with labelkit's temporary prefix.
std::vector<std::string> temporaries_in(const fs::path& folder) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().starts_with(".labelkit-tmp-")) found.push_back(entry.path().filename());
    return found;
}

// A COCO file of `images` images with one box each, different for each seed.
std::string coco_of(std::size_t images, int seed) {
    std::string text = R"({"categories": [{"id": 1, "name": "thing"}], "images": [)";
    for (std::size_t i = 1; i <= images; ++i)
        text += fmt::format(R"({}{{"id": {}, "file_name": "img_{}_{}.jpg", "width": 640, "height": 480}})",
                            i > 1 ? "," : "", i, seed, i);
    text += R"(], "annotations": [)";
    for (std::size_t i = 1; i <= images; ++i)
        text += fmt::format(R"({}{{"id": {}, "image_id": {}, "category_id": 1, "bbox": [{}, 20, 30, 40], "area": 1200, "iscrowd": 0}})",
                            i > 1 ? "," : "", i, i, (i * 7 + static_cast<std::size_t>(seed)) % 500);
    return text + "]}";
}

// A COCO file of one image holding `boxes` boxes: its one VOC XML or YOLO label file is large.
std::string crowded_coco(std::size_t boxes) {
    std::string text = R"({"categories": [{"id": 1, "name": "thing"}], "images": [{"id": 1, "file_name": "crowded.jpg", "width": 640, "height": 480}], "annotations": [)";
    for (std::size_t i = 1; i <= boxes; ++i)
        text += fmt::format(R"({}{{"id": {}, "image_id": 1, "category_id": 1, "bbox": [{}, {}, 30, 40], "area": 1200, "iscrowd": 0}})",
                            i > 1 ? "," : "", i, i % 600, i % 440);
    return text + "]}";
}

// labelkit started in the background, to be signalled.
class Running {
public:
    explicit Running(const std::vector<std::string>& arguments, const fs::path& folder) {
        std::vector<std::string> all{labelkit::test::labelkit_binary()};
        all.insert(all.end(), arguments.begin(), arguments.end());
        std::vector<char*> argv;
        for (std::string& argument : all) argv.push_back(argument.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (folder / "stderr.txt").c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
    }
    ~Running() {
        if (pid_ > 0) wait();
    }
    pid_t pid() const { return pid_; }
    int wait() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = 0;
        return status;
    }

private:
    pid_t pid_ = 0;
};

}  // namespace

TEST_CASE("hostile report-path-destroys-directory: --report and --matrix follow the rules of OUTPUT") {
    TempDir dir;
    fs::copy(example("coco"), dir / "precious_dataset", fs::copy_options::recursive);
    fs::copy_file(example("coco/annotations/instances_train.json"), dir / "a.json");
    fs::copy_file(example("coco/annotations/instances_val.json"), dir / "b.json");
    fs::copy_file(dir / "b.json", dir / "c.json");
    const std::string a = read_file(dir / "a.json"), b = read_file(dir / "b.json");
    const std::string inputs = q(dir / "a.json") + " " + q(dir / "b.json");

    auto result = run_labelkit("merge " + inputs + " -o " + q(dir / "m1") + " --to coco --report " + q(dir / "precious_dataset"));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, (dir / "precious_dataset").string() + ": error: this path exists (use --overwrite to replace it)"));
    CHECK(fs::is_regular_file(dir / "precious_dataset/annotations/instances_train.json"));
    CHECK(fs::is_directory(dir / "precious_dataset/images"));
    CHECK_FALSE(fs::exists(dir / "m1"));  // the merge wrote nothing either

    result = run_labelkit("merge " + inputs + " -o " + q(dir / "m2") + " --to coco --report " + q(dir / "a.json") + " --overwrite");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "this is an input"));
    CHECK(read_file(dir / "a.json") == a);

    result = run_labelkit("agree " + q(dir / "b.json") + " " + q(dir / "c.json") + " --matrix " + q(dir / "b.json") + " --overwrite");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "this is an input"));
    CHECK(read_file(dir / "b.json") == b);

    result = run_labelkit("merge " + inputs + " -o " + q(dir / "m3") + " --to coco --report " + q(dir / "missing/x/y.json"));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "does not exist: labelkit creates this path, not the folders above it"));
    CHECK_FALSE(fs::exists(dir / "missing"));
    result = run_labelkit("convert " + q(dir / "a.json") + " " + q(dir / "nonexistent/dir/out") + " --to yolo");
    CHECK(result.exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "nonexistent"));

    // An existing report or matrix is replaced only with --overwrite, and then by the new one.
    write_file(dir / "report.json", "old report");
    write_file(dir / "matrix.png", "old picture");
    result = run_labelkit("merge " + inputs + " -o " + q(dir / "m4") + " --to coco --report " + q(dir / "report.json"));
    CHECK(result.exit_code == 2);
    CHECK(read_file(dir / "report.json") == "old report");
    result = run_labelkit("agree " + q(dir / "b.json") + " " + q(dir / "c.json") + " --matrix " + q(dir / "matrix.png"));
    CHECK(result.exit_code == 2);
    CHECK(read_file(dir / "matrix.png") == "old picture");
    result = run_labelkit("merge " + inputs + " -o " + q(dir / "m5") + " --to coco --report " + q(dir / "report.json") + " --overwrite");
    CHECK(result.exit_code == 0);
    CHECK(json::parse(read_file(dir / "report.json"))["mode"] == "union");
    result = run_labelkit("agree " + q(dir / "b.json") + " " + q(dir / "c.json") + " --matrix " + q(dir / "matrix.png") + " --overwrite");
    CHECK(result.exit_code == 0);
    CHECK(read_file(dir / "matrix.png").starts_with("\x89PNG"));

    // A folder is never replaced by a file, nor a file by a folder, even with --overwrite.
    result = run_labelkit("convert " + q(dir / "a.json") + " " + q(dir / "report.json") + " --to yolo --overwrite");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "it does not replace a file with a folder"));
    fs::create_directory(dir / "folder.json");
    result = run_labelkit("convert " + q(dir / "a.json") + " " + q(dir / "folder.json") + " --to coco --overwrite");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "it does not replace a folder with a file"));
    CHECK(temporaries_in(dir.path()).empty());
}

TEST_CASE("hostile overwrite-replaces-special-files: devices and FIFOs are written into, never replaced") {
    TempDir dir;
    const std::string inputs = q(example("coco/annotations/instances_train.json")) + " " +
                               q(example("coco/annotations/instances_val.json"));
    const auto kind_of = [](const fs::path& path) {
        struct stat info {};
        ::stat(path.c_str(), &info);
        return info.st_mode & S_IFMT;
    };
    // A private /dev/null: a character device made with mknod, which needs root.
    if (::mknod((dir / "fakenull").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        auto result = run_labelkit("merge " + inputs + " -o " + q(dir / "m") + " --to coco --report " + q(dir / "fakenull"));
        CHECK(result.exit_code == 0);
        CHECK(kind_of(dir / "fakenull") == S_IFCHR);
        result = run_labelkit("convert " + inputs.substr(0, inputs.find(' ')) + " " + q(dir / "fakenull") + " --to coco --overwrite");
        CHECK(result.exit_code == 0);  // one COCO file, written into the device
        CHECK(kind_of(dir / "fakenull") == S_IFCHR);
        result = run_labelkit("convert " + inputs.substr(0, inputs.find(' ')) + " " + q(dir / "fakenull") + " --to yolo --overwrite");
        CHECK(result.exit_code == 2);  // a folder of files cannot go there
        CHECK(contains(result.err, "a device, pipe or system path: labelkit writes a folder of files here"));
        CHECK(kind_of(dir / "fakenull") == S_IFCHR);
    } else {
        MESSAGE("not root: the device node case is left out");
    }

    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    // No reader: an error at once, not a wait without end.
    auto result = run_labelkit("merge " + inputs + " -o " + q(dir / "m2") + " --to coco --report " + q(dir / "fifo"));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "a FIFO or socket that no process reads: start its reader first"));
    CHECK(kind_of(dir / "fifo") == S_IFIFO);
    CHECK_FALSE(fs::exists(dir / "m2"));
    // With a reader, the report streams into it. The reading end is open before labelkit starts
    // (a reader thread might not be, and would then wait for ever); the report fits the pipe.
    const int reading = ::open((dir / "fifo").c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reading >= 0);
    result = run_labelkit("merge " + inputs + " -o " + q(dir / "m3") + " --to coco --report " + q(dir / "fifo"));
    std::string received;
    char block[4096];
    for (ssize_t got; (got = ::read(reading, block, sizeof block)) > 0;) received.append(block, static_cast<std::size_t>(got));
    ::close(reading);
    CHECK(result.exit_code == 0);
    CHECK(json::parse(received)["mode"] == "union");
    CHECK(kind_of(dir / "fifo") == S_IFIFO);

    // /dev/stdout: the data alone on stdout, the summary on stderr.
    result = run_labelkit("convert " + inputs.substr(0, inputs.find(' ')) + " /dev/stdout --to coco");
    CHECK(result.exit_code == 0);
    CHECK(json::parse(result.out)["annotations"].size() == 4);
    CHECK(contains(result.err, "wrote standard output"));
    result = run_labelkit("lint " + inputs.substr(0, inputs.find(' ')) + " --fix /dev/stdout");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "standard output carries the report"));
}

TEST_CASE("hostile concurrent-convert-bypasses-overwrite: of two runs writing one OUTPUT, one wins, one is refused") {
    TempDir dir;
    write_file(dir / "a.json", coco_of(2000, 2));
    write_file(dir / "b.json", coco_of(1999, 3));
    for (int round = 0; round < 4; ++round) {
        CAPTURE(round);
        fs::remove_all(dir / "out");
        const std::string binary = labelkit::test::labelkit_binary();
        const std::string script = fmt::format(
            "cd {0}; '{1}' convert a.json out --to coco >/dev/null 2>err_a & a=$!; "
            "'{1}' convert b.json out --to coco >/dev/null 2>err_b & b=$!; "
            "wait $a; echo $? > rc_a; wait $b; echo $? > rc_b",
            q(dir.path()), binary);
        REQUIRE(std::system(("bash -c " + q(script)).c_str()) == 0);
        const int rc_a = std::stoi(read_file(dir / "rc_a")), rc_b = std::stoi(read_file(dir / "rc_b"));
        CHECK(rc_a + rc_b == 2);  // one 0, one 2
        const std::string loser_err = read_file(dir / (rc_a == 0 ? "err_b" : "err_a"));
        CHECK((contains(loser_err, "this path exists") || contains(loser_err, "this path appeared while labelkit was writing it")));
        const json written = json::parse(read_file(dir / "out/annotations/instances_default.json"));
        CHECK(written["images"].size() == (rc_a == 0 ? 2000u : 1999u));  // the winner's, whole
        CHECK(temporaries_in(dir.path()).empty());
    }
}

TEST_CASE("hostile interrupted-run-leaves-temp-sibling: SIGINT and SIGTERM remove the temporary; a dead run's goes next time") {
    TempDir dir;
    write_file(dir / "big.json", coco_of(40000, 1));
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        CAPTURE(signal);
        for (const bool overwrite : {false, true}) {
            CAPTURE(overwrite);
            fs::remove_all(dir / "out");
            if (overwrite) write_file(dir / "out/old.txt", "the old output");
            std::vector<std::string> arguments{"convert", (dir / "big.json").string(), (dir / "out").string(), "--to", "yolo"};
            if (overwrite) arguments.push_back("--overwrite");
            Running run(arguments, dir.path());
            // Signalled while it writes: once its temporary is there.
            const auto start = std::chrono::steady_clock::now();
            while (temporaries_in(dir.path()).empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            REQUIRE_FALSE(temporaries_in(dir.path()).empty());
            ::kill(run.pid(), signal);
            const int status = run.wait();
            CHECK(WIFSIGNALED(status));
            CHECK(WTERMSIG(status) == signal);  // ended as the signal ends a process, for the shell to see
            CHECK(temporaries_in(dir.path()).empty());
            if (overwrite) CHECK(read_file(dir / "out/old.txt") == "the old output");
            else CHECK_FALSE(fs::exists(dir / "out"));
        }
    }
    // SIGKILL cannot be caught: the next run for the same OUTPUT removes what it left.
    fs::remove_all(dir / "out");
    {
        Running run({"convert", (dir / "big.json").string(), (dir / "out").string(), "--to", "yolo"}, dir.path());
        while (temporaries_in(dir.path()).empty()) std::this_thread::sleep_for(std::chrono::microseconds(200));
        ::kill(run.pid(), SIGKILL);
        run.wait();
    }
    const std::vector<std::string> left = temporaries_in(dir.path());
    REQUIRE(left.size() == 1);
    const auto result = run_labelkit("convert " + q(dir / "big.json") + " " + q(dir / "out") + " --to yolo");
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, "info: removed " + (dir / left[0]).string() + ", left by an interrupted run of labelkit [output/stale-temporary]"));
    CHECK(temporaries_in(dir.path()).empty());
    CHECK(fs::is_regular_file(dir / "out/data.yaml"));
}

TEST_CASE("hostile faults: a full disk, a read-only folder, an unreadable or vanished input: one clear error, nothing left") {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::all);  // for the unprivileged runs below
    write_file(dir / "big.json", coco_of(20000, 1));

    // A file size limit stands for a full disk: the write fails midway, in every kind of writer.
    write_file(dir / "other.json", coco_of(20000, 2));
    write_file(dir / "crowded.json", crowded_coco(5000));
    const std::vector<std::pair<std::string, std::string>> writes = {
        {"convert " + q(dir / "big.json") + " " + q(dir / "out.json") + " --to coco", "out.json"},
        {"convert " + q(dir / "crowded.json") + " " + q(dir / "out_voc") + " --to voc", "out_voc"},
        {"convert " + q(dir / "crowded.json") + " " + q(dir / "out_yolo") + " --to yolo", "out_yolo"},
        {"merge " + q(dir / "big.json") + " " + q(dir / "other.json") + " -o " + q(dir / "merged.json") + " --to coco", "merged.json"},
    };
    for (const auto& [command, output] : writes) {
        const std::string limited = fmt::format("bash -c \"ulimit -f 64; '{}' {}\" 2>{}", labelkit::test::labelkit_binary(),
                                                command, q(dir / "err.txt"));
        INFO(command);
        CHECK(WEXITSTATUS(std::system(limited.c_str())) == 2);
        const std::string full = read_file(dir / "err.txt");
        CHECK(contains(full, (dir / output).string()));
        CHECK(contains(full, "cannot write file: File too large"));
        CHECK_FALSE(contains(full, ".labelkit-tmp-"));  // the user's path, not the temporary
        CHECK_FALSE(fs::exists(dir / output));
        CHECK(temporaries_in(dir.path()).empty());
    }
    fs::remove(dir / "other.json");
    fs::remove(dir / "crowded.json");

    // A device that is full names itself, not the descriptor labelkit writes it through.
    auto full = run_labelkit("convert " + q(example("coco")) + " /dev/full --to coco");
    CHECK(full.exit_code == 2);
    CHECK(contains(full.err, "/dev/full: error: cannot write file: No space left on device"));

    // A vanished input: a link to a file that is gone.
    fs::create_symlink(dir / "gone.json", dir / "link.json");
    auto result = run_labelkit("convert " + q(dir / "link.json") + " " + q(dir / "out2") + " --to yolo");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, (dir / "link.json").string() + ": error: input does not exist"));

    // Permissions bind root in no way: these run as nobody, when the test can switch to it.
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0) {
        MESSAGE("not root, or no setpriv: the permission cases are left out");
        return;
    }
    const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    fs::create_directory(dir / "readonly");
    fs::permissions(dir / "readonly", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                          fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(dir / "big.json", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    const auto run_as_nobody = [&](const std::string& arguments) {
        const std::string command = fmt::format("{}'{}' {} >/dev/null 2>{}", as_nobody, labelkit::test::labelkit_binary(),
                                                arguments, q(dir / "err.txt"));
        const int status = std::system(command.c_str());
        return std::pair{WEXITSTATUS(status), read_file(dir / "err.txt")};
    };
    auto [code, err] = run_as_nobody("convert " + q(dir / "big.json") + " " + q(dir / "readonly/out") + " --to yolo");
    CHECK(code == 2);
    CHECK(contains(err, (dir / "readonly/out").string() + ": error: cannot write here: Permission denied"));
    CHECK(fs::is_empty(dir / "readonly"));

    write_file(dir / "locked.json", read_file(example("coco/annotations/instances_train.json")));
    fs::permissions(dir / "locked.json", fs::perms::none);
    std::tie(code, err) = run_as_nobody("lint " + q(dir / "locked.json"));
    CHECK(code == 2);
    CHECK(contains(err, (dir / "locked.json").string() + ": error: cannot open the file: Permission denied"));
}

TEST_CASE("hostile lint-no-categories-segv: datasets without categories are linted, not crashed on" * needs_shared) {
    auto result = run_labelkit("lint " + q(hostile("lint-no-categories-segv/empty.json")));
    CHECK(result.exit_code == 0);
    CHECK(result.out == "no problems found\n");
    result = run_labelkit("lint " + q(hostile("lint-no-categories-segv/one-image-no-categories.json")));
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "info: image 'a.jpg' has no annotations (at /images/0) [dataset/image-without-annotations]"));
    result = run_labelkit("lint " + q(hostile("lint-no-categories-segv/yolo-empty-names")));
    CHECK(result.exit_code == 0);
    result = run_labelkit("lint " + q(hostile("lint-no-categories-segv/fuzzed-coco.json")) + " --format json");
    CHECK(result.exit_code == 1);  // findings, reported
    CHECK(json::parse(result.out)["summary"]["errors"].get<int>() > 0);
}

TEST_CASE("hostile deep-json-stack-overflow-in-writer: values nested past the limit are refused where they are read") {
    TempDir dir;
    const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    const auto coco = [](const std::string& info, const std::string& attributes) {
        return R"({"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,2,2])" +
               attributes + R"(}],"categories":[{"id":1,"name":"c"}])" + info + "}";
    };
    const std::string deep_info = coco(R"(,"info":)" + nested(100000), "");
    write_file(dir / "info.json", deep_info);
    write_file(dir / "attr.json", coco("", R"(,"attributes":{"a":)" + nested(100000) + "}"));
    auto result = run_labelkit("convert " + q(dir / "info.json") + " " + q(dir / "out") + " --to coco");
    CHECK(result.exit_code == 2);
    // At the bracket that opens level 257.
    const std::size_t column = deep_info.find(R"("info":)") + 7 + 256 + 1;
    CHECK(contains(result.err, fmt::format("info.json:1:{}: error: nested more than 256 levels deep, more than labelkit keeps (at /info)", column)));
    result = run_labelkit("convert " + q(dir / "attr.json") + " " + q(dir / "out") + " --to coco");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "more than labelkit keeps (at /annotations/0/attributes)"));
    result = run_labelkit("lint " + q(dir / "attr.json"));
    CHECK(result.exit_code == 1);
    CHECK(contains(result.out, "[coco/schema]"));
    CHECK(temporaries_in(dir.path()).empty());
    CHECK_FALSE(fs::exists(dir / "out"));

    // Within the limit the value is kept as it is.
    write_file(dir / "deep.json", coco(R"(,"info":)" + nested(255), ""));
    result = run_labelkit("convert " + q(dir / "deep.json") + " " + q(dir / "kept.json") + " --to coco");
    CHECK(result.exit_code == 0);
    CHECK(json::parse(read_file(dir / "kept.json"))["info"].dump() == nested(255));
}

TEST_CASE("hostile deep VOC XML: elements nested past the limit are an error at their line, not a stack overflow") {
    TempDir dir;
    fs::create_directories(dir / "voc/Annotations");
    const std::size_t depth = 200000;
    std::string xml = "<annotation>\n<filename>a.jpg</filename><size><width>10</width><height>10</height></size>\n<extra>";
    for (std::size_t i = 0; i < depth; ++i) xml += "<y>";
    xml += "1";
    for (std::size_t i = 0; i < depth; ++i) xml += "</y>";
    write_file(dir / "voc/Annotations/a.xml", xml + "</extra></annotation>\n");
    auto result = run_labelkit("convert " + q(dir / "voc") + " " + q(dir / "out.json") + " --from voc --to coco");
    CHECK(result.exit_code == 2);
    // At the element of level 256 (counting <extra> as 1), whose children would be 257.
    CHECK(contains(result.err, fmt::format("a.xml:3:{}: error: <y> is nested more than 256 levels deep", 8 + 254 * 3)));
    result = run_labelkit("lint " + q(dir / "voc") + " --from voc");
    CHECK(result.exit_code == 1);
    CHECK(contains(result.out, "more than labelkit keeps [voc/schema]"));
}

TEST_CASE("hostile special files inside a dataset: a FIFO label file is refused, never waited on") {
    TempDir dir;
    fs::copy(example("yolo"), dir / "yolo", fs::copy_options::recursive);
    const fs::path label = dir / "yolo/labels/val/shapes_004.txt";
    fs::remove(label);
    REQUIRE(::mkfifo(label.c_str(), 0644) == 0);
    for (const std::string& command : {"convert " + q(dir / "yolo") + " " + q(dir / "out.json") + " --to coco",
                                       "lint " + q(dir / "yolo")}) {
        INFO(command);
        const auto result = run_labelkit(command);  // before the fix: blocked in open(2) for ever
        CHECK(result.exit_code == 2);
        CHECK(contains(result.err + result.out, label.string() + ": error: not a regular file"));
    }
}

TEST_CASE("hostile outputs inside inputs: a path in an input, or holding an image read, is refused even with --overwrite") {
    TempDir dir;
    fs::copy(example("coco"), dir / "coco", fs::copy_options::recursive);
    fs::copy(example("yolo"), dir / "yolo", fs::copy_options::recursive);
    const std::string coco = q(dir / "coco"), yolo = q(dir / "yolo");
    const std::vector<std::pair<std::string, fs::path>> refused = {
        {"convert " + yolo + " " + q(dir / "yolo/images") + " --to coco --overwrite", dir / "yolo/images"},
        {"convert " + coco + " " + q(dir / "coco/annotations/instances_val.json") + " --to coco --overwrite",
         dir / "coco/annotations/instances_val.json"},
        {"merge " + coco + " " + yolo + " -o " + q(dir / "m.json") + " --to coco --report " + q(dir / "yolo/data.yaml") + " --overwrite",
         dir / "yolo/data.yaml"},
        {"agree " + coco + " " + yolo + " --matrix " + q(dir / "coco/annotations/instances_val.json") + " --overwrite",
         dir / "coco/annotations/instances_val.json"},
        {"lint " + coco + " --fix " + q(dir / "coco/annotations/instances_train.json") + " --overwrite",
         dir / "coco/annotations/instances_train.json"},
    };
    const std::string before_val = read_file(dir / "coco/annotations/instances_val.json");
    const std::string before_yaml = read_file(dir / "yolo/data.yaml");
    for (const auto& [command, target] : refused) {
        INFO(command);
        const auto result = run_labelkit(command);
        CHECK(result.exit_code == 2);
        CHECK(contains(result.err, target.string() + ": error: this path lies inside an input"));
    }
    CHECK(read_file(dir / "coco/annotations/instances_val.json") == before_val);
    CHECK(read_file(dir / "yolo/data.yaml") == before_yaml);
    CHECK(fs::is_regular_file(dir / "yolo/images/train/shapes_001.png"));

    // A YOLO copy links its images into the COCO folder: replacing that folder from the copy
    // would delete the very images the copy reads.
    REQUIRE(run_labelkit("convert " + coco + " " + q(dir / "linked") + " --to yolo").exit_code == 0);
    const auto result = run_labelkit("convert " + q(dir / "linked") + " " + coco + " --to coco --overwrite");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, (dir / "coco").string() + ": error: this folder holds an input"));
    CHECK(fs::is_regular_file(dir / "coco/images/train/shapes_001.png"));

    // A new path inside an input destroys nothing: it is written.
    CHECK(run_labelkit("convert " + coco + " " + q(dir / "coco/as_yolo") + " --to yolo").exit_code == 0);

    // Files read along the way are inputs too: the images of the annotation files given, a label
    // map, a lint config; and a report is never the output itself.
    const std::string train = q(dir / "coco/annotations/instances_train.json"), val = q(dir / "coco/annotations/instances_val.json");
    write_file(dir / "map.yaml", "circle: circle\n");
    write_file(dir / "lint.yaml", "rules: {}\n");
    const std::string image = q(dir / "coco/images/train/shapes_001.png");
    const std::string png_before = read_file(dir / "coco/images/train/shapes_001.png");
    const std::vector<std::pair<std::string, std::string>> also_refused = {
        {"merge " + train + " " + val + " -o " + q(dir / "y") + " --to yolo --report " + image + " --overwrite", "this is an input"},
        {"agree " + train + " " + val + " --matrix " + image + " --overwrite", "this is an input"},
        {"merge " + train + " " + val + " -o " + q(dir / "m2.json") + " --to coco --label-map " + q(dir / "map.yaml") + " --report " +
             q(dir / "map.yaml") + " --overwrite", "this is an input"},
        {"lint " + coco + " --config " + q(dir / "lint.yaml") + " --fix " + q(dir / "lint.yaml") + " --overwrite", "this is an input"},
        {"merge " + train + " " + val + " -o " + q(dir / "m3.json") + " --to coco --report " + q(dir / "./m3.json"),
         "--report names the output itself"},
    };
    for (const auto& [command, message] : also_refused) {
        INFO(command);
        const auto refused = run_labelkit(command);
        CHECK(refused.exit_code == 2);
        CHECK(contains(refused.err, message));
    }
    CHECK(read_file(dir / "coco/images/train/shapes_001.png") == png_before);
    CHECK(read_file(dir / "map.yaml") == "circle: circle\n");
    CHECK(read_file(dir / "lint.yaml") == "rules: {}\n");
    CHECK_FALSE(fs::exists(dir / "y"));
    CHECK_FALSE(fs::exists(dir / "m3.json"));
}

TEST_CASE("hostile polygons of many points: the crossing check is near-linear, and bounded on rings built to defeat it") {
    TempDir dir;
    const auto coco = [](const std::vector<double>& ring) {
        std::string points;
        for (const double v : ring) points += (points.empty() ? "" : ",") + fmt::format("{}", v);
        return R"({"images":[{"id":1,"file_name":"a.jpg","width":1000,"height":1000}],"categories":[{"id":1,"name":"x"}],)"
               R"("annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[100,100,800,800],"area":502655,"iscrowd":0,"segmentation":[[)" +
               points + "]]}]}";
    };
    const std::size_t n = 300000;
    std::vector<double> circle;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = 2 * M_PI * static_cast<double>(i) / n;
        circle.push_back(500 + 400 * std::cos(t));
        circle.push_back(500 + 400 * std::sin(t));
    }
    write_file(dir / "circle.json", coco(circle));
    const auto started = std::chrono::steady_clock::now();
    auto result = run_labelkit("lint " + q(dir / "circle.json"));
    CHECK(result.exit_code == 0);  // before: 300,000 points compared pairwise, minutes
    CHECK_FALSE(contains(result.out, "self-intersecting"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));  // a hang guard, not a speed test

    std::swap(circle[20], circle[40]);  // points 10 and 20 swapped: the outline crosses itself there
    std::swap(circle[21], circle[41]);
    write_file(dir / "crossed.json", coco(circle));
    result = run_labelkit("lint " + q(dir / "crossed.json"));
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "polygon crosses itself: edge "));

    std::vector<double> stacked;  // one triangle drawn 100,000 times: every edge overlaps every other
    for (std::size_t i = 0; i < 100000; ++i) stacked.insert(stacked.end(), {0, 0, 1, 0, 0, 1});
    write_file(dir / "stacked.json", coco(stacked));
    result = run_labelkit("lint " + q(dir / "stacked.json"));
    CHECK(contains(result.out, "polygon of 300000 points was not fully checked for crossings"));
}

TEST_CASE("hostile split-group-by-regex-stack-overflow: group patterns match in linear time, without recursion" *
          needs_shared) {
    TempDir dir;
    auto result = run_labelkit("split " + q(hostile("split-group-by-regex-stack-overflow/long-file-name.json")) + " -o " +
                               q(dir / "out") + " --to coco --group-by '^(.*)_[0-9]+\\.png$' --json");
    CHECK(result.exit_code == 0);
    CHECK(json::parse(result.out)["items"] == 3);
    const json train = json::parse(read_file(dir / "out/annotations/instances_train.json"));
    CHECK(train["images"][0]["file_name"].get<std::string>().size() == 30012);
    // RE2 has no backreferences: said at once, with the reason.
    result = run_labelkit("split " + q(example("coco")) + " -o " + q(dir / "out2") + " --to coco --group-by '(a)\\1'");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "invalid group pattern '(a)\\1': invalid escape sequence: \\1 (RE2 syntax: no backreferences or lookaround)"));
}

TEST_CASE("hostile lint-names-gap-memory-exhaustion: class counts and indices from data.yaml are bounded" *
          needs_shared) {
    TempDir dir;
    for (const char* name : {"data.yaml", "fuzzed-data.yaml", "fuzzed-data-2.yaml"}) {
        CAPTURE(name);
        fs::remove_all(dir / "ds");
        fs::copy(example("yolo"), dir / "ds", fs::copy_options::recursive);
        fs::copy_file(hostile(std::string("lint-names-gap-memory-exhaustion/") + name), dir / "ds/data.yaml",
                      fs::copy_options::overwrite_existing);
        auto result = run_labelkit("lint " + q(dir / "ds"));
        CHECK(result.exit_code == 1);
        CHECK(contains(result.out, "error: names: class 4294967296 is past the last class: labelkit reads at most 1000000 classes [yolo/data-yaml]"));
        result = run_labelkit("convert " + q(dir / "ds") + " " + q(dir / "out") + " --to coco");
        CHECK(result.exit_code == 2);
    }
    write_file(dir / "ds/data.yaml", "train: images/train\nnc: 1000000000000\n");
    const auto result = run_labelkit("lint " + q(dir / "ds"));
    CHECK(contains(result.out, "data.yaml:2:5: error: nc is 1000000000000: labelkit reads at most 1000000 classes [yolo/data-yaml]"));
}

TEST_CASE("hostile lint-quadratic-duplicates: 20,000 boxes on one spot are 19,999 duplicates, each said once") {
    TempDir dir;
    std::string annotations;
    for (int i = 1; i <= 20000; ++i)
        annotations += fmt::format(R"({}{{"id":{},"image_id":1,"category_id":1,"bbox":[1,1,1,1]}})", i > 1 ? "," : "", i);
    write_file(dir / "ident.json", R"({"images":[{"id":1,"file_name":"a.jpg","width":100,"height":100}],"categories":[{"id":1,"name":"c"}],"annotations":[)" +
                                       annotations + "]}");
    const auto result = run_labelkit("lint " + q(dir / "ident.json") + " --format json --max-per-rule 0");
    CHECK(result.exit_code == 0);  // warnings
    const json report = json::parse(result.out);
    CHECK(report["summary"]["warnings"] == 19999);
    std::size_t duplicates = 0;
    for (const json& d : report["diagnostics"]) duplicates += d["rule"] == "geometry/duplicate-annotation";
    CHECK(duplicates == 19999);
}

TEST_CASE("hostile duplicates built to crowd the grid: linear time, and no config shipped with a dataset can make it slow") {
    TempDir dir;
    // 40,000 different boxes whose edges all lie within one pixel, no two within the tolerance
    // (0.01 px) of each other: each cell of the duplicate grid still holds few of them.
    std::string annotations;
    for (std::size_t k = 0; k < 40000; ++k)
        annotations += fmt::format(R"({}{{"id":{},"image_id":1,"category_id":1,"bbox":[{},{},{},10],"area":100,"iscrowd":0}})",
                                   k ? "," : "", k + 1, 100 + static_cast<double>(k % 90) * 0.011,
                                   100 + static_cast<double>(k / 90 % 90) * 0.011, 10 + static_cast<double>(k / 8100) * 0.011);
    write_file(dir / "crowded.json", R"({"images":[{"id":1,"file_name":"a.jpg","width":1000,"height":1000}],)"
                                     R"("categories":[{"id":1,"name":"x"}],"annotations":[)" + annotations + "]}");
    write_file(dir / "no-near.yaml", "rules:\n  geometry/near-duplicate: {enabled: false}\n");
    const auto started = std::chrono::steady_clock::now();
    auto result = run_labelkit("lint " + q(dir / "crowded.json") + " --config " + q(dir / "no-near.yaml"));
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "no problems found"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));  // a hang guard, not a speed test

    // A near-duplicate IoU of 0.0001 would make every box look at 2^28 cells: refused where it is set.
    write_file(dir / "labelkit.yaml", "rules:\n  geometry/near-duplicate: {iou: 0.0001}\n");
    result = run_labelkit("lint " + q(example("coco")) + " --config " + q(dir / "labelkit.yaml"));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "labelkit.yaml:2:29: error: rule 'geometry/near-duplicate': parameter 'iou' must be between 0.5 and 1"));
}

TEST_CASE("hostile lists naming images outside the dataset: neighbouring folders are never searched for label files") {
    TempDir dir;
    labelkit::test::write_png(dir / "ds/images/train/i.png", 50, 50);
    labelkit::test::write_png(dir / "outside/images/o.png", 50, 50);
    write_file(dir / "ds/labels/train/i.txt", "0 0.5 0.5 0.2 0.2\n");
    write_file(dir / "outside/labels/o.txt", "0 0.5 0.5 0.2 0.2\n");
    write_file(dir / "ds/data.yaml", "train: train.txt\nval: train.txt\nnames: [a]\n");
    write_file(dir / "ds/train.txt", "images/train/i.png\n../outside/images/o.png\n");
    // A neighbour of the dataset holding text files that look like labels (an earlier output).
    write_file(dir / "notes/2024.txt", "2024 was the year\n");
    REQUIRE(run_labelkit("convert " + q(dir / "ds") + " " + q(dir / "converted") + " --to yolo").exit_code == 0);
    const auto result = run_labelkit("convert " + q(dir / "ds") + " " + q(dir / "again.json") + " --to coco");
    CHECK(result.exit_code == 0);  // before: "4 label files have no image" from converted/ and notes/
    CHECK_FALSE(contains(result.err, "have no image"));
    CHECK(json::parse(read_file(dir / "again.json"))["annotations"].size() == 4);  // two images, each in train and val
}

TEST_CASE("hostile huge-sparse-files: 2 GiB inputs fail at once with a short message, in little memory") {
    TempDir dir;
    const auto sparse = [](const fs::path& path, std::uintmax_t size) {
        fs::create_directories(path.parent_path());
        { std::ofstream create(path); }
        fs::resize_file(path, size);
    };
    constexpr std::uintmax_t two_gib = std::uintmax_t{2} << 30;
    sparse(dir / "big.csv", two_gib);
    auto result = run_labelkit("agree " + q(dir / "big.csv"));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "big.csv: error: larger than 1024 MiB, more than labelkit reads as one text file"));

    fs::copy(example("yolo"), dir / "y", fs::copy_options::recursive);
    sparse(dir / "y/labels/train/shapes_001.txt", two_gib);
    result = run_labelkit("convert " + q(dir / "y") + " " + q(dir / "o") + " --to coco");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "shapes_001.txt: error: larger than 1024 MiB"));
    // Below the limit: a token of 64 MiB of NUL bytes is quoted in 40 bytes, escaped.
    sparse(dir / "y/labels/train/shapes_001.txt", std::uintmax_t{64} << 20);
    result = run_labelkit("convert " + q(dir / "y") + " " + q(dir / "o") + " --to coco");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "shapes_001.txt:1:1: error: class index '\\x00\\x00"));
    CHECK(result.err.size() < 1000);

    fs::copy(example("voc"), dir / "v", fs::copy_options::recursive);
    sparse(dir / "v/Annotations/shapes_001.xml", two_gib);
    result = run_labelkit("convert " + q(dir / "v") + " " + q(dir / "o") + " --to coco");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "shapes_001.xml: error: larger than 1024 MiB"));

    sparse(dir / "big.json", two_gib);
    result = run_labelkit("convert " + q(dir / "big.json") + " " + q(dir / "o") + " --from coco --to coco");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "big.json:1:1: error: invalid JSON: expected '{' at the start (a COCO file is one JSON object), found a NUL byte"));

    result = run_labelkit("lint " + q(example("coco")) + " --config /dev/zero");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "/dev/zero: error: larger than 64 MiB, more than labelkit reads as one text file"));
    result = run_labelkit("lint " + q(example("coco")) + " --config " + q(dir.path()));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, dir.path().string() + ": error: this is a folder, not a file"));
    CHECK_FALSE(fs::exists(dir / "o"));
}

TEST_CASE("hostile yolo-class-float-cast-ub: class fields beyond any integer are findings, never cast" * needs_shared) {
    TempDir dir;
    for (const char* name : {"label.txt", "fuzzed-label.txt", "cli-fuzzer-label.txt"}) {
        CAPTURE(name);
        fs::remove_all(dir / "ds");
        fs::copy(example("yolo"), dir / "ds", fs::copy_options::recursive);
        fs::copy_file(hostile(std::string("yolo-class-float-cast-ub/") + name), dir / "ds/labels/train/shapes_001.txt",
                      fs::copy_options::overwrite_existing);
        const auto result = run_labelkit("lint " + q(dir / "ds"));
        CHECK(result.exit_code == 1);
        CHECK(result.err.empty());
    }
    write_file(dir / "ds/labels/train/shapes_001.txt", "1e300 0.5 0.5 0.1 0.1\nnan 0.5 0.5 0.1 0.1\n-1e308 0.5 0.5 0.1 0.1\n2.0 0.5 0.5 0.1 0.1\n");
    const auto result = run_labelkit("lint " + q(dir / "ds"));
    CHECK(contains(result.out, "shapes_001.txt:1:1: error: class index 1e300 is out of range: the dataset has 3 classes [yolo/class-out-of-range]"));
    CHECK(contains(result.out, "shapes_001.txt:2:1: error: class index 'nan' is not a whole number [yolo/invalid-class]"));
    CHECK(contains(result.out, "shapes_001.txt:3:1: error: class index -1e308 is out of range: the dataset has 3 classes [yolo/class-out-of-range]"));
    CHECK_FALSE(contains(result.out, "shapes_001.txt:4:"));  // 2.0 is class 2

    // A coordinate that is not finite is an error where convert reads it, never copied to YOLO in
    // silence nor reported against the output; lint reports it as geometry/non-finite.
    write_file(dir / "ds/labels/train/shapes_001.txt", "0 0.5 inf 0.1 0.1\n");
    for (const char* target : {"yolo", "coco", "voc"}) {
        CAPTURE(target);
        const auto converted = run_labelkit("convert " + q(dir / "ds") + " " + q(dir / (std::string("out_") + target)) + " --to " + target);
        CHECK(converted.exit_code == 2);
        CHECK(contains(converted.err, "shapes_001.txt:1:7: error: 'inf' is not a finite number"));
    }
    CHECK(contains(run_labelkit("lint " + q(dir / "ds")).out, "shapes_001.txt:1:1: error: a coordinate is NaN or infinite [geometry/non-finite]"));

    // A UTF-8 byte order mark (Windows editors) is no part of the class field, nor of a list's path.
    write_file(dir / "ds/labels/train/shapes_001.txt", "\xEF\xBB\xBF" "2 0.25 0.25 0.5 0.25 0.5 0.5\n");
    const auto with_mark = run_labelkit("convert " + q(dir / "ds") + " " + q(dir / "marked.json") + " --to coco");
    CHECK(with_mark.exit_code == 0);
    const json marked = json::parse(read_file(dir / "marked.json"));
    CHECK(std::count_if(marked["annotations"].begin(), marked["annotations"].end(),
                        [](const json& a) { return a["category_id"] == 2 && a["bbox"] == json::array({24, 16, 24, 16}); }) == 1);
}

TEST_CASE("hostile odd-file-names-lost-annotations: control characters and a trailing '/' are errors where read" *
          needs_shared) {
    TempDir dir;
    for (const auto& [name, message] :
         {std::pair{"nul.json", "nul.json:1:228: error: file name 'a\\x00b.png' holds a control character (\\x00): it cannot name a file (at /images/0/file_name)"},
          std::pair{"slash_end.json", "slash_end.json:1:228: error: file name 'dir/' ends with '/': it names a folder, not an image (at /images/0/file_name)"}}) {
        CAPTURE(name);
        auto result = run_labelkit("convert " + q(hostile(std::string("odd-file-names-lost-annotations/") + name)) + " " +
                                   q(dir / "voc") + " --to voc");
        CHECK(result.exit_code == 2);
        CHECK(contains(result.err, message));
        CHECK_FALSE(fs::exists(dir / "voc"));
        result = run_labelkit("lint " + q(hostile(std::string("odd-file-names-lost-annotations/") + name)));
        CHECK(result.exit_code == 1);
        CHECK(contains(result.out, "[coco/schema]"));
    }
    // A line break in a name cannot be a line of a list either.
    write_file(dir / "newline.json", R"({"images":[{"id":1,"file_name":"a\nb.jpg","width":10,"height":10}],"annotations":[],"categories":[]})");
    const auto result = run_labelkit("convert " + q(dir / "newline.json") + " " + q(dir / "y") + " --to yolo");
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "file name 'a\\x0ab.jpg' holds a control character (\\x0a)"));
}
