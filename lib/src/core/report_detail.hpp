#pragma once
// Shared by the report renderers (report*.cpp); not part of the library's interface.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/report.hpp"

namespace labelkit::report_detail {

// The input as every renderer sees it: paths filled in, diagnostics in report order.
struct Prepared {
    std::vector<Diagnostic> diagnostics;           // grouped by file, sorted by line/column
    std::vector<std::string> files_with_findings;  // first-seen order
    std::vector<std::string> files;                // checked files, then others with findings
    std::vector<RuleInfo> rules;                   // unique ids, first wins
    std::size_t errors = 0, warnings = 0, infos = 0;
    const ReportInput* input = nullptr;

    // Index into rules, or -1.
    long rule_index(std::string_view id) const;
};

Prepared prepare(const ReportInput& input);

// "2 errors, 1 warning, 0 infos in 1 file" or "no problems found".
std::string summary_line(const Prepared& prepared);

// compiler_line with the plain severity; "labelkit: ..." when there is no path at all.
std::string text_line(const Diagnostic& diagnostic);

// A path made relative to the current directory when it lies below it (see report.hpp).
struct PortablePath {
    std::string path;     // forward slashes; relative when inside is true
    bool inside = false;  // below (or at) the current directory
};
PortablePath portable_path(const std::string& path);

// Percent-encodes every byte except unreserved characters (RFC 3986) and '/'.
std::string percent_encode_path(std::string_view path);

// Valid UTF-8 with invalid sequences replaced by U+FFFD; with xml, also the control
// characters XML 1.0 cannot carry (all below 0x20 except tab, newline, carriage return).
std::string clean_text(std::string_view text, bool xml);

std::string render_text(const Prepared& prepared);
std::string render_github(const Prepared& prepared);
std::string render_json(const Prepared& prepared);
std::string render_sarif(const Prepared& prepared);
std::string render_junit(const Prepared& prepared);

}  // namespace labelkit::report_detail
