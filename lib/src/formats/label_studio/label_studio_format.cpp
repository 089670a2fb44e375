// The Label Studio format descriptor: what its JSON export stores, its lint rules, and where a
// model element came from (the task's index, /N, and its line).
#include "formats/label_studio/label_studio_format.hpp"

#include <charconv>
#include <map>

#include <fmt/format.h>

#include "formats/label_studio/label_studio_private.hpp"

namespace labelkit {

namespace label_studio {

std::vector<RuleInfo> rules() {
    return {
        make_rule("label-studio/json-syntax", Severity::error, "The file is not valid JSON, or not one array of tasks.",
                  "Fix the JSON at the place given; a task that is not valid JSON is skipped."),
        make_rule("label-studio/schema", Severity::error,
                  "A task, annotation, prediction or result lacks a field or has one of the wrong type.",
                  "Tasks are objects with \"data\"; annotations and predictions have a \"result\" array; results have "
                  "\"type\" and \"value\". The element is skipped."),
        make_rule("label-studio/missing-value", Severity::error, "A result has no \"value\" object.",
                  "Every result but relations holds its geometry and labels in \"value\"; the result is skipped."),
        make_rule("label-studio/missing-size", Severity::error,
                  "A region has no original_width / original_height, or one that is not a positive size (0, negative), so its percent coordinates cannot be turned into pixels.",
                  "Export again from Label Studio (it writes the image size with every region); the region is skipped."),
        make_rule("label-studio/missing-label", Severity::error, "A region has no label name.",
                  "Label the region (value.rectanglelabels, polygonlabels, ...); the region is skipped."),
        make_rule("label-studio/invalid-rle", Severity::error,
                  "A brush region's RLE is malformed or does not match original_width x original_height.",
                  "Export the brush mask again; the region is skipped."),
        make_rule("label-studio/percent-range", Severity::warning,
                  "A coordinate in percent is outside 0-100 (or a box reaches past 100).",
                  "Label Studio clamps regions to the image; a value outside means an edited or converted file. The "
                  "region is read as it is."),
        make_rule("label-studio/size-mismatch", Severity::warning,
                  "Regions of one task give different original_width / original_height.",
                  "The item keeps the first size; regions are converted with their own."),
        make_rule("label-studio/missing-completed-by", Severity::warning,
                  "An annotation does not say who made it (completed_by).",
                  "It is read without an annotator, so agreement cannot tell it from others without one."),
        make_rule("label-studio/cancelled-annotation", Severity::warning,
                  "Annotations cancelled (skipped) by their annotator, was_cancelled, are left out.",
                  "Nothing to fix: a skipped task has no answer. The count is reported."),
        make_rule("label-studio/unknown-result-type", Severity::warning, "Results of a type Label Studio does not define.",
                  "Check the result's \"type\"; such results are not read (one finding per type, with the count)."),
        make_rule("label-studio/result-not-read", Severity::warning,
                  "Results of a Label Studio type labelkit does not hold (rating, relation, ellipse, video, ...).",
                  "Nothing to fix in the file; these results are not read (one finding per type, with the count)."),
    };
}

std::vector<RuleInfo> record_rules() {
    std::vector<RuleInfo> all = rules();
    const std::vector<RuleInfo> own = {
             make_rule("label-studio/csv", Severity::error, "A CSV export cannot be read: a row whose field count "
                       "differs from the header's (skipped), a quote left open, a column named twice in the header.",
                       "Export again, or fix the row at the line given."),
             make_rule("label-studio/cell-not-json", Severity::warning,
                       "Cells of a CSV export start with [ or { but are not valid JSON: they are read as text.",
                       "Results are JSON in their cells; if one of these was a result, it is lost (export again)."),
             make_rule("label-studio/columns", Severity::error, "--columns names something other than label=COLUMN "
                       "or text=COLUMN.",
                       "For JSON-MIN and CSV, --columns names the columns whose plain strings are choices (label=) "
                       "or text areas (text=)."),
             make_rule("label-studio/plain-columns", Severity::warning,
                       "Columns of plain strings were read as task data: in JSON-MIN and CSV a single choice or text "
                       "area is a plain string too, and cannot be told from the task's data.",
                       "Name the answer columns with --columns label=NAME or text=NAME (one finding, listing the "
                       "columns)."),
    };
    all.insert(all.end(), own.begin(), own.end());
    return all;
}

Location locate_row(const Dataset& dataset, const Origin& origin, OriginKind) {
    if (origin.file >= dataset.source_files.size()) return {};
    return {dataset.source_files[origin.file], origin.position, 0, {}};
}

Location locate(const Dataset& dataset, const Origin& origin, OriginKind) {
    if (origin.file >= dataset.source_files.size()) return {};
    return {dataset.source_files[origin.file], 0, 0, fmt::format("/{}", origin.position)};
}

namespace {

// The task index a pointer starts with (/N or /N/...), if any.
std::optional<std::size_t> task_of(const std::string& pointer) {
    if (pointer.size() < 2 || pointer[0] != '/') return std::nullopt;
    std::size_t index = 0;
    const char* end = pointer.data() + pointer.size();
    const auto [stop, code] = std::from_chars(pointer.data() + 1, end, index);
    if (code != std::errc() || (stop != end && *stop != '/')) return std::nullopt;
    return index;
}

}  // namespace

void add_lines(std::span<Diagnostic> diagnostics) {
    std::map<std::string, std::map<std::size_t, std::vector<Diagnostic*>>> wanted;  // file -> task -> diagnostics
    for (Diagnostic& diagnostic : diagnostics)
        if (diagnostic.location.line == 0 && !diagnostic.location.path.empty())
            if (const auto task = task_of(diagnostic.location.json_pointer))
                wanted[diagnostic.location.path][*task].push_back(&diagnostic);
    for (auto& [path, tasks] : wanted) {
        try {
            const MappedJson file(path);
            TaskScanner scanner(file);
            std::size_t index = 0;
            auto next = tasks.begin();
            while (next != tasks.end()) {
                const std::optional<TaskSlice> slice = scanner.next();
                if (!slice) break;
                if (index++ != next->first) continue;
                for (Diagnostic* diagnostic : next->second) diagnostic->location.line = scanner.line_at(slice->begin);
                ++next;
            }
        } catch (const Error&) {
            // A file that cannot be scanned again keeps its pointers without lines.
        }
    }
}

}  // namespace label_studio

namespace {

// What the three exports can hold; only the JSON export holds predictions' scores.
Capabilities label_studio_stores() {
    Capabilities stores;
    stores.boxes = true;
    stores.polygons = true;
    stores.rle_masks = true;
    stores.oriented_boxes = true;
    stores.keypoints = true;
    stores.scores = true;
    stores.image_ids = true;
    stores.image_sizes = true;
    stores.subsets = true;  // a folder output keeps each subset in an export of its own (<subset>.json)
    stores.item_labels = true;
    stores.texts = true;
    stores.annotators = true;
    stores.item_references = true;
    stores.media_items = true;
    return stores;
}

}  // namespace

Format make_label_studio_format() {
    Format format;
    format.name = "label-studio";
    format.aliases = {"labelstudio", "label_studio", "ls"};
    format.description = "Label Studio JSON export: tasks with annotations (per annotator) and predictions; "
                         "rectangles, polygons, key points, brush masks, choices, spans, text areas";
    format.stores = label_studio_stores();
    format.detect = label_studio::detect;
    format.read = label_studio::read;
    format.write = label_studio::write;
    format.file_extensions = {".json"};
    format.rules = label_studio::rules();
    format.locate = label_studio::locate;
    format.add_lines = label_studio::add_lines;
    return format;
}

Format make_label_studio_min_format() {
    Format format;
    format.name = "label-studio-min";
    format.description = "Label Studio JSON-MIN export (read): one record per annotation, each control tag's "
                         "results under its name; plain-string answers need --columns label=NAME";
    format.stores = label_studio_stores();
    format.stores.scores = false;
    format.detect = label_studio::detect_min;
    format.read = label_studio::read_min;
    format.file_extensions = {".json"};
    format.rules = label_studio::record_rules();
    format.locate = label_studio::locate;
    format.add_lines = label_studio::add_lines;
    return format;
}

Format make_label_studio_csv_format() {
    Format format;
    format.name = "label-studio-csv";
    format.description = "Label Studio CSV export (read, comma or tab separated): one row per annotation, results "
                         "as JSON in their column's cells; plain-string answers need --columns label=NAME";
    format.stores = label_studio_stores();
    format.stores.scores = false;
    format.detect = label_studio::detect_csv;
    format.read = label_studio::read_csv;
    format.file_extensions = {".csv", ".tsv"};
    format.rules = label_studio::record_rules();
    format.locate = label_studio::locate_row;
    return format;
}

}  // namespace labelkit
