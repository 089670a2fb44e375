#include "labelkit/ops/convert.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <opencv2/imgproc.hpp>

#include "core/image_files.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/limits.hpp"
#include "ops/item_file_names.hpp"

namespace labelkit {

namespace {

// How many annotations each adaptation touched; reported once each, at the end.
struct Tally {
    std::size_t obb_to_polygon = 0, obb_to_box = 0, rle_to_polygon = 0, rle_to_box = 0,
                polygon_to_box = 0, polygon_to_obb = 0, box_to_polygon = 0, box_to_obb = 0,
                keypoints_dropped = 0, keypoints_filled = 0, attributes_dropped = 0, crowd = 0,
                scores_dropped = 0;
    std::set<std::string> attribute_keys;
};

bool is_box_only(const Shape& shape) { return std::holds_alternative<std::monostate>(shape); }

PolygonSet polygon_of(const OrientedBox& box) {
    return PolygonSet{{std::vector<Point>(box.corners.begin(), box.corners.end())}};
}

OrientedBox oriented_box_of(const Box& box) {
    const auto corners = box_corners(box);
    return OrientedBox{{corners[0], corners[1], corners[2], corners[3]}};
}

// A single 4-point ring is kept as it is; anything else becomes its minimum-area rectangle.
OrientedBox oriented_box_of(const PolygonSet& polygons) {
    if (polygons.rings.size() == 1 && polygons.rings[0].size() == 4) {
        const auto& ring = polygons.rings[0];
        return OrientedBox{{ring[0], ring[1], ring[2], ring[3]}};
    }
    std::vector<cv::Point2f> points;
    for (const auto& ring : polygons.rings)
        for (const Point& p : ring) points.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
    cv::Point2f corners[4];
    cv::minAreaRect(points).points(corners);
    OrientedBox result{std::vector<Point>(4)};
    for (int i = 0; i < 4; ++i) result.corners[i] = {corners[i].x, corners[i].y};
    return result;
}

// RLE -> polygons; a mask whose contours give nothing keeps only its bounding box.
void rle_to_polygon_or_box(Annotation& annotation, Tally& tally) {
    PolygonSet polygons = rle_to_polygons(std::get<RleMask>(annotation.shape));
    if (polygons.rings.empty()) {
        annotation.shape = std::monostate{};
        ++tally.rle_to_box;
    } else {
        annotation.shape = std::move(polygons);
        ++tally.rle_to_polygon;
    }
}

void to_box_only(Annotation& annotation, Tally& tally) {
    if (std::holds_alternative<PolygonSet>(annotation.shape)) ++tally.polygon_to_box;
    if (std::holds_alternative<RleMask>(annotation.shape)) ++tally.rle_to_box;
    if (std::holds_alternative<OrientedBox>(annotation.shape)) ++tally.obb_to_box;
    annotation.shape = std::monostate{};
}

void adapt_shape_for_task(Annotation& annotation, ShapeTask task, Tally& tally) {
    Shape& shape = annotation.shape;
    switch (task) {
        case ShapeTask::detect:
        case ShapeTask::pose:
            to_box_only(annotation, tally);
            return;
        case ShapeTask::segment:
            if (std::holds_alternative<RleMask>(shape)) rle_to_polygon_or_box(annotation, tally);
            if (std::holds_alternative<OrientedBox>(shape)) {
                shape = polygon_of(std::get<OrientedBox>(shape));
                ++tally.obb_to_polygon;
            }
            if (is_box_only(shape)) {
                shape = PolygonSet{{box_corners(annotation.box)}};
                ++tally.box_to_polygon;
            }
            return;
        case ShapeTask::obb:
            if (std::holds_alternative<RleMask>(shape)) rle_to_polygon_or_box(annotation, tally);
            if (std::holds_alternative<PolygonSet>(shape)) {
                shape = oriented_box_of(std::get<PolygonSet>(shape));
                ++tally.polygon_to_obb;
            }
            if (is_box_only(shape)) {
                shape = oriented_box_of(annotation.box);
                ++tally.box_to_obb;
            }
            return;
    }
}

void adapt_shape(Annotation& annotation, const Capabilities& stores, Tally& tally) {
    Shape& shape = annotation.shape;
    if (std::holds_alternative<OrientedBox>(shape) && !stores.oriented_boxes) {
        if (stores.polygons) {
            shape = polygon_of(std::get<OrientedBox>(shape));
            ++tally.obb_to_polygon;
        } else {
            to_box_only(annotation, tally);
        }
    }
    if (std::holds_alternative<RleMask>(shape) && !stores.rle_masks) {
        if (stores.polygons)
            rle_to_polygon_or_box(annotation, tally);
        else
            to_box_only(annotation, tally);
    }
    if (std::holds_alternative<PolygonSet>(shape) && !stores.polygons) to_box_only(annotation, tally);
}

// Ultralytics pose needs the same number of keypoints on every line.
void fill_missing_keypoints(Dataset& dataset, Tally& tally) {
    std::size_t count = 0;
    for (const Annotation& annotation : dataset.annotations) count = std::max(count, annotation.keypoints.size());
    if (count > limits::max_keypoints)
        throw Error(fmt::format("an object has {} keypoints, more than labelkit writes on every line (at most {})", count,
                                limits::max_keypoints));
    for (Annotation& annotation : dataset.annotations) {
        if (annotation.keypoints.size() == count) continue;
        annotation.keypoints.resize(count, Keypoint{0, 0, 0});
        ++tally.keypoints_filled;
    }
}

// Attribute values that say nothing: the defaults VOC tools (pose Unspecified, truncated and
// difficult 0) and CVAT (occluded false, rotation 0) write on every object.
bool says_nothing(const std::string& key, const nlohmann::json& value) {
    if (key == "occluded" || key == "truncated" || key == "difficult") return value == false || value == 0;
    if (key == "rotation") return value.is_number() && value.get<double>() == 0;
    if (key == "pose") return value.is_string() && value.get<std::string>() == "Unspecified";
    return false;
}

void adapt_other_fields(Annotation& annotation, const Capabilities& stores, bool keep_keypoints,
                        Tally& tally) {
    if (!keep_keypoints && !annotation.keypoints.empty()) {
        annotation.keypoints.clear();
        ++tally.keypoints_dropped;
    }
    if (!stores.attributes && annotation.attributes.is_object() && !annotation.attributes.empty()) {
        bool lost = false;
        for (const auto& [key, value] : annotation.attributes.items())
            if (!says_nothing(key, value)) {
                tally.attribute_keys.insert(key);
                lost = true;
            }
        annotation.attributes = nullptr;
        tally.attributes_dropped += lost ? 1 : 0;
    }
    if (!stores.iscrowd && annotation.iscrowd) {
        annotation.iscrowd = false;
        ++tally.crowd;
    }
    if (!stores.scores && annotation.score) {
        annotation.score.reset();
        ++tally.scores_dropped;
    }
}

void report(DiagnosticSink& sink, const std::string& target, std::size_t count, const char* rule,
            const char* what) {
    if (count == 0) return;
    sink.warn(fmt::format("convert/{}", rule), fmt::format("{} cannot store {}", target, fmt::format(fmt::runtime(what), count)));
}

void report_tally(const Tally& tally, const std::string& target, DiagnosticSink& sink) {
    report(sink, target, tally.obb_to_polygon, "oriented-boxes", "oriented boxes: {} written as 4-point polygons");
    report(sink, target, tally.obb_to_box, "oriented-boxes", "oriented boxes: {} written as their bounding boxes");
    report(sink, target, tally.rle_to_polygon, "masks", "RLE masks: {} converted to polygons (OpenCV contours)");
    report(sink, target, tally.rle_to_box, "masks", "RLE masks: {} written as their bounding boxes");
    report(sink, target, tally.polygon_to_box, "polygons", "polygons: {} polygon annotations written as their bounding boxes");
    report(sink, target, tally.polygon_to_obb, "polygons", "polygons in an oriented-box dataset: {} written as oriented boxes (4-point rings kept, others as their minimum-area rectangles)");
    report(sink, target, tally.box_to_polygon, "boxes", "boxes in a segmentation dataset: {} written as 4-corner polygons");
    report(sink, target, tally.box_to_obb, "boxes", "axis-aligned boxes in an oriented-box dataset: {} written as oriented boxes");
    report(sink, target, tally.keypoints_dropped, "keypoints", "keypoints here: {} annotations lost their keypoints");
    report(sink, target, tally.keypoints_filled, "keypoints", "a varying number of keypoints: {} annotations padded with unlabelled keypoints");
    if (tally.attributes_dropped > 0)
        sink.warn("convert/attributes",
                  fmt::format("{} cannot store attributes: {} annotations lost their attributes ({})",
                              target, tally.attributes_dropped, fmt::join(tally.attribute_keys, ", ")));
    report(sink, target, tally.crowd, "iscrowd", "iscrowd: {} crowd annotations written as ordinary objects");
    report(sink, target, tally.scores_dropped, "scores", "scores: {} annotations lost their score");
}

// Labels, texts, annotators and tracks a target cannot hold are dropped, each with a count.
void adapt_platform_fields(Dataset& dataset, const Capabilities& stores, const std::string& target,
                           DiagnosticSink& sink) {
    const auto is_text = [](const Label& label) { return label.category == no_index; };
    const auto class_labels = static_cast<std::size_t>(std::count_if(dataset.labels.begin(), dataset.labels.end(),
                                                                     [&](const Label& l) { return !is_text(l); }));
    const std::size_t texts = dataset.labels.size() - class_labels;
    report(sink, target, stores.item_labels ? 0 : class_labels, "labels",
           "labels of whole items or spans (classifications, CVAT tags, Label Studio choices): {} dropped");
    report(sink, target, stores.texts ? 0 : texts, "texts", "text values (transcripts, free text): {} dropped");
    std::erase_if(dataset.labels, [&](const Label& l) { return is_text(l) ? !stores.texts : !stores.item_labels; });

    if (!stores.annotators && !dataset.annotators.empty()) {
        const auto attributed = static_cast<std::size_t>(std::count_if(
            dataset.annotations.begin(), dataset.annotations.end(), [](const Annotation& a) { return a.annotator != no_index; }));
        if (attributed > 0)
            sink.warn("convert/annotators",
                      fmt::format("{} cannot say who annotated: {} annotations of {} written without their "
                                  "annotator, all together (merge --mode consensus combines them instead)",
                                  target, attributed, counted(dataset.annotators.size(), "source")));
        for (Annotation& annotation : dataset.annotations) annotation.annotator = no_index;
        for (Label& label : dataset.labels) label.annotator = no_index;
        dataset.annotators.clear();
        dataset.answers.clear();
    }
    if (!stores.tracks) {
        std::size_t tracked = 0;
        for (Annotation& annotation : dataset.annotations) {
            tracked += annotation.track != no_id;
            annotation.track = no_id;
        }
        report(sink, target, tracked, "tracks", "video tracks: {} annotations lost their track id");
    }
}

// Formats that number classes by position say how source ids map to indices.
void report_class_indices(const Dataset& dataset, const Format& target, DiagnosticSink& sink) {
    if (!target.stores.classes_by_index || dataset.categories.empty()) return;
    std::vector<const Category*> sorted;
    for (const Category& category : dataset.categories) sorted.push_back(&category);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->id < b->id; });
    bool identity = true;
    for (std::size_t i = 0; i < sorted.size(); ++i) identity = identity && sorted[i]->id == static_cast<std::int64_t>(i);
    if (identity) return;
    std::vector<std::string> pairs;
    for (std::size_t i = 0; i < sorted.size() && i < 8; ++i)
        pairs.push_back(fmt::format("{} (id {}) -> {}", sorted[i]->name, sorted[i]->id, i));
    if (sorted.size() > 8) pairs.push_back(fmt::format("... {} more", sorted.size() - 8));
    sink.info("convert/class-indices",
              fmt::format("{} numbers classes 0..{} in order of source category id: {}", target.name,
                          sorted.size() - 1, fmt::join(pairs, ", ")));
}

// Geometry that lint reports as an error is copied as it is, but never in silence: counted,
// with the first example, so that two targets that read it differently (VOC the box, YOLO
// segment the polygon) do not disagree unnoticed.
struct SuspectGeometry {
    std::size_t outside = 0, degenerate = 0, box_not_shape = 0, unknown_size = 0;
    std::string first_outside, first_degenerate, first_box_not_shape, first_unknown_size;
};

SuspectGeometry find_suspect_geometry(const Dataset& dataset) {
    SuspectGeometry found;
    const auto note = [](std::size_t& count, std::string& first, const auto& describe) {
        if (count++ == 0) first = describe();
    };
    for (const Annotation& a : dataset.annotations) {
        const Item& item = dataset.items[a.item];
        if (a.box.width <= 0 || a.box.height <= 0) {
            note(found.degenerate, found.first_degenerate,
                 [&] { return fmt::format("'{}' box {}", item.path, to_string(a.box)); });
            continue;
        }
        if (item.width > 0 && item.height > 0 && distance_outside(a.box, item.width, item.height) > box_tolerance_px)
            note(found.outside, found.first_outside, [&] {
                return fmt::format("'{}' box {} on a {}x{} image", item.path, to_string(a.box), item.width, item.height);
            });
        if (const std::optional<Box> shape = shape_bounds(a.shape);
            shape && edge_difference(*shape, a.box) > box_tolerance_px)
            note(found.box_not_shape, found.first_box_not_shape, [&] {
                return fmt::format("'{}' box {}, shape bounds {}", item.path, to_string(a.box), to_string(*shape));
            });
    }
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const Item& item = dataset.items[i];
        const bool sized = item.kind == ItemKind::image || item.kind == ItemKind::video_frame;  // not a text, an audio
        if (sized && (item.width == 0 || item.height == 0))
            note(found.unknown_size, found.first_unknown_size, [&] { return fmt::format("'{}'", item.path); });
    }
    return found;
}

// The word for count: one or many.
const char* word_for(std::size_t count, const char* one, const char* many) { return count == 1 ? one : many; }

void report_suspect_geometry(const Dataset& dataset, const Format& target, std::optional<ShapeTask> task,
                             DiagnosticSink& sink) {
    const SuspectGeometry found = find_suspect_geometry(dataset);
    if (found.outside > 0)
        sink.warn("convert/box-outside-image",
                  fmt::format("{} box{} reach{} more than {} px past {} image, written as {} (first: {}); lint "
                              "reports each (geometry/box-outside-image) and `lint --fix` clips them",
                              found.outside, word_for(found.outside, "", "es"), word_for(found.outside, "es", ""),
                              box_tolerance_px, word_for(found.outside, "its", "their"),
                              word_for(found.outside, "it is", "they are"), found.first_outside));
    if (found.degenerate > 0)
        sink.warn("convert/degenerate-box",
                  fmt::format("{} box{} {} no area (width or height 0 or less), written as {} (first: {}); lint "
                              "reports each (geometry/degenerate-box)",
                              found.degenerate, word_for(found.degenerate, "", "es"), word_for(found.degenerate, "has", "have"),
                              word_for(found.degenerate, "it is", "they are"), found.first_degenerate));
    if (found.box_not_shape > 0) {
        const bool writes_shape = task ? *task == ShapeTask::segment || *task == ShapeTask::obb
                                       : target.stores.polygons || target.stores.rle_masks;
        const bool writes_box = !task || *task == ShapeTask::detect || *task == ShapeTask::pose;
        const char* written = writes_shape && writes_box ? "keeps both"
                              : writes_shape             ? "writes the shape, not the box"
                                                         : "writes the box, not the shape";
        sink.warn("convert/box-not-shape",
                  fmt::format("{} object{} {} a box that differs from the bounds of {} own polygon or mask by more than "
                              "{} px; {} {}, so outputs in other formats disagree (first: {}); lint reports each "
                              "(geometry/box-shape-mismatch)",
                              found.box_not_shape, word_for(found.box_not_shape, "", "s"),
                              word_for(found.box_not_shape, "has", "have"), word_for(found.box_not_shape, "its", "their"),
                              box_tolerance_px, target.name, written, found.first_box_not_shape));
    }
    if (found.unknown_size > 0 && target.stores.image_sizes) {
        const std::string hint = image_search_hint(dataset);
        sink.warn("convert/unknown-image-size",
                  fmt::format("{} image{} {} no known size and {} written with width and height 0, which most {} "
                              "readers reject (first: {}{})",
                              found.unknown_size, word_for(found.unknown_size, "", "s"),
                              word_for(found.unknown_size, "has", "have"), word_for(found.unknown_size, "is", "are"),
                              target.name, found.first_unknown_size, hint.empty() ? "" : "; " + hint));
    }
}

// Roboflow's placeholder category is left out of class lists, as Roboflow's own YOLO export does.
void drop_roboflow_placeholder(Dataset& dataset, const Format& target, DiagnosticSink& sink) {
    if (!target.stores.classes_by_index) return;
    const std::optional<std::uint32_t> placeholder = roboflow_placeholder(dataset);
    if (!placeholder) return;
    const Category dropped = dataset.categories[*placeholder];
    dataset.categories.erase(dataset.categories.begin() + *placeholder);
    for (Annotation& annotation : dataset.annotations)
        if (annotation.category > *placeholder) --annotation.category;
    for (Label& label : dataset.labels)
        if (label.category != no_index && label.category > *placeholder) --label.category;
    sink.info("convert/placeholder-category",
              fmt::format("category '{}' (id {}) has no annotations and names the supercategory of all the others "
                          "(Roboflow's placeholder): left out of the {} classes, as Roboflow's own export does",
                          dropped.name, dropped.id, target.name));
}

}  // namespace

void drop_media_items(Dataset& dataset, const Format& target, DiagnosticSink& sink) {
    if (target.stores.media_items) return;
    std::vector<bool> drop(dataset.items.size());
    std::string first;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        const ItemKind kind = dataset.items[i].kind;
        drop[i] = kind == ItemKind::text || kind == ItemKind::audio;
        if (drop[i] && first.empty()) first = dataset.items[i].path;
    }
    const std::size_t annotations = dataset.annotations.size(), labels = dataset.labels.size();
    if (const std::size_t removed = erase_items(dataset, drop); removed > 0)
        sink.warn("convert/media-items",
                  fmt::format("{} not written, with {} and {}: {} holds images, not texts or audio (first: '{}'); "
                              "label-studio holds them",
                              counted(removed, "text or audio item"), counted(annotations - dataset.annotations.size(), "annotation"),
                              counted(labels - dataset.labels.size(), "label"), target.name, shorten(first, 200)));
}

void adapt_to_target(Dataset& dataset, const Format& target, const AdaptOptions& options,
                     DiagnosticSink& sink) {
    drop_media_items(dataset, target, sink);  // first: what is left out is not counted as changed
    const Capabilities& stores = target.stores;
    Tally tally;
    std::optional<ShapeTask> task;
    if (stores.one_shape_kind) {
        task = options.task.value_or(choose_task(dataset));
        if (!stores.polygons && !stores.oriented_boxes && !stores.keypoints) task = ShapeTask::detect;
        sink.info("convert/task", fmt::format("{} task: {}{}", target.name, to_string(*task),
                                              options.task ? " (as asked)" : " (chosen from the data)"));
    }
    report_suspect_geometry(dataset, target, task, sink);
    drop_roboflow_placeholder(dataset, target, sink);
    const bool keep_keypoints = stores.keypoints && (!task || *task == ShapeTask::pose);
    for (Annotation& annotation : dataset.annotations) {
        if (task)
            adapt_shape_for_task(annotation, *task, tally);
        else
            adapt_shape(annotation, stores, tally);
        adapt_other_fields(annotation, stores, keep_keypoints, tally);
    }
    if (task == ShapeTask::pose) fill_missing_keypoints(dataset, tally);
    if (keep_keypoints && !stores.skeletons) {
        const auto with_skeleton = static_cast<std::size_t>(std::count_if(
            dataset.categories.begin(), dataset.categories.end(), [](const Category& c) { return !c.skeleton.empty(); }));
        if (with_skeleton > 0)
            sink.warn("convert/skeleton",
                      fmt::format("{} cannot store keypoint skeletons: the skeleton of {} is dropped", target.name,
                                  counted(with_skeleton, "category", "categories")));
    }
    report_tally(tally, target.name, sink);
    adapt_platform_fields(dataset, stores, target.name, sink);
    if (!stores.dataset_info && (!dataset.info.is_null() || !dataset.licenses.is_null())) {
        sink.warn("convert/dataset-info", fmt::format("{} cannot store COCO info and licenses: dropped", target.name));
        dataset.info = nullptr;
        dataset.licenses = nullptr;
    }
    report_class_indices(dataset, target, sink);
    if (!options.keep_item_paths) name_items_as_files(dataset, target, sink);
    if (!stores.category_ids && !stores.classes_by_index && !dataset.categories.empty())
        sink.info("convert/category-ids",
                  fmt::format("{} keeps categories by name, not by id: ids are not kept", target.name));
}

}  // namespace labelkit
