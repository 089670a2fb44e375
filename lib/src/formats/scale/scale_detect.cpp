// Detection of Scale tasks and Nucleus annotations by the keys of the file's first record (the
// first element of a top-level array, the top-level object, or the first JSON line), read from
// the first 64 KB without building the JSON.
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "formats/scale/scale_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::scale {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t peek_size = 64 * 1024;

// Higher than COCO's 100 for a .json object with an "annotations" key, which a Scale callback
// body has inside its response.
constexpr int confident = 110;

// Collects the keys of the first record and stops at its end (or at the end of the peek).
class FirstRecordKeys : public nlohmann::json_sax<json> {
public:
    std::set<std::string> keys;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& name) override {
        if (depth_ == record_depth_) keys.insert(name);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    bool open(bool object) {
        ++depth_;
        if (record_depth_ == 0) record_depth_ = object ? 1 : 2;
        if (depth_ == record_depth_ && !object) return false;  // a record that is not an object
        return true;
    }
    bool close() { return --depth_ >= record_depth_; }  // false once the first record has ended

    int depth_ = 0;
    int record_depth_ = 0;  // 1: the top-level object is the record; 2: the top-level array's elements
};

std::set<std::string> first_record_keys(const fs::path& path) {
    const std::string text = read_file_start(path, peek_size);
    FirstRecordKeys handler;
    const std::string_view body = without_byte_order_mark(text);
    json::sax_parse(body.begin(), body.end(), &handler, json::input_format_t::json, false);
    return std::move(handler.keys);
}

bool has(const std::set<std::string>& keys, const char* key) { return keys.contains(key); }

std::optional<Detection> refuse_by_kind(const fs::path& input) {
    std::error_code error;
    if (!fs::is_regular_file(input, error)) return Detection{0, "not a file"};
    const std::string extension = input.extension().string();
    for (const char* accepted : {".json", ".jsonl", ".ndjson"})
        if (iequals(extension, accepted)) return std::nullopt;
    return Detection{0, "not a .json, .jsonl or .ndjson file"};
}

std::string listed(const std::set<std::string>& keys) {
    if (keys.empty()) return "no JSON object first";
    return fmt::format("first record's keys: {}", shorten(fmt::format("{}", fmt::join(keys, ", ")), 120));
}

}  // namespace

Detection detect_scale(const fs::path& input) {
    if (auto refused = refuse_by_kind(input)) return *refused;
    const std::set<std::string> keys = first_record_keys(input);
    if (has(keys, "task_id") && (has(keys, "response") || has(keys, "params") || has(keys, "task")))
        return {confident, "Scale tasks: the first record has task_id and a response, params or task"};
    if (has(keys, "task") && has(keys, "response")) return {confident, "a Scale callback body: task and response"};
    return {0, fmt::format("no Scale task (task_id with response or params): {}", listed(keys))};
}

Detection detect_nucleus(const fs::path& input) {
    if (auto refused = refuse_by_kind(input)) return *refused;
    const std::set<std::string> keys = first_record_keys(input);
    const bool reference = has(keys, "reference_id") || has(keys, "ref_id");
    if (reference && has(keys, "type") && (has(keys, "geometry") || has(keys, "label") || has(keys, "labels")))
        return {confident, "Nucleus annotations: the first record has reference_id, type and a geometry or label"};
    return {0, fmt::format("no Nucleus annotation (reference_id, type, geometry or label): {}", listed(keys))};
}

}  // namespace labelkit::scale
