// Recognising LabelMe JSON by content: an object with "shapes" and "imagePath" or "version".
#include <fstream>

#include <fmt/format.h>

#include "formats/labelme/labelme_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::labelme {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t peek_size = 64 * 1024;
constexpr std::size_t files_looked_at = 20;

// The first peek_size bytes, and when an "imageData" string runs past them (labelme 2 wrote it
// before "shapes"), the peek_size bytes after its end too: its base64 holds no quote.
std::string peek(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text(peek_size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    const std::size_t key = text.find("\"imageData\"");
    if (key == std::string::npos || text.size() < peek_size) return text;
    const std::size_t opening = text.find('"', key + 11);
    if (opening == std::string::npos || text.find('"', opening + 1) != std::string::npos) return text;
    std::string chunk(1 << 20, '\0');
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const std::string_view read(chunk.data(), static_cast<std::size_t>(in.gcount()));
        const std::size_t closing = read.find('"');
        if (closing == std::string_view::npos) continue;
        std::string after(read.substr(closing));
        if (after.size() < peek_size) {
            std::string rest(peek_size - after.size(), '\0');
            in.read(rest.data(), static_cast<std::streamsize>(rest.size()));
            after.append(rest.data(), static_cast<std::size_t>(in.gcount()));
        }
        return text.substr(0, opening + 1) + after;
    }
    return text;
}

bool is_json_name(const fs::path& path) { return iequals(path.extension().string(), ".json"); }

Detection detect_file(const fs::path& path) {
    if (!is_json_name(path)) return {0, "not a .json file"};
    if (looks_like_labelme(peek(path)))
        return {100, "a .json object with \"shapes\" and \"imagePath\" or \"version\" keys (a LabelMe file)"};
    return {0, "a .json file without LabelMe's \"shapes\" and \"imagePath\"/\"version\" keys"};
}

// A folder whose first .json files (in name order, at most files_looked_at, recursively) are LabelMe files.
Detection detect_folder(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error))
        if (is_json_name(it->path()) && it->is_regular_file(error)) files.push_back(it->path());
    if (files.empty()) return {0, "no .json files in the folder"};
    std::sort(files.begin(), files.end());
    if (files.size() > files_looked_at) files.resize(files_looked_at);
    std::size_t labelme = 0;
    for (const fs::path& file : files) labelme += looks_like_labelme(peek(file)) ? 1 : 0;
    if (labelme == 0) return {0, fmt::format("none of the {} .json files looked at is a LabelMe file", files.size())};
    // Below COCO's folder score: a COCO folder with a stray LabelMe file stays COCO.
    return {labelme == files.size() ? 80 : 40,
            fmt::format("{} of the {} .json files looked at are LabelMe files", labelme, files.size())};
}

// The position of a top-level key, roughly: the quoted name followed by a colon.
bool has_key(std::string_view text, std::string_view key) {
    const std::string quoted = fmt::format("\"{}\"", key);
    for (std::size_t at = text.find(quoted); at != std::string_view::npos; at = text.find(quoted, at + 1)) {
        const std::size_t next = text.find_first_not_of(" \t\r\n", at + quoted.size());
        if (next != std::string_view::npos && text[next] == ':') return true;
    }
    return false;
}

}  // namespace

bool looks_like_labelme(std::string_view start) {
    start = without_byte_order_mark(start);
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || start[first] != '{') return false;
    // COCO files have "images"/"annotations"; LabelMe files have neither key.
    if (has_key(start, "images") || has_key(start, "annotations")) return false;
    return has_key(start, "shapes") && (has_key(start, "imagePath") || has_key(start, "version"));
}

Detection detect(const fs::path& input) {
    if (is_folder(input)) return detect_folder(input);
    if (is_file(input)) return detect_file(input);
    return {0, "no such file or directory"};
}

}  // namespace labelkit::labelme
