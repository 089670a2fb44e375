// COCO's lint rules (reported by the reader when it reads leniently), and where a model
// element came from: a JSON pointer, turned into a line and column on demand.
#include "formats/coco/coco_private.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit::coco {

std::vector<RuleInfo> rules() {
    return {
        make_rule("coco/json-syntax", Severity::error, "The file is not valid JSON.",
             "Fix the JSON at the line and column given; nothing else in a file with broken structure is checked."),
        make_rule("coco/schema", Severity::error,
             "A required field is missing or has the wrong type (schemas/coco-instances.schema.json).",
             "Images need id, file_name, width and height; annotations id, image_id, category_id and a bbox or "
             "segmentation; categories id and name. The element is skipped."),
        make_rule("coco/duplicate-image-id", Severity::error, "Two images have the same id.",
             "Give every image its own id; annotations of the id go to the first image."),
        make_rule("coco/duplicate-category-id", Severity::error, "Two categories in one file have the same id.",
             "Give every category its own id; the second is skipped."),
        make_rule("coco/category-conflict", Severity::error,
             "Files of one dataset give one category id different names.",
             "Use the same categories list in every file of the dataset."),
        make_rule("coco/unknown-image-id", Severity::error, "An annotation's image_id is not the id of any image.",
             "Add the image or fix the image_id; the annotation is skipped."),
        make_rule("coco/unknown-category-id", Severity::error, "An annotation's category_id is not in categories.",
             "Add the category or fix the category_id; the annotation is skipped."),
        make_rule("coco/polygon-odd-coordinates", Severity::error,
             "A polygon has an odd number of coordinates (they are x, y pairs).",
             "Every polygon is [x1, y1, x2, y2, ...]; the annotation is skipped."),
        make_rule("coco/invalid-rle", Severity::error,
             "An RLE mask's counts are malformed or do not add up to height x width.",
             "Re-encode the mask (pycocotools.mask.encode); the annotation is skipped."),
        make_rule("coco/unknown-fields", Severity::info, "Objects have fields labelkit does not keep.",
             "Nothing to fix: the fields are valid JSON but are not part of COCO instances."),
        make_rule("coco/skipped-file", Severity::warning, "A JSON file of the folder is not an instances file.",
             "Name instances files instances_<subset>.json, or lint the file itself."),
        make_rule("coco/info-differs", Severity::warning, "Files of one dataset have different info or licenses.",
             "Use one info and licenses block for the dataset."),
        make_rule("coco/merged-keypoints", Severity::info,
             "Annotations repeat an earlier annotation only to add keypoints (person_keypoints files).",
             "Nothing to fix: this is how COCO splits instances and keypoints."),
    };
}

Location locate(const Dataset& dataset, const Origin& origin, OriginKind kind) {
    if (origin.file >= dataset.source_files.size()) return {};
    const char* array = kind == OriginKind::item ? "images" : "annotations";
    return {dataset.source_files[origin.file], 0, 0, fmt::format("/{}/{}", array, origin.position)};
}

namespace {

struct PointerTarget {
    std::size_t diagnostic = 0;
    std::size_t offset = 0;
};

// The element a pointer such as /annotations/12/bbox starts in, if it names one.
std::optional<std::size_t> element_offset(const TopLevel& top, std::string_view pointer) {
    for (const auto& [name, list] : {std::pair{"/images/", &top.images}, std::pair{"/annotations/", &top.annotations},
                                     std::pair{"/categories/", &top.categories}}) {
        const std::string_view prefix = name;
        if (!pointer.starts_with(prefix)) continue;
        std::size_t index = 0;
        const char* begin = pointer.data() + prefix.size();
        const auto [end, error] = std::from_chars(begin, pointer.data() + pointer.size(), index);
        if (error != std::errc() || end == begin || index >= list->count()) return std::nullopt;
        return list->begin(index);
    }
    return std::nullopt;
}

void add_lines_in_file(const std::string& path, std::span<Diagnostic> diagnostics, const std::vector<std::size_t>& which) {
    const MappedJson file(path);
    const TopLevel top = split_top_level(file);
    std::vector<PointerTarget> targets;
    for (const std::size_t i : which)
        if (const auto offset = element_offset(top, diagnostics[i].location.json_pointer)) targets.push_back({i, *offset});
    std::sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
    // One forward sweep counts the lines up to every target.
    const char* data = file.data();
    std::size_t at = 0, line = 1, line_start = 0, released = 0;
    for (const PointerTarget& target : targets) {
        if (at - released >= (std::size_t{8} << 20)) {  // keep the sweep's footprint small
            file.release(released, at);
            released = at;
        }
        while (at < target.offset) {
            const void* newline = std::memchr(data + at, '\n', target.offset - at);
            if (!newline) {
                at = target.offset;
                break;
            }
            at = static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
            ++line;
            line_start = at;
        }
        Location& location = diagnostics[target.diagnostic].location;
        location.line = static_cast<std::uint32_t>(line);
        location.column = static_cast<std::uint32_t>(target.offset - line_start + 1);
    }
}

}  // namespace

void add_lines(std::span<Diagnostic> diagnostics) {
    std::map<std::string, std::vector<std::size_t>> by_file;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const Location& location = diagnostics[i].location;
        if (location.line == 0 && !location.json_pointer.empty() && !location.path.empty())
            by_file[location.path].push_back(i);
    }
    for (const auto& [path, which] : by_file) {
        try {
            add_lines_in_file(path, diagnostics, which);
        } catch (const Error&) {
            // The file was reported as unreadable already; its pointers stay as they are.
        }
    }
}

}  // namespace labelkit::coco
