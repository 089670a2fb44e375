#include "formats/voc/voc_private.hpp"

#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "labelkit/io.hpp"

namespace labelkit::voc {

namespace {

// A decimal number: (-1)^negative * digits * 10^exponent, digits without leading zeros
// ("" is zero). Only what the conversions above need: parse, add, print.
struct Decimal {
    bool negative = false;
    std::string digits;
    int exponent = 0;
};

constexpr int max_exponent = 4000;  // beyond any finite double's text; guards the padding

void normalize(Decimal& value) {
    const std::size_t first = value.digits.find_first_not_of('0');
    value.digits.erase(0, first == std::string::npos ? value.digits.size() : first);
    while (!value.digits.empty() && value.digits.back() == '0') {
        value.digits.pop_back();
        ++value.exponent;
    }
    if (value.digits.empty()) {
        value.negative = false;
        value.exponent = 0;
    }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<int> parse_exponent(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    int value = 0;
    for (char c : text) {
        if (!is_digit(c) || value > max_exponent) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

// [+-]digits[.digits][(e|E)[+-]digits]; empty for anything else (inf, nan, hex).
std::optional<Decimal> parse_decimal(std::string_view text) {
    Decimal value;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        value.negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::size_t i = 0;
    bool any_digit = false;
    int fraction_digits = 0;
    bool in_fraction = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (is_digit(c)) {
            value.digits += c;
            any_digit = true;
            if (in_fraction) ++fraction_digits;
        } else if (c == '.' && !in_fraction) {
            in_fraction = true;
        } else {
            break;
        }
    }
    if (!any_digit) return std::nullopt;
    int exponent = 0;
    if (i < text.size()) {
        if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
        const auto parsed = parse_exponent(text.substr(i + 1));
        if (!parsed) return std::nullopt;
        exponent = *parsed;
    }
    value.exponent = exponent - fraction_digits;
    normalize(value);
    if (value.exponent > max_exponent || value.exponent < -max_exponent) return std::nullopt;
    return value;
}

// Compares magnitudes of two digit strings of equal exponent (same length after padding).
int compare_magnitude(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

std::string add_magnitudes(const std::string& a, const std::string& b) {
    std::string sum;
    int carry = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
        int digit = carry;
        if (i < a.size()) digit += a[a.size() - 1 - i] - '0';
        if (i < b.size()) digit += b[b.size() - 1 - i] - '0';
        sum += static_cast<char>('0' + digit % 10);
        carry = digit / 10;
    }
    return {sum.rbegin(), sum.rend()};
}

// a - b for magnitudes with a >= b.
std::string subtract_magnitudes(const std::string& a, const std::string& b) {
    std::string difference;
    int borrow = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        int digit = (a[a.size() - 1 - i] - '0') - borrow;
        if (i < b.size()) digit -= b[b.size() - 1 - i] - '0';
        borrow = digit < 0 ? 1 : 0;
        difference += static_cast<char>('0' + (digit + 10) % 10);
    }
    return {difference.rbegin(), difference.rend()};
}

Decimal add(Decimal a, Decimal b) {
    if (a.digits.empty()) return b;
    if (b.digits.empty()) return a;
    const int exponent = std::min(a.exponent, b.exponent);
    a.digits.append(static_cast<std::size_t>(a.exponent - exponent), '0');
    b.digits.append(static_cast<std::size_t>(b.exponent - exponent), '0');
    Decimal sum;
    sum.exponent = exponent;
    if (a.negative == b.negative) {
        sum.negative = a.negative;
        sum.digits = add_magnitudes(a.digits, b.digits);
    } else if (compare_magnitude(a.digits, b.digits) >= 0) {
        sum.negative = a.negative;
        sum.digits = subtract_magnitudes(a.digits, b.digits);
    } else {
        sum.negative = b.negative;
        sum.digits = subtract_magnitudes(b.digits, a.digits);
    }
    normalize(sum);
    return sum;
}

Decimal negated(Decimal value) {
    if (!value.digits.empty()) value.negative = !value.negative;
    return value;
}

Decimal integer(int value) { return *parse_decimal(std::to_string(value)); }

// Positional notation, no exponent: "12.5", "-0.001", "100".
std::string to_text(const Decimal& value) {
    if (value.digits.empty()) return "0";
    std::string text = value.negative ? "-" : "";
    if (value.exponent >= 0) {
        text += value.digits;
        text.append(static_cast<std::size_t>(value.exponent), '0');
        return text;
    }
    const std::size_t fraction = static_cast<std::size_t>(-value.exponent);
    if (value.digits.size() > fraction) {
        text += value.digits.substr(0, value.digits.size() - fraction);
        text += '.';
        text += value.digits.substr(value.digits.size() - fraction);
    } else {
        text += "0.";
        text.append(fraction - value.digits.size(), '0');
        text += value.digits;
    }
    return text;
}

// The nearest double (from_chars rounds correctly, whatever the number of digits).
double to_double(const Decimal& value) { return parse_double(to_text(value)).value_or(NAN); }

// A small plain integer, for which double arithmetic is exact.
std::optional<std::int64_t> small_integer(std::string_view text) {
    if (text.size() > 15) return std::nullopt;
    const auto value = parse_integer(text);
    return value ? std::optional<std::int64_t>(*value) : std::nullopt;
}

bool is_small_integer(double value) { return std::abs(value) < 1e15 && std::trunc(value) == value; }

}  // namespace

void report_convention(VocCoordinates coordinates, const char* done, DiagnosticSink& sink) {
    if (coordinates == VocCoordinates::devkit)
        sink.info("voc/coordinates",
                  fmt::format("VOC boxes {} as the devkit numbers pixels, 1-based and inclusive (x = xmin - 1, "
                              "width = xmax - xmin + 1); LabelImg, CVAT and globox take xmin..xmax as the box's "
                              "edges: --voc-coordinates edges",
                              done));
    else
        sink.info("voc/coordinates",
                  fmt::format("VOC boxes {} as the box's edges (x = xmin, width = xmax - xmin), as LabelImg, CVAT "
                              "and globox do (--voc-coordinates edges; the devkit's own convention is 1-based and "
                              "inclusive)",
                              done));
}

std::optional<Span> span_from_voc(std::string_view min, std::string_view max, int offset) {
    const auto min_integer = small_integer(min);
    const auto max_integer = small_integer(max);
    if (min_integer && max_integer) {
        if (*max_integer < *min_integer - offset) return std::nullopt;
        return Span{static_cast<double>(*min_integer - offset),
                    static_cast<double>(*max_integer - *min_integer + offset)};
    }
    const auto low = parse_decimal(min);
    const auto high = parse_decimal(max);
    if (!low || !high) {  // not expected for finite numbers; stay close with doubles
        const double a = parse_double(min).value_or(NAN), b = parse_double(max).value_or(NAN);
        if (!(b - (a - offset) >= 0)) return std::nullopt;
        return Span{a - offset, b - (a - offset)};
    }
    const Decimal length = add(add(*high, negated(*low)), integer(offset));
    if (length.negative) return std::nullopt;
    return Span{to_double(add(*low, integer(-offset))), to_double(length)};
}

VocRange span_to_voc(double start, double length, int offset) {
    if (is_small_integer(start) && is_small_integer(length))
        return {format_number(start + offset), format_number(start + length)};
    const auto begin = parse_decimal(format_number(start));
    const auto size = parse_decimal(format_number(length));
    if (!begin || !size) return {format_number(start + offset), format_number(start + length)};
    return {to_text(add(*begin, integer(offset))), to_text(add(*begin, *size))};
}

}  // namespace labelkit::voc
