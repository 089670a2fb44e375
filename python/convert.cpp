// labelkit.convert(): the convert operation (labelkit/ops/convert.hpp) without the GIL, and what
// `labelkit convert` prints about it, as a dict.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arguments.hpp"
#include "bindings.hpp"
#include "dataset.hpp"
#include "labelkit/ops/convert.hpp"

namespace labelkit::python {

namespace {

py::dict counts_dict(const DatasetCounts& counts) {
    py::dict subsets;
    for (const SubsetCount& subset : counts.subsets) subsets[python_text(subset.name)] = subset.images;
    py::dict dict;
    dict["images"] = counts.images;
    dict["images_without_objects"] = counts.images_without_objects;
    dict["annotations"] = counts.annotations;
    dict["categories"] = counts.categories;
    dict["subsets"] = subsets;
    return dict;
}

py::dict convert(const std::filesystem::path& input, const std::filesystem::path& output, const std::string& to,
                 const std::optional<std::string>& from, const std::optional<std::string>& images,
                 const std::optional<std::string>& task, const std::optional<std::filesystem::path>& image_root,
                 const std::optional<PythonImageSize>& image_size, const std::string& voc_coordinates, bool overwrite) {
    ConvertOptions options;
    options.input = input;
    options.output = output;
    options.to = to;
    set_reading(options, from, image_root, image_size, voc_coordinates);
    options.images = parse_optional_choice<ImageMode>("images", images);
    options.task = parse_optional_choice<ShapeTask>("task", task);
    options.overwrite = overwrite;

    DiagnosticSink sink;
    ConvertResult result = without_gil(labelkit::convert, options, sink);
    py::dict summary;
    summary["from"] = python_text(result.from);
    summary["detection_reason"] = python_text_or_none(result.detection_reason);
    summary["to"] = python_text(result.to);
    summary["images"] = to_string(result.images);
    summary["counts"] = counts_dict(result.written);
    summary["diagnostics"] = diagnostic_list(sink.diagnostics());
    summary["dataset"] = std::make_shared<LoadedData>(
        LoadedData{std::move(result.dataset), result.to, "", sink.diagnostics()});
    return summary;
}

}  // namespace

void bind_convert(py::module_& module) {
    using namespace pybind11::literals;
    const ConvertOptions defaults;
    module.def("convert", &convert, "input"_a, "output"_a, py::kw_only(), "to"_a, "from_"_a = py::none(),
               "images"_a = py::none(), "task"_a = py::none(), "image_root"_a = py::none(), "image_size"_a = py::none(),
               "voc_coordinates"_a = to_string(defaults.read.voc_coordinates), "overwrite"_a = false,
               "Converts the dataset at input into the format `to` at output, as `labelkit convert` does:\n"
               "it reads, changes what the target cannot store (each change is a diagnostic, with counts)\n"
               "and writes atomically. The GIL is released meanwhile.\n\n"
               "to, from_: format names (labelkit.formats()); from_=None detects the input's format.\n"
               "images: 'copy', 'link' or 'none' (what to do with the image files); None: the target's default.\n"
               "task: 'detect', 'segment', 'obb' or 'pose' for a YOLO output, instead of the one chosen\n"
               "    from the data.\n"
               "image_root, image_size, voc_coordinates: as for load() (voc_coordinates also for a VOC output).\n"
               "overwrite: replace an existing output.\n\n"
               "Returns a dict: from, detection_reason (None when from_ was given), to, images (what was\n"
               "done with them), counts (written: images, images_without_objects, annotations, categories,\n"
               "subsets {name: images}), diagnostics (dicts, as Dataset.diagnostics) and dataset: the\n"
               "Dataset as written (format `to`), for its arrays without reading the output again.\n"
               "Raises labelkit.Error for input it cannot read and an output it may not write (one that\n"
               "exists, without overwrite); ValueError for a choice it does not know.");
}

}  // namespace labelkit::python
