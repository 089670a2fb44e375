// Reading Ultralytics YOLO datasets: through a data.yaml, or a "loose" folder of images/ and
// labels/ (or Images/ and Annotations/) with the class names in obj.names or classes.txt.
#include <set>

#include "core/image_files.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::yolo {

namespace {

bool is_yaml(const fs::path& path) {
    return iequals(path.extension().string(), ".yaml") || iequals(path.extension().string(), ".yml");
}

std::vector<fs::path> child_folders(const fs::path& dir) {
    std::vector<fs::path> folders;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
        std::error_code ignored;
        if (entry.is_directory(ignored) && entry.path().filename().string().front() != '.')
            folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

bool has_images_directly(const fs::path& dir) {
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
        std::error_code ignored;
        if (has_image_extension(entry.path()) && entry.is_regular_file(ignored)) return true;
    }
    return false;
}

bool has_txt_files(const fs::path& dir) {
    std::error_code error;
    for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
        if (iequals(it->path().extension().string(), ".txt")) return true;
    return false;
}

std::optional<fs::path> child_named(const fs::path& dir, std::initializer_list<std::string_view> names) {
    for (const fs::path& folder : child_folders(dir))
        for (std::string_view name : names)
            if (iequals(folder.filename().string(), name)) return folder;
    return std::nullopt;
}

// The data file of a folder: data.yaml (or .yml), else its only .yaml file, else the only
// one of its .yaml files that holds class names.
std::optional<fs::path> find_yaml(const fs::path& dir) {
    for (const char* name : {"data.yaml", "data.yml"})
        if (is_file(dir / name)) return dir / name;
    std::vector<fs::path> found;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error))
        if (is_yaml(entry.path()) && entry.is_regular_file(error)) found.push_back(entry.path());
    if (found.size() <= 1) return found.empty() ? std::nullopt : std::optional<fs::path>(found.front());
    std::sort(found.begin(), found.end());
    std::vector<fs::path> with_names;
    std::string reason;
    for (const fs::path& file : found)
        if (data_yaml_has_names(file, reason)) with_names.push_back(file);
    if (with_names.size() == 1) return with_names.front();
    std::string list;
    for (const fs::path& file : found) list += (list.empty() ? "" : ", ") + file.filename().string();
    throw Error(fmt::format("several YAML files and no data.yaml ({}): give the data file itself", list),
                {dir.string()});
}

struct LooseLayout {
    fs::path images, labels;
    std::optional<fs::path> names;
};

std::optional<LooseLayout> find_loose(const fs::path& dir) {
    const std::optional<fs::path> images = child_named(dir, {"images"});
    const std::optional<fs::path> labels = child_named(dir, {"labels", "annotations"});
    if (!images || !labels || !has_txt_files(*labels)) return std::nullopt;
    LooseLayout layout{*images, *labels, std::nullopt};
    for (const char* name : {"obj.names", "classes.txt"})
        if (is_file(dir / name)) {
            layout.names = dir / name;
            break;
        }
    return layout;
}

// Ultralytics classification: <split>/<class>/<images>, no label files.
bool looks_like_classification(const fs::path& dir) {
    bool class_folders = false;
    for (const fs::path& split : child_folders(dir)) {
        const std::string name = split.filename().string();
        if (name != "train" && name != "val" && name != "valid" && name != "test") return false;
        if (has_images_directly(split)) return false;
        for (const fs::path& category : child_folders(split))
            if (has_images_directly(category)) class_folders = true;
    }
    return class_folders;
}

constexpr const char* classification_message =
    "this looks like an Ultralytics classification dataset (<split>/<class>/<images>, no label files): it "
    "holds no boxes or shapes: read it as format classify (--from classify)";

void add_folder(const fs::path& folder, const std::string& subset, const fs::path& labels_folder,
                std::vector<ImageRecord>& records) {
    const std::string prefix = folder.generic_string() + (folder.generic_string().ends_with('/') ? "" : "/");
    for (fs::path& image : list_images(folder)) {
        ImageRecord record;
        const std::string full = image.generic_string();  // listed from folder: folder/relative
        record.item_path = full.starts_with(prefix) ? full.substr(prefix.size()) : generic(image.lexically_relative(folder));
        record.label = labels_folder.empty() ? fs::path(label_path_for(full))
                                             : labels_folder / with_txt_extension(record.item_path);
        record.image = std::move(image);
        record.subset = subset;
        records.push_back(std::move(record));
    }
}

// An image listed twice for one subset is one item: Ultralytics would train on it twice.
void drop_listed_twice(std::vector<ListedImage>& listed, const std::string& subset, DiagnosticSink& sink) {
    std::unordered_map<std::string, Location> first;
    std::erase_if(listed, [&](const ListedImage& image) {
        const auto [it, added] = first.emplace(image.image.lexically_normal().generic_string(), image.where);
        if (added) return false;
        sink.warn("yolo/listed-twice",
                  fmt::format("image '{}' is listed twice for {} (first at {}); kept once", image.image.string(),
                              subset, it->second.to_string()),
                  image.where);
        return true;
    });
}

std::vector<ImageRecord> records_of(const DataYaml& data, const ReadOptions& options, LoadSpec& spec,
                                    DiagnosticSink& sink) {
    std::vector<ImageRecord> records;
    for (const DataYamlSubset& subset : data.subsets) {
        std::vector<ListedImage> listed;
        for (const DataYamlSource& source : subset.sources) {
            fs::path path(source.value);
            if (path.is_relative()) path = data.root / path;
            path = path.lexically_normal();
            std::error_code error;
            if (!fs::exists(path, error) && source.value.rfind("../", 0) == 0)  // as Ultralytics, for Roboflow
                path = (data.root / source.value.substr(3)).lexically_normal();
            if (!fs::exists(path, error)) {
                report_or_throw(Error(fmt::format("{}: '{}' does not exist (looked for {})", subset.name, source.value,
                                                  path.string()),
                                      source.where, "yolo/missing-path"),
                                options, sink, "yolo/missing-path");
                continue;
            }
            if (fs::is_directory(path, error)) {
                const std::size_t before = records.size();
                add_folder(path, subset.name, {}, records);
                spec.label_folders.push_back({label_folder_for(path), path, subset.name});
                if (records.size() == before)
                    sink.warn("yolo/empty-subset", fmt::format("{}: no images in {}", subset.name, path.string()),
                              source.where);
            } else if (has_image_extension(path)) {
                listed.push_back({path, source.where});
            } else {
                for (ListedImage& image : read_image_list(path, data.root, options, sink))
                    listed.push_back(std::move(image));
                add_list_name(spec, path);
                spec.list_files.push_back(path);
            }
        }
        drop_listed_twice(listed, subset.name, sink);
        if (std::optional<LabelFolder> folder = label_folder_of_listed(listed, subset.name, false, data.root))
            spec.label_folders.push_back(std::move(*folder));
        std::erase_if(listed, [&](const ListedImage& image) { return !image.exists && spec.image_width == 0; });
        std::vector<fs::path> images;
        for (const ListedImage& image : listed) images.push_back(image.image);
        const std::vector<std::string> item_paths = item_paths_of_listed(images, data.root);
        for (std::size_t i = 0; i < listed.size(); ++i) {
            ImageRecord record;
            record.label = label_path_for(generic(listed[i].image));
            record.image = listed[i].image;
            record.item_path = item_paths[i];
            record.subset = subset.name;
            record.listed_at = listed[i].where;
            records.push_back(std::move(record));
        }
    }
    return records;
}

Dataset read_from_yaml(const fs::path& file, const ReadOptions& options, DiagnosticSink& sink) {
    const DataYaml data = read_data_yaml(file, options, sink);
    if (data.subsets.empty())
        sink.warn("yolo/no-subsets", "the data file names no train, val or test images", {file.string()});
    LoadSpec spec = spec_for(options);
    spec.names = data.names;
    spec.keypoint_names = data.keypoint_names;
    spec.rules.class_count = data.names.size();
    spec.rules.kpt_shape = data.kpt_shape;
    for (const DataYamlSubset& subset : data.subsets) spec.subsets.push_back(subset.name);
    if (data.task == "segment") spec.nine_values = LoadSpec::NineValues::polygons;
    if (data.task == "obb") spec.nine_values = LoadSpec::NineValues::oriented_boxes;
    std::vector<ImageRecord> records = records_of(data, options, spec, sink);
    if (std::error_code error; fs::is_directory(data.root / "labels", error))
        spec.label_folders.push_back({data.root / "labels", data.root / "images", "", true});
    return load_records(std::move(records), spec, sink);
}

Dataset read_loose(const fs::path& dir, const LooseLayout& layout, const ReadOptions& options, DiagnosticSink& sink) {
    if (!layout.names)
        throw Error(fmt::format("found {}/ and {}/ but no class names: expected obj.names or classes.txt (one name "
                                "per line) beside them",
                                layout.images.filename().string(), layout.labels.filename().string()),
                    {dir.string()});
    LoadSpec spec = spec_for(options);
    spec.names = read_names_file(*layout.names);
    spec.rules.class_count = spec.names.size();
    std::vector<ImageRecord> records;
    if (has_images_directly(layout.images)) {
        add_folder(layout.images, "", layout.labels, records);
        spec.subsets.push_back("");
        spec.label_folders.push_back({layout.labels, layout.images, ""});
    } else {
        for (const fs::path& subset : child_folders(layout.images)) {
            const std::string name = subset.filename().string();
            add_folder(subset, name, layout.labels / name, records);
            spec.subsets.push_back(name);
            spec.label_folders.push_back({layout.labels / name, subset, name});
        }
    }
    sink.info("yolo/loose-layout",
              fmt::format("no data.yaml: read {}/ with labels from {}/ and class names from {}",
                          layout.images.filename().string(), layout.labels.filename().string(),
                          layout.names->filename().string()),
              {dir.string()});
    return load_records(std::move(records), spec, sink);
}

}  // namespace

Dataset read_ultralytics(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    std::error_code error;
    if (!fs::exists(input, error)) throw Error("input does not exist", {input.string()});
    if (!fs::is_directory(input, error)) {
        if (!is_yaml(input))
            throw Error("expected an Ultralytics data file (.yaml) or a dataset folder", {input.string()});
        return read_from_yaml(input, options, sink);
    }
    if (const std::optional<fs::path> yaml = find_yaml(input)) return read_from_yaml(*yaml, options, sink);
    if (const std::optional<LooseLayout> layout = find_loose(input)) return read_loose(input, *layout, options, sink);
    if (looks_like_classification(input)) throw Error(classification_message, {input.string()});
    throw Error("not a YOLO dataset: no data.yaml (or other .yaml file) and no images/ and labels/ folders",
                {input.string()});
}

Detection detect_ultralytics(const fs::path& input) {
    std::error_code error;
    if (!fs::exists(input, error)) return {0, "input does not exist"};
    std::string reason;
    if (!fs::is_directory(input, error)) {
        if (!is_yaml(input)) return {0, "not a .yaml data file or a folder"};
        return data_yaml_has_names(input, reason) ? Detection{90, reason} : Detection{0, reason};
    }
    std::vector<fs::path> yamls;
    for (const fs::directory_entry& entry : fs::directory_iterator(input, error))
        if (is_yaml(entry.path())) yamls.push_back(entry.path());
    std::sort(yamls.begin(), yamls.end());
    std::string seen;
    for (const fs::path& yaml : yamls) {
        if (data_yaml_has_names(yaml, reason)) return {90, reason};
        seen += reason + "; ";
    }
    if (const std::optional<LooseLayout> layout = find_loose(input)) {
        const std::string folders =
            fmt::format("{}/ and {}/ folders", layout->images.filename().string(), layout->labels.filename().string());
        if (layout->names) return {60, fmt::format("{}{} with {}", seen, folders, layout->names->filename().string())};
        return {0, fmt::format("{}{} but no obj.names or classes.txt", seen, folders)};
    }
    if (looks_like_classification(input))
        return {0, seen + "an Ultralytics classification layout (<split>/<class>/<images>): format classify"};
    return {0, seen + "no data.yaml and no images/ + labels/ folders"};
}

}  // namespace labelkit::yolo
