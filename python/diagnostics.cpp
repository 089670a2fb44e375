// Diagnostics and locations as Python dicts.
#include "bindings.hpp"

namespace labelkit::python {

py::dict location_fields(const Location& where) {
    py::dict fields;
    fields["path"] = python_text_or_none(where.path);
    fields["line"] = positive_or_none(where.line);
    fields["column"] = positive_or_none(where.column);
    fields["pointer"] = python_text_or_none(where.json_pointer);
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

py::list diagnostic_list(const std::vector<Diagnostic>& diagnostics) {
    py::list list;
    for (const Diagnostic& diagnostic : diagnostics) list.append(diagnostic_dict(diagnostic));
    return list;
}

}  // namespace labelkit::python
