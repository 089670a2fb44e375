#include "formats/ratings/column_map.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "formats/appen/appen_columns.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

const char* const rule = "ratings/columns";

struct Preset {
    const char* name;
    const char* item;
    const char* annotator;
};

const std::array<Preset, 4> presets = {{{"appen", "_unit_id", "_worker_id"},
                                        {"mturk", "HITId", "WorkerId"},
                                        {"crowd-kit", "task", "worker"},
                                        {"label-studio", "id", "annotator"}}};

// The columns of a Label Studio CSV export that are not a task's data or an answer.
const std::array<const char*, 8> label_studio_meta = {"id",         "annotator",  "annotation_id", "created_at",
                                                      "updated_at", "lead_time",  "agreement",     "_row_id"};

// What --columns says: a preset (or none) and the columns named one by one.
struct ColumnSpec {
    const Preset* preset = nullptr;
    std::optional<std::string> item, annotator, label, text, score;
};

bool in_header(const std::vector<std::string>& header, const std::string& name) {
    return std::any_of(header.begin(), header.end(), [&](const std::string& column) {
        return iequals(trim(column), trim(name));
    });
}

std::string listed(const std::vector<std::string>& columns) {
    return shorten(fmt::format("{}", fmt::join(columns, ", ")), 600);
}

std::optional<std::string>* role_of(ColumnSpec& spec, std::string_view role) {
    if (role == "item") return &spec.item;
    if (role == "annotator") return &spec.annotator;
    if (role == "label") return &spec.label;
    if (role == "text") return &spec.text;
    if (role == "score") return &spec.score;
    return nullptr;
}

ColumnSpec parse_spec(const std::string& text, const Location& where) {
    ColumnSpec spec;
    std::size_t pos = 0;
    while (pos <= text.size() && !text.empty()) {
        std::size_t end = text.find(',', pos);
        if (end == std::string::npos) end = text.size();
        const std::string token(trim(std::string_view(text).substr(pos, end - pos)));
        pos = end + 1;
        if (token.empty()) continue;
        const std::size_t equals = token.find('=');
        if (equals == std::string::npos) {
            const auto preset = std::find_if(presets.begin(), presets.end(),
                                             [&](const Preset& candidate) { return token == candidate.name; });
            if (preset == presets.end())
                throw Error(fmt::format("--columns: unknown preset '{}' (presets: {}; or name the columns: "
                                        "item=COL,annotator=COL,label=COL[,text=COL][,score=COL])",
                                        shorten(token), fmt::join(column_presets(), ", ")),
                            where, rule);
            if (spec.preset) throw Error("--columns names two presets", where, rule);
            spec.preset = &*preset;
            continue;
        }
        const std::string role(trim(std::string_view(token).substr(0, equals)));
        const std::string column(trim(std::string_view(token).substr(equals + 1)));
        std::optional<std::string>* target = role_of(spec, role);
        if (!target)
            throw Error(fmt::format("--columns: unknown role '{}' (roles: item, annotator, label, text, score)",
                                    shorten(role)),
                        where, rule);
        if (column.empty()) throw Error(fmt::format("--columns: {}= names no column", role), where, rule);
        *target = column;
    }
    return spec;
}

// The one answer column among candidates, or an error listing them.
std::string only_answer(const std::vector<std::string>& candidates, const std::string& preset, const Location& where) {
    if (candidates.size() == 1) return candidates.front();
    if (candidates.empty())
        throw Error(fmt::format("the {} preset finds no answer column: name it with --columns {},label=COL", preset, preset),
                    where, rule);
    throw Error(fmt::format("the {} preset finds several answer columns ({}): name one with --columns {},label=COL",
                            preset, listed(candidates), preset),
                where, rule);
}

std::string preset_label(const Preset& preset, const std::vector<std::string>& header, const Location& where) {
    const std::string name = preset.name;
    if (name == "appen") {
        const std::vector<std::string> answers = appen_answer_columns(header);
        return only_answer(answers.empty() ? appen_answer_candidates(header) : answers, name, where);
    }
    std::vector<std::string> candidates;
    for (const std::string& column : header) {
        if (name == "mturk" && column.rfind("Answer.", 0) == 0) candidates.push_back(column);
        if (name == "label-studio" && std::none_of(label_studio_meta.begin(), label_studio_meta.end(),
                                                   [&](const char* meta) { return iequals(column, meta); }))
            candidates.push_back(column);
    }
    return only_answer(candidates, name, where);
}

// The header looks like a platform's table: the preset to suggest, if any.
std::string suggested_preset(const std::vector<std::string>& header) {
    for (const Preset& preset : presets)
        if (in_header(header, preset.item) && in_header(header, preset.annotator)) return preset.name;
    return {};
}

void check_default_column(const std::string& column, const std::vector<std::string>& header, const Location& where) {
    if (in_header(header, column)) return;
    const std::string preset = suggested_preset(header);
    throw Error(fmt::format("the header has no '{}' column (it has: {}); a rating table needs item, annotator and "
                            "label{}",
                            column, listed(header),
                            preset.empty() ? ", or --columns to name them"
                                           : fmt::format(" (this one looks like --columns {})", preset)),
                where, rule);
}

// crowd-kit's long tables (task, worker, label or text) are read without --columns, when the
// header has not the default item and annotator columns.
bool crowd_kit_table(const std::vector<std::string>& header) {
    return !(in_header(header, "item") && in_header(header, "annotator")) && in_header(header, "task") &&
           in_header(header, "worker") && (in_header(header, "label") || in_header(header, "text"));
}

}  // namespace

std::vector<std::string> column_presets() {
    std::vector<std::string> names;
    for (const Preset& preset : presets) names.push_back(preset.name);
    return names;
}

TableColumns resolve_columns(const std::string& text, const std::vector<std::string>& header, const Location& where) {
    const bool unnamed = trim(text).empty();
    const ColumnSpec spec = parse_spec(unnamed && crowd_kit_table(header) ? "crowd-kit" : text, where);
    for (const std::optional<std::string>* named : {&spec.item, &spec.annotator, &spec.label, &spec.text, &spec.score})
        if (*named && !in_header(header, **named))
            throw Error(fmt::format("--columns names '{}', which the header does not have (it has: {})",
                                    shorten(**named), listed(header)),
                        where, rule);
    TableColumns columns;
    if (!spec.preset) {
        columns.item = spec.item.value_or("item");
        columns.annotator = spec.annotator.value_or("annotator");
        columns.text = spec.text.value_or("");
        columns.label = spec.label.value_or(spec.text ? "" : "label");
        columns.score = spec.score.value_or("");
        for (const std::string* column : {&columns.item, &columns.annotator, &columns.label})
            if (!column->empty()) check_default_column(*column, header, where);
        return columns;
    }
    const Preset& preset = *spec.preset;
    std::vector<std::string> lacking;
    for (const auto& [named, fallback] : {std::pair{&spec.item, preset.item}, std::pair{&spec.annotator, preset.annotator}})
        if (!*named && !in_header(header, fallback)) lacking.push_back(fallback);
    if (!lacking.empty())
        throw Error(fmt::format("the {} preset needs the columns {} and {}; the header lacks {} (it has: {})", preset.name,
                                preset.item, preset.annotator, fmt::join(lacking, ", "), listed(header)),
                    where, rule);
    columns.item = spec.item.value_or(preset.item);
    columns.annotator = spec.annotator.value_or(preset.annotator);
    columns.score = spec.score.value_or("");
    if (std::string_view(preset.name) == "crowd-kit") {
        columns.label = spec.label.value_or(in_header(header, "label") ? "label" : "");
        columns.text = spec.text.value_or(in_header(header, "text") ? "text" : "");
        if (columns.label.empty() && columns.text.empty())
            throw Error(fmt::format("the crowd-kit preset needs a label or a text column; the header has neither (it "
                                    "has: {})",
                                    listed(header)),
                        where, rule);
        return columns;
    }
    columns.text = spec.text.value_or("");
    columns.label = spec.label ? *spec.label : (spec.text ? "" : preset_label(preset, header, where));
    return columns;
}

}  // namespace labelkit
