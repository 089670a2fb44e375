#pragma once
// The state of reading one Label Studio export (reader.cpp: tasks and annotations;
// results.cpp: the results of one annotation or prediction).
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "formats/label_studio/label_studio_private.hpp"

namespace labelkit::label_studio {

namespace dom = simdjson::dom;

// Pages of a mapped export already read are released every this many bytes.
inline constexpr std::size_t release_step = std::size_t{64} << 20;

// A JSON-MIN or CSV record read as a task of the JSON export: where the record and each of its
// results stand in the file (a result's value is flattened there: no "value" level).
struct FlatRecord {
    std::string record;                // "/<record>" in JSON-MIN, "" in CSV (the line says which row)
    std::vector<std::string> results;  // "/<record>/<column>[/<i>]", "/<column>[/<i>]" in CSV
};

// Where a result is: /<task>/<list>/<entry>/result/<result>, or in a flat record; built into a
// pointer only when something is reported.
struct Place {
    std::size_t task = 0;
    const char* list = "annotations";  // or "predictions"
    std::size_t entry = 0;
    std::size_t result = 0;
    const FlatRecord* flat = nullptr;
    std::string pointer(std::string_view tail = {}) const;
    std::string entry_pointer() const;  // the annotation or prediction
};

// Who made the results being read, and what applies to all of them.
struct Source {
    std::uint32_t annotator = no_index;
    bool ground_truth = false;
    MaybeNumber score;  // a prediction's overall score, for results without their own
};

// Results of one type that were not read, for one summary diagnostic per type.
struct NotRead {
    std::size_t count = 0;
    std::string first_pointer;
    std::uint32_t first_line = 0;
};

class Reader {
public:
    Reader(std::string path, std::uint32_t file_index, const ReadOptions& options, DiagnosticSink& sink,
           Dataset& dataset)
        : path_(std::move(path)), file_index_(file_index), options_(options), sink_(sink), dataset_(dataset) {}

    // Reads an export and reports the summaries (cancelled annotations, results not read).
    void read_export(const MappedJson& file);
    // min_records.cpp: the JSON-MIN and CSV exports (one record per annotation).
    void read_min_export(const MappedJson& file);
    void read_csv_export(std::string_view text);
    // The line of the task being read, for messages.
    std::uint32_t task_line();

    // Reporting: errors skip what they are about (and throw unless lenient); warnings keep it.
    void error(const std::string& rule, std::string message, const std::string& pointer);
    void warning(const std::string& rule, std::string message, const std::string& pointer);
    bool wants(std::string_view rule) const { return sink_.claim(rule); }

    // results.cpp
    void read_results(dom::array results, const Source& source, Place place);

private:
    // Reads each element of the file's top-level array (task_begin_ and task_line_ set for it),
    // releasing the pages read.
    void scan_elements(const MappedJson& file, const std::function<void(const TaskSlice&, std::size_t)>& read);
    void read_task(dom::element task, std::size_t index);
    // min_records.cpp
    void read_record(const nlohmann::json& record, std::size_t index, std::string record_pointer);
    std::uint32_t item_of_record(dom::object task, const nlohmann::json& json, std::size_t index);
    std::optional<nlohmann::json> record_of_row(const std::vector<std::string>& header,
                                                const std::vector<std::string>& fields);
    void check_named_columns();
    void report_plain_columns();
    std::uint32_t add_item(dom::object data, dom::object task, std::size_t index);
    void read_annotation(dom::element entry, Place place);
    void read_prediction(dom::element entry, Place place);
    std::uint32_t annotator_of(dom::object annotation, const Place& place);
    void report_summaries();

    // results.cpp
    struct Region {
        std::string_view id;
        std::uint32_t annotation = 0;
    };
    void read_region(dom::object result, std::string_view type, const Source& source, const Place& place);
    void read_label(dom::object result, std::string_view type, const Source& source, const Place& place);
    bool read_size(dom::object result, const Place& place, ImageSize& size);
    bool read_percent(dom::object value, const char* key, const Place& place, double& out);
    bool read_label_names(dom::object value, std::string_view type, const Place& place, std::vector<std::string_view>& out);
    std::uint32_t category(std::string_view name);
    std::uint32_t region_of(dom::object result) const;
    void add_annotation(Annotation annotation, dom::object result, const Source& source, const Place& place,
                        const std::vector<std::string_view>& labels);
    void add_label(Label label, dom::object result, const Source& source);
    void not_read(std::map<std::string, NotRead>& counts, std::string_view type, const Place& place);

    std::string path_;
    std::uint32_t file_index_;
    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Dataset& dataset_;
    std::optional<TaskScanner> scanner_;
    dom::parser parser_;
    std::size_t task_begin_ = 0;  // where the task being read starts in the file
    std::uint32_t task_line_ = 0;  // its line, counted when first needed (0: not yet)
    std::uint32_t item_ = 0;  // the task being read
    std::unordered_map<std::string, std::uint32_t> categories_;
    std::unordered_map<std::string, std::uint32_t> annotators_;
    std::vector<Region> regions_;  // of the annotation being read
    std::size_t cancelled_ = 0;
    std::string first_cancelled_;
    std::map<std::string, NotRead> unknown_types_;
    std::map<std::string, NotRead> types_not_read_;
    // JSON-MIN and CSV: the item of each task id seen, the columns named by --columns, and the
    // columns of plain strings read as task data (a single choice or text looks the same).
    std::unordered_map<std::string, std::uint32_t> items_by_task_;
    std::vector<std::string> label_columns_;
    std::vector<std::string> text_columns_;
    std::set<std::string> named_columns_found_;
    std::map<std::string, std::size_t> plain_columns_;
    std::string first_plain_pointer_;
    std::size_t cells_not_json_ = 0;
    Location first_cell_not_json_;
    std::uint32_t first_plain_line_ = 0;
};

}  // namespace labelkit::label_studio
