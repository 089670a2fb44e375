#pragma once
// The state of reading one Label Studio export (reader.cpp: tasks and annotations;
// results.cpp: the results of one annotation or prediction).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "formats/label_studio/label_studio_private.hpp"

namespace labelkit::label_studio {

namespace dom = simdjson::dom;

// Where a result is: /<task>/<list>/<entry>/result/<result>; built into a pointer only when
// something is reported.
struct Place {
    std::size_t task = 0;
    const char* list = "annotations";  // or "predictions"
    std::size_t entry = 0;
    std::size_t result = 0;
    std::string pointer(std::string_view tail = {}) const;
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
    Reader(const MappedJson& file, std::uint32_t file_index, const ReadOptions& options, DiagnosticSink& sink,
           Dataset& dataset)
        : file_(file), file_index_(file_index), options_(options), sink_(sink), dataset_(dataset) {}

    void read_all();
    // The line of the task being read, for messages.
    std::uint32_t task_line();

    // Reporting: errors skip what they are about (and throw unless lenient); warnings keep it.
    void error(const std::string& rule, std::string message, const std::string& pointer);
    void warning(const std::string& rule, std::string message, const std::string& pointer);
    bool wants(std::string_view rule) const { return sink_.claim(rule); }

    // results.cpp
    void read_results(dom::array results, const Source& source, Place place);

private:
    void read_task(dom::element task, std::size_t index);
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

    const MappedJson& file_;
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
};

}  // namespace labelkit::label_studio
