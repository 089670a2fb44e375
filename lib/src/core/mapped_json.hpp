#pragma once
// A JSON file mapped into memory with simdjson's padding, shared by the readers of large JSON
// files (COCO, Label Studio).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

// Where the nesting of a JSON text first goes deeper than limits::max_json_depth, or npos. Values
// kept as they are (info, attributes) are copied and written again by recursive code: deeper ones
// are refused when read.
std::size_t too_deep_at(std::string_view text);

// A JSON file mapped read-only into memory, followed by at least SIMDJSON_PADDING zero bytes
// so that simdjson can parse any slice of it in place. Pages already consumed can be
// released so that reading a 400 MB file does not keep 400 MB resident.
class MappedJson {
public:
    explicit MappedJson(const std::filesystem::path& path);  // throws labelkit::Error
    ~MappedJson();
    MappedJson(const MappedJson&) = delete;
    MappedJson& operator=(const MappedJson&) = delete;

    const char* data() const { return data_; }
    std::size_t size() const { return size_; }
    // Readable bytes from `at` on, padding included (for simdjson::padded_string_view).
    std::size_t capacity_from(const char* at) const {
        return static_cast<std::size_t>(data_ + mapped_ - at);
    }
    const std::string& path() const { return path_; }

    // Drops the whole pages inside [begin, end) from memory; they are read again from the
    // page cache if touched later. Purely an optimisation.
    void release(std::size_t begin, std::size_t end) const;

    // Parses the bytes [begin, end) as one JSON value (small values only: a DOM); an error
    // points at the byte where parsing failed, under the rules <format_name>/json-syntax and
    // <format_name>/schema (too deep).
    nlohmann::json parse_value(std::size_t begin, std::size_t end, const std::string& json_pointer,
                                const std::string& format_name) const;

    // Location of the byte at `offset` (line and column, 1-based, computed on demand).
    Location location(std::size_t offset, std::string json_pointer = {}) const;

private:
    std::string path_;
    char* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t mapped_ = 0;
};

}  // namespace labelkit
