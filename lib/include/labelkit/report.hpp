#pragma once
// Renderers of diagnostics into reports (text, json, sarif, github, junit): the one place that
// knows these formats. Pure functions of their input apart from the current directory, which
// SARIF uris and GitHub annotation paths are made relative to.
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

// A numeric setting of a rule that a lint config may change.
struct RuleParameter {
    std::string name;         // snake_case, as written in the config file
    double default_value = 0;
    std::string description;  // one line, with the unit
    double minimum = 0;       // what a config may set: outside, the search would be another (or unbounded)
    double maximum = std::numeric_limits<double>::infinity();
};

// What a rule is, for reports that describe the rules that ran (json, SARIF tool.driver.rules).
struct RuleInfo {
    std::string id;                      // "<format-or-dataset>/<kebab-name>", as in Diagnostic::rule
    Severity default_severity = Severity::warning;
    std::string short_description;       // one line
    std::string full_description;        // a paragraph; empty: the short description is used
    std::string help;                    // how to fix; empty: the full description is used
    std::vector<RuleParameter> parameters;
    std::string fix;                     // what `lint --fix` does about it; empty: nothing
};

// A rule whose full description is its short one: how the rule catalogues are written.
RuleInfo make_rule(std::string id, Severity severity, std::string description, std::string help,
                   std::vector<RuleParameter> parameters = {}, std::string fix = {});

enum class ReportFormat { text, json, sarif, github, junit };
template <>
struct EnumTable<ReportFormat> {
    static constexpr EnumName<ReportFormat> entries[] = {{ReportFormat::text, "text"},
                                                         {ReportFormat::json, "json"},
                                                         {ReportFormat::sarif, "sarif"},
                                                         {ReportFormat::github, "github"},
                                                         {ReportFormat::junit, "junit"}};
};

// Findings of one rule and severity that were counted but not listed (lint --max-per-rule).
struct UnlistedFindings {
    std::string rule;
    Severity severity = Severity::warning;
    std::size_t count = 0;
};

// Why a run stopped before its rules could run (the input or the config could not be read).
// Reported in place of the findings, so that a CI job that uploads the report shows the cause.
struct RunFailure {
    std::string message;
    Location where;  // the user's path (and line) when known
};

struct ReportInput {
    std::vector<Diagnostic> diagnostics;
    std::vector<RuleInfo> rules;       // every rule that ran; the first of equal ids counts
    std::vector<std::string> files;    // every file checked, also those without findings
    std::string input;                 // what was linted, as the user named it
    std::string tool_version;          // "0.1.0"
    std::vector<UnlistedFindings> unlisted;  // beyond the diagnostics; reported as notes
    std::size_t max_per_rule = 0;      // the limit that left them out (0: none), for the notes
    std::optional<RunFailure> failure; // set: the run did not complete (see render_report)
};

// One diagnostic as compilers write it, so that problem matchers (GitHub, VS Code, Emacs, Vim)
// parse it: "path:line:col: severity: message (at /pointer) [rule]". The parts that are not
// known are left out: "path: severity: message [rule]" without a line, "severity: message"
// without a path. `severity` is the severity's text as it is shown (a console may colour it).
std::string compiler_line(const Diagnostic& diagnostic, std::string_view severity);

// The whole report, ending in a newline. Never throws on odd text (invalid UTF-8, control
// characters): JSON, SARIF and JUnit replace what their syntax cannot carry with U+FFFD.
//
// Common rules, the same in every format:
// - A diagnostic without a path is about the input as a whole and is reported against
//   ReportInput::input.
// - Order: files in the order their first diagnostic arrives; within a file by line, then
//   column (0, unknown, first), ties kept in arrival order.
// - Summary counts are totals: the diagnostics plus ReportInput::unlisted. Text and github say
//   "N errors, N warnings, N infos in N files" where the files are those with findings listed
//   ("in at least N files (N not listed)" when some are not), or "no problems found"; json's
//   summary.files is the number of files checked (ReportInput::files plus any other file a
//   diagnostic names).
// - Unlisted findings are notes, never findings: one per ReportInput::unlisted entry, "N more
//   findings of [rule] not listed (...)": text and github print "note: ..." lines after the
//   findings, json has a `notes` array, SARIF tool execution notifications of level "note"
//   (runs[0].invocations[0]), JUnit the testsuite's <system-out> (with the summary line).
// - SARIF uris and GitHub `file=` paths: an absolute path below the current directory, or a
//   relative one, becomes relative to it (normalised, forward slashes); SARIF percent-encodes
//   it and bases it on %SRCROOT%. A path outside the current directory becomes a file:// uri.
// - A failed run (ReportInput::failure) is said the way each format says a tool that could not
//   run: text prints it as an "error:" line; github as an `::error` command; json as a `failure`
//   object; SARIF as invocations[0].executionSuccessful false with the failure as a
//   toolExecutionNotification of level error; JUnit as a testcase with an <error> (the
//   testsuite's errors attribute, distinct from failures, which are findings).
std::string render_report(ReportFormat format, const ReportInput& input);

}  // namespace labelkit
