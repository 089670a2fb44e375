// labelkit.agree(): the agree operation (labelkit/ops/agree.hpp) without the GIL; its report as
// `labelkit agree --format json` prints it, as a dict.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arguments.hpp"
#include "bindings.hpp"
#include "labelkit/ops/agree.hpp"

namespace labelkit::python {

namespace {

py::dict agree(const std::vector<std::filesystem::path>& inputs, const std::optional<std::string>& from,
               const std::vector<std::string>& names, const std::optional<std::vector<std::string>>& annotators,
               double iou, const std::string& level, const std::vector<std::string>& order, std::size_t bootstrap,
               std::uint64_t seed, double confidence, std::size_t worst,
               const std::optional<std::filesystem::path>& matrix, bool overwrite,
               const std::optional<std::filesystem::path>& gold,
               const std::optional<std::filesystem::path>& image_root, const std::optional<PythonImageSize>& image_size,
               const std::string& voc_coordinates, bool lowercase, bool strip_punctuation) {
    AgreeOptions options;
    options.inputs = inputs;
    set_reading(options, from, image_root, image_size, voc_coordinates);
    options.names = names;
    options.annotators = annotators.value_or(std::vector<std::string>());
    options.iou = iou;
    options.level = parse_choice<AlphaLevel>("level", level);
    options.order = order;
    options.bootstrap = bootstrap;
    options.seed = seed;
    options.confidence = confidence;
    options.worst = worst;
    options.matrix = path_or_empty(matrix);
    options.overwrite = overwrite;
    options.text = {lowercase, strip_punctuation};
    options.gold = path_or_empty(gold);

    DiagnosticSink sink;
    AgreeResult result = without_gil(labelkit::agree, options, sink);
    py::dict report = python_value(result.json);
    report["diagnostics"] = diagnostic_list(sink.diagnostics());
    return report;
}

}  // namespace

void bind_agree(py::module_& module) {
    using namespace pybind11::literals;
    const AgreeOptions defaults;
    module.def("agree", &agree, "inputs"_a, py::kw_only(), "from_"_a = py::none(),
               "names"_a = std::vector<std::string>(), "annotators"_a = py::none(), "iou"_a = defaults.iou,
               "level"_a = to_string(defaults.level),
               "order"_a = std::vector<std::string>(), "bootstrap"_a = defaults.bootstrap, "seed"_a = defaults.seed,
               "confidence"_a = defaults.confidence, "worst"_a = defaults.worst, "matrix"_a = py::none(),
               "overwrite"_a = false, "gold"_a = py::none(), "image_root"_a = py::none(), "image_size"_a = py::none(),
               "voc_coordinates"_a = to_string(defaults.read.voc_coordinates), "lowercase"_a = false,
               "strip_punctuation"_a = false,
               "How far annotators agree, as `labelkit agree` computes it: inputs is a list of two or more\n"
               "datasets of the same images (one per annotator), or of one rating table (.csv, .jsonl:\n"
               "item, annotator, label). The GIL is released meanwhile.\n\n"
               "from_: the datasets' format name; None detects it.\n"
               "names: the annotators' names in input order (default: folder or file names).\n"
               "annotators: for datasets that name their annotators (Label Studio, MTurk, Appen, SageMaker\n"
               "    worker responses), the annotators compared, by id or display name, in this order, as\n"
               "    `labelkit agree --annotators` takes them; None: every annotator but model predictions.\n"
               "iou: IoU at or above which two shapes match, in (0, 1].\n"
               "level: Krippendorff's alpha's level of measurement for a rating table: 'nominal',\n"
               "    'ordinal', 'interval' or 'ratio'; order: its labels in order (ordinal data).\n"
               "bootstrap: resamples of items for confidence intervals (0: none), with seed and confidence.\n"
               "worst: how many of the least agreeing images to list.\n"
               "matrix: write a heatmap of pairwise agreement to this PNG; overwrite: replace it.\n"
               "gold: a table of item,label (CSV or JSON Lines): the true labels the scorecard scores\n"
               "    the annotators on (item labels only); None: scored against the majority vote.\n"
               "image_root, image_size, voc_coordinates: as for load().\n"
               "lowercase, strip_punctuation: for transcripts (texts), normalise them before the word and\n"
               "    character error rates (report key transcripts), as --lowercase and --strip-punctuation.\n\n"
               "Returns the report as `labelkit agree --format json` prints it (schemas/agreement-report.\n"
               "schema.json: items, annotators, categorical, spatial, tracks, transcripts, scorecard, notes;\n"
               "None where a statistic is undefined), with one more key, diagnostics: what reading reported (dicts, as\n"
               "Dataset.diagnostics).\n"
               "Raises labelkit.Error for inputs that cannot be read, options that do not fit them (order\n"
               "for datasets, ...) and a matrix that may not be written; ValueError for a level it does not\n"
               "know.");
}

}  // namespace labelkit::python
