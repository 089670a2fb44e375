// The "classify" format descriptor: image-classification folders (Ultralytics classify,
// ImageNet / torchvision ImageFolder). See classify_private.hpp for the layouts.
#include "formats/classify/classify_format.hpp"

#include "formats/classify/classify_private.hpp"

namespace labelkit {

Format make_classify_format() {
    Format format;
    format.name = "classify";
    format.description =
        "image-classification folders: <subset>/<class>/<images> (Ultralytics classify) or <class>/<images> "
        "(ImageNet, torchvision ImageFolder)";
    format.stores = Capabilities{};
    format.stores.boxes = false;
    format.stores.subsets = true;
    format.stores.item_labels = true;
    format.stores.image_sizes = false;
    // The images are the dataset: the class is the folder they are in.
    format.default_images = ImageMode::link;
    format.detect = classify::detect;
    format.read = classify::read;
    format.write = classify::write;
    format.rules = classify::rules();
    return format;
}

}  // namespace labelkit
