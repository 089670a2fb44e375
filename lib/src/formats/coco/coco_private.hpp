#pragma once
// Private to the COCO format (lib/src/formats/coco/): what the folder's files share. Its face
// to the rest of labelkit is coco_format.hpp (the Format that registry.cpp lists).

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "core/mapped_json.hpp"
#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit::coco {

// The mapped file: core/mapped_json.hpp.
using labelkit::MappedJson;

// ---------------- top-level structure (json_splitter.cpp)

// A small byte scanner over a whole COCO file that finds where each top-level value is and
// where each element of the large arrays ("images", "annotations", "categories") begins and
// ends, without building a DOM. It only tracks strings, escapes and brackets; the elements
// themselves are parsed later, one at a time, by simdjson.

struct Slice {
    std::size_t begin = 0;  // byte offset of the value's first character
    std::size_t end = 0;    // one past its last character
};

// The elements of one top-level array, as byte ranges. Offsets are stored in 32 bits (plus
// the rare points where they cross a multiple of 4 GiB): 4 bytes per element.
class ElementList {
public:
    bool present = false;
    std::size_t offset = 0;  // of the '['
    std::size_t close = 0;   // of the ']'

    std::size_t count() const { return low_.size(); }
    std::size_t begin(std::size_t index) const {
        std::size_t high = 0;
        if (!wraps_.empty())
            high = static_cast<std::size_t>(std::upper_bound(wraps_.begin(), wraps_.end(), index) - wraps_.begin());
        return (high << 32) | low_[index];
    }
    // The element's bytes: from its first character to its last (separators excluded).
    Slice element(std::size_t index, const char* data) const;
    void add(std::size_t begin);

private:
    std::vector<std::uint32_t> low_;   // low 32 bits of each element's offset
    std::vector<std::size_t> wraps_;   // indices where the high bits go up by one
};

struct TopLevel {
    std::optional<Slice> info;
    std::optional<Slice> licenses;
    ElementList images;
    ElementList annotations;
    ElementList categories;
    std::vector<std::string> other_keys;  // top-level keys labelkit does not read
};

// Throws labelkit::Error (with line and column) for invalid or truncated JSON.
// Pages behind the scanner are released as it goes.
TopLevel split_top_level(const MappedJson& file);

// ---------------- arrays of numbers (number_array.cpp)

// Fast parsing of the text of a JSON array of numbers ("[12.5, 3, -1e-3]"), the bulk of a
// COCO file (polygon coordinates). Short decimals take an exact fast path (an integer
// divided by a power of ten, both exact doubles: one correctly rounded division); anything
// else goes through std::from_chars. Results are identical to a correctly rounding parser.

struct NumberArrayError {
    std::size_t index = 0;     // of the bad element
    const char* at = nullptr;  // its first character
    std::string message;
    bool syntax = false;       // invalid JSON (rather than a value of the wrong type)
};

// text must start with '[' and end with the matching ']' (as simdjson's raw_json gives it)
// and be followed by at least 16 readable bytes (it is: the file is mapped with padding).
std::optional<NumberArrayError> parse_number_array(std::string_view text, std::vector<double>& out);

// ---------------- single values with simdjson (json_values.cpp)

// Reading single JSON values with simdjson On-Demand, for the COCO element parser: each
// reader checks the type and range and throws labelkit::Error with the file, line:column and
// JSON pointer of the offending value.

namespace od = simdjson::ondemand;

// A JSON pointer below one array element (/annotations/12/segmentation/0), built only when
// an error is reported, plus what is needed to locate the error in the file.
struct Where {
    struct Step {
        const char* name = nullptr;  // or, when null, the array index below
        std::size_t index = 0;
    };
    const MappedJson* file = nullptr;
    const char* element = nullptr;  // first byte of the element, the fallback location
    std::array<Step, 6> steps{};
    std::size_t depth = 0;

    Where operator/(const char* name) const;
    Where operator/(std::size_t index) const;
    std::string pointer() const;
};

// Throws Error at `at` (a byte of the mapped file; the element's first byte when null).
// `rule` is the lint rule the problem breaks (see coco_lint.cpp).
[[noreturn]] void fail(const Where& where, const char* at, std::string message, const char* rule = "coco/schema");
[[noreturn]] void fail_json(const Where& where, const char* at, simdjson::error_code error);
[[noreturn]] void fail_type(od::value& value, const Where& where, std::string_view expected);

const char* token_at(od::value& value);  // where the value starts in the file, or null

bool take_null(od::value& value);  // consumes the value if it is null
double number(od::value& value, const Where& where);  // finite
std::int64_t integer(od::value& value, const Where& where);  // also 3.0, not 3.5
std::uint32_t dimension(od::value& value, const Where& where);  // 0 to 2^32-1
std::string_view string(od::value& value, const Where& where);  // valid until the next element
bool flag(od::value& value, const Where& where, const char* name);  // true/false or 0/1
// An array of numbers, through number_array's fast path.
void read_numbers(od::value& value, const Where& where, std::string_view expected, std::vector<double>& out);
nlohmann::json to_json(od::value& value, const Where& where);  // any value, kept verbatim

// Calls visit(element_value, i) for each element of an array value.
template <typename Visit>
void for_each(od::value& value, const Where& where, std::string_view expected, Visit&& visit) {
    od::array array;
    if (value.get_array().get(array)) fail_type(value, where, expected);
    std::size_t i = 0;
    for (auto element : array) {
        od::value item;
        if (const auto error = std::move(element).get(item)) fail_json(where / i, nullptr, error);
        visit(item, i);
        ++i;
    }
}

// Where the document's cursor is (for errors met while iterating), or null.
const char* cursor_of(od::document& document);

// Calls visit(key, value) for each field of an object of the document.
template <typename Visit>
void for_each_field(od::object& object, od::document& document, const Where& where, Visit&& visit) {
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if (const auto error = std::move(result).get(field)) fail_json(where, cursor_of(document), error);
        if (const auto error = field.unescaped_key().get(key)) fail_json(where, cursor_of(document), error);
        od::value value = field.value();
        visit(key, value);
    }
}

// ---------------- ids to indices (id_index.cpp)

// Maps COCO ids (image ids, category ids) to dataset indices: a flat table when the ids are
// dense enough (the usual case), a hash map otherwise.

class IdIndex {
public:
    // Maps ids[i] to values[i]. The ids are unique: the reader reports and drops repeats first.
    void build(std::span<const std::int64_t> ids, std::span<const std::uint32_t> values);

    std::optional<std::uint32_t> find(std::int64_t id) const {
        if (dense_) {
            if (id < min_ || id > max_) return std::nullopt;
            const std::uint32_t value = table_[static_cast<std::size_t>(id - min_)];
            if (value == empty) return std::nullopt;
            return value;
        }
        const auto found = map_.find(id);
        if (found == map_.end()) return std::nullopt;
        return found->second;
    }

private:
    static constexpr std::uint32_t empty = UINT32_MAX;
    bool dense_ = true;
    std::int64_t min_ = 0;
    std::int64_t max_ = -1;
    std::vector<std::uint32_t> table_;
    std::unordered_map<std::int64_t, std::uint32_t> map_;
};

// ---------------- elements (coco_elements.cpp)

// Parses one element of a COCO file's "categories", "images" or "annotations" array (a small
// JSON object, located by json_splitter) with simdjson On-Demand, straight into the model.
// Every error is a labelkit::Error with the file, line:column and JSON pointer.

// Field names an array's elements had that labelkit does not keep, and how many elements
// had at least one of them.
struct UnknownFields {
    std::size_t elements = 0;
    std::vector<std::string> names;  // in first-seen order
    void add(std::string_view name);
    void merge(const UnknownFields& other);
};

// Resolves an annotation's image_id and category_id to dataset indices.
struct AnnotationLookups {
    const IdIndex* images = nullptr;
    const IdIndex* categories = nullptr;
};

class ElementParser {
public:
    explicit ElementParser(const MappedJson& file);
    ~ElementParser();
    ElementParser(const ElementParser&) = delete;
    ElementParser& operator=(const ElementParser&) = delete;

    Category category(std::size_t index, Slice slice, UnknownFields& unknown);
    // Item::origin and subset are left to the caller; every field other than id, file_name,
    // width and height goes to Item::extra.
    Item image(std::size_t index, Slice slice);
    // Fills `out` (origin left to the caller).
    void annotation(std::size_t index, Slice slice, const AnnotationLookups& lookups, Annotation& out,
                    UnknownFields& unknown);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// ---------------- where the files are (coco_layout.cpp)

// Where the COCO files of a dataset are: annotations/<task>_<subset>.json (one subset per
// file), Roboflow's <subset>/_annotations.coco.json, or one .json file given directly.

// What a file name says a COCO file holds.
enum class FileKind { instances, person_keypoints, roboflow, captions, panoptic, image_info, labels, stuff, other };

FileKind classify(const std::string& file_name);
const char* describe(FileKind kind);  // "a captions file", ...

struct CocoFile {
    std::filesystem::path path;
    std::string subset;
    std::filesystem::path root;  // the dataset directory, for finding images
    FileKind kind = FileKind::instances;
};

struct Layout {
    std::vector<CocoFile> files;                  // to read, in order (instances files first)
    std::vector<std::filesystem::path> skipped;   // .json files that are not instances files
    std::filesystem::path searched;               // the folder the .json files were looked for in
};

// The files of a dataset directory (none when it has no COCO file: see why_empty).
Layout find_layout(const std::filesystem::path& directory);
// Why the layout has no file to read: what was found instead.
std::string why_empty(const Layout& layout, const std::filesystem::path& directory);

// The subset and root of a file given directly: instances_X.json and person_keypoints_X.json
// give X, any other name "default".
CocoFile single_file(const std::filesystem::path& path);

// ---------------- JSON output (json_out.cpp)

// JSON text output without a DOM: JsonText formats values into a growable memory buffer
// (numbers in shortest round-trip form, as fmt's "{}" prints them; strings escaped as JSON
// requires), JsonFile writes such buffers to a file.

class JsonText {
public:
    void raw(std::string_view text) { append(text.data(), text.size()); }
    void raw(char c) {
        if (size_ == capacity_) grow(1);
        data_[size_++] = c;
    }
    void number(double value);  // throws Error for NaN and infinities (not JSON)
    void integer(std::int64_t value);
    void string(std::string_view text);
    void json(const nlohmann::json& value);

    std::string_view text() const { return {data_.get(), size_}; }
    std::size_t size() const { return size_; }
    void clear() { size_ = 0; }

private:
    void append(const char* text, std::size_t size);
    char* reserve(std::size_t bytes) {
        if (capacity_ - size_ < bytes) grow(bytes);
        return data_.get() + size_;
    }
    void grow(std::size_t bytes);

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

class JsonFile {
public:
    explicit JsonFile(const std::filesystem::path& path);  // creates or truncates; throws Error
    ~JsonFile();
    JsonFile(const JsonFile&) = delete;
    JsonFile& operator=(const JsonFile&) = delete;

    void write(std::string_view text);  // at the end of what was written so far
    // Writes text at a given offset (from several threads at once, each its own range). Into a
    // pipe or device, which cannot seek, the ranges must come in order, without gaps, and a call
    // waits for the ranges before it: they are written one after the other.
    void write_at(std::string_view text, std::uint64_t offset);
    // What was written at [offset, offset + length) (a seekable file).
    std::string read_at(std::uint64_t offset, std::size_t length) const;
    std::uint64_t size() const { return size_; }
    void skip_to(std::uint64_t size) { size_ = size; }  // after write_at filled up to size
    void close();  // throws Error on failure

private:
    void write_all(std::string_view text, std::uint64_t offset) const;

    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    bool seekable_ = true;
    std::mutex order_;
    std::condition_variable turn_;
    std::uint64_t streamed_ = 0;  // bytes written so far into a file that cannot seek
    bool failed_ = false;
};

// ---------------- the Format's functions (coco_detect.cpp, coco_reader.cpp, coco_writer.cpp, coco_lint.cpp)

// 100 for a .json file that starts like a COCO file, 90 for a directory with COCO instances
// files, 0 otherwise; the reason says what was (or was not) found.
Detection detect(const std::filesystem::path& input);

// Reads a COCO .json file or a dataset directory (see find_layout) into one Dataset.
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);

// Writes output.json (everything in one file) or a directory with
// annotations/instances_<subset>.json per subset and, on request, images/<subset>/.
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);

std::vector<RuleInfo> rules();
// Items and annotations are located by JSON pointer (/images/N, /annotations/N).
Location locate(const Dataset& dataset, const Origin& origin, OriginKind kind);
// Adds the line and column of the element each JSON pointer names, one pass per file.
void add_lines(std::span<Diagnostic> diagnostics);

}  // namespace labelkit::coco
