// Splits the top-level array of a Label Studio export into its tasks without parsing them.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "formats/label_studio/label_studio_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::label_studio {

TaskScanner::TaskScanner(const MappedJson& file) : file_(file), data_(file.data()), size_(file.size()) {
    if (size_ >= 3 && std::memcmp(data_, "\xEF\xBB\xBF", 3) == 0) at_ = 3;
    skip_space();
    if (at_ >= size_ || data_[at_] != '[')
        fail(at_, "a Label Studio export is a JSON array of tasks; expected '['");
    ++at_;
}

void TaskScanner::skip_space() {
    while (at_ < size_ && (data_[at_] == ' ' || data_[at_] == '\n' || data_[at_] == '\r' || data_[at_] == '\t')) ++at_;
}

void TaskScanner::fail(std::size_t at, const std::string& what) {
    Location where = file_.location(at);
    throw Error("invalid JSON: " + what, std::move(where), "label-studio/json-syntax");
}

namespace {

// The end of the string whose opening quote is at data[open]: one past its closing quote, or
// npos. memchr finds each quote; one preceded by an odd number of backslashes is escaped.
std::size_t end_of_string(const char* data, std::size_t size, std::size_t open) {
    std::size_t from = open + 1;
    while (from < size) {
        const void* found = std::memchr(data + from, '"', size - from);
        if (!found) return std::string_view::npos;
        const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(found) - data);
        std::size_t backslashes = 0;
        while (quote - backslashes > open + 1 && data[quote - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return quote + 1;
        from = quote + 1;
    }
    return std::string_view::npos;
}

// What a byte outside strings means to the scanner.
enum ByteClass : std::uint8_t { plain, quote, open_bracket, close_bracket, separator };

constexpr std::array<std::uint8_t, 256> byte_classes = [] {
    std::array<std::uint8_t, 256> classes{};
    classes['"'] = quote;
    classes['['] = classes['{'] = open_bracket;
    classes[']'] = classes['}'] = close_bracket;
    classes[','] = classes[' '] = classes['\n'] = classes['\r'] = classes['\t'] = separator;
    return classes;
}();

// The first quote or bracket at or after `from` (inside a container, where separators and
// everything else can be skipped), or `size`. SSE2 looks at 16 bytes at a time.
std::size_t next_quote_or_bracket(const char* data, std::size_t size, std::size_t from) {
#if defined(__SSE2__)
    const __m128i quote_byte = _mm_set1_epi8('"'), lower = _mm_set1_epi8(0x20);
    const __m128i open_byte = _mm_set1_epi8('{'), close_byte = _mm_set1_epi8('}');
    for (; from + 16 <= size; from += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + from));
        const __m128i folded = _mm_or_si128(bytes, lower);  // '[' -> '{', ']' -> '}'
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, quote_byte),
                                          _mm_or_si128(_mm_cmpeq_epi8(folded, open_byte), _mm_cmpeq_epi8(folded, close_byte)));
        if (const int mask = _mm_movemask_epi8(hits)) return from + static_cast<std::size_t>(__builtin_ctz(mask));
    }
#endif
    for (; from < size; ++from) {
        const std::uint8_t kind = byte_classes[static_cast<unsigned char>(data[from])];
        if (kind == quote || kind == open_bracket || kind == close_bracket) return from;
    }
    return size;
}

}  // namespace

// One past the end of the value starting at `at`: a string, a container (to its matching
// bracket) or a scalar (to the next separator). Its content is checked later by simdjson.
std::size_t TaskScanner::end_of_value(std::size_t at) {
    std::size_t depth = 0;
    for (std::size_t i = at; i < size_; ++i) {
        switch (byte_classes[static_cast<unsigned char>(data_[i])]) {
        case plain:
        case separator:
            if (depth == 0) {
                if (byte_classes[static_cast<unsigned char>(data_[i])] == separator) return i;
                break;
            }
            i = next_quote_or_bracket(data_, size_, i + 1) - 1;  // the loop steps onto it
            break;
        case quote:
            i = end_of_string(data_, size_, i);
            if (i == std::string_view::npos) fail(size_, "the file ends inside a string");
            if (depth == 0) return i;
            --i;  // the loop steps past the closing quote
            break;
        case open_bracket:
            if (++depth > limits::max_json_depth)
                fail(i, fmt::format("nested more than {} levels deep", limits::max_json_depth));
            break;
        case close_bracket:
            if (depth == 0) return i;  // the end of a scalar before the array's ']'
            if (--depth == 0) return i + 1;
            break;
        }
    }
    fail(size_, "the file ends before the array is closed");
}

std::optional<TaskSlice> TaskScanner::next() {
    if (done_) return std::nullopt;
    skip_space();
    if (!first_) {
        if (at_ < size_ && data_[at_] == ']') {
            done_ = true;
        } else if (at_ < size_ && data_[at_] == ',') {
            ++at_;
            skip_space();
        } else {
            fail(at_, "expected ',' or ']' after a task");
        }
    } else if (at_ < size_ && data_[at_] == ']') {
        done_ = true;
    }
    if (done_) {
        ++at_;
        skip_space();
        if (at_ < size_) fail(at_, "text after the array of tasks");
        return std::nullopt;
    }
    if (at_ >= size_) fail(at_, "the file ends before the array is closed");
    first_ = false;
    const std::size_t begin = at_;
    at_ = end_of_value(begin);
    if (at_ == begin) fail(begin, fmt::format("unexpected '{}'", shorten(std::string_view(data_ + begin, 1))));
    return TaskSlice{begin, at_};
}

std::uint32_t TaskScanner::line_at(std::size_t offset) {
    offset = std::min(offset, size_);
    if (offset < counted_to_) return static_cast<std::uint32_t>(file_.location(offset).line);
    line_ += static_cast<std::uint32_t>(std::count(data_ + counted_to_, data_ + offset, '\n'));
    counted_to_ = offset;
    return line_;
}

}  // namespace labelkit::label_studio
