#include "formats/voc/voc_private.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>

#include "core/image_files.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/output.hpp"

namespace labelkit::voc {

namespace fs = std::filesystem;

namespace {

// Calls visit(line_number, trimmed_line) for every line that is neither blank nor a # comment.
template <class Visit>
void for_each_content_line(const std::string& text, const Visit& visit) {
    std::istringstream in(std::string(without_byte_order_mark(text)));
    std::string line;
    for (std::uint32_t number = 1; std::getline(in, line); ++number) {
        const std::string_view content = trim(line);
        if (content.empty() || content.front() == '#') continue;
        visit(number, content);
    }
}

int subset_rank(const std::string& name) {
    static constexpr std::array<std::string_view, 3> known{"train", "val", "test"};
    const auto found = std::find(known.begin(), known.end(), name);
    return found == known.end() ? static_cast<int>(known.size()) : static_cast<int>(found - known.begin());
}

fs::path find_list_folder(const fs::path& root) {
    std::error_code error;
    for (const char* name : {"Main", "Segmentation", "Layout", "Action"}) {
        const fs::path folder = root / "ImageSets" / name;
        if (fs::is_directory(folder, error)) return folder;
    }
    return {};
}

// A stem X_Y is a per-class list when Y is itself a subset list of the folder.
bool is_per_class_list(const std::string& stem, const std::set<std::string>& stems) {
    for (std::size_t underscore = stem.find('_'); underscore != std::string::npos;
         underscore = stem.find('_', underscore + 1))
        if (underscore > 0 && stems.count(stem.substr(underscore + 1))) return true;
    return false;
}

std::set<std::string> ids_of(const SubsetList& list) {
    std::set<std::string> ids;
    for (const ListedId& listed : list.ids) ids.insert(listed.id);
    return ids;
}

// VOC's trainval is train and val together, and a list may repeat another: such a list is no
// subset of its own (it would only make every image "leaked" between two subsets).
void leave_out_repeating_lists(SubsetLists& result) {
    const auto find = [&](std::string_view name) {
        return std::find_if(result.lists.begin(), result.lists.end(), [&](const SubsetList& l) { return l.subset == name; });
    };
    std::vector<std::set<std::string>> sets;
    for (const SubsetList& list : result.lists) sets.push_back(ids_of(list));
    std::vector<bool> drop(result.lists.size(), false);
    const auto train = find("train"), val = find("val"), trainval = find("trainval");
    if (train != result.lists.end() && val != result.lists.end() && trainval != result.lists.end()) {
        std::set<std::string> both = sets[train - result.lists.begin()];
        both.insert(sets[val - result.lists.begin()].begin(), sets[val - result.lists.begin()].end());
        const auto at = static_cast<std::size_t>(trainval - result.lists.begin());
        if (both == sets[at]) {
            drop[at] = true;
            result.left_out.push_back({"voc/subset-lists", Severity::info,
                                       "trainval lists train and val together: read as those two subsets",
                                       {trainval->file.string()}});
        }
    }
    for (std::size_t i = 0; i < result.lists.size(); ++i)
        for (std::size_t earlier = 0; earlier < i && !drop[i]; ++earlier)
            if (!drop[earlier] && !sets[i].empty() && sets[i] == sets[earlier]) {
                drop[i] = true;
                result.left_out.push_back(
                    {"voc/multiple-subsets", Severity::warning,
                     fmt::format("lists the same {} images as {}: read once, as subset '{}'", sets[i].size(),
                                 result.lists[earlier].file.filename().string(), result.lists[earlier].subset),
                     {result.lists[i].file.string()}});
            }
    std::size_t index = 0;
    std::erase_if(result.lists, [&](const SubsetList&) { return drop[index++]; });
}

SubsetList read_subset_list(const fs::path& file, std::string subset) {
    SubsetList list{std::move(subset), file, {}};
    for_each_content_line(read_text_file(file, limits::max_text_file_bytes, SpecialFiles::refused), [&](std::uint32_t line, std::string_view content) {
        const std::string id(content.substr(0, content.find_first_of(" \t")));
        check_relative_path(id, {file.string(), line, 1});
        list.ids.push_back({id, line});  // repeats are reported as voc/listed-twice
    });
    return list;
}

constexpr std::size_t sniff_bytes = 4096;

std::vector<fs::path> child_folders(const fs::path& folder) {
    std::vector<fs::path> children;
    std::error_code error;
    for (auto it = fs::directory_iterator(folder, error); !error && it != fs::directory_iterator(); it.increment(error))
        if (it->is_directory(error) && it->path().filename().string().front() != '.') children.push_back(it->path());
    std::sort(children.begin(), children.end());
    return children;
}

// The first .xml file directly in folder (by name), or an empty path.
fs::path first_xml_in(const fs::path& folder) {
    std::vector<fs::path> found;
    std::error_code error;
    for (auto it = fs::directory_iterator(folder, error); !error && it != fs::directory_iterator(); it.increment(error))
        if (it->path().extension() == ".xml" && it->is_regular_file(error)) found.push_back(it->path());
    return found.empty() ? fs::path{} : *std::min_element(found.begin(), found.end());
}

bool holds_annotation_files(const fs::path& folder) {
    const fs::path xml = first_xml_in(folder);
    return !xml.empty() && is_annotation_file(xml);
}

bool holds_images(const fs::path& folder) {
    std::error_code error;
    for (auto it = fs::directory_iterator(folder, error); !error && it != fs::directory_iterator(); it.increment(error))
        if (has_image_extension(it->path()) && it->is_regular_file(error)) return true;
    return false;
}

bool named_like_image_folder(const fs::path& folder) {
    std::string name = folder.filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* known : {"jpegimages", "images", "image", "imgs", "img"})
        if (name == known) return true;
    return false;
}

// Where the images of a folder of XMLs may be: beside them, in a sibling folder named like an
// image folder, in any other sibling folder with images, then in the parent itself.
std::vector<fs::path> image_folders_around(const fs::path& xml_folder, const fs::path& parent) {
    std::vector<fs::path> folders{xml_folder};
    std::vector<fs::path> others;
    for (const fs::path& sibling : child_folders(parent)) {
        if (sibling == xml_folder) continue;
        if (named_like_image_folder(sibling)) folders.push_back(sibling);
        else if (holds_images(sibling)) others.push_back(sibling);
    }
    folders.insert(folders.end(), others.begin(), others.end());
    if (parent != xml_folder) folders.push_back(parent);
    return folders;
}

// The folder above, as written: "data" for "data/annots", "." for "annots", ".." for ".".
fs::path parent_folder(const fs::path& folder) {
    if (folder.filename() == "." || folder.filename() == "..") return folder / "..";
    return folder.has_parent_path() ? folder.parent_path() : fs::path(".");
}

}  // namespace

bool is_annotation_file(const fs::path& file) {
    const std::string head = read_file_start(file, sniff_bytes);
    for (std::size_t at = head.find("<annotation"); at != std::string::npos; at = head.find("<annotation", at + 1)) {
        const std::size_t after = at + 11;
        if (after < head.size() && (head[after] == '>' || head[after] == '/' || std::isspace(static_cast<unsigned char>(head[after]))))
            return true;
    }
    return false;
}

std::optional<DatasetFolders> find_dataset_folders(const fs::path& input, std::string& why) {
    std::error_code error;
    if (!fs::is_directory(input, error)) {
        why = "not a directory (a VOC dataset is a folder with Annotations/, or a folder of VOC .xml files)";
        return std::nullopt;
    }
    const fs::path root = without_trailing_separator(input);
    if (fs::is_directory(root / "Annotations", error) || fs::is_directory(root / "ImageSets", error))
        return DatasetFolders{root, root / "Annotations", true, {root / "JPEGImages"}};
    if (holds_annotation_files(root))
        return DatasetFolders{root, root, false, image_folders_around(root, parent_folder(root))};
    std::vector<fs::path> with_xml;
    for (const fs::path& child : child_folders(root))
        if (holds_annotation_files(child)) with_xml.push_back(child);
    if (with_xml.size() == 1)
        return DatasetFolders{root, with_xml.front(), false, image_folders_around(with_xml.front(), root)};
    if (with_xml.empty()) {
        why = "no Annotations/ folder and no folder of VOC .xml files (files whose root element is <annotation>)";
        return std::nullopt;
    }
    std::string names;
    for (const fs::path& folder : with_xml) names += (names.empty() ? "" : ", ") + folder.filename().string() + "/";
    why = fmt::format("several folders hold VOC .xml files ({}): give the one to read", names);
    return std::nullopt;
}

bool subset_before(const std::string& a, const std::string& b) {
    const int rank_a = subset_rank(a), rank_b = subset_rank(b);
    return rank_a != rank_b ? rank_a < rank_b : a < b;
}

Labelmap read_labelmap(const fs::path& file) {
    Labelmap labelmap;
    for_each_content_line(read_text_file(file, limits::max_text_file_bytes, SpecialFiles::refused), [&](std::uint32_t line, std::string_view content) {
        const std::string name(trim(content.substr(0, content.find(':'))));
        if (name.empty()) throw Error("label with an empty name", {file.string(), line, 1});
        const auto index = static_cast<std::uint32_t>(labelmap.names.size());
        if (!labelmap.index.emplace(name, index).second)
            throw Error(fmt::format("label '{}' is listed twice", name), {file.string(), line, 1});
        labelmap.names.push_back(name);
    });
    return labelmap;
}

void write_labelmap(const fs::path& file, const std::vector<LabelmapEntry>& entries) {
    const auto clean = [](const std::string& name, std::string_view forbidden) {
        return !name.empty() && name.find_first_of(forbidden) == std::string::npos &&
               name.front() != '#' && trim(name) == name;
    };
    const auto join_clean = [&](const std::vector<std::string>& names) {
        std::string text;
        for (const std::string& name : names)
            if (clean(name, ":,\r\n")) text += (text.empty() ? "" : ",") + name;
        return text;
    };
    std::string text = "# label:color_rgb:parts:actions\n";
    for (const LabelmapEntry& entry : entries) {
        if (!clean(entry.name, ":\r\n"))
            throw Error(fmt::format("category name '{}' cannot be written to labelmap.txt (empty, "
                                    "contains ':' or a line break, starts with '#' or with a space)",
                                    entry.name),
                        {file.string()});
        text += fmt::format("{}::{}:{}\n", entry.name, join_clean(entry.parts), join_clean(entry.actions));
    }
    write_output_text(file, text);
}

SubsetLists read_subset_lists(const fs::path& root) {
    SubsetLists result;
    result.folder = find_list_folder(root);
    if (result.folder.empty()) return result;
    std::set<std::string> stems;
    std::error_code error;
    for (auto it = fs::directory_iterator(result.folder, error); !error && it != fs::directory_iterator();
         it.increment(error))
        if (it->path().extension() == ".txt" && it->is_regular_file(error)) stems.insert(it->path().stem().string());
    if (error) throw Error(fmt::format("cannot list subset files: {}", error.message()), {result.folder.string()});
    std::vector<std::string> subsets;
    for (const std::string& stem : stems)
        if (!is_per_class_list(stem, stems)) subsets.push_back(stem);
    std::sort(subsets.begin(), subsets.end(), subset_before);
    for (const std::string& subset : subsets)
        result.lists.push_back(read_subset_list(result.folder / (subset + ".txt"), subset));
    leave_out_repeating_lists(result);
    return result;
}

}  // namespace labelkit::voc
