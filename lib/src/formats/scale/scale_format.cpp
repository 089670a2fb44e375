// The "scale" and "nucleus" format descriptors: Scale AI task JSON and Scale Nucleus annotation
// JSON, read only (see scale_private.hpp).
#include "formats/scale/scale_format.hpp"

#include "formats/scale/scale_private.hpp"

namespace labelkit {

namespace {

// What both hold: boxes, polygons, attributes, whole-item class labels; no image sizes.
Capabilities scale_capabilities() {
    Capabilities stores;
    stores.boxes = true;
    stores.polygons = true;
    stores.attributes = true;
    stores.item_labels = true;
    stores.subsets = false;
    return stores;
}

}  // namespace

Format make_scale_format() {
    Format format;
    format.name = "scale";
    format.description = "Scale AI tasks or callback bodies (JSON array, object or JSON Lines), read only: "
                         "imageannotation / annotation boxes and polygons, categorization";
    format.stores = scale_capabilities();
    format.detect = scale::detect_scale;
    format.read = scale::read_scale;
    format.rules = scale::scale_rules();
    return format;
}

Format make_nucleus_format() {
    Format format;
    format.name = "nucleus";
    format.description = "Scale Nucleus annotations as nucleus-python-client serialises them (JSON list or JSON "
                         "Lines), read only: boxes, polygons, categories";
    format.stores = scale_capabilities();
    format.stores.scores = true;
    format.detect = scale::detect_nucleus;
    format.read = scale::read_nucleus;
    format.rules = scale::nucleus_rules();
    return format;
}

}  // namespace labelkit
