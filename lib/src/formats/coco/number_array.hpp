#pragma once
// Fast parsing of the text of a JSON array of numbers ("[12.5, 3, -1e-3]"), the bulk of a
// COCO file (polygon coordinates). Short decimals take an exact fast path (an integer
// divided by a power of ten, both exact doubles: one correctly rounded division); anything
// else goes through std::from_chars. Results are identical to a correctly rounding parser.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace labelkit::coco {

struct NumberArrayError {
    std::size_t index = 0;     // of the bad element
    const char* at = nullptr;  // its first character
    std::string message;
    bool syntax = false;       // invalid JSON (rather than a value of the wrong type)
};

// text must start with '[' and end with the matching ']' (as simdjson's raw_json gives it)
// and be followed by at least 16 readable bytes (it is: the file is mapped with padding).
std::optional<NumberArrayError> parse_number_array(std::string_view text, std::vector<double>& out);

}  // namespace labelkit::coco
