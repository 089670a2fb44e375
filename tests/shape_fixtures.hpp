#pragma once
// Annotations of each shape kind, for the tests of matching and fusion.
#include <cstdint>
#include <string>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit::test {

Annotation box_shape(double x, double y, double width, double height, std::uint32_t category = 0);
Annotation polygon_shape(std::vector<std::vector<Point>> rings, std::uint32_t category = 0);
// A polygon square with its top-left corner at (x, y).
Annotation square(double x, double y, double side);
Annotation oriented_shape(std::vector<Point> corners);
// A mask written as rows of '0'/'1' (rows[y][x]).
Annotation mask_shape(const std::vector<std::string>& rows);
std::vector<const Annotation*> pointers(const std::vector<Annotation>& shapes);

}  // namespace labelkit::test
