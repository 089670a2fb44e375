#include "formats/coco/coco_private.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/io.hpp"

namespace labelkit::coco {

void UnknownFields::add(std::string_view name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
}

void UnknownFields::merge(const UnknownFields& other) {
    elements += other.elements;
    for (const std::string& name : other.names) add(name);
}

namespace {

Box read_bbox(od::value& value, const Where& where, std::vector<double>& scratch) {
    const char* at = token_at(value);
    read_numbers(value, where, "an array of 4 numbers [x, y, width, height]", scratch);
    if (scratch.size() != 4)
        fail(where, at, fmt::format("bbox must have 4 numbers [x, y, width, height], found {}", scratch.size()));
    return {scratch[0], scratch[1], scratch[2], scratch[3]};
}

std::vector<Keypoint> read_keypoints(od::value& value, const Where& where, std::vector<double>& scratch) {
    const char* at = token_at(value);
    read_numbers(value, where, "an array of numbers [x1, y1, v1, x2, y2, v2, ...]", scratch);
    if (scratch.size() % 3 != 0)
        fail(where, at, fmt::format("keypoints must be triplets x, y, v: found {} numbers", scratch.size()));
    if (scratch.size() / 3 > limits::max_keypoints)
        fail(where, at, fmt::format("{} keypoints are more than labelkit reads on one object (at most {})",
                                    scratch.size() / 3, limits::max_keypoints));
    std::vector<Keypoint> keypoints;
    keypoints.reserve(scratch.size() / 3);
    for (std::size_t i = 0; i < scratch.size(); i += 3) {
        const double v = scratch[i + 2];
        if (v != 0 && v != 1 && v != 2)
            fail(where / (i + 2), at, fmt::format("keypoint visibility must be 0, 1 or 2, found {}", v));
        keypoints.push_back({scratch[i], scratch[i + 1], static_cast<int>(v)});
    }
    return keypoints;
}

std::vector<std::uint32_t> read_rle_counts(od::value& value, const Where& where) {
    const char* at = token_at(value);
    std::string_view text;
    if (!value.get_string().get(text)) {
        try {
            return rle_counts_from_string(text);
        } catch (const Error& e) {
            fail(where, at, fmt::format("invalid compressed RLE counts: {}", e.message()), "coco/invalid-rle");
        }
    }
    std::vector<std::uint32_t> counts;
    for_each(value, where, "an array of run lengths or a compressed RLE string", [&](od::value& item, std::size_t i) {
        const char* item_at = token_at(item);
        const std::int64_t run = integer(item, where / i);
        if (run < 0 || run > UINT32_MAX) fail(where / i, item_at, fmt::format("invalid run length {}", run), "coco/invalid-rle");
        counts.push_back(static_cast<std::uint32_t>(run));
    });
    counts.shrink_to_fit();
    return counts;
}

RleMask read_rle(od::value& value, const Where& where) {
    const char* at = token_at(value);
    od::object object;
    if (value.get_object().get(object)) fail_type(value, where, "an RLE object {\"counts\", \"size\"}");
    RleMask mask;
    bool has_counts = false;
    bool has_size = false;
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if (const auto error = std::move(result).get(field)) fail_json(where, at, error);
        if (const auto error = field.unescaped_key().get(key)) fail_json(where, at, error);
        od::value item = field.value();
        if (key == "counts") {
            mask.counts = read_rle_counts(item, where / "counts");
            has_counts = true;
        } else if (key == "size") {
            const Where size_where = where / "size";
            const char* size_at = token_at(item);
            std::vector<std::uint32_t> size;
            for_each(item, size_where, "[height, width]",
                     [&](od::value& v, std::size_t i) { size.push_back(dimension(v, size_where / i)); });
            if (size.size() != 2)
                fail(size_where, size_at, fmt::format("RLE size must be [height, width], found {} numbers", size.size()));
            mask.height = size[0];
            mask.width = size[1];
            has_size = true;
        } else {
            fail(where, at, fmt::format("unexpected field \"{}\" in an RLE segmentation (expected \"counts\" and \"size\")", key));
        }
    }
    if (!has_counts || !has_size)
        fail(where, at, fmt::format("RLE segmentation has no \"{}\"", has_counts ? "size" : "counts"));
    std::uint64_t total = 0;
    for (const std::uint32_t run : mask.counts) total += run;
    const std::uint64_t pixels = std::uint64_t{mask.height} * mask.width;
    if (total != pixels)
        fail(where / "counts", at, fmt::format("RLE counts add up to {} pixels, but size {}x{} has {}", total,
                                               mask.height, mask.width, pixels),
             "coco/invalid-rle");
    return mask;
}

// The "attributes" object, kept verbatim; {} is the same as none.
nlohmann::json read_attributes(od::value& value, const Where& where) {
    if (take_null(value)) return nullptr;
    od::object object;
    if (value.get_object().get(object)) fail_type(value, where, "an object");
    std::string_view raw;
    if (const auto error = object.raw_json().get(raw)) fail_json(where, nullptr, error);
    const auto begin = static_cast<std::size_t>(raw.data() - where.file->data());
    nlohmann::json attributes = where.file->parse_value(begin, begin + raw.size(), where.pointer(), "coco");
    return attributes.empty() ? nlohmann::json() : attributes;
}

std::array<int, 2> read_skeleton_edge(od::value& value, const Where& where) {
    const char* at = token_at(value);
    std::vector<std::int64_t> ends;
    for_each(value, where, "a [from, to] pair", [&](od::value& end, std::size_t i) { ends.push_back(integer(end, where / i)); });
    if (ends.size() != 2 || ends[0] < INT32_MIN || ends[0] > INT32_MAX || ends[1] < INT32_MIN || ends[1] > INT32_MAX)
        fail(where, at, "a skeleton edge must be a pair of keypoint numbers [from, to]");
    return {static_cast<int>(ends[0]), static_cast<int>(ends[1])};
}

// What an annotation's fields said beyond what goes straight into the Annotation.
struct AnnotationFields {
    std::int64_t image_id = 0;
    std::int64_t category_id = 0;
    const char* image_at = nullptr;     // where image_id is, when present
    const char* category_at = nullptr;  // where category_id is, when present
    bool has_id = false;
    bool has_bbox = false;
    bool has_segmentation = false;
    bool any_unknown = false;
    const char* other_kind = nullptr;  // a captions or panoptic field: not an instances file
};

// The annotation must be an instances annotation with its required fields.
void check_instance(const Where& where, const Annotation& out, const AnnotationFields& seen) {
    const bool has_region =
        seen.has_bbox || !std::holds_alternative<std::monostate>(out.shape) || !out.keypoints.empty();
    if (!has_region && seen.other_kind)
        fail(where, nullptr, fmt::format("annotation has no \"bbox\" or \"segmentation\": this looks like {}, "
                                         "not an instances file (expected objects with \"bbox\" or \"segmentation\")",
                                         seen.other_kind));
    if (!seen.has_id) fail(where, nullptr, "annotation has no \"id\"");
    if (!seen.image_at) fail(where, nullptr, "annotation has no \"image_id\"");
    if (!seen.category_at) fail(where, nullptr, "annotation has no \"category_id\"");
    if (!has_region)
        fail(where, nullptr, seen.has_segmentation
                                 ? "annotation has no \"bbox\" and an empty \"segmentation\""
                                 : "annotation has neither \"bbox\" nor \"segmentation\" (expected an instances "
                                   "annotation; image-level labels and captions are not read)");
}

void resolve_ids(const Where& where, const AnnotationLookups& lookups, const AnnotationFields& seen, Annotation& out) {
    const auto item = lookups.images->find(seen.image_id);
    if (!item)
        fail(where / "image_id", seen.image_at,
             fmt::format("unknown image_id {} (no image in \"images\" has this id)", seen.image_id),
             "coco/unknown-image-id");
    const auto category = lookups.categories->find(seen.category_id);
    if (!category)
        fail(where / "category_id", seen.category_at,
             fmt::format("unknown category_id {} (not in \"categories\")", seen.category_id),
             "coco/unknown-category-id");
    out.item = *item;
    out.category = *category;
}

Box keypoint_bounds(const std::vector<Keypoint>& keypoints) {
    bool any = false;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (const Keypoint& k : keypoints) {
        if (k.visibility == 0) continue;
        x0 = any ? std::min(x0, k.x) : k.x;
        y0 = any ? std::min(y0, k.y) : k.y;
        x1 = any ? std::max(x1, k.x) : k.x;
        y1 = any ? std::max(y1, k.y) : k.y;
        any = true;
    }
    return {x0, y0, x1 - x0, y1 - y0};
}

}  // namespace

// Everything reused from one element to the next: the simdjson parser and scratch vectors.
struct ElementParser::State {
    explicit State(const MappedJson& source) : file(source) {}

    const MappedJson& file;
    od::parser parser;
    od::document document;
    std::vector<double> numbers;            // scratch for arrays of numbers
    std::vector<std::vector<Point>> rings;  // scratch for polygon rings

    Where root(const char* array, std::size_t index, Slice slice) const {
        Where where;
        where.file = &file;
        where.element = file.data() + slice.begin;
        return where / array / index;
    }

    od::object open(const Where& where, Slice slice, const char* what) {
        const char* begin = file.data() + slice.begin;
        const simdjson::padded_string_view text(begin, slice.end - slice.begin, file.capacity_from(begin));
        if (const auto error = parser.iterate(text).get(document)) fail_json(where, begin, error);
        od::object object;
        if (const auto error = document.get_object().get(object)) {
            if (error != simdjson::INCORRECT_TYPE) fail_json(where, begin, error);
            fail(where, begin, fmt::format("each element of \"{}\" must be an object ({}), found '{}'", where.steps[0].name,
                                           what, shorten(std::string_view(begin, slice.end - slice.begin))));
        }
        return object;
    }

    void read_polygons(od::value& value, const Where& where, Shape& shape) {
        rings.clear();
        for_each(value, where, "a list of polygons [[x1, y1, x2, y2, ...], ...]", [&](od::value& ring, std::size_t k) {
            const char* at = token_at(ring);
            read_numbers(ring, where / k, "a polygon: an array of numbers [x1, y1, x2, y2, ...]", numbers);
            if (numbers.size() % 2 != 0)
                fail(where / k, at,
                     fmt::format("polygon has an odd number of coordinates ({}): expected x, y pairs", numbers.size()),
                     "coco/polygon-odd-coordinates");
            std::vector<Point> points;
            points.reserve(numbers.size() / 2);
            for (std::size_t i = 0; i < numbers.size(); i += 2) points.push_back({numbers[i], numbers[i + 1]});
            rings.push_back(std::move(points));
        });
        if (rings.empty()) {
            shape = std::monostate{};
            return;
        }
        PolygonSet polygons;
        polygons.rings.reserve(rings.size());
        for (std::vector<Point>& ring : rings) polygons.rings.push_back(std::move(ring));
        rings.clear();
        shape = std::move(polygons);
    }

    void read_segmentation(od::value& value, const Where& where, Shape& shape) {
        od::json_type type{};
        if (value.type().get(type)) fail_type(value, where, "a list of polygons or an RLE object");
        switch (type) {
            case od::json_type::null: take_null(value); shape = std::monostate{}; return;
            case od::json_type::array: read_polygons(value, where, shape); return;
            case od::json_type::object: shape = read_rle(value, where); return;
            default: fail_type(value, where, "a list of polygons or an RLE object {\"counts\", \"size\"}");
        }
    }

    // One field of an annotation; false when labelkit does not keep it.
    bool annotation_field(std::string_view key, od::value& value, const Where& where, Annotation& out,
                          AnnotationFields& seen) {
        if (key == "segmentation") {
            read_segmentation(value, where / "segmentation", out.shape);
            seen.has_segmentation = true;
        } else if (key == "bbox") {
            if (take_null(value)) return true;
            out.box = read_bbox(value, where / "bbox", numbers);
            seen.has_bbox = true;
        } else if (key == "id") {
            out.id = integer(value, where / "id");
            seen.has_id = true;
        } else if (key == "image_id") {
            seen.image_at = token_at(value);
            seen.image_id = integer(value, where / "image_id");
        } else if (key == "category_id") {
            seen.category_at = token_at(value);
            seen.category_id = integer(value, where / "category_id");
        } else if (key == "area") {
            if (!take_null(value)) out.area = number(value, where / "area");
        } else if (key == "iscrowd") {
            out.iscrowd = flag(value, where / "iscrowd", "iscrowd");
        } else if (key == "keypoints") {
            if (!take_null(value)) out.keypoints = read_keypoints(value, where / "keypoints", numbers);
        } else if (key == "num_keypoints") {
            if (!take_null(value)) integer(value, where / "num_keypoints");  // derived from keypoints when writing
        } else if (key == "score") {
            if (!take_null(value)) out.score = number(value, where / "score");
        } else if (key == "attributes") {
            out.attributes = read_attributes(value, where / "attributes");
        } else {
            if (key == "caption") seen.other_kind = "a captions file (\"caption\")";
            if (key == "segments_info") seen.other_kind = "a panoptic file (\"segments_info\")";
            return false;
        }
        return true;
    }
};

ElementParser::ElementParser(const MappedJson& file) : state_(std::make_unique<State>(file)) {}
ElementParser::~ElementParser() = default;

Category ElementParser::category(std::size_t index, Slice slice, UnknownFields& unknown) {
    State& s = *state_;
    const Where where = s.root("categories", index, slice);
    od::object object = s.open(where, slice, "a category {\"id\", \"name\", ...}");
    Category category;
    bool has_id = false, has_name = false, any_unknown = false;
    for_each_field(object, s.document, where, [&](std::string_view key, od::value& value) {
        if (key == "id") {
            category.id = integer(value, where / "id");
            has_id = true;
        } else if (key == "name") {
            category.name = string(value, where / "name");
            has_name = true;
        } else if (key == "supercategory") {
            if (!take_null(value)) category.supercategory = string(value, where / "supercategory");
        } else if (key == "keypoints") {
            const Where at = where / "keypoints";
            if (!take_null(value))
                for_each(value, at, "an array of keypoint names", [&](od::value& name, std::size_t i) {
                    category.keypoint_names.emplace_back(string(name, at / i));
                });
        } else if (key == "skeleton") {
            const Where at = where / "skeleton";
            if (!take_null(value))
                for_each(value, at, "an array of [from, to] keypoint pairs", [&](od::value& edge, std::size_t i) {
                    category.skeleton.push_back(read_skeleton_edge(edge, at / i));
                });
        } else {
            unknown.add(key);
            any_unknown = true;
        }
    });
    if (any_unknown) ++unknown.elements;
    if (!has_id) fail(where, nullptr, "category has no \"id\"");
    if (!has_name) fail(where, nullptr, "category has no \"name\"");
    return category;
}

Item ElementParser::image(std::size_t index, Slice slice) {
    State& s = *state_;
    const Where where = s.root("images", index, slice);
    od::object object = s.open(where, slice, "an image {\"id\", \"file_name\", \"width\", \"height\", ...}");
    Item item;
    bool has_id = false, has_file = false, has_width = false, has_height = false;
    const char* file_at = nullptr;
    for_each_field(object, s.document, where, [&](std::string_view key, od::value& value) {
        if (key == "id") {
            item.id = integer(value, where / "id");
            has_id = true;
        } else if (key == "file_name") {
            file_at = token_at(value);
            item.path = string(value, where / "file_name");
            has_file = true;
        } else if (key == "width") {
            item.width = dimension(value, where / "width");
            has_width = true;
        } else if (key == "height") {
            item.height = dimension(value, where / "height");
            has_height = true;
        } else {
            std::string name(key);  // before the value is read: the key's text may be reused
            item.extra[name] = to_json(value, where);
        }
    });
    for (const auto& [present, name] : {std::pair{has_id, "id"}, std::pair{has_file, "file_name"},
                                        std::pair{has_width, "width"}, std::pair{has_height, "height"}})
        if (!present) fail(where, nullptr, fmt::format("image has no \"{}\"", name));
    try {
        check_relative_path(item.path, {});
    } catch (const Error& e) {
        fail(where / "file_name", file_at, e.message());
    }
    return item;
}

void ElementParser::annotation(std::size_t index, Slice slice, const AnnotationLookups& lookups, Annotation& out,
                               UnknownFields& unknown) {
    State& s = *state_;
    const Where where = s.root("annotations", index, slice);
    od::object object = s.open(where, slice, "an annotation {\"id\", \"image_id\", \"category_id\", \"bbox\", ...}");
    AnnotationFields seen;
    for_each_field(object, s.document, where, [&](std::string_view key, od::value& value) {
        if (s.annotation_field(key, value, where, out, seen)) return;
        unknown.add(key);
        seen.any_unknown = true;
    });
    if (seen.any_unknown) ++unknown.elements;
    check_instance(where, out, seen);
    resolve_ids(where, lookups, seen, out);
    if (seen.has_bbox) return;
    if (const auto* polygons = std::get_if<PolygonSet>(&out.shape)) out.box = bounds(*polygons);
    else if (const auto* mask = std::get_if<RleMask>(&out.shape)) out.box = bounds(*mask);
    else out.box = keypoint_bounds(out.keypoints);
}

}  // namespace labelkit::coco
