// Writes a dataset as a Label Studio JSON export that Label Studio imports: one task per item,
// one annotation per annotator (its completed_by), one prediction per model, results with
// percent coordinates of original_width / original_height. Tag names: see names in
// label_studio_private.hpp (the README gives the labelling config they fit).
#include <algorithm>
#include <optional>
#include <cmath>
#include <map>
#include <set>
#include <numbers>

#include <fmt/format.h>

#include "formats/label_studio/label_studio_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"

namespace labelkit::label_studio {

namespace {

using json = nlohmann::json;

const char* object_tag(ItemKind kind) {
    switch (kind) {
    case ItemKind::text: return "text";
    case ItemKind::audio: return "audio";
    case ItemKind::other: return "url";
    case ItemKind::image:
    case ItemKind::video_frame: break;
    }
    return "image";
}

// What a writer cannot put into the export, counted for one warning each.
struct Losses {
    std::size_t without_size = 0;     // regions of items whose size is unknown
    std::size_t keypoints = 0;        // objects with keypoints besides a single point
    std::size_t split_polygons = 0;   // polygons of several rings, written as one region per ring
};

class TaskWriter {
public:
    TaskWriter(const Dataset& dataset, Losses& losses) : dataset_(dataset), losses_(losses) {}

    json task(std::size_t item_index, std::span<const std::uint32_t> annotations,
              std::span<const std::uint32_t> labels) {
        const Item& item = dataset_.items[item_index];
        item_ = &item;
        tag_ = object_tag(item.kind);
        json task;
        task["id"] = item.id != no_id ? item.id : static_cast<std::int64_t>(item_index + 1);
        json data = item.extra.is_object() ? item.extra : json::object();
        if (item.kind != ItemKind::text) data[tag_] = item.path;
        task["data"] = std::move(data);
        std::map<std::uint32_t, json> results;  // by annotator
        for (std::uint32_t index : annotations) add_region(results, index);
        for (std::uint32_t index : labels) add_label(results, dataset_.labels[index]);
        json people = json::array(), models = json::array();
        for (auto& [annotator, list] : results) {
            json entry;
            if (annotator != no_index && dataset_.annotators[annotator].prediction) {
                const Annotator& model = dataset_.annotators[annotator];
                entry["model_version"] = model.name.empty() && model.id.starts_with(prediction_prefix)
                                             ? model.id.substr(prediction_prefix.size())
                                             : model.name;
                entry["result"] = std::move(list);
                models.push_back(std::move(entry));
                continue;
            }
            if (annotator != no_index) entry["completed_by"] = completed_by(dataset_.annotators[annotator]);
            entry["was_cancelled"] = false;
            entry["ground_truth"] = ground_truth_.contains(annotator);
            entry["result"] = std::move(list);
            people.push_back(std::move(entry));
        }
        task["annotations"] = std::move(people);
        task["predictions"] = std::move(models);
        ground_truth_.clear();
        return task;
    }

private:
    // Label Studio's user ids are numbers; other ids (e-mails, worker ids) are written as they are.
    static json completed_by(const Annotator& annotator) {
        if (const auto number = parse_integer(annotator.id)) return *number;
        return annotator.id;
    }

    json result(const char* from_name, const char* type, std::string id, json value, MaybeNumber score) const {
        json result;
        result["id"] = std::move(id);
        result["type"] = type;
        result["from_name"] = from_name;
        result["to_name"] = tag_;
        result["value"] = std::move(value);
        if (score) result["score"] = *score;
        return result;
    }

    json region(const char* from_name, const char* type, std::string id, json value, const Annotation& annotation) const {
        value[type] = label_names(annotation);
        json made = result(from_name, type, std::move(id), std::move(value), annotation.score);
        made["original_width"] = item_->width;
        made["original_height"] = item_->height;
        made["image_rotation"] = 0;
        return made;
    }

    json label_names(const Annotation& annotation) const {
        if (annotation.attributes.is_object() && annotation.attributes.contains("labels")) return annotation.attributes["labels"];
        return json::array({dataset_.categories[annotation.category].name});
    }

    double px(double x) const { return x / item_->width * 100; }
    double py(double y) const { return y / item_->height * 100; }

    void add_region(std::map<std::uint32_t, json>& results, std::uint32_t index) {
        const Annotation& annotation = dataset_.annotations[index];
        if (item_->width == 0 || item_->height == 0) {
            ++losses_.without_size;
            return;
        }
        if (annotation.attributes.is_object() && annotation.attributes.value("ground_truth", false))
            ground_truth_.insert(annotation.annotator);
        json& list = results[annotation.annotator];
        const std::string id = region_id(index);
        const bool point = annotation.keypoints.size() == 1 && annotation.box.width == 0 && annotation.box.height == 0 &&
                           std::holds_alternative<std::monostate>(annotation.shape);
        if (!point && !annotation.keypoints.empty()) ++losses_.keypoints;
        if (point) {
            const Keypoint& k = annotation.keypoints[0];
            list.push_back(region(names::keypoints, "keypointlabels", id, {{"x", px(k.x)}, {"y", py(k.y)}}, annotation));
        } else if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape)) {
            if (polygons->rings.size() > 1) ++losses_.split_polygons;
            for (std::size_t r = 0; r < polygons->rings.size(); ++r) {
                json points = json::array();
                for (const Point& p : polygons->rings[r]) points.push_back({px(p.x), py(p.y)});
                list.push_back(region(names::polygons, "polygonlabels", r == 0 ? id : fmt::format("{}-{}", id, r),
                                      {{"points", std::move(points)}, {"closed", true}}, annotation));
            }
        } else if (const auto* mask = std::get_if<RleMask>(&annotation.shape)) {
            list.push_back(region(names::brushes, "brushlabels", id,
                                  {{"format", "rle"}, {"rle", encode_brush_rle(*mask)}}, annotation));
        } else if (const auto* oriented = std::get_if<OrientedBox>(&annotation.shape)) {
            const Point& a = oriented->corners[0];
            const Point& b = oriented->corners[1];
            const Point& d = oriented->corners[3];
            double degrees = std::atan2(b.y - a.y, b.x - a.x) * 180 / std::numbers::pi;
            if (degrees < 0) degrees += 360;
            const double width = std::hypot(b.x - a.x, b.y - a.y), height = std::hypot(d.x - a.x, d.y - a.y);
            list.push_back(region(names::rectangles, "rectanglelabels", id,
                                  {{"x", px(a.x)}, {"y", py(a.y)}, {"width", px(width)}, {"height", py(height)},
                                   {"rotation", degrees}},
                                  annotation));
        } else {
            const Box& box = annotation.box;
            list.push_back(region(names::rectangles, "rectanglelabels", id,
                                  {{"x", px(box.x)}, {"y", py(box.y)}, {"width", px(box.width)},
                                   {"height", py(box.height)}, {"rotation", 0}},
                                  annotation));
        }
    }

    void add_label(std::map<std::uint32_t, json>& results, const Label& label) {
        if (label.attributes.is_object() && label.attributes.value("ground_truth", false))
            ground_truth_.insert(label.annotator);
        const std::string id = label.region != no_index ? region_id(label.region) : fmt::format("l{}", next_label_++);
        json& list = results[label.annotator];
        if (label.category == no_index) {
            list.push_back(result(names::texts, "textarea", id, {{"text", json::array({label.text})}}, label.score));
            return;
        }
        const std::string& name = dataset_.categories[label.category].name;
        if (label.start && label.end) {
            json value = {{"start", *label.start}, {"end", *label.end}, {"labels", json::array({name})}};
            if (label.attributes.is_object() && label.attributes.contains("text")) value["text"] = label.attributes["text"];
            list.push_back(result(names::spans, "labels", id, std::move(value), label.score));
        } else {
            list.push_back(result(names::choices, "choices", id, {{"choices", json::array({name})}}, label.score));
        }
    }

    static std::string region_id(std::uint32_t annotation) { return fmt::format("r{}", annotation); }

    const Dataset& dataset_;
    Losses& losses_;
    const Item* item_ = nullptr;
    const char* tag_ = "image";
    std::set<std::uint32_t> ground_truth_;  // annotators whose results in this task are ground truth
    std::size_t next_label_ = 0;
};


}  // namespace

// The files a folder output gets: Label Studio projects have no subsets, so each subset items
// have is an export of its own, <subset>.json (default.json for items without one), and a dataset
// of one subset or none is tasks.json.
std::vector<std::pair<std::filesystem::path, std::optional<std::string>>> folder_files(const Dataset& dataset,
                                                                                     const std::filesystem::path& folder) {
    std::vector<std::string> subsets;
    for (const Item& item : dataset.items)
        if (std::find(subsets.begin(), subsets.end(), item.subset) == subsets.end()) subsets.push_back(item.subset);
    if (subsets.size() <= 1) return {{folder / "tasks.json", std::nullopt}};
    std::vector<std::pair<std::filesystem::path, std::optional<std::string>>> files;
    for (const std::string& subset : subsets) {
        const std::string name = (subset.empty() ? std::string("default") : subset) + ".json";
        if (name.find_first_of("/\\") != std::string::npos)
            throw Error(fmt::format("subset '{}' cannot name a file of its own", shorten(subset, 100)),
                        Location{folder.string()});
        check_relative_path(name, Location{folder.string()});
        files.emplace_back(folder / name, subset);
    }
    return files;
}

void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink) {
    const AnnotationsByItem annotations(dataset);
    const LabelsByItem labels(dataset);
    Losses losses;
    TaskWriter writer(dataset, losses);
    const auto write_tasks = [&](const std::filesystem::path& file, const std::optional<std::string>& subset) {
        std::string text = "[";
        bool first = true;
        for (std::size_t i = 0; i < dataset.items.size(); ++i) {
            if (subset && dataset.items[i].subset != *subset) continue;
            text += first ? "\n" : ",\n";
            first = false;
            text += writer.task(i, annotations.of(i), labels.of(i)).dump();
        }
        text += "\n]\n";
        write_output_text(file, text);
    };
    if (options.single_file || iequals(output.extension().string(), ".json")) {
        write_tasks(output, std::nullopt);
    } else {
        std::error_code error;
        std::filesystem::create_directories(output, error);
        if (error) throw Error(fmt::format("cannot create directory: {}", error.message()), Location{output.string()});
        for (const auto& [file, subset] : folder_files(dataset, output)) write_tasks(file, subset);
    }
    std::size_t names = 0;
    for (const Annotator& annotator : dataset.annotators) names += !annotator.prediction && !annotator.name.empty();
    if (names > 0)
        sink.warn("convert/annotator-names",
                  fmt::format("{} not written: Label Studio imports completed_by as a user id only",
                              counted(names, "annotator name")));
    if (losses.without_size > 0)
        sink.warn("convert/image-size", fmt::format("{} not written: their items have no known size (Label Studio regions are in "
                                              "percent of it)", counted(losses.without_size, "region")));
    if (losses.keypoints > 0)
        sink.warn("convert/keypoints", fmt::format("the keypoints of {} not written (Label Studio key points are single "
                                              "points, not parts of an object)", counted(losses.keypoints, "object")));
    if (losses.split_polygons > 0)
        sink.warn("convert/polygon-rings", fmt::format("{} of several rings written as one region per ring",
                                              counted(losses.split_polygons, "polygon")));
}

}  // namespace labelkit::label_studio
