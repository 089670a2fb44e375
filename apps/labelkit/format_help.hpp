#pragma once
// Help texts about formats, made from the registry (labelkit/format.hpp), so that the CLI names
// no format itself.
#include <string>

namespace labelkit::cli {

// The formats that read datasets: "coco, voc, yolo and yolo-darknet".
std::string dataset_formats();
// Where an output goes: "a directory, or a .json file for coco".
std::string output_help();
// The image modes by default: "link for yolo and yolo-darknet, none for coco and voc".
std::string default_images_help();
// The formats that hold one shape kind per dataset: "yolo".
std::string one_shape_kind_formats();

}  // namespace labelkit::cli
