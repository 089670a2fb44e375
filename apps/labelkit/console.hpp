#pragma once
// How the CLI talks to people: data and reports on stdout, messages on stderr, colour only
// on a terminal (and never with NO_COLOR or --color never).
#include <cstdio>
#include <string>

#include "labelkit/diagnostics.hpp"

namespace labelkit::cli {

enum class ColorMode { automatic, always, never };

class Console {
public:
    explicit Console(ColorMode mode);
    void set_color(ColorMode mode);
    void set_quiet(bool quiet) { quiet_ = quiet; }

    void message(const std::string& text) const;  // stderr, unless quiet
    void diagnostic(const Diagnostic& diagnostic) const;  // stderr; info only when not quiet
    void error(const std::string& text) const;  // stderr, always

    // A sink that prints each diagnostic as it arrives.
    DiagnosticSink make_sink() const;

private:
    std::string paint(const std::string& text, const char* code) const;
    bool color_ = false;
    bool quiet_ = false;
};

}  // namespace labelkit::cli
