// STUB: replaced by the real implementation
#include "labelkit/geometry.hpp"
#include "labelkit/error.hpp"
namespace labelkit {
Box bounds(const std::vector<Point>& ring) { throw Error("not implemented: bounds"); }
Box bounds(const PolygonSet& polygons) { throw Error("not implemented: bounds"); }
Box bounds(const OrientedBox& box) { throw Error("not implemented: bounds"); }
Box bounds(const RleMask& mask) { throw Error("not implemented: bounds"); }
double area(const std::vector<Point>& ring) { throw Error("not implemented: area"); }
double area(const PolygonSet& polygons) { throw Error("not implemented: area"); }
double area(const RleMask& mask) { throw Error("not implemented: area"); }
std::vector<Point> box_corners(const Box& box) { throw Error("not implemented: box_corners"); }
std::string rle_counts_to_string(const std::vector<std::uint32_t>& counts) { throw Error("not implemented: rle_counts_to_string"); }
std::vector<std::uint32_t> rle_counts_from_string(std::string_view text) { throw Error("not implemented: rle_counts_from_string"); }
std::vector<std::uint8_t> rle_decode(const RleMask& mask) { throw Error("not implemented: rle_decode"); }
RleMask rle_encode(const std::uint8_t* column_major, std::uint32_t height, std::uint32_t width) { throw Error("not implemented: rle_encode"); }
RleMask rasterize(const PolygonSet& polygons, std::uint32_t height, std::uint32_t width) { throw Error("not implemented: rasterize"); }
PolygonSet rle_to_polygons(const RleMask& mask) { throw Error("not implemented: rle_to_polygons"); }
}
