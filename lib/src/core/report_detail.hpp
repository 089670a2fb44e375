#pragma once
// Shared by the report renderers (report*.cpp); not part of the library's interface.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/report.hpp"

namespace labelkit::report_detail {

struct Counts {
    std::size_t errors = 0, warnings = 0, infos = 0;
    void add(Severity severity, std::size_t n = 1);
    std::size_t all() const { return errors + warnings + infos; }
};

// The input as every renderer sees it: paths filled in, diagnostics in report order.
struct Prepared {
    std::vector<Diagnostic> diagnostics;           // grouped by file, sorted by line/column
    std::vector<std::string> files_with_findings;  // first-seen order
    std::vector<std::string> files;                // checked files, then others with findings
    std::vector<RuleInfo> rules;                   // unique ids, first wins
    Counts listed;                                 // the diagnostics
    Counts total;                                  // the diagnostics and the unlisted findings
    const ReportInput* input = nullptr;

    // Index into rules, or -1.
    long rule_index(std::string_view id) const;
};

Prepared prepare(const ReportInput& input);

// "2 errors, 1 warning, 0 infos in 1 file" or "no problems found"; with unlisted findings
// "1002 errors, 0 warnings, 0 infos in at least 1 file (2 not listed)"; for a failed run
// "lint could not run: nothing was checked".
std::string summary_line(const Prepared& prepared);

// "1234 more findings of [rule] not listed (at most 1000 per rule are; --max-per-rule 0 lists all)".
std::string unlisted_note(const UnlistedFindings& unlisted, std::size_t max_per_rule);

// "note: <unlisted_note>\n" for each ReportInput::unlisted entry (a rule and a severity): plain
// lines without a path, so that neither a problem matcher nor GitHub takes them for findings.
std::string note_lines(const Prepared& prepared);

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
