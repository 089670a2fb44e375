// The "cvat" format descriptor: CVAT XML 1.1, for images (read and write) and for video (read).
// See cvat_private.hpp for the coordinates.
#include "formats/cvat/cvat_format.hpp"

#include "formats/cvat/cvat_private.hpp"

namespace labelkit {

Format make_cvat_format() {
    Format format;
    format.name = "cvat";
    format.description = "CVAT XML 1.1: annotations.xml for images (boxes, rotated boxes, polygons, masks, tags) "
                         "or for video (tracks, read only)";
    format.stores = Capabilities{};
    format.stores.boxes = true;
    format.stores.polygons = true;
    format.stores.rle_masks = true;
    format.stores.oriented_boxes = true;
    format.stores.attributes = true;
    format.stores.image_ids = true;
    format.stores.image_sizes = true;
    format.stores.subsets = true;
    format.stores.item_labels = true;
    format.default_images = ImageMode::none;
    format.detect = cvat::detect;
    format.read = cvat::read;
    format.write = cvat::write;
    format.file_extensions = {".xml"};
    format.rules = cvat::rules();
    return format;
}

}  // namespace labelkit
