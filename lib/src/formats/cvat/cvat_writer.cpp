// Writing CVAT for images XML 1.1: <meta> with the labels and the attributes their shapes use,
// then one <image> per item with its boxes (rotated ones with `rotation`), polygons, masks and
// tags. A folder output gets annotations.xml (and images/ with --images), as CVAT exports it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>

#include "formats/cvat/cvat_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"

namespace labelkit::cvat {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// What the shapes of one label say in one attribute, to declare it in <meta>.
struct AttributeUse {
    bool all_booleans = true;
    bool all_numbers = true;
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    int places = 0;  // the most decimals of a number's shortest form
};

using AttributeUses = std::vector<std::map<std::string, AttributeUse>>;  // by category

struct Skipped {
    std::size_t empty_masks = 0;
    std::size_t split_polygons = 0;
    std::size_t short_rings = 0;
    std::size_t other_labels = 0;  // text values and spans: CVAT's tags are whole-image classes
};

std::string value_text(const json& value) {
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return value.dump();
    if (value.is_number()) return format_number(value.get<double>());
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

// Decimals of a number's shortest form ("2.45" has 2), at most 9.
int decimals(double value) {
    const std::string text = format_number(value);
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos || text.find_first_of("eE") != std::string::npos) return 0;
    return std::min(9, static_cast<int>(text.size() - dot - 1));
}

void note_attributes(const json& attributes, std::uint32_t category, AttributeUses& uses) {
    if (!attributes.is_object() || category >= uses.size()) return;
    for (const auto& [key, value] : attributes.items()) {
        if (is_shape_property(key)) continue;
        AttributeUse& use = uses[category][key];
        use.all_booleans = use.all_booleans && value.is_boolean();
        use.all_numbers = use.all_numbers && value.is_number();
        if (!value.is_number()) continue;
        const double number = value.get<double>();
        use.low = std::min(use.low, number);
        use.high = std::max(use.high, number);
        use.places = std::max(use.places, decimals(number));
    }
}

// CVAT's number attributes are declared "min\nmax\nstep"; the step is a power of ten that
// divides every value's distance to min (exact in decimal).
void add_attribute_spec(pugi::xml_node attributes, const std::string& name, const AttributeUse& use) {
    pugi::xml_node attribute = attributes.append_child("attribute");
    attribute.append_child("name").text() = name.c_str();
    attribute.append_child("mutable").text() = "False";
    if (use.all_booleans) {
        attribute.append_child("input_type").text() = "checkbox";
        attribute.append_child("default_value").text() = "false";
        attribute.append_child("values").text() = "false\ntrue";
    } else if (use.all_numbers) {
        const auto places = static_cast<std::size_t>(use.places);
        const std::string step = places == 0 ? "1" : "0." + std::string(places - 1, '0') + "1";
        attribute.append_child("input_type").text() = "number";
        attribute.append_child("default_value").text() = format_number(use.low).c_str();
        attribute.append_child("values").text() =
            fmt::format("{}\n{}\n{}", format_number(use.low), format_number(use.high), step).c_str();
    } else {
        attribute.append_child("input_type").text() = "text";
        attribute.append_child("default_value").text() = "";
        attribute.append_child("values").text() = "";
    }
}

void add_meta(pugi::xml_node root, const Dataset& dataset, const AttributeUses& uses) {
    pugi::xml_node task = root.append_child("meta").append_child("task");
    task.append_child("name").text() = "labelkit";
    task.append_child("size").text() = static_cast<unsigned long long>(dataset.items.size());
    task.append_child("mode").text() = "annotation";
    pugi::xml_node labels = task.append_child("labels");
    for (std::size_t category = 0; category < dataset.categories.size(); ++category) {
        pugi::xml_node label = labels.append_child("label");
        label.append_child("name").text() = dataset.categories[category].name.c_str();
        label.append_child("type").text() = "any";
        pugi::xml_node attributes = label.append_child("attributes");
        for (const auto& [name, use] : uses[category]) add_attribute_spec(attributes, name, use);
    }
}

void set_number(pugi::xml_node element, const char* name, double value) {
    element.append_attribute(name) = format_number(value).c_str();
}

// label, source, occluded first, as CVAT writes them.
pugi::xml_node open_shape(pugi::xml_node image, const char* tag, const Dataset& dataset, std::uint32_t category,
                          const json& attributes) {
    pugi::xml_node shape = image.append_child(tag);
    shape.append_attribute("label") = dataset.categories[category].name.c_str();
    const bool has = attributes.is_object();
    if (has && attributes.contains("source")) shape.append_attribute("source") = value_text(attributes["source"]).c_str();
    if (std::string_view(tag) != "tag")
        shape.append_attribute("occluded") =
            has && attributes.contains("occluded") && attributes["occluded"] == true ? "1" : "0";
    return shape;
}

void close_shape(pugi::xml_node shape, const json& attributes) {
    const bool has = attributes.is_object();
    if (std::string_view(shape.name()) != "tag")
        shape.append_attribute("z_order") = has && attributes.contains("z_order") ? value_text(attributes["z_order"]).c_str() : "0";
    if (has && attributes.contains("group_id")) shape.append_attribute("group_id") = value_text(attributes["group_id"]).c_str();
    if (!has) return;
    for (const auto& [key, value] : attributes.items()) {
        if (is_shape_property(key)) continue;
        pugi::xml_node attribute = shape.append_child("attribute");
        attribute.append_attribute("name") = key.c_str();
        attribute.text() = value_text(value).c_str();
    }
}

void add_box(pugi::xml_node image, const Dataset& dataset, const Annotation& annotation, const Box& box,
             double rotation) {
    pugi::xml_node shape = open_shape(image, "box", dataset, annotation.category, annotation.attributes);
    set_number(shape, "xtl", box.x);
    set_number(shape, "ytl", box.y);
    set_number(shape, "xbr", box.right());
    set_number(shape, "ybr", box.bottom());
    if (rotation != 0) set_number(shape, "rotation", rotation);
    close_shape(shape, annotation.attributes);
}

void add_annotation(pugi::xml_node image, const Dataset& dataset, const Annotation& annotation, Skipped& skipped) {
    if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape)) {
        if (polygons->rings.size() > 1) ++skipped.split_polygons;
        for (const std::vector<Point>& ring : polygons->rings) {
            if (ring.size() < 3) {
                ++skipped.short_rings;
                continue;
            }
            pugi::xml_node shape = open_shape(image, "polygon", dataset, annotation.category, annotation.attributes);
            shape.append_attribute("points") = format_points(ring).c_str();
            close_shape(shape, annotation.attributes);
        }
    } else if (const auto* mask = std::get_if<RleMask>(&annotation.shape)) {
        const std::optional<CvatMask> cut = encode_mask(*mask);
        if (!cut) {
            ++skipped.empty_masks;
            return;
        }
        pugi::xml_node shape = open_shape(image, "mask", dataset, annotation.category, annotation.attributes);
        std::string counts;
        for (std::uint32_t count : cut->counts) counts += (counts.empty() ? "" : ", ") + std::to_string(count);
        shape.append_attribute("rle") = counts.c_str();
        shape.append_attribute("left") = cut->left;
        shape.append_attribute("top") = cut->top;
        shape.append_attribute("width") = cut->width;
        shape.append_attribute("height") = cut->height;
        close_shape(shape, annotation.attributes);
    } else if (const auto* oriented = std::get_if<OrientedBox>(&annotation.shape); oriented && oriented->corners.size() == 4) {
        const RotatedBox rotated = unrotate(*oriented);
        add_box(image, dataset, annotation, rotated.box, rotated.degrees);
    } else {
        add_box(image, dataset, annotation, annotation.box, 0);
    }
}

// The items' own ids when every item has one and none repeats, else their positions.
bool own_ids_usable(const Dataset& dataset) {
    std::unordered_set<std::int64_t> seen;
    for (const Item& item : dataset.items)
        if (item.id == no_id || item.id < 0 || !seen.insert(item.id).second) return false;
    return true;
}

void report_skipped(const Skipped& skipped, const fs::path& output, DiagnosticSink& sink) {
    const Location where{output.string()};
    if (skipped.split_polygons > 0)
        sink.warn("cvat/polygon-split",
                  fmt::format("{} of several rings written as one <polygon> per ring (CVAT's polygons have one)",
                              counted(skipped.split_polygons, "polygon")),
                  where);
    if (skipped.short_rings > 0)
        sink.warn("cvat/short-polygon",
                  fmt::format("{} of fewer than 3 points not written", counted(skipped.short_rings, "polygon ring")),
                  where);
    if (skipped.empty_masks > 0)
        sink.warn("cvat/empty-mask", fmt::format("{} without a pixel not written", counted(skipped.empty_masks, "mask")),
                  where);
    if (skipped.other_labels > 0)
        sink.warn("cvat/labels-not-written",
                  fmt::format("{} not written: CVAT's <tag> is a class of a whole image (text values and spans "
                              "have no place)",
                              counted(skipped.other_labels, "label")),
                  where);
}

std::string build_xml(const Dataset& dataset, const fs::path& output, DiagnosticSink& sink) {
    AttributeUses uses(dataset.categories.size());
    for (const Annotation& annotation : dataset.annotations) note_attributes(annotation.attributes, annotation.category, uses);
    for (const Label& label : dataset.labels) note_attributes(label.attributes, label.category, uses);

    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    pugi::xml_node root = document.append_child("annotations");
    root.append_child("version").text() = "1.1";
    add_meta(root, dataset, uses);

    const bool own_ids = own_ids_usable(dataset);
    const AnnotationsByItem by_item(dataset);
    std::vector<std::vector<const Label*>> labels_of(dataset.items.size());
    Skipped skipped;
    for (const Label& label : dataset.labels) {
        if (label.category == no_index || label.region != no_index || label.start || label.end ||
            label.item >= dataset.items.size())
            ++skipped.other_labels;
        else
            labels_of[label.item].push_back(&label);
    }
    for (std::size_t index = 0; index < dataset.items.size(); ++index) {
        const Item& item = dataset.items[index];
        pugi::xml_node image = root.append_child("image");
        image.append_attribute("id") = static_cast<long long>(own_ids ? item.id : static_cast<std::int64_t>(index));
        image.append_attribute("name") = item.path.c_str();
        if (!item.subset.empty()) image.append_attribute("subset") = item.subset.c_str();
        image.append_attribute("width") = item.width;
        image.append_attribute("height") = item.height;
        for (std::uint32_t annotation : by_item.of(index))
            add_annotation(image, dataset, dataset.annotations[annotation], skipped);
        for (const Label* label : labels_of[index]) {
            pugi::xml_node tag = open_shape(image, "tag", dataset, label->category, label->attributes);
            close_shape(tag, label->attributes);
        }
    }
    report_skipped(skipped, output, sink);
    std::ostringstream text;
    document.save(text, "  ", pugi::format_indent, pugi::encoding_utf8);
    return text.str();
}

}  // namespace

void write(const Dataset& dataset, const fs::path& output, const WriteOptions& options, DiagnosticSink& sink) {
    const bool single = options.single_file || iequals(output.extension().string(), ".xml");
    const fs::path file = single ? output : output / "annotations.xml";
    if (!single) {
        std::error_code error;
        fs::create_directories(output, error);
        if (error) throw Error(fmt::format("cannot create directory: {}", error.message()), Location{output.string()});
    }
    write_output_text(file, build_xml(dataset, file, sink));
    if (single || options.images == ImageMode::none) {
        if (single && options.images != ImageMode::none)
            sink.warn("cvat/images-not-placed", "images are copied or linked only when writing a folder, not one .xml",
                      Location{output.string()});
        return;
    }
    std::size_t missing = 0;
    for (const Item& item : dataset.items) {
        check_relative_path(item.path, Location{output.string()});
        const fs::path destination = output / "images" / item.path;
        std::error_code error;
        fs::create_directories(destination.parent_path(), error);
        if (!place_image(item, destination, options.images)) ++missing;
    }
    if (missing > 0)
        sink.warn("cvat/missing-images",
                  fmt::format("{} not found, so not placed (their annotations are written)", counted(missing, "image")),
                  Location{output.string()});
}

}  // namespace labelkit::cvat
