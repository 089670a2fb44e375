#pragma once
// The parts of the Python module `labelkit`, one per area (labelkit_module.cpp assembles them),
// and the conversions they share.
#include <string_view>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

#include "labelkit/diagnostics.hpp"

namespace labelkit::python {

namespace py = pybind11;

void bind_errors(py::module_& module);       // labelkit.Error (errors.cpp)
void bind_formats(py::module_& module);      // labelkit.formats() (formats.cpp)
void bind_dataset(py::module_& module);      // labelkit.Dataset and its parts (dataset.cpp)
void bind_load(py::module_& module);         // labelkit.load() (load.cpp)

// Text from a dataset (paths, names, messages) as str. Bytes that are not UTF-8 (file names are
// any bytes on Linux) become lone surrogates, as os.fsdecode makes them, instead of an error.
py::str python_text(std::string_view text);

// A JSON value as Python builds it from json.loads: None, bool, int, float, str, list, dict
// (json_to_python.cpp). Attributes, COCO info and licenses, and phase 2's reports are JSON.
py::object python_value(const nlohmann::json& value);

// path, line, column and pointer, each None when unknown (diagnostics.cpp): the attributes of
// labelkit.Error and keys of a diagnostic.
py::dict location_fields(const Location& where);
// rule, severity ("info", "warning" or "error"), message and the location fields.
py::dict diagnostic_dict(const Diagnostic& diagnostic);

}  // namespace labelkit::python
