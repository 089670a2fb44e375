// Reads Scale Nucleus annotations as nucleus-python-client serialises them (to_payload in
// nucleus/annotation.py): {label, type, geometry, reference_id, annotation_id, metadata}, as a
// list or JSON Lines. Items are the reference_ids, in the order they first appear.
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "formats/scale/scale_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::scale {

namespace {

using nlohmann::json;

bool is_unsupported(const std::string& type) {
    return type == "line" || type == "keypoints" || type == "cuboid" || type == "segmentation";
}

class NucleusReader {
public:
    NucleusReader(const std::filesystem::path& path, const ReadOptions& options, DiagnosticSink& sink)
        : builder_("nucleus", path, options, sink) {}

    Dataset read(std::vector<JsonRecord> records) {
        for (const JsonRecord& record : records) read_annotation(record);
        if (!unsupported_.empty()) {
            std::size_t total = 0;
            for (const auto& [type, count] : unsupported_) total += count;
            builder_.warn(fmt::format("{} that labelkit has no shape for ({}) not read: kept in their item's "
                                      "extra.unsupported_annotations", counted(total, "annotation"),
                                      counts_by_name(unsupported_)), "unsupported-annotation");
        }
        return builder_.finish();
    }

private:
    void read_annotation(const JsonRecord& record) {
        const json& annotation = record.value;
        if (!annotation.is_object())
            return builder_.fail("an annotation must be a JSON object", builder_.at(record), "schema");
        const Member member{builder_, record};
        // The Nucleus backend sometimes answers "ref_id" for "reference_id" (constants.py).
        auto reference = member.string(annotation, "reference_id", "");
        if (!reference && !annotation.contains("reference_id")) reference = member.string(annotation, "ref_id", "");
        const auto type = member.string(annotation, "type", "");
        if (!reference || !type)
            return builder_.fail("a Nucleus annotation needs the strings reference_id and type", builder_.at(record), "schema");
        const std::uint32_t item = item_of(*reference, record);
        if (is_unsupported(*type)) {
            ++unsupported_[*type];
            builder_.dataset().items[item].extra["unsupported_annotations"].push_back(annotation);
            return;
        }
        if (*type == "box" || *type == "polygon") return read_shape(member, *type, item);
        if (*type == "category" || *type == "multicategory") return read_category(member, *type, item);
        builder_.fail(fmt::format("unknown annotation type '{}' (known: box, polygon, category, multicategory; not "
                                  "read: line, keypoints, cuboid, segmentation)", shorten(*type)),
                      builder_.at(record, "/type"), "unknown-annotation-type");
    }

    std::uint32_t item_of(const std::string& reference, const JsonRecord& record) {
        const auto found = items_.find(reference);
        if (found != items_.end()) return found->second;
        Item item;
        item.path = reference;
        item.origin = builder_.origin(record);
        const std::uint32_t index = builder_.add_item(std::move(item));
        items_.emplace(reference, index);
        return index;
    }

    void read_shape(const Member& member, const std::string& type, std::uint32_t item) {
        const json& annotation = member.record.value;
        const auto label = member.string(annotation, "label", "");
        const json* geometry = member.object(annotation, "geometry", "");
        if (!label || geometry == nullptr)
            return builder_.fail("a box or polygon needs a label and a geometry", builder_.at(member.record), "schema");
        Annotation result;
        if (type == "box") {
            const auto box = checked_box(member, *geometry, "x", "y", "/geometry");
            if (!box) return;
            result.box = *box;
        } else {
            const json* vertices = member.array(*geometry, "vertices", "/geometry");
            if (vertices == nullptr)
                return builder_.fail("a polygon needs geometry.vertices", builder_.at(member.record, "/geometry"), "schema");
            auto polygon = checked_polygon(member, *vertices, "/geometry/vertices");
            if (!polygon) return;
            result.box = bounding_box(*polygon);
            result.shape = std::move(*polygon);
        }
        result.item = item;
        result.category = builder_.category(*label);
        if (const auto confidence = member.number(annotation, "confidence", "")) result.score = *confidence;  // predictions
        result.attributes = attributes(member);
        result.origin = builder_.origin(member.record);
        builder_.dataset().annotations.push_back(std::move(result));
    }

    // CategoryAnnotation {label, taxonomy_name}; MultiCategoryAnnotation {labels, taxonomy_name}.
    void read_category(const Member& member, const std::string& type, std::uint32_t item) {
        const json& annotation = member.record.value;
        std::vector<std::string> names;
        if (type == "category") {
            if (auto label = member.string(annotation, "label", "")) names.push_back(*label);
        } else if (const json* labels = member.array(annotation, "labels", "")) {
            for (std::size_t i = 0; i < labels->size(); ++i) {
                if (!(*labels)[i].is_string())
                    return builder_.fail("labels must be strings", builder_.at(member.record, fmt::format("/labels/{}", i)), "schema");
                names.push_back((*labels)[i].get<std::string>());
            }
        }
        if (names.empty())
            return builder_.fail(fmt::format("a {} annotation needs {}", type, type == "category" ? "a label" : "labels"),
                                 builder_.at(member.record), "schema");
        const json given = attributes(member);
        for (const std::string& name : names) {
            Label label;
            label.item = item;
            label.category = builder_.category(name);
            label.attributes = given;
            label.origin = builder_.origin(member.record);
            builder_.dataset().labels.push_back(std::move(label));
        }
    }

    // metadata, plus annotation_id and taxonomy_name when given.
    static json attributes(const Member& member) {
        const json& annotation = member.record.value;
        json attributes = json::object();
        if (const json* metadata = member.object(annotation, "metadata", "")) attributes = *metadata;
        for (const char* key : {"annotation_id", "taxonomy_name"})
            if (const auto value = member.string(annotation, key, "")) attributes[key] = *value;
        return attributes.empty() ? json() : attributes;
    }

    DatasetBuilder builder_;
    std::unordered_map<std::string, std::uint32_t> items_;
    std::map<std::string, std::size_t> unsupported_;
};

}  // namespace

Dataset read_nucleus(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    return NucleusReader(input, options, sink).read(read_records(input, "nucleus", options, sink));
}

}  // namespace labelkit::scale
