#include "run_summary.hpp"

#include <algorithm>

#include "labelkit/version.hpp"

namespace labelkit::cli {

namespace {

using Json = nlohmann::ordered_json;

// Warnings grouped by rule, in order of first appearance, with the first one's message.
Json warnings_by_rule(const DiagnosticSink& sink) {
    Json warnings = Json::array();
    for (const Diagnostic& d : sink.diagnostics()) {
        if (d.severity != Severity::warning) continue;
        auto same_rule = [&](const Json& entry) { return entry["rule"] == d.rule; };
        const auto found = std::find_if(warnings.begin(), warnings.end(), same_rule);
        if (found != warnings.end()) {
            (*found)["count"] = (*found)["count"].get<std::size_t>() + 1;
            continue;
        }
        Json entry = {{"rule", d.rule}, {"count", 1}, {"message", with_pointer(d.message, d.location)}};
        if (!d.location.path.empty()) entry["path"] = d.location.path;
        warnings.push_back(std::move(entry));
    }
    return warnings;
}

Json location_of(const Location& where) {
    Json location = {{"path", where.path}};
    if (where.line > 0) location["line"] = where.line;
    if (where.column > 0) location["column"] = where.column;
    if (!where.json_pointer.empty()) location["json_pointer"] = where.json_pointer;
    return location;
}

}  // namespace

std::string render_run_summary(const RunSummary& summary, const DiagnosticSink& sink, const Error* error) {
    Json inputs = Json::array();
    for (const auto& input : summary.inputs) inputs.push_back(input.string());
    Json written = Json::array();
    for (const WrittenFile& file : summary.written)
        written.push_back({{"path", file.path.string()}, {"kind", file.kind}, {"format", file.format}});
    Json document = {{"version", 1},
                     {"tool", {{"name", "labelkit"}, {"version", labelkit::version()}}},
                     {"command", summary.command},
                     {"status", error ? 2 : 0},
                     {"inputs", std::move(inputs)},
                     {"from", summary.from.empty() ? Json(nullptr) : Json(summary.from)},
                     {"written", std::move(written)}};
    if (summary.counts) {
        const WrittenCounts& counts = *summary.counts;
        document["counts"] = {{"items", counts.items},
                              {"annotations", counts.annotations},
                              {"labels", counts.labels},
                              {"categories", counts.categories}};
    }
    for (const auto& [key, value] : summary.details.items()) document[key] = value;
    document["warnings"] = warnings_by_rule(sink);
    if (error) {
        Json failure = {{"message", error->message()}};
        if (!error->where().path.empty()) failure["location"] = location_of(error->where());
        document["error"] = std::move(failure);
    }
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace labelkit::cli
