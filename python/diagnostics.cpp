// Diagnostics and locations as Python dicts.
#include "bindings.hpp"

namespace labelkit::python {

namespace {

py::object text_or_none(const std::string& text) { return text.empty() ? py::object(py::none()) : python_text(text); }

py::object number_or_none(std::uint32_t number) { return number == 0 ? py::object(py::none()) : py::int_(number); }

}  // namespace

py::dict location_fields(const Location& where) {
    py::dict fields;
    fields["path"] = text_or_none(where.path);
    fields["line"] = number_or_none(where.line);
    fields["column"] = number_or_none(where.column);
    fields["pointer"] = text_or_none(where.json_pointer);
    return fields;
}

py::dict diagnostic_dict(const Diagnostic& diagnostic) {
    py::dict fields;
    fields["rule"] = python_text(diagnostic.rule);
    fields["severity"] = to_string(diagnostic.severity);
    fields["message"] = python_text(diagnostic.message);
    for (const auto& [key, value] : location_fields(diagnostic.location)) fields[key] = value;
    return fields;
}

}  // namespace labelkit::python
