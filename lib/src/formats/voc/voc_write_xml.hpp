#pragma once
// Building the annotation XML of one item.
#include <cstdint>
#include <span>
#include <string>

#include <pugixml.hpp>

#include "labelkit/model.hpp"

namespace labelkit::voc {

// <annotation> for the item, written as `filename`, with the given annotations (indices into
// dataset.annotations), boxes with the pixel offset of voc_coordinates.hpp (1: devkit, 0: edges).
// Throws labelkit::Error for a box with a non-finite coordinate.
void build_annotation(pugi::xml_document& document, const Dataset& dataset, const Item& item,
                      const std::string& filename, std::span<const std::uint32_t> annotations, int pixel_offset);

}  // namespace labelkit::voc
