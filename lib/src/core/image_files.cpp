#include "core/image_files.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <memory>

#include <fmt/format.h>

#include "labelkit/io.hpp"
#include "labelkit/suggest.hpp"

namespace labelkit {

namespace fs = std::filesystem;

namespace {

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
    return out;
}

// Ultralytics' IMG_FORMATS, in the order an image named after an id is preferred.
constexpr std::array<std::string_view, 11> image_extensions{".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff",
                                                            ".webp", ".dng", ".mpo", ".pfm", ".heic"};

// Position of the extension in image_extensions (case-insensitive), or -1.
int extension_rank(std::string_view extension) {
    const std::string lowered = ascii_lower(extension);
    for (std::size_t i = 0; i < image_extensions.size(); ++i)
        if (lowered == image_extensions[i]) return static_cast<int>(i);
    return -1;
}

// The extension of a file name: from its last dot, when that is not the first character.
std::string_view extension_of(std::string_view name) {
    const std::size_t dot = name.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? std::string_view{} : name.substr(dot);
}

bool is_regular_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

struct DirCloser {
    void operator()(DIR* dir) const { ::closedir(dir); }
};

// Names of the regular files in the folder (links are followed); false if it cannot be listed.
bool list_files(const std::string& folder, std::unordered_set<std::string>& files) {
    const std::unique_ptr<DIR, DirCloser> dir(::opendir(folder.c_str()));
    if (!dir) return false;
    std::string path;
    while (const dirent* entry = ::readdir(dir.get())) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        bool regular = entry->d_type == DT_REG;
        if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
            path.assign(folder).append("/").append(name);
            regular = is_regular_file(path);
        }
        if (regular) files.emplace(name);
    }
    return true;
}

}  // namespace

bool has_image_extension(const fs::path& path) { return extension_rank(path.extension().string()) >= 0; }

ImageFinder::ImageFinder(std::vector<fs::path> folders, bool by_id) {
    for (fs::path& folder : folders) {
        if (folder.empty()) continue;
        if (std::find(searched_.begin(), searched_.end(), folder) != searched_.end()) continue;
        searched_.push_back(std::move(folder));
        Folder listed{searched_.back().string(), {}, {}};
        if (!list_files(listed.path, listed.files)) continue;
        if (by_id) for (const std::string& name : listed.files) {
            const std::string_view extension = extension_of(name);
            const int rank = extension_rank(extension);
            if (rank < 0) continue;
            const std::string stem = name.substr(0, name.size() - extension.size());
            auto [it, added] = listed.by_stem.try_emplace(stem, name);
            if (!added && std::pair{extension_rank(extension_of(it->second)), it->second} > std::pair{rank, name})
                it->second = name;
        }
        folders_.push_back(std::move(listed));
    }
}

std::string ImageFinder::find(std::string_view relative) const {
    if (relative.empty()) return {};
    const bool nested = relative.find('/') != std::string_view::npos;
    const std::string name(relative);
    for (const Folder& folder : folders_) {
        if (!nested && !folder.files.contains(name)) continue;
        std::string path = folder.path + "/" + name;
        if (!nested || is_regular_file(path)) return path;
    }
    return {};
}

std::string ImageFinder::find_by_id(std::string_view id) const {
    if (id.empty()) return {};
    const std::string key(id);
    if (id.find('/') == std::string_view::npos) {
        for (const Folder& folder : folders_)
            if (const auto found = folder.by_stem.find(key); found != folder.by_stem.end()) return found->second;
        return {};
    }
    for (const Folder& folder : folders_)  // ids in subfolders: one stat per spelling
        for (const std::string_view extension : image_extensions)
            for (const std::string& spelled : {std::string(extension), upper(extension)})
                if (is_regular_file(folder.path + "/" + key + spelled)) return key + spelled;
    return {};
}

namespace {

std::string shown_folder(const fs::path& folder) {
    std::string text = folder.lexically_normal().generic_string();
    if (!text.ends_with('/')) text += '/';
    return text;
}

std::string join_phrase(const std::vector<std::string>& parts) {
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return text;
}

}  // namespace

std::string ImageFinder::describe() const {
    std::vector<std::string> names;
    for (const fs::path& folder : searched_) names.push_back(shown_folder(folder));
    return join_phrase(names);
}

bool is_validation_name(std::string_view subset) {
    for (const char* name : {"val", "valid", "validation"})
        if (iequals(subset, name)) return true;
    return false;
}

std::vector<std::string> subset_folder_names(const std::string& subset) {
    std::vector<std::string> names{subset};
    if (!is_validation_name(subset)) return names;
    for (const char* alias : {"val", "valid", "validation"})
        if (subset != alias) names.emplace_back(alias);
    return names;
}

void add_image_folders(Dataset& dataset, const ImageFinder& finder) {
    for (const fs::path& folder : finder.searched()) {
        std::string shown = shown_folder(folder);
        if (std::find(dataset.image_folders.begin(), dataset.image_folders.end(), shown) == dataset.image_folders.end())
            dataset.image_folders.push_back(std::move(shown));
    }
}

std::string image_search_hint(const Dataset& dataset) {
    if (dataset.image_folders.empty()) return {};
    constexpr std::size_t most = 8;
    std::vector<std::string> shown(dataset.image_folders.begin(),
                                   dataset.image_folders.begin() +
                                       static_cast<std::ptrdiff_t>(std::min(most, dataset.image_folders.size())));
    if (dataset.image_folders.size() > most) shown.push_back(fmt::format("{} more", dataset.image_folders.size() - most));
    return fmt::format("looked in {}; --image-root DIR says where the images are", join_phrase(shown));
}

}  // namespace labelkit
