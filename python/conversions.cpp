// Text, numbers and nlohmann::json into Python objects.
#include <cstdint>
#include <string>

#include "bindings.hpp"

namespace labelkit::python {

py::str python_text(std::string_view text) {
    PyObject* decoded = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "surrogateescape");
    if (decoded == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(decoded);
}

py::object python_text_or_none(std::string_view text) {
    return text.empty() ? py::object(py::none()) : py::object(python_text(text));
}

py::object positive_or_none(std::uint32_t number) {
    return number == 0 ? py::object(py::none()) : py::object(py::int_(number));
}

py::object python_value(const nlohmann::json& value) {
    using Type = nlohmann::json::value_t;
    switch (value.type()) {
    case Type::null:
    case Type::discarded:
        return py::none();
    case Type::boolean:
        return py::bool_(value.get<bool>());
    case Type::number_integer:
        return py::int_(value.get<std::int64_t>());
    case Type::number_unsigned:
        return py::int_(value.get<std::uint64_t>());
    case Type::number_float:
        return py::float_(value.get<double>());
    case Type::string:
        return python_text(value.get_ref<const std::string&>());
    case Type::binary: {
        const auto& bytes = value.get_binary();
        return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    case Type::array: {
        py::list list;
        for (const nlohmann::json& element : value) list.append(python_value(element));
        return list;
    }
    case Type::object: {
        py::dict dict;
        for (const auto& [key, element] : value.items()) dict[python_text(key)] = python_value(element);
        return dict;
    }
    }
    return py::none();
}

}  // namespace labelkit::python
