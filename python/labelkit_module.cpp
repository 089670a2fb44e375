// The Python module `labelkit`: formats(), load() and the Dataset it returns, the operations
// convert(), lint(), agree(), merge() and split(), labelkit.Error.
#include "bindings.hpp"
#include "labelkit/version.hpp"

PYBIND11_MODULE(labelkit, module) {
    using namespace labelkit::python;
    module.doc() =
        "labelkit: annotation datasets (COCO, Pascal VOC, YOLO) read by the labelkit C++ library.\n\n"
        "    dataset = labelkit.load('data/coco/annotations/instances_train.json')\n"
        "    boxes = dataset.boxes()              # N x 4 float64, [x, y, width, height]\n"
        "    classes = dataset.class_index()      # N int64, positions in dataset.categories\n"
        "    images = dataset.image_index()       # N int64, positions in dataset.images\n\n"
        "The commands of the labelkit CLI are functions with the same options (from_ for --from):\n"
        "convert(), lint(), agree(), merge(), split(); each returns a dict of what the command reports.";
    module.attr("__version__") = labelkit::version();
    bind_errors(module);
    bind_formats(module);
    bind_dataset(module);
    bind_load(module);
    bind_convert(module);
    bind_lint(module);
    bind_agree(module);
    bind_merge(module);
    bind_split(module);
}
