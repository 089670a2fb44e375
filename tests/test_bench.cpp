// The benchmark program on tiny generated data, one run of each case, so that it keeps working
// between the runs that measure (it needs ../shared/bench/gen_coco.py: ctest label "shared").
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support.hpp"

using namespace labelkit::test;

TEST_CASE("bench: a smoke run on tiny data prints a line of the table for every case" * needs_shared) {
    TempDir data;
    const CommandResult result = run_program(
        LABELKIT_BENCH, fmt::format("--labelkit '{}' --data '{}' --generator '{}' --runs 1 --images 30 --small-images 20 "
                                    "--crowded-spot 200 --crowded-image 2000 --ls-tasks 20 --ds-items 1000 --utterances 50",
                                    labelkit_binary(), data.path().string(),
                                    (shared_dir() / "bench/gen_coco.py").string()));
    INFO(result.out);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    // What the data generators print, then the table.
    const std::vector<std::string> lines = lines_of(result.out);
    const auto header = std::find(lines.begin(), lines.end(), "labelkit benchmark: coco_30.json (30 images), median of 1 runs");
    REQUIRE(header != lines.end());
    REQUIRE(lines.end() - header > 1);
    const std::regex row(R"(^(\S.*\S) +median +\d+\.\d\d s  \(min \d+\.\d\d, max \d+\.\d\d, 1 runs\)  peak RSS +\d+ MiB$)");
    std::string verbs;
    for (auto line = header + 1; line != lines.end(); ++line) {
        CAPTURE(*line);
        std::smatch match;
        REQUIRE(std::regex_match(*line, match, row));
        verbs += " " + match[1].str().substr(0, match[1].str().find(' '));
    }
    for (const char* verb : {" convert", " lint", " agree", " merge", " split", " stats", " ds"}) {
        CAPTURE(verb);
        CHECK(verbs.find(verb) != std::string::npos);
    }
}
