#include "formats/coco/image_finder.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>

namespace labelkit::coco {

namespace {

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

ImageFinder::ImageFinder(const std::vector<std::string>& folders) {
    for (const std::string& path : folders) {
        if (std::any_of(folders_.begin(), folders_.end(), [&](const Folder& f) { return f.path == path; })) continue;
        Folder folder{path, {}};
        if (list_files(path, folder.files)) folders_.push_back(std::move(folder));
    }
}

std::string ImageFinder::find(const std::string& relative) const {
    const bool nested = relative.find_first_of("/\\") != std::string::npos;
    for (const Folder& folder : folders_) {
        if (!nested && folder.files.count(relative) == 0) continue;
        std::string path = folder.path + "/" + relative;
        if (!nested || is_regular_file(path)) return path;
    }
    return {};
}

void ImageFinder::locate(std::span<Item> items) const {
    if (folders_.empty()) return;
    for (Item& item : items) item.image_file = find(item.path);
}

}  // namespace labelkit::coco
