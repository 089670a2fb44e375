// Mechanical Turk batch results (Batch_<id>_batch_results.csv): one row per assignment; the crowd
// elements' answers flattened into Answer.<element>.<field> columns, JSON arrays in cells
// (Answer.annotatedResult.boundingBoxes). The columns are put back into one answer content and
// read by the parser of SageMaker worker responses. Crowd-form templates put all answers in one
// column instead, Answer.taskAnswers = [{"<element>": {...}}]: its object is read the same way.
#include <algorithm>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "formats/sagemaker/sagemaker_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::sagemaker {

namespace {

const std::string answer_prefix = "Answer.";
const std::string input_prefix = "Input.";
const std::string task_answers_key = "taskAnswers";

struct Columns {
    std::optional<std::size_t> worker, assignment, status, image_url;
    std::vector<std::size_t> inputs;        // every Input.* column
    std::vector<std::size_t> answers;       // every Answer.* column
    std::vector<std::string> answer_names;  // their names
};

Columns find_columns(const std::vector<std::string>& header, const std::filesystem::path& path) {
    Columns columns;
    columns.worker = find_column(header, "WorkerId", path, "mturk/csv");
    columns.assignment = find_column(header, "AssignmentId", path, "mturk/csv");
    columns.status = find_column(header, "AssignmentStatus", path, "mturk/csv");
    columns.image_url = find_column(header, "Input.image_url", path, "mturk/csv");
    for (std::size_t k = 0; k < header.size(); ++k) {
        if (header[k].starts_with(input_prefix)) columns.inputs.push_back(k);
        if (header[k].starts_with(answer_prefix)) {
            columns.answers.push_back(k);
            columns.answer_names.push_back(header[k]);
        }
    }
    if (columns.answers.empty())
        throw Error("the header has no Answer.* columns: not an MTurk batch of answers", {path.string(), 1}, "mturk/csv");
    return columns;
}

bool looks_like_reference(const std::string& value) {
    if (value.find("://") != std::string::npos) return true;
    const std::string extension = std::filesystem::path(value).extension().string();
    for (const char* image : {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"})
        if (iequals(extension, image)) return true;
    return false;
}

// The item of a row: Input.image_url, else the first Input.* cell that is a URL or an image name.
std::optional<std::string> row_item(const std::vector<std::string>& fields, const Columns& columns) {
    if (columns.image_url && !fields[*columns.image_url].empty()) return fields[*columns.image_url];
    for (const std::size_t k : columns.inputs)
        if (looks_like_reference(fields[k])) return fields[k];
    return std::nullopt;
}

std::vector<std::string> split_path(const std::string& dotted) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (true) {
        const std::size_t dot = dotted.find('.', pos);
        parts.push_back(dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
        if (dot == std::string::npos) return parts;
        pos = dot + 1;
    }
}

// A cell as a JSON value: JSON arrays and objects parsed, numbers as numbers, text as text.
nlohmann::json cell_value(const std::string& cell, const std::string& column, const Location& where) {
    const std::size_t first = cell.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (cell[first] == '[' || cell[first] == '{')) {
        try {
            return parse_json(cell, where, "mturk/answer-json");
        } catch (const Error& error) {
            throw Error(fmt::format("column {}: {}", column, error.message()), where, "mturk/answer-json");
        }
    }
    if (const std::optional<double> number = parse_double(cell); number && std::isfinite(*number)) return *number;
    return cell;
}

struct BatchReader {
    DatasetBuilder& builder;
    const ReadOptions& options;
    DiagnosticSink& sink;
    Columns columns;
    std::uint32_t file = 0;
    std::size_t rejected = 0;
    std::unordered_map<std::string, std::size_t> unread;

    // Answer.<element>.<field>... columns back into {"<element>": {"<field>": ...}}.
    nlohmann::json answer_content(const std::vector<std::string>& fields, const Location& where) {
        nlohmann::json content = nlohmann::json::object();
        for (std::size_t n = 0; n < columns.answers.size(); ++n) {
            const std::string& cell = fields[columns.answers[n]];
            if (cell.empty()) continue;
            const std::string& name = columns.answer_names[n];
            nlohmann::json* node = &content;
            const std::vector<std::string> parts = split_path(name.substr(answer_prefix.size()));
            for (std::size_t p = 0; p + 1 < parts.size() && node; ++p) {
                nlohmann::json& next = (*node)[parts[p]];
                if (next.is_null()) next = nlohmann::json::object();
                node = next.is_object() ? &next : nullptr;
            }
            if (node) (*node)[parts.back()] = cell_value(cell, name, where);
            else ++unread[name];
        }
        if (content.contains(task_answers_key)) flatten_task_answers(content, where);
        return content;
    }

    // A crowd-form's answers in one column: Answer.taskAnswers = [{"<element>": {...}, ...}]. The
    // element outputs are moved up beside the dotted columns' ones. A crowd-form submits one object
    // per assignment; further elements are reported and not read.
    void flatten_task_answers(nlohmann::json& content, const Location& where) {
        nlohmann::json tasks = std::move(content[task_answers_key]);
        content.erase(task_answers_key);
        const std::string column = answer_prefix + task_answers_key;
        if (!tasks.is_array() || tasks.empty() || !tasks[0].is_object()) {
            report_or_throw(Error(fmt::format("column {}: expected a JSON array holding one object of element answers",
                                              column), where, "mturk/schema"),
                            options, sink, "mturk/schema");
            return;
        }
        if (tasks.size() > 1) {
            Location second = where;
            second.json_pointer = "/1";
            report_or_throw(Error(fmt::format("column {}: {} task answers where a crowd-form submits one; only the first is read",
                                              column, tasks.size()), second, "mturk/schema"),
                            options, sink, "mturk/schema");
        }
        for (auto& [name, element] : tasks[0].items()) {
            if (content.contains(name)) ++unread[column + "/" + name];  // also in a dotted column: that one is read
            else content[name] = std::move(element);
        }
    }

    std::string annotator_of(const std::vector<std::string>& fields, std::uint32_t line) const {
        if (columns.worker && !fields[*columns.worker].empty()) return fields[*columns.worker];
        if (columns.assignment && !fields[*columns.assignment].empty()) return fields[*columns.assignment];
        return fmt::format("line {}", line);
    }

    void read_row(const std::vector<std::string>& fields, const Location& where) {
        if (columns.status && fields[*columns.status] == "Rejected") {
            ++rejected;
            return;
        }
        const std::optional<std::string> item = row_item(fields, columns);
        if (!item)
            throw Error("no Input.image_url, nor an Input.* cell with a URL or image name: the row's item is unknown",
                        where, "mturk/missing-input");
        AnswerSource source;
        source.where = where;
        source.origin = Origin{file, where.line};
        source.item = builder.item(*item, ItemKind::image, source.origin);
        source.annotator = builder.annotator(annotator_of(fields, where.line));
        builder.dataset().answers.push_back({source.item, source.annotator});  // an assignment, even without boxes
        source.format = "mturk";
        source.columns = &columns.answer_names;
        read_answer_content(answer_content(fields, where), source, builder, options, sink, unread);
    }
};

}  // namespace

Dataset read_mturk(const std::filesystem::path& path, const ReadOptions& options, DiagnosticSink& sink) {
    const std::string text = read_text_file(path);
    CsvReader reader(text, path, "mturk/csv");
    std::vector<std::string> header;
    if (!reader.next(header)) throw Error("the file is empty: an MTurk batch needs a header row", {path.string(), 1}, "mturk/csv");
    Dataset dataset;
    DatasetBuilder builder(dataset);
    BatchReader batch{builder, options, sink, find_columns(header, path)};
    batch.file = builder.add_file(path);
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        const Location where{path.string(), reader.line()};
        try {
            if (fields.size() != header.size())
                throw Error(fmt::format("{} fields where the header has {}", fields.size(), header.size()), where, "mturk/csv");
            batch.read_row(fields, where);
        } catch (const Error& error) {
            report_or_throw(error, options, sink, "mturk/schema");
        }
    }
    if (batch.rejected > 0)
        sink.info("mturk/rejected", fmt::format("{} left out (AssignmentStatus Rejected)",
                                                counted(batch.rejected, "rejected assignment")),
                  {path.string()});
    report_unread(batch.unread, "mturk/unread", "answers of the element", {path.string()}, sink);
    return dataset;
}

}  // namespace labelkit::sagemaker
