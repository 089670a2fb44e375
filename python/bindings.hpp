#pragma once
// The parts of the Python module `labelkit`, one per area (labelkit_module.cpp assembles them),
// and the conversions they share.
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

#include "labelkit/diagnostics.hpp"

namespace labelkit::python {

namespace py = pybind11;

void bind_errors(py::module_& module);       // labelkit.Error (errors.cpp)
void bind_formats(py::module_& module);      // labelkit.formats() (formats.cpp)
void bind_dataset(py::module_& module);      // labelkit.Dataset and its parts (dataset.cpp)
void bind_load(py::module_& module);         // labelkit.load() (load.cpp)
// The operations, each in a file of its name: labelkit.convert(), lint(), agree(), merge(), split().
void bind_convert(py::module_& module);
void bind_lint(py::module_& module);
void bind_agree(py::module_& module);
void bind_merge(py::module_& module);
void bind_split(py::module_& module);

// Conversions (conversions.cpp). Text from a dataset (paths, names, messages) as str: bytes that
// are not UTF-8 (Linux file names are bytes) become lone surrogates, as os.fsdecode makes them.
py::str python_text(std::string_view text);
// The text, or None when it is empty (labelkit's "not given").
py::object python_text_or_none(std::string_view text);
// The number, or None when it is 0 (labelkit's "unknown" for lines, columns and image sizes).
py::object positive_or_none(std::uint32_t number);

// A JSON value as json.loads builds it: None, bool, int, float, str, list, dict. Attributes,
// COCO info and licenses, and the reports of agree, merge and split are JSON.
py::object python_value(const nlohmann::json& value);

// path, line, column and pointer, each None when unknown (diagnostics.cpp): the attributes of
// labelkit.Error and keys of a diagnostic.
py::dict location_fields(const Location& where);
// rule, severity ("info", "warning" or "error"), message and the location fields.
py::dict diagnostic_dict(const Diagnostic& diagnostic);
py::list diagnostic_list(const std::vector<Diagnostic>& diagnostics);

}  // namespace labelkit::python
