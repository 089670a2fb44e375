#pragma once
// Reading single JSON values with simdjson On-Demand, for the COCO element parser: each
// reader checks the type and range and throws labelkit::Error with the file, line:column and
// JSON pointer of the offending value. (Internal to the COCO driver: includes simdjson.)
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "formats/coco/mapped_json.hpp"

namespace labelkit::coco {

namespace od = simdjson::ondemand;

// A JSON pointer below one array element (/annotations/12/segmentation/0), built only when
// an error is reported, plus what is needed to locate the error in the file.
struct Where {
    struct Step {
        const char* name = nullptr;  // or, when null, the array index below
        std::size_t index = 0;
    };
    const MappedJson* file = nullptr;
    const char* element = nullptr;  // first byte of the element, the fallback location
    std::array<Step, 6> steps{};
    std::size_t depth = 0;

    Where operator/(const char* name) const;
    Where operator/(std::size_t index) const;
    std::string pointer() const;
};

// Throws Error at `at` (a byte of the mapped file; the element's first byte when null).
// `rule` is the lint rule the problem breaks (see coco_rules.cpp).
[[noreturn]] void fail(const Where& where, const char* at, std::string message, const char* rule = "coco/schema");
[[noreturn]] void fail_json(const Where& where, const char* at, simdjson::error_code error);
[[noreturn]] void fail_type(od::value& value, const Where& where, std::string_view expected);

const char* token_at(od::value& value);  // where the value starts in the file, or null

bool take_null(od::value& value);  // consumes the value if it is null
double number(od::value& value, const Where& where);  // finite
std::int64_t integer(od::value& value, const Where& where);  // also 3.0, not 3.5
std::uint32_t dimension(od::value& value, const Where& where);  // 0 to 2^32-1
std::string_view string(od::value& value, const Where& where);  // valid until the next element
bool flag(od::value& value, const Where& where, const char* name);  // true/false or 0/1
// An array of numbers, through number_array's fast path.
void read_numbers(od::value& value, const Where& where, std::string_view expected, std::vector<double>& out);
nlohmann::json to_json(od::value& value, const Where& where);  // any value, kept verbatim

// Calls visit(element_value, i) for each element of an array value.
template <typename Visit>
void for_each(od::value& value, const Where& where, std::string_view expected, Visit&& visit) {
    od::array array;
    if (value.get_array().get(array)) fail_type(value, where, expected);
    std::size_t i = 0;
    for (auto element : array) {
        od::value item;
        if (const auto error = std::move(element).get(item)) fail_json(where / i, nullptr, error);
        visit(item, i);
        ++i;
    }
}

// Where the document's cursor is (for errors met while iterating), or null.
const char* cursor_of(od::document& document);

// Calls visit(key, value) for each field of an object of the document.
template <typename Visit>
void for_each_field(od::object& object, od::document& document, const Where& where, Visit&& visit) {
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if (const auto error = std::move(result).get(field)) fail_json(where, cursor_of(document), error);
        if (const auto error = field.unescaped_key().get(key)) fail_json(where, cursor_of(document), error);
        od::value value = field.value();
        visit(key, value);
    }
}

}  // namespace labelkit::coco
