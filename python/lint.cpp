// labelkit.lint(): the lint operation (labelkit/ops/lint.hpp) without the GIL; its findings,
// summary and fixes as a dict.
#include <filesystem>
#include <optional>
#include <string>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "arguments.hpp"
#include "bindings.hpp"
#include "labelkit/ops/lint.hpp"

namespace labelkit::python {

namespace {

py::dict summary_dict(const LintSummary& summary) {
    py::dict dict;
    dict["errors"] = summary.errors;
    dict["warnings"] = summary.warnings;
    dict["infos"] = summary.infos;
    dict["files"] = summary.files;
    return dict;
}

py::list unlisted_list(const std::vector<UnlistedFindings>& unlisted) {
    py::list list;
    for (const UnlistedFindings& findings : unlisted) {
        py::dict dict;
        dict["rule"] = python_text(findings.rule);
        dict["severity"] = to_string(findings.severity);
        dict["count"] = findings.count;
        list.append(dict);
    }
    return list;
}

py::list fixes_list(const std::vector<FixCount>& fixes) {
    py::list list;
    for (const FixCount& fix : fixes) {
        py::dict dict;
        dict["rule"] = python_text(fix.rule);
        dict["what"] = python_text(fix.what);
        dict["count"] = fix.count;
        list.append(dict);
    }
    return list;
}

py::dict result_dict(const LintResult& result, const DiagnosticSink& sink) {
    py::dict dict;
    dict["format"] = python_text_or_none(result.format);
    dict["config_found"] = python_text_or_none(result.config_found.string());
    dict["findings"] = diagnostic_list(result.report.diagnostics);
    dict["unlisted"] = unlisted_list(result.report.unlisted);
    dict["summary"] = summary_dict(result.summary);
    dict["failed"] = result.failed;
    dict["fixes"] = fixes_list(result.fixes);
    dict["fixed_copy_written"] = result.fixed_copy_written;
    dict["fix_refused"] = python_text_or_none(result.fix_refused);
    dict["fixed_summary"] = result.fixed_summary ? py::object(summary_dict(*result.fixed_summary)) : py::none();
    dict["diagnostics"] = diagnostic_list(sink.diagnostics());
    return dict;
}

py::dict lint(const std::filesystem::path& input, const std::optional<std::string>& from,
              const std::optional<std::filesystem::path>& config, bool check_images, std::size_t max_per_rule,
              const std::string& fail_on, const std::optional<std::filesystem::path>& fix, bool overwrite,
              const std::optional<std::filesystem::path>& image_root, const std::optional<PythonImageSize>& image_size,
              const std::string& voc_coordinates) {
    LintOptions options;
    options.input = input;
    set_reading(options, from, image_root, image_size, voc_coordinates);
    options.config = path_or_empty(config);
    options.check_images = check_images;
    options.max_per_rule = max_per_rule;
    options.fail_on = parse_choice<FailOn>("fail_on", fail_on);
    options.fix = path_or_empty(fix);
    options.overwrite = overwrite;

    DiagnosticSink sink;
    LintResult result = without_gil(labelkit::lint, options, sink);
    return result_dict(result, sink);
}

}  // namespace

void bind_lint(py::module_& module) {
    using namespace pybind11::literals;
    const LintOptions defaults;
    module.def("lint", &lint, "input"_a, py::kw_only(), "from_"_a = py::none(), "config"_a = py::none(),
               "check_images"_a = false, "max_per_rule"_a = defaults.max_per_rule, "fail_on"_a = to_string(defaults.fail_on),
               "fix"_a = py::none(), "overwrite"_a = false, "image_root"_a = py::none(), "image_size"_a = py::none(),
               "voc_coordinates"_a = to_string(defaults.read.voc_coordinates),
               "Checks the dataset at input as `labelkit lint` does: it reads leniently and runs every\n"
               "enabled rule. The GIL is released meanwhile.\n\n"
               "from_: the input's format name; None detects it.\n"
               "config: a YAML lint config; None: .labelkit.yaml beside the input or in a folder above.\n"
               "check_images: also check the image files (present, readable, of the declared size).\n"
               "max_per_rule: findings listed per rule (0: all); the rest are counted in 'unlisted'.\n"
               "fail_on: 'error', 'warning', 'info' or 'never': the severity from which 'failed' is True.\n"
               "fix: write a copy with the safe fixes applied here (the input is left alone);\n"
               "    overwrite: replace that copy if it exists.\n"
               "image_root, image_size, voc_coordinates: as for load().\n\n"
               "Returns a dict: format (the format read; None when the input could not be read),\n"
               "config_found (the .labelkit.yaml used, or None), findings (dicts as Dataset.diagnostics,\n"
               "in the report's order), unlisted ([{rule, severity, count}] beyond max_per_rule), summary\n"
               "({errors, warnings, infos, files}: totals, unlisted included; files checked), failed (bool:\n"
               "the CLI's exit 1; with a fixed copy written, of what is left in it), fixes ([{rule, what,\n"
               "count}] the fixed copy changed), fixed_copy_written (bool), fixed_summary (the copy's\n"
               "summary as linted again, or None), fix_refused (why no fixed copy was written although fix asked for one, else None;\n"
               "the CLI exits 2 then) and diagnostics (what happened to the fixed copy).\n"
               "Raises labelkit.Error for an input that cannot be read at all, a config that cannot be\n"
               "read, and a fixed copy that may not be written; ValueError for a choice it does not know.");
}

}  // namespace labelkit::python
