// Whether a file is a Label Studio JSON export: a .json file whose top-level array starts with a
// task, an object with "data" and, usually, "annotations" or "predictions".
#include <fmt/format.h>
#include <simdjson.h>

#include "formats/label_studio/label_studio_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::label_studio {

namespace fs = std::filesystem;

Detection detect(const fs::path& input) {
    std::error_code error;
    if (!fs::is_regular_file(input, error)) return {0, "not a file"};
    if (!iequals(input.extension().string(), ".json")) return {0, "not a .json file"};
    try {
        const MappedJson file(input);
        TaskScanner scanner(file);
        const std::optional<TaskSlice> first = scanner.next();
        if (!first) return {0, "a .json file with an empty array (no task to recognise)"};
        simdjson::dom::parser parser;
        simdjson::dom::object task;
        if (parser.parse(file.data() + first->begin, first->end - first->begin, false).get(task))
            return {0, "a .json array whose first element is not a JSON object"};
        if (!task["data"].is_object()) return {0, "a .json array whose first element has no \"data\" object (not a Label Studio task)"};
        for (const char* key : {"annotations", "predictions"})
            if (task[key].is_array()) return {100, fmt::format("a .json array of tasks with \"data\" and \"{}\"", key)};
        return {60, "a .json array of tasks with \"data\" (and no annotations in the first)"};
    } catch (const Error&) {
        return {0, "a .json file that does not hold a JSON array"};
    }
}

}  // namespace labelkit::label_studio
