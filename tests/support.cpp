#include "support.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace labelkit::test {

std::size_t count_rule(const DiagnosticSink& sink, const std::string& rule) {
    return static_cast<std::size_t>(std::count_if(sink.diagnostics().begin(), sink.diagnostics().end(),
                                                  [&](const Diagnostic& d) { return d.rule == rule; }));
}

const Diagnostic* find_rule(const DiagnosticSink& sink, const std::string& rule) {
    for (const Diagnostic& diagnostic : sink.diagnostics())
        if (diagnostic.rule == rule) return &diagnostic;
    return nullptr;
}


const Format& format_named(const std::string& name) {
    static const std::vector<Format> formats = all_formats();
    return find_format(formats, name);
}


TempDir::TempDir(const std::filesystem::path& parent) {
    std::random_device entropy;
    path_ = parent /
            ("labelkit-test-" + std::to_string(entropy()) + std::to_string(entropy()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

bool shared_dir_present() {
    return std::filesystem::is_directory(shared_dir() / "corpus") && std::filesystem::is_directory(shared_dir() / "reference");
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

namespace {

std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void put32(std::string& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

}  // namespace

void write_png(const std::filesystem::path& path, std::uint32_t width, std::uint32_t height) {
    std::string ihdr = "IHDR";
    put32(ihdr, width);
    put32(ihdr, height);
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey, no interlace
    std::string png = "\x89PNG\r\n\x1a\n";
    put32(png, 13);
    png += ihdr;
    put32(png, crc32(ihdr));
    write_file(path, png);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string labelkit_binary() {
    const char* other = std::getenv("LABELKIT_TEST_BINARY");
    return other != nullptr && *other != '\0' ? other : LABELKIT_BINARY;
}

CommandResult run_labelkit(const std::string& arguments) { return run_program(labelkit_binary(), arguments); }

CommandResult run_program(const std::string& program, const std::string& arguments) {
    TempDir capture;
    const auto out = capture / "out";
    const auto err = capture / "err";
    const std::string command = "'" + program + "' " + arguments + " >'" +
                                out.string() + "' 2>'" + err.string() + "' </dev/null";
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
}

CommandResult run_shell(const std::string& command_line) {
    std::string quoted = "'";
    for (const char c : command_line) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return run_program("bash", "-c " + quoted + "'");
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
}

const std::regex& compiler_form() {
    static const std::regex form(R"(^[^:]+:\d+:\d+: (error|warning|info): .* \[[a-z-]+/[a-z0-9-]+\]$)");
    return form;
}

std::string near_report(const char* actual_expression, double actual, double expected, double tolerance) {
    return fmt::format("{} = {:.17g}, expected {:.17g} within {:.3g}: off by {:.3g}", actual_expression, actual,
                       expected, tolerance, std::abs(actual - expected));
}

double published_tolerance(double published) {
    const std::string text = fmt::format("{}", published);
    if (text.find('e') != std::string::npos) throw std::invalid_argument("not a decimal as published: " + text);
    const auto dot = text.find('.');
    const int digits = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    return 0.5 * std::pow(10.0, -digits) * (1 + 1e-9);  // the margin: the binary value of the bound itself
}

}  // namespace labelkit::test
