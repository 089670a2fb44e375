#include "formats/voc/voc_private.hpp"

#include <algorithm>
#include <cstring>

namespace labelkit::voc {

std::string_view text_of(const pugi::xml_node& element) { return trim(element.child_value()); }

bool is_xml_name(std::string_view name) {
    if (name.empty()) return false;
    const auto letter = [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    };
    if (!letter(static_cast<unsigned char>(name.front()))) return false;
    return std::all_of(name.begin(), name.end(), [&](char c) {
        const auto u = static_cast<unsigned char>(c);
        return letter(u) || (u >= '0' && u <= '9') || u == '-' || u == '.';
    });
}

}  // namespace labelkit::voc
