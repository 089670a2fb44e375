// The "appen" format: Appen / Figure Eight / CrowdFlower job reports (full or aggregated CSV),
// read as items, annotators and whole-item labels. Read only.
#include "formats/appen/appen_format.hpp"

#include "formats/appen/appen_private.hpp"

namespace labelkit {

Format make_appen_format() {
    Format format;
    format.name = "appen";
    format.description = "Appen / Figure Eight / CrowdFlower job report as CSV: full (one row per judgment) or "
                         "aggregated (one row per unit); read only";
    format.stores = Capabilities{};
    format.stores.boxes = false;
    format.stores.subsets = false;
    format.stores.item_labels = true;
    format.stores.annotators = true;
    format.stores.scores = true;
    format.detect = appen::detect;
    format.read = appen::read;
    format.rules = appen::rules();
    return format;
}

}  // namespace labelkit
