// labelkit.merge(): the merge operation (labelkit/ops/merge.hpp) without the GIL; what it wrote,
// and its report as --report writes it, as a dict.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arguments.hpp"
#include "bindings.hpp"
#include "labelkit/ops/merge.hpp"

namespace labelkit::python {

namespace {

Quorum parse_quorum_argument(const std::string& text) {
    if (const std::optional<Quorum> quorum = parse_quorum(text)) return *quorum;
    throw py::value_error(fmt::format("quorum '{}': expected a count ('2'), a percentage ('60%') or 'majority'", text));
}

py::dict merge(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& output,
               const std::string& to, const std::optional<std::string>& from, const std::string& mode,
               const std::optional<std::filesystem::path>& label_map, const std::string& on_conflict,
               const std::optional<double>& duplicate_tolerance, const std::vector<std::string>& names,
               const std::optional<std::vector<std::string>>& annotators, double iou,
               const std::string& quorum, const std::string& fuse, bool class_agnostic,
               const std::optional<std::filesystem::path>& report, const std::optional<std::string>& images,
               const std::optional<std::filesystem::path>& image_root, const std::optional<PythonImageSize>& image_size,
               const std::string& voc_coordinates, bool overwrite, const std::optional<std::string>& method,
               const std::optional<std::string>& weights) {
    MergeOptions options;
    options.inputs = inputs;
    options.output = output;
    options.to = to;
    set_reading(options, from, image_root, image_size, voc_coordinates);
    options.mode = parse_choice<MergeMode>("mode", mode);
    options.label_map = path_or_empty(label_map);
    options.on_conflict = parse_choice<ConflictPolicy>("on_conflict", on_conflict);
    options.duplicate_tolerance = duplicate_tolerance;
    options.names = names;
    options.annotators = annotators.value_or(std::vector<std::string>());
    options.iou = iou;
    options.quorum = parse_quorum_argument(quorum);
    options.fuse = parse_choice<FuseMethod>("fuse", fuse);
    options.class_agnostic = class_agnostic;
    if (method) options.method = parse_choice<AggregationMethod>("method", *method);
    if (weights && *weights == "trust") options.weights.trust = true;
    else if (weights) options.weights.file = *weights;
    options.report = path_or_empty(report);
    options.images = parse_optional_choice<ImageMode>("images", images);
    options.overwrite = overwrite;

    DiagnosticSink sink;
    MergeResult result = without_gil(labelkit::merge, options, sink);
    py::dict summary;
    summary["mode"] = to_string(result.mode);
    summary["inputs"] = result.inputs;
    summary["images"] = result.images;
    summary["annotations"] = result.annotations;
    summary["categories"] = result.categories;
    summary["report"] = python_value(result.report);
    summary["diagnostics"] = diagnostic_list(sink.diagnostics());
    return summary;
}

}  // namespace

void bind_merge(py::module_& module) {
    using namespace pybind11::literals;
    const MergeOptions defaults;
    module.def("merge", &merge, "inputs"_a, "output"_a, py::kw_only(), "to"_a, "from_"_a = py::none(),
               "mode"_a = to_string(defaults.mode), "label_map"_a = py::none(),
               "on_conflict"_a = to_string(defaults.on_conflict), "duplicate_tolerance"_a = py::none(),
               "names"_a = std::vector<std::string>(), "annotators"_a = py::none(), "iou"_a = defaults.iou,
               "quorum"_a = defaults.quorum.to_string(),
               "fuse"_a = to_string(defaults.fuse), "class_agnostic"_a = false, "report"_a = py::none(),
               "images"_a = py::none(), "image_root"_a = py::none(), "image_size"_a = py::none(),
               "voc_coordinates"_a = to_string(defaults.read.voc_coordinates), "overwrite"_a = false,
               "method"_a = py::none(), "weights"_a = py::none(),
               "Merges two or more datasets (the list inputs) into output in the format `to`, as\n"
               "`labelkit merge` does. The GIL is released meanwhile.\n\n"
               "from_: the inputs' format name; None detects each.\n"
               "mode: 'union' (every image and annotation once) or 'consensus' (one dataset from several\n"
               "    annotators of the same images).\n"
               "union: label_map (a YAML of class renames), on_conflict ('error', 'first', 'last' or\n"
               "    'rename': two different images under one path), duplicate_tolerance (pixels; None: the\n"
               "    default).\n"
               "consensus: names (the annotators' names in input order), annotators (of a dataset that names\n"
               "    its annotators: those merged, by id or display name, as `labelkit merge --annotators`;\n"
               "    None: every annotator but model predictions), iou (at or above which shapes\n"
               "    group), quorum ('majority', a count '2' or a percentage '60%'), fuse ('wbf', 'median'\n"
               "    or 'best'), class_agnostic, method ('mv', 'wawa' or 'ds': one class per item from the\n"
               "    item labels; None: each class the quorum gave; with a method, `to` may be 'csv' or\n"
               "    'jsonl': the table of item, label, confidence, annotators, tie), weights (method 'mv':\n"
               "    'trust' for Appen's _trust, or the path of a CSV file annotator,weight).\n"
               "report: also write the merge report (JSON) here.\n"
               "images: 'copy', 'link' or 'none'; None: the target's default.\n"
               "image_root, image_size, voc_coordinates: as for load(). overwrite: replace an existing\n"
               "    output (and report).\n\n"
               "Returns a dict: mode, inputs, images, annotations and categories (written), report (the\n"
               "merge report, schemas/merge-report.schema.json: per input what it brought, duplicates\n"
               "included; the categories; the conflicts, or consensus' groups) and diagnostics.\n"
               "Raises labelkit.Error for options that do not fit the mode, inputs that cannot be read,\n"
               "an image conflict under on_conflict='error' and outputs it may not write; ValueError for a\n"
               "choice or quorum it does not know.");
}

}  // namespace labelkit::python
