#include "labelkit/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace labelkit {

// A known line with no known column is at column 1: tools that read "path:line:col:" need one.
std::string Location::position() const {
    std::string text = path;
    if (line > 0) text += fmt::format(":{}:{}", line, column > 0 ? column : 1);
    return text;
}

std::string counted(std::size_t count, std::string_view singular, std::string_view plural) {
    if (count == 1) return fmt::format("1 {}", singular);
    return plural.empty() ? fmt::format("{} {}s", count, singular) : fmt::format("{} {}", count, plural);
}

std::string shorten(std::string_view text, std::size_t limit) {
    std::string shown;
    for (const char c : text.substr(0, limit)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) shown += fmt::format("\\x{:02x}", byte);
        else shown += c;
    }
    return text.size() <= limit ? shown : shown + "...";
}

std::string Location::to_string() const { return with_pointer(position(), *this); }

std::string with_pointer(std::string_view text, const Location& where) {
    if (where.json_pointer.empty()) return std::string(text);
    if (text.empty()) return fmt::format("(at {})", where.json_pointer);
    return fmt::format("{} (at {})", text, where.json_pointer);
}

void DiagnosticSink::set_filter(std::function<bool(Diagnostic&)> keep, std::function<bool(std::string_view)> claim) {
    keep_ = std::move(keep);
    claim_ = std::move(claim);
}

void DiagnosticSink::report(Diagnostic diagnostic) {
    if (keep_ && !keep_(diagnostic)) return;
    if (on_report_) on_report_(diagnostic);
    diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::warn(std::string rule, std::string message, Location location) {
    report({std::move(rule), Severity::warning, std::move(message), std::move(location)});
}

void DiagnosticSink::info(std::string rule, std::string message, Location location) {
    report({std::move(rule), Severity::info, std::move(message), std::move(location)});
}

std::size_t DiagnosticSink::count(Severity severity) const {
    return static_cast<std::size_t>(std::count_if(diagnostics_.begin(), diagnostics_.end(),
        [severity](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace labelkit
