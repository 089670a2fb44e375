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

// What a line's values draw.
enum class LineShape { box, polygon, pose };

// Tokenizing a line: the next field, at or after `at` (then moved past it), with its 1-based
// column. False at the end of the line. (std::find_if's unrolled loops: hand-written scans here
// measured 5 to 20% slower parsing, depending on how the compiler laid them out.)
bool next_field(std::string_view line, std::size_t& at, std::string_view& field, std::uint32_t& column) {
    const auto start = std::find_if_not(line.begin() + at, line.end(), is_space);
    if (start == line.end()) return false;
    const auto end = std::find_if(start, line.end(), is_space);
    field = std::string_view(start, end);
    column = static_cast<std::uint32_t>(start - line.begin() + 1);
    at = static_cast<std::size_t>(end - line.begin());
    return true;
}

// Parses the lines of one label file into `out`, each in steps: its fields (next_field) read as
// the class field and numbers (read_fields), the class index (read_class), the shape its number
// of values gives (classify_shape), the values' ranges (check_ranges), then the annotation
// (build_annotation). A step that finds a bad line rejects it: throws, or, when reading
// leniently, records the problem and skips the line.
class LineParser {
public:
    LineParser(const std::string& file, double width, double height, const LineRules& rules, ParsedLabels& out)
        : file_(file), width_(width), height_(height), rules_(rules), out_(out) {}

    void parse(std::string_view line, std::uint32_t line_number) {
        line_number_ = line_number;
        if (!read_fields(line)) return;
        if (!read_class() || !classify_shape() || !check_ranges()) return;
        build_annotation();
    }

private:
    // The first field is the class, the others numbers (kept with their columns). Reading strictly,
    // infinities and NaN are refused too (lint keeps them, to report geometry/non-finite).
    // False for a blank line, or after rejecting a field that is not a number.
    bool read_fields(std::string_view line) {
        class_field_ = {};
        values_.clear();
        columns_.clear();
        std::size_t at = 0;
        std::string_view field;
        std::uint32_t column = 0;
        while (next_field(line, at, field, column)) {
            if (class_field_.empty()) {
                class_field_ = field;
                class_column_ = column;
                continue;
            }
            const std::optional<double> value = parse_double(field);
            if (!value) {
                reject("yolo/not-a-number", fmt::format("'{}' is not a number", shorten(field)), column);
                return false;
            }
            if (!std::isfinite(*value) && !rules_.lenient)
                throw Error(fmt::format("'{}' is not a finite number", shorten(field)), location(column),
                            "yolo/not-a-number");
            values_.push_back(*value);
            columns_.push_back(column);
        }
        return !class_field_.empty();
    }

    // The class index, a whole number (also written "3.0") below the number of classes.
    bool read_class() {
        std::optional<long long> index = parse_integer(class_field_);
        bool too_large = false;
        if (!index) {
            // Its range is checked before the cast: 1e300 does not fit a long long.
            const std::optional<double> number = parse_double(class_field_);
            const bool whole = number && std::isfinite(*number) && std::trunc(*number) == *number;
            too_large = whole && std::abs(*number) >= 1e18;
            if (whole && !too_large) index = static_cast<long long>(*number);
        }
        if (too_large) {
            reject("yolo/class-out-of-range",
                   fmt::format("class index {} is out of range: the dataset has {}", shorten(class_field_),
                               counted(rules_.class_count, "class", "classes")),
                   class_column_);
            return false;
        }
        if (!index) {
            reject("yolo/invalid-class", fmt::format("class index '{}' is not a whole number", shorten(class_field_)),
                   class_column_);
            return false;
        }
        if (*index < 0 || static_cast<std::size_t>(*index) >= rules_.class_count) {
            reject("yolo/class-out-of-range",
                   fmt::format("class index {} is out of range: the dataset has {} class{} (0 to {})", *index,
                               rules_.class_count, rules_.class_count == 1 ? "" : "es",
                               static_cast<long long>(rules_.class_count) - 1),
                   class_column_);
            return false;
        }
        class_index_ = static_cast<std::uint32_t>(*index);
        return true;
    }

    // The shape, from the number of values: a pose line with kpt_shape, a box of 4
    // values, or a polygon of 3 points or more (Darknet: boxes only).
    bool classify_shape() {
        const std::size_t n = values_.size();
        bool valid = false;
        if (rules_.kpt_shape) {
            shape_ = LineShape::pose;
            valid = n == static_cast<std::size_t>(4 + (*rules_.kpt_shape)[0] * (*rules_.kpt_shape)[1]);
        } else {
            shape_ = n == 4 ? LineShape::box : LineShape::polygon;
            valid = n == 4 || (!rules_.boxes_only && n >= 6 && n % 2 == 0);
        }
        if (!valid) reject("yolo/field-count", fmt::format("{}, found {}", expected_values(rules_), n + 1), 1);
        return valid;
    }

    // Keypoint visibilities are 0, 1 or 2; reading leniently, a coordinate outside
    // [-tolerance, 1 + tolerance] is reported (the line is kept).
    bool check_ranges() {
        if (shape_ == LineShape::pose && (*rules_.kpt_shape)[1] == 3) {
            const auto [count, dims] = *rules_.kpt_shape;
            for (int k = 0; k < count; ++k) {
                const std::size_t i = static_cast<std::size_t>(6 + k * dims);
                if (values_[i] == 0 || values_[i] == 1 || values_[i] == 2) continue;
                reject("yolo/keypoint-visibility",
                       fmt::format("keypoint visibility must be 0, 1 or 2, found {}", format_number(values_[i])),
                       columns_[i]);
                return false;
            }
        }
        if (rules_.lenient) report_first_out_of_range();
        return true;
    }

    void report_first_out_of_range() {
        const double low = -rules_.tolerance, high = 1 + rules_.tolerance;
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (values_[i] >= low && values_[i] <= high) continue;
            if (!std::isfinite(values_[i]) || !is_coordinate(i)) continue;
            out_.problems.push_back({"yolo/coordinate-out-of-range", Severity::error,
                                     fmt::format("value {} is outside 0..1: YOLO coordinates are normalised by the "
                                                 "image size (tolerance {})",
                                                 format_number(values_[i]), format_number(rules_.tolerance)),
                                     location(columns_[i])});
            return;
        }
    }

    // Which values are coordinates that must lie in 0..1: all but pose visibilities and the
    // points that 2-value keypoints mark as missing.
    bool is_coordinate(std::size_t i) const {
        if (shape_ != LineShape::pose || i < 4) return true;
        const auto dims = static_cast<std::size_t>((*rules_.kpt_shape)[1]);
        const std::size_t k = (i - 4) / dims, part = (i - 4) % dims;
        if (part == 2) return false;
        if (dims == 3) return values_[6 + k * 3] != 0;
        return !is_missing_point(values_[4 + k * dims], values_[5 + k * dims]);
    }

    // 2-value keypoints: negative, as Ultralytics masks them, or (0, 0), as 2-value COCO exports write them.
    static bool is_missing_point(double x, double y) { return x < 0 || y < 0 || (x == 0 && y == 0); }

    // Then: the annotation, in pixels.
    void build_annotation() {
        Annotation& annotation = out_.annotations.emplace_back();
        annotation.category = class_index_;
        annotation.origin = {0, line_number_};
        const bool far = shape_ == LineShape::polygon ? set_polygon(annotation) : set_box(annotation);
        if (shape_ == LineShape::pose) set_keypoints(annotation);
        if (far && out_.far_out_of_range++ == 0) out_.first_far_line = line_number_;
    }

    // These return whether a value is far outside 0..1 (not normalised?).
    bool set_box(Annotation& annotation) const {
        const double cx = values_[0], cy = values_[1], w = values_[2], h = values_[3];
        annotation.box = {(cx - w / 2) * width_, (cy - h / 2) * height_, w * width_, h * height_};
        return far_outside(cx) || far_outside(cy) || far_outside(w) || far_outside(h);
    }

    bool set_polygon(Annotation& annotation) {
        bool far = false;
        std::vector<Point> ring(values_.size() / 2);
        for (std::size_t i = 0; i < ring.size(); ++i) {
            ring[i] = {values_[2 * i] * width_, values_[2 * i + 1] * height_};
            far = far || far_outside(values_[2 * i]) || far_outside(values_[2 * i + 1]);
        }
        if (values_.size() == 8) ++out_.nine_value_lines;
        annotation.box = bounds(ring);
        PolygonSet polygons;
        polygons.rings.push_back(std::move(ring));
        annotation.shape = std::move(polygons);
        return far;
    }

    void set_keypoints(Annotation& annotation) const {
        const auto [count, dims] = *rules_.kpt_shape;
        annotation.keypoints.resize(static_cast<std::size_t>(count));
        for (int k = 0; k < count; ++k) {
            const double x = values_[4 + k * dims], y = values_[5 + k * dims];
            Keypoint& point = annotation.keypoints[static_cast<std::size_t>(k)];
            point.x = x * width_;
            point.y = y * height_;
            point.visibility = dims == 2 ? (is_missing_point(x, y) ? 0 : 2)
                                         : static_cast<int>(values_[6 + k * dims]);  // checked by check_ranges
        }
    }

    Location location(std::uint32_t column) const { return {file_, line_number_, column}; }

    // A bad line: thrown, or (lenient) recorded so that the line is skipped.
    void reject(const char* rule, std::string message, std::uint32_t column) {
        if (!rules_.lenient) throw Error(std::move(message), location(column), rule);
        out_.problems.push_back({rule, Severity::error, std::move(message), location(column)});
    }

    const std::string& file_;
    const double width_, height_;
    const LineRules& rules_;
    ParsedLabels& out_;
    // The line being parsed; the buffers are reused from line to line.
    std::uint32_t line_number_ = 0;
    std::string_view class_field_;
    std::uint32_t class_column_ = 0;
    std::vector<std::uint32_t> columns_;  // of each value
    std::vector<double> values_;
    std::uint32_t class_index_ = 0;
    LineShape shape_ = LineShape::box;
};

}  // namespace

void parse_labels(std::string_view text, const std::string& file, double width, double height,
                  const LineRules& rules, ParsedLabels& out) {
    text = without_byte_order_mark(text);
    out.annotations.reserve(out.annotations.size() + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    LineParser parser(file, width, height, rules, out);
    std::uint32_t line_number = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        parser.parse(text.substr(start, end - start), ++line_number);
        start = end + 1;
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
