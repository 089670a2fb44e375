#pragma once
// Scale AI task JSON and Scale Nucleus annotation JSON, read only. Both are files of JSON
// records (a JSON array, one object, or JSON Lines); the records are split and parsed one at a
// time (json_records.cpp) so that each carries its line, and a bad record is reported where it
// is and skipped when reading leniently. Coordinates are pixels, top-left origin, box edges:
// the model's convention, so no conversion is made.
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"

namespace labelkit::scale {

// Deeper records are refused: the model keeps JSON values whose copy and dump recurse.
constexpr int max_depth = 64;

// One JSON value of a file of records.
struct JsonRecord {
    nlohmann::json value;
    std::uint32_t line = 0;  // where the record starts, 1-based
    std::string pointer;     // "/N" for the N-th element of a top-level array, "" otherwise
};

// The records of a JSON array, of one JSON value, or of JSON Lines (several values one after
// the other). A record that is not valid JSON, or nested deeper than max_depth, is an error of
// rule "<format>/json-syntax": reported and skipped when reading leniently, thrown otherwise.
std::vector<JsonRecord> read_records(const std::filesystem::path& path, const std::string& format,
                                     const ReadOptions& options, DiagnosticSink& sink);

// What both readers share: the dataset being built, categories by name, locations and errors.
class DatasetBuilder {
public:
    DatasetBuilder(std::string format, const std::filesystem::path& path, const ReadOptions& options,
                   DiagnosticSink& sink);

    // The record's file and line, and the pointer inside the file (array element) or the record.
    Location at(const JsonRecord& record, const std::string& pointer = {}) const;
    Origin origin(const JsonRecord& record) const { return {0, record.line}; }
    // Reports (lenient) or throws an error of rule "<format>/<what>".
    void fail(const std::string& message, const Location& where, const std::string& what);
    void warn(const std::string& message, const std::string& what);

    std::uint32_t category(const std::string& name);
    std::uint32_t add_item(Item item);
    Dataset& dataset() { return dataset_; }
    const std::string& format() const { return format_; }
    DiagnosticSink& sink() { return sink_; }
    Dataset finish() { return std::move(dataset_); }

private:
    std::string format_;
    std::string path_;
    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Dataset dataset_;
    std::unordered_map<std::string, std::uint32_t> categories_;
};

// A named member of an object as a number / string / object / array; nullopt / nullptr when it
// is missing or null. A member of another type is an error (rule <format>/schema), reported
// through the builder, and also gives nullopt / nullptr.
struct Member {
    DatasetBuilder& builder;
    const JsonRecord& record;
    std::optional<double> number(const nlohmann::json& object, const char* key, const std::string& pointer) const;
    std::optional<std::string> string(const nlohmann::json& object, const char* key, const std::string& pointer) const;
    const nlohmann::json* object(const nlohmann::json& object, const char* key, const std::string& pointer) const;
    const nlohmann::json* array(const nlohmann::json& object, const char* key, const std::string& pointer) const;
};

// Whether the object has all these members, not null.
bool has_members(const nlohmann::json& object, std::initializer_list<const char*> keys);

// A box from its left, top, width and height, checked: a negative size is an error of rule
// "<format>/negative-size" (nullopt).
std::optional<Box> checked_box(const Member& member, const nlohmann::json& object, const char* left, const char* top,
                               const std::string& pointer);
// A polygon from [{x, y}, ...], checked: fewer than 3 vertices is an error of rule
// "<format>/degenerate-polygon" (nullopt).
std::optional<PolygonSet> checked_polygon(const Member& member, const nlohmann::json& vertices,
                                          const std::string& pointer);
Box bounding_box(const PolygonSet& polygon);

// "2 line, 1 point" from counts by type.
std::string counts_by_name(const std::map<std::string, std::size_t>& counts);

Detection detect_scale(const std::filesystem::path& input);
Detection detect_nucleus(const std::filesystem::path& input);
Dataset read_scale(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
Dataset read_nucleus(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
std::vector<RuleInfo> scale_rules();
std::vector<RuleInfo> nucleus_rules();

}  // namespace labelkit::scale
