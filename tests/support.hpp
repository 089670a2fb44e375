#pragma once
// Helpers shared by the tests: where the corpus is, temporary directories, running the CLI.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "labelkit/format.hpp"

namespace labelkit::test {

// A reader's diagnostics with the rule: how many, the first (lint_fixtures.hpp has the same for
// lint's findings).
std::size_t count_rule(const DiagnosticSink& sink, const std::string& rule);
const Diagnostic* find_rule(const DiagnosticSink& sink, const std::string& rule);

inline std::filesystem::path shared_dir() { return LABELKIT_SHARED_DIR; }
// Whether shared_dir() has what the tests read: corpus/ and reference/. A clone from the public
// repository has no ../shared.
bool shared_dir_present();
// Marks a test case that reads shared_dir(): TEST_CASE("name" * needs_shared). ctest runs these
// apart, skipped when shared_dir() is missing (tests/CMakeLists.txt, main.cpp).
inline const doctest::test_suite needs_shared("shared");
inline std::filesystem::path corpus(const std::string& relative) {
    return shared_dir() / "corpus" / relative;
}
inline std::filesystem::path source_dir() { return LABELKIT_SOURCE_DIR; }

// A fresh empty directory (in the system's temporary folder, or in parent), removed when the
// object goes away.
class TempDir {
public:
    explicit TempDir(const std::filesystem::path& parent = std::filesystem::temp_directory_path());
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = 0;
    std::string out;  // stdout
    std::string err;  // stderr
};

// The labelkit binary the CLI tests run: this build's, or LABELKIT_TEST_BINARY (to see a test
// fail on an older build).
std::string labelkit_binary();

// Runs a program with the given arguments (a shell-quoted string), stdin from /dev/null.
// exit_code is -1 when a signal ended it.
CommandResult run_program(const std::string& program, const std::string& arguments);

// A path quoted for run_program's shell-quoted arguments.
// The registered format of this name (from one list of all_formats() that lives as long as the tests).
const Format& format_named(const std::string& name);

inline std::string q(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Runs a bash command line (pipes, redirections, <(...)) as run_program runs a program, its
// stdin from /dev/null unless the line redirects it.
CommandResult run_shell(const std::string& command_line);

// Runs the labelkit binary, as run_program.
CommandResult run_labelkit(const std::string& arguments);

void write_file(const std::filesystem::path& path, const std::string& text);
// A PNG signature and IHDR chunk and nothing more: all that an image header reader needs for
// the size.
void write_png(const std::filesystem::path& path, std::uint32_t width, std::uint32_t height);
std::string read_file(const std::filesystem::path& path);

// The lines of a text, without their line breaks.
std::vector<std::string> lines_of(const std::string& text);

// What GitHub problem matchers, VS Code, Emacs and Vim parse: the compiler form with a rule id.
const std::regex& compiler_form();

// What a failed CHECK_NEAR says: both values in full, and how far apart they are.
std::string near_report(const char* actual_expression, double actual, double expected, double tolerance);

// Half a unit in the last digit of a published number (as written in its shortest decimal
// form): the precision of a reference value rounded as published.
double published_tolerance(double published);

}  // namespace labelkit::test

// For test files (doctest): checks |actual - expected| <= tolerance, an absolute tolerance, and
// prints both values in full on failure.
#define CHECK_NEAR(actual, expected, tolerance)                                                             \
    do {                                                                                                    \
        const double check_near_actual = (actual), check_near_expected = (expected);                        \
        const double check_near_tolerance = (tolerance);                                                    \
        CHECK_MESSAGE(std::abs(check_near_actual - check_near_expected) <= check_near_tolerance,           \
                      ::labelkit::test::near_report(#actual, check_near_actual, check_near_expected,        \
                                                    check_near_tolerance));                                 \
    } while (false)
