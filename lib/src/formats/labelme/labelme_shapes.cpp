// LabelMe shapes to the model and back. The choices follow labelme's own labelme2coco example:
// a rectangle is its two corners in any order (or four corners, as legacy files have them), a
// circle is its centre and a point of its rim, approximated by a polygon as labelme2coco does.
// Points, lines, line strips, point sets and masks have no model shape: the item keeps them.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "formats/labelme/labelme_private.hpp"

namespace labelkit::labelme {

namespace {

Error shape_error(const std::string& message, const Location& where, const char* rule) {
    return Error(message, where, rule);
}

std::vector<Point> read_points(const nlohmann::json& shape, const Location& where) {
    const auto found = shape.find("points");
    if (found == shape.end() || !found->is_array())
        throw shape_error("a shape needs \"points\", an array of [x, y] pairs", where, "labelme/schema");
    std::vector<Point> points;
    points.reserve(found->size());
    for (const nlohmann::json& pair : *found) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number())
            throw shape_error(fmt::format("point {} of the shape is not a pair of numbers [x, y]", points.size()),
                              where, "labelme/schema");
        const Point point{pair[0].get<double>(), pair[1].get<double>()};
        if (!std::isfinite(point.x) || !std::isfinite(point.y))
            throw shape_error("a point of the shape is not a finite number", where, "labelme/schema");
        points.push_back(point);
    }
    return points;
}

Box bounds(const std::vector<Point>& points) {
    double x0 = points[0].x, y0 = points[0].y, x1 = x0, y1 = y0;
    for (const Point& p : points) {
        x0 = std::min(x0, p.x);
        y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x);
        y1 = std::max(y1, p.y);
    }
    return {x0, y0, x1 - x0, y1 - y0};
}

nlohmann::json as_pairs(const std::vector<Point>& points) {
    nlohmann::json pairs = nlohmann::json::array();
    for (const Point& p : points) pairs.push_back({p.x, p.y});
    return pairs;
}

// The shape's keys that become attributes: group_id, description, flags (when set) and keys of
// labelme's "other_data" (any key it does not know, which it keeps when saving). Display colours
// of the 3.x files are left out.
nlohmann::json shape_attributes(const nlohmann::json& shape) {
    static const std::vector<std::string> known = {"label", "points", "shape_type", "mask", "line_color", "fill_color"};
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [key, value] : shape.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        if (value.is_null() || (key == "description" && value == "") || (key == "flags" && value.empty())) continue;
        attributes[key] = value;
    }
    return attributes;
}

}  // namespace

bool is_model_shape_type(std::string_view shape_type) {
    return shape_type == "rectangle" || shape_type == "polygon" || shape_type == "circle";
}

bool is_kept_shape_type(std::string_view shape_type) {
    return shape_type == "point" || shape_type == "line" || shape_type == "linestrip" || shape_type == "points" ||
           shape_type == "mask";
}

std::vector<Point> circle_polygon(Point centre, double radius) {
    // labelme2coco: r(1 - cos(a/2)) < 1 pixel gap between arc and chord; acos is defined for r >= 0.5.
    const int count = radius >= 1 ? std::max(static_cast<int>(std::numbers::pi / std::acos(1 - 1 / radius)), 12) : 12;
    std::vector<Point> points;
    points.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const double angle = 2 * std::numbers::pi / count * i;
        points.push_back({centre.x + radius * std::sin(angle), centre.y + radius * std::cos(angle)});
    }
    return points;
}

ReadShape read_shape(const nlohmann::json& shape, const std::string& shape_type, const Location& where) {
    const std::vector<Point> points = read_points(shape, where);
    ReadShape read;
    read.has_annotation = true;
    read.attributes = shape_attributes(shape);
    if (shape_type == "rectangle") {
        if (points.size() != 2 && points.size() != 4)
            throw shape_error(fmt::format("a rectangle has {}; it needs 2 corners (or 4, as legacy files write it)",
                                          counted(points.size(), "point")),
                              where, "labelme/rectangle-points");
        read.box = bounds(points);  // corners in any order
    } else if (shape_type == "polygon") {
        if (points.size() < 3)
            throw shape_error(fmt::format("a polygon has {}; it needs at least 3", counted(points.size(), "point")),
                              where, "labelme/polygon-points");
        read.box = bounds(points);
        read.shape = PolygonSet{{points}};
    } else if (shape_type == "circle") {
        if (points.size() != 2)
            throw shape_error(fmt::format("a circle has {}; it needs its centre and a point of its rim",
                                          counted(points.size(), "point")),
                              where, "labelme/schema");
        const double radius = std::hypot(points[1].x - points[0].x, points[1].y - points[0].y);
        std::vector<Point> polygon = circle_polygon(points[0], radius);
        read.box = bounds(polygon);  // the polygon's, as labelme2coco's bbox (of its mask) is
        read.shape = PolygonSet{{std::move(polygon)}};
        read.attributes[circle_key] = as_pairs(points);
    } else {
        read.has_annotation = false;
    }
    if (!std::isfinite(read.box.width) || !std::isfinite(read.box.height))
        throw shape_error("the shape's extent is not a finite number (coordinates near the largest double)", where,
                          "labelme/schema");
    if (read.attributes.empty()) read.attributes = nullptr;
    return read;
}

namespace {

nlohmann::ordered_json base_shape(const std::string& label, const nlohmann::json& attributes) {
    nlohmann::ordered_json shape = {{"label", label}, {"points", nlohmann::ordered_json::array()}, {"group_id", nullptr},
                            {"description", ""}, {"shape_type", ""}, {"flags", nlohmann::ordered_json::object()}};
    if (!attributes.is_object()) return shape;
    for (const auto& [key, value] : attributes.items()) {
        if (key == circle_key || key == "label" || key == "points" || key == "shape_type")
            continue;
        shape[key] = nlohmann::ordered_json(value);
    }
    return shape;
}

}  // namespace

std::vector<nlohmann::ordered_json> write_shapes(const Annotation& annotation, const std::string& label) {
    const nlohmann::json& attributes = annotation.attributes;
    nlohmann::ordered_json shape = base_shape(label, attributes);
    const Box& box = annotation.box;
    if (attributes.is_object() && attributes.contains(circle_key)) {
        shape["shape_type"] = "circle";
        shape["points"] = nlohmann::ordered_json(attributes[circle_key]);
        return {shape};
    }
    std::vector<std::vector<Point>> rings;
    if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape)) rings = polygons->rings;
    if (const auto* oriented = std::get_if<OrientedBox>(&annotation.shape)) rings = {oriented->corners};
    if (rings.empty()) {
        shape["shape_type"] = "rectangle";
        shape["points"] = nlohmann::ordered_json::array({{box.x, box.y}, {box.right(), box.bottom()}});
        return {shape};
    }
    std::vector<nlohmann::ordered_json> shapes;
    for (const std::vector<Point>& ring : rings) {
        nlohmann::ordered_json polygon = shape;
        polygon["shape_type"] = "polygon";
        polygon["points"] = nlohmann::ordered_json(as_pairs(ring));
        shapes.push_back(std::move(polygon));
    }
    return shapes;
}

}  // namespace labelkit::labelme
