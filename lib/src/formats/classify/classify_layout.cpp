// Finding the subsets, class folders and images of a classification folder, and recognising one.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/image_files.hpp"
#include "formats/classify/classify_private.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"

namespace labelkit::classify {

namespace fs = std::filesystem;

namespace {

// Ultralytics' check_cls_dataset reads train, then val, validation or valid, then test.
constexpr std::array<std::string_view, 5> subset_names{"train", "val", "validation", "valid", "test"};

// Folders that belong to other layouts (YOLO, COCO, VOC, Darknet, MOT): never classes.
constexpr std::array<std::string_view, 10> other_layout_folders{
    "images", "labels", "annotations", "jpegimages", "imagesets", "segmentationclass", "obj_train_data",
    "img1", "gt", "det"};

// Files that hold annotations: a folder beside them is another format's.
constexpr std::array<std::string_view, 9> annotation_extensions{".json", ".xml", ".yaml", ".yml", ".txt",
                                                                ".data", ".names", ".csv", ".ini"};

// Detection looks at this many folders per level and entries per class folder.
constexpr std::size_t folders_looked_at = 20;
constexpr std::size_t entries_looked_at = 64;

bool is_hidden(const fs::path& path) { return path.filename().string().starts_with('.'); }

bool has_extension_in(const fs::path& path, std::span<const std::string_view> extensions) {
    const std::string extension = path.extension().string();
    return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) { return iequals(extension, e); });
}

bool is_other_layout_folder(const fs::path& folder) {
    const std::string name = folder.filename().string();
    return std::any_of(other_layout_folders.begin(), other_layout_folders.end(),
                       [&](std::string_view reserved) { return iequals(name, reserved); });
}

// The child folders, hidden ones too (Ultralytics' iterdir() and torchvision's scandir() count a
// .ipynb_checkpoints/ as a class), sorted by name (bytes). Not the temporary of an output being
// written inside the dataset (`stats cls --plots cls/train/plots`): it is no class.
std::vector<fs::path> child_folders(const fs::path& folder) {
    std::vector<fs::path> folders;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        if (is_folder(it->path()) && !is_output_temporary(it->path())) folders.push_back(it->path());
    if (error) throw Error(fmt::format("cannot list folder: {}", error.message()), {folder.string()});
    std::sort(folders.begin(), folders.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
    return folders;
}

// Detection: the visible child folders among the first `entries` entries of a folder (a folder of
// a million images is not listed whole to be told apart).
std::vector<fs::path> some_child_folders(const fs::path& folder, std::size_t entries = 1000) {
    std::vector<fs::path> folders;
    std::error_code error;
    std::size_t seen = 0;
    for (fs::directory_iterator it(folder, error), end; !error && it != end && seen < entries; it.increment(error), ++seen) {
        std::error_code ignored;
        if (!is_hidden(it->path()) && it->is_directory(ignored)) folders.push_back(it->path());
    }
    return folders;
}

// Every image under a class folder (recursively, without following folder links, so that a
// cycle cannot hang), and the count of the other files.
ClassFolder list_class(const fs::path& folder) {
    ClassFolder listed{folder.filename().string(), folder, {}, 0};
    std::error_code error;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
    if (error) throw Error(fmt::format("cannot list folder: {}", error.message()), {folder.string()});
    for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
        if (error) throw Error(fmt::format("cannot list folder: {}", error.message()), {folder.string()});
        std::error_code ignored;
        if (!it->is_symlink(ignored) && !it->is_regular_file(ignored)) continue;
        if (it->is_symlink(ignored) && !is_file(it->path())) continue;  // a link to a folder, or dangling
        if (has_image_extension(it->path()))
            listed.images.push_back(it->path().lexically_relative(folder).generic_string());
        else
            ++listed.other_files;
    }
    std::sort(listed.images.begin(), listed.images.end());
    return listed;
}

// Image files directly in a folder: outside any class folder, they have no class.
std::size_t count_images_in(const fs::path& folder) {
    std::size_t images = 0;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        if (has_image_extension(it->path()) && is_file(it->path())) ++images;
    return images;
}

// Image files directly in a folder, among its first entries.
struct FolderLook {
    bool images = false;
    std::string annotation_file;  // the first file of an annotation extension, or ""
};

FolderLook look_into(const fs::path& folder) {
    FolderLook look;
    std::error_code error;
    std::size_t seen = 0;
    for (fs::directory_iterator it(folder, error), end; !error && it != end && seen < entries_looked_at;
         it.increment(error), ++seen) {
        std::error_code ignored;
        if (it->is_directory(ignored)) continue;
        if (has_image_extension(it->path())) look.images = true;
        else if (look.annotation_file.empty() && has_extension_in(it->path(), annotation_extensions))
            look.annotation_file = it->path().filename().string();
    }
    return look;
}

// Why the class folders under `folder` are not classes of images, or "" when some hold images and
// none holds label files. `label` names the folder in the reason.
std::string check_class_folders(const fs::path& folder, const std::string& label, bool& some_images) {
    const std::vector<fs::path> classes = some_child_folders(folder);
    for (std::size_t c = 0; c < classes.size() && c < folders_looked_at; ++c) {
        if (is_other_layout_folder(classes[c]))
            return fmt::format("{}{}/ is a folder of another layout (YOLO, COCO, VOC, MOT)", label,
                               classes[c].filename().string());
        const FolderLook look = look_into(classes[c]);
        if (!look.annotation_file.empty())
            return fmt::format("{}{}/ holds {}, an annotation file", label, classes[c].filename().string(),
                               look.annotation_file);
        some_images = some_images || look.images;
    }
    return "";
}

Detection detect_subsets(const std::vector<fs::path>& subsets) {
    bool some_images = false;
    std::vector<std::string> names;
    for (const fs::path& subset : subsets) {
        const std::string name = subset.filename().string();
        names.push_back(name + "/");
        if (look_into(subset).images)
            return {0, fmt::format("{}/ holds images directly, not in class folders (a detection layout)", name)};
        if (std::string why = check_class_folders(subset, name + "/", some_images); !why.empty()) return {0, why};
    }
    const char* verb = names.size() == 1 ? "holds" : "hold";
    if (!some_images) return {0, fmt::format("{} {} no class folders of images", fmt::join(names, ", "), verb)};
    return {70, fmt::format("{} {} class folders of images (Ultralytics classify)", fmt::join(names, ", "), verb)};
}

Detection detect_classes(const fs::path& root, std::size_t folders) {
    bool some_images = false;
    if (std::string why = check_class_folders(root, "", some_images); !why.empty()) return {0, why};
    if (!some_images) return {0, "no folder of images"};
    // Below every other format's folder score: a folder of folders of images is the weakest sign.
    return {30, fmt::format("{} of images (ImageNet / ImageFolder classes)", counted(folders, "folder"))};
}

}  // namespace

bool is_subset_name(std::string_view name) {
    return std::find(subset_names.begin(), subset_names.end(), name) != subset_names.end();
}

Layout list_layout(const fs::path& root) {
    if (!is_folder(root)) throw Error("a classification dataset is a folder of class folders", {root.string()});
    Layout layout{root, {}, {}, 0};
    const std::vector<fs::path> children = child_folders(root);
    const bool with_subsets =
        std::any_of(children.begin(), children.end(), [](const fs::path& c) { return is_subset_name(c.filename().string()); });
    if (!with_subsets) {
        SubsetFolder all{"", root, {}};
        for (const fs::path& folder : children) all.classes.push_back(list_class(folder));
        layout.loose_images += count_images_in(root);
        layout.subsets.push_back(std::move(all));
    } else {
        for (const std::string_view name : subset_names)
            for (const fs::path& folder : children)
                if (folder.filename().string() == name) {
                    SubsetFolder subset{std::string(name), folder, {}};
                    layout.loose_images += count_images_in(folder);
                    for (const fs::path& class_folder : child_folders(folder))
                        subset.classes.push_back(list_class(class_folder));
                    layout.subsets.push_back(std::move(subset));
                }
        for (const fs::path& folder : children)
            if (!is_subset_name(folder.filename().string())) layout.ignored_folders.push_back(folder.filename().string());
    }
    const bool any_class = std::any_of(layout.subsets.begin(), layout.subsets.end(),
                                       [](const SubsetFolder& s) { return !s.classes.empty(); });
    if (!any_class)
        throw Error(with_subsets ? "the subset folders hold no class folders (expected <subset>/<class>/<images>)"
                                 : "no class folders (expected <class>/<images> or <subset>/<class>/<images>)",
                    {root.string()});
    return layout;
}

Detection detect(const fs::path& input) {
    if (!is_folder(input)) return {0, "not a folder (a classification dataset is a folder of class folders)"};
    std::error_code error;
    std::size_t seen = 0;
    for (fs::directory_iterator it(input, error), end; !error && it != end && seen < 1000; it.increment(error), ++seen) {
        std::error_code ignored;
        if (!it->is_directory(ignored) && has_extension_in(it->path(), annotation_extensions) &&
            !iequals(it->path().extension().string(), ".txt"))  // a README.txt is no annotation
            return {0, fmt::format("holds {}, an annotation file", it->path().filename().string())};
    }
    std::vector<fs::path> children = some_child_folders(input);
    std::sort(children.begin(), children.end());
    if (children.size() > folders_looked_at) children.resize(folders_looked_at);
    for (const fs::path& child : children)
        if (is_other_layout_folder(child))
            return {0, fmt::format("{}/ is a folder of another layout (YOLO, COCO, VOC, MOT)", child.filename().string())};
    std::vector<fs::path> subsets;
    for (const fs::path& child : children)
        if (is_subset_name(child.filename().string())) subsets.push_back(child);
    if (!subsets.empty()) return detect_subsets(subsets);
    if (children.empty()) return {0, "no folders"};
    return detect_classes(input, children.size());
}

}  // namespace labelkit::classify
