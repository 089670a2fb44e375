// The one parallel loop (core/parallel.hpp) and --jobs: every index once, per-thread state, the
// failure rule, and results and errors that do not depend on the number of threads.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/parallel.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "support.hpp"

using labelkit::parallel_for;
using labelkit::test::corpus;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::source_dir;
using labelkit::test::TempDir;
using labelkit::test::write_file;
using labelkit::test::write_png;
namespace fs = std::filesystem;

namespace {

// The index of the failure parallel_for rethrew (bodies throw std::runtime_error("<index>")).
std::size_t failed_index(const std::exception& error) { return std::stoul(error.what()); }

// Every file below root by relative path: its bytes, or where it links to.
std::map<std::string, std::string> files_below(const fs::path& root) {
    std::map<std::string, std::string> files;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
        const std::string relative = entry.path().lexically_relative(root).generic_string();
        if (entry.is_symlink()) files[relative] = "link to " + fs::read_symlink(entry.path()).string();
        else if (entry.is_regular_file()) files[relative] = read_file(entry.path());
    }
    return files;
}

// What a command did with one number of threads: exit code, stdout, stderr and the files it wrote.
struct Outcome {
    int exit_code = 0;
    std::string out, err;
    std::map<std::string, std::string> files;
};

// Runs "labelkit --jobs N <arguments>" writing to `output` (removed first, so that messages that
// name it are the same for every N).
Outcome run_with_jobs(int jobs, const std::string& arguments, const fs::path& output) {
    fs::remove_all(output);
    const auto result = run_labelkit(fmt::format("--jobs {} {}", jobs, arguments));
    Outcome outcome{result.exit_code, result.out, result.err, {}};
    if (fs::is_directory(output)) outcome.files = files_below(output);
    else if (fs::is_regular_file(output)) outcome.files[""] = read_file(output);
    return outcome;
}

// Runs the command with --jobs 1 and --jobs 4 and checks that nothing differs.
Outcome same_with_1_and_4_jobs(const std::string& arguments, const fs::path& output) {
    const Outcome one = run_with_jobs(1, arguments, output);
    const Outcome four = run_with_jobs(4, arguments, output);
    CHECK(one.exit_code == four.exit_code);
    CHECK(one.out == four.out);
    CHECK(one.err == four.err);
    CHECK(one.files.size() == four.files.size());
    CHECK(one.files == four.files);
    return one;
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

// A COCO file of `images` 100x100 images with `annotations` boxes in turn; the annotations whose
// index is in `bad` have a bbox of 3 numbers.
std::string big_coco(std::size_t images, std::size_t annotations, const std::set<std::size_t>& bad = {}) {
    std::string text = "{\"images\": [";
    for (std::size_t i = 0; i < images; ++i)
        text += fmt::format("{}\n{{\"id\": {}, \"file_name\": \"img{:05}.jpg\", \"width\": 100, \"height\": 100}}",
                            i == 0 ? "" : ",", i + 1, i);
    text += "],\n\"categories\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}],\n\"annotations\": [";
    for (std::size_t k = 0; k < annotations; ++k) {
        const double x = static_cast<double>(k % 50) + 0.25, y = static_cast<double>(k % 37) + 0.5;
        const std::string box = bad.contains(k) ? fmt::format("[{}, {}, 10]", x, y) : fmt::format("[{}, {}, 10, 20]", x, y);
        text += fmt::format("{}\n{{\"id\": {}, \"image_id\": {}, \"category_id\": {}, \"bbox\": {}, \"area\": 200, "
                            "\"iscrowd\": 0}}",
                            k == 0 ? "" : ",", k + 1, k % images + 1, k % 2 + 1, box);
    }
    return text + "]}\n";
}

// A YOLO dataset of `count` 64x48 images, one box each; the label files whose index is in `bad`
// hold a value that is not a number.
void write_yolo(const fs::path& root, std::size_t count, const std::set<std::size_t>& bad) {
    write_file(root / "data.yaml", "train: images/train\nval: images/train\nnames:\n  0: thing\n");
    for (std::size_t i = 0; i < count; ++i) {
        const std::string name = fmt::format("img{:03}", i);
        write_png(root / "images/train" / (name + ".png"), 64, 48);
        write_file(root / "labels/train" / (name + ".txt"), bad.contains(i) ? "0 0.5 oops 0.2 0.2\n" : "0 0.5 0.5 0.25 0.5\n");
    }
}

// A Pascal VOC dataset of `count` annotation files, one object each; those whose index is in
// `bad` are not well-formed XML.
void write_voc(const fs::path& root, std::size_t count, const std::set<std::size_t>& bad) {
    for (std::size_t i = 0; i < count; ++i) {
        const std::string id = fmt::format("img{:03}", i);
        write_file(root / "Annotations" / (id + ".xml"),
                   bad.contains(i) ? "<annotation><filename>" + id + ".jpg</filename><object>\n"
                                   : "<annotation><filename>" + id + ".jpg</filename><size><width>64</width>"
                                     "<height>48</height><depth>3</depth></size><object><name>thing</name>"
                                     "<bndbox><xmin>3</xmin><ymin>4</ymin><xmax>30</xmax><ymax>40</ymax></bndbox>"
                                     "</object></annotation>\n");
    }
    write_file(root / "ImageSets/Main/train.txt", "");
}

}  // namespace

TEST_CASE("parallel_for runs every index once, with any number of threads") {
    for (const std::size_t jobs : {0, 1, 2, 4, 16}) {
        CAPTURE(jobs);
        std::vector<std::atomic<int>> runs(1000);
        parallel_for(runs.size(), jobs, [&](std::size_t i) { ++runs[i]; });
        for (const std::atomic<int>& count : runs) CHECK(count == 1);
        std::atomic<int> none{0};
        parallel_for(0, jobs, [&](std::size_t) { ++none; });
        CHECK(none == 0);
    }
}

TEST_CASE("parallel_for: one job runs everything on the calling thread, in order") {
    std::vector<std::size_t> order;
    std::set<std::thread::id> threads;
    parallel_for(100, 1, [&](std::size_t i) {
        order.push_back(i);
        threads.insert(std::this_thread::get_id());
    });
    REQUIRE(order.size() == 100);
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);
    CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("parallel_for gives each thread its own state, and no more threads than jobs") {
    struct State {
        std::thread::id owner;
        std::size_t calls = 0;
    };
    std::mutex mutex;
    std::map<const State*, std::size_t> calls_by_state;
    std::atomic<bool> shared{false};
    parallel_for<State>(5000, 3, [&](State& state, std::size_t) {
        if (state.calls++ == 0) state.owner = std::this_thread::get_id();
        if (state.owner != std::this_thread::get_id()) shared = true;
        const std::lock_guard lock(mutex);
        calls_by_state[&state] = state.calls;
    });
    CHECK_FALSE(shared);
    CHECK(calls_by_state.size() >= 1);
    CHECK(calls_by_state.size() <= 3);
    std::size_t total = 0;
    for (const auto& [state, calls] : calls_by_state) total += calls;
    CHECK(total == 5000);
}

TEST_CASE("parallel_for rethrows the failure of the lowest index, after every index below it ran") {
    // Index 5 fails only once index 50 has failed: the later failure comes first in time, the
    // earlier one is reported.
    for (const std::size_t jobs : {2, 3, 4}) {
        CAPTURE(jobs);
        std::vector<std::atomic<int>> runs(1000);
        std::atomic<bool> fifty_failed{false};
        try {
            parallel_for(runs.size(), jobs, [&](std::size_t i) {
                ++runs[i];
                if (i == 50) {
                    fifty_failed = true;
                    throw std::runtime_error("50");
                }
                if (i != 5) return;
                for (int wait = 0; wait < 5000 && !fifty_failed; ++wait)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                throw std::runtime_error("5");
            });
            FAIL("no exception");
        } catch (const std::runtime_error& error) {
            CHECK(failed_index(error) == 5);
        }
        CHECK(fifty_failed);
        for (std::size_t i = 0; i <= 50; ++i) CHECK(runs[i] == 1);
    }
}

TEST_CASE("parallel_for: after a failure no thread takes new work") {
    for (const std::size_t jobs : {1, 4}) {
        CAPTURE(jobs);
        std::atomic<std::size_t> ran{0};
        try {
            parallel_for(10000, jobs, [&](std::size_t i) {
                ++ran;
                if (i == 10) throw std::runtime_error("10");
                std::this_thread::sleep_for(std::chrono::milliseconds(1));  // 10000 indices: 10 s in all
            });
            FAIL("no exception");
        } catch (const std::runtime_error& error) {
            CHECK(failed_index(error) == 10);
        }
        if (jobs == 1) CHECK(ran == 11);
        CHECK(ran < 2000);  // the threads stop at the next index they take
    }
}

TEST_CASE("COCO writer: the same bytes and the same first error with 1, 2 and 4 threads") {
    // 40,000 annotations: more than the 4 chunks of 8192 from which annotations are formatted in parallel.
    labelkit::Dataset dataset;
    dataset.categories.push_back({1, "a"});
    for (std::size_t i = 0; i < 100; ++i) {
        labelkit::Item& item = dataset.items.emplace_back();
        item.id = static_cast<std::int64_t>(i + 1);
        item.path = fmt::format("img{:03}.jpg", i);
        item.width = 100;
        item.height = 100;
    }
    for (std::size_t k = 0; k < 40000; ++k) {
        labelkit::Annotation& annotation = dataset.annotations.emplace_back();
        annotation.id = static_cast<std::int64_t>(k + 1);
        annotation.item = static_cast<std::uint32_t>(k % 100);
        annotation.box = {static_cast<double>(k % 50) + 0.125, 2, 10, 20};
    }
    const std::vector<labelkit::Format> formats = labelkit::all_formats();
    const labelkit::Format& coco = labelkit::find_format(formats, "coco");
    labelkit::DiagnosticSink sink;
    TempDir tmp;
    std::string first;
    for (const std::size_t jobs : {1, 2, 4}) {
        labelkit::WriteOptions options;
        options.jobs = jobs;
        coco.write(dataset, tmp / fmt::format("jobs{}.json", jobs), options, sink);
        const std::string bytes = read_file(tmp / fmt::format("jobs{}.json", jobs));
        if (first.empty()) first = bytes;
        CHECK(bytes == first);
    }
    CHECK(count_of(first, "\"category_id\"") == 40000);

    // Two annotations (in different chunks) cannot be written: the first is reported, whatever
    // the threads' timing, and no thread waits for the failed chunk's turn forever.
    dataset.annotations[30000].box.width = std::nan("");
    dataset.annotations[9000].box.width = std::nan("");
    for (const std::size_t jobs : {1, 2, 4}) {
        CAPTURE(jobs);
        labelkit::WriteOptions options;
        options.jobs = jobs;
        try {
            coco.write(dataset, tmp / fmt::format("bad{}.json", jobs), options, sink);
            FAIL("no error");
        } catch (const labelkit::Error& error) {
            CHECK(error.message().starts_with("annotation 9000 of image \"img000.jpg\": cannot write nan"));
        }
    }
}

TEST_CASE("YOLO, Darknet and VOC writers: the first item that cannot be written is the error with any threads") {
    // 200 images with a box each; the boxes of images 10 and 150 have a width that is not a number.
    labelkit::Dataset dataset;
    dataset.categories.push_back({1, "a"});
    dataset.subsets = {"train"};
    for (std::size_t i = 0; i < 200; ++i) {
        labelkit::Item& item = dataset.items.emplace_back();
        item.path = fmt::format("img{:03}.jpg", i);
        item.width = 100;
        item.height = 100;
        item.subset = "train";
        labelkit::Annotation& annotation = dataset.annotations.emplace_back();
        annotation.item = static_cast<std::uint32_t>(i);
        annotation.box = {10, 10, i == 10 || i == 150 ? std::nan("") : 20.0, 20};
    }
    const std::vector<labelkit::Format> formats = labelkit::all_formats();
    TempDir tmp;
    for (const std::string name : {"yolo", "yolo-darknet", "voc"}) {
        CAPTURE(name);
        std::string first_message;
        for (const std::size_t jobs : {1, 2, 4}) {
            CAPTURE(jobs);
            labelkit::WriteOptions options;
            options.jobs = jobs;
            labelkit::DiagnosticSink sink;
            const fs::path output = tmp / fmt::format("{}_{}", name, jobs);
            try {
                labelkit::find_format(formats, name).write(dataset, output, options, sink);
                FAIL("no error");
            } catch (const labelkit::Error& error) {
                const std::string message = error.where().to_string() + ": " + error.message();
                INFO(message);
                CHECK(message.find("img010") != std::string::npos);
                if (first_message.empty()) first_message = message;
                CHECK(message.substr(message.find(": ")) == first_message.substr(first_message.find(": ")));
            }
        }
    }
}

TEST_CASE("cli: --jobs takes a whole number of threads from 1 to 1024") {
    for (const char* bad : {"0", "-1", "-4", "two", "1.5", "''", "1025", "100000", "00001"}) {
        CAPTURE(bad);
        const auto result = run_labelkit(std::string("--jobs ") + bad + " formats");
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("--jobs") != std::string::npos);
    }
    CHECK(run_labelkit("--jobs 1 formats").exit_code == 0);
    CHECK(run_labelkit("--jobs 1024 formats").exit_code == 0);
    CHECK(run_labelkit("formats --jobs 3").exit_code == 0);  // global: after the subcommand too
}

TEST_CASE("cli: --jobs 1 and --jobs 4 convert the examples and corpus datasets alike" * labelkit::test::needs_shared) {
    TempDir tmp;
    const fs::path out = tmp / "out";
    const std::vector<fs::path> inputs = {
        source_dir() / "examples/coco",
        source_dir() / "examples/voc",
        source_dir() / "examples/yolo",
        corpus("datumaro/coco_dataset/coco_instances"),
        corpus("datumaro/voc_dataset/voc_dataset1"),
        corpus("cvat-datumaro/yolo_dataset/yolov8_segmentation"),
    };
    for (const fs::path& input : inputs) {
        for (const std::string to : {"coco", "voc", "yolo", "yolo-darknet"}) {
            CAPTURE(input);
            CAPTURE(to);
            const Outcome outcome = same_with_1_and_4_jobs(
                fmt::format("convert {} {} --to {} --images copy", q(input), q(out), to), out);
            CHECK(outcome.exit_code == 0);
            CHECK(outcome.files.size() >= 2);  // the labels and an image, at least
        }
        const Outcome lint = same_with_1_and_4_jobs(fmt::format("lint {} --format json --fail-on never", q(input)), out);
        CHECK(lint.exit_code == 0);
    }
}

TEST_CASE("cli: a COCO file read and written in parallel ranges gives the same files with 1 and 4 threads") {
    // 40,000 annotations: past the 20,000 from which they are parsed in ranges, one per thread,
    // and the 4 chunks of 8192 from which they are written in parallel.
    TempDir tmp;
    write_file(tmp / "big.json", big_coco(500, 40000));
    for (const std::string to : {"coco", "yolo"}) {
        CAPTURE(to);
        const Outcome outcome = same_with_1_and_4_jobs(fmt::format("convert {} {} --to {} --images none",
                                                                   q(tmp / "big.json"), q(tmp / "out"), to),
                                                       tmp / "out");
        CHECK(outcome.exit_code == 0);
        CHECK(outcome.out.find("40000 annotations") != std::string::npos);
    }
}

TEST_CASE("cli: the first bad annotation of a COCO file is the error, once, with 1 and 4 threads") {
    TempDir tmp;
    write_file(tmp / "bad.json", big_coco(500, 40000, {25000, 35000}));  // in the 3rd and 4th of 4 ranges
    const Outcome outcome = same_with_1_and_4_jobs(
        fmt::format("convert {} {} --to yolo", q(tmp / "bad.json"), q(tmp / "out")), tmp / "out");
    CHECK(outcome.exit_code == 2);
    CHECK(count_of(outcome.err, "error:") == 1);
    CHECK(outcome.err.find("(at /annotations/25000/bbox)") != std::string::npos);
    CHECK(outcome.files.empty());
}

TEST_CASE("cli: the first bad YOLO label file is the error, once, with 1 and 4 threads") {
    TempDir tmp;
    write_yolo(tmp / "yolo", 64, {10, 50});
    const Outcome outcome = same_with_1_and_4_jobs(
        fmt::format("convert {} {} --to coco", q(tmp / "yolo"), q(tmp / "out")), tmp / "out");
    CHECK(outcome.exit_code == 2);
    CHECK(count_of(outcome.err, "error:") == 1);
    CHECK(outcome.err.find("img010.txt:1:7: error: 'oops' is not a number") != std::string::npos);
    CHECK(outcome.files.empty());
    // lint reads leniently: both files, in order, the same for any number of threads
    const Outcome lint = same_with_1_and_4_jobs(fmt::format("lint {} --fail-on never", q(tmp / "yolo")), tmp / "out");
    CHECK(lint.out.find("img010.txt") < lint.out.find("img050.txt"));
    CHECK(lint.out.find("img050.txt") != std::string::npos);
}

TEST_CASE("cli: the first bad VOC annotation file is the error, once, with 1 and 4 threads") {
    TempDir tmp;
    write_voc(tmp / "voc", 64, {10, 50});
    const Outcome outcome = same_with_1_and_4_jobs(
        fmt::format("convert {} {} --to coco", q(tmp / "voc"), q(tmp / "out")), tmp / "out");
    CHECK(outcome.exit_code == 2);
    CHECK(count_of(outcome.err, "error:") == 1);
    CHECK(outcome.err.find("img010.xml") != std::string::npos);
    CHECK(outcome.err.find("img050.xml") == std::string::npos);
    CHECK(outcome.files.empty());
    const Outcome lint = same_with_1_and_4_jobs(fmt::format("lint {} --fail-on never", q(tmp / "voc")), tmp / "out");
    CHECK(lint.out.find("img010.xml") < lint.out.find("img050.xml"));
    CHECK(lint.out.find("img050.xml") != std::string::npos);
}
