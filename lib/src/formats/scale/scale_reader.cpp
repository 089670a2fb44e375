// Reads Scale AI tasks (as the Scale API returns them) and callback bodies ({task, response,
// task_id}): one item per completed task, its response's boxes and polygons as annotations and
// its categories as item labels. Scale delivers one consolidated answer per task: no annotators.
#include <array>
#include <map>

#include <fmt/format.h>

#include "formats/scale/scale_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::scale {

namespace {

using nlohmann::json;

// Annotation types of Scale's imageannotation response that the model has no shape for.
constexpr std::array<const char*, 5> unsupported_types = {"line", "point", "cuboid", "ellipse", "rotated_box"};

bool is_unsupported(const std::string& type) {
    for (const char* candidate : unsupported_types)
        if (type == candidate) return true;
    return false;
}

// A task, or a callback body: the task may be nested under "task" and the response and task_id
// be beside it.
struct TaskView {
    const json* task = nullptr;
    std::string task_pointer;  // "/task" in a callback body, "" otherwise
    const json* response = nullptr;
    std::string response_pointer;
};

ItemKind kind_of(const std::string& attachment_type) {
    if (attachment_type.empty() || attachment_type == "image") return ItemKind::image;
    if (attachment_type == "text") return ItemKind::text;
    if (attachment_type == "audio") return ItemKind::audio;
    return ItemKind::other;
}

class ScaleReader {
public:
    ScaleReader(const std::filesystem::path& path, const ReadOptions& options, DiagnosticSink& sink)
        : builder_("scale", path, options, sink) {}

    Dataset read(std::vector<JsonRecord> records) {
        for (const JsonRecord& record : records) read_task(record);
        report_counts();
        return builder_.finish();
    }

private:
    void read_task(const JsonRecord& record) {
        if (!record.value.is_object())
            return builder_.fail("a task must be a JSON object", builder_.at(record), "schema");
        const Member member{builder_, record};
        const TaskView view = view_of(record.value, member);
        const auto status = member.string(*view.task, "status", view.task_pointer);
        if (status && *status != "completed") {
            ++not_completed_[*status];
            return;
        }
        if (view.response == nullptr)
            return builder_.fail("a completed task without a response (its answer is missing; the task is left out)",
                                 builder_.at(record, view.task_pointer), "missing-response");
        const auto item = add_item(record, view, member);
        if (!item) return;
        declare_categories(member, *view.task, view.task_pointer);
        read_annotations(member, view, *item);
        read_categories(member, view, *item);
    }

    static TaskView view_of(const json& record, const Member& member) {
        TaskView view{&record, "", nullptr, ""};
        if (const json* task = member.object(record, "task", "")) view = {task, "/task", nullptr, ""};
        if (const json* response = member.object(*view.task, "response", view.task_pointer)) {
            view.response = response;
            view.response_pointer = view.task_pointer + "/response";
        } else if (const json* outer = member.object(record, "response", "")) {
            view.response = outer;
            view.response_pointer = "/response";
        }
        return view;
    }

    std::optional<std::string> task_id(const json& record, const TaskView& view, const Member& member) {
        if (auto id = member.string(*view.task, "task_id", view.task_pointer)) return id;
        if (view.task != &record) return member.string(record, "task_id", "");
        return std::nullopt;
    }

    std::optional<std::uint32_t> add_item(const JsonRecord& record, const TaskView& view, const Member& member) {
        const json* params = member.object(*view.task, "params", view.task_pointer);
        const std::string params_pointer = view.task_pointer + "/params";
        const auto id = task_id(record.value, view, member);
        const auto attachment = params ? member.string(*params, "attachment", params_pointer) : std::nullopt;
        const auto type = params ? member.string(*params, "attachment_type", params_pointer) : std::nullopt;
        Item item;
        item.kind = kind_of(type.value_or(""));
        item.extra = task_extra(*view.task, id);
        if (item.kind == ItemKind::text && attachment) item.extra["text"] = *attachment;
        if (item.kind == ItemKind::text || !attachment) {
            if (!id) {
                builder_.fail("a task without params.attachment nor task_id: nothing identifies its item",
                              builder_.at(record, view.task_pointer), "schema");
                return std::nullopt;
            }
            if (!attachment)
                builder_.sink().warn("scale/attachment-missing",
                                     "a task without params.attachment (a callback body without its task?): its item "
                                     "is named by the task_id",
                                     builder_.at(record, params ? params_pointer : view.task_pointer));
            item.path = *id;
        } else {
            item.path = *attachment;
        }
        item.origin = builder_.origin(record);
        return builder_.add_item(std::move(item));
    }

    // What the task says beside its answer, kept with its item.
    static json task_extra(const json& task, const std::optional<std::string>& id) {
        json extra = json::object();
        if (id) extra["task_id"] = *id;
        for (const char* key : {"type", "created_at", "completed_at", "project", "batch", "unique_id"})
            if (task.contains(key) && !task[key].is_null()) extra[key] = task[key];
        if (task.contains("metadata") && task["metadata"].is_object() && !task["metadata"].empty())
            extra["metadata"] = task["metadata"];
        return extra;
    }

    // The classes the task offered (params.objects_to_annotate, params.geometries.<kind>.
    // objects_to_annotate, params.categories), in their order, so that unused ones are kept too.
    void declare_categories(const Member& member, const json& task, const std::string& task_pointer) {
        const json* params = member.object(task, "params", task_pointer);
        if (params == nullptr) return;
        const std::string at = task_pointer + "/params";
        if (const json* choices = member.array(*params, "objects_to_annotate", at)) declare_choices(*choices);
        if (const json* geometries = member.object(*params, "geometries", at))
            for (const auto& [kind, geometry] : geometries->items())
                if (geometry.is_object() && geometry.contains("objects_to_annotate") && geometry["objects_to_annotate"].is_array())
                    declare_choices(geometry["objects_to_annotate"]);
        if (const json* categories = member.array(*params, "categories", at)) declare_choices(*categories);
    }

    // Strings, or {choice, subchoices} (nested labels: the response reports the leaves).
    void declare_choices(const json& choices) {
        for (const json& choice : choices) {
            if (choice.is_string()) {
                builder_.category(choice.get<std::string>());
            } else if (choice.is_object() && choice.contains("subchoices") && choice["subchoices"].is_array()) {
                declare_choices(choice["subchoices"]);
            } else if (choice.is_object() && choice.contains("choice") && choice["choice"].is_string()) {
                builder_.category(choice["choice"].get<std::string>());
            }
        }
    }

    void read_annotations(const Member& member, const TaskView& view, std::uint32_t item) {
        const json* annotations = member.array(*view.response, "annotations", view.response_pointer);
        if (annotations == nullptr) return;
        if (view.response->contains("global_attributes"))
            builder_.dataset().items[item].extra["global_attributes"] = (*view.response)["global_attributes"];
        for (std::size_t i = 0; i < annotations->size(); ++i)
            read_annotation(member, (*annotations)[i], fmt::format("{}/annotations/{}", view.response_pointer, i), item);
    }

    // The annotation's type; legacy tasks (annotation, polygonannotation) leave it out.
    static std::optional<std::string> annotation_type(const Member& member, const json& annotation, const std::string& at) {
        if (annotation.contains("type")) return member.string(annotation, "type", at);
        if (annotation.contains("vertices")) return "polygon";
        if (annotation.contains("left")) return "box";
        return std::nullopt;
    }

    void read_annotation(const Member& member, const json& annotation, const std::string& at, std::uint32_t item) {
        if (!annotation.is_object())
            return builder_.fail("an annotation must be a JSON object", builder_.at(member.record, at), "schema");
        const auto type = annotation_type(member, annotation, at);
        if (type && is_unsupported(*type)) return keep_unsupported(annotation, *type, item);
        if (!type || (*type != "box" && *type != "polygon"))
            return builder_.fail(fmt::format("unknown annotation type '{}' (known: box, polygon; not read: line, point, "
                                             "cuboid, ellipse, rotated_box)", shorten(type.value_or(""))),
                                 builder_.at(member.record, at + "/type"), "unknown-annotation-type");
        const auto label = member.string(annotation, "label", at);
        if (!label) return builder_.fail("an annotation needs a label", builder_.at(member.record, at), "schema");
        Annotation result;
        if (*type == "box") {
            const auto box = checked_box(member, annotation, "left", "top", at);
            if (!box) return;
            result.box = *box;
        } else {
            const json* vertices = member.array(annotation, "vertices", at);
            if (vertices == nullptr) return builder_.fail("a polygon needs vertices", builder_.at(member.record, at), "schema");
            auto polygon = checked_polygon(member, *vertices, at + "/vertices");
            if (!polygon) return;
            result.box = bounding_box(*polygon);
            result.shape = std::move(*polygon);
        }
        result.item = item;
        result.category = builder_.category(*label);
        result.attributes = annotation_attributes(member, annotation, at);
        result.origin = builder_.origin(member.record);
        builder_.dataset().annotations.push_back(std::move(result));
    }

    static json annotation_attributes(const Member& member, const json& annotation, const std::string& at) {
        json attributes = json::object();
        if (const json* given = member.object(annotation, "attributes", at)) attributes = *given;
        if (const auto uuid = member.string(annotation, "uuid", at)) attributes["uuid"] = *uuid;
        return attributes.empty() ? json() : attributes;
    }

    // Shapes the model cannot hold stay with their item (extra.unsupported_annotations), counted.
    void keep_unsupported(const json& annotation, const std::string& type, std::uint32_t item) {
        ++unsupported_[type];
        builder_.dataset().items[item].extra["unsupported_annotations"].push_back(annotation);
    }

    // A categorization answer: response.category (a string, or a list when several may be chosen)
    // and response.taxonomies ({name: label or [labels]}).
    void read_categories(const Member& member, const TaskView& view, std::uint32_t item) {
        const json& response = *view.response;
        if (response.contains("category")) add_labels(member, response["category"], view.response_pointer + "/category", item, {});
        if (const json* taxonomies = member.object(response, "taxonomies", view.response_pointer))
            for (const auto& [name, value] : taxonomies->items())
                add_labels(member, value, view.response_pointer + "/taxonomies/" + name, item, json{{"taxonomy", name}});
    }

    void add_labels(const Member& member, const json& value, const std::string& at, std::uint32_t item,
                    const json& attributes) {
        if (value.is_null()) return;
        if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i) add_labels(member, value[i], fmt::format("{}/{}", at, i), item, attributes);
            return;
        }
        if (!value.is_string())
            return builder_.fail("a category must be a string or a list of strings", builder_.at(member.record, at), "schema");
        Label label;
        label.item = item;
        label.category = builder_.category(value.get<std::string>());
        label.attributes = attributes;
        label.origin = builder_.origin(member.record);
        builder_.dataset().labels.push_back(std::move(label));
    }

    void report_counts() {
        std::size_t left_out = 0;
        for (const auto& [status, count] : not_completed_) left_out += count;
        if (left_out > 0)
            builder_.warn(fmt::format("{} not completed ({}) left out: they have no response",
                                      counted(left_out, "task"), counts_by_name(not_completed_)), "not-completed");
        std::size_t unsupported = 0;
        for (const auto& [type, count] : unsupported_) unsupported += count;
        if (unsupported > 0)
            builder_.warn(fmt::format("{} that labelkit has no shape for ({}) not read: kept in their item's "
                                      "extra.unsupported_annotations", counted(unsupported, "annotation"),
                                      counts_by_name(unsupported_)), "unsupported-annotation");
    }

    DatasetBuilder builder_;
    std::map<std::string, std::size_t> not_completed_;
    std::map<std::string, std::size_t> unsupported_;
};

}  // namespace

Dataset read_scale(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    return ScaleReader(input, options, sink).read(read_records(input, "scale", options, sink));
}

}  // namespace labelkit::scale
