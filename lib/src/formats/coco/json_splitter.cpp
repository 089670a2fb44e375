#include "formats/coco/coco_private.hpp"

#include <string_view>

#include <fmt/format.h>

#include "labelkit/error.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace labelkit::coco {

namespace {

// Release consumed pages in steps this large, so that madvise stays rare.
constexpr std::size_t release_step = std::size_t{32} << 20;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_bracket(char c) { return c == '{' || c == '}' || c == '[' || c == ']'; }

// First offset >= pos (and < size) holding '"' or a bracket, or size. The buffer must be
// readable 16 bytes past size (it is: MappedJson pads with zeros).
std::size_t find_structural(const char* data, std::size_t pos, std::size_t size) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i open = _mm_set1_epi8('{');    // '[' | 0x20 == '{'
    const __m128i close = _mm_set1_epi8('}');   // ']' | 0x20 == '}'
    const __m128i lower = _mm_set1_epi8(0x20);
    for (; pos < size; pos += 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
        const __m128i folded = _mm_or_si128(chunk, lower);
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(chunk, quote),
                                          _mm_or_si128(_mm_cmpeq_epi8(folded, open),
                                                       _mm_cmpeq_epi8(folded, close)));
        if (const int mask = _mm_movemask_epi8(hits)) {
            const std::size_t found = pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
            return found < size ? found : size;
        }
    }
    return size;
#else
    for (; pos < size; ++pos)
        if (data[pos] == '"' || is_bracket(data[pos])) return pos;
    return size;
#endif
}

// First offset >= pos holding '"' or '\\', or size.
std::size_t find_string_end(const char* data, std::size_t pos, std::size_t size) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; pos < size; pos += 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash));
        if (const int mask = _mm_movemask_epi8(hits)) {
            const std::size_t found = pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
            return found < size ? found : size;
        }
    }
    return size;
#else
    for (; pos < size; ++pos)
        if (data[pos] == '"' || data[pos] == '\\') return pos;
    return size;
#endif
}

std::string describe(char c) {
    if (c == '\0') return "a NUL byte";
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
        return fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
    return fmt::format("'{}'", c);
}

class Scanner {
public:
    explicit Scanner(const MappedJson& file) : file_(file), data_(file.data()), size_(file.size()) {}

    TopLevel run() {
        TopLevel top;
        std::size_t pos = skip_space(has_byte_order_mark() ? 3 : 0);
        if (pos >= size_) fail(pos, "the file is empty (expected a JSON object)");
        if (data_[pos] != '{')
            fail(pos, fmt::format("expected '{{' at the start (a COCO file is one JSON object), found {}",
                                  describe(data_[pos])));
        pos = skip_space(pos + 1);
        if (pos < size_ && data_[pos] == '}') return finish(top, pos + 1);
        while (true) {
            pos = member(top, pos);
            pos = skip_space(pos);
            need(pos, "',' or '}' after a top-level value");
            if (data_[pos] == '}') return finish(top, pos + 1);
            if (data_[pos] != ',') fail(pos, fmt::format("expected ',' or '}}' after the value of \"{}\", found {}", key_, describe(data_[pos])));
            pos = skip_space(pos + 1);
        }
    }

private:
    bool has_byte_order_mark() const { return size_ >= 3 && std::string_view(data_, 3) == "\xEF\xBB\xBF"; }

    TopLevel finish(TopLevel& top, std::size_t pos) {
        key_.clear();
        pos = skip_space(pos);
        if (pos < size_) fail(pos, fmt::format("unexpected {} after the end of the top-level object", describe(data_[pos])));
        return std::move(top);
    }

    // One "key": value of the top-level object; returns the offset after the value.
    std::size_t member(TopLevel& top, std::size_t pos) {
        need(pos, "a key");
        if (data_[pos] != '"') fail(pos, fmt::format("expected a key in double quotes, found {}", describe(data_[pos])));
        const std::size_t key_end = skip_string(pos);
        key_.assign(data_ + pos + 1, key_end - pos - 2);
        pos = skip_space(key_end);
        need(pos, "':'");
        if (data_[pos] != ':') fail(pos, fmt::format("expected ':' after the key \"{}\", found {}", key_, describe(data_[pos])));
        pos = skip_space(pos + 1);
        need(pos, "a value");
        release_before(pos);
        if (key_ == "images") return array_member(top.images, pos);
        if (key_ == "annotations") return array_member(top.annotations, pos);
        if (key_ == "categories") return array_member(top.categories, pos);
        const std::size_t end = skip_value(pos);
        if (key_ == "info") {
            duplicate_check(top.info.has_value(), pos);
            top.info = Slice{pos, end};
        } else if (key_ == "licenses") {
            duplicate_check(top.licenses.has_value(), pos);
            top.licenses = Slice{pos, end};
        } else {
            top.other_keys.push_back(key_);
        }
        return end;
    }

    void duplicate_check(bool seen, std::size_t pos) const {
        if (seen) fail(pos, fmt::format("the key \"{}\" appears twice", key_));
    }

    std::size_t array_member(ElementList& list, std::size_t pos) {
        duplicate_check(list.present || list.offset != 0, pos);
        list.offset = pos;
        if (data_[pos] != '[') {
            const std::size_t end = skip_value(pos);
            if (std::string_view(data_ + pos, end - pos) == "null") return end;  // same as absent
            fail(pos, fmt::format("\"{}\" must be an array, found {}", key_, describe(data_[pos])), "/" + key_);
        }
        list.present = true;
        return split_array(list, pos);
    }

    std::size_t split_array(ElementList& list, std::size_t pos) {
        pos = skip_space(pos + 1);
        need(pos, "an array element or ']'");
        if (data_[pos] == ']') {
            list.close = pos;
            return pos + 1;
        }
        std::size_t released = pos;
        for (index_ = 0;; ++index_) {
            const std::size_t end = skip_value(pos);
            if (end - pos > UINT32_MAX) fail(pos, "array element larger than 4 GB");
            list.add(pos);
            if (end - released >= release_step) {
                file_.release(released, end);
                released = end;
            }
            pos = skip_space(end);
            need(pos, "',' or ']' after an array element");
            if (data_[pos] == ']') break;
            if (data_[pos] != ',')
                fail(pos, fmt::format("expected ',' or ']' after an element of \"{}\", found {}", key_, describe(data_[pos])));
            pos = skip_space(pos + 1);
            need(pos, "an array element");
            if (data_[pos] == ']') fail(pos, "a trailing ',' before ']' is not valid JSON");
        }
        index_ = npos;
        list.close = pos;
        return pos + 1;
    }

    std::size_t skip_value(std::size_t pos) {
        need(pos, "a value");
        const char c = data_[pos];
        if (c == '"') return skip_string(pos);
        if (c == '{' || c == '[') return skip_container(pos);
        if (c == '}' || c == ']' || c == ',' || c == ':') fail(pos, fmt::format("expected a value, found {}", describe(c)));
        return skip_scalar(pos);
    }

    std::size_t skip_string(std::size_t pos) const {
        std::size_t at = pos + 1;
        while (true) {
            at = find_string_end(data_, at, size_);
            if (at >= size_) fail(size_, fmt::format("unexpected end of file inside a string that starts at {} (the JSON is truncated)", line_column(pos)));
            if (data_[at] == '"') return at + 1;
            at += 2;  // skip the escaped character
        }
    }

    std::size_t skip_container(std::size_t pos) {
        open_.clear();
        open_.push_back(pos);
        std::size_t at = pos + 1;
        while (true) {
            at = find_structural(data_, at, size_);
            if (at >= size_) {
                const std::size_t innermost = open_.back();
                fail(size_, fmt::format("unexpected end of file: the {} opened at {} is not closed (the JSON is truncated)",
                                        data_[innermost] == '{' ? "object" : "array", line_column(innermost)));
            }
            const char c = data_[at];
            if (c == '"') {
                at = skip_string(at);
                continue;
            }
            if (c == '{' || c == '[') {
                open_.push_back(at++);
                continue;
            }
            const char opener = data_[open_.back()];
            if ((opener == '{') != (c == '}'))
                fail(at, fmt::format("'{}' does not match the '{}' opened at {}", c, opener, line_column(open_.back())));
            open_.pop_back();
            ++at;
            if (open_.empty()) return at;
        }
    }

    std::size_t skip_scalar(std::size_t pos) const {
        std::size_t at = pos;
        while (at < size_ && !is_space(data_[at]) && data_[at] != ',' && !is_bracket(data_[at]) && data_[at] != ':' &&
               data_[at] != '"')
            ++at;
        if (at == pos) fail(pos, fmt::format("unexpected {}", describe(data_[pos])));
        return at;
    }

    std::size_t skip_space(std::size_t pos) const {
        while (pos < size_ && is_space(data_[pos])) ++pos;
        return pos;
    }

    void need(std::size_t pos, std::string_view what) const {
        if (pos >= size_) fail(size_, fmt::format("unexpected end of file, expected {} (the JSON is truncated)", what));
    }

    void release_before(std::size_t pos) {
        if (pos - released_ >= release_step) {
            file_.release(released_, pos);
            released_ = pos;
        }
    }

    std::string line_column(std::size_t offset) const {
        const Location where = file_.location(offset);
        return fmt::format("line {}, column {}", where.line, where.column);
    }

    std::string pointer() const {
        if (key_.empty()) return {};
        return index_ == npos ? "/" + key_ : fmt::format("/{}/{}", key_, index_);
    }

    [[noreturn]] void fail(std::size_t offset, std::string message) const { fail(offset, std::move(message), pointer()); }
    [[noreturn]] void fail(std::size_t offset, std::string message, std::string json_pointer) const {
        throw Error("invalid JSON: " + message, file_.location(offset, std::move(json_pointer)), "coco/json-syntax");
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    const MappedJson& file_;
    const char* data_;
    std::size_t size_;
    std::string key_;
    std::size_t index_ = npos;
    std::size_t released_ = 0;
    std::vector<std::size_t> open_;  // offsets of the brackets not closed yet
};

}  // namespace

void ElementList::add(std::size_t begin) {
    const std::size_t high = begin >> 32;
    while (wraps_.size() < high) wraps_.push_back(low_.size());
    low_.push_back(static_cast<std::uint32_t>(begin));
}

Slice ElementList::element(std::size_t index, const char* data) const {
    const std::size_t first = begin(index);
    std::size_t end = index + 1 < count() ? begin(index + 1) : close;
    while (end > first && is_space(data[end - 1])) --end;
    if (index + 1 < count() && end > first && data[end - 1] == ',') --end;
    while (end > first && is_space(data[end - 1])) --end;
    return {first, end};
}

TopLevel split_top_level(const MappedJson& file) {
    TopLevel top = Scanner(file).run();
    file.release(0, file.size());
    return top;
}

}  // namespace labelkit::coco
