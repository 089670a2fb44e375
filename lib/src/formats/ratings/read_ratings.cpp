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
#include "formats/ratings/column_map.hpp"
#include "labelkit/error.hpp"
#include "labelkit/gold_units.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

Location at(const std::filesystem::path& path, std::uint32_t line, std::string pointer = {}) {
    return Location{path.string(), line, 0, std::move(pointer)};
}

bool is_true(std::string_view cell) { return iequals(cell, "true"); }

// Rows left out: judgments of gold units and tainted judgments (crowd reports' flag columns).
struct LeftOut {
    std::size_t gold = 0;
    std::size_t gold_scored = 0;  // of those, collected for agree's scorecard (TableReading::gold_units)
    std::size_t tainted = 0;
};

// Whether a row flagged gold or tainted is left out (and counted).
bool leave_out(bool gold, bool tainted, const TableReading& reading, LeftOut& left_out) {
    if (gold && !reading.keep_gold) {
        ++left_out.gold;
        return true;
    }
    if (tainted && !reading.keep_tainted) {
        ++left_out.tainted;
        return true;
    }
    return false;
}

void warn_left_out(const LeftOut& left_out, const GoldUnits* gold, const std::filesystem::path& path,
                   DiagnosticSink& sink) {
    if (left_out.gold > 0)
        sink.warn("ratings/gold", gold_left_out_message(left_out.gold, left_out.gold_scored, gold != nullptr, ""),
                  at(path, 0));
    if (left_out.tainted > 0)
        sink.warn("ratings/tainted",
                  fmt::format("{} left out (_tainted true: contributors who failed quality control); --keep-tainted "
                              "keeps them",
                              counted(left_out.tainted, "tainted judgment")),
                  at(path, 0));
}

std::optional<double> as_number(const std::string& text);

std::optional<double> score_of(const std::string& cell, const Location& where, const std::string& rule) {
    if (cell.empty()) return std::nullopt;
    const auto number = as_number(cell);
    if (!number) throw Error(fmt::format("the score '{}' is not a number", shorten(cell)), where, rule);
    return number;
}

// Header positions of the resolved columns (no_column for the ones the table has not).
struct CsvColumns {
    static constexpr std::size_t no_column = static_cast<std::size_t>(-1);
    std::size_t item, annotator, label, text, score, golden, tainted;
    std::size_t gold;  // <label>_gold: a gold unit's accepted answers
};

std::size_t column_index(const std::vector<std::string>& header, const std::string& name, const std::filesystem::path& path) {
    if (name.empty()) return CsvColumns::no_column;
    return find_column(header, name, path, "ratings/csv").value_or(CsvColumns::no_column);
}

CsvColumns csv_columns(const std::vector<std::string>& header, const std::string& spec, const std::filesystem::path& path) {
    const TableColumns names = resolve_columns(spec, header, at(path, 1));
    return {column_index(header, names.item, path),  column_index(header, names.annotator, path),
            column_index(header, names.label, path), column_index(header, names.text, path),
            column_index(header, names.score, path), column_index(header, "_golden", path),
            column_index(header, "_tainted", path),
            names.label.empty() ? CsvColumns::no_column : column_index(header, names.label + "_gold", path)};
}

const std::string& cell_at(const std::vector<std::string>& fields, std::size_t column) {
    static const std::string none;
    return column == CsvColumns::no_column ? none : fields[column];
}

// A judgment on a gold unit, for agree's scorecard (TableReading::gold_units).
void collect_gold(const Judgment& judgment, const std::string& gold_cell, bool left_out, GoldUnits* gold,
                  LeftOut& counts) {
    if (gold && add_gold_row(*gold, judgment.item, gold_cell, left_out ? &judgment : nullptr)) ++counts.gold_scored;
}

std::vector<Judgment> read_csv(const std::filesystem::path& path, std::string_view text, const TableReading& reading,
                               GoldUnits* gold, LeftOut& left_out) {
    CsvReader reader(text, path, "ratings/csv");
    std::vector<std::string> header;
    if (!reader.next(header)) throw Error("the file is empty: a rating table needs a header row", at(path, 1), "ratings/csv");
    const CsvColumns columns = csv_columns(header, reading.columns, path);
    std::vector<Judgment> judgments;
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        const Location where = at(path, reader.line());
        if (fields.size() != header.size())
            throw Error(fmt::format("{} fields where the header has {}", fields.size(), header.size()), where, "ratings/csv");
        const bool golden = is_true(cell_at(fields, columns.golden));
        const bool tainted = is_true(cell_at(fields, columns.tainted));
        const bool dropped = leave_out(golden, tainted, reading, left_out);
        if (dropped && !(golden && gold)) continue;
        Judgment judgment;
        judgment.item = fields[columns.item];
        judgment.annotator = fields[columns.annotator];
        judgment.label = cell_at(fields, columns.label);
        judgment.text = cell_at(fields, columns.text);
        judgment.score = score_of(cell_at(fields, columns.score), where, "ratings/csv");
        judgment.missing = judgment.label.empty();
        judgment.where = where;
        if (judgment.item.empty() || judgment.annotator.empty())
            throw Error("the item and annotator columns must not be empty", where, "ratings/csv");
        if (golden)
            collect_gold(judgment, cell_at(fields, columns.gold),
                         scores_left_out_row(golden, tainted, reading.keep_gold, reading.keep_tainted), gold, left_out);
        if (!dropped) judgments.push_back(std::move(judgment));
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

nlohmann::json parse_row(const std::string& text, const std::filesystem::path& path, std::uint32_t line) {
    nlohmann::json row;
    try {
        row = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {  // a syntax error, or a number past a double like 1e309
        throw Error(fmt::format("not valid JSON: {}", shorten(error.what(), 200)), at(path, line), "ratings/jsonl");
    }
    if (!row.is_object()) throw Error("each line must be a JSON object", at(path, line), "ratings/jsonl");
    return row;
}

// The row's cell under key (compared without case, as CSV headers are), or nullptr.
const nlohmann::json* find_key(const nlohmann::json& row, const std::string& key) {
    for (const auto& [name, value] : row.items())
        if (iequals(name, key)) return &value;
    return nullptr;
}

bool json_flag(const nlohmann::json& row, const std::string& key) {
    const nlohmann::json* value = find_key(row, key);
    return value && ((value->is_boolean() && value->get<bool>()) || (value->is_string() && is_true(value->get<std::string>())));
}

// The cell under key as text; nullopt for null (or no column). Required cells must be present
// and not empty.
std::optional<std::string> json_field(const nlohmann::json& row, const std::string& key, bool required,
                                      const std::filesystem::path& path, std::uint32_t line) {
    if (key.empty()) return std::nullopt;
    const nlohmann::json* found = find_key(row, key);
    if (!found) throw Error(fmt::format("the object has no \"{}\" key", shorten(key)), at(path, line), "ratings/jsonl");
    if (!required && found->is_null()) return std::nullopt;
    const std::optional<std::string> cell = json_cell(*found);
    if (!cell || (required && cell->empty()))
        throw Error(fmt::format("\"{}\" must be a {}string or a number{}", shorten(key), required ? "non-empty " : "",
                                required ? "" : " (or null)"),
                    at(path, line, "/" + key), "ratings/jsonl");
    return cell;
}

Judgment json_judgment(const nlohmann::json& row, const TableColumns& columns, const std::filesystem::path& path,
                       std::uint32_t line) {
    Judgment judgment;
    judgment.where = at(path, line);
    judgment.item = *json_field(row, columns.item, true, path, line);
    judgment.annotator = *json_field(row, columns.annotator, true, path, line);
    judgment.label = json_field(row, columns.label, false, path, line).value_or("");
    judgment.text = json_field(row, columns.text, false, path, line).value_or("");
    judgment.score = score_of(json_field(row, columns.score, false, path, line).value_or(""),
                              at(path, line, "/" + columns.score), "ratings/jsonl");
    judgment.missing = judgment.label.empty();
    return judgment;
}

std::vector<std::string> keys_of(const nlohmann::json& row) {
    std::vector<std::string> keys;
    for (const auto& [name, value] : row.items()) keys.push_back(name);
    return keys;
}

std::vector<Judgment> read_jsonl(const std::filesystem::path& path, std::string_view text, const TableReading& reading,
                                 GoldUnits* gold, LeftOut& left_out) {
    std::vector<Judgment> judgments;
    std::optional<TableColumns> columns;  // resolved against the first object's keys
    std::uint32_t line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string row_text(text.substr(pos, end - pos));
        pos = end + 1;
        if (row_text.find_first_not_of(" \t\r") == std::string::npos) continue;
        const nlohmann::json row = parse_row(row_text, path, line);
        if (!columns) columns = resolve_columns(reading.columns, keys_of(row), at(path, line));
        const bool golden = json_flag(row, "_golden");
        const bool tainted = json_flag(row, "_tainted");
        const bool dropped = leave_out(golden, tainted, reading, left_out);
        if (dropped && !(golden && gold)) continue;
        Judgment judgment = json_judgment(row, *columns, path, line);
        if (golden && !columns->label.empty()) {
            const nlohmann::json* cell = find_key(row, columns->label + "_gold");
            collect_gold(judgment, cell ? json_cell(*cell).value_or("") : "",
                         scores_left_out_row(golden, tainted, reading.keep_gold, reading.keep_tainted), gold, left_out);
        }
        if (!dropped) judgments.push_back(std::move(judgment));
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

std::vector<Judgment> read_judgments(const std::filesystem::path& path, const TableReading& reading, DiagnosticSink& sink) {
    return read_judgments(path, reading, nullptr, sink);
}

std::vector<Judgment> read_judgments(const std::filesystem::path& path, const TableReading& reading, GoldUnits* gold,
                                     DiagnosticSink& sink) {
    const std::string text = read_text_file(path);
    LeftOut left_out;
    const std::string extension = path.extension().string();
    const bool json_lines = iequals(extension, ".jsonl") || iequals(extension, ".ndjson");
    std::vector<Judgment> judgments = json_lines ? read_jsonl(path, text, reading, gold, left_out) : read_csv(path, text, reading, gold, left_out);
    warn_left_out(left_out, gold, path, sink);
    return judgments;
}

std::vector<Judgment> read_judgments(const std::filesystem::path& path) {
    DiagnosticSink sink;
    return read_judgments(path, TableReading{}, sink);
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
