// The crowd HTML elements' answers, as SageMaker worker responses and MTurk batches hold them, and
// the dataset builder the three readers share.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "formats/sagemaker/sagemaker_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::sagemaker {

std::uint32_t DatasetBuilder::add_file(const std::filesystem::path& path) {
    dataset_.source_files.push_back(path.string());
    return static_cast<std::uint32_t>(dataset_.source_files.size() - 1);
}

std::uint32_t DatasetBuilder::item(const std::string& path, ItemKind kind, Origin origin) {
    const auto [it, added] = items_.try_emplace(path, static_cast<std::uint32_t>(dataset_.items.size()));
    if (added) {
        Item item;
        item.path = path;
        item.kind = kind;
        item.origin = origin;
        dataset_.items.push_back(std::move(item));
    }
    return it->second;
}

std::uint32_t DatasetBuilder::annotator(const std::string& id) {
    const auto [known, added] = annotators_.try_emplace(id, static_cast<std::uint32_t>(dataset_.annotators.size()));
    if (added) dataset_.annotators.push_back({id});
    return known->second;
}

std::uint32_t DatasetBuilder::category(const std::string& name, std::optional<std::int64_t> preferred_id) {
    const auto found = categories_.find(name);
    if (found != categories_.end()) return found->second;
    const std::int64_t id = preferred_id && !used_ids_.count(*preferred_id) ? *preferred_id : next_id_;
    used_ids_[id] = true;
    next_id_ = std::max(next_id_, id + 1);
    dataset_.categories.push_back(Category{id, name, {}, {}, {}});
    const auto index = static_cast<std::uint32_t>(dataset_.categories.size() - 1);
    categories_.emplace(name, index);
    return index;
}

void DatasetBuilder::set_size(std::uint32_t item, std::uint32_t width, std::uint32_t height) {
    Item& target = dataset_.items[item];
    if (target.width != 0 || target.height != 0) return;
    target.width = width;
    target.height = height;
}

nlohmann::json parse_json(std::string_view text, const Location& where, const std::string& rule) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {  // a syntax error, or a number past a double
        throw Error(fmt::format("not valid JSON: {}", shorten(error.what(), 200)), where, rule);
    }
}

void report_unread(const std::unordered_map<std::string, std::size_t>& unread, const std::string& rule,
                   const std::string& what, const Location& where, DiagnosticSink& sink) {
    std::vector<std::pair<std::string, std::size_t>> sorted(unread.begin(), unread.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [name, count] : sorted)
        sink.warn(rule, fmt::format("{} {} '{}' not read: labelkit reads boxes and class labels only",
                                    count, what, shorten(name, 80)), where);
}

bool whole_pixels(double side) {
    return side >= 1 && side <= 1073741824.0 && side == std::floor(side);
}

namespace {

std::vector<std::string> pointer_segments(const std::string& pointer) {
    std::vector<std::string> segments;
    std::size_t pos = 1;
    while (pos <= pointer.size()) {
        const std::size_t slash = std::min(pointer.find('/', pos), pointer.size());
        segments.push_back(pointer.substr(pos, slash - pos));
        pos = slash + 1;
    }
    return segments;
}

// An error at `pointer` inside the answer content. MTurk answers are flattened into Answer.*
// columns (or held in Answer.taskAnswers): the error then names the column and points inside its cell.
Error answer_error(const AnswerSource& source, const std::string& pointer, const std::string& message) {
    Location where = source.where;
    const std::string rule = source.format + "/schema";
    if (!source.columns) {
        where.json_pointer += pointer;
        return Error(message, where, rule);
    }
    const std::vector<std::string> segments = pointer_segments(pointer);
    std::string dotted = "Answer";
    for (std::size_t k = 0; k < segments.size(); ++k) {
        dotted += "." + segments[k];
        if (std::find(source.columns->begin(), source.columns->end(), dotted) == source.columns->end()) continue;
        std::string inside;
        for (std::size_t rest = k + 1; rest < segments.size(); ++rest) inside += "/" + segments[rest];
        where.json_pointer = inside;
        return Error(fmt::format("column {}: {}", dotted, message), where, rule);
    }
    // No dotted column holds it: the answer came from Answer.taskAnswers' first (only read) object.
    const std::string task_answers = "Answer.taskAnswers";
    if (std::find(source.columns->begin(), source.columns->end(), task_answers) != source.columns->end()) {
        where.json_pointer = "/0" + pointer;
        return Error(fmt::format("column {}: {}", task_answers, message), where, rule);
    }
    return Error(message, where, rule);
}

double number_at(const nlohmann::json& object, const char* key, const AnswerSource& source, const std::string& pointer) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number())
        throw answer_error(source, pointer, fmt::format("\"{}\" must be a number", key));
    return found->get<double>();
}

std::string string_at(const nlohmann::json& object, const char* key, const AnswerSource& source,
                      const std::string& pointer) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string() || found->get_ref<const std::string&>().empty())
        throw answer_error(source, pointer, fmt::format("\"{}\" must be a non-empty string", key));
    return found->get<std::string>();
}

void read_image_properties(const nlohmann::json& properties, const AnswerSource& source, const std::string& pointer,
                           DatasetBuilder& builder) {
    if (!properties.is_object()) throw answer_error(source, pointer, "inputImageProperties must be an object");
    const double width = number_at(properties, "width", source, pointer);
    const double height = number_at(properties, "height", source, pointer);
    if (!whole_pixels(width) || !whole_pixels(height))
        throw answer_error(source, pointer, fmt::format("image size {} x {} is not whole pixels from 1 to 2^30", width, height));
    builder.set_size(source.item, static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height));
}

void read_box(const nlohmann::json& box, const AnswerSource& source, const std::string& pointer, DatasetBuilder& builder) {
    if (!box.is_object()) throw answer_error(source, pointer, "a bounding box must be an object");
    Annotation annotation;
    annotation.item = source.item;
    annotation.category = builder.category(string_at(box, "label", source, pointer));
    annotation.box = Box{number_at(box, "left", source, pointer), number_at(box, "top", source, pointer),
                         number_at(box, "width", source, pointer), number_at(box, "height", source, pointer)};
    annotation.annotator = source.annotator;
    annotation.origin = source.origin;
    builder.dataset().annotations.push_back(std::move(annotation));
}

// A crowd-bounding-box output: {"boundingBoxes": [...], "inputImageProperties": {...}}.
void read_boxes(const nlohmann::json& element, const AnswerSource& source, const std::string& pointer,
                DatasetBuilder& builder, const ReadOptions& options, DiagnosticSink& sink) {
    const auto properties = element.find("inputImageProperties");
    if (properties != element.end()) {
        try {
            read_image_properties(*properties, source, pointer + "/inputImageProperties", builder);
        } catch (const Error& error) {
            report_or_throw(error, options, sink, source.format + "/schema");
        }
    }
    const nlohmann::json& boxes = element.at("boundingBoxes");
    if (!boxes.is_array()) {
        report_or_throw(answer_error(source, pointer + "/boundingBoxes", "boundingBoxes must be an array"), options,
                        sink, source.format + "/schema");
        return;
    }
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        try {
            read_box(boxes[i], source, fmt::format("{}/boundingBoxes/{}", pointer, i), builder);
        } catch (const Error& error) {
            report_or_throw(error, options, sink, source.format + "/schema");
        }
    }
}

void add_label(const nlohmann::json& name, const AnswerSource& source, const std::string& pointer, DatasetBuilder& builder) {
    if (!name.is_string() || name.get_ref<const std::string&>().empty())
        throw answer_error(source, pointer, "a class label must be a non-empty string");
    Label label;
    label.item = source.item;
    label.category = builder.category(name.get<std::string>());
    label.annotator = source.annotator;
    label.origin = source.origin;
    builder.dataset().labels.push_back(std::move(label));
}

// A crowd-classifier output {"label": "cat"} or a multi-select one {"labels": ["cat", "dog"]}.
void read_labels(const nlohmann::json& element, const AnswerSource& source, const std::string& pointer,
                 DatasetBuilder& builder) {
    if (const auto single = element.find("label"); single != element.end()) {
        add_label(*single, source, pointer + "/label", builder);
        return;
    }
    const nlohmann::json& labels = element.at("labels");
    if (!labels.is_array()) throw answer_error(source, pointer + "/labels", "labels must be an array of class names");
    for (std::size_t i = 0; i < labels.size(); ++i) add_label(labels[i], source, fmt::format("{}/labels/{}", pointer, i), builder);
}

}  // namespace

std::string pointer_segment(const std::string& key) {
    std::string segment;
    for (const char c : key) segment += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return segment;
}

void read_answer_content(const nlohmann::json& content, const AnswerSource& source, DatasetBuilder& builder,
                         const ReadOptions& options, DiagnosticSink& sink,
                         std::unordered_map<std::string, std::size_t>& unread) {
    if (!content.is_object()) {
        report_or_throw(answer_error(source, "", "the answer content must be a JSON object of element outputs"), options,
                        sink, source.format + "/schema");
        return;
    }
    for (const auto& [name, element] : content.items()) {
        const std::string pointer = "/" + pointer_segment(name);
        try {
            if (element.is_object() && element.contains("boundingBoxes"))
                read_boxes(element, source, pointer, builder, options, sink);
            else if (element.is_object() && (element.contains("label") || element.contains("labels")))
                read_labels(element, source, pointer, builder);
            else
                ++unread[name];
        } catch (const Error& error) {
            report_or_throw(error, options, sink, source.format + "/schema");
        }
    }
}

}  // namespace labelkit::sagemaker
