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

#if defined(__SSE2__)
// Bits of the 64 bytes at `data` equal to `byte`.
std::uint64_t bytes_equal(const char* data, char byte) {
    const __m128i wanted = _mm_set1_epi8(byte);
    std::uint64_t bits = 0;
    for (int part = 0; part < 4; ++part) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * part));
        const auto mask = static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, wanted)));
        bits |= static_cast<std::uint64_t>(mask) << (16 * part);
    }
    return bits;
}

// Bit i set when an odd number of bits 0..i are: the bytes inside strings, given their quotes.
std::uint64_t prefix_xor(std::uint64_t bits) {
    for (int shift = 1; shift < 64; shift *= 2) bits ^= bits << shift;
    return bits;
}
#endif

}  // namespace

std::size_t TaskScanner::step_bytes(ScanState& state, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        const char c = data_[i];
        if (state.in_string) {
            if (state.escaped) {
                state.escaped = false;
            } else if (c == '\\') {
                state.escaped = true;
            } else if (c == '"') {
                state.in_string = false;
                if (state.depth == 0) return i + 1;
            }
            continue;
        }
        switch (byte_classes[static_cast<unsigned char>(c)]) {
        case plain: break;
        case quote: state.in_string = true; break;
        case open_bracket:
            if (++state.depth > limits::max_json_depth)
                fail(i, fmt::format("nested more than {} levels deep", limits::max_json_depth));
            break;
        case close_bracket:
            if (state.depth == 0) return i;  // the end of a scalar before the array's ']'
            if (--state.depth == 0) return i + 1;
            break;
        case separator:
            if (state.depth == 0) return i;
            break;
        }
    }
    return npos;
}

// One past the end of the value starting at `at`: a string, a container (to its matching
// bracket) or a scalar (to the next separator). Its content is checked later by simdjson.
// A container is scanned 64 bytes at a time where SSE2 is available (quotes and brackets as bit
// masks, as simdjson's first stage finds them), byte by byte in the blocks that hold a backslash.
std::size_t TaskScanner::end_of_value(std::size_t at) {
    ScanState state;
    std::size_t i = at;
#if defined(__SSE2__)
    // The mapped file is followed by at least 64 readable bytes: a block may start at any i < size.
    if (data_[at] == '{' || data_[at] == '[') {
        while (i + 64 <= size_) {
            const char* block = data_ + i;
            if (state.escaped || bytes_equal(block, '\\') != 0) {
                if (const std::size_t found = step_bytes(state, i, i + 64); found != npos) return found;
                i += 64;
                continue;
            }
            const std::uint64_t strings = prefix_xor(bytes_equal(block, '"')) ^ (state.in_string ? ~std::uint64_t{0} : 0);
            const std::uint64_t opens = (bytes_equal(block, '{') | bytes_equal(block, '[')) & ~strings;
            const std::uint64_t closes = (bytes_equal(block, '}') | bytes_equal(block, ']')) & ~strings;
            for (std::uint64_t brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
                const int bit = __builtin_ctzll(brackets);
                if ((opens >> bit) & 1) {
                    if (++state.depth > limits::max_json_depth)
                        fail(i + bit, fmt::format("nested more than {} levels deep", limits::max_json_depth));
                } else if (--state.depth == 0) {
                    return i + bit + 1;
                }
            }
            state.in_string = (strings >> 63) & 1;
            i += 64;
        }
    }
#endif
    if (const std::size_t found = step_bytes(state, i, size_); found != npos) return found;
    fail(size_, state.in_string ? "the file ends inside a string" : "the file ends before the array is closed");
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
