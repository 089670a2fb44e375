#pragma once
// Parses one element of a COCO file's "categories", "images" or "annotations" array (a small
// JSON object, located by json_splitter) with simdjson On-Demand, straight into the model.
// Every error is a labelkit::Error with the file, line:column and JSON pointer.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/coco/id_index.hpp"
#include "formats/coco/json_splitter.hpp"
#include "formats/coco/mapped_json.hpp"
#include "labelkit/model.hpp"

namespace labelkit::coco {

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

}  // namespace labelkit::coco
