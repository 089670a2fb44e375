// JSON reports: labelkit's own (schemas/lint-report.schema.json) and SARIF 2.1.0.
#include <nlohmann/json.hpp>

#include "core/report_detail.hpp"

namespace labelkit::report_detail {

namespace {

using Json = nlohmann::ordered_json;

// Invalid UTF-8 in a message or path becomes U+FFFD instead of an exception.
std::string dump(const Json& document) {
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

const char* sarif_level(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::info: return "note";
    }
    return "error";
}

const std::string& or_else(const std::string& text, const std::string& fallback) {
    return text.empty() ? fallback : text;
}

Json json_location(const Location& where) {
    Json location = {{"path", where.path}};
    if (where.line > 0) location["line"] = where.line;
    if (where.column > 0) location["column"] = where.column;
    if (!where.json_pointer.empty()) location["json_pointer"] = where.json_pointer;
    return location;
}

// A SARIF location: a physical location whenever there is a path, with a region when the
// line is known.
Json sarif_location(const Location& where) {
    const PortablePath portable = portable_path(where.path);
    Json artifact = portable.inside ? Json{{"uri", percent_encode_path(portable.path)}, {"uriBaseId", "%SRCROOT%"}}
                                    : Json{{"uri", "file://" + percent_encode_path(portable.path)}};
    Json physical = {{"artifactLocation", std::move(artifact)}};
    if (where.line > 0) {
        Json region = {{"startLine", where.line}};
        if (where.column > 0) region["startColumn"] = where.column;
        physical["region"] = std::move(region);
    }
    return Json{{"physicalLocation", std::move(physical)}};
}

}  // namespace

std::string render_json(const Prepared& prepared) {
    const ReportInput& input = *prepared.input;
    Json diagnostics = Json::array();
    for (const Diagnostic& diagnostic : prepared.diagnostics) {
        diagnostics.push_back({{"rule", diagnostic.rule},
                               {"severity", to_string(diagnostic.severity)},
                               {"message", diagnostic.message},
                               {"location", json_location(diagnostic.location)}});
    }
    Json notes = Json::array();
    for (const UnlistedFindings& unlisted : input.unlisted) {
        notes.push_back({{"rule", unlisted.rule},
                         {"severity", to_string(unlisted.severity)},
                         {"count", unlisted.count},
                         {"message", unlisted_note(unlisted, input.max_per_rule)}});
    }
    Json rules = Json::array();
    for (const RuleInfo& rule : prepared.rules) {
        rules.push_back({{"id", rule.id},
                         {"severity", to_string(rule.default_severity)},
                         {"description", rule.short_description}});
    }
    Json document = {
        {"version", 2},
        {"tool", {{"name", "labelkit"}, {"version", input.tool_version}}},
        {"input", input.input},
        {"summary", {{"errors", prepared.total.errors},
                     {"warnings", prepared.total.warnings},
                     {"infos", prepared.total.infos},
                     {"files", prepared.files.size()},
                     {"listed", {{"errors", prepared.listed.errors},
                                 {"warnings", prepared.listed.warnings},
                                 {"infos", prepared.listed.infos}}}}},
        {"diagnostics", std::move(diagnostics)},
        {"notes", std::move(notes)},
        {"rules", std::move(rules)},
    };
    if (input.failure) {
        Json failure = {{"message", input.failure->message}};
        if (!input.failure->where.path.empty()) failure["location"] = json_location(input.failure->where);
        document["failure"] = std::move(failure);
    }
    return dump(document);
}

// SARIF 2.1.0 as GitHub code scanning takes it: one run, every rule that ran in
// tool.driver.rules, results with a physical location whenever there is a path (code scanning
// rejects the whole file for a result without one), a region only when the line is known.
std::string render_sarif(const Prepared& prepared) {
    const ReportInput& input = *prepared.input;
    Json rules = Json::array();
    for (const RuleInfo& rule : prepared.rules) {
        // GitHub shows all three texts; none of them is left empty.
        const std::string& short_text = or_else(rule.short_description, rule.id);
        const std::string& full_text = or_else(rule.full_description, short_text);
        const std::string& help_text = or_else(rule.help, full_text);
        rules.push_back({{"id", rule.id},
                         {"shortDescription", {{"text", short_text}}},
                         {"fullDescription", {{"text", full_text}}},
                         {"help", {{"text", help_text}}},
                         {"defaultConfiguration", {{"level", sarif_level(rule.default_severity)}}}});
    }

    Json results = Json::array();
    for (const Diagnostic& diagnostic : prepared.diagnostics) {
        const Location& where = diagnostic.location;
        Json result = Json::object();
        if (!diagnostic.rule.empty()) result["ruleId"] = diagnostic.rule;
        if (const long index = prepared.rule_index(diagnostic.rule); index >= 0 && !diagnostic.rule.empty())
            result["ruleIndex"] = index;
        result["level"] = sarif_level(diagnostic.severity);
        result["message"] = {{"text", with_pointer(diagnostic.message, where)}};
        if (!where.path.empty()) result["locations"] = Json::array({sarif_location(where)});
        results.push_back(std::move(result));
    }

    // Unlisted findings are not results (GitHub would count them as alerts) but notes about
    // the run; the count is also in the notification's property bag for tools.
    // A run that could not read its input did not succeed: the cause is an error notification
    // in the log that is uploaded, instead of an empty, clean-looking run.
    Json invocation = {{"executionSuccessful", !input.failure}};
    Json notifications = Json::array();
    if (input.failure) {
        const Location& where = input.failure->where;
        Json notification = {{"level", "error"}, {"message", {{"text", with_pointer(input.failure->message, where)}}}};
        if (!where.path.empty()) notification["locations"] = Json::array({sarif_location(where)});
        notifications.push_back(std::move(notification));
    }
    for (const UnlistedFindings& unlisted : input.unlisted) {
        Json rule = {{"id", unlisted.rule}};
        if (const long index = prepared.rule_index(unlisted.rule); index >= 0) rule["index"] = index;
        notifications.push_back({{"level", "note"},
                                 {"message", {{"text", unlisted_note(unlisted, input.max_per_rule)}}},
                                 {"associatedRule", std::move(rule)},
                                 {"properties", {{"count", unlisted.count},
                                                 {"severity", to_string(unlisted.severity)}}}});
    }
    if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

    Json driver = {{"name", "labelkit"}};
    if (!input.tool_version.empty()) driver["version"] = input.tool_version;
    driver["rules"] = std::move(rules);
    const Json document = {
        {"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", Json::array({Json{{"tool", {{"driver", std::move(driver)}}},
                                   {"invocations", Json::array({std::move(invocation)})},
                                   {"results", std::move(results)}}})},
    };
    return dump(document);
}

}  // namespace labelkit::report_detail
