// Writing Ultralytics YOLO: data.yaml (no `path`: the root is its folder), images/<subset>/
// and labels/<subset>/<image name>.txt for every item, empty when it has no objects.
//
// The task comes from the data: any keypoints -> pose; else any oriented box -> obb; else any
// polygon or mask -> segment (a box alone becomes its 4-corner polygon); else detect. Class
// indexes follow the categories' source ids. Numbers are normalised by the image size and
// printed in shortest round-trip form, so that reading the output gives back the same values.
#include <atomic>
#include <memory>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::yolo {

namespace {

// The task is chosen as the convert op chose it (labelkit::choose_task in model.hpp), from the data.
using Task = ShapeTask;

// Ultralytics pose has one keypoint count for every line: the largest in the data. Within a
// category every annotation that has keypoints must have the same number; an annotation
// without keypoints (or a category with fewer) is padded with unlabelled points (0 0 0).
std::size_t keypoint_count(const Dataset& dataset) {
    std::vector<std::size_t> per_category(dataset.categories.size(), 0);
    std::size_t count = 0;
    for (const Annotation& annotation : dataset.annotations) {
        const std::size_t n = annotation.keypoints.size();
        if (n == 0) continue;
        std::size_t& known = per_category[annotation.category];
        if (known != 0 && known != n)
            throw Error(fmt::format("category '{}' has annotations with {} and with {} keypoints (image '{}'): "
                                    "Ultralytics pose needs one keypoint count",
                                    dataset.categories[annotation.category].name, known, n,
                                    dataset.items[annotation.item].path));
        known = n;
        count = std::max(count, n);
    }
    return count;
}

// flip_idx from keypoint names: "left_x" <-> "right_x". Empty when no pair is found.
std::vector<int> flip_index(const std::vector<std::string>& names) {
    std::vector<int> flip(names.size());
    bool paired = false;
    for (std::size_t i = 0; i < names.size(); ++i) {
        flip[i] = static_cast<int>(i);
        std::string other = names[i];
        for (const auto& [from, to] : {std::pair{"left", "right"}, {"right", "left"}, {"Left", "Right"},
                                       {"Right", "Left"}}) {
            const std::size_t at = names[i].find(from);
            if (at == std::string::npos) continue;
            other = names[i];
            other.replace(at, std::string_view(from).size(), to);
            break;
        }
        if (other == names[i]) continue;
        const auto it = std::find(names.begin(), names.end(), other);
        if (it == names.end()) continue;
        flip[i] = static_cast<int>(it - names.begin());
        paired = true;
    }
    return paired ? flip : std::vector<int>{};
}

struct Tally {
    std::atomic<std::size_t> joined{0}, degenerate{0}, box_shapes{0}, padded{0};
};

struct LineWriter {
    const Dataset& dataset;
    const AnnotationsByItem& by_item;
    const ClassOrder& classes;
    Task task;
    std::size_t keypoints;
    Tally& tally;

    struct State {
        fmt::memory_buffer text;
        std::vector<Point> merged;
    };

    void points(fmt::memory_buffer& out, const Point* begin, std::size_t n, double width, double height) const {
        for (std::size_t i = 0; i < n; ++i) {
            out.push_back(' ');
            append_number(out, begin[i].x / width);
            out.push_back(' ');
            append_number(out, begin[i].y / height);
        }
    }

    void box_corner_points(fmt::memory_buffer& out, const Box& box, double width, double height) const {
        const std::vector<Point> corners = box_corners(box);
        points(out, corners.data(), corners.size(), width, height);
    }

    void polygon(State& state, const Annotation& annotation, double width, double height) const {
        const PolygonSet* polygons = std::get_if<PolygonSet>(&annotation.shape);
        PolygonSet from_mask;
        if (const auto* mask = std::get_if<RleMask>(&annotation.shape)) {
            from_mask = rle_to_polygons(*mask);
            polygons = &from_mask;
        } else if (const auto* obb = std::get_if<OrientedBox>(&annotation.shape)) {
            points(state.text, obb->corners.data(), 4, width, height);
            return;
        }
        if (!polygons) {
            ++tally.box_shapes;
            box_corner_points(state.text, annotation.box, width, height);
            return;
        }
        // Rings of fewer than 3 points are no outline (and 2 points would read back as a box).
        std::size_t usable = 0;
        const std::vector<Point>* only = nullptr;
        for (const auto& ring : polygons->rings)
            if (ring.size() >= 3) ++usable, only = &ring;
        if (usable == 0) {
            ++tally.degenerate;
            box_corner_points(state.text, annotation.box, width, height);
        } else if (usable == 1) {
            points(state.text, only->data(), only->size(), width, height);
        } else {
            ++tally.joined;
            if (usable == polygons->rings.size()) {
                merge_rings(polygons->rings, state.merged);
            } else {
                std::vector<std::vector<Point>> rings;
                for (const auto& ring : polygons->rings)
                    if (ring.size() >= 3) rings.push_back(ring);
                merge_rings(rings, state.merged);
            }
            points(state.text, state.merged.data(), state.merged.size(), width, height);
        }
    }

    void oriented_box(State& state, const Annotation& annotation, double width, double height) const {
        if (const auto* obb = std::get_if<OrientedBox>(&annotation.shape)) {
            points(state.text, obb->corners.data(), 4, width, height);
            return;
        }
        const auto* polygons = std::get_if<PolygonSet>(&annotation.shape);
        if (polygons && polygons->rings.size() == 1 && polygons->rings[0].size() == 4) {
            points(state.text, polygons->rings[0].data(), 4, width, height);
            return;
        }
        ++tally.box_shapes;
        box_corner_points(state.text, annotation.box, width, height);
    }

    void centre_box(fmt::memory_buffer& out, const Box& box, double width, double height) const {
        out.push_back(' ');
        append_number(out, (box.x + box.width / 2) / width);
        out.push_back(' ');
        append_number(out, (box.y + box.height / 2) / height);
        out.push_back(' ');
        append_number(out, box.width / width);
        out.push_back(' ');
        append_number(out, box.height / height);
    }

    void item_text(State& state, std::size_t item_index) const {
        const Item& item = dataset.items[item_index];
        const double width = item.width, height = item.height;
        state.text.clear();
        for (const std::uint32_t index : by_item.of(item_index)) {
            const Annotation& annotation = dataset.annotations[index];
            append_integer(state.text, classes.class_of[annotation.category]);
            switch (task) {
                case Task::detect: centre_box(state.text, annotation.box, width, height); break;
                case Task::segment: polygon(state, annotation, width, height); break;
                case Task::obb: oriented_box(state, annotation, width, height); break;
                case Task::pose:
                    centre_box(state.text, annotation.box, width, height);
                    for (const Keypoint& point : annotation.keypoints) {
                        state.text.push_back(' ');
                        append_number(state.text, point.x / width);
                        state.text.push_back(' ');
                        append_number(state.text, point.y / height);
                        state.text.push_back(' ');
                        append_integer(state.text, static_cast<std::uint64_t>(std::max(point.visibility, 0)));
                    }
                    if (annotation.keypoints.size() < keypoints) {
                        ++tally.padded;
                        for (std::size_t k = annotation.keypoints.size(); k < keypoints; ++k)
                            state.text.append(std::string_view(" 0 0 0"));
                    }
                    break;
            }
            state.text.push_back('\n');
        }
    }
};

// The keys Ultralytics requires, train and val, for the names exporters give those subsets
// (Train, valid, Validation, ...): the first subset that can take a key takes it.
std::string data_yaml_key(const std::string& folder, const std::vector<std::string>& folders) {
    for (const char* key : {"train", "val", "test"}) {
        const auto fits = [&](const std::string& name) {
            return key == std::string_view("val") ? is_validation_name(name) : iequals(name, key);
        };
        if (!fits(folder)) continue;
        if (std::find(folders.begin(), folders.end(), key) != folders.end()) return folder;  // taken as it is
        return *std::find_if(folders.begin(), folders.end(), fits) == folder ? key : folder;
    }
    return folder;
}

}  // namespace

void write_ultralytics(const Dataset& dataset, const fs::path& output, const WriteOptions& options,
                       DiagnosticSink& sink) {
    const Task task = choose_task(dataset);
    const ClassOrder classes = class_order(dataset);
    const AnnotationsByItem by_item(dataset);
    check_sizes_known(dataset, by_item);
    const std::size_t keypoints = task == Task::pose ? keypoint_count(dataset) : 0;

    // Where every item goes; subsets in the order the dataset lists them.
    const std::vector<std::string> subsets = subsets_in_use(dataset);
    std::vector<bool> used(subsets.size(), false);
    std::vector<std::string> folders;
    for (const std::string& subset : subsets) folders.push_back(subset_folder(subset));
    std::vector<std::string> label_files(dataset.items.size()), image_files(dataset.items.size());
    std::vector<std::uint32_t> subset_of(dataset.items.size());
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        check_relative_path(item.path, {item.image_file.empty() ? item.path : item.image_file});
        const std::size_t s = std::find(subsets.begin(), subsets.end(), item.subset) - subsets.begin();
        subset_of[i] = static_cast<std::uint32_t>(s);
        used[s] = true;
        label_files[i] = fmt::format("labels/{}/{}", folders[s], with_txt_extension(item.path));
        image_files[i] = fmt::format("images/{}/{}", folders[s], item.path);
    }
    check_unique_labels(dataset, label_files);
    create_parent_folders(output, label_files);

    // Label files are created relative to their open labels/<subset> folder.
    std::vector<std::unique_ptr<OpenFolder>> label_folders(subsets.size());
    for (std::size_t s = 0; s < subsets.size(); ++s)
        if (used[s]) label_folders[s] = std::make_unique<OpenFolder>(output / "labels" / folders[s]);
    Tally tally;
    const LineWriter writer{dataset, by_item, classes, task, keypoints, tally};
    const ProgressPhase progress(options.progress, "writing label files", dataset.items.size(), ProgressUnit::files);
    parallel_for<LineWriter::State>(dataset.items.size(), options.jobs, [&](LineWriter::State& state, std::size_t i) {
        try {
            writer.item_text(state, i);
        } catch (const Error& error) {
            throw Error(fmt::format("image '{}': {}", dataset.items[i].path, error.message()), {(output / label_files[i]).string()});
        }
        const std::size_t s = subset_of[i];
        label_folders[s]->write_file(label_files[i].c_str() + folders[s].size() + 8,  // after labels/<folder>/
                                     std::string_view(state.text.data(), state.text.size()));
        progress.advance();
    });
    place_images(dataset, output, image_files, options, "yolo/missing-images", sink);

    DataYamlOutput data;
    data.task = to_string(task);
    for (std::size_t s = 0; s < subsets.size(); ++s) {
        if (!used[s]) continue;
        const std::string key = data_yaml_key(folders[s], folders);
        if (is_reserved_data_yaml_key(key))
            throw Error(fmt::format("subset '{}' cannot be a data.yaml key: '{}' is one of Ultralytics' own keys "
                                    "(path, names, nc, ...); rename the subset",
                                    folders[s], key));
        if (key != folders[s])
            sink.info("yolo/subset-key",
                      fmt::format("subset '{}' is written as Ultralytics' '{}' ({}: images/{}): Ultralytics needs "
                                  "the keys train and val",
                                  folders[s], key, key, folders[s]));
        data.subsets.emplace_back(key, "images/" + folders[s]);
        std::error_code ignored;
        fs::create_directories(output / "images" / folders[s], ignored);
    }
    for (const std::uint32_t category : classes.category_of) data.names.push_back(dataset.categories[category].name);
    if (task == Task::pose) {
        data.kpt_shape = std::array<int, 2>{static_cast<int>(keypoints), 3};
        data.keypoint_names.resize(data.names.size());
        bool named = false;
        for (std::size_t c = 0; c < classes.category_of.size(); ++c) {
            const Category& category = dataset.categories[classes.category_of[c]];
            if (category.keypoint_names.size() != keypoints) continue;
            data.keypoint_names[c] = category.keypoint_names;
            if (!named) data.flip_idx = flip_index(category.keypoint_names);
            named = true;
        }
        if (!named) data.keypoint_names.clear();
    }
    write_output_text(output / "data.yaml", format_data_yaml(data));

    const auto has = [&](const char* key) {
        return std::any_of(data.subsets.begin(), data.subsets.end(), [&](const auto& s) { return s.first == key; });
    };
    if (!has("train") || !has("val")) {
        std::string keys;
        for (const auto& [key, folder] : data.subsets) keys += (keys.empty() ? "" : ", ") + key;
        const char* missing = !has("train") && !has("val") ? "no 'train' and no 'val' subset"
                              : !has("train")              ? "no 'train' subset"
                                                           : "no 'val' subset";
        sink.warn("yolo/missing-train-val",
                  fmt::format("{} (data.yaml lists: {}): Ultralytics training needs both train and val", missing,
                              keys.empty() ? "nothing" : keys));
    }
    if (tally.joined > 0)
        sink.info("yolo/rings-joined",
                  fmt::format("{} object(s) drawn with several polygons were joined into one outline each, as "
                              "Ultralytics' COCO converter does (merge_multi_segment): YOLO has one polygon per object",
                              tally.joined.load()));
    if (tally.box_shapes > 0)
        sink.info("yolo/box-as-shape",
                  fmt::format("{} object(s) without a {} were written as their box's 4 corners ({} task)",
                              tally.box_shapes.load(), task == Task::obb ? "4-corner shape" : "polygon",
                              to_string(task)));
    if (tally.degenerate > 0)
        sink.warn("yolo/degenerate-polygon",
                  fmt::format("{} object(s) had no polygon of 3 points or more and were written as their box's "
                              "4 corners",
                              tally.degenerate.load()));
    if (tally.padded > 0)
        sink.info("yolo/keypoints-padded",
                  fmt::format("{} object(s) with fewer than {} keypoints were padded with unlabelled points (0 0 0)",
                              tally.padded.load(), keypoints));
}

}  // namespace labelkit::yolo
