// The COCO format descriptor: what COCO stores and the functions that detect, read and write it.
#include "formats/coco/coco_format.hpp"

#include "formats/coco/coco_private.hpp"
#include "labelkit/coco_stream.hpp"

namespace labelkit {

Format make_coco_format() {
    Format format;
    format.name = "coco";
    format.aliases = {"coco-json", "mscoco"};
    format.description = "COCO object detection JSON: boxes, polygons, RLE masks and keypoints (instances files)";
    Capabilities& stores = format.stores;
    stores.boxes = true;
    stores.polygons = true;
    stores.rle_masks = true;
    stores.oriented_boxes = false;
    stores.keypoints = true;
    stores.skeletons = true;
    stores.attributes = true;
    stores.iscrowd = true;
    stores.scores = true;
    stores.category_ids = true;
    stores.image_ids = true;
    stores.dataset_info = true;
    stores.reference_key = "coco_url";  // where pycocotools' COCO.download() fetches file_name from
    stores.image_sizes = true;
    stores.subsets = true;
    format.default_images = ImageMode::none;
    format.detect = coco::detect;
    format.read = coco::read;
    format.write = coco::write;
    format.file_extensions = {".json"};
    format.open_stream_writer = [](const std::filesystem::path& file) -> std::unique_ptr<DatasetStreamWriter> {
        return std::make_unique<CocoStreamWriter>(file);
    };
    format.rules = coco::rules();
    format.locate = coco::locate;
    format.add_lines = coco::add_lines;
    return format;
}

}  // namespace labelkit
