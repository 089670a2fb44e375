#include "console.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "labelkit/report.hpp"

namespace labelkit::cli {

Console::Console(ColorMode mode) { set_color(mode); }

void Console::set_color(ColorMode mode) {
    const bool terminal = isatty(STDERR_FILENO) != 0;
    const bool no_color = std::getenv("NO_COLOR") != nullptr && *std::getenv("NO_COLOR") != '\0';
    color_ = mode == ColorMode::always || (mode == ColorMode::automatic && terminal && !no_color);
}

std::string Console::paint(const std::string& text, const char* code) const {
    return color_ ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
}

void Console::message(const std::string& text) const {
    if (!quiet_) write_line(text);
}

void Console::diagnostic(const Diagnostic& d) const {
    if (quiet_ && d.severity != Severity::error) return;
    const char* code = d.severity == Severity::error ? "1;31" : d.severity == Severity::warning ? "1;35" : "1;36";
    Diagnostic shown = d;
    if (shown.location.path.empty()) shown.location.path = "labelkit";  // about the run, not a file
    write_line(compiler_line(shown, paint(to_string(d.severity), code)));
}

void Console::error(const std::string& message, const Location& where) const {
    const Diagnostic fatal{"", Severity::error, message, where};
    write_line(compiler_line(fatal, paint("error", "1;31")));
}

DiagnosticSink Console::make_sink() const {
    return DiagnosticSink([this](const Diagnostic& d) { diagnostic(d); });
}

}  // namespace labelkit::cli
