// Reads a Label Studio JSON export: one task at a time (located by TaskScanner, parsed by a
// simdjson DOM of that task only), straight into the model.
#include <fmt/format.h>

#include "formats/label_studio/reader_state.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::label_studio {

namespace {

// Task data kept in Item::extra: a small JSON value, converted as it is.
nlohmann::json to_json(dom::element element) {
    switch (element.type()) {
    case dom::element_type::ARRAY: {
        nlohmann::json array = nlohmann::json::array();
        for (dom::element child : dom::array(element)) array.push_back(to_json(child));
        return array;
    }
    case dom::element_type::OBJECT: {
        nlohmann::json object = nlohmann::json::object();
        for (dom::key_value_pair field : dom::object(element)) object[std::string(field.key)] = to_json(field.value);
        return object;
    }
    case dom::element_type::INT64: return std::int64_t(element);
    case dom::element_type::UINT64: return std::uint64_t(element);
    case dom::element_type::DOUBLE: return double(element);
    case dom::element_type::STRING: return std::string(std::string_view(element));
    case dom::element_type::BOOL: return bool(element);
    case dom::element_type::NULL_VALUE: return nullptr;
    }
    return nullptr;
}

std::string id_text(dom::element id) {
    if (id.is_string()) return std::string(std::string_view(id));
    if (id.is_int64()) return std::to_string(std::int64_t(id));
    if (id.is_uint64()) return std::to_string(std::uint64_t(id));
    if (id.is_double()) return fmt::format("{}", double(id));
    return {};
}

bool is_true(dom::object object, const char* key) {
    bool value = false;
    return object[key].get(value) == simdjson::SUCCESS && value;
}

// Which data field refers to the item (its kind and path): the first of these that is a string.
// Without one, a task with a "text" is a text item, any other an item of kind other.
struct DataKey {
    const char* key;
    ItemKind kind;
};
constexpr DataKey data_keys[] = {{"image", ItemKind::image}, {"audio", ItemKind::audio}, {"video", ItemKind::other}};

// simdjson says only what went wrong; the task is parsed again to say where: the byte and the
// reason. A task simdjson refuses but the second parser accepts gets simdjson's word, at its start.
Error task_syntax_error(const MappedJson& file, const TaskSlice& slice, std::size_t index, simdjson::error_code code) {
    const std::string pointer = fmt::format("/{}", index);
    try {
        file.parse_value(slice.begin, slice.end, pointer, "label-studio");
    } catch (const Error& precise) {
        std::string_view reason = precise.message();
        const bool syntax = reason.starts_with("invalid JSON: ");
        if (syntax) reason.remove_prefix(14);
        return Error(fmt::format("{} task {}: {}", syntax ? "invalid JSON in" : "in", index, reason), precise.where(),
                     precise.rule());
    }
    return Error(fmt::format("invalid JSON in task {}: {}", index, simdjson::error_message(code)),
                 file.location(slice.begin, pointer), "label-studio/json-syntax");
}

}  // namespace

std::string Place::pointer(std::string_view tail) const {
    if (!flat) return fmt::format("/{}/{}/{}/result/{}{}", task, list, entry, result, tail);
    if (tail.starts_with("/value")) tail.remove_prefix(6);
    else if (tail == "/type") tail = {};
    return (result < flat->results.size() ? flat->results[result] : flat->record) + std::string(tail);
}

std::string Place::entry_pointer() const {
    return flat ? flat->record : fmt::format("/{}/{}/{}", task, list, entry);
}

void Reader::error(const std::string& rule, std::string message, const std::string& pointer) {
    report_or_throw(Error(std::move(message), {path_, task_line(), 0, pointer}, rule), options_, sink_, rule);
}

void Reader::warning(const std::string& rule, std::string message, const std::string& pointer) {
    if (sink_.claim(rule)) sink_.warn(rule, std::move(message), {path_, task_line(), 0, pointer});
}

std::uint32_t Reader::task_line() {
    if (task_line_ == 0 && scanner_) task_line_ = scanner_->line_at(task_begin_);
    return task_line_;
}

void Reader::scan_elements(const MappedJson& file, const std::function<void(const TaskSlice&, std::size_t)>& read) {
    scanner_.emplace(file);
    std::size_t index = 0;
    std::size_t released = 0;
    while (const std::optional<TaskSlice> slice = scanner_->next()) {
        task_begin_ = slice->begin;
        task_line_ = 0;
        read(*slice, index++);
        if (slice->end - released > release_step) {
            file.release(released, slice->begin);
            released = slice->begin;
        }
    }
}

void Reader::read_export(const MappedJson& file) {
    scan_elements(file, [&](const TaskSlice& slice, std::size_t index) {
        dom::element task;
        // The bytes after the slice are the rest of the file and its padding: readable.
        if (const auto code = parser_.parse(file.data() + slice.begin, slice.end - slice.begin, false).get(task)) {
            const Error invalid = task_syntax_error(file, slice, index, code);
            report_or_throw(invalid, options_, sink_, invalid.rule());
        } else {
            read_task(task, index);
        }
    });
    report_summaries();
}

void Reader::read_task(dom::element task, std::size_t index) {
    dom::object object;
    if (task.get_object().get(object)) {
        error("label-studio/schema", "a task must be a JSON object", fmt::format("/{}", index));
        return;
    }
    dom::object data;
    dom::element data_element;
    if (object["data"].get(data_element) == simdjson::SUCCESS) {
        if (data_element.get_object().get(data)) {
            error("label-studio/schema", "a task's data must be a JSON object", fmt::format("/{}/data", index));
            return;
        }
    } else if (object["annotations"].error() == simdjson::SUCCESS || object["predictions"].error() == simdjson::SUCCESS) {
        error("label-studio/schema", "a task with annotations or predictions needs its \"data\"", fmt::format("/{}", index));
        return;
    } else {
        data = object;  // Label Studio imports a task without "data" as its data ({"text": ...})
    }
    item_ = add_item(data, object, index);
    for (const char* list : {"annotations", "predictions"}) {
        dom::element entries;
        if (object[list].get(entries) != simdjson::SUCCESS || entries.is_null()) continue;
        dom::array array;
        if (entries.get_array().get(array)) {
            error("label-studio/schema", fmt::format("a task's {} must be an array", list), fmt::format("/{}/{}", index, list));
            continue;
        }
        Place place{index, list, 0, 0};
        for (dom::element entry : array) {
            if (std::string_view(list) == "annotations") read_annotation(entry, place);
            else read_prediction(entry, place);
            ++place.entry;
        }
    }
}

std::uint32_t Reader::add_item(dom::object data, dom::object task, std::size_t index) {
    Item item;
    item.origin = {file_index_, static_cast<std::uint32_t>(index)};
    std::int64_t id = 0;
    if (task["id"].get(id) == simdjson::SUCCESS) item.id = id;
    std::string_view used_key;
    for (const DataKey& candidate : data_keys) {
        std::string_view reference;
        if (data[candidate.key].get(reference) == simdjson::SUCCESS) {
            item.kind = candidate.kind;
            item.path = std::string(reference);
            used_key = candidate.key;
            break;
        }
    }
    if (used_key.empty()) {
        item.kind = data["text"].is_string() ? ItemKind::text : ItemKind::other;
        item.path = item.id != no_id ? fmt::format("task-{}", item.id) : fmt::format("task-at-{}", index);
    }
    for (dom::key_value_pair field : data) {
        if (field.key == used_key) continue;
        if (item.extra.is_null()) item.extra = nlohmann::json::object();
        item.extra[std::string(field.key)] = to_json(field.value);
    }
    dataset_.items.push_back(std::move(item));
    return static_cast<std::uint32_t>(dataset_.items.size() - 1);
}

std::uint32_t Reader::annotator_of(dom::object annotation, const Place& place) {
    std::string id, name;
    dom::element completed_by;
    const bool given = annotation["completed_by"].get(completed_by) == simdjson::SUCCESS;
    if (given && completed_by.is_object()) {
        const dom::object person(completed_by);
        if (dom::element inner; person["id"].get(inner) == simdjson::SUCCESS) id = id_text(inner);
        std::string_view email, first, last;
        if (person["email"].get(email) == simdjson::SUCCESS && !email.empty()) {
            name = std::string(email);
        } else {
            if (person["first_name"].get(first)) first = {};
            if (person["last_name"].get(last)) last = {};
            name = first.empty() || last.empty() ? fmt::format("{}{}", first, last) : fmt::format("{} {}", first, last);
        }
        if (id.empty()) id = name;
    } else if (given) {
        id = id_text(completed_by);
    }
    if (id.empty()) {
        warning("label-studio/missing-completed-by",
                place.flat ? "a record without its annotator: read without one"
                           : "an annotation without completed_by (who made it): read without an annotator",
                place.entry_pointer());
        return no_index;
    }
    if (const auto known = annotators_.find(id); known != annotators_.end()) return known->second;
    const std::uint32_t index = dataset_.add_annotator(id, name);
    annotators_.emplace(id, index);
    return index;
}

void Reader::read_annotation(dom::element entry, Place place) {
    const std::string pointer = place.entry_pointer();
    dom::object annotation;
    if (entry.get_object().get(annotation)) {
        error("label-studio/schema", "an annotation must be a JSON object", pointer);
        return;
    }
    if (is_true(annotation, "was_cancelled")) {
        if (cancelled_++ == 0) first_cancelled_ = pointer;
        return;
    }
    Source source;
    source.annotator = annotator_of(annotation, place);
    source.ground_truth = is_true(annotation, "ground_truth");
    dom::array results;
    if (annotation["result"].get(results)) {
        error("label-studio/schema", "an annotation needs its \"result\" array", pointer);
        return;
    }
    if (source.annotator != no_index) dataset_.answers.push_back({item_, source.annotator});  // even an empty one
    read_results(results, source, place);
}

void Reader::read_prediction(dom::element entry, Place place) {
    const std::string pointer = fmt::format("/{}/predictions/{}", place.task, place.entry);
    dom::object prediction;
    if (entry.get_object().get(prediction)) {
        error("label-studio/schema", "a prediction must be a JSON object", pointer);
        return;
    }
    std::string model;
    if (dom::element version; prediction["model_version"].get(version) == simdjson::SUCCESS) model = id_text(version);
    const std::string id = std::string(prediction_prefix) + model;
    Source source;
    if (const auto known = annotators_.find(id); known != annotators_.end()) {
        source.annotator = known->second;
    } else {
        source.annotator = dataset_.add_annotator(id, model, true);
        annotators_.emplace(id, source.annotator);
    }
    if (double score = 0; prediction["score"].get(score) == simdjson::SUCCESS) source.score = score;
    dom::array results;
    if (prediction["result"].get(results)) {
        error("label-studio/schema", "a prediction needs its \"result\" array", pointer);
        return;
    }
    read_results(results, source, place);
}

void Reader::report_summaries() {
    if (cancelled_ > 0)
        sink_.warn("label-studio/cancelled-annotation",
                   fmt::format("{} left out: cancelled (skipped) by the annotator (was_cancelled)",
                               counted(cancelled_, "annotation")),
                   {path_, 0, 0, first_cancelled_});
    for (const auto& [type, what] : unknown_types_)
        sink_.warn("label-studio/unknown-result-type",
                   fmt::format("{} of the unknown type \"{}\" not read", counted(what.count, "result"), shorten(type)),
                   {path_, what.first_line, 0, what.first_pointer});
    for (const auto& [type, what] : types_not_read_)
        sink_.warn("label-studio/result-not-read",
                   fmt::format("{} of type \"{}\" not read (labelkit does not hold them)", counted(what.count, "result"), type),
                   {path_, what.first_line, 0, what.first_pointer});
}

namespace {

// The JSON and JSON-MIN exports: a mapped file read by one of the reader's passes.
Dataset read_mapped(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink,
                    void (Reader::*pass)(const MappedJson&)) {
    const MappedJson file(input);
    Dataset dataset;
    dataset.source_files.push_back(file.path());
    Reader reader(file.path(), 0, options, sink, dataset);
    (reader.*pass)(file);
    return dataset;
}

}  // namespace

Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    return read_mapped(input, options, sink, &Reader::read_export);
}

Dataset read_min(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    return read_mapped(input, options, sink, &Reader::read_min_export);
}

Dataset read_csv(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    const std::string text = read_text_file(input);
    Dataset dataset;
    dataset.source_files.push_back(input.string());
    Reader(input.string(), 0, options, sink, dataset).read_csv_export(text);
    return dataset;
}

}  // namespace labelkit::label_studio
