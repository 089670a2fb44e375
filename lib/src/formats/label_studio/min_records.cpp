// Label Studio's JSON-MIN and CSV exports (label-studio-converter's convert_to_json_min and
// csv2): one record per annotation, with the task's data keys, each control tag's results under
// the tag's name, and the annotator. Each record is turned back into a task of the JSON export
// with one annotation and read by the same code; the records of one task (one "id") are one item.
#include <algorithm>
#include <charconv>
#include <span>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/csv.hpp"
#include "core/mapped_json.hpp"
#include "formats/label_studio/reader_state.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::label_studio {

namespace {

// The keys the converter adds to each record beside the task's data and the results.
constexpr std::string_view record_keys[] = {"id",        "annotator", "annotation_id", "created_at", "updated_at",
                                            "lead_time", "agreement", "history",       "was_cancelled"};

// The data keys that refer to the item (reader.cpp reads them as its path).
constexpr std::string_view reference_keys[] = {"image", "audio", "video"};

bool is_one_of(std::string_view key, std::span<const std::string_view> keys) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// A result's type, which JSON-MIN leaves out, told by the keys of its value and what they hold
// (task data such as Paragraphs' [{"author", "text": "..."}] must not pass): the labels keys first
// (a span's value also has "text"), then the unlabelled tools by their geometry.
enum class Holds { strings, array, number, string, object };

struct TypeKey {
    std::string_view key;
    Holds holds;
    std::string_view type;
};
constexpr TypeKey type_keys[] = {
    {"rectanglelabels", Holds::strings, "rectanglelabels"}, {"polygonlabels", Holds::strings, "polygonlabels"},
    {"keypointlabels", Holds::strings, "keypointlabels"},   {"brushlabels", Holds::strings, "brushlabels"},
    {"ellipselabels", Holds::strings, "ellipselabels"},     {"polylinelabels", Holds::strings, "polylinelabels"},
    {"hypertextlabels", Holds::strings, "hypertextlabels"}, {"paragraphlabels", Holds::strings, "paragraphlabels"},
    {"timeserieslabels", Holds::strings, "timeserieslabels"}, {"bitmasklabels", Holds::strings, "bitmasklabels"},
    {"sequence", Holds::array, "videorectangle"},           {"labels", Holds::strings, "labels"},
    {"taxonomy", Holds::array, "taxonomy"},                 {"choices", Holds::strings, "choices"},
    {"text", Holds::strings, "textarea"},                   {"rating", Holds::number, "rating"},
    {"number", Holds::number, "number"},                    {"datetime", Holds::string, "datetime"},
    {"ranker", Holds::object, "ranker"},
};

bool holds(const nlohmann::json& value, Holds what) {
    switch (what) {
    case Holds::strings:
        return value.is_array() &&
               std::all_of(value.begin(), value.end(), [](const nlohmann::json& element) { return element.is_string(); });
    case Holds::array: return value.is_array();
    case Holds::number: return value.is_number();
    case Holds::string: return value.is_string();
    case Holds::object: return value.is_object();
    }
    return false;
}

std::string_view result_type(const nlohmann::json& value) {
    if (!value.is_object()) return {};
    for (const TypeKey& known : type_keys)
        if (const auto found = value.find(known.key); found != value.end() && holds(*found, known.holds)) return known.type;
    const auto numbers = [&](std::initializer_list<const char*> keys) {
        return std::all_of(keys.begin(), keys.end(), [&](const char* key) {
            const auto found = value.find(key);
            return found != value.end() && found->is_number();
        });
    };
    if (const auto rle = value.find("rle"); rle != value.end() && rle->is_array()) return "brush";
    if (const auto points = value.find("points"); points != value.end() && points->is_array()) return "polygon";
    if (numbers({"x", "y", "radiusX"})) return "ellipse";
    if (numbers({"x", "y", "width", "height"})) return "rectangle";
    if (numbers({"x", "y"})) return "keypoint";
    return {};
}

// What --columns names: the columns whose plain strings are choices (label=) or texts (text=).
enum class Role { none, label, text };

Role role_of(std::string_view column, const std::vector<std::string>& labels, const std::vector<std::string>& texts) {
    if (std::find(labels.begin(), labels.end(), column) != labels.end()) return Role::label;
    if (std::find(texts.begin(), texts.end(), column) != texts.end()) return Role::text;
    return Role::none;
}

void parse_roles(const std::string& spec, const std::string& path, std::vector<std::string>& labels,
                 std::vector<std::string>& texts) {
    std::size_t pos = 0;
    while (pos < spec.size()) {
        std::size_t end = spec.find(',', pos);
        if (end == std::string::npos) end = spec.size();
        const std::string_view token = trim(std::string_view(spec).substr(pos, end - pos));
        pos = end + 1;
        if (token.empty()) continue;
        const std::size_t equals = token.find('=');
        const std::string_view role = equals == std::string_view::npos ? token : trim(token.substr(0, equals));
        const std::string column(equals == std::string_view::npos ? "" : trim(token.substr(equals + 1)));
        if ((role != "label" && role != "text") || column.empty())
            throw Error(fmt::format("--columns: '{}' is not label=COLUMN or text=COLUMN (the JSON-MIN and CSV "
                                    "columns whose plain strings are a choice or a text area's text)",
                                    shorten(token)),
                        {path, 0, 0, {}}, "label-studio/columns");
        (role == "label" ? labels : texts).push_back(column);
    }
}

std::string escaped_key(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

// A result of the JSON export for a value of JSON-MIN: the image size moves out of the value.
nlohmann::json export_result(std::string_view from_name, std::string_view type, nlohmann::json value) {
    nlohmann::json result = {{"from_name", from_name}, {"type", type}};
    for (const char* key : {"original_width", "original_height"}) {
        if (const auto found = value.find(key); found != value.end()) {
            result[key] = *found;
            value.erase(found);
        }
    }
    result["value"] = std::move(value);
    return result;
}

// The results one column of a record holds (with where each stands), or nothing when it holds
// task data: a result object, a list of them, or strings of a column named by --columns.
struct ColumnResults {
    std::vector<nlohmann::json> results;
    std::vector<std::string> pointers;
};

bool add_element(std::string_view column, const nlohmann::json& element, Role role, std::string pointer,
                 ColumnResults& out) {
    if (element.is_string() && role != Role::none) {
        const nlohmann::json values = nlohmann::json::array({element});
        out.results.push_back(role == Role::label ? export_result(column, "choices", {{"choices", values}})
                                                  : export_result(column, "textarea", {{"text", values}}));
    } else if (const std::string_view type = result_type(element); !type.empty()) {
        out.results.push_back(export_result(column, type, element));
    } else {
        return false;
    }
    out.pointers.push_back(std::move(pointer));
    return true;
}

std::optional<ColumnResults> column_results(std::string_view column, const nlohmann::json& value, Role role,
                                            const std::string& pointer) {
    ColumnResults out;
    if (!value.is_array()) {
        if (!add_element(column, value, role, pointer, out)) return std::nullopt;
        return out;
    }
    if (value.empty()) return role == Role::none ? std::nullopt : std::optional(out);
    for (std::size_t i = 0; i < value.size(); ++i)
        if (!add_element(column, value[i], role, fmt::format("{}/{}", pointer, i), out)) return std::nullopt;
    return out;
}

bool is_plain_text(const nlohmann::json& value) {
    if (value.is_string()) return true;
    return value.is_array() && !value.empty() &&
           std::all_of(value.begin(), value.end(), [](const nlohmann::json& element) { return element.is_string(); });
}

std::optional<std::int64_t> integer_text(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (code != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

void Reader::read_record(const nlohmann::json& record, std::size_t index, std::string record_pointer) {
    if (!record.is_object()) {
        error("label-studio/schema", "a record must be a JSON object", record_pointer);
        return;
    }
    if (const auto cancelled = record.find("was_cancelled"); cancelled != record.end() &&
                                                              (*cancelled == true || *cancelled == "True" || *cancelled == "true")) {
        if (cancelled_++ == 0) first_cancelled_ = record_pointer;
        return;
    }
    FlatRecord flat{record_pointer, {}};
    nlohmann::json data = nlohmann::json::object();
    nlohmann::json results = nlohmann::json::array();
    for (const auto& [key, value] : record.items()) {
        if (is_one_of(key, record_keys) || value.is_null()) continue;
        const std::string pointer = record_pointer + "/" + escaped_key(key);
        const Role role = role_of(key, label_columns_, text_columns_);
        if (role != Role::none) named_columns_found_.insert(key);
        if (auto found = column_results(key, value, role, pointer)) {
            for (nlohmann::json& result : found->results) results.push_back(std::move(result));
            for (std::string& where : found->pointers) flat.results.push_back(std::move(where));
            continue;
        }
        if (is_plain_text(value) && !is_one_of(key, reference_keys) && plain_columns_[key]++ == 0 &&
            first_plain_pointer_.empty()) {
            first_plain_pointer_ = pointer;
            first_plain_line_ = task_line();
        }
        data[key] = value;
    }
    const auto absent = [&](const char* key) { return !record.contains(key) || record[key].is_null(); };
    const bool unlabelled = results.empty() && absent("annotation_id") && absent("annotator");
    nlohmann::json annotation = {{"result", std::move(results)}};
    if (const auto annotator = record.find("annotator"); annotator != record.end()) annotation["completed_by"] = *annotator;
    nlohmann::json task = {{"data", std::move(data)}, {"annotations", nlohmann::json::array({std::move(annotation)})}};
    if (const auto id = record.find("id"); id != record.end()) task["id"] = *id;
    const simdjson::padded_string text(task.dump());
    dom::element parsed;
    if (const auto code = parser_.parse(text).get(parsed)) {
        error("label-studio/schema", fmt::format("a record that cannot be read: {}", simdjson::error_message(code)),
              record_pointer);
        return;
    }
    const dom::object object(parsed);
    item_ = item_of_record(object, task, index);
    if (unlabelled) return;  // a task without annotations: the converter writes it with nulls
    Place place{index, "annotations", 0, 0, &flat};
    read_annotation(object["annotations"].at(0).value_unsafe(), place);
}

std::uint32_t Reader::item_of_record(dom::object task, const nlohmann::json& json, std::size_t index) {
    std::string key;
    if (const auto id = json.find("id"); id != json.end()) {
        key = "id " + id->dump();
    } else {
        for (std::string_view reference : reference_keys)
            if (const auto path = json["data"].find(reference); path != json["data"].end() && path->is_string())
                key = fmt::format("{} {}", reference, path->get<std::string>());
    }
    if (!key.empty())
        if (const auto known = items_by_task_.find(key); known != items_by_task_.end()) return known->second;
    const std::uint32_t item = add_item(task["data"].get_object().value_unsafe(), task, index);
    if (!key.empty()) items_by_task_.emplace(std::move(key), item);
    return item;
}

void Reader::check_named_columns() {
    std::vector<std::string> missing;
    for (const auto* names : {&label_columns_, &text_columns_})
        for (const std::string& name : *names)
            if (!named_columns_found_.contains(name)) missing.push_back(name);
    if (missing.empty()) return;
    std::vector<std::string> plain;
    for (const auto& [name, count] : plain_columns_) plain.push_back(name);
    const char* rule = "label-studio/columns";
    report_or_throw(Error(fmt::format("--columns names {} that no record has ({}); the records' columns of plain "
                                      "strings: {}",
                                      counted(missing.size(), "column"), fmt::join(missing, ", "),
                                      plain.empty() ? "none" : shorten(fmt::format("{}", fmt::join(plain, ", ")), 300)),
                          {path_, 0, 0, {}}, rule),
                    options_, sink_, rule);
}

void Reader::report_plain_columns() {
    // Once --columns names the answer columns, the other plain columns are the task's data.
    if (plain_columns_.empty() || !label_columns_.empty() || !text_columns_.empty()) return;
    std::vector<std::string> names;
    for (const auto& [name, count] : plain_columns_) names.push_back(name);
    const char* rule = "label-studio/plain-columns";
    if (!sink_.claim(rule)) return;
    sink_.warn(rule,
               fmt::format("{} of plain strings read as task data ({}): in a JSON-MIN or CSV export a single choice "
                           "or text area is a plain string too; name answer columns with --columns label=NAME or "
                           "text=NAME",
                           counted(names.size(), "column"), shorten(fmt::format("{}", fmt::join(names, ", ")), 300)),
               {path_, first_plain_line_, 0, first_plain_pointer_});
}

void Reader::read_min_export(const MappedJson& file) {
    parse_roles(options_.columns, path_, label_columns_, text_columns_);
    scan_elements(file, [&](const TaskSlice& slice, std::size_t index) {
        const std::string pointer = fmt::format("/{}", index);
        nlohmann::json record;
        try {
            record = file.parse_value(slice.begin, slice.end, pointer, "label-studio");
        } catch (const Error& problem) {
            report_or_throw(problem, options_, sink_, problem.rule());
            return;
        }
        read_record(record, index, pointer);
    });
    report_summaries();
    check_named_columns();
    report_plain_columns();
}

std::optional<nlohmann::json> Reader::record_of_row(const std::vector<std::string>& header,
                                                    const std::vector<std::string>& fields) {
    nlohmann::json record = nlohmann::json::object();
    for (std::size_t column = 0; column < header.size(); ++column) {
        const std::string& cell = fields[column];
        const std::string& name = header[column];
        if (cell.empty()) continue;  // pandas writes a missing value as an empty cell
        if (cell.front() == '[' || cell.front() == '{') {
            if (too_deep_at(cell) != std::string_view::npos) {
                error("label-studio/schema",
                      fmt::format("the {} cell nests JSON more than {} levels deep", shorten(name), limits::max_json_depth),
                      "/" + escaped_key(name));
                return std::nullopt;
            }
            nlohmann::json value = nlohmann::json::parse(cell, nullptr, false);
            if (!value.is_discarded()) {
                record[name] = std::move(value);
                continue;
            }
            if (cells_not_json_++ == 0) first_cell_not_json_ = {path_, task_line_, 0, "/" + escaped_key(name)};
        }
        const auto number = integer_text(cell);
        if (number && name == "id") record[name] = *number;
        else record[name] = cell;
    }
    return record;
}

void Reader::read_csv_export(std::string_view text) {
    parse_roles(options_.columns, path_, label_columns_, text_columns_);
    CsvReader reader(text, path_, "label-studio/csv");
    std::vector<std::string> header, fields;
    if (!reader.next(header))
        throw Error("an empty CSV file (a Label Studio CSV export has a header row)", {path_, 1, 0, {}},
                    "label-studio/csv");
    for (const std::string& name : header)
        find_column(header, name, path_, "label-studio/csv");  // throws for a name given twice
    while (reader.next(fields)) {
        task_line_ = reader.line();
        if (fields.size() != header.size()) {
            error("label-studio/csv", fmt::format("a row of {} fields under a header of {}", fields.size(), header.size()),
                  {});
            continue;
        }
        if (const std::optional<nlohmann::json> record = record_of_row(header, fields))
            read_record(*record, reader.line(), "");
    }
    if (cells_not_json_ > 0 && sink_.claim("label-studio/cell-not-json"))
        sink_.warn("label-studio/cell-not-json",
                   fmt::format("{} starting with [ or {{ {} not valid JSON: read as text (results are JSON in their "
                               "cells; a broken one is lost), the first here",
                               counted(cells_not_json_, "cell"), cells_not_json_ == 1 ? "is" : "are"),
                   first_cell_not_json_);
    report_summaries();
    check_named_columns();
    report_plain_columns();
}

}  // namespace labelkit::label_studio
