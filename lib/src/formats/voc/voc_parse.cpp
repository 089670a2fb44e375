#include "formats/voc/voc_private.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/io.hpp"

namespace labelkit::voc {

namespace {

using nlohmann::json;

constexpr std::string_view default_pose = "Unspecified";

// Where an element's value is: its text when it has some, else the element itself.
Location value_location(const pugi::xml_node& element, const LineIndex& lines) {
    const pugi::xml_node text = element.first_child();
    return lines.at(text && (text.type() == pugi::node_pcdata || text.type() == pugi::node_cdata) &&
                            !trim(text.value()).empty()
                        ? text
                        : element);
}

pugi::xml_document load_document(std::string_view text, const LineIndex& lines) {
    pugi::xml_document document;
    const pugi::xml_parse_result result = document.load_buffer(text.data(), text.size());
    if (result) return document;
    const bool at_end = trim(text.substr(std::min(static_cast<std::size_t>(result.offset), text.size()))).empty();
    if (result.status == pugi::status_no_document_element)
        throw Error("not an XML document (no root element)", lines.at(result.offset), "voc/xml-syntax");
    throw Error(fmt::format("malformed XML: {}{}", result.description(),
                            at_end ? " at the end of the file (is it truncated?)" : ""),
                lines.at(result.offset), "voc/xml-syntax");
}

double finite_number(const pugi::xml_node& element, const LineIndex& lines, std::string_view expected) {
    const std::string_view text = text_of(element);
    const auto value = parse_double(text);
    if (!value || !std::isfinite(*value))
        throw Error(fmt::format("<{}> is '{}', expected {}", element.name(), shorten(text), expected),
                    value_location(element, lines));
    return *value;
}

std::uint32_t image_dimension(const pugi::xml_node& element, const LineIndex& lines) {
    if (!element || text_of(element).empty()) return 0;
    const double value = finite_number(element, lines, "a whole number of pixels");
    if (value < 0 || value > 4294967295.0 || std::trunc(value) != value)
        throw Error(fmt::format("<{}> is '{}', expected a whole number of pixels", element.name(),
                                shorten(text_of(element))),
                    value_location(element, lines));
    return static_cast<std::uint32_t>(value);
}

bool flag(const pugi::xml_node& element, const LineIndex& lines) {
    const std::string_view text = text_of(element);
    if (text == "1" || iequals(text, "true")) return true;
    if (text == "0" || iequals(text, "false")) return false;
    throw Error(fmt::format("<{}> is '{}', expected 0 or 1", element.name(), shorten(text)), value_location(element, lines));
}

// One axis of a <bndbox>: validates both ends, then converts exactly.
Span axis(const pugi::xml_node& bndbox, const char* min_name, const char* max_name, const LineIndex& lines, int offset) {
    const std::array<const char*, 2> names{min_name, max_name};
    std::array<pugi::xml_node, 2> ends;
    for (std::size_t i = 0; i < names.size(); ++i) {
        ends[i] = bndbox.child(names[i]);
        if (!ends[i])
            throw Error(fmt::format("<bndbox> has no <{}> (expected xmin, ymin, xmax and ymax)", names[i]),
                        lines.at(bndbox), "voc/missing-bndbox");
        finite_number(ends[i], lines, "a number");
    }
    const auto span = span_from_voc(text_of(ends[0]), text_of(ends[1]), offset);
    if (!span)
        throw Error(fmt::format("{} ({}) is greater than {} ({}){}: the box would have a negative size",
                                min_name, text_of(ends[0]), max_name, text_of(ends[1]), offset == 1 ? " + 1" : ""),
                    lines.at(bndbox), "voc/inverted-box");
    return *span;
}

// The one child of that name: a second one (a second box or class of one object) is an error,
// never dropped in silence.
pugi::xml_node only_child(const pugi::xml_node& owner, const char* name, std::string_view what, const LineIndex& lines) {
    const pugi::xml_node first = owner.child(name);
    if (const pugi::xml_node second = first.next_sibling(name))
        throw Error(fmt::format("{} has a second <{}>: VOC gives an object one", what, name), lines.at(second), "voc/schema");
    return first;
}

Box box_of(const pugi::xml_node& owner, std::string_view what, const LineIndex& lines, int offset) {
    const pugi::xml_node bndbox = only_child(owner, "bndbox", what, lines);
    if (!bndbox)
        throw Error(fmt::format("{} has no <bndbox> (expected <bndbox> with xmin, ymin, xmax and ymax)", what),
                    lines.at(owner), "voc/missing-bndbox");
    const Span x = axis(bndbox, "xmin", "xmax", lines, offset);
    const Span y = axis(bndbox, "ymin", "ymax", lines, offset);
    return {x.start, y.start, x.length, y.length};
}

std::string required_name(const pugi::xml_node& owner, std::string_view what, const LineIndex& lines) {
    const pugi::xml_node name = only_child(owner, "name", what, lines);
    if (!name || text_of(name).empty())
        throw Error(fmt::format("{} has no <name>", what), lines.at(owner));
    return std::string(text_of(name));
}

json part(const pugi::xml_node& element, const LineIndex& lines, int offset) {
    const std::string name = required_name(element, "<part>", lines);
    const Box box = box_of(element, fmt::format("part '{}'", name), lines, offset);
    return {{"name", name}, {"bbox", {box.x, box.y, box.width, box.height}}};
}

json actions(const pugi::xml_node& element, const LineIndex& lines) {
    json flags = json::object();
    for (const pugi::xml_node& action : element.children())
        if (action.type() == pugi::node_element) flags[action.name()] = flag(action, lines);
    return flags;
}

// A CVAT attribute value: a boolean or a number when it reads as one, else the text as is.
json attribute_value(const pugi::xml_node& value) {
    const std::string_view text = text_of(value);
    if (iequals(text, "true")) return true;
    if (iequals(text, "false")) return false;
    if (const auto integer = parse_integer(text)) return *integer;
    if (const auto number = parse_double(text); number && std::isfinite(*number)) return *number;
    return value.child_value();
}

bool is_flag(std::string_view tag) { return tag == "truncated" || tag == "difficult" || tag == "occluded"; }

void add_cvat_attributes(const pugi::xml_node& element, json& attributes, const LineIndex& lines) {
    for (const pugi::xml_node& attribute : element.children("attribute")) {
        const std::string name = required_name(attribute, "<attribute>", lines);
        json value = attribute_value(attribute.child("value"));
        if (is_flag(name) && value == false) continue;  // CVAT's own flags at their default
        if (!attributes.contains(name)) attributes[name] = std::move(value);
    }
}

// Elements of <object> other than name and bndbox; counts the ones it does not know.
void add_object_attributes(const pugi::xml_node& object, ParsedObject& parsed, ParsedAnnotation& annotation,
                           const LineIndex& lines, int offset) {
    json& attributes = parsed.attributes;
    for (const pugi::xml_node& child : object.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view tag = child.name();
        if (tag == "name" || tag == "bndbox" || tag == "attributes") continue;
        if (tag == "pose") {
            if (const std::string_view pose = text_of(child); !iequals(pose, default_pose) && !pose.empty())
                attributes["pose"] = std::string(pose);
        } else if (is_flag(tag)) {
            if (flag(child, lines)) attributes[child.name()] = true;
        } else if (tag == "part") {
            attributes["parts"].push_back(part(child, lines, offset));
        } else if (tag == "actions") {
            attributes["actions"] = actions(child, lines);
        } else if (annotation.ignored_elements++ == 0) {
            annotation.first_ignored = lines.at(child);
        }
    }
    for (const pugi::xml_node& element : object.children("attributes")) add_cvat_attributes(element, attributes, lines);
}

// Lenient parsing, after a negative size was refused: xmin > xmax is a box less than a pixel
// wide under the devkit's inclusive convention (what labelkit writes for one, but some VOC tools
// reject it); xmin == xmax is a box one pixel wide (allowed, but most often a slip), or of no
// width when the coordinates are edges.
void check_box_extent(const pugi::xml_node& element, const Box& box, ParsedAnnotation& annotation,
                      const LineIndex& lines, int offset) {
    const pugi::xml_node bndbox = element.child("bndbox");
    for (const auto& [extent, low, high] : {std::tuple{box.width, "xmin", "xmax"}, std::tuple{box.height, "ymin", "ymax"}}) {
        const std::string message = fmt::format("{} ({}) is {} {} ({})", low, text_of(bndbox.child(low)),
                                                extent < offset ? "greater than" : "equal to", high,
                                                text_of(bndbox.child(high)));
        if (extent < offset)
            annotation.problems.push_back({"voc/inverted-box", Severity::warning,
                                           message + ": a box less than a pixel wide (VOC coordinates are inclusive); "
                                                     "some VOC tools reject it",
                                           lines.at(bndbox)});
        else if (extent == offset)
            annotation.problems.push_back({"voc/inverted-box", Severity::warning,
                                           message + (offset == 1 ? ": a box one pixel wide (VOC coordinates are inclusive)"
                                                                  : ": a box of no width"),
                                           lines.at(bndbox)});
    }
}

ParsedObject object(const pugi::xml_node& element, const Labelmap* labelmap, ParsedAnnotation& annotation,
                    const LineIndex& lines, bool lenient, int offset) {
    ParsedObject parsed;
    parsed.line = lines.line(element);
    parsed.name = required_name(element, "<object>", lines);
    if (labelmap && !labelmap->index.count(parsed.name))
        throw Error(fmt::format("unknown class '{}': labelmap.txt does not list it ({} labels)", parsed.name,
                                labelmap->names.size()),
                    value_location(element.child("name"), lines), "voc/unknown-class");
    parsed.box = box_of(element, fmt::format("object '{}'", parsed.name), lines, offset);
    if (lenient) check_box_extent(element, parsed.box, annotation, lines, offset);
    parsed.attributes = json::object();
    add_object_attributes(element, parsed, annotation, lines, offset);
    if (parsed.attributes.empty()) parsed.attributes = nullptr;
    return parsed;
}

// Sets object[key], turning the value into an array when the key repeats.
void add_repeated(json& object, const char* key, json value) {
    auto found = object.find(key);
    if (found == object.end()) object[key] = std::move(value);
    else if (found->is_array()) found->push_back(std::move(value));
    else *found = json::array({std::move(*found), std::move(value)});
}

// Leaf elements become their text; elements with children, objects; repeated names, arrays.
// Kept no deeper than COCO keeps JSON (limits::max_json_depth), so that neither this nor a
// writer recurses without bound.
json element_value(const pugi::xml_node& element, const LineIndex& lines, std::size_t depth = 1) {
    if (!element.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; }))
        return element.child_value();
    if (depth >= limits::max_json_depth)
        throw Error(fmt::format("<{}> is nested more than {} levels deep, more than labelkit keeps", shorten(element.name()),
                                limits::max_json_depth),
                    lines.at(element), "voc/schema");
    json value = json::object();
    for (const pugi::xml_node& child : element.children())
        if (child.type() == pugi::node_element) add_repeated(value, child.name(), element_value(child, lines, depth + 1));
    return value;
}

// What the writer puts in when Item::extra says nothing: not worth keeping in extra.
bool is_writer_default(std::string_view key, const json& value) {
    if (!value.is_string()) return false;
    const std::string& text = value.get_ref<const std::string&>();
    return (key == "folder" && text.empty()) || (key == "depth" && text == "3") || (key == "segmented" && text == "0");
}

void read_size(const pugi::xml_node& size, ParsedAnnotation& annotation, const LineIndex& lines) {
    annotation.width = image_dimension(size.child("width"), lines);
    annotation.height = image_dimension(size.child("height"), lines);
    if (const pugi::xml_node depth = size.child("depth"))
        if (json value = depth.child_value(); !is_writer_default("depth", value)) annotation.extra["depth"] = value;
}

}  // namespace

ParsedAnnotation parse_annotation(std::string_view text, const std::string& path, const Labelmap* labelmap,
                                  bool lenient, int pixel_offset) {
    const LineIndex lines(text, path);
    const pugi::xml_document document = load_document(text, lines);
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != "annotation")
        throw Error(fmt::format("the root element is <{}>, expected <annotation>", root.name()), lines.at(root),
                    "voc/schema");
    ParsedAnnotation annotation;
    annotation.line = lines.line(root);
    annotation.filename_at = lines.at(root);
    annotation.extra = json::object();
    for (const pugi::xml_node& child : root.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view tag = child.name();
        if (tag == "object") {
            try {
                annotation.objects.push_back(object(child, labelmap, annotation, lines, lenient, pixel_offset));
            } catch (const Error& error) {
                if (!lenient) throw;
                annotation.problems.push_back(error.as_diagnostic("voc/schema"));
            }
        } else if (tag == "filename") {
            annotation.filename = text_of(child);
            annotation.filename_at = value_location(child, lines);
            if (!annotation.filename.empty()) check_relative_path(annotation.filename, annotation.filename_at);
        } else if (tag == "size") {
            annotation.size_at = lines.at(child);
            read_size(child, annotation, lines);
        } else if (json value = element_value(child, lines); !is_writer_default(tag, value)) {
            add_repeated(annotation.extra, child.name(), std::move(value));
        }
    }
    if (annotation.extra.empty()) annotation.extra = nullptr;
    if (annotation.size_at.empty()) annotation.size_at = lines.at(root);
    return annotation;
}

}  // namespace labelkit::voc
