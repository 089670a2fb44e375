// labelkit.load(): read a dataset, without the GIL, into a labelkit.Dataset.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arguments.hpp"
#include "bindings.hpp"
#include "dataset.hpp"
#include "labelkit/format.hpp"

namespace labelkit::python {

namespace {

// Reads the dataset as the labelkit CLI does, keeping what it reports.
LoadedData read_dataset(const std::filesystem::path& input, const std::string& format_name, const ReadOptions& options) {
    DiagnosticSink sink;
    LoadedDataset loaded = load_dataset(all_formats(), input, format_name, options, sink);
    return {std::move(loaded.dataset), loaded.format->name, std::move(loaded.detection_reason), sink.diagnostics()};
}

std::shared_ptr<LoadedData> load(const std::filesystem::path& path, const std::optional<std::string>& format,
                                 const std::optional<std::filesystem::path>& image_root,
                                 const std::optional<PythonImageSize>& image_size, const std::string& voc_coordinates) {
    const ReadOptions options = read_options(image_root, image_size, voc_coordinates);
    py::gil_scoped_release release;
    return std::make_shared<LoadedData>(read_dataset(path, format.value_or(""), options));
}

}  // namespace

void bind_load(py::module_& module) {
    using namespace pybind11::literals;
    module.def("load", &load, "path"_a, "format"_a = py::none(), py::kw_only(), "image_root"_a = py::none(),
               "image_size"_a = py::none(), "voc_coordinates"_a = to_string(ReadOptions{}.voc_coordinates),
               "Reads the dataset at path (a COCO .json file, a VOC or YOLO folder, a YOLO data.yaml, ...)\n"
               "into a Dataset, as the labelkit CLI reads its input. The GIL is released while it reads.\n\n"
               "format: a name from labelkit.formats() ('coco', 'voc', 'yolo', 'yolo-darknet'); None\n"
               "    detects it (dataset.detection_reason says why).\n"
               "image_root: where the images are, when not where the format's layout puts them\n"
               "    (like --image-root).\n"
               "image_size: (width, height) of every image whose size cannot be read, such as YOLO\n"
               "    labels without their image (like --image-size).\n"
               "voc_coordinates: 'devkit' (VOC's 1-based inclusive pixel numbers) or 'edges' (xmin..xmax\n"
               "    are the box's edges: LabelImg, CVAT, globox).\n\n"
               "Raises labelkit.Error (with the file, line, column and JSON pointer) for input labelkit\n"
               "cannot read, ValueError for an image_size or voc_coordinates out of range. What reading\n"
               "reports without failing is in dataset.diagnostics.");
}

}  // namespace labelkit::python
