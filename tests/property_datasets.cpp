#include "property_datasets.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "labelkit/geometry.hpp"

namespace labelkit::test {

namespace {

using nlohmann::json;

// Every value a draw needs, on top of Random.
class Draw {
public:
    explicit Draw(Random& random) : random_(random) {}

    std::uint32_t below(std::uint32_t range) { return random_.below(range); }
    // Uniform in [0, range) for ranges past 32 bits (the modulo bias is far below what matters here).
    std::uint64_t below64(std::uint64_t range) { return random_.next() % range; }
    bool one_in(std::uint32_t n) { return below(n) == 0; }
    // Uniform in [0, 1), every one of the 2^53 values possible.
    double unit() { return static_cast<double>(random_.next() >> 11) * 0x1.0p-53; }

    template <class T>
    const T& pick(const std::vector<T>& values) { return values[below(static_cast<std::uint32_t>(values.size()))]; }

    template <class T>
    void shuffle(std::vector<T>& values) {
        for (std::size_t i = values.size(); i > 1; --i)
            std::swap(values[i - 1], values[below(static_cast<std::uint32_t>(i))]);
    }

    // k distinct values of the pool, in random order.
    template <class T>
    std::vector<T> distinct(std::vector<T> pool, std::size_t k) {
        shuffle(pool);
        pool.resize(std::min(k, pool.size()));
        return pool;
    }

    // A coordinate in [0, limit]: the ends, whole pixels, halves, short decimals, and doubles
    // with every digit used.
    double coordinate(double limit) {
        switch (below(8)) {
            case 0: return 0;
            case 1: return limit;
            case 2: return static_cast<double>(below64(static_cast<std::uint64_t>(limit) + 1));
            case 3: return static_cast<double>(below64(static_cast<std::uint64_t>(2 * limit) + 1)) / 2;
            case 4: return static_cast<double>(below64(static_cast<std::uint64_t>(1000 * limit) + 1)) / 1000;
            default: return unit() * limit;
        }
    }

    // [start, start + length] inside [0, limit] with length > 0: anywhere, at the edges, or
    // narrower than a pixel.
    std::pair<double, double> span(double limit) {
        if (one_in(6)) {
            const double length = std::min(limit, pick(std::vector<double>{0.5, 0.25, 1e-3, 1e-7, 0.999})) *
                                  (one_in(2) ? 1.0 : unit() * 0.98 + 0.01);
            const double start = one_in(4) ? limit - length : coordinate(limit - length);
            return {start, length};
        }
        double a = coordinate(limit), b = coordinate(limit);
        if (a > b) std::swap(a, b);
        if (a == b) {
            if (b < limit) b = limit;
            else a = 0;
        }
        return {a, b - a};
    }

    Box box_in(double width, double height) {
        const auto [x, w] = span(width);
        const auto [y, h] = span(height);
        return {x, y, w, h};
    }

    double fraction() {
        switch (below(4)) {
            case 0: return 0;
            case 1: return 1;
            case 2: return below(9) / 8.0;
            default: return unit();
        }
    }

    Point point_in(const Box& box) { return {box.x + fraction() * box.width, box.y + fraction() * box.height}; }

private:
    Random& random_;
};

const std::vector<std::string> category_names = {
    "person", "car", "traffic light", "café", "dog_2", "Zebra", "été", "a&b", "x#1", "日本語", "big truck",
    "say \"hi\"", "back\\slash", "it's"};
const std::vector<std::string> supercategories = {"", "animal", "vehicle", "outdoor"};
const std::vector<std::string> folder_names = {"sub", "a b", "日本", "x#y", "r&d", "2024-01-01", "#tag", "déjà vu"};
const std::vector<std::string> file_stems = {"img", "photo 1", "café", "a#b", "tom&jerry", "x", "#1", "ü"};
const std::vector<std::string> extensions = {".jpg", ".png", ".jpeg", ".PNG"};
const std::vector<std::string> subset_names = {"train", "val", "test", "custom", "minival", "hold out"};
const std::vector<std::string> words = {"red", "light blue", "café", "a&b", "<tag>", "x y z", "日本"};

std::uint32_t image_side(Draw& draw) {
    switch (draw.below(10)) {
        case 0: return 1 + draw.below(4);
        case 1: case 2: case 3: return 5 + draw.below(96);
        case 4: case 5: case 6: case 7: return 101 + draw.below(4900);
        default: return 5001 + draw.below((1u << 24) - 5000);
    }
}

std::vector<std::int64_t> category_ids(Draw& draw, std::size_t count) {
    std::vector<std::int64_t> ids;
    switch (draw.below(3)) {
        case 0:
        case 1:
            for (std::size_t i = 0; i < count; ++i) ids.push_back(static_cast<std::int64_t>(i) + draw.below(2));
            break;
        default:
            while (ids.size() < count) {
                const std::int64_t id = draw.below(10000);
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
            }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (std::int64_t next = ids.empty() ? 0 : ids.back() + 1; ids.size() < count; ++next) ids.push_back(next);
    if (draw.one_in(2)) draw.shuffle(ids);  // dataset order need not be id order
    return ids;
}

std::vector<std::string> keypoint_names(Draw& draw) {
    std::vector<std::string> names;
    const std::uint32_t count = 1 + draw.below(6);
    const bool sided = draw.one_in(2);  // left_x / right_x pairs, which YOLO turns into flip_idx
    for (std::uint32_t k = 0; k < count; ++k)
        names.push_back(sided ? (k % 2 == 0 ? "left_" : "right_") + std::to_string(k / 2) : "kp" + std::to_string(k));
    return names;
}

std::vector<Category> random_categories(Draw& draw, const DatasetRecipe& recipe) {
    const std::size_t count = draw.one_in(20) ? 0 : 1 + draw.below(6);
    const std::vector<std::string> names = draw.distinct(category_names, count);
    const std::vector<std::int64_t> ids = category_ids(draw, count);
    std::vector<Category> categories(count);
    for (std::size_t i = 0; i < count; ++i) {
        Category& category = categories[i];
        category.id = ids[i];
        category.name = names[i];
        category.supercategory = draw.pick(supercategories);
        if (!recipe.keypoints || draw.one_in(3)) continue;
        category.keypoint_names = keypoint_names(draw);
        const auto n = static_cast<std::uint32_t>(category.keypoint_names.size());
        for (std::uint32_t e = draw.below(n + 1); e > 0; --e)
            category.skeleton.push_back({1 + static_cast<int>(draw.below(n)), 1 + static_cast<int>(draw.below(n))});
    }
    return categories;
}

std::string random_path(Draw& draw, std::size_t index) {
    std::string path;
    for (std::uint32_t depth = draw.below(3); depth > 0; --depth) path += draw.pick(folder_names) + "/";
    return path + draw.pick(file_stems) + "_" + std::to_string(index) + draw.pick(extensions);
}

json image_extras(Draw& draw) {
    json extra = json::object();
    if (draw.one_in(2)) extra["license"] = draw.below(8);
    if (draw.one_in(2)) extra["date_captured"] = "2013-11-14 11:18:45";
    if (draw.one_in(2)) extra["coco_url"] = "http://images.cocodataset.org/val2017/000000397133.jpg";
    if (draw.one_in(4)) extra["flickr_url"] = nullptr;
    return extra.empty() ? json() : extra;
}

std::vector<Item> random_items(Draw& draw, const DatasetRecipe& recipe, const std::vector<std::string>& subsets) {
    const std::size_t count = draw.one_in(10) ? 0 : 1 + draw.below(8);
    std::vector<Item> items(count);
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < count; ++i) {
        Item& item = items[i];
        do item.id = draw.one_in(8) ? 0 : 1 + draw.below(1000000);
        while (std::find(ids.begin(), ids.end(), item.id) != ids.end());
        ids.push_back(item.id);
        item.path = random_path(draw, i);
        item.width = image_side(draw);
        item.height = draw.one_in(3) ? item.width : image_side(draw);
        item.subset = draw.pick(subsets);
        if (recipe.image_extras) item.extra = image_extras(draw);
    }
    return items;
}

PolygonSet random_polygons(Draw& draw, const DatasetRecipe& recipe, const Item& item) {
    const std::uint32_t rings = recipe.several_rings && draw.one_in(3) ? 2 + draw.below(3) : 1;
    for (int attempt = 0; attempt < 20; ++attempt) {
        PolygonSet polygons;
        for (std::uint32_t r = 0; r < rings; ++r) {
            const Box region = draw.box_in(item.width, item.height);
            const std::uint32_t points =
                recipe.min_polygon_points + draw.below(recipe.max_polygon_points - recipe.min_polygon_points + 1);
            std::vector<Point>& ring = polygons.rings.emplace_back();
            for (std::uint32_t p = 0; p < points; ++p) ring.push_back(draw.point_in(region));
        }
        const Box box = bounds(polygons);
        if (box.width > 0 && box.height > 0) return polygons;
    }
    return PolygonSet{{box_corners(draw.box_in(item.width, item.height))}};
}

// A rectangle turned by any angle, wholly inside the image.
OrientedBox random_oriented_box(Draw& draw, const Item& item) {
    const double width = item.width, height = item.height;
    const Point centre = draw.point_in({0, 0, width, height});
    // The angle's cosine and sine from a random direction (square roots and divisions round the
    // same everywhere, unlike std::cos), or a quarter turn.
    double c = 1, s = 0;
    if (draw.one_in(4)) {
        const int quarter = static_cast<int>(draw.below(4));
        c = quarter == 0 ? 1 : quarter == 2 ? -1 : 0;
        s = quarter == 1 ? 1 : quarter == 3 ? -1 : 0;
    } else {
        double a = 0, b = 0, length = 0;
        while (length < 0.01) {
            a = 2 * draw.unit() - 1;
            b = 2 * draw.unit() - 1;
            length = std::sqrt(a * a + b * b);
        }
        c = a / length;
        s = b / length;
    }
    double half_w = (0.001 + draw.unit()) * width / 2, half_h = (0.001 + draw.unit()) * height / 2;
    for (int attempt = 0; attempt < 40; ++attempt, half_w /= 2, half_h /= 2) {
        OrientedBox box;
        for (const auto& [u, v] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
            box.corners.push_back({centre.x + u * half_w * c - v * half_h * s, centre.y + u * half_w * s + v * half_h * c});
        const Box extent = bounds(box);
        if (extent.x >= 0 && extent.y >= 0 && extent.right() <= width && extent.bottom() <= height && extent.width > 0 &&
            extent.height > 0)
            return box;
    }
    const std::vector<Point> corners = box_corners(draw.box_in(width, height));
    return OrientedBox{corners};
}

RleMask random_mask(Draw& draw, const Item& item) {
    const std::uint32_t width = item.width, height = item.height;
    std::vector<std::uint8_t> pixels(std::size_t{width} * height, 0);  // column-major
    const std::uint32_t x0 = draw.below(width), y0 = draw.below(height);
    const std::uint32_t x1 = x0 + 1 + draw.below(width - x0), y1 = y0 + 1 + draw.below(height - y0);
    const bool solid = draw.one_in(2);
    for (std::uint32_t x = x0; x < x1; ++x)
        for (std::uint32_t y = y0; y < y1; ++y)
            pixels[std::size_t{x} * height + y] = solid || draw.one_in(2) ? 1 : 0;
    pixels[std::size_t{x0} * height + y0] = 1;
    return rle_encode(pixels.data(), height, width);
}

std::vector<Keypoint> random_keypoints(Draw& draw, std::size_t count, const Item& item) {
    std::vector<Keypoint> points(count);
    for (Keypoint& point : points) {
        point.visibility = static_cast<int>(draw.below(3));
        if (point.visibility == 0) continue;  // COCO: an unlabelled point is (0, 0, 0)
        point.x = draw.coordinate(item.width);
        point.y = draw.coordinate(item.height);
    }
    return points;
}

json random_json_attributes(Draw& draw) {
    json attributes = json::object();
    for (std::uint32_t n = 1 + draw.below(4); n > 0; --n) {
        switch (draw.below(8)) {
            case 0: attributes["occluded"] = draw.one_in(2); break;
            case 1: attributes["color"] = draw.pick(words); break;
            case 2: attributes["track_id"] = static_cast<std::int64_t>(draw.below64(1ull << 62)) - (1ll << 61); break;
            case 3: attributes["weight"] = draw.one_in(2) ? draw.unit() * 1000 : draw.unit() * 1e-300; break;
            case 4: attributes["tags"] = json::array({draw.pick(words), draw.pick(words)}); break;
            case 5: attributes["note"] = draw.pick(std::vector<std::string>{"line\nbreak", "quote \" and \\ backslash",
                                                                            "tab\there", "emoji 😀", "control \x01"});
                break;
            case 6: attributes["nested"] = {{"a", json::array({1, 2.5, nullptr})}, {"b", {{"c", true}}}}; break;
            default: attributes["empty"] = draw.pick(std::vector<json>{"", json::array(), json::object()}); break;
        }
    }
    return attributes;
}

// What VOC holds: its own elements (only pose, flags, parts and actions) and CVAT-style
// attributes of scalar values that do not read as numbers or flags when they are text.
json random_voc_attributes(Draw& draw, const Item& item) {
    json attributes = json::object();
    for (std::uint32_t n = 1 + draw.below(4); n > 0; --n) {
        switch (draw.below(9)) {
            case 0: attributes["pose"] = draw.pick(std::vector<std::string>{"Left", "Right", "Frontal", "Rear", "Unspecified"}); break;
            case 1: attributes["truncated"] = draw.one_in(2); break;
            case 2: attributes["difficult"] = draw.one_in(2); break;
            case 3: attributes["occluded"] = draw.one_in(2); break;
            case 4: attributes["color"] = draw.pick(words); break;
            case 5: attributes["track_id"] = static_cast<std::int64_t>(draw.below(100000)) - 50000; break;
            case 6: attributes["confidence"] = draw.unit(); break;
            case 7: {
                json parts = json::array();
                for (std::uint32_t p = 1 + draw.below(2); p > 0; --p) {
                    const Box box = draw.box_in(item.width, item.height);
                    parts.push_back({{"name", draw.pick(std::vector<std::string>{"head", "hand", "foot"})},
                                     {"bbox", {box.x, box.y, box.width, box.height}}});
                }
                attributes["parts"] = parts;
                break;
            }
            default: attributes["actions"] = {{"jumping", draw.one_in(2)}, {"phoning", draw.one_in(2)}}; break;
        }
    }
    return attributes;
}

enum class ShapeKind { box, polygon, mask, oriented_box };

Annotation random_annotation(Draw& draw, const DatasetRecipe& recipe, const Dataset& dataset, std::uint32_t item_index) {
    const Item& item = dataset.items[item_index];
    Annotation annotation;
    annotation.item = item_index;
    annotation.category = draw.below(static_cast<std::uint32_t>(dataset.categories.size()));
    std::vector<ShapeKind> kinds{ShapeKind::box};
    if (recipe.polygons) kinds.push_back(ShapeKind::polygon);
    if (recipe.oriented_boxes) kinds.push_back(ShapeKind::oriented_box);
    if (recipe.masks && std::uint64_t{item.width} * item.height <= mask_pixel_limit) kinds.push_back(ShapeKind::mask);
    switch (draw.pick(kinds)) {
        case ShapeKind::box: annotation.box = draw.box_in(item.width, item.height); break;
        case ShapeKind::polygon: annotation.shape = random_polygons(draw, recipe, item); break;
        case ShapeKind::mask: annotation.shape = random_mask(draw, item); break;
        case ShapeKind::oriented_box: annotation.shape = random_oriented_box(draw, item); break;
    }
    if (const std::optional<Box> shape = shape_bounds(annotation.shape)) annotation.box = *shape;
    const Category& category = dataset.categories[annotation.category];
    if (recipe.keypoints && !category.keypoint_names.empty() && !draw.one_in(4))
        annotation.keypoints = random_keypoints(draw, category.keypoint_names.size(), item);
    if (recipe.scores && draw.one_in(2)) annotation.score = draw.one_in(4) ? draw.below(2) : draw.unit();
    if (recipe.crowds) annotation.iscrowd = draw.one_in(std::holds_alternative<RleMask>(annotation.shape) ? 2 : 8);
    if (recipe.areas && draw.one_in(3)) annotation.area = draw.unit() * annotation.box.width * annotation.box.height;
    if (recipe.attributes == DatasetRecipe::Attributes::json && draw.one_in(2))
        annotation.attributes = random_json_attributes(draw);
    if (recipe.attributes == DatasetRecipe::Attributes::voc && draw.one_in(2))
        annotation.attributes = random_voc_attributes(draw, item);
    return annotation;
}

}  // namespace

Dataset random_dataset(Random& random, const DatasetRecipe& recipe) {
    Draw draw(random);
    Dataset dataset;
    dataset.categories = random_categories(draw, recipe);
    std::vector<std::string> pool = subset_names;
    if (draw.one_in(4)) pool[1] = "valid";  // Roboflow's name, which YOLO writes as val
    dataset.subsets = draw.distinct(pool, 1 + draw.below(4));
    dataset.items = random_items(draw, recipe, dataset.subsets);
    if (!dataset.categories.empty()) {
        std::vector<std::int64_t> ids;
        for (std::uint32_t i = 0; i < dataset.items.size(); ++i) {
            for (std::uint32_t n = draw.one_in(4) ? 0 : draw.below(6); n > 0; --n) {
                Annotation annotation = random_annotation(draw, recipe, dataset, i);
                do annotation.id = 1 + draw.below(1000000);
                while (std::find(ids.begin(), ids.end(), annotation.id) != ids.end());
                ids.push_back(annotation.id);
                dataset.annotations.push_back(std::move(annotation));
            }
        }
    }
    if (draw.one_in(2)) draw.shuffle(dataset.annotations);  // an item's objects need not be together
    if (recipe.dataset_info && draw.one_in(2)) {
        dataset.info = {{"description", "random dataset"}, {"version", "1.0"}, {"year", 2024}};
        dataset.licenses = json::array({{{"id", 1}, {"name", "CC BY 4.0"}, {"url", "https://creativecommons.org/licenses/by/4.0/"}}});
    }
    return dataset;
}

}  // namespace labelkit::test
