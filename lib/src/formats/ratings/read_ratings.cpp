#include "labelkit/ratings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

const char* const required_columns[] = {"item", "annotator", "label"};

Location at(const std::filesystem::path& path, std::uint32_t line, std::string pointer = {}) {
    return Location{path.string(), line, 0, std::move(pointer)};
}

std::array<std::size_t, 3> header_columns(const std::vector<std::string>& header, const std::filesystem::path& path) {
    std::array<std::size_t, 3> columns{};
    for (std::size_t k = 0; k < 3; ++k) {
        const auto found = find_column(header, required_columns[k], path, "ratings/csv");
        if (!found)
            throw Error(fmt::format("the header has no '{}' column (it has: {}); a rating table needs "
                                    "item, annotator and label", required_columns[k], fmt::join(header, ", ")),
                        at(path, 1), "ratings/csv");
        columns[k] = *found;
    }
    return columns;
}

std::vector<Judgment> read_csv(const std::filesystem::path& path, std::string_view text) {
    CsvReader reader(text, path, "ratings/csv");
    std::vector<std::string> header;
    if (!reader.next(header)) throw Error("the file is empty: a rating table needs a header row", at(path, 1), "ratings/csv");
    const auto columns = header_columns(header, path);
    std::vector<Judgment> judgments;
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        if (fields.size() != header.size())
            throw Error(fmt::format("{} fields where the header has {}", fields.size(), header.size()),
                        at(path, reader.line()), "ratings/csv");
        Judgment judgment{fields[columns[0]], fields[columns[1]], fields[columns[2]], false, at(path, reader.line())};
        judgment.missing = judgment.label.empty();
        if (judgment.item.empty() || judgment.annotator.empty())
            throw Error("the item and annotator columns must not be empty", at(path, reader.line()), "ratings/csv");
        judgments.push_back(std::move(judgment));
    }
    return judgments;
}

// A JSON value as a table cell: strings as they are, numbers in their shortest form.
std::optional<std::string> json_cell(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return value.dump();
    if (value.is_number_float()) return fmt::format("{}", value.get<double>());
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    return std::nullopt;
}

Judgment json_judgment(const std::string& text, const std::filesystem::path& path, std::uint32_t line) {
    nlohmann::json row;
    try {
        row = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {  // a syntax error, or a number past a double like 1e309
        throw Error(fmt::format("not valid JSON: {}", shorten(error.what(), 200)), at(path, line), "ratings/jsonl");
    }
    if (!row.is_object()) throw Error("each line must be a JSON object", at(path, line), "ratings/jsonl");
    Judgment judgment;
    judgment.where = at(path, line);
    std::string* targets[] = {&judgment.item, &judgment.annotator, &judgment.label};
    for (std::size_t k = 0; k < 3; ++k) {
        const std::string key = required_columns[k];
        const auto found = row.find(key);
        if (found == row.end())
            throw Error(fmt::format("the object has no \"{}\" key", key), at(path, line), "ratings/jsonl");
        if (k == 2 && found->is_null()) {
            judgment.missing = true;
            continue;
        }
        const std::optional<std::string> cell = json_cell(*found);
        if (!cell || (k < 2 && cell->empty()))
            throw Error(fmt::format("\"{}\" must be a non-empty string or a number{}", key, k == 2 ? " (or null)" : ""),
                        at(path, line, "/" + key), "ratings/jsonl");
        *targets[k] = *cell;
    }
    judgment.missing = judgment.missing || judgment.label.empty();
    return judgment;
}

std::vector<Judgment> read_jsonl(const std::filesystem::path& path, std::string_view text) {
    std::vector<Judgment> judgments;
    std::uint32_t line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string row(text.substr(pos, end - pos));
        pos = end + 1;
        if (row.find_first_not_of(" \t\r") == std::string::npos) continue;
        judgments.push_back(json_judgment(row, path, line));
    }
    return judgments;
}

std::optional<double> as_number(const std::string& text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// The label list and, per label text, its index: numeric labels of equal value share one.
struct LabelDomain {
    std::vector<std::string> labels;
    std::vector<double> numbers;
    bool ordered = false;
    std::unordered_map<std::string, std::int32_t> index;
};

LabelDomain ordered_domain(const std::vector<std::string>& order) {
    LabelDomain domain;
    domain.ordered = true;
    for (const std::string& label : order) {
        if (!domain.index.try_emplace(label, static_cast<std::int32_t>(domain.labels.size())).second)
            throw Error(fmt::format("--order lists '{}' twice", label));
        domain.labels.push_back(label);
    }
    for (const std::string& label : order) {
        const auto number = as_number(label);
        if (!number) return domain;
        domain.numbers.push_back(*number);
    }
    return domain;
}

LabelDomain observed_domain(const std::vector<Judgment>& judgments) {
    std::map<std::string, bool> seen;
    for (const Judgment& judgment : judgments)
        if (!judgment.missing) seen.emplace(judgment.label, true);
    LabelDomain domain;
    std::vector<std::pair<double, std::string>> numeric;
    for (const auto& [label, unused] : seen) {
        const auto number = as_number(label);
        if (!number) {
            numeric.clear();
            break;
        }
        numeric.emplace_back(*number, label);
    }
    if (!numeric.empty() || seen.empty()) {
        std::stable_sort(numeric.begin(), numeric.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        domain.ordered = true;
        for (const auto& [number, label] : numeric) {
            if (domain.numbers.empty() || domain.numbers.back() != number) {
                domain.labels.push_back(label);
                domain.numbers.push_back(number);
            }
            domain.index[label] = static_cast<std::int32_t>(domain.labels.size() - 1);
        }
        return domain;
    }
    for (const auto& [label, unused] : seen) {
        domain.index[label] = static_cast<std::int32_t>(domain.labels.size());
        domain.labels.push_back(label);
    }
    return domain;
}

std::uint32_t index_of(std::unordered_map<std::string, std::uint32_t>& index, std::vector<std::string>& names,
                       const std::string& name) {
    const auto [it, added] = index.try_emplace(name, static_cast<std::uint32_t>(names.size()));
    if (added) names.push_back(name);
    return it->second;
}

}  // namespace

std::vector<Judgment> read_judgments(const std::filesystem::path& path) {
    const std::string text = read_text_file(path);
    return iequals(path.extension().string(), ".csv") ? read_csv(path, text) : read_jsonl(path, text);
}

RatingTable make_rating_table(const std::vector<Judgment>& judgments, const std::vector<std::string>& order) {
    LabelDomain domain = order.empty() ? observed_domain(judgments) : ordered_domain(order);
    RatingTable table;
    std::unordered_map<std::string, std::uint32_t> item_index, annotator_index;
    for (const Judgment& judgment : judgments) {
        index_of(item_index, table.items, judgment.item);
        index_of(annotator_index, table.annotators, judgment.annotator);
    }
    table.labels = domain.labels;
    table.ordered = domain.ordered;
    table.numeric_values = domain.numbers;
    table.ratings.assign(table.items.size() * table.annotators.size(), RatingTable::missing);
    std::vector<const Judgment*> given(table.ratings.size(), nullptr);
    for (const Judgment& judgment : judgments) {
        const std::size_t cell = item_index[judgment.item] * table.annotators.size() + annotator_index[judgment.annotator];
        if (given[cell])
            throw Error(fmt::format("item '{}' is rated twice by annotator '{}' (first at {})", judgment.item,
                                    judgment.annotator, given[cell]->where.to_string()),
                        judgment.where, "ratings/duplicate");
        given[cell] = &judgment;
        if (judgment.missing) continue;
        const auto found = domain.index.find(judgment.label);
        if (found == domain.index.end())
            throw Error(fmt::format("label '{}' is not in --order ({})", judgment.label, fmt::join(order, ",")),
                        judgment.where, "ratings/label");
        table.ratings[cell] = found->second;
    }
    return table;
}

}  // namespace labelkit
