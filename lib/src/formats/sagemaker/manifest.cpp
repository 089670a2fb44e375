// The SageMaker Ground Truth output manifest: JSON Lines, one data object per line, its labels
// under the label attribute names chosen for the jobs and their metadata under "<name>-metadata".
// The manifest holds the platform's consolidated answers: no annotator.
#include <fmt/format.h>

#include "formats/sagemaker/sagemaker_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::sagemaker {

namespace {

const std::string metadata_suffix = "-metadata";

// One manifest line being read.
struct Line {
    const nlohmann::json& row;
    Location where;  // the line; json_pointer empty
    Origin origin;
    std::uint32_t item = 0;

    Location at(const std::string& pointer) const {
        Location location = where;
        location.json_pointer = pointer;
        return location;
    }
};

struct ManifestReader {
    DatasetBuilder& builder;
    const ReadOptions& options;
    DiagnosticSink& sink;
    std::unordered_map<std::string, std::size_t> unread_types;

    void report(const Error& error) { report_or_throw(error, options, sink, "sagemaker/schema"); }

    // The score of a confidence, or none (reported) when it is not a number in [0, 1].
    MaybeNumber confidence(const nlohmann::json& value, const Line& line, const std::string& pointer) {
        if (!value.is_number()) {
            report(Error("a confidence must be a number", line.at(pointer), "sagemaker/schema"));
            return {};
        }
        const double number = value.get<double>();
        if (number < 0 || number > 1) {
            report(Error(fmt::format("confidence {} is outside [0, 1]", number), line.at(pointer), "sagemaker/confidence-range"));
            return {};
        }
        return number;
    }

    // The class a class-map names for an index, or throws sagemaker/unknown-class.
    std::uint32_t mapped_class(const nlohmann::json& class_map, const std::string& index, const Line& line,
                               const std::string& pointer) {
        const auto found = class_map.is_object() ? class_map.find(index) : class_map.end();
        if (found == class_map.end() || !found->is_string() || found->get_ref<const std::string&>().empty())
            throw Error(fmt::format("class {} is not in the class-map", shorten(index)), line.at(pointer),
                        "sagemaker/unknown-class");
        return builder.category(found->get<std::string>(), parse_integer(index));
    }

    void read_image_size(const nlohmann::json& value, const Line& line, const std::string& pointer) {
        const auto sizes = value.find("image_size");
        if (sizes == value.end()) return;
        const nlohmann::json* size = sizes->is_array() && !sizes->empty() ? &(*sizes)[0] : nullptr;
        if (!size || !size->is_object() || !size->contains("width") || !size->contains("height") ||
            !(*size)["width"].is_number() || !(*size)["height"].is_number() ||
            !whole_pixels((*size)["width"].get<double>()) || !whole_pixels((*size)["height"].get<double>()))
            throw Error("image_size must be [{\"width\": W, \"height\": H, ...}] in whole pixels",
                        line.at(pointer + "/image_size"), "sagemaker/schema");
        builder.set_size(line.item, (*size)["width"].get<std::uint32_t>(), (*size)["height"].get<std::uint32_t>());
    }

    void read_box(const nlohmann::json& object, MaybeNumber score, const nlohmann::json& metadata,
                  const nlohmann::json& attributes, const Line& line, const std::string& pointer) {
        if (!object.is_object()) throw Error("an annotation must be an object", line.at(pointer), "sagemaker/schema");
        const auto class_id = object.find("class_id");
        if (class_id == object.end() || !class_id->is_number_integer())
            throw Error("\"class_id\" must be an integer", line.at(pointer), "sagemaker/schema");
        Annotation annotation;
        annotation.item = line.item;
        annotation.category = mapped_class(metadata.value("class-map", nlohmann::json()), class_id->dump(), line,
                                           pointer + "/class_id");
        double sides[4] = {};
        const char* keys[] = {"left", "top", "width", "height"};
        for (int k = 0; k < 4; ++k) {
            const auto found = object.find(keys[k]);
            if (found == object.end() || !found->is_number())
                throw Error(fmt::format("\"{}\" must be a number", keys[k]), line.at(pointer), "sagemaker/schema");
            sides[k] = found->get<double>();
        }
        annotation.box = Box{sides[0], sides[1], sides[2], sides[3]};
        annotation.score = score;
        annotation.attributes = attributes;
        annotation.origin = line.origin;
        builder.dataset().annotations.push_back(std::move(annotation));
    }

    // groundtruth/object-detection: {"annotations": [...], "image_size": [...]}; the confidences
    // are the metadata's "objects", aligned by position.
    void read_detection(const std::string& name, const nlohmann::json& value, const nlohmann::json& metadata,
                        const nlohmann::json& attributes, const Line& line) {
        const std::string pointer = "/" + pointer_segment(name);
        if (!value.is_object() || !value.contains("annotations") || !value["annotations"].is_array())
            throw Error("an object-detection label must be an object with an \"annotations\" array", line.at(pointer),
                        "sagemaker/schema");
        read_image_size(value, line, pointer);
        const nlohmann::json& annotations = value["annotations"];
        const nlohmann::json objects = metadata.value("objects", nlohmann::json::array());
        const bool aligned = objects.is_array() && objects.size() == annotations.size();
        if (!aligned)
            report(Error(fmt::format("the metadata's \"objects\" must list one confidence per annotation ({})",
                                     annotations.size()),
                         line.at(pointer + metadata_suffix + "/objects"), "sagemaker/schema"));
        for (std::size_t i = 0; i < annotations.size(); ++i) {
            MaybeNumber score;
            const std::string object_pointer = fmt::format("{}{}/objects/{}", pointer, metadata_suffix, i);
            if (aligned && objects[i].is_object() && objects[i].contains("confidence"))
                score = confidence(objects[i]["confidence"], line, object_pointer + "/confidence");
            try {
                read_box(annotations[i], score, metadata, attributes, line, fmt::format("{}/annotations/{}", pointer, i));
            } catch (const Error& error) {
                report(error);
            }
        }
    }

    void add_label(std::uint32_t category, MaybeNumber score, const nlohmann::json& attributes, const Line& line) {
        Label label;
        label.item = line.item;
        label.category = category;
        label.score = score;
        label.attributes = attributes;
        label.origin = line.origin;
        builder.dataset().labels.push_back(std::move(label));
    }

    // groundtruth/image-classification, text-classification: the class index ("0" or 0), the
    // metadata's "class-name" and "confidence".
    void read_single_class(const std::string& name, const nlohmann::json& value, const nlohmann::json& metadata,
                           const nlohmann::json& attributes, const Line& line) {
        const std::string pointer = "/" + pointer_segment(name) + metadata_suffix;
        const auto class_name = metadata.find("class-name");
        if (class_name == metadata.end() || !class_name->is_string() || class_name->get_ref<const std::string&>().empty())
            throw Error("a classification's metadata needs a \"class-name\"", line.at(pointer), "sagemaker/schema");
        const std::optional<long long> index = value.is_number_integer() ? value.get<long long>()
                                               : value.is_string()       ? parse_integer(value.get<std::string>())
                                                                         : std::nullopt;
        MaybeNumber score;
        if (metadata.contains("confidence")) score = confidence(metadata["confidence"], line, pointer + "/confidence");
        add_label(builder.category(class_name->get<std::string>(), index), score, attributes, line);
    }

    // *-classification-multilabel: a list of class indices, the metadata's "class-map" and
    // "confidence-map" (by index) or "confidence" (a list in the order of the indices).
    void read_multi_class(const std::string& name, const nlohmann::json& value, const nlohmann::json& metadata,
                          const nlohmann::json& attributes, const Line& line) {
        const std::string pointer = "/" + pointer_segment(name);
        if (!value.is_array()) throw Error("a multi-label classification must be a list of class indices", line.at(pointer), "sagemaker/schema");
        const nlohmann::json confidence_map = metadata.value("confidence-map", nlohmann::json::object());
        const nlohmann::json confidences = metadata.value("confidence", nlohmann::json::array());
        for (std::size_t i = 0; i < value.size(); ++i) {
            try {
                const std::string index_pointer = fmt::format("{}/{}", pointer, i);
                if (!value[i].is_number_integer())
                    throw Error("a class index must be an integer", line.at(index_pointer), "sagemaker/schema");
                const std::string index = value[i].dump();
                const std::uint32_t category =
                    mapped_class(metadata.value("class-map", nlohmann::json()), index, line, index_pointer);
                MaybeNumber score;
                if (confidence_map.is_object() && confidence_map.contains(index))
                    score = confidence(confidence_map[index], line, pointer + metadata_suffix + "/confidence-map/" + index);
                else if (confidences.is_array() && i < confidences.size())
                    score = confidence(confidences[i], line, fmt::format("{}{}/confidence/{}", pointer, metadata_suffix, i));
                add_label(category, score, attributes, line);
            } catch (const Error& error) {
                report(error);
            }
        }
    }

    // What each annotation and label of a label attribute keeps of it: its name, the job, and
    // whether people labelled it ("no": automated labelling).
    static nlohmann::json job_attributes(const std::string& name, const nlohmann::json& metadata) {
        nlohmann::json attributes = {{"label-attribute", name}};
        for (const char* key : {"job-name", "human-annotated"})
            if (metadata.contains(key) && metadata[key].is_string()) attributes[key] = metadata[key];
        return attributes;
    }

    void read_attribute(const std::string& name, const Line& line) {
        const nlohmann::json& metadata = line.row[name + metadata_suffix];
        const std::string pointer = "/" + pointer_segment(name + metadata_suffix);
        if (!metadata.is_object() || !metadata.contains("type") || !metadata["type"].is_string())
            throw Error("the metadata must be an object with a \"type\"", line.at(pointer), "sagemaker/schema");
        const std::string type = metadata["type"].get<std::string>();
        const nlohmann::json& value = line.row[name];
        const nlohmann::json attributes = job_attributes(name, metadata);
        if (type.ends_with("/object-detection"))
            read_detection(name, value, metadata, attributes, line);
        else if (type == "groundtruth/image-classification" || type == "groundtruth/text-classification")
            read_single_class(name, value, metadata, attributes, line);
        else if (type.ends_with("-classification-multilabel"))
            read_multi_class(name, value, metadata, attributes, line);
        else
            ++unread_types[type];
    }

    // The item of a line: the image of "source-ref", or the inline text of "source".
    std::uint32_t line_item(const nlohmann::json& row, const Location& where, Origin origin) {
        const auto reference = row.find("source-ref");
        if (reference != row.end() && reference->is_string() && !reference->get_ref<const std::string&>().empty())
            return builder.item(reference->get<std::string>(), ItemKind::image, origin);
        const auto source = row.find("source");
        if (source == row.end() || !source->is_string())
            throw Error("the line has no \"source-ref\" (an S3 URI) nor \"source\" (inline text)", where,
                        "sagemaker/missing-source");
        const std::uint32_t item = builder.item(fmt::format("{}:{}", std::filesystem::path(where.path).filename().string(),
                                                            where.line),
                                                ItemKind::text, origin);
        builder.dataset().items[item].extra["text"] = *source;
        return item;
    }

    void read_line(const nlohmann::json& row, const Location& where, Origin origin) {
        if (!row.is_object()) throw Error("each line must be a JSON object", where, "sagemaker/schema");
        Line line{row, where, origin, line_item(row, where, origin)};
        Item& item = builder.dataset().items[line.item];
        for (const auto& [key, value] : row.items()) {
            if (key == "source-ref" || key == "source") continue;
            const bool metadata = key.ends_with(metadata_suffix) && row.contains(key.substr(0, key.size() - metadata_suffix.size()));
            if (!metadata && !row.contains(key + metadata_suffix) && !item.extra.contains(key)) item.extra[key] = value;
        }
        for (const auto& [key, value] : row.items()) {
            if (!row.contains(key + metadata_suffix)) continue;
            try {
                read_attribute(key, line);
            } catch (const Error& error) {
                report(error);
            }
        }
    }
};

}  // namespace

Dataset read_manifest(const std::filesystem::path& path, const ReadOptions& options, DiagnosticSink& sink) {
    const std::string text = read_text_file(path);
    Dataset dataset;
    DatasetBuilder builder(dataset);
    const std::uint32_t file = builder.add_file(path);
    ManifestReader reader{builder, options, sink, {}};
    std::uint32_t line = 0;
    std::size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (pos < text.size()) {
        ++line;
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view row(text.data() + pos, end - pos);
        pos = end + 1;
        if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const Location where{path.string(), line, 0, {}};
        try {
            reader.read_line(parse_json(row, where, "sagemaker/json-syntax"), where, Origin{file, line});
        } catch (const Error& error) {
            reader.report(error);
        }
    }
    report_unread(reader.unread_types, "sagemaker/unread", "label attributes of type", Location{path.string()}, sink);
    return dataset;
}

}  // namespace labelkit::sagemaker
