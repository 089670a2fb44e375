// The "labelme" format descriptor: LabelMe JSON (wkentaro/labelme), one .json per image.
// See labelme_private.hpp for the coordinates and labelme_shapes.cpp for the shape choices.
#include "formats/labelme/labelme_format.hpp"

#include "formats/labelme/labelme_private.hpp"

namespace labelkit {

Format make_labelme_format() {
    Format format;
    format.name = "labelme";
    format.description = "LabelMe JSON: one .json per image (shapes, imagePath, flags), a folder of them or one file";
    format.stores = Capabilities{};
    format.stores.boxes = true;
    format.stores.polygons = true;
    format.stores.attributes = true;
    format.stores.image_sizes = true;
    format.stores.subsets = false;
    format.stores.item_labels = true;
    format.detect = labelme::detect;
    format.read = labelme::read;
    format.write = labelme::write;
    format.rules = labelme::rules();
    format.locate = labelme::locate;
    format.add_lines = labelme::add_lines;
    return format;
}

}  // namespace labelkit
