// Darknet YOLO (what CVAT and Datumaro call "YOLO 1.1"):
//
//   obj.data            classes = N / train = data/train.txt / valid = data/valid.txt /
//                       names = data/obj.names / backup = backup/
//   obj.names           one class name per line
//   train.txt           image paths, "data/" standing for the dataset folder
//   obj_train_data/     images, each with its label file beside it: "c cx cy w h" lines
//
// Every key of obj.data other than classes, names, backup, eval, results, map and labels
// that names a .txt file is a subset. Darknet's "valid" is the model's "val" (Ultralytics'
// name), both ways; other subsets keep their names ("" is written as "default").
//
// Roboflow's "YOLO Darknet" export has no obj.data: each subset is a folder (train/, valid/,
// test/) of images with their label files beside them and the class names in _darknet.labels.
#include <memory>
#include <string_view>
#include <unordered_map>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::yolo {

namespace {

struct ObjDataEntry {
    std::string key, value;
    Location where;
};

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

std::vector<ObjDataEntry> read_obj_data(const fs::path& file) {
    const std::string text = read_text_file(file, limits::max_text_file_bytes, SpecialFiles::refused);
    std::vector<ObjDataEntry> entries;
    std::uint32_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line = trimmed(std::string_view(text).substr(start, end - start));
        start = end + 1;
        ++line_number;
        if (line.empty() || line.front() == '#') continue;
        const std::size_t equals = line.find('=');
        const Location where{file.string(), line_number, 1};
        if (equals == std::string_view::npos) throw Error("expected 'key = value'", where);
        entries.push_back({std::string(trimmed(line.substr(0, equals))), std::string(trimmed(line.substr(equals + 1))),
                           where});
    }
    return entries;
}

bool is_reserved(const std::string& key) {
    for (const char* reserved : {"classes", "names", "backup", "eval", "results", "map", "labels"})
        if (key == reserved) return true;
    return false;
}

constexpr const char* roboflow_names = "_darknet.labels";

// Roboflow's export: the folder itself holds _darknet.labels (one subset), or its subfolders do.
std::vector<fs::path> roboflow_subset_folders(const fs::path& input) {
    std::error_code error;
    if (fs::is_regular_file(input / roboflow_names, error)) return {input};
    std::vector<fs::path> folders;
    for (fs::directory_iterator it(input, error), end; !error && it != end; it.increment(error))
        if (it->is_directory(error) && fs::is_regular_file(it->path() / roboflow_names, error)) folders.push_back(it->path());
    std::sort(folders.begin(), folders.end());
    return folders;
}

std::string subset_of_folder(const fs::path& folder) {
    fs::path normal = folder.lexically_normal();
    if (!normal.has_filename()) normal = normal.parent_path();
    const std::string name = normal.filename().string();
    return is_validation_name(name) ? "val" : name;
}

// Sibling folders of the export's subsets that hold images but no _darknet.labels of their own.
std::vector<fs::path> unnamed_subset_folders(const fs::path& input, const std::vector<fs::path>& named) {
    std::vector<fs::path> folders;
    if (named.size() == 1 && named.front() == input) return folders;
    std::error_code error;
    for (fs::directory_iterator it(input, error), end; !error && it != end; it.increment(error)) {
        if (!it->is_directory(error) || std::find(named.begin(), named.end(), it->path()) != named.end()) continue;
        if (it->path().filename().string().starts_with(".")) continue;
        std::error_code ignored;
        for (fs::directory_iterator file(it->path(), ignored), none; !ignored && file != none; file.increment(ignored))
            if (has_image_extension(file->path())) {
                folders.push_back(it->path());
                break;
            }
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

Dataset read_roboflow(const fs::path& input, const std::vector<fs::path>& named, const ReadOptions& options,
                      DiagnosticSink& sink) {
    LoadSpec spec = spec_for(options);
    spec.rules.boxes_only = true;
    const fs::path first_names = named.front() / roboflow_names;
    spec.names = read_names_file(first_names);
    spec.rules.class_count = spec.names.size();
    std::vector<fs::path> folders = named;
    for (const fs::path& folder : unnamed_subset_folders(input, named)) {
        sink.warn("yolo-darknet/no-class-names",
                  fmt::format("{}/ has images but no {}: read with the class names of {}", folder.filename().string(),
                              roboflow_names, first_names.string()),
                  {folder.string()});
        folders.push_back(folder);
    }
    std::vector<ImageRecord> records;
    for (const fs::path& folder : folders) {
        const bool has_names = std::find(named.begin(), named.end(), folder) != named.end();
        if (has_names && read_names_file(folder / roboflow_names) != spec.names)
            throw Error(fmt::format("the class names differ from those of {}: every subset of the export must list "
                                    "the same classes",
                                    first_names.string()),
                        {(folder / roboflow_names).string()});
        const std::string subset = subset_of_folder(folder);
        spec.subsets.push_back(subset);
        spec.label_folders.push_back({folder, folder, subset});
        const std::string prefix = generic(folder) + "/";
        for (fs::path& image : list_images(folder)) {
            ImageRecord record;
            const std::string full = generic(image);
            record.item_path = full.starts_with(prefix) ? full.substr(prefix.size()) : image.filename().string();
            record.label = label_path_for(full);
            record.image = std::move(image);
            record.subset = subset;
            records.push_back(std::move(record));
        }
    }
    return load_records(std::move(records), spec, sink);
}

fs::path find_obj_data(const fs::path& input) {
    std::error_code error;
    if (!fs::exists(input, error)) throw Error("input does not exist", {input.string()});
    if (!fs::is_directory(input, error)) return input;
    if (fs::is_regular_file(input / "obj.data", error)) return input / "obj.data";
    throw Error("not a Darknet YOLO dataset: no obj.data, and no _darknet.labels (Roboflow's Darknet export) here or "
                "in its subfolders",
                {input.string()});
}

// Item paths: relative to the obj_<subset>_data folder when every image is in one, else as
// for any list of images.
std::vector<std::string> darknet_item_paths(const std::vector<fs::path>& images, const fs::path& root) {
    std::vector<std::string> paths;
    for (const fs::path& image : images) {
        const fs::path relative = image.lexically_relative(root);
        auto part = relative.begin();
        if (relative.empty() || part == relative.end()) return item_paths_of_listed(images, root);
        const std::string folder = part->string();
        if (std::distance(relative.begin(), relative.end()) < 2 || folder.rfind("obj_", 0) != 0 ||
            folder.size() < 9 || folder.compare(folder.size() - 5, 5, "_data") != 0)
            return item_paths_of_listed(images, root);
        paths.push_back(generic(relative.lexically_relative(folder)));
    }
    return paths;
}

std::string darknet_subset_name(const std::string& subset) {
    if (subset == "val") return "valid";
    return subset_folder(subset);
}

// Darknet keeps label files beside the images: an image named like a label file ('a.txt', or
// 'b.txt' beside 'b.png') would be the same file, one written over the other.
void check_labels_not_images(const Dataset& dataset, const std::vector<std::string>& label_files,
                             const std::vector<std::string>& image_files) {
    std::unordered_map<std::string_view, std::size_t> images;
    images.reserve(image_files.size());
    for (std::size_t i = 0; i < image_files.size(); ++i) images.emplace(image_files[i], i);
    for (std::size_t i = 0; i < label_files.size(); ++i)
        if (const auto found = images.find(label_files[i]); found != images.end())
            throw Error(fmt::format("the label file of image '{}' would be {}, which is image '{}' (Darknet keeps label "
                                    "files beside the images, named after them with .txt)",
                                    dataset.items[i].path, label_files[i], dataset.items[found->second].path));
}

}  // namespace

Dataset read_darknet(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    if (std::error_code error; fs::is_directory(input, error) && !fs::is_regular_file(input / "obj.data", error))
        if (const std::vector<fs::path> folders = roboflow_subset_folders(input); !folders.empty())
            return read_roboflow(input, folders, options, sink);
    const fs::path obj_data = find_obj_data(input);
    const fs::path root = (obj_data.parent_path().empty() ? fs::path(".") : obj_data.parent_path()).lexically_normal();
    const std::vector<ObjDataEntry> entries = read_obj_data(obj_data);

    fs::path names_file = root / "obj.names";
    const ObjDataEntry* classes = nullptr;
    for (const ObjDataEntry& entry : entries) {
        if (entry.key == "classes") classes = &entry;
        if (entry.key == "names") {
            names_file = resolve_listed_path(entry.value, root, root);
            if (!is_file(names_file))
                throw Error(fmt::format("names file '{}' does not exist (looked for {})", entry.value,
                                        names_file.string()),
                            entry.where);
        }
    }
    if (!is_file(names_file))
        throw Error("no class names: obj.data has no 'names' and there is no obj.names", {obj_data.string()});
    LoadSpec spec = spec_for(options);
    spec.rules.boxes_only = true;
    spec.names = read_names_file(names_file);
    spec.rules.class_count = spec.names.size();
    if (classes) {
        const std::optional<long long> count = parse_integer(classes->value);
        if (!count || static_cast<std::size_t>(*count) != spec.names.size())
            throw Error(fmt::format("classes = {} but {} has {} name(s)", classes->value,
                                    names_file.filename().string(), spec.names.size()),
                        classes->where);
    }

    std::vector<ImageRecord> records;
    for (const ObjDataEntry& entry : entries) {
        if (is_reserved(entry.key) || !iequals(fs::path(entry.value).extension().string(), ".txt")) continue;
        const std::string subset = entry.key == "valid" ? "val" : entry.key;
        const fs::path list = resolve_listed_path(entry.value, root, root);
        if (!is_file(list))
            throw Error(fmt::format("{}: list file '{}' does not exist (looked for {})", entry.key, entry.value,
                                    list.string()),
                        entry.where, "yolo/missing-path");
        std::vector<ListedImage> listed = read_image_list(list, root, options, sink);
        add_list_name(spec, list);
        spec.list_files.push_back(list);
        if (std::optional<LabelFolder> folder = label_folder_of_listed(listed, subset, true, root))
            spec.label_folders.push_back(std::move(*folder));
        std::erase_if(listed, [&](const ListedImage& image) { return !image.exists && spec.image_width == 0; });
        std::vector<fs::path> images;
        for (const ListedImage& image : listed) images.push_back(image.image);
        const std::vector<std::string> item_paths = darknet_item_paths(images, root);
        spec.subsets.push_back(subset);
        for (std::size_t i = 0; i < listed.size(); ++i) {
            ImageRecord record;
            record.image = listed[i].image;
            record.label = label_path_for(generic(listed[i].image));
            record.item_path = item_paths[i];
            record.subset = subset;
            record.listed_at = listed[i].where;
            records.push_back(std::move(record));
        }
    }
    if (spec.subsets.empty())
        sink.warn("yolo-darknet/no-subsets", "obj.data names no image lists (train = data/train.txt)",
                  {obj_data.string()});
    spec.label_folders.push_back({root, root, "", true});
    return load_records(std::move(records), spec, sink);
}

void write_darknet(const Dataset& dataset, const fs::path& output, const WriteOptions& options,
                   DiagnosticSink& sink) {
    const ClassOrder classes = class_order(dataset);
    const AnnotationsByItem by_item(dataset);
    check_sizes_known(dataset, by_item);

    const std::vector<std::string> subsets = subsets_in_use(dataset);
    std::vector<std::string> keys;
    for (const std::string& subset : subsets) {
        keys.push_back(darknet_subset_name(subset));
        if (is_reserved(keys.back()))
            throw Error(fmt::format("subset '{}' cannot be an obj.data key: '{}' is one of Darknet's own keys "
                                    "(classes, names, backup, ...); rename the subset",
                                    subset, keys.back()));
        if (std::count(keys.begin(), keys.end(), keys.back()) > 1)
            throw Error(fmt::format("subsets 'val' and 'valid' would both be Darknet's '{}' list", keys.back()));
    }
    std::vector<std::string> lists(subsets.size());
    std::vector<std::string> label_files(dataset.items.size()), image_files(dataset.items.size());
    std::vector<std::uint32_t> subset_of(dataset.items.size());
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        check_relative_path(item.path, {item.image_file.empty() ? item.path : item.image_file});
        const std::size_t s = std::find(subsets.begin(), subsets.end(), item.subset) - subsets.begin();
        subset_of[i] = static_cast<std::uint32_t>(s);
        const std::string folder = fmt::format("obj_{}_data/", keys[s]);
        label_files[i] = folder + with_txt_extension(item.path);
        image_files[i] = folder + item.path;
        if (item.path.find('\n') != std::string::npos)
            throw Error(fmt::format("image path '{}' has a line break: it cannot be listed", item.path));
        fmt::format_to(std::back_inserter(lists[s]), "data/{}\n", image_files[i]);
    }
    check_unique_labels(dataset, label_files);
    check_labels_not_images(dataset, label_files, image_files);
    create_parent_folders(output, label_files);

    std::vector<std::unique_ptr<OpenFolder>> data_folders(subsets.size());
    for (std::size_t s = 0; s < subsets.size(); ++s)
        if (!lists[s].empty()) data_folders[s] = std::make_unique<OpenFolder>(output / fmt::format("obj_{}_data", keys[s]));
    struct State {
        fmt::memory_buffer text;
    };
    const ProgressPhase progress(options.progress, "writing label files", dataset.items.size(), ProgressUnit::files);
    parallel_for<State>(dataset.items.size(), options.jobs, [&](State& state, std::size_t i) {
        const Item& item = dataset.items[i];
        const double width = item.width, height = item.height;
        state.text.clear();
        for (const std::uint32_t index : by_item.of(i)) {
            const Box& box = dataset.annotations[index].box;
            append_integer(state.text, classes.class_of[dataset.annotations[index].category]);
            for (const double value : {(box.x + box.width / 2) / width, (box.y + box.height / 2) / height,
                                       box.width / width, box.height / height}) {
                state.text.push_back(' ');
                try {
                    append_number(state.text, value);
                } catch (const Error& error) {
                    throw Error(fmt::format("image '{}': {}", item.path, error.message()), {(output / label_files[i]).string()});
                }
            }
            state.text.push_back('\n');
        }
        const std::size_t s = subset_of[i];
        data_folders[s]->write_file(label_files[i].c_str() + keys[s].size() + 10,  // after obj_<key>_data/
                                    std::string_view(state.text.data(), state.text.size()));
        progress.advance();
    });
    place_images(dataset, output, image_files, options, "yolo-darknet/missing-images", sink);

    std::string names;
    for (const std::uint32_t category : classes.category_of) {
        const std::string& name = dataset.categories[category].name;
        if (name.empty() || name.find_first_of("\r\n") != std::string::npos)
            throw Error(fmt::format("category name '{}' cannot be a line of obj.names", name));
        names += name + '\n';
    }
    write_output_text(output / "obj.names", names);
    std::string obj_data = fmt::format("classes = {}\n", dataset.categories.size());
    bool has_train = false;
    for (std::size_t s = 0; s < subsets.size(); ++s) {
        if (lists[s].empty()) continue;
        write_output_text(output / (keys[s] + ".txt"), lists[s]);
        obj_data += fmt::format("{} = data/{}.txt\n", keys[s], keys[s]);
        has_train = has_train || keys[s] == "train";
    }
    obj_data += "names = data/obj.names\nbackup = backup/\n";
    write_output_text(output / "obj.data", obj_data);
    if (!has_train)
        sink.warn("yolo-darknet/missing-train", "no 'train' subset: Darknet trains on the list named by 'train'");
}

Detection detect_darknet(const fs::path& input) {
    std::error_code error;
    if (!fs::exists(input, error)) return {0, "input does not exist"};
    if (!fs::is_directory(input, error)) {
        if (iequals(input.extension().string(), ".data")) return {95, fmt::format("{} is a Darknet data file",
                                                                                   input.filename().string())};
        return {0, "not an obj.data file or a folder holding one"};
    }
    if (fs::is_regular_file(input / "obj.data", error)) return {95, "found obj.data"};
    const std::vector<fs::path> folders = roboflow_subset_folders(input);
    if (folders.empty()) return {0, "no obj.data and no _darknet.labels (Roboflow's Darknet export)"};
    std::string names;
    for (const fs::path& folder : folders)
        names += (names.empty() ? "" : ", ") + (folder == input ? std::string(".") : folder.filename().string() + "/");
    return {85, fmt::format("Roboflow Darknet export: _darknet.labels in {}", names)};
}

}  // namespace labelkit::yolo
