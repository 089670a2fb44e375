// labelkit.formats(): what each format can read, write and store.
#include "bindings.hpp"
#include "labelkit/format.hpp"

namespace labelkit::python {

namespace {

// Every Capabilities flag under its C++ name.
py::dict stored_features(const Capabilities& stores) {
    py::dict features;
    features["boxes"] = stores.boxes;
    features["polygons"] = stores.polygons;
    features["rle_masks"] = stores.rle_masks;
    features["oriented_boxes"] = stores.oriented_boxes;
    features["keypoints"] = stores.keypoints;
    features["skeletons"] = stores.skeletons;
    features["attributes"] = stores.attributes;
    features["iscrowd"] = stores.iscrowd;
    features["scores"] = stores.scores;
    features["category_ids"] = stores.category_ids;
    features["classes_by_index"] = stores.classes_by_index;
    features["image_ids"] = stores.image_ids;
    features["dataset_info"] = stores.dataset_info;
    features["image_sizes"] = stores.image_sizes;
    features["subsets"] = stores.subsets;
    features["one_shape_kind"] = stores.one_shape_kind;
    return features;
}

py::list formats() {
    py::list list;
    for (const Format& format : all_formats()) {
        py::dict entry;
        entry["name"] = python_text(format.name);
        entry["description"] = python_text(format.description);
        entry["read"] = static_cast<bool>(format.read);
        entry["write"] = static_cast<bool>(format.write);
        entry["stores"] = stored_features(format.stores);
        list.append(entry);
    }
    return list;
}

}  // namespace

void bind_formats(py::module_& module) {
    module.def("formats", &formats,
               "The formats labelkit knows, as dicts: name (what load(format=...) takes), description,\n"
               "read and write (bool: whether labelkit can read or write it) and stores: a dict of\n"
               "what the format holds without loss (boxes, polygons, rle_masks, oriented_boxes,\n"
               "keypoints, skeletons, attributes, iscrowd, scores, category_ids, classes_by_index,\n"
               "image_ids, dataset_info, image_sizes, subsets; one_shape_kind: one kind of shape per\n"
               "dataset), each a bool.");
}

}  // namespace labelkit::python
