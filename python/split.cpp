// labelkit.split(): the split operation (labelkit/ops/split.hpp) without the GIL; its summary as
// `labelkit split --json` prints it, and the dataset with its subsets.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arguments.hpp"
#include "bindings.hpp"
#include "dataset.hpp"
#include "labelkit/ops/split.hpp"

namespace labelkit::python {

namespace {

// None: no folds. Like the CLI's --kfold, 2 or more.
std::size_t fold_count(const std::optional<std::int64_t>& kfold) {
    if (!kfold) return 0;
    if (*kfold < 2) throw py::value_error(fmt::format("kfold {}: expected 2 or more folds (or None)", *kfold));
    return static_cast<std::size_t>(*kfold);
}

py::dict split(const std::filesystem::path& input, const std::filesystem::path& output, const std::string& to,
               const std::optional<std::string>& from, const std::vector<double>& ratios,
               const std::vector<std::size_t>& counts, const std::vector<std::string>& names,
               const std::string& strategy, const std::optional<std::string>& group_by, std::uint64_t seed,
               const std::optional<std::int64_t>& kfold, const std::optional<std::string>& images,
               const std::optional<std::filesystem::path>& image_root, const std::optional<PythonImageSize>& image_size,
               const std::string& voc_coordinates, bool overwrite) {
    SplitOptions options;
    options.input = input;
    options.output = output;
    options.to = to;
    set_reading(options, from, image_root, image_size, voc_coordinates);
    options.ratios = ratios;
    options.counts = counts;
    options.names = names;
    options.strategy = parse_choice<SplitStrategy>("strategy", strategy);
    options.group_by = group_by.value_or("");
    options.seed = seed;
    options.kfold = fold_count(kfold);
    options.images = parse_optional_choice<ImageMode>("images", images);
    options.overwrite = overwrite;

    DiagnosticSink sink;
    SplitResult result = without_gil(labelkit::split, options, sink);
    py::dict summary = python_value(result.json);
    summary["diagnostics"] = diagnostic_list(sink.diagnostics());
    summary["dataset"] = std::make_shared<LoadedData>(LoadedData{std::move(result.dataset), to, "", sink.diagnostics()});
    return summary;
}

}  // namespace

void bind_split(py::module_& module) {
    using namespace pybind11::literals;
    const SplitOptions defaults;
    module.def("split", &split, "input"_a, "output"_a, py::kw_only(), "to"_a, "from_"_a = py::none(),
               "ratios"_a = std::vector<double>(), "counts"_a = std::vector<std::size_t>(),
               "names"_a = std::vector<std::string>(), "strategy"_a = to_string(defaults.strategy),
               "group_by"_a = py::none(), "seed"_a = defaults.seed, "kfold"_a = py::none(), "images"_a = py::none(),
               "image_root"_a = py::none(), "image_size"_a = py::none(),
               "voc_coordinates"_a = to_string(defaults.read.voc_coordinates), "overwrite"_a = false,
               "Splits the dataset at input into subsets (or k folds) written to the folder output in the\n"
               "format `to`, as `labelkit split` does: reproducibly for a seed. The GIL is released meanwhile.\n\n"
               "from_: the input's format name; None detects it.\n"
               "ratios: shares of the images per subset (empty: [0.8, 0.1, 0.1]), or counts: exact numbers\n"
               "    of images per subset; names: the subsets' names (empty: train, val, test).\n"
               "strategy: 'stratified', 'random' or 'hash'.\n"
               "group_by: keep images together: a regex on the path (its first group is the key), or\n"
               "    'attribute:NAME'.\n"
               "seed: of the split (an int of 0 or more).\n"
               "kfold: k (2 or more) folds fold_1..fold_k, each with train and val, instead of subsets.\n"
               "images: 'copy', 'link' or 'none'; None: the target's default.\n"
               "image_root, image_size, voc_coordinates: as for load(). overwrite: replace an existing output.\n\n"
               "Returns the summary as `labelkit split --json` prints it (strategy, seed, group_by, items,\n"
               "subsets: [{name, items, annotations, requested_ratio, achieved_ratio, classes}], absent:\n"
               "[{class, subset}]), with two more keys: diagnostics, and dataset: the Dataset as written,\n"
               "each image's subset set (with kfold: the subsets of the last fold).\n"
               "Raises labelkit.Error for options that do not fit (ratios that do not sum to 1, ...), input\n"
               "it cannot read and an output it may not write; ValueError for a choice it does not know.");
}

}  // namespace labelkit::python
