#pragma once
// Random valid datasets for the property tests (test_property.cpp). They come from
// labelkit::Random, so that a seed gives the same dataset on every machine.
#include <cstdint>

#include "labelkit/model.hpp"
#include "labelkit/random.hpp"

namespace labelkit::test {

// What a random dataset may hold besides boxes. A recipe leaves out what a target cannot hold
// (or would change in a way that is not the round trip's to undo).
struct DatasetRecipe {
    bool polygons = false;
    std::uint32_t min_polygon_points = 3;
    std::uint32_t max_polygon_points = 50;
    bool several_rings = false;  // objects drawn with 2..4 rings (COCO)
    bool masks = false;          // RLE masks (COCO), on images of at most mask_pixel_limit pixels
    bool oriented_boxes = false;
    bool keypoints = false;      // categories with 1..6 named keypoints, points with v = 0, 1, 2
    // Per-annotation attributes: none; any JSON object (COCO); or what VOC holds: its pose,
    // truncated, difficult, occluded, parts and actions, and CVAT-style scalar attributes.
    enum class Attributes { none, json, voc } attributes = Attributes::none;
    bool scores = false;
    bool crowds = false;
    bool areas = false;          // a COCO "area" given with the annotation
    bool image_extras = false;   // COCO image fields labelkit keeps verbatim (license, date_captured)
    bool dataset_info = false;   // COCO info and licenses
};

constexpr std::uint64_t mask_pixel_limit = 1 << 16;

Dataset random_dataset(Random& random, const DatasetRecipe& recipe);

}  // namespace labelkit::test
