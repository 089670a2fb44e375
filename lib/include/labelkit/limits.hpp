#pragma once
// Bounds on sizes taken from the input, checked before anything is allocated for them: a file
// that claims more is an error at its place, never an exhausted machine. Each is far beyond
// what real datasets hold.
#include <cstddef>
#include <cstdint>

namespace labelkit::limits {

// Classes of a dataset: names, nc, class indices (LVIS has 1,203; ImageNet-21k 21,841).
constexpr std::size_t max_classes = 1'000'000;
// Keypoints of one object (COCO-WholeBody has 133, MediaPipe's face mesh 478).
constexpr std::size_t max_keypoints = 10'000;
// Pixels of one raster labelkit draws (a mask outlined for conversion, a per-pixel vote of
// consensus): 16384 x 16384.
constexpr std::uint64_t max_raster_pixels = std::uint64_t{1} << 28;
// One side of an image in pixels, as --image-size (and Python's image_size) takes it.
constexpr std::int64_t max_image_side = std::int64_t{1} << 30;
// Nesting of a free-form JSON value kept as it is (COCO info, attributes, extra fields).
constexpr std::size_t max_json_depth = 256;
// One text file read whole: a label file, a list, a config (a YOLO label file of 10^6 objects
// is about 40 MB).
constexpr std::uint64_t max_text_file_bytes = std::uint64_t{1} << 30;
// A YAML file: data.yaml, the lint config, a label map (a data.yaml naming a million classes is
// about 20 MiB).
constexpr std::uint64_t max_yaml_bytes = std::uint64_t{64} << 20;

// Cells of one dense matrix of class-label aggregation (merge --method): items x classes of vote
// shares or posteriors, annotators x classes x classes of Dawid-Skene's confusions; 2^27 doubles
// are 1 GiB (a million items of 100 classes, or 1,000 annotators of 300 classes, are well under).
constexpr std::uint64_t max_aggregation_cells = std::uint64_t{1} << 27;

}  // namespace labelkit::limits
