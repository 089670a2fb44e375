#pragma once
// Private to the LabelMe JSON format (lib/src/formats/labelme/). Its face to the rest of labelkit
// is labelme_format.hpp.
//
// Coordinates: LabelMe's points are the canvas's continuous image coordinates, top-left origin,
// pixel (i, j) covering [i, i+1) x [j, j+1), the model's own convention: they are taken as they are.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit::labelme {

// The version written into every file (the 5.x layout: shape_type always set, imageData null).
inline constexpr const char* written_version = "5.5.0";

// Item::extra keys that carry what the model has no place for, so that writing back is lossless.
inline constexpr const char* unread_shapes_key = "labelme_unread_shapes";  // points, lines, linestrips, masks
// Annotation::attributes keys for shapes the model approximates.
inline constexpr const char* circle_key = "labelme_circle";          // [[cx, cy], [rim x, rim y]]

// Whether the start of a .json file looks like a LabelMe file: an object with "shapes" and
// "imagePath" or "version" keys.
bool looks_like_labelme(std::string_view start);

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);
std::vector<RuleInfo> rules();
Location locate(const Dataset& dataset, const Origin& origin, OriginKind kind);
// Adds the line and column of the shape to findings at /shapes/N... (labelme_lines.cpp).
void add_lines(std::span<Diagnostic> diagnostics);

// ---------------- shapes (labelme_shapes.cpp)

// One LabelMe shape read into the model: an annotation, or nothing for the kinds the model has
// no shape for (lines). Throws labelkit::Error (rule labelme/...) at `where` for a bad shape.
struct ReadShape {
    bool has_annotation = false;
    Box box;
    Shape shape;
    nlohmann::json attributes;  // object or null
};
ReadShape read_shape(const nlohmann::json& shape, const std::string& shape_type, const Location& where);

// The shape types the model holds (rectangle, polygon, circle) and the ones kept only in the
// item for writing back (point, line, linestrip, points, mask).
bool is_model_shape_type(std::string_view shape_type);
bool is_kept_shape_type(std::string_view shape_type);

// The LabelMe shapes of one annotation (several for a polygon set of several rings).
std::vector<nlohmann::ordered_json> write_shapes(const Annotation& annotation, const std::string& label);

// labelme2coco's circle approximation: max(floor(pi / acos(1 - 1/r)), 12) points on the circle.
std::vector<Point> circle_polygon(Point centre, double radius);

}  // namespace labelkit::labelme
