#pragma once
// How the CLI talks to people: data and reports on stdout, messages on stderr, colour only
// on a terminal (and never with NO_COLOR or --color never).
#include <cstdio>
#include <string>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"

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
    bool color_ = false;
    bool quiet_ = false;
};

}  // namespace labelkit::cli
