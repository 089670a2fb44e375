#include "formats/coco/coco_private.hpp"

#include <cmath>

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit::coco {

namespace {

// The raw text of the value's token (for arrays and objects, its first character).
std::string_view token(od::value& value) {
    std::string_view text = value.raw_json_token();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool looks_like_nan_or_infinity(std::string_view text) {
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    if (text.empty()) return false;
    const char c = static_cast<char>(text.front() | 0x20);
    return c == 'n' || c == 'i';
}

// "an array", "the string \"x\"", "NaN (not valid JSON: ...)", for messages.
std::string found(od::value& value) {
    const std::string_view text = token(value);
    if (looks_like_nan_or_infinity(text))
        return fmt::format("{} (NaN and Infinity are not valid JSON; numbers must be finite)", shorten(text));
    od::json_type type{};
    if (value.type().get(type)) return fmt::format("'{}', which is not valid JSON", shorten(text));
    switch (type) {
        case od::json_type::array: return "an array";
        case od::json_type::object: return "an object";
        case od::json_type::string: return fmt::format("the string {}", shorten(text));
        case od::json_type::number: return fmt::format("the number {}", shorten(text));
        case od::json_type::boolean: return std::string(text);
        case od::json_type::null: return "null";
    }
    return std::string(text);
}

}  // namespace

Where Where::operator/(const char* name) const {
    Where where = *this;
    if (where.depth < where.steps.size()) where.steps[where.depth++] = {name, 0};
    return where;
}

Where Where::operator/(std::size_t index) const {
    Where where = *this;
    if (where.depth < where.steps.size()) where.steps[where.depth++] = {nullptr, index};
    return where;
}

std::string Where::pointer() const {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i)
        text += steps[i].name ? fmt::format("/{}", steps[i].name) : fmt::format("/{}", steps[i].index);
    return text;
}

[[noreturn]] void fail(const Where& where, const char* at, std::string message, const char* rule) {
    if (!at) at = where.element;
    const auto offset = static_cast<std::size_t>(at - where.file->data());
    throw Error(std::move(message), where.file->location(offset, where.pointer()), rule);
}

[[noreturn]] void fail_json(const Where& where, const char* at, simdjson::error_code error) {
    fail(where, at, fmt::format("invalid JSON: {}", simdjson::error_message(error)), "coco/json-syntax");
}


const char* cursor_of(od::document& document) {
    const char* at = nullptr;
    if (document.current_location().get(at)) return nullptr;
    return at;
}

const char* token_at(od::value& value) {
    const std::string_view text = token(value);
    return text.empty() ? nullptr : text.data();
}

[[noreturn]] void fail_type(od::value& value, const Where& where, std::string_view expected) {
    fail(where, token_at(value), fmt::format("expected {}, found {}", expected, found(value)));
}

bool take_null(od::value& value) {
    bool is_null = false;
    return !value.is_null().get(is_null) && is_null;
}

double number(od::value& value, const Where& where) {
    double result = 0;
    if (const auto error = value.get_double().get(result)) {
        if (error == simdjson::INCORRECT_TYPE || looks_like_nan_or_infinity(token(value)))
            fail_type(value, where, "a number");
        fail(where, token_at(value), fmt::format("invalid number {}", shorten(token(value))));
    }
    if (!std::isfinite(result))
        fail(where, token_at(value), fmt::format("number {} is out of range", shorten(token(value))));
    return result;
}

std::int64_t integer(od::value& value, const Where& where) {
    std::int64_t result = 0;
    if (!value.get_int64().get(result)) return result;
    double real = 0;
    if (!value.get_double().get(real) && std::isfinite(real) && real == std::trunc(real) && std::abs(real) < 9.2e18)
        return static_cast<std::int64_t>(real);
    fail_type(value, where, "an integer");
}

std::uint32_t dimension(od::value& value, const Where& where) {
    const char* at = token_at(value);
    const std::int64_t result = integer(value, where);
    if (result < 0 || result > UINT32_MAX)
        fail(where, at, fmt::format("expected a size in pixels (0 to {}), found {}", UINT32_MAX, result));
    return static_cast<std::uint32_t>(result);
}

std::string_view string(od::value& value, const Where& where) {
    std::string_view result;
    if (const auto error = value.get_string().get(result)) {
        if (error == simdjson::INCORRECT_TYPE) fail_type(value, where, "a string");
        fail_json(where, token_at(value), error);
    }
    return result;
}

bool flag(od::value& value, const Where& where, const char* name) {
    bool result = false;
    if (!value.get_bool().get(result)) return result;
    const char* at = token_at(value);
    const std::int64_t n = integer(value, where);
    if (n != 0 && n != 1) fail(where, at, fmt::format("{} must be 0 or 1, found {}", name, n));
    return n == 1;
}

void read_numbers(od::value& value, const Where& where, std::string_view expected, std::vector<double>& out) {
    od::array array;
    if (value.get_array().get(array)) fail_type(value, where, expected);
    std::string_view text;
    if (const auto error = array.raw_json().get(text)) fail_json(where, nullptr, error);
    while (!text.empty() && text.back() != ']') text.remove_suffix(1);
    if (text.size() < 2) fail(where, nullptr, "invalid JSON array");
    if (auto problem = parse_number_array(text, out)) fail(where / problem->index, problem->at, problem->message, problem->syntax ? "coco/json-syntax" : "coco/schema");
}

// Any JSON value as nlohmann::json (for fields kept verbatim).
nlohmann::json to_json(od::value& value, const Where& where) {
    od::json_type type{};
    if (value.type().get(type)) fail(where, token_at(value), fmt::format("invalid JSON value {}", found(value)));
    switch (type) {
        case od::json_type::number: {
            od::number n;
            if (value.get_number().get(n)) number(value, where);
            if (n.is_int64()) return n.get_int64();
            if (n.is_uint64()) return n.get_uint64();
            return number(value, where);
        }
        case od::json_type::string: return std::string(string(value, where));
        case od::json_type::boolean: {
            bool b = false;
            if (value.get_bool().get(b)) fail_type(value, where, "true or false");
            return b;
        }
        case od::json_type::null: take_null(value); return nullptr;
        case od::json_type::object:
        case od::json_type::array: break;
    }
    const char* at = token_at(value);
    std::string_view raw;
    simdjson::error_code error{};
    if (type == od::json_type::object) {
        od::object object;
        error = value.get_object().get(object);
        if (!error) error = object.raw_json().get(raw);
    } else {
        od::array array;
        error = value.get_array().get(array);
        if (!error) error = array.raw_json().get(raw);
    }
    if (error) fail_json(where, at, error);
    const auto begin = static_cast<std::size_t>(raw.data() - where.file->data());
    return where.file->parse_value(begin, begin + raw.size(), where.pointer(), "coco");
}

}  // namespace labelkit::coco
