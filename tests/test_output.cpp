// The rules of every output (labelkit/output.hpp), on AtomicOutput itself: what is refused, what
// happens when the target appears meanwhile, how folders are replaced, how temporaries of dead
// runs go, and how special files are written into.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include "labelkit/error.hpp"
#include "labelkit/output.hpp"
#include "support.hpp"

using labelkit::AtomicOutput;
using labelkit::DiagnosticSink;
using labelkit::OutputKind;
using labelkit::test::read_file;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;

namespace {

std::size_t entries_in(const fs::path& folder) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const labelkit::Error& error) {
        return error.what();
    }
    return "";
}

// A process id that no process has: a child that has already been waited for.
pid_t dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

}  // namespace

TEST_CASE("output: an existing path is refused without overwrite, an input always, a missing parent is not made") {
    TempDir dir;
    DiagnosticSink sink;
    write_file(dir / "taken.json", "old");
    CHECK(message_of([&] { AtomicOutput({dir / "taken.json", OutputKind::file, false, {}}, sink); }) ==
          (dir / "taken.json").string() + ": this path exists (use --overwrite to replace it)");
    CHECK(read_file(dir / "taken.json") == "old");

    write_file(dir / "data/in.json", "input");
    const std::string input_refused =
        message_of([&] { AtomicOutput({dir / "data/in.json", OutputKind::file, true, {dir / "data/in.json"}}, sink); });
    CHECK(input_refused.find("this is an input") != std::string::npos);
    const std::string holder_refused =
        message_of([&] { AtomicOutput({dir / "data", OutputKind::directory, true, {dir / "data/in.json"}}, sink); });
    CHECK(holder_refused.find("this folder holds an input") != std::string::npos);
    CHECK(read_file(dir / "data/in.json") == "input");

    // A folder is never replaced by a file, nor a file by a folder.
    CHECK(message_of([&] { AtomicOutput({dir / "data", OutputKind::file, true, {}}, sink); })
              .find("it does not replace a folder with a file") != std::string::npos);
    CHECK(message_of([&] { AtomicOutput({dir / "taken.json", OutputKind::directory, true, {}}, sink); })
              .find("it does not replace a file with a folder") != std::string::npos);

    CHECK(message_of([&] { AtomicOutput({dir / "missing/deeper/out", OutputKind::directory, false, {}}, sink); })
              .find("does not exist: labelkit creates this path, not the folders above it") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "missing"));
    CHECK(entries_in(dir.path()) == 2);  // taken.json and data/: no temporary left by any refusal
}

TEST_CASE("output: the target is checked again when put in place; a run that finds it taken replaces nothing") {
    TempDir dir;
    DiagnosticSink sink;
    for (const OutputKind kind : {OutputKind::file, OutputKind::directory}) {
        CAPTURE(static_cast<int>(kind));
        const fs::path target = dir / (kind == OutputKind::file ? "out.json" : "out");
        {
            AtomicOutput output({target, kind, false, {}}, sink);
            if (kind == OutputKind::file) write_file(output.path(), "mine");
            else write_file(output.path() / "a.txt", "mine");
            // Another run puts its output in place meanwhile.
            if (kind == OutputKind::file) write_file(target, "theirs");
            else write_file(target / "a.txt", "theirs");
            CHECK(message_of([&] { output.commit(); }).find("this path appeared while labelkit was writing it") !=
                  std::string::npos);
        }
        CHECK(read_file(kind == OutputKind::file ? target : target / "a.txt") == "theirs");
    }
    CHECK(entries_in(dir.path()) == 2);  // the temporaries are gone
}

TEST_CASE("output: with overwrite the old output stays whole until the new one is complete") {
    TempDir dir;
    DiagnosticSink sink;
    write_file(dir / "out/old.txt", "old");
    {
        AtomicOutput output({dir / "out", OutputKind::directory, true, {}}, sink);
        write_file(output.path() / "new.txt", "new");
        CHECK(read_file(dir / "out/old.txt") == "old");  // untouched while the new one is written
        output.commit();
    }
    CHECK(read_file(dir / "out/new.txt") == "new");
    CHECK_FALSE(fs::exists(dir / "out/old.txt"));
    CHECK(entries_in(dir.path()) == 1);

    {  // Not committed (an error on the way): the old output is kept as it was.
        AtomicOutput output({dir / "out", OutputKind::directory, true, {}}, sink);
        write_file(output.path() / "half.txt", "half");
    }
    CHECK(read_file(dir / "out/new.txt") == "new");
    CHECK_FALSE(fs::exists(dir / "out/half.txt"));
    CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("output: a temporary left by a dead run is removed with a message, a running one's is not") {
    TempDir dir;
    const std::string dead = ".labelkit-tmp-" + std::to_string(dead_pid()) + "-1f2e-out";
    const std::string alive = ".labelkit-tmp-" + std::to_string(::getpid()) + "-3c4d-out";
    const std::string other_target = ".labelkit-tmp-" + std::to_string(dead_pid()) + "-5e6f-other";
    // Of output "my-out", whose name ends like "out": not this output's either.
    const std::string longer_target = ".labelkit-tmp-" + std::to_string(dead_pid()) + "-7a8b-my-out";
    // A run in another PID namespace sharing the folder: its pid means nothing here, its lock does.
    const std::string locked = ".labelkit-tmp-" + std::to_string(dead_pid()) + "-9c0d-out";
    for (const std::string& name : {dead, alive, other_target, longer_target, locked})
        write_file(dir / name / "part.txt", "partial");
    const int lock = ::open((dir / locked).c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(::flock(lock, LOCK_EX) == 0);
    std::vector<labelkit::Diagnostic> seen;
    DiagnosticSink sink([&](const labelkit::Diagnostic& d) { seen.push_back(d); });
    AtomicOutput output({dir / "out", OutputKind::directory, false, {}}, sink);
    CHECK_FALSE(fs::exists(dir / dead));
    CHECK(fs::exists(dir / alive));         // another run, still writing
    CHECK(fs::exists(dir / other_target));  // a temporary of another output: not ours to judge
    CHECK(fs::exists(dir / longer_target));
    CHECK(fs::exists(dir / locked));
    ::close(lock);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].rule == "output/stale-temporary");
    CHECK(seen[0].severity == labelkit::Severity::info);
    CHECK(seen[0].message == "removed " + (dir / dead).string() + ", left by an interrupted run of labelkit");
}

TEST_CASE("output: a device is written into, never replaced; a folder output there is refused") {
    TempDir dir;
    DiagnosticSink sink;
    {
        AtomicOutput output({"/dev/null", OutputKind::file, true, {}}, sink);
        CHECK(output.path().string().starts_with("/dev/fd/"));  // written into, through its descriptor
        labelkit::write_output_text(output.path(), "into the device");
        output.commit();
    }
    struct stat info {};
    REQUIRE(::stat("/dev/null", &info) == 0);
    CHECK(S_ISCHR(info.st_mode));
    CHECK(message_of([&] { AtomicOutput({"/dev/null", OutputKind::directory, true, {}}, sink); })
              .find("a device, pipe or system path: labelkit writes a folder of files here") != std::string::npos);
    CHECK(labelkit::is_special_file("/dev/stdout"));
    CHECK(labelkit::is_special_file("/proc/self/fd/1"));
    CHECK_FALSE(labelkit::is_special_file(dir / "plain.json"));
    CHECK_FALSE(labelkit::is_special_file("/dev/shm/labelkit-not-special.json"));  // a tmpfs file like any other
}

TEST_CASE("output: a FIFO is streamed into while its reader reads; without a reader it is an error at once") {
    TempDir dir;
    DiagnosticSink sink;
    const fs::path fifo = dir / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(message_of([&] { AtomicOutput({fifo, OutputKind::file, false, {}}, sink); }) ==
          fifo.string() + ": a FIFO or socket that no process reads: start its reader first");

    std::string received;
    std::thread reader([&] { received = read_file(fifo); });
    while (true) {  // the reader has the FIFO open once a non-blocking writer can open it
        const int probe = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (probe >= 0) {
            // Opening and closing would end the reader's stream: keep it open until the output is.
            AtomicOutput output({fifo, OutputKind::file, false, {}}, sink);
            ::close(probe);
            labelkit::write_output_text(output.path(), "first ");
            labelkit::write_output_text(output.path(), "second");
            output.commit();
            break;
        }
        std::this_thread::yield();
    }
    reader.join();
    CHECK(received == "first second");  // one stream, until the output was complete
    struct stat info {};
    REQUIRE(::stat(fifo.c_str(), &info) == 0);
    CHECK(S_ISFIFO(info.st_mode));
}

TEST_CASE("output: /dev/stdout is written through the descriptor: after what is there, never truncated") {
    TempDir dir;
    const fs::path file = dir / "redirected.txt";
    write_file(file, "kept\n");
    // The shell's `>> file`: standard output appends to it.
    const int saved = ::dup(STDOUT_FILENO);
    const int appended = ::open(file.c_str(), O_WRONLY | O_APPEND);
    REQUIRE(appended >= 0);
    ::dup2(appended, STDOUT_FILENO);
    ::close(appended);
    {
        DiagnosticSink sink;
        AtomicOutput output({"/dev/stdout", OutputKind::file, false, {}}, sink);
        labelkit::write_output_text(output.path(), "written\n");
        output.commit();
    }
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    CHECK(read_file(file) == "kept\nwritten\n");
}
