#pragma once
// One diagnostic type and one sink. Renderers of diagnostics live in one place (core/report*.cpp,
// declared in labelkit/report.hpp).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/enum_names.hpp"

namespace labelkit {

enum class Severity { info, warning, error };
template <>
struct EnumTable<Severity> {
    static constexpr EnumName<Severity> entries[] = {
        {Severity::info, "info"}, {Severity::warning, "warning"}, {Severity::error, "error"}};
};

// "1 image", "3 images", "2 categories" (plural given when not singular + "s").
std::string counted(std::size_t count, std::string_view singular, std::string_view plural = {});

// Text from the input as a message quotes it: at most `limit` bytes ("..." after), control
// characters and NUL written as \xNN, so that a huge or binary token never floods a report.
std::string shorten(std::string_view text, std::size_t limit = 40);

// Where something is: a file plus a line/column (text formats) or a JSON pointer.
// line and column are 1-based; 0 means unknown.
struct Location {
    std::string path;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string json_pointer;

    bool empty() const { return path.empty() && line == 0 && json_pointer.empty(); }
    // "path:line:col", "path:line" or "path", without the pointer: how a compiler-style line
    // starts (see compiler_line in labelkit/report.hpp).
    std::string position() const;
    // The position and the pointer, "path:line:col (at /pointer)": how a message refers to
    // another place.
    std::string to_string() const;
};

// The text followed by the location's JSON pointer, "text (at /pointer)", or the text alone
// when there is no pointer. Every text that shows a pointer puts it this way, after what it is
// about, so that the position stays "path:line:col" as compilers write it.
std::string with_pointer(std::string_view text, const Location& where);

struct Diagnostic {
    std::string rule;  // "<format-or-dataset>/<kebab-name>"
    Severity severity = Severity::warning;
    std::string message;
    Location location;
};

// Collects diagnostics; optionally forwards each one as it arrives (to print warnings live).
class DiagnosticSink {
public:
    DiagnosticSink() = default;
    explicit DiagnosticSink(std::function<void(const Diagnostic&)> on_report)
        : on_report_(std::move(on_report)) {}

    void report(Diagnostic diagnostic);

    // A filter sees each diagnostic before it is kept, may change it, and drops it by returning
    // false. `claim` answers, before a diagnostic is built, whether it could be kept: false
    // means it is dropped (and the filter has counted it), so the caller need not build it.
    void set_filter(std::function<bool(Diagnostic&)> keep, std::function<bool(std::string_view rule)> claim);
    bool claim(std::string_view rule) const { return !claim_ || claim_(rule); }
    void warn(std::string rule, std::string message, Location location = {});
    void info(std::string rule, std::string message, Location location = {});

    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    std::size_t count(Severity severity) const;

private:
    std::function<void(const Diagnostic&)> on_report_;
    std::function<bool(Diagnostic&)> keep_;
    std::function<bool(std::string_view)> claim_;
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace labelkit
