// Splits the top-level array of a Label Studio export into its tasks without parsing them.
#include <algorithm>
#include <cstring>

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

// One past the end of the value starting at `at`: a string, a container (to its matching
// bracket) or a scalar (to the next separator). Its content is checked later by simdjson.
std::size_t TaskScanner::end_of_value(std::size_t at) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = at; i < size_; ++i) {
        const char c = data_[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') {
                in_string = false;
                if (depth == 0) return i + 1;
            }
            continue;
        }
        switch (c) {
        case '"': in_string = true; break;
        case '[':
        case '{':
            if (++depth > limits::max_json_depth)
                fail(i, fmt::format("nested more than {} levels deep", limits::max_json_depth));
            break;
        case ']':
        case '}':
            if (depth == 0) return i;  // the end of a scalar before the array's ']'
            if (--depth == 0) return i + 1;
            break;
        case ',':
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            if (depth == 0) return i;
            break;
        default: break;
        }
    }
    fail(size_, in_string ? "the file ends inside a string" : "the file ends before the array is closed");
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
