#pragma once
// Standard output carries data and reports: a command whose output file is standard output
// itself says what it did on stderr instead.
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>

#include <CLI/CLI.hpp>

#include "console.hpp"

namespace labelkit::cli {

// Whether the path is where standard output goes (/dev/stdout, or the file or pipe it is).
bool is_standard_output(const std::filesystem::path& path);
// Where a command's summary goes: stdout, or stderr when one of the outputs is stdout itself, so
// that the data written there stays clean.
std::FILE* summary_stream(std::initializer_list<std::filesystem::path> outputs);
// A command's summary (lines ending in '\n'): on stdout, or, when one of the outputs is stdout
// itself, as a message on stderr (hidden by -q), "/dev/stdout" in it said "standard output".
void print_summary(const Console& console, std::initializer_list<std::filesystem::path> outputs,
                   const std::string& text);
// OUTPUT given as "-" is standard output (/dev/stdout: a single file is written into it; a
// folder there is refused), never a file or folder named "-".
CLI::Option* dash_is_standard_output(CLI::Option* output);

}  // namespace labelkit::cli
