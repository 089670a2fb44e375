// Reading an Appen report: one Label per answer line of each row, gold units and tainted
// judgments left out unless kept, links to external result files counted and not fetched.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/csv.hpp"
#include "formats/appen/appen_report.hpp"
#include "labelkit/gold_units.hpp"
#include "labelkit/io.hpp"

namespace labelkit::appen {

namespace {

bool is_true(std::string_view cell) { return iequals(cell, "true"); }

std::optional<double> number_of(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// Appen's annotation tools (shapes, audio transcription, text annotation) write a link to a JSON
// result file in the cell: a URL, or a JSON object with "url" and "valueRef".
bool is_external_result(std::string_view cell) {
    if (cell.rfind("https://", 0) == 0 || cell.rfind("http://", 0) == 0) return true;
    return !cell.empty() && cell.front() == '{' &&
           (cell.find("\"valueRef\"") != std::string_view::npos || cell.find("\"url\"") != std::string_view::npos);
}

// A count of rows of one kind, and where the first was.
struct Tally {
    std::size_t count = 0;
    std::uint32_t first_line = 0;
    void add(std::uint32_t line) {
        if (count++ == 0) first_line = line;
    }
};

class ReportReader {
public:
    ReportReader(const std::filesystem::path& path, ReportColumns columns, const ReadOptions& options, GoldUnits* gold,
                 DiagnosticSink& sink)
        : path_(path), columns_(std::move(columns)), options_(options), gold_units_(gold), sink_(sink) {
        dataset_.source_files = {path.string()};
        text_items_ = std::any_of(columns_.data.begin(), columns_.data.end(),
                                  [](const auto& data) { return iequals(data.first, "text"); });
    }

    void read_row(const std::vector<std::string>& fields, std::uint32_t line);
    Dataset finish();

private:
    Location at(std::uint32_t line) const { return Location{path_.string(), line, 0, {}}; }
    void fail(const std::string& message, std::uint32_t line, const std::string& rule) {
        report_or_throw(Error(message, at(line), rule), options_, sink_, rule);
    }
    std::optional<std::uint32_t> item_of(const std::vector<std::string>& fields, std::uint32_t line);
    std::uint32_t annotator_of(const std::vector<std::string>& fields, std::uint32_t line);
    std::uint32_t category_of(const std::string& name);
    MaybeNumber confidence_of(const AnswerColumn& answer, const std::vector<std::string>& fields, std::uint32_t line);
    void add_labels(const std::vector<std::string>& fields, std::uint32_t line, std::uint32_t item,
                    std::uint32_t annotator, const nlohmann::json& flags);
    void warn_tally(const Tally& tally, const std::string& rule, const std::string& message);
    bool collect_gold(const std::vector<std::string>& fields, std::uint32_t line, bool left_out);

    std::filesystem::path path_;
    ReportColumns columns_;
    const ReadOptions& options_;
    GoldUnits* gold_units_;  // agree's scorecard: the gold units collected, or nullptr
    DiagnosticSink& sink_;
    Dataset dataset_;
    bool text_items_ = false;
    std::unordered_map<std::string, std::uint32_t> items_, categories_, annotators_;
    std::unordered_set<std::string> judgment_ids_;
    Tally gold_, tainted_, empty_;
    std::size_t gold_scored_ = 0;  // gold rows left out and collected for agree's scorecard
    // An answer cell of several lines: the labels are multi-label, and agree makes no scorecard.
    bool several_answers_ = false;
    std::map<std::string, Tally> external_;  // by answer column
};

std::optional<std::uint32_t> ReportReader::item_of(const std::vector<std::string>& fields, std::uint32_t line) {
    const std::string& unit = fields[columns_.unit];
    if (unit.empty()) {
        fail("the _unit_id is empty", line, "appen/schema");
        return std::nullopt;
    }
    const auto [found, added] = items_.try_emplace(unit, static_cast<std::uint32_t>(dataset_.items.size()));
    if (!added) {
        if (columns_.kind == ReportKind::full) return found->second;
        fail(fmt::format("unit {} has a second row (first at line {}): an aggregated report has one row per unit",
                         shorten(unit), dataset_.items[found->second].origin.position),
             line, "appen/duplicate-unit");
        return std::nullopt;
    }
    Item item;
    item.path = unit;
    std::int64_t id = 0;
    if (std::from_chars(unit.data(), unit.data() + unit.size(), id).ptr == unit.data() + unit.size()) item.id = id;
    item.kind = text_items_ ? ItemKind::text : ItemKind::other;
    item.extra = nlohmann::json::object();
    for (const auto& [name, index] : columns_.data) item.extra[name] = fields[index];
    item.origin = {0, line};
    dataset_.items.push_back(std::move(item));
    return found->second;
}

std::uint32_t ReportReader::annotator_of(const std::vector<std::string>& fields, std::uint32_t line) {
    const std::string& worker = fields[*columns_.worker];
    const auto [known, added] = annotators_.try_emplace(worker, static_cast<std::uint32_t>(dataset_.annotators.size()));
    if (added) dataset_.annotators.push_back({worker});
    const std::uint32_t annotator = known->second;
    if (!columns_.trust || fields[*columns_.trust].empty()) return annotator;
    const std::optional<double> trust = number_of(fields[*columns_.trust]);
    if (!trust || *trust < 0 || *trust > 1) {
        fail(fmt::format("_trust is '{}': a contributor's trust is a number from 0 to 1", shorten(fields[*columns_.trust])),
             line, "appen/trust");
        return annotator;
    }
    if (!dataset_.annotators[annotator].trust) dataset_.annotators[annotator].trust = *trust;
    return annotator;
}

std::uint32_t ReportReader::category_of(const std::string& name) {
    const auto [found, added] = categories_.try_emplace(name, static_cast<std::uint32_t>(dataset_.categories.size()));
    if (added) dataset_.categories.push_back(Category{static_cast<std::int64_t>(found->second) + 1, name, {}, {}, {}});
    return found->second;
}

MaybeNumber ReportReader::confidence_of(const AnswerColumn& answer, const std::vector<std::string>& fields,
                                        std::uint32_t line) {
    if (!answer.confidence || fields[*answer.confidence].empty()) return {};
    const std::optional<double> confidence = number_of(fields[*answer.confidence]);
    if (confidence && *confidence >= 0 && *confidence <= 1) return *confidence;
    fail(fmt::format("{}:confidence is '{}': a confidence is a number from 0 to 1", answer.name,
                     shorten(fields[*answer.confidence])),
         line, "appen/confidence");
    return {};
}

void ReportReader::add_labels(const std::vector<std::string>& fields, std::uint32_t line, std::uint32_t item,
                              std::uint32_t annotator, const nlohmann::json& flags) {
    bool answered = false;
    for (const AnswerColumn& answer : columns_.answers) {
        const std::string& cell = fields[answer.index];
        if (is_external_result(cell)) {
            external_[answer.name].add(line);
            answered = true;
            continue;
        }
        const MaybeNumber confidence = confidence_of(answer, fields, line);
        const std::vector<std::string> values = answer_lines(cell);
        if (values.size() > 1) several_answers_ = true;
        for (const std::string& value : values) {
            answered = true;
            Label label;
            label.item = item;
            label.category = category_of(value);
            label.annotator = annotator;
            label.score = confidence;
            label.attributes = flags;
            label.attributes["field"] = answer.name;
            if (answer.gold && !fields[*answer.gold].empty()) label.attributes["gold"] = fields[*answer.gold];
            if (answer.variance && !fields[*answer.variance].empty())
                label.attributes["variance"] = number_of(fields[*answer.variance]).value_or(0);
            label.origin = {0, line};
            dataset_.labels.push_back(std::move(label));
        }
    }
    const bool finalized = !columns_.unit_state || iequals(fields[*columns_.unit_state], "finalized");
    if (answered || !finalized) return;
    if (options_.lenient)
        sink_.warn("appen/empty-answer", "no answer in any answer column", at(line));
    else
        empty_.add(line);
}

void ReportReader::read_row(const std::vector<std::string>& fields, std::uint32_t line) {
    if (fields.size() != columns_.count)
        return fail(fmt::format("{} fields where the header has {}", fields.size(), columns_.count), line, "appen/fields");
    const bool gold = columns_.golden && is_true(fields[*columns_.golden]);
    const bool tainted = columns_.tainted && is_true(fields[*columns_.tainted]);
    const bool scored = scores_left_out_row(gold, tainted, options_.keep_gold, options_.keep_tainted);
    if (gold && gold_units_ && collect_gold(fields, line, scored)) ++gold_scored_;
    if (gold && !options_.keep_gold) return gold_.add(line);
    if (tainted && !options_.keep_tainted) return tainted_.add(line);
    std::uint32_t annotator = no_index;
    nlohmann::json flags = nlohmann::json::object();
    if (gold) flags["golden"] = true;
    if (tainted) flags["tainted"] = true;
    if (columns_.kind == ReportKind::full) {
        if (fields[*columns_.worker].empty()) return fail("the _worker_id is empty", line, "appen/schema");
        if (columns_.judgment) {
            const std::string& id = fields[*columns_.judgment];
            if (!id.empty() && !judgment_ids_.insert(id).second)
                return fail(fmt::format("judgment _id {} is on an earlier row too: a judgment is one row", shorten(id)),
                            line, "appen/duplicate-judgment");
            if (!id.empty()) flags["judgment"] = id;
        }
    }
    const std::optional<std::uint32_t> item = item_of(fields, line);
    if (!item) return;
    if (columns_.kind == ReportKind::full) {
        annotator = annotator_of(fields, line);
        dataset_.answers.push_back({*item, annotator});  // a judgment, even with its answers empty
    }
    add_labels(fields, line, *item, annotator, flags);
}

// The gold answer of the one question read (--columns label=Q picks it among several) and, for a
// row left out, its judgment: for agree's scorecard.
bool ReportReader::collect_gold(const std::vector<std::string>& fields, std::uint32_t line, bool left_out) {
    if (columns_.kind != ReportKind::full || columns_.answers.size() != 1 || !columns_.answers.front().gold) return false;
    const AnswerColumn& answer = columns_.answers.front();
    Judgment judgment;
    judgment.item = fields[columns_.unit];
    judgment.annotator = fields[*columns_.worker];
    if (judgment.item.empty() || judgment.annotator.empty() || is_external_result(fields[answer.index])) return false;
    const std::vector<std::string> lines = answer_lines(fields[answer.index]);
    judgment.label = fmt::format("{}", fmt::join(lines, "\n"));
    judgment.missing = lines.empty();
    judgment.where = at(line);
    return add_gold_row(*gold_units_, judgment.item, fields[*answer.gold], left_out ? &judgment : nullptr);
}

void ReportReader::warn_tally(const Tally& tally, const std::string& rule, const std::string& message) {
    if (tally.count > 0) sink_.warn(rule, message, at(tally.first_line));
}

Dataset ReportReader::finish() {
    const char* rows = columns_.kind == ReportKind::full ? "judgment" : "unit";
    if (columns_.kind == ReportKind::full)
        warn_tally(gold_, "appen/gold",
                   gold_left_out_message(gold_.count, gold_scored_, gold_units_ != nullptr && !several_answers_,
                                         ", the first here"));
    else
        warn_tally(gold_, "appen/gold",
                   fmt::format("{} of gold units (test questions, _golden true) left out, the first here; "
                               "--keep-gold keeps them",
                               counted(gold_.count, rows)));
    warn_tally(tainted_, "appen/tainted",
               fmt::format("{} left out (_tainted true: the contributor failed quality control), the first here; "
                           "--keep-tainted keeps them",
                           counted(tainted_.count, "tainted judgment")));
    warn_tally(empty_, "appen/empty-answer",
               fmt::format("{} of finalized units without an answer in any answer column, the first here",
                           counted(empty_.count, std::string(rows) + " row", std::string(rows) + " rows")));
    for (const auto& [column, tally] : external_)
        warn_tally(tally, "appen/external-result",
                   fmt::format("{} in column {} link to a result file (Appen's annotation tools keep shapes, "
                               "transcriptions and spans there): not fetched, so no label is made from them; the first "
                               "here",
                               counted(tally.count, "answer"), column));
    return std::move(dataset_);
}

// Several answer columns are several questions: all are read (each label keeps its column in the
// attribute "field"), and agree and consensus refuse to pool them (load_annotators).
void note_several_questions(const ReportColumns& columns, const std::filesystem::path& path, DiagnosticSink& sink) {
    if (columns.answers.size() < 2) return;
    std::vector<std::string> names;
    for (const AnswerColumn& answer : columns.answers) names.push_back(answer.name);
    sink.info("appen/several-questions",
              fmt::format("{} answer columns ({}): each label keeps its question in the attribute \"field\"; agree and "
                          "merge --mode consensus take one question at a time: --columns appen,label={}",
                          names.size(), shorten(fmt::format("{}", fmt::join(names, ", ")), 300), names.front()),
              Location{path.string(), 1, 0, {}});
}

}  // namespace

Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    return read_appen_report(input, options, nullptr, sink);
}

}  // namespace labelkit::appen

namespace labelkit {

Dataset read_appen_report(const std::filesystem::path& input, const ReadOptions& options, GoldUnits* gold,
                          DiagnosticSink& sink) {
    using namespace appen;
    const std::string text = read_text_file(input);
    CsvReader reader(text, input, "appen/csv");
    std::vector<std::string> header;
    if (!reader.next(header))
        throw Error("the file is empty: an Appen report starts with a header row", Location{input.string(), 1, 0, {}},
                    "appen/csv");
    const std::optional<ReportKind> kind = report_kind(header);
    if (!kind)
        throw Error("not an Appen report: the header needs _unit_id and _worker_id (full report) or _unit_id and a "
                    "<field>:confidence column (aggregated report)",
                    Location{input.string(), 1, 0, {}}, "appen/csv");
    ReportColumns columns = report_columns(header, *kind, input, options, sink);
    note_several_questions(columns, input, sink);
    ReportReader report(input, std::move(columns), options, gold, sink);
    std::vector<std::string> fields;
    try {
        while (reader.next(fields)) report.read_row(fields, reader.line());
    } catch (const Error& error) {
        if (!options.lenient || error.rule() != "appen/csv") throw;
        sink.report(error.as_diagnostic("appen/csv"));  // a quoted field left open: the rest cannot be read
    }
    return report.finish();
}

}  // namespace labelkit
