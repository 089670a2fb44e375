// The "voc" format descriptor: Pascal VOC 2007-2012 detection layout (Annotations/, ImageSets/Main/,
// JPEGImages/) plus Datumaro/CVAT's labelmap.txt. See voc_private.hpp (pixel
// coordinates) for the pixel convention.
#include "formats/voc/voc_format.hpp"

#include "formats/voc/voc_private.hpp"

namespace labelkit {

Format make_voc_format() {
    Format format;
    format.name = "voc";
    format.aliases = {"pascal", "pascal-voc", "pascal_voc", "pascalvoc"};
    format.description = "Pascal VOC: Annotations/*.xml, ImageSets/Main/<subset>.txt, JPEGImages/, labelmap.txt";
    format.stores = Capabilities{};
    format.stores.boxes = true;
    format.stores.attributes = true;
    format.stores.image_sizes = true;
    format.stores.subsets = true;
    format.default_images = ImageMode::none;
    format.detect = voc::detect;
    format.read = voc::read;
    format.write = voc::write;
    format.rules = voc::rules();
    return format;
}

}  // namespace labelkit
