// Which columns of an Appen report the reader uses: the answers (chosen by appen_answer_columns
// or named with --columns label=COL), their companions and the input data.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/csv.hpp"
#include "formats/appen/appen_columns.hpp"
#include "formats/appen/appen_report.hpp"
#include "labelkit/io.hpp"

namespace labelkit::appen {

namespace {

std::optional<std::size_t> column(const std::vector<std::string>& header, const std::string& name,
                                  const std::filesystem::path& path) {
    return find_column(header, name, path, "appen/csv");
}

std::string listed(const std::vector<std::string>& columns) {
    return shorten(fmt::format("{}", fmt::join(columns, ", ")), 600);
}

// The label= columns of --columns (the appen preset's name is allowed: it says nothing more).
std::vector<std::string> named_answers(const std::string& spec, const Location& where) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (pos < spec.size()) {
        std::size_t end = spec.find(',', pos);
        if (end == std::string::npos) end = spec.size();
        const std::string token = spec.substr(pos, end - pos);
        pos = end + 1;
        if (token.empty() || token == "appen") continue;
        if (token.rfind("label=", 0) != 0 || token.size() == 6)
            throw Error(fmt::format("--columns: an Appen report takes label=COL (one per answer column to read), not '{}'",
                                    shorten(token)),
                        where, "appen/columns");
        names.push_back(token.substr(6));
    }
    return names;
}

std::vector<std::string> automatic_answers(const std::vector<std::string>& header, const Location& where) {
    const std::vector<std::string> answers = appen_answer_columns(header);
    if (!answers.empty()) return answers;
    const std::vector<std::string> candidates = appen_answer_candidates(header);
    if (candidates.size() == 1) return candidates;
    throw Error(fmt::format("no column has an answer's companion (<field>_gold, <field>:confidence), so which columns "
                            "are answers is not clear: name them with --columns label=COL (candidates: {})",
                            candidates.empty() ? std::string("none") : listed(candidates)),
                where, "appen/columns");
}

// The answers named in --columns, those the header has; the others reported (lenient) or thrown.
std::vector<std::string> chosen_answers(const std::vector<std::string>& header, const std::filesystem::path& path,
                                        const ReadOptions& options, DiagnosticSink& sink) {
    const Location where{path.string(), 1, 0, {}};
    std::vector<std::string> answers;
    for (const std::string& name : named_answers(options.columns, where)) {
        if (column(header, name, path)) {
            answers.push_back(name);
            continue;
        }
        report_or_throw(Error(fmt::format("--columns names '{}', which the header does not have (it has: {})",
                                          shorten(name), listed(header)),
                              where, "appen/columns"),
                        options, sink, "appen/columns");
    }
    return answers.empty() ? automatic_answers(header, where) : answers;
}

bool is_companion(const std::string& name, const std::vector<std::string>& answers) {
    return std::any_of(answers.begin(), answers.end(), [&](const std::string& answer) {
        for (const char* suffix : {"", "_gold", "_gold_reason", ":confidence", ":variance"})
            if (iequals(name, answer + suffix)) return true;
        return false;
    });
}

}  // namespace

ReportColumns report_columns(const std::vector<std::string>& header, ReportKind kind, const std::filesystem::path& path,
                             const ReadOptions& options, DiagnosticSink& sink) {
    ReportColumns columns;
    columns.kind = kind;
    columns.count = header.size();
    columns.unit = *column(header, "_unit_id", path);
    columns.worker = column(header, "_worker_id", path);
    columns.trust = column(header, "_trust", path);
    columns.judgment = kind == ReportKind::full ? column(header, "_id", path) : std::nullopt;
    columns.golden = column(header, "_golden", path);
    columns.tainted = column(header, "_tainted", path);
    columns.unit_state = column(header, "_unit_state", path);
    const std::vector<std::string> answers = chosen_answers(header, path, options, sink);
    for (const std::string& name : answers)
        columns.answers.push_back({name, *column(header, name, path), column(header, name + "_gold", path),
                                   column(header, name + ":confidence", path), column(header, name + ":variance", path)});
    for (std::size_t c = 0; c < header.size(); ++c)
        if (!header[c].empty() && header[c].front() != '_' && !is_companion(header[c], answers))
            columns.data.emplace_back(header[c], c);
    return columns;
}

}  // namespace labelkit::appen
