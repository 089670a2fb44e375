#include "formats/appen/appen_columns.hpp"

#include <algorithm>
#include <string_view>

#include "labelkit/io.hpp"

namespace labelkit {

namespace {

bool ends_with_text(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

bool has_column(const std::vector<std::string>& header, std::string_view name) {
    return std::any_of(header.begin(), header.end(), [&](const std::string& column) { return iequals(column, name); });
}

}  // namespace

std::vector<std::string> appen_answer_candidates(const std::vector<std::string>& header) {
    std::vector<std::string> candidates;
    for (const std::string& column : header) {
        if (column.empty() || column.front() == '_' || column.find(':') != std::string::npos) continue;
        if (ends_with_text(column, "_gold") || ends_with_text(column, "_gold_reason")) continue;
        candidates.push_back(column);
    }
    return candidates;
}

std::vector<std::string> appen_answer_columns(const std::vector<std::string>& header) {
    std::vector<std::string> answers;
    for (const std::string& column : appen_answer_candidates(header))
        if (has_column(header, column + "_gold") || has_column(header, column + ":confidence") ||
            has_column(header, column + ":variance"))
            answers.push_back(column);
    return answers;
}

}  // namespace labelkit
