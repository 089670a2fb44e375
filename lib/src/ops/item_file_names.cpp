#include "ops/item_file_names.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
bool is_separator(char c) { return c == '/' || c == '\\'; }

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://".
bool is_url(std::string_view path) {
    const std::size_t colon = path.find("://");
    if (colon == std::string_view::npos || colon == 0 || !is_letter(path.front())) return false;
    for (char c : path.substr(0, colon))
        if (!is_letter(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    return true;
}


// What the writers refuse as they always have: never renamed into something they would accept.
// Only the file name a reference ends with is written, so ".." before it does no harm (a name
// that is ".." is none); a control character anywhere is refused by the writers.
bool left_to_the_writer(std::string_view path) {
    return std::any_of(path.begin(), path.end(), is_control);
}

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "%20" -> " "; a sequence that would give a control character (or a separator, unless asked
// for) stays as it is.
enum class Separators { kept_encoded, decoded };
std::string percent_decoded(std::string_view text, Separators separators) {
    std::string result;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            const char c = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            if (!is_control(c) && (separators == Separators::decoded || !is_separator(c))) {
                result += c;
                i += 2;
                continue;
            }
        }
        result += text[i];
    }
    return result;
}

std::string_view last_segment(std::string_view path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The value of the query's d parameter (Label Studio local files), if it has one.
std::optional<std::string_view> d_parameter(std::string_view query) {
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view parameter = query.substr(start, end - start);
        if (parameter.starts_with("d=")) return parameter.substr(2);
        start = end + 1;
    }
    return std::nullopt;
}

// "a.jpg" -> "a", "dir/a.b.jpg" -> "dir/a.b", ".hidden" and "README" unchanged.
std::string_view stem_of(std::string_view path) {
    const std::size_t segment = path.find_last_of("/\\") == std::string_view::npos ? 0 : path.find_last_of("/\\") + 1;
    const std::size_t dot = path.rfind('.');
    return dot == std::string_view::npos || dot <= segment ? path : path.substr(0, dot);
}

// The name with a "__<n>" suffix before its extension: "a.jpg", 2 -> "a__2.jpg".
std::string numbered(std::string_view name, std::size_t n) {
    const std::string_view stem = stem_of(name);
    return fmt::format("{}__{}{}", stem, n, name.substr(stem.size()));
}

struct Renaming {
    std::size_t count = 0;
    std::string first_old, first_new;
    void add(const std::string& old_name, const std::string& new_name) {
        if (count++ > 0) return;
        first_old = old_name;
        first_new = new_name;
    }
};

}  // namespace

bool is_url_or_absolute(std::string_view path) {
    if (path.empty()) return false;
    if (is_separator(path.front())) return true;
    if (path.size() >= 3 && is_letter(path[0]) && path[1] == ':' && is_separator(path[2])) return true;  // C:\a.jpg
    return is_url(path);
}

std::string file_name_of_reference(std::string_view reference) {
    std::string_view rest = reference.substr(0, reference.find('#'));
    const std::size_t question = rest.find('?');
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : rest.substr(question + 1);
    rest = rest.substr(0, question);
    if (is_url(rest)) {
        rest.remove_prefix(rest.find("://") + 3);
        const std::size_t path_start = rest.find_first_of("/\\");
        rest = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);  // no host
    }
    std::string name = percent_decoded(last_segment(rest), Separators::kept_encoded);
    if (name.empty())
        if (const auto local_file = d_parameter(query))
            name = last_segment(percent_decoded(*local_file, Separators::decoded));
    return name == "." || name == ".." ? std::string{} : name;
}

std::vector<FileName> file_names_of_references(const Dataset& dataset) {
    std::vector<std::size_t> to_rename;
    std::unordered_set<std::string> taken_stems;  // names differ without their extension: YOLO and LabelMe drop it
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const std::string& path = dataset.items[i].path;
        if (is_url_or_absolute(path) && !left_to_the_writer(path))
            to_rename.push_back(i);
        else
            taken_stems.emplace(stem_of(path));
    }
    std::vector<FileName> names;
    std::unordered_map<std::string, std::size_t> next_number;  // by stem: a thousand "image.jpg" are not a thousand tries each
    for (std::size_t i : to_rename) {
        FileName renamed{static_cast<std::uint32_t>(i), file_name_of_reference(dataset.items[i].path), false};
        if (!renamed.name.empty() && !taken_stems.emplace(stem_of(renamed.name)).second) {
            std::size_t& n = next_number.try_emplace(std::string(stem_of(renamed.name)), 2).first->second;
            while (!taken_stems.emplace(stem_of(numbered(renamed.name, n))).second) ++n;
            renamed.name = numbered(renamed.name, n++);
            renamed.numbered = true;
        }
        names.push_back(std::move(renamed));
    }
    return names;
}

void name_items_as_files(Dataset& dataset, const Format& target, DiagnosticSink& sink) {
    if (target.stores.item_references) return;
    Renaming from_references, made_unique;
    for (FileName& renamed : file_names_of_references(dataset)) {
        Item& item = dataset.items[renamed.item];
        if (renamed.name.empty())
            throw Error(fmt::format("item '{}' is named by a URL or absolute path that ends in no file name: {} needs "
                                    "a file name for it",
                                    shorten(item.path, 200), target.name),
                        {}, "convert/item-names");
        if (renamed.numbered) made_unique.add(item.path, renamed.name);
        from_references.add(item.path, renamed.name);
        if (const char* key = target.stores.reference_key; key && !(item.extra.is_object() && item.extra.contains(key))) {
            if (!item.extra.is_object()) item.extra = nlohmann::json::object();
            item.extra[key] = item.path;
        }
        item.path = std::move(renamed.name);
    }
    if (from_references.count > 0)
        sink.warn("convert/item-names",
                  fmt::format("{} named by URL or absolute path written under the file name the reference ends with "
                              "(first: '{}' -> '{}'){}",
                              counted(from_references.count, "item"), shorten(from_references.first_old, 200),
                              shorten(from_references.first_new, 200),
                              target.stores.reference_key
                                  ? fmt::format("; the reference is kept in the image's {}", target.stores.reference_key)
                                  : ""));
    if (made_unique.count > 0)
        sink.warn("convert/duplicate-item-names",
                  fmt::format("{} would have had the file name of another item (without extension): numbered "
                              "__2, __3, ... in item order (first: '{}' -> '{}')",
                              counted(made_unique.count, "item"), shorten(made_unique.first_old, 200),
                              shorten(made_unique.first_new, 200)));
}

}  // namespace labelkit
