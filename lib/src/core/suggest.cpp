#include "labelkit/suggest.hpp"

#include <algorithm>

#include "labelkit/enum_names.hpp"

namespace labelkit {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest_names(const std::vector<std::string>& known, std::string_view typed,
                                       std::size_t most_edits) {
    const std::size_t limit = std::min(most_edits, typed.empty() ? 0 : typed.size() - 1);
    std::vector<std::string> closest;
    std::size_t best = limit + 1;
    for (const std::string& name : known) {
        const std::size_t distance = edit_distance(typed, name);
        if (distance > limit || distance > best) continue;
        if (distance < best) closest.clear();
        best = distance;
        if (std::find(closest.begin(), closest.end(), name) == closest.end()) closest.push_back(name);
    }
    return closest;
}

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

std::string did_you_mean(const std::vector<std::string>& names) {
    if (names.empty()) return "";
    std::vector<std::string> quoted;
    for (const std::string& name : names) quoted.push_back("'" + name + "'");
    return "did you mean " + or_list(quoted) + "?";
}

}  // namespace labelkit
