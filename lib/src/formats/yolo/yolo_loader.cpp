// Reads images' sizes and label files in parallel and builds the dataset in record order.
#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "formats/yolo/yolo_internal.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::yolo {

namespace {

struct Loaded {
    ImageSize size;
    bool has_labels = false;
    ParsedLabels labels;
    std::optional<Diagnostic> unreadable_image;  // lenient reading: the image's size is unknown
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
Error unreadable(const ImageRecord& record) {
    std::error_code error;
    const bool exists = fs::exists(record.image, error);
    const bool listed = !record.listed_at.empty();
    const std::string image = listed ? fmt::format("image '{}'", record.image.string()) : "image";
    const ImageProbe probe = probe_image(record.image);  // only to say why
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

// Label files in the label folders of the records that no image of the records owns.
void report_orphan_labels(const std::vector<ImageRecord>& records, DiagnosticSink& sink) {
    std::unordered_set<std::string> owned;
    std::set<fs::path> folders;
    for (const ImageRecord& record : records) {
        owned.insert(record.label.lexically_normal().generic_string());
        folders.insert(record.label.parent_path());
    }
    std::vector<std::string> orphans;
    for (const fs::path& folder : folders) {
        std::error_code error;
        for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
            const fs::path& path = entry.path();
            if (!iequals(path.extension().string(), ".txt") || iequals(path.filename().string(), "classes.txt")) continue;
            std::error_code ignored;
            if (!entry.is_regular_file(ignored)) continue;
            if (!owned.contains(path.lexically_normal().generic_string())) orphans.push_back(path.string());
        }
    }
    std::sort(orphans.begin(), orphans.end());
    for (const std::string& orphan : orphans)
        sink.report({"yolo/orphan-label", Severity::warning,
                     "label file with no image: no image of the dataset has this label path (images/<name>.<ext> -> "
                     "labels/<name>.txt)",
                     {orphan}});
}

}  // namespace

Dataset load_records(const std::vector<ImageRecord>& records, const LoadSpec& spec, DiagnosticSink& sink) {
    if (spec.rules.lenient) report_orphan_labels(records, sink);
    std::vector<Loaded> loaded(records.size());
    parallel_for<WorkerState>(records.size(), [&](WorkerState& state, std::size_t i) {
        const ImageRecord& record = records[i];
        Loaded& result = loaded[i];
        const std::optional<ImageSize> size = read_image_size(record.image);
        if (!size) {
            const Error error = unreadable(record);
            if (!spec.rules.lenient) throw error;
            result.unreadable_image = error.as_diagnostic("yolo/unreadable-image");
        }
        if (size) result.size = *size;
        if (!read_file_into(record.label, state.buffer)) return;
        result.has_labels = true;
        // Without a size the coordinates stay normalised (lenient reading only): checks that
        // need pixels skip items of unknown size.
        const double width = size ? size->width : 1.0, height = size ? size->height : 1.0;
        parse_labels(state.buffer, record.label.string(), width, height, spec.rules, result.labels);
    });

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
        if (result.unreadable_image) sink.report(std::move(*result.unreadable_image));
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
    return dataset;
}

}  // namespace labelkit::yolo
