// File rules shared by the YOLO layouts: which files are images, where an image's label file
// is, list files of image paths, and fast whole-file reads and writes.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/file_descriptor.hpp"
#include "core/image_files.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"

namespace labelkit::yolo {

namespace {

std::string_view trim(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

std::vector<std::string> components(const fs::path& path) {
    std::vector<std::string> parts;
    for (const fs::path& part : path) parts.push_back(part.string());
    return parts;
}

}  // namespace

std::vector<fs::path> list_images(const fs::path& folder) {
    std::vector<std::pair<std::string, fs::path>> found;
    std::error_code error;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
    if (error) throw Error(fmt::format("cannot list folder: {}", error.message()), {folder.string()});
    for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
        if (error) throw Error(fmt::format("cannot list folder: {}", error.message()), {folder.string()});
        if (!has_image_extension(it->path())) continue;
        // The type comes from the directory listing; a symbolic link (what --images link
        // writes) is taken as a file without following it, as Ultralytics' glob does.
        std::error_code ignored;
        if (!it->is_symlink(ignored) && !it->is_regular_file(ignored)) continue;
        found.emplace_back(it->path().generic_string(), it->path());
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<fs::path> images;
    images.reserve(found.size());
    for (auto& [key, path] : found) images.push_back(std::move(path));
    return images;
}

std::string label_path_for(const std::string& image) {
    std::string label = image;
    const std::size_t at = label.rfind("/images/");
    if (at != std::string::npos)
        label.replace(at, 8, "/labels/");
    else if (label.rfind("images/", 0) == 0)  // a relative path starting in images/
        label.replace(0, 7, "labels/");
    const std::size_t slash = label.rfind('/');
    const std::size_t dot = label.rfind('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) label.resize(dot);
    label += ".txt";
    return label;
}

fs::path label_folder_for(const fs::path& image_folder) {
    return fs::path(label_path_for(generic(image_folder) + "/x.jpg")).parent_path();
}

std::string with_txt_extension(std::string_view item_path) {
    const std::size_t slash = item_path.rfind('/');
    const std::size_t dot = item_path.rfind('.');
    if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash))
        item_path = item_path.substr(0, dot);
    std::string label(item_path);
    label += ".txt";
    return label;
}

std::string generic(const fs::path& path) { return path.lexically_normal().generic_string(); }

std::vector<std::string> read_names_file(const fs::path& file) {
    const std::string whole = read_text_file(file, limits::max_text_file_bytes, SpecialFiles::refused);
    const std::string_view text = without_byte_order_mark(whole);
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view name = trim(std::string_view(text).substr(start, end - start));
        if (!name.empty()) names.emplace_back(name);
        start = end + 1;
    }
    return names;
}

fs::path resolve_listed_path(std::string_view entry, const fs::path& list_dir, const fs::path& root) {
    if (entry.rfind("./", 0) == 0) return (list_dir / fs::path(entry.substr(2))).lexically_normal();
    const fs::path path(entry);
    if (path.is_absolute()) return path.lexically_normal();
    fs::path resolved = (root / path).lexically_normal();
    std::error_code error;
    if (!fs::exists(resolved, error) && entry.rfind("data/", 0) == 0)
        resolved = (root / fs::path(entry.substr(5))).lexically_normal();  // Darknet/CVAT: data/ is the root
    return resolved;
}

std::vector<ListedImage> read_image_list(const fs::path& list_file, const fs::path& root, const ReadOptions& options,
                                         DiagnosticSink& sink) {
    const std::string whole = read_text_file(list_file, limits::max_text_file_bytes, SpecialFiles::refused);
    const std::string_view text = without_byte_order_mark(whole);
    const fs::path list_dir = list_file.parent_path();
    std::vector<ListedImage> images;
    std::size_t skipped = 0;
    Location first_skipped;
    std::uint32_t line = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        ++line;
        const std::string_view entry = trim(std::string_view(text).substr(start, end - start));
        start = end + 1;
        if (entry.empty()) continue;
        const Location where{list_file.string(), line, 1};
        if (!has_image_extension(fs::path(entry))) {
            if (skipped++ == 0) first_skipped = where;
            continue;
        }
        fs::path image = resolve_listed_path(entry, list_dir, root);
        std::error_code error;
        const bool exists = fs::is_regular_file(image, error);
        const bool sized = options.image_size.has_value();
        if (!exists && !sized)
            report_or_throw(Error(fmt::format("image '{}' listed here does not exist (looked for {}); give "
                                              "--image-size W,H to read its labels without it",
                                              entry, image.string()),
                                  where, "yolo/missing-image"),
                            options, sink, "yolo/missing-image");
        images.push_back({std::move(image), where, exists});
    }
    if (skipped > 0)
        sink.warn("yolo/not-an-image",
                  fmt::format("{} line(s) of this list do not name an image (by extension) and were skipped, "
                              "as Ultralytics does",
                              skipped),
                  first_skipped);
    return images;
}

std::optional<LabelFolder> label_folder_of_listed(const std::vector<ListedImage>& listed, const std::string& subset,
                                                  bool beside_images, const fs::path& root) {
    if (listed.empty()) return std::nullopt;
    fs::path common = listed.front().image.lexically_normal().parent_path();
    for (const ListedImage& image : listed) {
        const fs::path folder = image.image.lexically_normal().parent_path();
        fs::path shared;
        for (auto a = common.begin(), b = folder.begin(); a != common.end() && b != folder.end() && *a == *b; ++a, ++b)
            shared /= *a;
        common = shared;
    }
    if (common.empty()) common = ".";
    std::error_code error;
    const fs::path inside = fs::absolute(common, error).lexically_normal().lexically_relative(
        fs::absolute(root, error).lexically_normal());
    if (error || inside.empty() || *inside.begin() == "..") return std::nullopt;
    return LabelFolder{beside_images ? common : label_folder_for(common), common, subset};
}

std::vector<std::string> item_paths_of_listed(const std::vector<fs::path>& images, const fs::path& root) {
    std::vector<std::string> paths;
    if (images.empty()) return paths;
    std::error_code error;
    const fs::path absolute_root = fs::absolute(root, error).lexically_normal();
    // Every image as components, relative to root when all of them are inside it.
    bool inside = true;
    std::vector<std::vector<std::string>> parts;
    parts.reserve(images.size());
    for (const fs::path& image : images) {
        const fs::path relative = fs::absolute(image, error).lexically_normal().lexically_relative(absolute_root);
        if (relative.empty() || *relative.begin() == "..") inside = false;
        parts.push_back(components(relative));
    }
    if (!inside)
        for (std::size_t i = 0; i < images.size(); ++i)
            parts[i] = components(fs::absolute(images[i], error).lexically_normal());
    // Their common folder.
    std::vector<std::string> common(parts[0].begin(), parts[0].end() - 1);
    for (const auto& image : parts) {
        std::size_t same = 0;
        while (same < common.size() && same + 1 < image.size() && common[same] == image[same]) ++same;
        common.resize(same);
    }
    // Strip up to ".../images/<folder>" (or ".../images" when the list ends there).
    std::size_t strip = inside ? 0 : common.size();
    for (std::size_t i = common.size(); i-- > 0;) {
        if (common[i] != "images") continue;
        strip = std::min(i + 2, common.size());
        break;
    }
    paths.reserve(parts.size());
    for (const auto& image : parts) {
        std::string path;
        for (std::size_t i = strip; i < image.size(); ++i) {
            if (!path.empty()) path += '/';
            path += image[i];
        }
        paths.push_back(std::move(path));
    }
    return paths;
}

}  // namespace labelkit::yolo
