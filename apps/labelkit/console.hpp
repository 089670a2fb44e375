#pragma once
// How the CLI talks to people: data and reports on stdout, messages on stderr, colour only
// on a terminal (and never with NO_COLOR or --color never).
#include <cstdio>
#include <memory>
#include <string>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/progress.hpp"
#include "stderr_line.hpp"

namespace labelkit::cli {

enum class ColorMode { automatic, always, never };

}  // namespace labelkit::cli

template <>
struct labelkit::EnumTable<labelkit::cli::ColorMode> {
    static constexpr EnumName<cli::ColorMode> entries[] = {
        {cli::ColorMode::automatic, "auto"}, {cli::ColorMode::always, "always"}, {cli::ColorMode::never, "never"}};
};

namespace labelkit::cli {

class Console {
public:
    explicit Console(ColorMode mode);
    void set_color(ColorMode mode);
    void set_quiet(bool quiet) { quiet_ = quiet; }
    bool quiet() const { return quiet_; }
    // -v: more detail on stderr (progress_display.hpp prints it).
    void set_verbose(bool verbose) { verbose_ = verbose; }
    bool verbose() const { return verbose_; }
    // Where the operation reports its progress (the display's, while one runs); null: nowhere.
    void set_progress(Progress* progress) { progress_ = progress; }
    Progress* progress() const { return progress_; }
    // stderr as this console writes it, shared with the progress display and the interrupt handler.
    const std::shared_ptr<StderrLine>& stderr_line() const { return stderr_; }

    void message(const std::string& text) const;  // stderr, unless quiet
    // stderr, in the compiler form ("labelkit: ..." without a path); warnings and infos only
    // when not quiet.
    void diagnostic(const Diagnostic& diagnostic) const;
    // The error that ends the run, stderr, always: "path:line:col: error: message (at /pointer)",
    // or "error: message" without a place.
    void error(const std::string& message, const Location& where = {}) const;

    // A sink that prints each diagnostic as it arrives.
    DiagnosticSink make_sink() const;

private:
    std::string paint(const std::string& text, const char* code) const;
    void write_line(const std::string& text) const { stderr_->message(text); }
    bool color_ = false;
    bool quiet_ = false;
    bool verbose_ = false;
    Progress* progress_ = nullptr;
    std::shared_ptr<StderrLine> stderr_ = std::make_shared<StderrLine>();
};

}  // namespace labelkit::cli
