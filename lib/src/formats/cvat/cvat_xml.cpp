#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "formats/cvat/cvat_private.hpp"
#include "labelkit/error.hpp"

namespace labelkit::cvat {

pugi::xml_document load_document(std::string_view text, const LineIndex& lines) {
    pugi::xml_document document;
    const pugi::xml_parse_result result = document.load_buffer(text.data(), text.size());
    if (result) return document;
    if (result.status == pugi::status_no_document_element)
        throw Error("not an XML document (no root element)", lines.at(result.offset), "cvat/xml-syntax");
    throw Error(fmt::format("malformed XML: {}", result.description()), lines.at(result.offset), "cvat/xml-syntax");
}

bool is_shape_property(std::string_view key) {
    return key == "occluded" || key == "z_order" || key == "group_id" || key == "source" || key == "keyframe";
}

}  // namespace labelkit::cvat
