// The results of one Label Studio annotation or prediction: regions (rectangles, polygons,
// key points, brush masks) become annotations; choices, text spans, audio segments, taxonomy
// paths and text areas become labels, of the region whose result id they share or of the item.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "formats/label_studio/reader_state.hpp"
#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::label_studio {

namespace {

enum class ResultKind { rectangle, polygon, keypoint, brush, choices, textarea, span, taxonomy, not_read, unknown };

struct KnownType {
    std::string_view type;
    ResultKind kind;
};

// Label Studio's result types (its control tags, lower case); those labelkit does not hold are
// reported as not read.
constexpr KnownType known_types[] = {
    {"rectanglelabels", ResultKind::rectangle}, {"rectangle", ResultKind::rectangle},
    {"polygonlabels", ResultKind::polygon},     {"polygon", ResultKind::polygon},
    {"keypointlabels", ResultKind::keypoint},   {"keypoint", ResultKind::keypoint},
    {"brushlabels", ResultKind::brush},         {"brush", ResultKind::brush},
    {"choices", ResultKind::choices},           {"textarea", ResultKind::textarea},
    {"labels", ResultKind::span},               {"taxonomy", ResultKind::taxonomy},
    {"rating", ResultKind::not_read},           {"relation", ResultKind::not_read},
    {"number", ResultKind::not_read},           {"datetime", ResultKind::not_read},
    {"ranker", ResultKind::not_read},           {"pairwise", ResultKind::not_read},
    {"hypertextlabels", ResultKind::not_read},  {"paragraphlabels", ResultKind::not_read},
    {"timeserieslabels", ResultKind::not_read}, {"videorectangle", ResultKind::not_read},
    {"ellipselabels", ResultKind::not_read},    {"ellipse", ResultKind::not_read},
    {"polylinelabels", ResultKind::not_read},   {"polyline", ResultKind::not_read},
    {"magicwand", ResultKind::not_read},        {"bitmasklabels", ResultKind::not_read},
    {"bitmask", ResultKind::not_read},          {"cuboid", ResultKind::not_read},
};

ResultKind kind_of(std::string_view type) {
    for (const KnownType& known : known_types)
        if (known.type == type) return known.kind;
    return ResultKind::unknown;
}

bool is_region(ResultKind kind) {
    return kind == ResultKind::rectangle || kind == ResultKind::polygon || kind == ResultKind::keypoint ||
           kind == ResultKind::brush;
}

// The corners of a box of width w and height h whose top-left corner is at (x, y), rotated by
// `degrees` clockwise (y points down) about that corner: Label Studio's rotation.
std::vector<Point> rotated_corners(double x, double y, double w, double h, double degrees) {
    const double radians = degrees * std::numbers::pi / 180;
    const double c = std::cos(radians), s = std::sin(radians);
    return {{x, y}, {x + w * c, y + w * s}, {x + w * c - h * s, y + w * s + h * c}, {x - h * s, y + h * c}};
}

}  // namespace

void Reader::not_read(std::map<std::string, NotRead>& counts, std::string_view type, const Place& place) {
    NotRead& what = counts[std::string(type)];
    if (what.count++ == 0) {
        what.first_pointer = place.pointer();
        what.first_line = task_line();
    }
}

void Reader::read_results(dom::array results, const Source& source, Place place) {
    regions_.clear();
    // Regions first; the labels after them, so that a label that shares a region's id finds it
    // wherever it stands in the list.
    std::vector<std::pair<dom::object, std::size_t>> labels;
    for (dom::element element : results) {
        dom::object result;
        std::string_view type;
        if (element.get_object().get(result)) {
            error("label-studio/schema", "a result must be a JSON object", place.pointer());
        } else if (result["type"].get(type)) {
            error("label-studio/schema", "a result needs its \"type\" (a string)", place.pointer("/type"));
        } else if (const ResultKind kind = kind_of(type); kind == ResultKind::unknown) {
            not_read(unknown_types_, type, place);
        } else if (kind == ResultKind::not_read) {
            not_read(types_not_read_, type, place);
        } else if (!result["value"].is_object()) {
            error("label-studio/missing-value", fmt::format("a {} result without its \"value\" object", type), place.pointer());
        } else if (is_region(kind)) {
            read_region(result, type, source, place);
        } else {
            labels.emplace_back(result, place.result);
        }
        ++place.result;
    }
    for (const auto& [result, index] : labels) {
        place.result = index;
        read_label(result, result["type"].get_string().value_unsafe(), source, place);
    }
}

bool Reader::read_size(dom::object result, const Place& place, ImageSize& size) {
    double width = 0, height = 0;
    const bool given = result["original_width"].error() != simdjson::NO_SUCH_FIELD ||
                       result["original_height"].error() != simdjson::NO_SUCH_FIELD;
    Item& item = dataset_.items[item_];
    if (!given && item.width > 0) {  // predictions often leave it out: the size other regions of the task give
        size = {item.width, item.height};
        return true;
    }
    if (result["original_width"].get(width) || result["original_height"].get(height)) {
        error("label-studio/missing-size",
              "a region needs original_width and original_height (the image's size in pixels, numbers) to be read",
              place.pointer());
        return false;
    }
    const auto is_side = [](double side) { return side >= 1 && side <= double(limits::max_image_side); };
    if (!is_side(width) || !is_side(height)) {
        const bool width_bad = !is_side(width);
        error("label-studio/missing-size",
              fmt::format("{} is {}: not a positive image size in pixels (at most {}), so the region's percent "
                          "coordinates cannot be turned into pixels",
                          width_bad ? "original_width" : "original_height", format_number(width_bad ? width : height),
                          limits::max_image_side),
              place.pointer(width_bad ? "/original_width" : "/original_height"));
        return false;
    }
    size = {static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
    if (item.width == 0) {
        item.width = size.width;
        item.height = size.height;
    } else if (item.width != size.width || item.height != size.height) {
        warning("label-studio/size-mismatch",
                fmt::format("original size {}x{} differs from the task's earlier {}x{}", size.width, size.height,
                            item.width, item.height),
                place.pointer("/original_width"));
    }
    return true;
}

bool Reader::read_percent(dom::object value, const char* key, const Place& place, double& out) {
    if (value[key].get(out) || !std::isfinite(out)) {
        error("label-studio/schema", fmt::format("a region needs \"{}\", a number (percent)", key),
              place.pointer(fmt::format("/value/{}", key)));
        return false;
    }
    if (out < 0 || out > 100)
        warning("label-studio/percent-range", fmt::format("{} = {} is outside 0-100 percent", key, out),
                place.pointer(fmt::format("/value/{}", key)));
    return true;
}

bool Reader::read_label_names(dom::object value, std::string_view type, const Place& place,
                              std::vector<std::string_view>& out) {
    out.clear();
    dom::array names;
    const std::string key = type.ends_with("labels") ? std::string(type) : "labels";
    if (value[key].get(names) == simdjson::SUCCESS) {
        for (dom::element name : names) {
            std::string_view text;
            if (name.get(text)) {
                error("label-studio/schema", fmt::format("\"{}\" must list label names (strings)", key),
                      place.pointer("/value/" + key));
                return false;
            }
            out.push_back(text);
        }
    }
    if (out.empty()) {
        error("label-studio/missing-label", fmt::format("a {} region without a label (\"{}\" is empty or missing)", type, key),
              place.pointer("/value"));
        return false;
    }
    return true;
}

std::uint32_t Reader::category(std::string_view name) {
    const std::string key(name);
    if (const auto known = categories_.find(key); known != categories_.end()) return known->second;
    const auto index = static_cast<std::uint32_t>(dataset_.categories.size());
    Category category;
    category.id = index + 1;
    category.name = key;
    dataset_.categories.push_back(std::move(category));
    categories_.emplace(key, index);
    return index;
}

void Reader::add_annotation(Annotation annotation, dom::object result, const Source& source, const Place& place,
                            const std::vector<std::string_view>& labels) {
    annotation.item = item_;
    annotation.category = category(labels[0]);
    annotation.annotator = source.annotator;
    annotation.origin = {file_index_, static_cast<std::uint32_t>(place.task)};
    if (double score = 0; result["score"].get(score) == simdjson::SUCCESS && std::isfinite(score)) annotation.score = score;
    else annotation.score = source.score;
    if (source.ground_truth) annotation.attributes["ground_truth"] = true;
    if (labels.size() > 1) {
        nlohmann::json& all = annotation.attributes["labels"];
        for (std::string_view name : labels) all.push_back(name);
    }
    std::string_view id;
    if (result["id"].get(id) == simdjson::SUCCESS)
        regions_.push_back({id, static_cast<std::uint32_t>(dataset_.annotations.size())});
    dataset_.annotations.push_back(std::move(annotation));
}

void Reader::read_region(dom::object result, std::string_view type, const Source& source, const Place& place) {
    const dom::object value = result["value"].get_object().value_unsafe();
    const ResultKind kind = kind_of(type);
    std::vector<std::string_view> labels;
    ImageSize size;
    if (!read_size(result, place, size) || !read_label_names(value, type, place, labels)) return;
    const double sx = size.width / 100.0, sy = size.height / 100.0;
    Annotation annotation;
    if (kind == ResultKind::rectangle) {
        double x = 0, y = 0, w = 0, h = 0, rotation = 0;
        if (!read_percent(value, "x", place, x) || !read_percent(value, "y", place, y) ||
            !read_percent(value, "width", place, w) || !read_percent(value, "height", place, h))
            return;
        if (value["rotation"].get(rotation) != simdjson::SUCCESS || !std::isfinite(rotation)) rotation = 0;
        rotation = std::fmod(rotation, 360.0);
        if (rotation == 0 && x + w > 100 + 1e-9)
            warning("label-studio/percent-range", fmt::format("x + width = {} is beyond 100 percent", x + w), place.pointer("/value/width"));
        if (rotation == 0 && y + h > 100 + 1e-9)
            warning("label-studio/percent-range", fmt::format("y + height = {} is beyond 100 percent", y + h), place.pointer("/value/height"));
        if (rotation == 0) {
            annotation.box = {x * sx, y * sy, w * sx, h * sy};
        } else {
            OrientedBox oriented{rotated_corners(x * sx, y * sy, w * sx, h * sy, rotation)};
            annotation.box = bounds(oriented.corners);
            annotation.shape = std::move(oriented);
        }
    } else if (kind == ResultKind::keypoint) {
        double x = 0, y = 0;
        if (!read_percent(value, "x", place, x) || !read_percent(value, "y", place, y)) return;
        annotation.box = {x * sx, y * sy, 0, 0};
        annotation.keypoints.push_back({x * sx, y * sy, 2});
    } else if (kind == ResultKind::polygon) {
        dom::array points;
        if (value["points"].get(points)) {
            error("label-studio/schema", "a polygon needs \"points\", an array of [x, y] in percent", place.pointer("/value/points"));
            return;
        }
        std::vector<Point> ring;
        std::size_t index = 0;
        for (dom::element point : points) {
            dom::array pair;
            double px = 0, py = 0;
            if (point.get(pair) || pair.size() != 2 || pair.at(0).get(px) || pair.at(1).get(py) || !std::isfinite(px) ||
                !std::isfinite(py)) {
                error("label-studio/schema", "a polygon point must be [x, y], two numbers (percent)",
                      place.pointer(fmt::format("/value/points/{}", index)));
                return;
            }
            if (px < 0 || px > 100 || py < 0 || py > 100)
                warning("label-studio/percent-range", fmt::format("the point ({}, {}) is outside 0-100 percent", px, py),
                        place.pointer(fmt::format("/value/points/{}", index)));
            ring.push_back({px * sx, py * sy});
            ++index;
        }
        if (ring.size() < 3) {
            error("label-studio/schema", fmt::format("a polygon needs at least 3 points, not {}", ring.size()),
                  place.pointer("/value/points"));
            return;
        }
        annotation.box = bounds(ring);
        annotation.shape = PolygonSet{{std::move(ring)}};
    } else {  // brush
        std::string_view format;
        dom::array rle;
        if (value["format"].get(format) || format != "rle" || value["rle"].get(rle)) {
            error("label-studio/invalid-rle", "a brush region needs \"format\": \"rle\" and its \"rle\" bytes",
                  place.pointer("/value"));
            return;
        }
        std::vector<std::uint8_t> bytes;
        bytes.reserve(rle.size());
        for (dom::element byte : rle) {
            std::uint64_t number = 0;
            if (byte.get(number) || number > 255) {
                error("label-studio/invalid-rle", "\"rle\" must be an array of bytes (0-255)", place.pointer("/value/rle"));
                return;
            }
            bytes.push_back(static_cast<std::uint8_t>(number));
        }
        try {
            RleMask mask = decode_brush_rle(bytes, size.width, size.height);
            annotation.box = bounds(mask);
            annotation.shape = std::move(mask);
        } catch (const Error& problem) {
            error("label-studio/invalid-rle", problem.message(), place.pointer("/value/rle"));
            return;
        }
    }
    add_annotation(std::move(annotation), result, source, place, labels);
}

std::uint32_t Reader::region_of(dom::object result) const {
    std::string_view id;
    if (result["id"].get(id)) return no_index;
    for (const Region& region : regions_)
        if (region.id == id) return region.annotation;
    return no_index;
}

void Reader::add_label(Label label, dom::object result, const Source& source) {
    label.item = item_;
    label.annotator = source.annotator;
    label.region = region_of(result);
    label.origin = dataset_.items[item_].origin;
    if (double score = 0; result["score"].get(score) == simdjson::SUCCESS && std::isfinite(score)) label.score = score;
    else label.score = source.score;
    if (source.ground_truth) label.attributes["ground_truth"] = true;
    dataset_.labels.push_back(std::move(label));
}

void Reader::read_label(dom::object result, std::string_view type, const Source& source, const Place& place) {
    const dom::object value = result["value"].get_object().value_unsafe();
    const ResultKind kind = kind_of(type);
    // Each value is a string, or a list of strings (taxonomy: a list of paths, lists of strings).
    const char* key = kind == ResultKind::choices ? "choices"
                      : kind == ResultKind::textarea ? "text"
                      : kind == ResultKind::taxonomy ? "taxonomy"
                                                     : "labels";
    dom::element values;
    if (value[key].get(values)) {
        error("label-studio/schema", fmt::format("a {} result needs \"{}\" in its value", type, key), place.pointer("/value"));
        return;
    }
    std::vector<std::string> texts;
    const auto bad = [&] {
        error("label-studio/schema", fmt::format("\"{}\" must be a string or a list of strings", key),
              place.pointer(fmt::format("/value/{}", key)));
    };
    const auto take = [&](dom::element element) {
        std::string_view text;
        if (element.get(text) == simdjson::SUCCESS) {
            texts.emplace_back(text);
            return true;
        }
        dom::array path;
        if (kind != ResultKind::taxonomy || element.get(path)) return false;
        std::string joined;
        for (dom::element step : path) {
            if (step.get(text)) return false;
            joined += joined.empty() ? "" : "/";
            joined += text;
        }
        texts.push_back(std::move(joined));
        return true;
    };
    if (dom::array list; values.get(list) == simdjson::SUCCESS) {
        for (dom::element element : list)
            if (!take(element)) return bad();
    } else if (!take(values)) {
        return bad();
    }
    MaybeNumber start, end;
    // A text area of an audio segment (per-region transcription) says the segment's start and end.
    if (kind == ResultKind::span || kind == ResultKind::textarea) {
        double from = 0, to = 0;
        const bool has_start = value["start"].get(from) == simdjson::SUCCESS, has_end = value["end"].get(to) == simdjson::SUCCESS;
        if (has_start != has_end || (has_start && (!std::isfinite(from) || !std::isfinite(to) || to < from))) {
            error("label-studio/schema", "a span needs numbers \"start\" <= \"end\" (characters or seconds)", place.pointer("/value"));
            return;
        }
        if (has_start) {
            start = from;
            end = to;
        }
    }
    for (std::string& text : texts) {
        Label label;
        if (kind == ResultKind::textarea) label.text = std::move(text);
        else label.category = category(text);
        label.start = start;
        label.end = end;
        if (std::string_view quoted; kind == ResultKind::span && value["text"].get(quoted) == simdjson::SUCCESS)
            label.attributes["text"] = quoted;
        add_label(std::move(label), result, source);
    }
}

}  // namespace labelkit::label_studio
