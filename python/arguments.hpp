#pragma once
// Python arguments into the options of labelkit's operations: enum names, paths that may be None,
// and the options of every function that reads datasets. An argument out of its range raises
// ValueError (labelkit.Error is about the data).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bindings.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/format.hpp"

namespace labelkit::python {

// "'a', 'b' or 'c'": the choices as a ValueError lists them.
std::string quoted_choices(const std::vector<std::string>& choices);

// The enum value named `text` (the CLI's name for it); ValueError naming the argument and every
// choice otherwise.
template <NamedEnum Enum>
Enum parse_choice(const char* argument, const std::string& text) {
    if (const std::optional<Enum> value = parse<Enum>(text)) return *value;
    throw py::value_error(fmt::format("{} '{}': expected {}", argument, text, quoted_choices(names<Enum>())));
}

// None stays empty (the operation's default).
template <NamedEnum Enum>
std::optional<Enum> parse_optional_choice(const char* argument, const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return parse_choice<Enum>(argument, *text);
}

// None is the empty path: labelkit's "not given".
inline std::filesystem::path path_or_empty(const std::optional<std::filesystem::path>& path) {
    return path.value_or(std::filesystem::path());
}

// image_size as Python gives it: (width, height).
using PythonImageSize = std::pair<std::int64_t, std::int64_t>;

// image_root, image_size and voc_coordinates, as load() and every operation that reads take them.
ReadOptions read_options(const std::optional<std::filesystem::path>& image_root,
                         const std::optional<PythonImageSize>& image_size, const std::string& voc_coordinates);

// from_, image_root, image_size and voc_coordinates: how every operation reads its input.
template <typename Options>
void set_reading(Options& options, const std::optional<std::string>& from,
                 const std::optional<std::filesystem::path>& image_root,
                 const std::optional<PythonImageSize>& image_size, const std::string& voc_coordinates) {
    options.from = from.value_or("");
    options.read = read_options(image_root, image_size, voc_coordinates);
}

// Runs a library operation with the GIL released, so that other Python threads go on meanwhile.
template <typename Operation, typename Options>
auto without_gil(Operation operation, const Options& options, DiagnosticSink& sink) {
    py::gil_scoped_release release;
    return operation(options, sink);
}

}  // namespace labelkit::python
