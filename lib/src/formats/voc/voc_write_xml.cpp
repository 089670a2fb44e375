#include "formats/voc/voc_private.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::voc {

namespace {

using nlohmann::json;

constexpr const char* flag_names[] = {"truncated", "difficult", "occluded"};

void add_text(pugi::xml_node parent, const char* name, const std::string& text) {
    parent.append_child(name).text().set(text.c_str());
}

// The text of a JSON scalar as VOC and CVAT files hold it.
std::string scalar_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return {};
    if (value.is_number_float()) return format_number(value.get<double>());
    return value.dump();  // integers, booleans ("true"/"false"), and anything structured
}

// Item::extra -> elements: strings as text, objects as children, arrays as repeated elements.
void add_json_element(pugi::xml_node parent, const std::string& name, const json& value) {
    if (!is_xml_name(name)) return;
    if (value.is_array()) {
        for (const json& element : value)
            if (!element.is_array()) add_json_element(parent, name, element);
        return;
    }
    pugi::xml_node node = parent.append_child(name.c_str());
    if (!value.is_object()) {
        node.text().set(scalar_text(value).c_str());
        return;
    }
    for (const auto& [key, child] : value.items()) add_json_element(node, key, child);
}

std::string extra_text(const json& extra, const char* key, const char* fallback) {
    if (!extra.is_object() || !extra.contains(key) || extra[key].is_structured()) return fallback;
    return scalar_text(extra[key]);
}

void add_bndbox(pugi::xml_node parent, const Box& box, const std::string& what, int offset) {
    for (double value : {box.x, box.y, box.width, box.height})
        if (!std::isfinite(value)) throw Error(fmt::format("{} has a box with a non-finite coordinate", what));
    const VocRange x = span_to_voc(box.x, box.width, offset);
    const VocRange y = span_to_voc(box.y, box.height, offset);
    pugi::xml_node bndbox = parent.append_child("bndbox");
    add_text(bndbox, "xmin", x.min);
    add_text(bndbox, "ymin", y.min);
    add_text(bndbox, "xmax", x.max);
    add_text(bndbox, "ymax", y.max);
}

bool is_part(const json& part) {
    if (!part.is_object() || !part.contains("name") || !part["name"].is_string() || !part.contains("bbox")) return false;
    const json& bbox = part["bbox"];
    return bbox.is_array() && bbox.size() == 4 &&
           std::all_of(bbox.begin(), bbox.end(), [](const json& v) { return v.is_number(); });
}

bool writes_as_element(const std::string& key, const json& value) {
    if (key == "pose") return value.is_string();
    if (key == "truncated" || key == "difficult" || key == "occluded") return value.is_boolean();
    if (key == "parts") return value.is_array() && std::all_of(value.begin(), value.end(), is_part);
    if (key != "actions" || !value.is_object()) return false;
    for (const auto& [name, flag] : value.items())
        if (!is_xml_name(name) || !flag.is_boolean()) return false;
    return true;
}

void add_parts(pugi::xml_node object, const json& parts, const std::string& what, int offset) {
    for (const json& part : parts) {
        pugi::xml_node node = object.append_child("part");
        add_text(node, "name", part["name"].get<std::string>());
        const json& b = part["bbox"];
        add_bndbox(node, {b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()}, what, offset);
    }
}

void add_actions(pugi::xml_node object, const json& actions) {
    pugi::xml_node node = object.append_child("actions");
    for (const auto& [name, value] : actions.items()) add_text(node, name.c_str(), value.get<bool>() ? "1" : "0");
}

// Everything VOC has no element for, CVAT style: <attributes><attribute><name/><value/>...
void add_cvat_attributes(pugi::xml_node object, const json& attributes) {
    pugi::xml_node list;
    for (const auto& [key, value] : attributes.items()) {
        if (writes_as_element(key, value)) continue;
        if (!list) list = object.append_child("attributes");
        pugi::xml_node attribute = list.append_child("attribute");
        add_text(attribute, "name", key);
        add_text(attribute, "value", scalar_text(value));
    }
}

void add_object(pugi::xml_node root, const Dataset& dataset, const Annotation& annotation, const std::string& what,
                int offset) {
    pugi::xml_node object = root.append_child("object");
    add_text(object, "name", dataset.categories.at(annotation.category).name);
    const json& attributes = annotation.attributes;
    const auto element = [&](const char* key) -> const json* {
        if (!attributes.is_object()) return nullptr;
        const auto found = attributes.find(key);
        return found != attributes.end() && writes_as_element(key, *found) ? &*found : nullptr;
    };
    // pose, truncated and difficult are always written, as the devkit's files have them; the
    // reader keeps only values other than these defaults.
    const json* pose = element("pose");
    add_text(object, "pose", pose ? pose->get<std::string>() : "Unspecified");
    for (const char* name : flag_names) {
        const json* value = element(name);
        if (value || std::string_view(name) != "occluded") add_text(object, name, value && value->get<bool>() ? "1" : "0");
    }
    add_bndbox(object, annotation.box, what, offset);
    if (const json* parts = element("parts")) add_parts(object, *parts, what, offset);
    if (const json* actions = element("actions")) add_actions(object, *actions);
    if (attributes.is_object()) add_cvat_attributes(object, attributes);
}

bool is_layout_key(const std::string& key) {
    for (const char* known : {"folder", "filename", "size", "depth", "segmented", "object"})
        if (key == known) return true;
    return false;
}

}  // namespace

void build_annotation(pugi::xml_document& document, const Dataset& dataset, const Item& item,
                      const std::string& filename, std::span<const std::uint32_t> annotations, int pixel_offset) {
    const json& extra = item.extra;
    pugi::xml_node root = document.append_child("annotation");
    add_text(root, "folder", extra_text(extra, "folder", ""));
    add_text(root, "filename", filename);
    // The devkit puts source and owner before size; everything else follows segmented.
    for (const char* key : {"source", "owner"})
        if (extra.is_object() && extra.contains(key)) add_json_element(root, key, extra[key]);
    pugi::xml_node size = root.append_child("size");
    add_text(size, "width", std::to_string(item.width));
    add_text(size, "height", std::to_string(item.height));
    add_text(size, "depth", extra_text(extra, "depth", "3"));
    add_text(root, "segmented", extra_text(extra, "segmented", "0"));
    if (extra.is_object())
        for (const auto& [key, value] : extra.items())
            if (!is_layout_key(key) && key != "source" && key != "owner") add_json_element(root, key, value);
    for (std::uint32_t index : annotations)
        add_object(root, dataset, dataset.annotations[index], fmt::format("an annotation of '{}'", item.path),
                   pixel_offset);
}

}  // namespace labelkit::voc
