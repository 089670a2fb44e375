#pragma once
// Private to the Label Studio format (lib/src/formats/label_studio/): what the folder's files
// share. Its face to the rest of labelkit is label_studio_format.hpp.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mapped_json.hpp"
#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit::label_studio {

// ---------------- the tasks of an export (task_splitter.cpp)

// Where one element of the top-level array is in the file: its first byte, one past its last.
struct TaskSlice {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Finds the elements of the file's top-level array one at a time, without a DOM: a byte
// scanner that only follows strings, escapes and brackets. Throws labelkit::Error (rule
// label-studio/json-syntax, with line and column) when the text is not one JSON array.
class TaskScanner {
public:
    explicit TaskScanner(const MappedJson& file);
    // The next element, or nothing at the closing ']'.
    std::optional<TaskSlice> next();
    // The 1-based line of a byte at or after the last one asked for (counted incrementally).
    std::uint32_t line_at(std::size_t offset);

private:
    // Where a value being scanned is: its bracket depth, inside a string, after a backslash.
    struct ScanState {
        std::size_t depth = 0;
        bool in_string = false;
        bool escaped = false;
    };
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    void skip_space();
    std::size_t end_of_value(std::size_t at);
    // Scans the bytes [from, to) on from `state`: one past the value's end, or npos.
    std::size_t step_bytes(ScanState& state, std::size_t from, std::size_t to);
    [[noreturn]] void fail(std::size_t at, const std::string& what);

    const MappedJson& file_;
    const char* data_;
    std::size_t size_;
    std::size_t at_ = 0;
    bool first_ = true;
    bool done_ = false;
    std::size_t counted_to_ = 0;
    std::uint32_t line_ = 1;
};

// ---------------- Label Studio's brush RLE (brush_rle.cpp)

// Decodes a brush result's "rle" (the bytes of thi.ng/rle-pack's bit stream of RGBA values, as
// label-studio-converter's brush.decode_rle reads it) into a COCO mask: a pixel belongs to the
// mask when its alpha value is not 0. Throws labelkit::Error (no location) when the stream is
// malformed or does not hold width x height x 4 values.
RleMask decode_brush_rle(const std::vector<std::uint8_t>& rle, std::uint32_t width, std::uint32_t height);
// The inverse: the mask as RGBA values (255 inside, 0 outside) in rle-pack's bit stream.
std::vector<std::uint8_t> encode_brush_rle(const RleMask& mask);

// ---------------- reading and writing (reader.cpp, results.cpp, writer.cpp)

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
// JSON-MIN and CSV exports (min_records.cpp): one record per annotation.
Detection detect_min(const std::filesystem::path& input);
Dataset read_min(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
Detection detect_csv(const std::filesystem::path& input);
Dataset read_csv(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);
std::vector<RuleInfo> rules();
std::vector<RuleInfo> record_rules();  // the JSON-MIN and CSV exports' own
// Items and annotations are located by the task's index (/N), in CSV by the row's line.
Location locate(const Dataset& dataset, const Origin& origin, OriginKind kind);
Location locate_row(const Dataset& dataset, const Origin& origin, OriginKind kind);
// Adds the line of task N to diagnostics at /N/... (one pass over each file named).
void add_lines(std::span<Diagnostic> diagnostics);

// The control and object tag names the writer uses (and the labelling config they need).
namespace names {
inline constexpr const char* rectangles = "label";
inline constexpr const char* polygons = "polygon";
inline constexpr const char* keypoints = "keypoint";
inline constexpr const char* brushes = "brush";
inline constexpr const char* choices = "choice";
inline constexpr const char* spans = "span";
inline constexpr const char* texts = "transcription";
}  // namespace names

// Annotator ids the reader gives model predictions: "prediction:<model_version>".
inline constexpr std::string_view prediction_prefix = "prediction:";

}  // namespace labelkit::label_studio
