// Report renderers, the parts they share: format names, report order, summary, paths, text
// cleaning. The formats themselves are in report_text.cpp, report_json.cpp, report_junit.cpp.
#include "labelkit/report.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/report_detail.hpp"

namespace labelkit {

std::string render_report(ReportFormat format, const ReportInput& input) {
    const report_detail::Prepared prepared = report_detail::prepare(input);
    switch (format) {
        case ReportFormat::text: return report_detail::render_text(prepared);
        case ReportFormat::json: return report_detail::render_json(prepared);
        case ReportFormat::sarif: return report_detail::render_sarif(prepared);
        case ReportFormat::github: return report_detail::render_github(prepared);
        case ReportFormat::junit: return report_detail::render_junit(prepared);
    }
    return report_detail::render_text(prepared);
}

std::string compiler_line(const Diagnostic& diagnostic, std::string_view severity) {
    std::string line;
    if (!diagnostic.location.path.empty()) line = diagnostic.location.position() + ": ";
    line += fmt::format("{}: {}", severity, with_pointer(diagnostic.message, diagnostic.location));
    if (!diagnostic.rule.empty()) line += fmt::format(" [{}]", diagnostic.rule);
    return line;
}

RuleInfo make_rule(std::string id, Severity severity, std::string description, std::string help,
                   std::vector<RuleParameter> parameters, std::string fix) {
    return RuleInfo{std::move(id), severity, std::move(description), {}, std::move(help), std::move(parameters),
                    std::move(fix)};
}

namespace report_detail {

void Counts::add(Severity severity, std::size_t n) {
    switch (severity) {
        case Severity::error: errors += n; break;
        case Severity::warning: warnings += n; break;
        case Severity::info: infos += n; break;
    }
}

long Prepared::rule_index(std::string_view id) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].id == id) return static_cast<long>(i);
    }
    return -1;
}

Prepared prepare(const ReportInput& input) {
    Prepared prepared;
    prepared.input = &input;

    for (const RuleInfo& rule : input.rules) {
        if (prepared.rule_index(rule.id) < 0) prepared.rules.push_back(rule);
    }

    // Group by path in first-seen order, then sort each group by position; stable_sort keeps
    // diagnostics at the same position in the order they arrived.
    std::unordered_map<std::string, std::size_t> group_of;
    std::vector<std::vector<Diagnostic>> groups;
    for (const Diagnostic& diagnostic : input.diagnostics) {
        Diagnostic copy = diagnostic;
        if (copy.location.path.empty()) copy.location.path = input.input;
        const auto [it, added] = group_of.try_emplace(copy.location.path, groups.size());
        if (added) {
            groups.emplace_back();
            prepared.files_with_findings.push_back(copy.location.path);
        }
        groups[it->second].push_back(std::move(copy));
    }
    for (auto& group : groups) {
        std::stable_sort(group.begin(), group.end(), [](const Diagnostic& a, const Diagnostic& b) {
            if (a.location.line != b.location.line) return a.location.line < b.location.line;
            return a.location.column < b.location.column;
        });
        for (auto& diagnostic : group) {
            prepared.listed.add(diagnostic.severity);
            prepared.diagnostics.push_back(std::move(diagnostic));
        }
    }
    prepared.total = prepared.listed;
    for (const UnlistedFindings& unlisted : input.unlisted) prepared.total.add(unlisted.severity, unlisted.count);

    std::unordered_set<std::string_view> listed;  // a lint of 100,000 label files checks as many files
    listed.reserve(input.files.size() + prepared.files_with_findings.size());
    auto add_file = [&](const std::string& file) {
        if (!file.empty() && listed.insert(file).second) prepared.files.push_back(file);
    };
    for (const std::string& file : input.files) add_file(file);
    for (const std::string& file : prepared.files_with_findings) add_file(file);
    return prepared;
}

namespace {

std::string count(std::size_t n, const char* singular) {
    return fmt::format("{} {}{}", n, singular, n == 1 ? "" : "s");
}

}  // namespace

std::string summary_line(const Prepared& prepared) {
    const Counts& total = prepared.total;
    if (prepared.input->failure) return "lint could not run: nothing was checked";
    if (total.all() == 0) return "no problems found";
    const auto files = static_cast<std::size_t>(std::count_if(prepared.files_with_findings.begin(),
        prepared.files_with_findings.end(), [](const std::string& file) { return !file.empty(); }));
    const std::string counts = fmt::format("{}, {}, {}", count(total.errors, "error"),
                                           count(total.warnings, "warning"), count(total.infos, "info"));
    const std::size_t unlisted = total.all() - prepared.listed.all();
    // Which files the unlisted findings are in is not known: they were counted, not built.
    if (unlisted > 0) return fmt::format("{} in at least {} ({} not listed)", counts, count(files, "file"), unlisted);
    return fmt::format("{} in {}", counts, count(files, "file"));
}

std::string unlisted_note(const UnlistedFindings& unlisted, std::size_t max_per_rule) {
    std::string note = fmt::format("{} more {} of [{}] not listed", unlisted.count,
                                   unlisted.count == 1 ? "finding" : "findings", unlisted.rule);
    if (max_per_rule > 0)
        note += fmt::format(" (at most {} per rule are; --max-per-rule 0 lists all)", max_per_rule);
    return note;
}

std::string note_lines(const Prepared& prepared) {
    std::string lines;
    for (const UnlistedFindings& unlisted : prepared.input->unlisted)
        lines += fmt::format("note: {}\n", unlisted_note(unlisted, prepared.input->max_per_rule));
    return lines;
}

std::string text_line(const Diagnostic& diagnostic) {
    if (!diagnostic.location.path.empty()) return compiler_line(diagnostic, to_string(diagnostic.severity));
    Diagnostic about_the_run = diagnostic;
    about_the_run.location.path = "labelkit";
    return compiler_line(about_the_run, to_string(diagnostic.severity));
}

PortablePath portable_path(const std::string& path) {
    namespace fs = std::filesystem;
    if (path.empty()) return {};
    std::string slashed = path;
    std::replace(slashed.begin(), slashed.end(), '\\', '/');
    const fs::path given(slashed);
    std::error_code error;
    const fs::path cwd = fs::current_path(error).lexically_normal();
    if (error) {
        const fs::path normal = given.lexically_normal();
        const bool inside = normal.is_relative() && (normal.empty() || *normal.begin() != "..");
        return {normal.generic_string(), inside};
    }
    const fs::path absolute = (given.is_absolute() ? given : cwd / given).lexically_normal();
    const fs::path relative = absolute.lexically_relative(cwd);
    if (!relative.empty() && *relative.begin() != "..") return {relative.generic_string(), true};
    return {absolute.generic_string(), false};
}

std::string percent_encode_path(std::string_view path) {
    std::string encoded;
    encoded.reserve(path.size());
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                                byte == '~' || byte == '/';
        if (unreserved) {
            encoded += c;
        } else {
            encoded += fmt::format("%{:02X}", byte);
        }
    }
    return encoded;
}

std::string clean_text(std::string_view text, bool xml) {
    static constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            const bool allowed = !xml || lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r';
            if (allowed) {
                out += static_cast<char>(lead);
            } else {
                out += replacement;
            }
            ++i;
            continue;
        }
        // Length and smallest code point of a well-formed sequence starting with lead.
        std::size_t length = 0;
        char32_t code = 0, minimum = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2, code = lead & 0x1F, minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3, code = lead & 0x0F, minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4, code = lead & 0x07, minimum = 0x10000;
        }
        bool valid = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        valid = valid && code >= minimum && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        if (!valid) {
            out += replacement;
            ++i;  // resynchronise on the next byte
            continue;
        }
        if (xml && (code == 0xFFFE || code == 0xFFFF)) {
            out += replacement;
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

}  // namespace report_detail
}  // namespace labelkit
