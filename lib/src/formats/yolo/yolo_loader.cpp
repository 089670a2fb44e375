// Reads images' sizes and label files in parallel and builds the dataset in record order.
#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/ranges.h>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::yolo {

namespace {

struct Loaded {
    ImageSize size;
    bool has_labels = false;
    bool lfs_pointer = false;  // the image is a Git LFS pointer file
    bool turned = false;       // an EXIF orientation turns the image by 90 degrees: sized as displayed
    ParsedLabels labels;
    std::optional<Error> unreadable_image;  // the image's size is unknown
};

struct WorkerState {
    std::string buffer;
};

// Lines of 9 values everywhere (and no kpt_shape) mean oriented boxes, unless told otherwise.
bool nine_values_are_obb(const LoadSpec& spec, std::size_t lines, std::size_t nine) {
    if (spec.rules.kpt_shape || spec.rules.boxes_only) return false;
    switch (spec.nine_values) {
        case LoadSpec::NineValues::polygons: return false;
        case LoadSpec::NineValues::oriented_boxes: return nine > 0;
        case LoadSpec::NineValues::guess: return lines > 0 && lines == nine;
    }
    return false;
}

void to_oriented_boxes(Dataset& dataset) {
    for (Annotation& annotation : dataset.annotations) {
        auto* polygons = std::get_if<PolygonSet>(&annotation.shape);
        if (!polygons || polygons->rings.size() != 1 || polygons->rings[0].size() != 4) continue;
        const auto& ring = polygons->rings[0];
        annotation.shape = OrientedBox{{ring[0], ring[1], ring[2], ring[3]}};  // box: already its bounds
    }
}

// Named by the location when the image was found in a folder, by the message when a list named it.
Error unreadable(const ImageRecord& record, const ImageProbe& probe) {
    std::error_code error;
    const bool exists = fs::exists(record.image, error);
    const bool listed = !record.listed_at.empty();
    const std::string image = listed ? fmt::format("image '{}'", record.image.string()) : "image";
    std::string message;
    if (!exists)
        message = fmt::format("{} does not exist", image);
    else if (probe.kind == ImageKind::lfs_pointer)
        message = fmt::format("{} is a Git LFS pointer file, not an image: run `git lfs pull`",
                              listed ? fmt::format("'{}'", record.image.string()) : "this");
    else if (!probe.exists)
        message = fmt::format("cannot open this {}: {}", image, probe.open_error);
    else
        message = fmt::format("cannot read the size of this {} from its header (labelkit reads {} headers)", image,
                              readable_image_formats());
    return Error(message, listed ? record.listed_at : Location{record.image.string()}, "yolo/unreadable-image");
}

// The label folders of the dataset, each once, with every subset that takes its images from it
// (two subsets naming one folder, as Ultralytics' coco128.yaml does, share it).
struct LabelGroup {
    fs::path labels;
    fs::path images;
    std::vector<std::string> subsets;  // none for a folder looked through for strays
};

std::vector<LabelGroup> group_label_folders(const std::vector<LabelFolder>& folders) {
    std::vector<LabelGroup> groups;
    for (const LabelFolder& folder : folders) {
        const fs::path labels = folder.labels.lexically_normal();
        auto group = std::find_if(groups.begin(), groups.end(), [&](const LabelGroup& g) { return g.labels == labels; });
        if (group == groups.end()) group = groups.insert(groups.end(), {labels, folder.images, {}});
        if (!folder.stray && std::find(group->subsets.begin(), group->subsets.end(), folder.subset) == group->subsets.end())
            group->subsets.push_back(folder.subset);
    }
    // Subsets' own folders first: a label file found there belongs to their subsets.
    std::stable_partition(groups.begin(), groups.end(), [](const LabelGroup& g) { return !g.subsets.empty(); });
    return groups;
}

// A label file in a label folder that no image of the dataset owns.
struct UnownedLabel {
    fs::path label;
    const LabelGroup* folder = nullptr;
    std::string relative;  // its path under the label folder, without ".txt"
    std::string image;     // the image of that name beside where it belongs, "" when there is none
};

// A .txt file whose first line does not start like a label line (a class index) is some other
// text (a README, notes), not a label file.
bool looks_like_labels(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::array<char, 4096> start{};  // the first line starting with something is in there
    in.read(start.data(), start.size());
    const std::string_view text(start.data(), static_cast<std::size_t>(in.gcount()));
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return true;  // an empty label file: an image without objects
    const char c = text[first];
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

std::vector<UnownedLabel> find_unowned_labels(const std::vector<ImageRecord>& records,
                                              const std::vector<LabelGroup>& groups,
                                              const std::vector<fs::path>& list_files) {
    std::unordered_set<std::string> owned;
    owned.reserve(records.size() + list_files.size());
    for (const ImageRecord& record : records) owned.insert(record.label.lexically_normal().generic_string());
    for (const fs::path& list : list_files) owned.insert(list.lexically_normal().generic_string());
    std::vector<UnownedLabel> unowned;
    std::set<fs::path> seen;  // folders may nest: each file once
    for (const LabelGroup& group : groups) {
        std::vector<fs::path> found;
        std::error_code error;
        for (fs::recursive_directory_iterator it(group.labels, error), end; !error && it != end; it.increment(error)) {
            const fs::path& path = it->path();
            if (!iequals(path.extension().string(), ".txt") || iequals(path.filename().string(), "classes.txt")) continue;
            std::error_code ignored;
            if (!it->is_regular_file(ignored) || owned.contains(path.lexically_normal().generic_string())) continue;
            if (seen.insert(path.lexically_normal()).second && looks_like_labels(path)) found.push_back(path);
        }
        if (found.empty()) continue;
        std::sort(found.begin(), found.end());
        const ImageFinder images({group.images}, true);
        for (fs::path& label : found) {
            std::string relative = generic(label.lexically_relative(group.labels));
            relative.resize(relative.size() - 4);
            std::string image = images.find_by_id(relative);
            unowned.push_back({std::move(label), &group, std::move(relative), std::move(image)});
        }
    }
    return unowned;
}

// Non-blank lines of a label file: its objects, for messages.
std::size_t count_objects(const fs::path& label) {
    std::string text;
    if (!read_text_file_into(label, text)) return 0;
    std::size_t objects = 0;
    bool blank = true;
    for (const char c : text) {
        if (c == '\n') {
            objects += blank ? 0 : 1;
            blank = true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            blank = false;
        }
    }
    return objects + (blank ? 0 : 1);
}

std::string first_few(const std::vector<const UnownedLabel*>& labels, bool images) {
    const std::size_t shown = std::min<std::size_t>(labels.size(), 5);
    std::string text;
    for (std::size_t i = 0; i < shown; ++i)
        text += (i == 0 ? "" : ", ") +
                (images ? (labels[i]->folder->images / labels[i]->image).string() : labels[i]->label.string());
    if (labels.size() > shown) text += fmt::format(" and {} more", labels.size() - shown);
    return text;
}

std::string image_place(const UnownedLabel& label) {
    return (label.folder->images / (label.relative + ".<ext>")).string();
}

// Label files whose image exists but that no subset includes: left out, with a warning.
void report_unlisted(const std::vector<const UnownedLabel*>& unlisted, const LoadSpec& spec, DiagnosticSink& sink) {
    if (unlisted.empty()) return;
    const std::string lists = spec.lists.empty() ? "" : fmt::format(" ({})", fmt::join(spec.lists, ", "));
    if (spec.rules.lenient) {
        for (const UnownedLabel* label : unlisted)
            sink.report({"yolo/unlisted-image", Severity::warning,
                         fmt::format("image {} has labels but is in no subset list{}: it is not part of the dataset",
                                     (label->folder->images / label->image).string(), lists),
                         {label->label.string()}});
        return;
    }
    sink.warn("yolo/unlisted-image",
              fmt::format("{} image{} with labels {} in no subset list{} and {} left out: {}", unlisted.size(),
                          unlisted.size() == 1 ? "" : "s", unlisted.size() == 1 ? "is" : "are", lists,
                          unlisted.size() == 1 ? "was" : "were", first_few(unlisted, true)));
}

// Label files with no image: their boxes cannot be placed without the image's size. Reading
// leniently, each is an error; otherwise they stop the reading, unless --image-size gives the size,
// when they become records of images that are not there.
void handle_orphans(const std::vector<const UnownedLabel*>& orphans, const LoadSpec& spec,
                    std::vector<ImageRecord>& records, DiagnosticSink& sink) {
    if (orphans.empty()) return;
    const bool sized = spec.image_width > 0 && spec.image_height > 0;
    if (spec.rules.lenient) {
        for (const UnownedLabel* label : orphans) {
            const std::size_t objects = count_objects(label->label);
            sink.report({"yolo/orphan-label", Severity::error,
                         fmt::format("label file with no image ({} object{}): there is no image {}, so its labels "
                                     "cannot be placed",
                                     objects, objects == 1 ? "" : "s", image_place(*label)),
                         {label->label.string()}});
        }
    } else if (!sized) {
        std::size_t objects = 0;
        for (const UnownedLabel* label : orphans) objects += count_objects(label->label);
        throw Error(fmt::format("{} label file{} ({} object{}) {} no image, so {} labels cannot be placed: {}. Put "
                                "the images where they belong ({}), or give --image-size W,H when every image of "
                                "the dataset has that size",
                                orphans.size(), orphans.size() == 1 ? "" : "s", objects, objects == 1 ? "" : "s",
                                orphans.size() == 1 ? "has" : "have", orphans.size() == 1 ? "its" : "their",
                                first_few(orphans, false), image_place(*orphans.front())),
                    {}, "yolo/orphan-label");
    }
    const std::vector<std::string> first_subset{spec.subsets.empty() ? std::string() : spec.subsets.front()};
    for (const UnownedLabel* label : orphans)  // lenient: their lines are still checked
        for (const std::string& subset : label->folder->subsets.empty() ? first_subset : label->folder->subsets) {
            ImageRecord record;
            record.label = label->label;
            record.item_path = label->relative + ".jpg";
            record.subset = subset;
            records.push_back(std::move(record));
        }
    if (sized && !spec.rules.lenient)
        sink.info("yolo/image-size-given",
                  fmt::format("{} label file{} without an image {} read as {}x{} image{} named <label name>.jpg "
                              "(--image-size); the images are not there (first: {})",
                              orphans.size(), orphans.size() == 1 ? "" : "s", orphans.size() == 1 ? "was" : "were",
                              spec.image_width, spec.image_height, orphans.size() == 1 ? "" : "s",
                              orphans.front()->label.string()));
}

// Images whose size cannot be read: Git LFS pointers in one finding with their count, the others
// one each when reading leniently; otherwise one error for them all.
void report_unreadable_images(const std::vector<Loaded>& loaded, const std::vector<ImageRecord>& records,
                              const std::vector<bool>& repeats, bool lenient, DiagnosticSink& sink) {
    std::size_t count = 0, pointers = 0;
    const Loaded* first = nullptr;
    const ImageRecord* first_pointer = nullptr;
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        if (!loaded[i].unreadable_image || repeats[i]) continue;
        ++count;
        if (loaded[i].lfs_pointer) {
            if (pointers++ == 0) first_pointer = &records[i];
            continue;
        }
        if (lenient) sink.report(loaded[i].unreadable_image->as_diagnostic("yolo/unreadable-image"));
        if (!first) first = &loaded[i];
    }
    if (count == 0) return;
    const std::string pointer_text =
        pointers == 0 ? ""
                      : fmt::format("{} image{} {} Git LFS pointer file{}, not image{} (first: {}): run `git lfs pull` "
                                    "in the repository, or give --image-size W,H",
                                    pointers, pointers == 1 ? "" : "s", pointers == 1 ? "is a" : "are",
                                    pointers == 1 ? "" : "s", pointers == 1 ? "" : "s", first_pointer->image.string());
    if (lenient) {
        if (pointers > 0)
            sink.report({"yolo/unreadable-image", Severity::error, pointer_text,
                         first_pointer->listed_at.empty() ? Location{first_pointer->image.string()}
                                                          : first_pointer->listed_at});
        return;
    }
    if (pointers == count) throw Error(pointer_text, {}, "yolo/unreadable-image");
    const Error& error = *first->unreadable_image;
    throw Error(count == 1 ? error.message()
                           : fmt::format("{} (and {} more image{} whose size cannot be read{})", error.message(),
                                         count - 1, count == 2 ? "" : "s",
                                         pointers > 0 ? fmt::format("; {}", pointer_text) : ""),
                error.where(), error.rule());
}

// Records that repeat an earlier one's label file: the same image in two subsets that name one
// folder (their findings are said once), or two images of one name that share a label file.
std::vector<bool> find_repeats(const std::vector<ImageRecord>& records, const LoadSpec& spec, DiagnosticSink& sink) {
    std::vector<bool> repeats(records.size(), false);
    std::unordered_map<std::string, std::size_t> first;
    first.reserve(records.size());
    std::size_t shared = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto [it, added] = first.try_emplace(records[i].label.lexically_normal().generic_string(), i);
        if (added) continue;
        repeats[i] = true;
        const ImageRecord& earlier = records[it->second];
        if (earlier.image == records[i].image) continue;
        const std::string message = fmt::format("images '{}' and '{}' share this label file: both get its objects",
                                                earlier.image.string(), records[i].image.string());
        if (spec.rules.lenient) sink.report({"yolo/shared-label", Severity::warning, message, {records[i].label.string()}});
        else if (shared++ == 0) sink.warn("yolo/shared-label", message, {records[i].label.string()});
    }
    if (shared > 1)
        sink.warn("yolo/shared-label", fmt::format("{} label files in all are shared by two images of one name", shared));
    return repeats;
}

void report_turned_images(const std::vector<Loaded>& loaded, const std::vector<ImageRecord>& records,
                          DiagnosticSink& sink) {
    const auto turned = static_cast<std::size_t>(
        std::count_if(loaded.begin(), loaded.end(), [](const Loaded& result) { return result.turned; }));
    if (turned == 0) return;
    const std::size_t first = static_cast<std::size_t>(
        std::find_if(loaded.begin(), loaded.end(), [](const Loaded& result) { return result.turned; }) - loaded.begin());
    sink.info("yolo/exif-rotated",
              fmt::format("{} image{} an EXIF orientation that turns {} by 90 degrees: sized as displayed ({}x{} for "
                          "'{}'), as Ultralytics normalises {} labels",
                          turned, turned == 1 ? " has" : "s have", turned == 1 ? "it" : "them", loaded[first].size.width,
                          loaded[first].size.height, records[first].item_path, turned == 1 ? "its" : "their"));
}

Dataset build_dataset(const std::vector<ImageRecord>& records, const LoadSpec& spec, DiagnosticSink& sink) {
    const std::vector<bool> repeats = find_repeats(records, spec, sink);
    const bool sized = spec.image_width > 0 && spec.image_height > 0;
    std::atomic<std::size_t> given_size{0};
    std::vector<Loaded> loaded(records.size());
    const ProgressPhase progress(spec.progress, "reading images and label files", records.size(), ProgressUnit::images);
    parallel_for<WorkerState>(records.size(), spec.jobs, [&](WorkerState& state, std::size_t i) {
        progress.advance();
        const ImageRecord& record = records[i];
        Loaded& result = loaded[i];
        // With its orientation: Ultralytics normalises by the size an image is displayed at
        // (exif_size), which cv2.imread also turns it to for training.
        const ImageProbe probe = record.image.empty() ? ImageProbe{} : probe_image(record.image, true);
        std::optional<ImageSize> size = probe.size;
        if (size && orientation_swaps_sides(probe.exif_orientation)) {
            std::swap(size->width, size->height);
            result.turned = true;
        }
        if (!size && sized) {
            size = ImageSize{spec.image_width, spec.image_height};
            if (!record.image.empty()) ++given_size;
        } else if (!size && !record.image.empty()) {  // (a label file without an image is read leniently)
            result.unreadable_image = unreadable(record, probe);
            result.lfs_pointer = probe.kind == ImageKind::lfs_pointer;
            if (!spec.rules.lenient) return;  // reported once the loop is done
        }
        if (size) result.size = *size;
        if (!read_text_file_into(record.label, state.buffer)) return;
        result.has_labels = true;
        // Without a size the coordinates stay normalised (lenient reading only): checks that
        // need pixels skip items of unknown size.
        const double width = size ? size->width : 1.0, height = size ? size->height : 1.0;
        parse_labels(state.buffer, record.label.string(), width, height, spec.rules, result.labels);
    });

    report_unreadable_images(loaded, records, repeats, spec.rules.lenient, sink);
    report_turned_images(loaded, records, sink);

    Dataset dataset;
    for (std::size_t c = 0; c < spec.names.size(); ++c) {
        Category& category = dataset.categories.emplace_back();
        category.id = static_cast<std::int64_t>(c);
        category.name = spec.names[c];
        if (c < spec.keypoint_names.size()) category.keypoint_names = spec.keypoint_names[c];
    }
    for (const std::string& subset : spec.subsets) dataset.add_subset(subset);

    std::size_t annotation_count = 0, lines = 0, nine = 0, far = 0;
    Location first_far;
    for (const Loaded& result : loaded) annotation_count += result.labels.annotations.size();
    dataset.items.reserve(records.size());
    dataset.annotations.reserve(annotation_count);
    std::unordered_map<std::string, std::uint32_t> list_files;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const ImageRecord& record = records[i];
        Loaded& result = loaded[i];
        const auto item_index = static_cast<std::uint32_t>(dataset.items.size());
        Item& item = dataset.items.emplace_back();
        item.path = record.item_path;
        item.width = result.size.width;
        item.height = result.size.height;
        item.subset = record.subset;
        item.image_file = record.image.string();
        dataset.add_subset(record.subset);
        if (!repeats[i])
            for (Diagnostic& problem : result.labels.problems) sink.report(std::move(problem));
        if (result.has_labels) {
            const auto file = static_cast<std::uint32_t>(dataset.source_files.size());
            dataset.source_files.push_back(record.label.string());
            item.origin = {file, 0};
            for (Annotation& annotation : result.labels.annotations) {
                annotation.item = item_index;
                annotation.origin.file = file;
                dataset.annotations.push_back(std::move(annotation));
            }
            lines += result.labels.annotations.size();
            nine += result.labels.nine_value_lines;
            if (result.labels.far_out_of_range > 0 && far == 0)
                first_far = {record.label.string(), result.labels.first_far_line};
            far += result.labels.far_out_of_range;
        } else if (!record.listed_at.empty()) {
            auto [it, added] = list_files.try_emplace(record.listed_at.path,
                                                      static_cast<std::uint32_t>(dataset.source_files.size()));
            if (added) dataset.source_files.push_back(record.listed_at.path);
            item.origin = {it->second, record.listed_at.line};
        }
        result = Loaded{};  // free as we go
    }

    if (nine_values_are_obb(spec, lines, nine)) {
        to_oriented_boxes(dataset);
        if (spec.nine_values == LoadSpec::NineValues::guess)
            sink.info("yolo/obb-detected",
                      fmt::format("every label line has 9 values and data.yaml has no kpt_shape: read the {} "
                                  "objects as oriented boxes (x1 y1 ... x4 y4), not as 4-point polygons",
                                  lines));
    }
    if (far > 0 && !spec.rules.lenient)  // lenient reading reported each line
        sink.warn("yolo/not-normalised",
                  fmt::format("{} label line(s) have coordinates far outside 0..1: YOLO coordinates are "
                              "normalised by the image size (kept as they are)",
                              far),
                  first_far);
    if (given_size > 0)
        sink.info("yolo/image-size-given",
                  fmt::format("{} image{} whose size could not be read from the header {} given --image-size {}x{}",
                              given_size.load(), given_size == 1 ? "" : "s", given_size == 1 ? "was" : "were",
                              spec.image_width, spec.image_height));
    return dataset;
}

}  // namespace

LoadSpec spec_for(const ReadOptions& options) {
    LoadSpec spec;
    spec.rules.lenient = options.lenient;
    spec.rules.tolerance = options.normalised_tolerance;
    if (options.image_size) {
        spec.image_width = options.image_size->width;
        spec.image_height = options.image_size->height;
    }
    spec.jobs = options.jobs;
    spec.progress = options.progress;
    return spec;
}

void add_list_name(LoadSpec& spec, const fs::path& list) {
    const std::string name = list.filename().string();
    if (std::find(spec.lists.begin(), spec.lists.end(), name) == spec.lists.end()) spec.lists.push_back(name);
}

Dataset load_records(std::vector<ImageRecord> records, const LoadSpec& spec, DiagnosticSink& sink) {
    const std::vector<LabelGroup> groups = group_label_folders(spec.label_folders);
    const std::vector<UnownedLabel> unowned = find_unowned_labels(records, groups, spec.list_files);
    std::vector<const UnownedLabel*> unlisted, orphans;
    for (const UnownedLabel& label : unowned) (label.image.empty() ? orphans : unlisted).push_back(&label);
    report_unlisted(unlisted, spec, sink);
    handle_orphans(orphans, spec, records, sink);
    return build_dataset(records, spec, sink);
}

}  // namespace labelkit::yolo

