// labelkit.formats(): what each format can read, write and store, as `labelkit formats --json`
// prints it.
#include "bindings.hpp"
#include "labelkit/ops/formats.hpp"

namespace labelkit::python {

void bind_formats(py::module_& module) {
    module.def("formats", [] { return py::list(python_value(formats_json(list_formats()))); },
               "The formats labelkit knows, as `labelkit formats --json` lists them: dicts with name\n"
               "(what load(format=...) and from_=/to= take), aliases (other names they take, in any\n"
               "case), description, read and write (bool: whether\n"
               "labelkit reads datasets or rating tables of it, and writes it), stores (a dict of what\n"
               "the format holds without loss: boxes, polygons, masks, oriented-boxes, keypoints,\n"
               "attributes, iscrowd, scores, category-ids, image-ids, dataset-info, subsets, ratings;\n"
               "each a bool), one_shape_kind (bool: one kind of shape per dataset) and file_extensions\n"
               "(of a dataset or table that is one file, such as ['.json']).");
}

}  // namespace labelkit::python
