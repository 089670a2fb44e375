#include "standard_output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace labelkit::cli {

bool is_standard_output(const std::filesystem::path& path) {
    struct stat output {}, standard {};
    if (path.empty() || ::fstat(STDOUT_FILENO, &standard) != 0 || ::stat(path.c_str(), &output) != 0) return false;
    return output.st_dev == standard.st_dev && output.st_ino == standard.st_ino;
}

std::FILE* summary_stream(std::initializer_list<std::filesystem::path> outputs) {
    for (const std::filesystem::path& output : outputs)
        if (is_standard_output(output)) return stderr;
    return stdout;
}

void print_summary(const Console& console, std::initializer_list<std::filesystem::path> outputs,
                   const std::string& text) {
    if (summary_stream(outputs) == stdout) {
        fmt::print("{}", text);
        return;
    }
    std::string shown = text;
    for (std::size_t at = shown.find("/dev/stdout"); at != std::string::npos; at = shown.find("/dev/stdout", at))
        shown.replace(at, 11, "standard output");
    if (shown.ends_with('\n')) shown.pop_back();
    console.message(shown);
}

CLI::Option* dash_is_standard_output(CLI::Option* output) {
    return output->transform(
        [](std::string value) { return value == "-" ? std::string("/dev/stdout") : value; },
        "- is standard output");
}

}  // namespace labelkit::cli
