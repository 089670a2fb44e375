#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "support.hpp"

namespace {

// ctest gives this option to the runs of the test cases that need ../shared (needs_shared).
constexpr const char* skip_without_shared = "--skip-without-shared";
constexpr int ctest_skip_code = 77;  // SKIP_RETURN_CODE in tests/CMakeLists.txt

bool has_option(int argc, char** argv, const char* option) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], option) == 0) return true;
    return false;
}

// Continuous integration (which sets CI) must never skip them.
bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && *ci != '\0';
}

}  // namespace

int main(int argc, char** argv) {
    if (has_option(argc, argv, skip_without_shared) && !labelkit::test::shared_dir_present()) {
        const std::string missing = "no corpus/ and reference/ in " + labelkit::test::shared_dir().string() +
                                    " (clone the repository beside shared/, or cmake -DLABELKIT_SHARED_DIR=...)";
        if (in_ci()) {
            std::cerr << "error: CI is set and there is " << missing << '\n';
            return EXIT_FAILURE;
        }
        std::cout << "skipped: " << missing << '\n';
        return ctest_skip_code;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
