// YOLO label lines: "class v1 v2 ..." with coordinates normalised by the image size.
//
//   detect   c cx cy w h
//   segment  c x1 y1 ... xn yn           (n >= 3)
//   obb      c x1 y1 x2 y2 x3 y3 x4 y4   (9 values, the same count as a 4-point polygon:
//                                          the loader decides per dataset)
//   pose     c cx cy w h + N*D values    (kpt_shape [N, D] in data.yaml)
//
// Keypoints with D = 2 carry no visibility. Ultralytics then masks a point out when x or y is
// negative; labelkit does the same, and also takes (0, 0) for "not labelled" (the convention
// of 2-value exports of COCO data). Every other point is labelled and visible (v = 2).
#include <fmt/compile.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <iterator>

#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"

namespace labelkit::yolo {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string expected_values(const LineRules& rules) {
    if (rules.kpt_shape) {
        const auto [n, d] = *rules.kpt_shape;
        return fmt::format("expected {} values (class cx cy w h, then {} keypoints of {} values for kpt_shape "
                           "[{}, {}])",
                           5 + n * d, n, d, n, d);
    }
    if (rules.boxes_only) return "expected 5 values (class cx cy w h)";
    return "expected 5 values (class cx cy w h) or a class and at least 3 points "
           "(7, 9, 11, ... values: class x1 y1 x2 y2 x3 y3 ...)";
}

bool far_outside(double value) { return value < -0.5 || value > 1.5; }

// A bad line: thrown, or (lenient) recorded so that the caller skips the line.
void reject(const LineRules& rules, ParsedLabels& out, const char* rule, std::string message, Location where) {
    if (!rules.lenient) throw Error(std::move(message), std::move(where), rule);
    out.problems.push_back({rule, Severity::error, std::move(message), std::move(where)});
}

// Which values of a line are coordinates that must lie in 0..1: all but pose visibilities and
// the points that 2-value keypoints mark as missing.
bool is_coordinate(const std::vector<double>& values, const LineRules& rules, std::size_t i) {
    if (!rules.kpt_shape || i < 4) return true;
    const auto dims = static_cast<std::size_t>((*rules.kpt_shape)[1]);
    const std::size_t k = (i - 4) / dims, part = (i - 4) % dims;
    if (part == 2) return false;
    if (dims == 3) return values[6 + k * 3] != 0;
    const double x = values[4 + k * dims], y = values[5 + k * dims];
    return !(x < 0 || y < 0 || (x == 0 && y == 0));
}

// Lenient reading: the first coordinate of the line outside [-tolerance, 1 + tolerance].
void check_normalised(const std::vector<double>& values, const std::vector<std::uint32_t>& columns,
                      const LineRules& rules, const std::string& file, std::uint32_t line_number, ParsedLabels& out) {
    const double low = -rules.tolerance, high = 1 + rules.tolerance;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] >= low && values[i] <= high) continue;
        if (!std::isfinite(values[i]) || !is_coordinate(values, rules, i)) continue;
        out.problems.push_back({"yolo/coordinate-out-of-range", Severity::error,
                                fmt::format("value {} is outside 0..1: YOLO coordinates are normalised by the image "
                                            "size (tolerance {})",
                                            format_number(values[i]), format_number(rules.tolerance)),
                                {file, line_number, columns[i]}});
        return;
    }
}

}  // namespace

void parse_labels(std::string_view text, const std::string& file, double width, double height,
                  const LineRules& rules, ParsedLabels& out) {
    text = without_byte_order_mark(text);
    std::vector<double> values;
    std::vector<std::uint32_t> columns;  // of each value, for messages
    out.annotations.reserve(out.annotations.size() + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    std::uint32_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;

        // Split into fields; the first is the class, the others numbers.
        values.clear();
        columns.clear();
        std::string_view class_field;
        std::size_t class_column = 0;
        std::size_t at = 0;
        bool bad_number = false;
        while (true) {
            while (at < line.size() && is_space(line[at])) ++at;
            if (at >= line.size()) break;
            const std::size_t field_start = at;
            while (at < line.size() && !is_space(line[at])) ++at;
            const std::string_view field = line.substr(field_start, at - field_start);
            if (class_field.empty()) {
                class_field = field;
                class_column = field_start + 1;
                continue;
            }
            const std::optional<double> value = parse_double(field);
            if (!value) {
                reject(rules, out, "yolo/not-a-number", fmt::format("'{}' is not a number", shorten(field)),
                       {file, line_number, static_cast<std::uint32_t>(field_start + 1)});
                bad_number = true;
                break;
            }
            if (!std::isfinite(*value) && !rules.lenient)  // lint keeps it, to report geometry/non-finite
                throw Error(fmt::format("'{}' is not a finite number", shorten(field)),
                            {file, line_number, static_cast<std::uint32_t>(field_start + 1)}, "yolo/not-a-number");
            values.push_back(*value);
            columns.push_back(static_cast<std::uint32_t>(field_start + 1));
        }
        if (class_field.empty() || bad_number) continue;  // blank line, or reported

        std::optional<long long> class_index = parse_integer(class_field);
        bool too_large = false;
        if (!class_index) {
            // A whole number written as a float ("3.0"); its range is checked before the cast (1e300
            // does not fit a long long).
            const std::optional<double> number = parse_double(class_field);
            const bool whole = number && std::isfinite(*number) && std::trunc(*number) == *number;
            too_large = whole && std::abs(*number) >= 1e18;
            if (whole && !too_large) class_index = static_cast<long long>(*number);
        }
        const Location class_at{file, line_number, static_cast<std::uint32_t>(class_column)};
        if (too_large) {
            reject(rules, out, "yolo/class-out-of-range",
                   fmt::format("class index {} is out of range: the dataset has {}", shorten(class_field),
                               counted(rules.class_count, "class", "classes")),
                   class_at);
            continue;
        }
        if (!class_index) {
            reject(rules, out, "yolo/invalid-class", fmt::format("class index '{}' is not a whole number", shorten(class_field)),
                   class_at);
            continue;
        }
        if (*class_index < 0 || static_cast<std::size_t>(*class_index) >= rules.class_count) {
            reject(rules, out, "yolo/class-out-of-range",
                   fmt::format("class index {} is out of range: the dataset has {} class{} (0 to {})", *class_index,
                               rules.class_count, rules.class_count == 1 ? "" : "es",
                               static_cast<long long>(rules.class_count) - 1),
                   class_at);
            continue;
        }

        const std::size_t n = values.size();
        const bool box_line = n == 4;
        bool valid = false;
        if (rules.kpt_shape)
            valid = n == static_cast<std::size_t>(4 + (*rules.kpt_shape)[0] * (*rules.kpt_shape)[1]);
        else if (rules.boxes_only)
            valid = box_line;
        else
            valid = box_line || (n >= 6 && n % 2 == 0);
        if (!valid) {
            reject(rules, out, "yolo/field-count", fmt::format("{}, found {}", expected_values(rules), n + 1),
                   {file, line_number, 1});
            continue;
        }
        if (rules.kpt_shape && (*rules.kpt_shape)[1] == 3) {
            const auto [count, dims] = *rules.kpt_shape;
            bool visibility_ok = true;
            for (int k = 0; k < count && visibility_ok; ++k) {
                const std::size_t i = static_cast<std::size_t>(6 + k * dims);
                if (values[i] == 0 || values[i] == 1 || values[i] == 2) continue;
                reject(rules, out, "yolo/keypoint-visibility",
                       fmt::format("keypoint visibility must be 0, 1 or 2, found {}", format_number(values[i])),
                       {file, line_number, columns[i]});
                visibility_ok = false;
            }
            if (!visibility_ok) continue;
        }
        if (rules.lenient) check_normalised(values, columns, rules, file, line_number, out);

        Annotation& annotation = out.annotations.emplace_back();
        annotation.category = static_cast<std::uint32_t>(*class_index);
        annotation.origin = {0, line_number};
        bool far = false;
        if (box_line || rules.kpt_shape) {
            const double cx = values[0], cy = values[1], w = values[2], h = values[3];
            annotation.box = {(cx - w / 2) * width, (cy - h / 2) * height, w * width, h * height};
            far = far_outside(cx) || far_outside(cy) || far_outside(w) || far_outside(h);
        } else {
            std::vector<Point> ring(n / 2);
            for (std::size_t i = 0; i < ring.size(); ++i) {
                ring[i] = {values[2 * i] * width, values[2 * i + 1] * height};
                far = far || far_outside(values[2 * i]) || far_outside(values[2 * i + 1]);
            }
            if (n == 8) ++out.nine_value_lines;
            annotation.box = bounds(ring);
            PolygonSet polygons;
            polygons.rings.push_back(std::move(ring));
            annotation.shape = std::move(polygons);
        }
        if (rules.kpt_shape) {
            const auto [count, dims] = *rules.kpt_shape;
            annotation.keypoints.resize(static_cast<std::size_t>(count));
            for (int k = 0; k < count; ++k) {
                const double x = values[4 + k * dims], y = values[5 + k * dims];
                Keypoint& point = annotation.keypoints[static_cast<std::size_t>(k)];
                point.x = x * width;
                point.y = y * height;
                if (dims == 2) {
                    point.visibility = (x < 0 || y < 0 || (x == 0 && y == 0)) ? 0 : 2;
                } else {
                    point.visibility = static_cast<int>(values[6 + k * dims]);  // checked above
                }
            }
        }
        if (far && out.far_out_of_range++ == 0) out.first_far_line = line_number;
    }
}

namespace {

constexpr char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

constexpr std::uint64_t powers_of_ten[20] = {
    1ull,           10ull,           100ull,           1000ull,           10000ull,
    100000ull,      1000000ull,      10000000ull,      100000000ull,      1000000000ull,
    10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull, 100000000000000ull,
    1000000000000000ull, 10000000000000000ull, 100000000000000000ull, 1000000000000000000ull,
    10000000000000000000ull};

int digit_count(std::uint64_t value) {
    const int guess = (std::bit_width(value | 1) * 1233) >> 12;  // floor(log10(value)), or one more
    return guess + 1 - (value < powers_of_ten[guess] && guess > 0 ? 1 : 0);
}

// Exactly 8 digits of value (< 10^8), ending just before end, in two independent halves.
void write_eight(char* end, std::uint32_t value) {
    const std::uint32_t high = value / 10000, low = value % 10000;
    std::memcpy(end - 8, digit_pairs + 2 * (high / 100), 2);
    std::memcpy(end - 6, digit_pairs + 2 * (high % 100), 2);
    std::memcpy(end - 4, digit_pairs + 2 * (low / 100), 2);
    std::memcpy(end - 2, digit_pairs + 2 * (low % 100), 2);
}

// Writes the count lowest decimal digits of value so that they end just before end.
void write_digits(char* end, std::uint64_t value, int count) {
    while (count >= 8) {
        write_eight(end, static_cast<std::uint32_t>(value % 100000000));
        value /= 100000000;
        end -= 8;
        count -= 8;
    }
    auto rest = static_cast<std::uint32_t>(value);
    while (count >= 2) {
        end -= 2;
        std::memcpy(end, digit_pairs + 2 * (rest % 100), 2);
        rest /= 100;
        count -= 2;
    }
    if (count == 1) *--end = static_cast<char>('0' + rest % 10);
}

std::uint64_t power_of_ten(int exponent) { return powers_of_ten[exponent]; }

}  // namespace

// What fmt's "{}" (and so format_number) prints for a double, written straight into the buffer:
// the shortest digits that round-trip (Dragonbox, as fmt), in fixed notation for decimal
// exponents -4 to 15 and in exponent notation (1e-05, 1.5e+16) outside. Measured: fmt's
// generic writer took as long as the digit search itself, and writing YOLO label files is
// mostly this. A test compares the two on many values.
void append_number(fmt::memory_buffer& out, double value) {
    // A YOLO reader takes no inf or nan: a coordinate that becomes one (1e308 times an image
    // size) is an error, never a label file that cannot be read back.
    if (!std::isfinite(value))
        throw Error(fmt::format("a coordinate would be written as {}: it is not finite once normalised by the image size",
                                value));
    const std::size_t size = out.size();
    out.resize(size + 32);  // the longest form: -d.dddddddddddddddde-308
    char* const start = out.data() + size;
    char* at = start;
    if (std::signbit(value)) {
        *at++ = '-';
        value = -value;
    }
    const auto decimal = fmt::detail::dragonbox::to_decimal(value);
    const std::uint64_t significand = decimal.significand;
    const int count = digit_count(significand);
    const int exponent = decimal.exponent;
    const int output_exponent = exponent + count - 1;
    if (output_exponent < -4 || output_exponent >= 16) {
        write_digits(at + count + 1, significand, count);  // leaves a gap for the point
        at[0] = at[1];
        if (count > 1) {
            at[1] = '.';
            at += count + 1;
        } else {
            at += 1;
        }
        *at++ = 'e';
        *at++ = output_exponent < 0 ? '-' : '+';
        const int magnitude = output_exponent < 0 ? -output_exponent : output_exponent;
        if (magnitude >= 100) *at++ = static_cast<char>('0' + magnitude / 100);
        std::memcpy(at, digit_pairs + 2 * (magnitude % 100), 2);
        at += 2;
    } else if (exponent >= 0) {
        write_digits(at + count, significand, count);
        at = std::fill_n(at + count, exponent, '0');
    } else if (count + exponent > 0) {
        const int fraction = -exponent;
        const std::uint64_t scale = power_of_ten(fraction);
        const int whole = count - fraction;
        write_digits(at + whole, significand / scale, whole);
        at[whole] = '.';
        write_digits(at + whole + 1 + fraction, significand % scale, fraction);
        at += whole + 1 + fraction;
    } else {
        const int zeros = -(count + exponent);
        *at++ = '0';
        *at++ = '.';
        at = std::fill_n(at, zeros, '0');
        write_digits(at + count, significand, count);
        at += count;
    }
    out.resize(size + static_cast<std::size_t>(at - start));
}

void append_integer(fmt::memory_buffer& out, std::uint64_t value) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), value);
}

}  // namespace labelkit::yolo
