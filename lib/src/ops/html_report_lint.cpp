// The lint section of `labelkit report`: the findings grouped by rule.
#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "ops/html_report_sections.hpp"

namespace labelkit::html {

namespace {

struct RuleFindings {
    std::string rule;
    std::array<std::size_t, 3> counts{};  // by Severity (info, warning, error)
    std::vector<const Diagnostic*> listed;

    std::size_t total() const { return counts[0] + counts[1] + counts[2]; }
    int worst() const { return counts[2] > 0 ? 2 : counts[1] > 0 ? 1 : 0; }
};

// Errors first, then the rules with most findings, then by id.
std::vector<RuleFindings> by_rule(const ReportInput& report) {
    std::map<std::string, RuleFindings> rules;
    for (const Diagnostic& diagnostic : report.diagnostics) {
        RuleFindings& entry = rules[diagnostic.rule];
        ++entry.counts[static_cast<std::size_t>(diagnostic.severity)];
        entry.listed.push_back(&diagnostic);
    }
    for (const UnlistedFindings& unlisted : report.unlisted)
        rules[unlisted.rule].counts[static_cast<std::size_t>(unlisted.severity)] += unlisted.count;
    std::vector<RuleFindings> out;
    for (auto& [rule, entry] : rules) {
        entry.rule = rule;
        out.push_back(std::move(entry));
    }
    std::stable_sort(out.begin(), out.end(), [](const RuleFindings& a, const RuleFindings& b) {
        if (a.worst() != b.worst()) return a.worst() > b.worst();
        return a.total() > b.total();
    });
    return out;
}

std::string description(const ReportInput& report, const std::string& rule) {
    for (const RuleInfo& info : report.rules)
        if (info.id == rule) return info.short_description;
    return "";
}

std::string severity_cell(Severity severity) {
    const std::string name(to_string(severity));
    return fmt::format("<td class=\"{}\">{}</td>", name, name);
}

std::string where(const Diagnostic& diagnostic, const std::string& input) {
    const std::string position = diagnostic.location.path.empty() ? input : diagnostic.location.position();
    return with_pointer(position, diagnostic.location);
}

std::string findings_table(const RuleFindings& rule, const std::string& input) {
    std::string out = "<table>\n<tr><th>Where</th><th>Severity</th><th>Message</th></tr>\n";
    for (const Diagnostic* diagnostic : rule.listed)
        out += fmt::format("<tr><td><code>{}</code></td>{}<td>{}</td></tr>\n", escape(where(*diagnostic, input)),
                           severity_cell(diagnostic->severity), escape(diagnostic->message));
    if (rule.total() > rule.listed.size())
        out += fmt::format("<tr class=\"more\"><td colspan=\"3\">+{} more</td></tr>\n", rule.total() - rule.listed.size());
    return out + "</table>\n";
}

std::string summary(const LintSummary& summary) {
    if (summary.errors + summary.warnings + summary.infos == 0)
        return fmt::format("<p>No problems found in {}.</p>\n", counted(summary.files, "file"));
    return fmt::format("<p>{}, {}, {} in {} checked.</p>\n", counted(summary.errors, "error"),
                       counted(summary.warnings, "warning"), counted(summary.infos, "info"),
                       counted(summary.files, "file"));
}

}  // namespace

std::string lint_section(const LintResult& lint) {
    const ReportInput& report = lint.report;
    std::string out = summary(lint.summary);
    const std::vector<RuleFindings> rules = by_rule(report);
    if (rules.empty()) return out;
    out += "<table>\n<tr><th>Rule</th><th>Errors</th><th>Warnings</th><th>Infos</th><th>What it checks</th></tr>\n";
    for (const RuleFindings& rule : rules)
        out += fmt::format("<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                           "<td class=\"n\">{}</td><td>{}</td></tr>\n",
                           escape(rule.rule), rule.counts[2], rule.counts[1], rule.counts[0],
                           escape(description(report, rule.rule)));
    out += "</table>\n";
    for (const RuleFindings& rule : rules)
        out += fmt::format("<details open><summary><code>{}</code>: {}</summary>\n{}</details>\n", escape(rule.rule),
                           counted(rule.total(), "finding"), findings_table(rule, report.input));
    return out;
}

}  // namespace labelkit::html
