// labelkit.Dataset: a loaded dataset, its images, annotations and categories as read-only
// sequences, and NumPy arrays over its annotations for training code.
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>

#include "bindings.hpp"
#include "dataset.hpp"
#include "labelkit/geometry.hpp"

namespace labelkit::python {

namespace {

using SharedData = std::shared_ptr<const LoadedData>;

template <class Element>
const std::vector<Element>& elements_of(const Dataset& dataset);
template <>
const std::vector<Item>& elements_of<Item>(const Dataset& dataset) { return dataset.items; }
template <>
const std::vector<Annotation>& elements_of<Annotation>(const Dataset& dataset) { return dataset.annotations; }
template <>
const std::vector<Category>& elements_of<Category>(const Dataset& dataset) { return dataset.categories; }

// One image, annotation or category of a loaded dataset: the dataset (kept alive) and the
// element's position in it.
template <class Element>
struct ElementRef {
    SharedData data;
    std::size_t index = 0;
    const Element& get() const { return elements_of<Element>(data->dataset)[index]; }
};

// Dataset.images, .annotations and .categories: sequences of ElementRef.
template <class Element>
struct ElementList {
    SharedData data;
};

template <class Element>
void bind_list(py::module_& module, const char* name, const char* doc) {
    py::class_<ElementList<Element>>(module, name, doc)
        .def("__len__", [](const ElementList<Element>& list) { return elements_of<Element>(list.data->dataset).size(); })
        .def("__getitem__", [](const ElementList<Element>& list, std::int64_t index) {
            const auto size = static_cast<std::int64_t>(elements_of<Element>(list.data->dataset).size());
            if (index < 0) index += size;
            if (index < 0 || index >= size) throw py::index_error(fmt::format("index out of range (length {})", size));
            return ElementRef<Element>{list.data, static_cast<std::size_t>(index)};
        });
}

// The kinds of geometry, in the order of the Shape variant, as Annotation.kind names them.
constexpr const char* shape_kinds[] = {"box", "polygon", "mask", "oriented_box"};
static_assert(std::size(shape_kinds) == std::variant_size_v<Shape>);

py::object id_or_none(std::int64_t id) { return id == no_id ? py::object(py::none()) : py::int_(id); }
py::object number_or_none(MaybeNumber number) { return number ? py::object(py::float_(*number)) : py::object(py::none()); }

py::list points_list(const std::vector<Point>& points) {
    py::list list;
    for (const Point& point : points) list.append(py::make_tuple(point.x, point.y));
    return list;
}

py::object polygons(const Annotation& annotation) {
    const auto* polygons = std::get_if<PolygonSet>(&annotation.shape);
    if (!polygons) return py::none();
    py::list rings;
    for (const std::vector<Point>& ring : polygons->rings) rings.append(points_list(ring));
    return rings;
}

py::object rle(const Annotation& annotation) {
    const auto* mask = std::get_if<RleMask>(&annotation.shape);
    if (!mask) return py::none();
    py::list counts;
    for (const std::uint32_t count : mask->counts) counts.append(count);
    py::dict rle;
    rle["size"] = py::make_tuple(mask->height, mask->width);
    rle["counts"] = counts;
    return rle;
}

py::object oriented_box(const Annotation& annotation) {
    const auto* box = std::get_if<OrientedBox>(&annotation.shape);
    return box ? py::object(points_list(box->corners)) : py::object(py::none());
}

py::list keypoints(const Annotation& annotation) {
    py::list list;
    for (const Keypoint& keypoint : annotation.keypoints)
        list.append(py::make_tuple(keypoint.x, keypoint.y, keypoint.visibility));
    return list;
}

void bind_category(py::module_& module) {
    using Ref = ElementRef<Category>;
    py::class_<Ref>(module, "Category", "A category (class) of a Dataset.")
        .def_property_readonly("index", [](const Ref& ref) { return ref.index; },
                               "its position in dataset.categories (what class_index() holds)")
        .def_property_readonly("id", [](const Ref& ref) { return ref.get().id; }, "its id in the source format")
        .def_property_readonly("name", [](const Ref& ref) { return python_text(ref.get().name); })
        .def_property_readonly("supercategory", [](const Ref& ref) { return python_text_or_none(ref.get().supercategory); },
                               "None when the source gives none")
        .def_property_readonly("keypoints", [](const Ref& ref) {
            py::list names;
            for (const std::string& name : ref.get().keypoint_names) names.append(python_text(name));
            return names;
        }, "the names of its keypoints, in order")
        .def_property_readonly("skeleton", [](const Ref& ref) {
            py::list edges;
            for (const auto& [from, to] : ref.get().skeleton) edges.append(py::make_tuple(from, to));
            return edges;
        }, "(a, b) pairs of 1-based keypoint numbers, COCO style")
        .def("__repr__", [](const Ref& ref) {
            return python_text(fmt::format("<labelkit.Category {}: '{}' (id {})>", ref.index, ref.get().name, ref.get().id));
        });
}

void bind_image(py::module_& module) {
    using Ref = ElementRef<Item>;
    py::class_<Ref>(module, "Image", "An image of a Dataset, with or without annotations.")
        .def_property_readonly("index", [](const Ref& ref) { return ref.index; },
                               "its position in dataset.images (what image_index() holds)")
        .def_property_readonly("id", [](const Ref& ref) { return id_or_none(ref.get().id); },
                               "its COCO image id, or None")
        .def_property_readonly("path", [](const Ref& ref) { return python_text(ref.get().path); },
                               "relative to its subset's image folder, with '/' separators")
        .def_property_readonly("width", [](const Ref& ref) { return positive_or_none(ref.get().width); },
                               "in pixels; None when unknown")
        .def_property_readonly("height", [](const Ref& ref) { return positive_or_none(ref.get().height); },
                               "in pixels; None when unknown")
        .def_property_readonly("subset", [](const Ref& ref) { return python_text_or_none(ref.get().subset); },
                               "'train', 'val', ...; None when the source has no subsets")
        .def_property_readonly("file", [](const Ref& ref) { return python_text_or_none(ref.get().image_file); },
                               "where the image file is on disk; None when it was not found")
        .def_property_readonly("extra", [](const Ref& ref) { return python_value(ref.get().extra); },
                               "the fields of the source's image record labelkit does not interpret (COCO "
                               "license, date_captured, ...): a dict, or None")
        .def("__repr__", [](const Ref& ref) {
            const Item& item = ref.get();
            return python_text(fmt::format("<labelkit.Image {}: '{}' {}x{}{}>", ref.index, item.path, item.width,
                                           item.height, item.subset.empty() ? "" : " in " + item.subset));
        });
}

void bind_annotation(py::module_& module) {
    using Ref = ElementRef<Annotation>;
    const auto category = [](const Ref& ref) -> const Category& {
        return ref.data->dataset.categories[ref.get().category];
    };
    py::class_<Ref>(module, "Annotation",
                    "An annotated object: its bounding box always, and its precise shape when the source "
                    "gives one\n(kind: 'box', 'polygon', 'mask' or 'oriented_box'). Coordinates are "
                    "absolute pixels, float,\ntop-left origin.")
        .def_property_readonly("index", [](const Ref& ref) { return ref.index; }, "its position in dataset.annotations")
        .def_property_readonly("image_index", [](const Ref& ref) { return ref.get().item; },
                               "the position of its image in dataset.images")
        .def_property_readonly("category_index", [](const Ref& ref) { return ref.get().category; },
                               "the position of its category in dataset.categories")
        .def_property_readonly("category_id", [category](const Ref& ref) { return category(ref).id; },
                               "the id of its category in the source format")
        .def_property_readonly("id", [](const Ref& ref) { return id_or_none(ref.get().id); },
                               "its id in the source format (COCO annotation id), or None")
        .def_property_readonly("kind", [](const Ref& ref) { return shape_kinds[ref.get().shape.index()]; },
                               "'box' (the box only), 'polygon', 'mask' or 'oriented_box'")
        .def_property_readonly("bbox", [](const Ref& ref) {
            const Box& box = ref.get().box;
            return py::make_tuple(box.x, box.y, box.width, box.height);
        }, "(x, y, width, height), COCO style; for the other kinds, the bounding box of the shape")
        .def_property_readonly("polygons", [](const Ref& ref) { return polygons(ref.get()); },
                               "kind 'polygon': a list of rings, each a list of (x, y); otherwise None")
        .def_property_readonly("rle", [](const Ref& ref) { return rle(ref.get()); },
                               "kind 'mask': {'size': (height, width), 'counts': [...]}, COCO's uncompressed "
                               "column-major runs\n(pycocotools.mask.frPyObjects takes it); otherwise None")
        .def_property_readonly("oriented_box", [](const Ref& ref) { return oriented_box(ref.get()); },
                               "kind 'oriented_box': its 4 corners (x, y) in drawing order; otherwise None")
        .def_property_readonly("keypoints", [](const Ref& ref) { return keypoints(ref.get()); },
                               "a list of (x, y, visibility), COCO style (0 not labelled, 1 hidden, 2 visible); "
                               "may accompany any kind")
        .def_property_readonly("area", [](const Ref& ref) { return number_or_none(ref.get().area); },
                               "as the source gives it (COCO 'area'), or None")
        .def_property_readonly("score", [](const Ref& ref) { return number_or_none(ref.get().score); },
                               "a detector's confidence, or None")
        .def_property_readonly("iscrowd", [](const Ref& ref) { return ref.get().iscrowd; })
        .def_property_readonly("attributes", [](const Ref& ref) { return python_value(ref.get().attributes); },
                               "everything else the source says about the object (COCO 'attributes', VOC "
                               "pose, truncated,\ndifficult, occluded, ...): a dict, or None")
        .def("__repr__", [category](const Ref& ref) {
            const Annotation& annotation = ref.get();
            return python_text(fmt::format("<labelkit.Annotation {}: image {}, '{}', {} {}>", ref.index,
                                           annotation.item, category(ref).name, shape_kinds[annotation.shape.index()],
                                           to_string(annotation.box)));
        });
}

// An array of one row of `width` values per annotation, filled by fill(annotation, row) without
// the GIL: a dataset may hold millions of annotations.
template <class Value, class Fill>
py::array_t<Value> per_annotation(const Dataset& dataset, py::ssize_t width, Fill fill) {
    const auto count = static_cast<py::ssize_t>(dataset.annotations.size());
    py::array_t<Value> array = width == 1 ? py::array_t<Value>(count) : py::array_t<Value>({count, width});
    Value* row = array.mutable_data();
    {
        py::gil_scoped_release release;
        for (const Annotation& annotation : dataset.annotations) {
            fill(annotation, row);
            row += width;
        }
    }
    return array;
}

py::array_t<double> boxes(const LoadedData& data) {
    return per_annotation<double>(data.dataset, 4, [](const Annotation& annotation, double* row) {
        row[0] = annotation.box.x;
        row[1] = annotation.box.y;
        row[2] = annotation.box.width;
        row[3] = annotation.box.height;
    });
}

py::array_t<std::int64_t> image_index(const LoadedData& data) {
    return per_annotation<std::int64_t>(data.dataset, 1,
                                        [](const Annotation& annotation, std::int64_t* row) { *row = annotation.item; });
}

py::array_t<std::int64_t> class_index(const LoadedData& data) {
    return per_annotation<std::int64_t>(data.dataset, 1,
                                        [](const Annotation& annotation, std::int64_t* row) { *row = annotation.category; });
}

void bind_dataset_class(py::module_& module) {
    using Shared = std::shared_ptr<LoadedData>;
    py::class_<LoadedData, Shared>(module, "Dataset",
                                   "A dataset read by labelkit.load(), or as convert() or split() wrote it. Read-only:\n"
                                   "images, annotations and categories are sequences (len(), [i], iteration) of Image,\n"
                                   "Annotation and Category; boxes(), image_index() and class_index() are NumPy arrays\n"
                                   "with one row per annotation, in the order of dataset.annotations.")
        .def_property_readonly("format", [](const LoadedData& data) { return python_text(data.format); },
                               "the name of the format it was read as, or written in by convert() or split() (see\n"
                               "labelkit.formats())")
        .def_property_readonly("detection_reason", [](const LoadedData& data) { return python_text_or_none(data.detection_reason); },
                               "why that format was detected; None when load() was given the format")
        .def_property_readonly("images", [](const Shared& data) { return ElementList<Item>{data}; })
        .def_property_readonly("annotations", [](const Shared& data) { return ElementList<Annotation>{data}; })
        .def_property_readonly("categories", [](const Shared& data) { return ElementList<Category>{data}; })
        .def_property_readonly("subsets", [](const LoadedData& data) {
            py::list names;
            for (const std::string& name : data.dataset.subsets) names.append(python_text(name));
            return names;
        }, "the subsets ('train', 'val', ...) in the order the source lists them")
        .def_property_readonly("info", [](const LoadedData& data) { return python_value(data.dataset.info); },
                               "COCO 'info', or None")
        .def_property_readonly("licenses", [](const LoadedData& data) { return python_value(data.dataset.licenses); },
                               "COCO 'licenses', or None")
        .def_property_readonly("diagnostics", [](const LoadedData& data) { return diagnostic_list(data.diagnostics); },
                               "what reading reported (data it could not keep, images it could not find, ...), or all\n"
                               "that convert() or split() reported: dicts with rule, severity ('info', 'warning' or\n"
                               "'error'), message, path, line, column and pointer (None when unknown)")
        .def("boxes", &boxes,
             "An N x 4 float64 array: the bounding box of each annotation, COCO [x, y, width, height] in\n"
             "absolute pixels. For a polygon, mask or oriented box it is the box the source gives, which\n"
             "readers set to the bounds of the shape when the source gives none.")
        .def("image_index", &image_index, "An N int64 array: the position of each annotation's image in dataset.images.")
        .def("class_index", &class_index,
             "An N int64 array: the position of each annotation's category in dataset.categories (0..C-1,\n"
             "whatever the source's category ids are).")
        .def("__repr__", [](const LoadedData& data) {
            return python_text(fmt::format("<labelkit.Dataset {}: {}, {}, {}>", data.format,
                                           counted(data.dataset.items.size(), "image"),
                                           counted(data.dataset.annotations.size(), "annotation"),
                                           counted(data.dataset.categories.size(), "category", "categories")));
        });
}

}  // namespace

void bind_dataset(py::module_& module) {
    bind_category(module);
    bind_image(module);
    bind_annotation(module);
    bind_list<Item>(module, "ImageList", "dataset.images: a read-only sequence of Image.");
    bind_list<Annotation>(module, "AnnotationList", "dataset.annotations: a read-only sequence of Annotation.");
    bind_list<Category>(module, "CategoryList", "dataset.categories: a read-only sequence of Category.");
    bind_dataset_class(module);
}

}  // namespace labelkit::python
