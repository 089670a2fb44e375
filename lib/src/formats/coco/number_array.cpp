#include "formats/coco/coco_private.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace labelkit::coco {

namespace {

constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// SWAR (8 digits at a time, as in fast_float): the number of leading ASCII digits in the 8
// bytes at p, and the value of the first n of them.
std::uint64_t load8(const char* p) {
    std::uint64_t bytes = 0;
    std::memcpy(&bytes, p, 8);
    return bytes;
}

int leading_digits(std::uint64_t bytes) {
    const std::uint64_t below = bytes - 0x3030303030303030ULL;  // high bit set for bytes < '0'
    const std::uint64_t above = bytes + 0x4646464646464646ULL;  // high bit set for bytes > '9'
    const std::uint64_t other = (below | above) & 0x8080808080808080ULL;
    return other == 0 ? 8 : __builtin_ctzll(other) / 8;
}

std::uint64_t digits_value(std::uint64_t bytes, int count) {
    bytes <<= 8 * (8 - count);  // the digits to the high bytes, zeros (as '\0' & 0x0f) before them
    bytes = ((bytes & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
    bytes = ((bytes & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
    return ((bytes & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
}

constexpr std::uint64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool ends_token(char c) { return c == ',' || c == ']' || is_space(c); }

const char* skip_space(const char* p, const char* end) {
    while (p < end && is_space(*p)) ++p;
    return p;
}

std::string_view token_at(const char* p, const char* end) {
    const char* q = p;
    while (q < end && !ends_token(*q)) ++q;
    return {p, static_cast<std::size_t>(q - p)};
}

std::string bad_token_message(std::string_view token) {
    std::string_view word = token;
    if (!word.empty() && (word.front() == '-' || word.front() == '+')) word.remove_prefix(1);
    const char first = word.empty() ? '\0' : static_cast<char>(word.front() | 0x20);
    const std::string shown = token.size() > 40 ? std::string(token.substr(0, 40)) + "..." : std::string(token);
    if (first == 'n' || first == 'i')
        return fmt::format("expected a number, found {} (NaN and Infinity are not valid JSON; numbers must be finite)", shown);
    if (token.empty()) return "expected a number";
    if (token.front() == '"') return fmt::format("expected a number, found the string {}", shown);
    if (token.front() == '[' || token.front() == '{') return fmt::format("expected a number, found {}", token.front() == '[' ? "an array" : "an object");
    return fmt::format("expected a number, found '{}'", shown);
}

// The common case: up to 7 digits, optionally '.' and up to 7 more, no exponent; p must be
// followed by 8 readable bytes (see parse_number_array). Returns null to take the general path.
const char* parse_short_number(const char* p, double& value) {
    const bool negative = *p == '-';
    const char* at = p + negative;
    const std::uint64_t head = load8(at);
    const int whole = leading_digits(head);
    if (whole == 0 || whole == 8 || (at[0] == '0' && whole > 1)) return nullptr;
    std::uint64_t mantissa = digits_value(head, whole);
    at += whole;
    int decimals = 0;
    if (*at == '.') {
        const std::uint64_t tail = load8(at + 1);
        decimals = leading_digits(tail);
        if (decimals == 0 || decimals == 8) return nullptr;
        mantissa = mantissa * scale[decimals] + digits_value(tail, decimals);
        at += 1 + decimals;
    }
    if (*at == 'e' || *at == 'E') return nullptr;
    value = static_cast<double>(mantissa) / powers_of_ten[decimals];  // both exact: one rounding
    if (negative) value = -value;
    return at;
}

// Parses one JSON number at p; returns the end of the number, or null if it is not one.
const char* parse_number(const char* p, const char* end, double& value) {
    if (const char* stop = parse_short_number(p, value)) return stop;
    const char* start = p;
    const bool negative = p < end && *p == '-';
    if (negative) ++p;
    if (p >= end || !is_digit(*p)) return nullptr;
    if (*p == '0' && p + 1 < end && is_digit(p[1])) return nullptr;  // no leading zeros in JSON
    std::uint64_t mantissa = 0;
    int digits = 0;
    int decimals = 0;
    for (; p < end && is_digit(*p); ++p, ++digits) mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    if (p < end && *p == '.') {
        ++p;
        if (p >= end || !is_digit(*p)) return nullptr;
        for (; p < end && is_digit(*p); ++p, ++digits, ++decimals) mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    }
    const bool exponent = p < end && (*p == 'e' || *p == 'E');
    if (!exponent && digits <= 15) {  // mantissa < 2^53 and 10^decimals exact: one rounding
        value = static_cast<double>(mantissa) / powers_of_ten[decimals];
        if (negative) value = -value;
        return p;
    }
    if (exponent) {
        ++p;
        if (p < end && (*p == '+' || *p == '-')) ++p;
        if (p >= end || !is_digit(*p)) return nullptr;
        while (p < end && is_digit(*p)) ++p;
    }
    const auto [stop, error] = std::from_chars(start, p, value);
    if (stop != p || (error != std::errc() && error != std::errc::result_out_of_range)) return nullptr;
    if (error == std::errc::result_out_of_range || !std::isfinite(value)) return nullptr;
    return p;
}

}  // namespace

std::optional<NumberArrayError> parse_number_array(std::string_view text, std::vector<double>& out) {
    out.clear();
    const char* end = text.data() + text.size() - 1;  // the closing ']'
    const char* p = skip_space(text.data() + 1, end);
    while (p < end) {
        double value = 0;
        const char* stop = parse_number(p, end, value);
        if (!stop || (stop < end && !ends_token(*stop))) {
            const std::string_view token = token_at(p, end);
            if (stop == nullptr && !token.empty() && (is_digit(token.front()) || token.front() == '-') &&
                token.find_first_of("nNiI") == std::string_view::npos)
                return NumberArrayError{out.size(), p, fmt::format("invalid or out-of-range number '{}'", token)};
            return NumberArrayError{out.size(), p, bad_token_message(token)};
        }
        out.push_back(value);
        p = skip_space(stop, end);
        if (p < end) {
            if (*p != ',') return NumberArrayError{out.size(), p, fmt::format("expected ',' or ']', found '{}'", *p), true};
            p = skip_space(p + 1, end);
            if (p >= end) return NumberArrayError{out.size(), p, "a trailing ',' before ']' is not valid JSON", true};
        }
    }
    return std::nullopt;
}

}  // namespace labelkit::coco
