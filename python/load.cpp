// labelkit.load(): read a dataset, without the GIL, into a labelkit.Dataset.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "dataset.hpp"
#include "labelkit/format.hpp"

namespace labelkit::python {

namespace {

// The largest image side image_size takes, as labelkit's --image-size.
constexpr std::int64_t largest_image_side = std::int64_t{1} << 30;

using ImageSize = std::pair<std::int64_t, std::int64_t>;

// Python's ValueError for an argument out of its range (labelkit.Error is about the data).
ReadOptions read_options(const std::optional<std::filesystem::path>& image_root,
                         const std::optional<ImageSize>& image_size, const std::string& voc_coordinates) {
    ReadOptions options;
    if (image_root) options.image_root = *image_root;
    if (image_size) {
        const auto [width, height] = *image_size;
        if (width < 1 || height < 1 || width > largest_image_side || height > largest_image_side)
            throw py::value_error(fmt::format("image_size ({}, {}): expected (width, height) in pixels, from 1 to {}",
                                              width, height, largest_image_side));
        options.image_width = static_cast<std::uint32_t>(width);
        options.image_height = static_cast<std::uint32_t>(height);
    }
    const std::optional<VocCoordinates> coordinates = parse_voc_coordinates(voc_coordinates);
    if (!coordinates)
        throw py::value_error(fmt::format("voc_coordinates '{}': expected '{}' or '{}'", voc_coordinates,
                                          to_string(VocCoordinates::devkit), to_string(VocCoordinates::edges)));
    options.voc_coordinates = *coordinates;
    return options;
}

// Reads the dataset as the labelkit CLI does, keeping what it reports. The formats live until the
// end of the call: the LoadedDataset points into them, so only the name is kept.
LoadedData read_dataset(const std::filesystem::path& input, const std::string& format_name, const ReadOptions& options) {
    const std::vector<Format> formats = all_formats();
    DiagnosticSink sink;
    LoadedDataset loaded = load_dataset(formats, input, format_name, options, sink);
    return {std::move(loaded.dataset), loaded.format->name, std::move(loaded.detection_reason), sink.diagnostics()};
}

std::shared_ptr<LoadedData> load(const std::filesystem::path& path, const std::optional<std::string>& format,
                                 const std::optional<std::filesystem::path>& image_root,
                                 const std::optional<ImageSize>& image_size, const std::string& voc_coordinates) {
    const ReadOptions options = read_options(image_root, image_size, voc_coordinates);
    py::gil_scoped_release release;
    return std::make_shared<LoadedData>(read_dataset(path, format.value_or(""), options));
}

}  // namespace

void bind_load(py::module_& module) {
    using namespace pybind11::literals;
    module.def("load", &load, "path"_a, "format"_a = py::none(), py::kw_only(), "image_root"_a = py::none(),
               "image_size"_a = py::none(), "voc_coordinates"_a = to_string(VocCoordinates::devkit),
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
