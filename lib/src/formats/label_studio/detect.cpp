// Whether a file is a Label Studio export: JSON (a .json file whose top-level array starts with a
// task, an object with "data" and, usually, "annotations" or "predictions"), JSON-MIN (an array
// of records with "annotator" and "annotation_id") or CSV (a header with those columns).
#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/csv.hpp"
#include "formats/label_studio/label_studio_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::label_studio {

namespace fs = std::filesystem;

namespace {

// The first element of a .json file's top-level array, parsed (or the reason it is not one).
struct FirstElement {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    std::string problem;
};

void read_first_element(const fs::path& input, FirstElement& first) {
    std::error_code error;
    if (!fs::is_regular_file(input, error)) {
        first.problem = "not a file";
        return;
    }
    if (!iequals(input.extension().string(), ".json")) {
        first.problem = "not a .json file";
        return;
    }
    try {
        const MappedJson file(input);
        TaskScanner scanner(file);
        const std::optional<TaskSlice> slice = scanner.next();
        if (!slice) first.problem = "a .json file with an empty array (nothing to recognise)";
        else if (first.parser.parse(file.data() + slice->begin, slice->end - slice->begin, true).get(first.object))
            first.problem = "a .json array whose first element is not a JSON object";
    } catch (const Error&) {
        first.problem = "a .json file that does not hold a JSON array";
    }
}

bool has_key(simdjson::dom::object object, const char* key) { return object[key].error() == simdjson::SUCCESS; }

}  // namespace

Detection detect(const fs::path& input) {
    FirstElement first;
    read_first_element(input, first);
    if (!first.problem.empty()) return {0, first.problem};
    const simdjson::dom::object task = first.object;
    if (!task["data"].is_object()) return {0, "a .json array whose first element has no \"data\" object (not a Label Studio task)"};
    for (const char* key : {"annotations", "predictions"})
        if (task[key].is_array()) return {100, fmt::format("a .json array of tasks with \"data\" and \"{}\"", key)};
    return {60, "a .json array of tasks with \"data\" (and no annotations in the first)"};
}

Detection detect_min(const fs::path& input) {
    FirstElement first;
    read_first_element(input, first);
    if (!first.problem.empty()) return {0, first.problem};
    if (has_key(first.object, "data") || has_key(first.object, "annotations"))
        return {0, "a .json array of tasks (\"data\", \"annotations\"): the JSON export, not JSON-MIN"};
    if (!has_key(first.object, "annotator") || !has_key(first.object, "annotation_id"))
        return {0, "a .json array whose first record has no \"annotator\" and \"annotation_id\" (not JSON-MIN)"};
    return {100, "a .json array of records with \"annotator\" and \"annotation_id\": Label Studio JSON-MIN"};
}

Detection detect_csv(const fs::path& input) {
    std::error_code error;
    const std::string extension = input.extension().string();
    if (!fs::is_regular_file(input, error) || !(iequals(extension, ".csv") || iequals(extension, ".tsv")))
        return {0, "not a .csv or .tsv file"};
    const std::string start = read_file_start(input);
    std::vector<std::string> header;
    try {
        CsvReader reader(start, input, "label-studio/csv");  // past '#' lines; only the header is read
        if (!reader.next(header)) return {0, "an empty file"};
    } catch (const Error&) {
        return {0, "a file whose first row cannot be read as CSV"};
    }
    const auto has = [&](std::string_view name) { return std::find(header.begin(), header.end(), name) != header.end(); };
    if (!has("annotator") || !has("annotation_id")) return {0, "a header without annotator and annotation_id columns"};
    return {120, "a header with annotator and annotation_id columns: a Label Studio CSV export"};
}

}  // namespace labelkit::label_studio
