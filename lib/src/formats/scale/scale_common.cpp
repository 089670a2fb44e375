// What the Scale and Nucleus readers share: the dataset builder, typed members, checked geometry.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "formats/scale/scale_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::scale {

using nlohmann::json;

DatasetBuilder::DatasetBuilder(std::string format, const std::filesystem::path& path, const ReadOptions& options,
                               DiagnosticSink& sink)
    : format_(std::move(format)), path_(path.string()), options_(options), sink_(sink) {
    dataset_.source_files.push_back(path_);
}

Location DatasetBuilder::at(const JsonRecord& record, const std::string& pointer) const {
    return Location{path_, record.line, 0, record.pointer + pointer};
}

void DatasetBuilder::fail(const std::string& message, const Location& where, const std::string& what) {
    const std::string rule = format_ + "/" + what;
    report_or_throw(Error(message, where, rule), options_, sink_, rule);
}

void DatasetBuilder::warn(const std::string& message, const std::string& what) {
    sink_.warn(format_ + "/" + what, message, Location{path_});
}

std::uint32_t DatasetBuilder::category(const std::string& name) {
    const auto [found, added] = categories_.emplace(name, static_cast<std::uint32_t>(dataset_.categories.size()));
    if (added) dataset_.categories.push_back(Category{static_cast<std::int64_t>(dataset_.categories.size() + 1), name, {}, {}, {}});
    return found->second;
}

std::uint32_t DatasetBuilder::add_item(Item item) {
    dataset_.items.push_back(std::move(item));
    return static_cast<std::uint32_t>(dataset_.items.size() - 1);
}

namespace {

const char* type_name(const json& value) {
    return value.is_number() ? "a number" : value.is_string() ? "a string" : value.is_boolean() ? "a boolean"
         : value.is_array() ? "an array" : value.is_object() ? "an object" : "null";
}

// The member, or nullptr when it is missing or null; an error when it is there but not of the type.
const json* typed_member(const Member& member, const json& object, const char* key, const std::string& pointer,
                         bool (json::*is_type)() const noexcept, const char* expected) {
    if (!object.is_object()) return nullptr;
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) return nullptr;
    if (((*found).*is_type)()) return &*found;
    member.builder.fail(fmt::format("'{}' must be {}, not {}", key, expected, type_name(*found)),
                        member.builder.at(member.record, pointer + "/" + key), "schema");
    return nullptr;
}

// Writers compute edges and areas: values near a double's limit would turn them infinite.
bool finite_extent(const Box& box) {
    return std::isfinite(box.right()) && std::isfinite(box.bottom()) && std::isfinite(box.width * box.height);
}

}  // namespace

bool has_members(const json& object, std::initializer_list<const char*> keys) {
    if (!object.is_object()) return false;
    return std::all_of(keys.begin(), keys.end(), [&](const char* key) {
        const auto found = object.find(key);
        return found != object.end() && !found->is_null();
    });
}

std::optional<double> Member::number(const json& object, const char* key, const std::string& pointer) const {
    const json* value = typed_member(*this, object, key, pointer, &json::is_number, "a number");
    if (value == nullptr) return std::nullopt;
    return value->get<double>();
}

std::optional<std::string> Member::string(const json& object, const char* key, const std::string& pointer) const {
    const json* value = typed_member(*this, object, key, pointer, &json::is_string, "a string");
    if (value == nullptr) return std::nullopt;
    return value->get<std::string>();
}

const json* Member::object(const json& object, const char* key, const std::string& pointer) const {
    return typed_member(*this, object, key, pointer, &json::is_object, "an object");
}

const json* Member::array(const json& object, const char* key, const std::string& pointer) const {
    return typed_member(*this, object, key, pointer, &json::is_array, "an array");
}

std::optional<Box> checked_box(const Member& member, const json& object, const char* left, const char* top,
                               const std::string& pointer) {
    if (!has_members(object, {left, top, "width", "height"})) {
        member.builder.fail(fmt::format("a box needs the numbers {}, {}, width and height", left, top),
                            member.builder.at(member.record, pointer), "schema");
        return std::nullopt;
    }
    const auto x = member.number(object, left, pointer);
    const auto y = member.number(object, top, pointer);
    const auto width = member.number(object, "width", pointer);
    const auto height = member.number(object, "height", pointer);
    if (!x || !y || !width || !height) return std::nullopt;  // reported: not a number
    if (*width < 0 || *height < 0) {
        member.builder.fail(fmt::format("the box has a negative size ({} x {})", format_number(*width), format_number(*height)),
                            member.builder.at(member.record, pointer), "negative-size");
        return std::nullopt;
    }
    const Box box{*x, *y, *width, *height};
    if (!finite_extent(box)) {
        member.builder.fail("the box's coordinates are too large: its right edge, bottom edge or area is not a finite number",
                            member.builder.at(member.record, pointer), "schema");
        return std::nullopt;
    }
    return box;
}

std::optional<PolygonSet> checked_polygon(const Member& member, const json& vertices, const std::string& pointer) {
    std::vector<Point> ring;
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        const std::string at = fmt::format("{}/{}", pointer, i);
        if (!has_members(vertices[i], {"x", "y"})) {
            member.builder.fail("a vertex needs the numbers x and y", member.builder.at(member.record, at), "schema");
            return std::nullopt;
        }
        const auto x = member.number(vertices[i], "x", at);
        const auto y = member.number(vertices[i], "y", at);
        if (!x || !y) return std::nullopt;  // reported: not a number
        ring.push_back({*x, *y});
    }
    if (ring.size() < 3) {
        member.builder.fail(fmt::format("a polygon needs at least 3 vertices, this one has {}", ring.size()),
                            member.builder.at(member.record, pointer), "degenerate-polygon");
        return std::nullopt;
    }
    PolygonSet polygon{{std::move(ring)}};
    if (!finite_extent(bounding_box(polygon))) {
        member.builder.fail("the polygon's coordinates are too large: its extent or area is not a finite number",
                            member.builder.at(member.record, pointer), "schema");
        return std::nullopt;
    }
    return polygon;
}

Box bounding_box(const PolygonSet& polygon) {
    double left = INFINITY, top = INFINITY, right = -INFINITY, bottom = -INFINITY;
    for (const auto& ring : polygon.rings)
        for (const Point& point : ring) {
            left = std::min(left, point.x);
            top = std::min(top, point.y);
            right = std::max(right, point.x);
            bottom = std::max(bottom, point.y);
        }
    return {left, top, right - left, bottom - top};
}

std::string counts_by_name(const std::map<std::string, std::size_t>& counts) {
    std::vector<std::string> parts;
    for (const auto& [name, count] : counts) parts.push_back(fmt::format("{} {}", count, shorten(name)));
    return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace labelkit::scale
