// labelkit::Error as the Python exception labelkit.Error, with its location as attributes.
#include "bindings.hpp"
#include "labelkit/error.hpp"

namespace labelkit::python {

namespace {

constexpr const char* error_doc =
    "Bad input, an I/O problem or a wrong option, as labelkit reports it.\n\n"
    "str(error) is 'path:line:column: message (at /pointer)', or as much of it as is known.\n"
    "Attributes: message (without the location), path, line, column, pointer (a JSON pointer)\n"
    "and rule (the lint rule an input's content breaks, as 'coco/bad-bbox'); each is None\n"
    "when unknown.";

// Raises labelkit.Error for a labelkit::Error. The exception type is looked up in the module
// (a translator cannot capture it), which is loaded whenever its functions run.
void translate_error(std::exception_ptr exception) {
    try {
        if (exception) std::rethrow_exception(exception);
    } catch (const Error& error) {
        const py::object type = py::module_::import("labelkit").attr("Error");
        const py::object raised = type(python_text(error.what()));
        raised.attr("message") = python_text(error.message());
        raised.attr("rule") = python_text_or_none(error.rule());
        for (const auto& [name, value] : location_fields(error.where())) py::setattr(raised, name, value);
        PyErr_SetObject(type.ptr(), raised.ptr());
    }
}

}  // namespace

void bind_errors(py::module_& module) {
    py::dict defaults = location_fields({});
    defaults["message"] = py::none();
    defaults["rule"] = py::none();
    PyObject* type = PyErr_NewExceptionWithDoc("labelkit.Error", error_doc, PyExc_Exception, defaults.ptr());
    if (type == nullptr) throw py::error_already_set();
    module.add_object("Error", py::reinterpret_steal<py::object>(type));
    py::register_local_exception_translator(translate_error);
}

}  // namespace labelkit::python
