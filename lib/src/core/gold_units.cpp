#include "labelkit/gold_units.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

std::vector<std::string> answer_lines(const std::string& cell) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos <= cell.size()) {
        std::size_t end = cell.find('\n', pos);
        if (end == std::string::npos) end = cell.size();
        std::string_view line = std::string_view(cell).substr(pos, end - pos);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        if (!line.empty()) lines.emplace_back(line);
        pos = end + 1;
    }
    return lines;
}

bool scores_left_out_row(bool golden, bool tainted, bool keep_gold, bool keep_tainted) {
    return golden && !keep_gold && (!tainted || keep_tainted);
}

bool same_answers(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    return a == b;
}

bool add_gold_row(GoldUnits& units, const std::string& unit, const std::string& gold_cell, const Judgment* left_out) {
    if (left_out) units.left_out.push_back(*left_out);
    std::vector<std::string> accepted = answer_lines(gold_cell);
    if (accepted.empty()) {
        units.without_answer.insert(unit);
        return false;
    }
    const auto [known, added] = units.answers.try_emplace(unit, accepted);
    if (!added && !same_answers(known->second, accepted) && units.conflicting.insert(unit).second &&
        units.conflicting.size() == 1)
        units.first_conflicting = unit;
    return left_out != nullptr;
}

std::string gold_left_out_message(std::size_t left_out, std::size_t scored, bool collecting, const std::string& where) {
    const std::string rows = fmt::format("{} of gold units (test questions, _golden true)", counted(left_out, "judgment"));
    if (!collecting || scored == 0) return fmt::format("{} left out{}; --keep-gold keeps them", rows, where);
    if (scored == left_out)
        return fmt::format("{} left out of the agreement statistics and used for the scorecard only{}; --keep-gold "
                           "keeps them in both",
                           rows, where);
    return fmt::format("{} left out of the agreement statistics{}; {} of them (those with a gold answer) used for the "
                       "scorecard only; --keep-gold keeps them",
                       rows, where, scored);
}

std::vector<Format> formats_collecting_gold(std::vector<Format> formats, GoldUnits& gold) {
    for (Format& format : formats) {
        if (format.name == "appen")
            format.read = [&gold](const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
                return read_appen_report(input, options, &gold, sink);
            };
        if (format.name == "ratings")
            format.read_judgments = [&gold](const std::filesystem::path& input, const ReadOptions& options,
                                            DiagnosticSink& sink) {
                return read_judgments(input, TableReading{options.columns, options.keep_gold, options.keep_tainted}, &gold,
                                      sink);
            };
    }
    return formats;
}

std::vector<std::string> units_without_answer(const GoldUnits& units, const GoldLabels& file) {
    std::vector<std::string> units_left;
    for (const std::string& unit : units.without_answer)
        if (!units.answers.contains(unit) && !file.contains(unit)) units_left.push_back(unit);
    return units_left;
}

}  // namespace labelkit
