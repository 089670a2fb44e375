// JUnit XML as Jenkins and GitLab read it: one testcase per file checked. A file with errors
// or warnings fails with ONE <failure> holding all of them, because Jenkins, GitLab, Azure and
// most parsers show or accept only the first <failure> of a testcase; infos go to <system-out>.
// The testsuite's <system-out> holds the notes on unlisted findings and the summary.
#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/report_detail.hpp"

namespace labelkit::report_detail {

namespace {

void set(pugi::xml_node node, const char* attribute, const std::string& value) {
    node.append_attribute(attribute).set_value(clean_text(value, true).c_str());
}

void set(pugi::xml_node node, const char* attribute, std::size_t value) {
    node.append_attribute(attribute).set_value(std::to_string(value).c_str());
}

// The text-format lines of the diagnostics, one per line.
std::string lines(const std::vector<const Diagnostic*>& diagnostics) {
    std::string text;
    for (const Diagnostic* diagnostic : diagnostics) text += text_line(*diagnostic) + "\n";
    return text;
}

}  // namespace

std::string render_junit(const Prepared& prepared) {
    // Testcases: the checked files, and "" when a diagnostic has no path at all.
    std::vector<std::string> cases = prepared.files;
    for (const std::string& file : prepared.files_with_findings) {
        if (file.empty()) cases.push_back(file);
    }
    std::size_t failures = 0;
    struct Case {
        std::string name;
        std::vector<const Diagnostic*> problems, infos;
    };
    std::vector<Case> rows;
    for (const std::string& file : cases) {
        Case row{file.empty() ? "labelkit" : file, {}, {}};
        for (const Diagnostic& diagnostic : prepared.diagnostics) {
            if (diagnostic.location.path != file) continue;
            (diagnostic.severity == Severity::info ? row.infos : row.problems).push_back(&diagnostic);
        }
        if (!row.problems.empty()) ++failures;
        rows.push_back(std::move(row));
    }
    // Findings that --max-per-rule did not list belong to files nobody knows: one testcase that
    // fails when any of them is an error or a warning, so that a CI gate never passes on them.
    std::size_t unlisted_problems = 0;
    for (const UnlistedFindings& unlisted : prepared.input->unlisted)
        if (unlisted.severity != Severity::info) unlisted_problems += unlisted.count;
    if (unlisted_problems > 0) ++failures;
    // A run that could not read its input is an error of the test run, not a failed check:
    // JUnit's <error>, counted in the errors attribute.
    const std::optional<RunFailure>& run_failure = prepared.input->failure;
    const std::size_t errors = run_failure ? 1 : 0;
    const std::size_t tests = rows.size() + (unlisted_problems > 0 ? 1 : 0) + errors;

    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version").set_value("1.0");
    declaration.append_attribute("encoding").set_value("UTF-8");
    pugi::xml_node suites = document.append_child("testsuites");
    set(suites, "name", std::string("labelkit lint"));
    set(suites, "tests", tests);
    set(suites, "failures", failures);
    set(suites, "errors", errors);
    pugi::xml_node suite = suites.append_child("testsuite");
    set(suite, "name", std::string("labelkit lint"));
    set(suite, "tests", tests);
    set(suite, "failures", failures);
    set(suite, "errors", errors);
    set(suite, "skipped", std::size_t{0});

    for (const Case& row : rows) {
        pugi::xml_node testcase = suite.append_child("testcase");
        set(testcase, "classname", std::string("labelkit.lint"));
        set(testcase, "name", row.name);
        if (!row.problems.empty()) {
            // type: the distinct rules; message: the one problem's message, or the counts.
            std::vector<std::string> rules;
            std::size_t errors = 0;
            for (const Diagnostic* problem : row.problems) {
                if (std::find(rules.begin(), rules.end(), problem->rule) == rules.end()) rules.push_back(problem->rule);
                if (problem->severity == Severity::error) ++errors;
            }
            const std::string message =
                row.problems.size() == 1
                    ? row.problems.front()->message
                    : fmt::format("{}, {}", counted(errors, "error"), counted(row.problems.size() - errors, "warning"));
            pugi::xml_node failure = testcase.append_child("failure");
            set(failure, "type", fmt::format("{}", fmt::join(rules, ", ")));
            set(failure, "message", message);
            failure.text().set(clean_text(lines(row.problems), true).c_str());
        }
        if (!row.infos.empty()) {
            testcase.append_child("system-out").text().set(clean_text(lines(row.infos), true).c_str());
        }
    }
    if (unlisted_problems > 0) {
        pugi::xml_node testcase = suite.append_child("testcase");
        set(testcase, "classname", std::string("labelkit.lint"));
        set(testcase, "name", std::string("findings not listed (--max-per-rule)"));
        pugi::xml_node failure = testcase.append_child("failure");
        set(failure, "type", std::string("unlisted"));
        set(failure, "message", fmt::format("{} not listed", counted(unlisted_problems, "error or warning", "errors and warnings")));
        failure.text().set(clean_text(note_lines(prepared), true).c_str());
    }
    if (run_failure) {
        const Location& where = run_failure->where;
        pugi::xml_node testcase = suite.append_child("testcase");
        set(testcase, "classname", std::string("labelkit.lint"));
        set(testcase, "name", where.path.empty() ? prepared.input->input : where.path);
        pugi::xml_node error = testcase.append_child("error");
        set(error, "type", std::string("lint could not run"));
        set(error, "message", with_pointer(run_failure->message, where));
        error.text().set(clean_text(text_line({"", Severity::error, run_failure->message, where}) + "\n", true).c_str());
    }
    // JUnit counts testcases, not findings: the notes on unlisted findings and the summary
    // line with the totals go to the suite's own output.
    const std::string summary = note_lines(prepared) + summary_line(prepared) + "\n";
    suite.append_child("system-out").text().set(clean_text(summary, true).c_str());

    std::ostringstream out;
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

}  // namespace labelkit::report_detail
