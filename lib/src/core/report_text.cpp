// Line-oriented reports: compiler-style text, and GitHub Actions workflow commands.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/report_detail.hpp"

namespace labelkit::report_detail {

std::string render_text(const Prepared& prepared) {
    std::string out;
    if (const std::optional<RunFailure>& failure = prepared.input->failure)
        out += text_line({"", Severity::error, failure->message, failure->where}) + "\n";
    for (const Diagnostic& diagnostic : prepared.diagnostics) {
        out += text_line(diagnostic);
        out += '\n';
    }
    out += note_lines(prepared);
    out += summary_line(prepared);
    out += '\n';
    return out;
}

namespace {

// GitHub's escaping of workflow command data (the message).
std::string escape_data(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    return out;
}

// ... and of property values, which also end at ',' and '::'.
std::string escape_property(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : escape_data(text)) {
        switch (c) {
            case ':': out += "%3A"; break;
            case ',': out += "%2C"; break;
            default: out += c;
        }
    }
    return out;
}

const char* command(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::info: return "notice";
    }
    return "error";
}

}  // namespace

// `::error file=F,line=L,col=C,title=RULE::MESSAGE`, one per diagnostic; a JSON pointer, which
// an annotation has no field for, goes at the end of the message: "MESSAGE (at /pointer)".
// Then the notes and the summary as plain log lines.
std::string render_github(const Prepared& prepared) {
    std::string out;
    if (const std::optional<RunFailure>& failure = prepared.input->failure) {
        const Location& where = failure->where;
        std::vector<std::string> properties;
        if (!where.path.empty()) properties.push_back("file=" + escape_property(portable_path(where.path).path));
        if (where.line > 0) properties.push_back(fmt::format("line={}", where.line));
        properties.push_back("title=" + escape_property("labelkit lint could not run"));
        out += fmt::format("::error {}::{}\n", fmt::join(properties, ","), escape_data(with_pointer(failure->message, where)));
    }
    for (const Diagnostic& diagnostic : prepared.diagnostics) {
        const Location& where = diagnostic.location;
        std::vector<std::string> properties;
        if (!where.path.empty()) properties.push_back("file=" + escape_property(portable_path(where.path).path));
        if (where.line > 0) {
            properties.push_back(fmt::format("line={}", where.line));
            if (where.column > 0) properties.push_back(fmt::format("col={}", where.column));
        }
        if (!diagnostic.rule.empty()) properties.push_back("title=" + escape_property(diagnostic.rule));
        out += fmt::format("::{}{}{}::{}\n", command(diagnostic.severity), properties.empty() ? "" : " ",
                           fmt::join(properties, ","), escape_data(with_pointer(diagnostic.message, where)));
    }
    out += note_lines(prepared);
    out += summary_line(prepared);
    out += '\n';
    return out;
}

}  // namespace labelkit::report_detail
