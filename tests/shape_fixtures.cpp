#include "shape_fixtures.hpp"

#include "labelkit/geometry.hpp"

namespace labelkit::test {

Annotation box_shape(double x, double y, double width, double height, std::uint32_t category) {
    Annotation a;
    a.category = category;
    a.box = Box{x, y, width, height};
    return a;
}

Annotation polygon_shape(std::vector<std::vector<Point>> rings, std::uint32_t category) {
    Annotation a;
    a.category = category;
    PolygonSet polygons{std::move(rings)};
    a.box = bounds(polygons);
    a.shape = std::move(polygons);
    return a;
}

Annotation square(double x, double y, double side) {
    return polygon_shape({{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}}});
}

Annotation oriented_shape(std::vector<Point> corners) {
    Annotation a;
    OrientedBox oriented{std::move(corners)};
    a.box = bounds(oriented);
    a.shape = std::move(oriented);
    return a;
}

Annotation mask_shape(const std::vector<std::string>& rows) {
    const auto h = static_cast<std::uint32_t>(rows.size()), w = static_cast<std::uint32_t>(rows[0].size());
    std::vector<std::uint8_t> column_major(std::size_t{h} * w);
    for (std::uint32_t y = 0; y < h; ++y)
        for (std::uint32_t x = 0; x < w; ++x) column_major[std::size_t{x} * h + y] = rows[y][x] == '1';
    Annotation a;
    RleMask mask = rle_encode(column_major.data(), h, w);
    a.box = bounds(mask);
    a.shape = std::move(mask);
    return a;
}

std::vector<const Annotation*> pointers(const std::vector<Annotation>& shapes) {
    std::vector<const Annotation*> out;
    for (const Annotation& a : shapes) out.push_back(&a);
    return out;
}

}  // namespace labelkit::test
