// Recognising a CVAT XML 1.1 file (or a folder with annotations.xml, as CVAT exports it) by its
// content, with a reason either way.

#include <fmt/format.h>

#include "formats/cvat/cvat_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::cvat {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t sniffed_bytes = 64 * 1024;


// The name of the first element: past the XML declaration, comments and doctype.
std::string_view root_name(std::string_view text) {
    for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
        if (at + 1 >= text.size()) return {};
        const char next = text[at + 1];
        if (next == '?' || next == '!') continue;
        const std::size_t end = text.find_first_of(" \t\r\n/>", at + 1);
        return text.substr(at + 1, end == std::string_view::npos ? std::string_view::npos : end - at - 1);
    }
    return {};
}

Detection detect_file(const fs::path& file) {
    if (!is_file(file)) return {0, fmt::format("no file {}", file.filename().string())};
    const std::string text = read_file_start(file, sniffed_bytes);
    const std::string_view root = root_name(text);
    if (root != "annotations")
        return {0, root.empty() ? "not XML" : fmt::format("root element <{}>, not CVAT's <annotations>", root)};
    if (text.find("<version>1.1</version>") != std::string::npos)
        return {95, "root <annotations> with <version>1.1</version> (CVAT XML 1.1)"};
    if (text.find("<meta>") != std::string::npos || text.find("<image ") != std::string::npos ||
        text.find("<track ") != std::string::npos)
        return {80, "root <annotations> with <meta>, <image> or <track> (CVAT XML)"};
    return {30, "root <annotations>, but no <version>, <meta>, <image> or <track> in its first 64 KiB"};
}

}  // namespace

Detection detect(const fs::path& input) {
    if (!is_folder(input)) {
        if (!iequals(input.extension().string(), ".xml")) return {0, "not an .xml file"};
        return detect_file(input);
    }
    const fs::path file = input / "annotations.xml";
    if (!is_file(file)) return {0, "no annotations.xml in the folder"};
    Detection detection = detect_file(file);
    if (detection.score > 0) detection.reason = "annotations.xml: " + detection.reason;
    return detection;
}

}  // namespace labelkit::cvat
