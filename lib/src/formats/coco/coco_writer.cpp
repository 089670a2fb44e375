#include "formats/coco/coco_private.hpp"


#include <algorithm>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/parallel.hpp"
#include "labelkit/coco_stream.hpp"
#include "labelkit/error.hpp"
#include "labelkit/progress.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"

namespace labelkit::coco {

namespace fs = std::filesystem;

namespace {

// The items and annotations written to one file.
struct Group {
    std::string subset;
    std::vector<std::uint32_t> items;
    std::vector<std::uint32_t> annotations;
};

std::string subset_name(const Item& item) { return item.subset.empty() ? "default" : item.subset; }

// One group per subset, in Dataset::subsets order (then any subset it does not list).
std::vector<Group> group_by_subset(const Dataset& dataset) {
    std::vector<Group> groups;
    std::unordered_map<std::string, std::size_t> index;
    const auto group_of = [&](const std::string& subset) {
        const auto [where, added] = index.emplace(subset, groups.size());
        if (added) groups.push_back({subset, {}, {}});
        return where->second;
    };
    for (const std::string& subset : dataset.subsets) group_of(subset.empty() ? "default" : subset);
    std::vector<std::uint32_t> item_group(dataset.items.size());
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        item_group[i] = static_cast<std::uint32_t>(group_of(subset_name(dataset.items[i])));
        groups[item_group[i]].items.push_back(static_cast<std::uint32_t>(i));
    }
    for (std::size_t i = 0; i < dataset.annotations.size(); ++i)
        groups[item_group[dataset.annotations[i].item]].annotations.push_back(static_cast<std::uint32_t>(i));
    if (groups.empty()) groups.push_back({"default", {}, {}});
    return groups;
}

Group everything(const Dataset& dataset) {
    Group group{"", std::vector<std::uint32_t>(dataset.items.size()), std::vector<std::uint32_t>(dataset.annotations.size())};
    for (std::size_t i = 0; i < group.items.size(); ++i) group.items[i] = static_cast<std::uint32_t>(i);
    for (std::size_t i = 0; i < group.annotations.size(); ++i) group.annotations[i] = static_cast<std::uint32_t>(i);
    return group;
}

bool strictly_increasing(const std::vector<std::int64_t>& ids) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == no_id || (i > 0 && ids[i] <= ids[i - 1])) return false;
    return true;
}

bool all_present_and_unique(const std::vector<std::int64_t>& ids) {
    if (strictly_increasing(ids)) return true;
    if (std::find(ids.begin(), ids.end(), no_id) != ids.end()) return false;
    std::vector<std::int64_t> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
}

// Keeps every id that is present and not used before it; gives the others fresh ids above
// the largest. Returns how many present ids were repeats and had to change.
std::size_t make_unique(std::vector<std::int64_t>& ids) {
    if (all_present_and_unique(ids)) return 0;
    std::int64_t next = 0;
    for (const std::int64_t id : ids)
        if (id != no_id) next = std::max(next, id);
    std::unordered_set<std::int64_t> seen;
    seen.reserve(ids.size());
    std::size_t repeats = 0;
    for (std::int64_t& id : ids) {
        if (id != no_id && seen.insert(id).second) continue;
        if (id != no_id) ++repeats;
        id = ++next;
    }
    return repeats;
}

std::vector<Point> ring_of(const OrientedBox& box) { return {box.corners.begin(), box.corners.end()}; }

double area_of(const Annotation& annotation) {
    if (annotation.area) return *annotation.area;
    if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape)) return area(*polygons);
    if (const auto* mask = std::get_if<RleMask>(&annotation.shape)) return area(*mask);
    if (const auto* box = std::get_if<OrientedBox>(&annotation.shape)) return area(ring_of(*box));
    return annotation.box.width * annotation.box.height;
}

// Formats the elements of a COCO file; ids are the ones chosen for the output file.
class ElementFormatter {
public:
    ElementFormatter(const Dataset& dataset, const std::vector<std::int64_t>& image_ids,
                     const std::vector<std::int64_t>& category_ids)
        : dataset_(dataset), image_ids_(image_ids), category_ids_(category_ids) {}

    void image(JsonText& out, std::uint32_t index, std::int64_t id) const {
        const Item& item = dataset_.items[index];
        out.raw("{\"id\":");
        out.integer(id);
        out.raw(",\"width\":");
        out.integer(item.width);
        out.raw(",\"height\":");
        out.integer(item.height);
        out.raw(",\"file_name\":");
        out.string(item.path);
        if (item.extra.is_object())
            for (const auto& [key, value] : item.extra.items()) {
                if (key == "id" || key == "width" || key == "height" || key == "file_name") continue;
                out.raw(',');
                out.string(key);
                out.raw(':');
                out.json(value);
            }
        out.raw('}');
    }

    void annotation(JsonText& out, const Annotation& annotation, std::int64_t id) const {
        annotation_with_ids(out, annotation, id, image_ids_[annotation.item], category_ids_[annotation.category]);
    }

    void annotation_with_ids(JsonText& out, const Annotation& annotation, std::int64_t id, std::int64_t image_id,
                             std::int64_t category_id) const {
        out.raw("{\"id\":");
        out.integer(id);
        out.raw(",\"image_id\":");
        out.integer(image_id);
        out.raw(",\"category_id\":");
        out.integer(category_id);
        out.raw(",\"segmentation\":");
        segmentation(out, annotation.shape);
        out.raw(",\"area\":");
        out.number(area_of(annotation));
        out.raw(",\"bbox\":[");
        out.number(annotation.box.x);
        out.raw(',');
        out.number(annotation.box.y);
        out.raw(',');
        out.number(annotation.box.width);
        out.raw(',');
        out.number(annotation.box.height);
        out.raw(annotation.iscrowd ? "],\"iscrowd\":1" : "],\"iscrowd\":0");
        if (!annotation.keypoints.empty()) keypoints(out, annotation.keypoints);
        if (annotation.score) {
            out.raw(",\"score\":");
            out.number(*annotation.score);
        }
        if (!annotation.attributes.is_null()) {
            out.raw(",\"attributes\":");
            out.json(annotation.attributes);
        }
        out.raw('}');
    }

    void category(JsonText& out, std::size_t index) const {
        const Category& category = dataset_.categories[index];
        out.raw("{\"id\":");
        out.integer(category_ids_[index]);
        out.raw(",\"name\":");
        out.string(category.name);
        out.raw(",\"supercategory\":");
        out.string(category.supercategory);
        if (!category.keypoint_names.empty() || !category.skeleton.empty()) {
            out.raw(",\"keypoints\":[");
            for (std::size_t i = 0; i < category.keypoint_names.size(); ++i) {
                if (i > 0) out.raw(',');
                out.string(category.keypoint_names[i]);
            }
            out.raw("],\"skeleton\":[");
            for (std::size_t i = 0; i < category.skeleton.size(); ++i) {
                out.raw(i > 0 ? ",[" : "[");
                out.integer(category.skeleton[i][0]);
                out.raw(',');
                out.integer(category.skeleton[i][1]);
                out.raw(']');
            }
            out.raw(']');
        }
        out.raw('}');
    }

private:
    static void ring(JsonText& out, const std::vector<Point>& points) {
        out.raw('[');
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (i > 0) out.raw(',');
            out.number(points[i].x);
            out.raw(',');
            out.number(points[i].y);
        }
        out.raw(']');
    }

    static void segmentation(JsonText& out, const Shape& shape) {
        if (const auto* polygons = std::get_if<PolygonSet>(&shape)) {
            out.raw('[');
            for (std::size_t i = 0; i < polygons->rings.size(); ++i) {
                if (i > 0) out.raw(',');
                ring(out, polygons->rings[i]);
            }
            out.raw(']');
        } else if (const auto* mask = std::get_if<RleMask>(&shape)) {
            out.raw("{\"size\":[");
            out.integer(mask->height);
            out.raw(',');
            out.integer(mask->width);
            out.raw("],\"counts\":[");
            for (std::size_t i = 0; i < mask->counts.size(); ++i) {
                if (i > 0) out.raw(',');
                out.integer(mask->counts[i]);
            }
            out.raw("]}");
        } else if (const auto* box = std::get_if<OrientedBox>(&shape)) {
            out.raw('[');
            ring(out, ring_of(*box));
            out.raw(']');
        } else {
            out.raw("[]");
        }
    }

    static void keypoints(JsonText& out, const std::vector<Keypoint>& points) {
        out.raw(",\"keypoints\":[");
        int labelled = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (i > 0) out.raw(',');
            out.number(points[i].x);
            out.raw(',');
            out.number(points[i].y);
            out.raw(',');
            out.integer(points[i].visibility);
            if (points[i].visibility > 0) ++labelled;
        }
        out.raw("],\"num_keypoints\":");
        out.integer(labelled);
    }

    const Dataset& dataset_;
    const std::vector<std::int64_t>& image_ids_;     // by item index
    const std::vector<std::int64_t>& category_ids_;  // by category index
};

// Writes one COCO file: info, licenses, images, annotations, categories (pycocotools' order),
// one element per line. Annotations are formatted on several threads (`jobs`), in chunks, and
// written in order.
class FileWriter {
public:
    FileWriter(const Dataset& dataset, const fs::path& path, const WriteOptions& options, DiagnosticSink& sink)
        : dataset_(dataset), path_(path), jobs_(options.jobs), progress_(options.progress), sink_(sink), file_(path) {}

    void write(const Group& group) {
        const ProgressPhase progress(progress_, fmt::format("writing {}", path_.filename().string()),
                                     group.annotations.size(), ProgressUnit::annotations);
        number_categories();
        number_images(group);
        const ElementFormatter format(dataset_, image_ids_, category_ids_);
        out_.raw('{');
        if (!dataset_.info.is_null()) top_level_value("info", dataset_.info);
        if (!dataset_.licenses.is_null()) top_level_value("licenses", dataset_.licenses);
        out_.raw("\"images\":[");
        for (std::size_t i = 0; i < group.items.size(); ++i) {
            out_.raw(i == 0 ? "\n" : ",\n");
            format.image(out_, group.items[i], image_ids_[group.items[i]]);
            flush_if_full();
        }
        out_.raw("\n],\n\"annotations\":[");
        annotations(group, format, progress);
        out_.raw("\n],\n\"categories\":[");
        for (std::size_t i = 0; i < dataset_.categories.size(); ++i) {
            out_.raw(i == 0 ? "\n" : ",\n");
            format.category(out_, i);
        }
        out_.raw("\n]}\n");
        file_.write(out_.text());
        file_.close();
    }

private:
    static constexpr std::size_t flush_size = std::size_t{4} << 20;
    static constexpr std::size_t chunk = 8192;  // annotations per formatting task

    void flush_if_full() {
        if (out_.size() < flush_size) return;
        file_.write(out_.text());
        out_.clear();
    }

    void top_level_value(const char* key, const nlohmann::json& value) {
        out_.string(key);
        out_.raw(':');
        out_.json(value);
        out_.raw(",\n");
    }

    void number_categories() {
        category_ids_.resize(dataset_.categories.size());
        for (std::size_t i = 0; i < category_ids_.size(); ++i) category_ids_[i] = dataset_.categories[i].id;
        if (const std::size_t changed = make_unique(category_ids_))
            sink_.warn("coco/ids-renumbered", fmt::format("{} categories had a repeated id and got a new one", changed),
                       Location{path_.string()});
    }

    void number_images(const Group& group) {
        std::vector<std::int64_t> ids(group.items.size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = dataset_.items[group.items[i]].id;
        if (!all_present_and_unique(ids)) {
            const bool missing = std::find(ids.begin(), ids.end(), no_id) != ids.end();
            for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<std::int64_t>(i + 1);
            if (!missing)
                sink_.warn("coco/ids-renumbered", "image ids repeat: images are numbered 1..N instead",
                           Location{path_.string()});
        }
        image_ids_.assign(dataset_.items.size(), no_id);
        for (std::size_t i = 0; i < ids.size(); ++i) image_ids_[group.items[i]] = ids[i];
    }

    std::vector<std::int64_t> annotation_ids(const Group& group) {
        std::vector<std::int64_t> ids(group.annotations.size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = dataset_.annotations[group.annotations[i]].id;
        if (const std::size_t changed = make_unique(ids))
            sink_.warn("coco/ids-renumbered", fmt::format("{} annotations had a repeated id and got a new one", changed),
                       Location{path_.string()});
        return ids;
    }

    void annotations(const Group& group, const ElementFormatter& format, const ProgressPhase& progress) {
        const std::vector<std::int64_t> ids = annotation_ids(group);
        const auto format_range = [&](JsonText& out, std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                out.raw(i == 0 ? "\n" : ",\n");
                const Annotation& annotation = dataset_.annotations[group.annotations[i]];
                try {
                    format.annotation(out, annotation, ids[i]);
                } catch (const Error& error) {
                    throw Error(fmt::format("annotation {} of image \"{}\": {}", i, dataset_.items[annotation.item].path,
                                            error.message()),
                                Location{path_.string(), 0, 0, fmt::format("/annotations/{}", i)});
                }
            }
        };
        const std::size_t count = ids.size();
        if (count < 4 * chunk || thread_count(jobs_, 2) < 2) {
            for (std::size_t start = 0; start < count; start += chunk) {
                format_range(out_, start, std::min(start + chunk, count));
                flush_if_full();
                progress.advance(std::min(chunk, count - start));
            }
            return;
        }
        file_.write(out_.text());
        out_.clear();
        // Each thread formats a chunk in its own buffer, takes the next file offset in chunk order,
        // and writes while the others format.
        const std::size_t chunks = (count + chunk - 1) / chunk;
        ChunkOffsets offsets(file_.size());
        parallel_for<JsonText>(chunks, jobs_, [&](JsonText& buffer, std::size_t k) {
            try {
                buffer.clear();
                format_range(buffer, k * chunk, std::min((k + 1) * chunk, count));
                file_.write_at(buffer.text(), offsets.claim(k, buffer.size()));
                progress.advance(std::min(chunk, count - k * chunk));
            } catch (...) {
                offsets.abandon(k);
                throw;
            }
        });
        file_.skip_to(offsets.end());
    }

    // Hands out file offsets to chunks strictly in chunk order. The chunks after one that failed
    // would wait for its turn forever: they throw Abandoned instead (parallel_for reports the
    // failure of the lowest chunk, so never this).
    class ChunkOffsets {
    public:
        explicit ChunkOffsets(std::uint64_t start) : offset_(start) {}
        std::uint64_t claim(std::size_t chunk_index, std::size_t size) {
            std::unique_lock lock(mutex_);
            turn_.wait(lock, [&] { return next_ == chunk_index || abandoned_ < chunk_index; });
            if (next_ != chunk_index) throw Abandoned{};
            const std::uint64_t at = offset_;
            offset_ += size;
            ++next_;
            turn_.notify_all();
            return at;
        }
        void abandon(std::size_t chunk_index) {
            const std::lock_guard lock(mutex_);
            abandoned_ = std::min(abandoned_, chunk_index);
            turn_.notify_all();
        }
        std::uint64_t end() const { return offset_; }
        struct Abandoned {};

    private:
        std::mutex mutex_;
        std::condition_variable turn_;
        std::size_t next_ = 0;
        std::uint64_t offset_;
        std::size_t abandoned_ = std::numeric_limits<std::size_t>::max();  // the lowest chunk that failed
    };

    const Dataset& dataset_;
    fs::path path_;
    std::size_t jobs_;
    Progress* progress_;
    DiagnosticSink& sink_;
    JsonFile file_;
    JsonText out_;
    std::vector<std::int64_t> category_ids_;  // by category index
    std::vector<std::int64_t> image_ids_;     // by item index; no_id outside the group
};

void check_subset_name(const std::string& subset) {
    if (subset == "." || subset == ".." || subset.find_first_of("/\\") != std::string::npos)
        throw Error(fmt::format("subset name \"{}\" cannot be used in a file name", subset));
}

// Places the group's images under images/<subset>/; returns how many could not be found.
std::size_t place_images(const Dataset& dataset, const Group& group, const fs::path& output, ImageMode mode) {
    std::size_t missing = 0;
    const fs::path folder = output / "images" / group.subset;
    for (const std::uint32_t index : group.items) {
        const Item& item = dataset.items[index];
        check_relative_path(item.path, Location{item.image_file});
        if (!place_image(item, folder / item.path, mode)) ++missing;
    }
    return missing;
}

void warn_merged_subsets(const Dataset& dataset, const fs::path& output, DiagnosticSink& sink) {
    std::vector<Group> groups = group_by_subset(dataset);
    std::erase_if(groups, [](const Group& group) { return group.items.empty(); });
    if (groups.size() < 2) return;
    std::vector<std::string> counts;
    for (const Group& group : groups)
        counts.push_back(fmt::format("{} ({} images, {} annotations)", group.subset, group.items.size(), group.annotations.size()));
    sink.warn("coco/subsets-merged",
              fmt::format("{} subsets are merged into one file: {}", groups.size(), fmt::join(counts, ", ")),
              Location{output.string()});
}

}  // namespace

void write(const Dataset& dataset, const fs::path& output, const WriteOptions& options, DiagnosticSink& sink) {
    if (options.single_file || output.extension() == ".json") {
        warn_merged_subsets(dataset, output, sink);
        if (options.images != ImageMode::none)
            sink.warn("coco/images-not-placed",
                      "images are copied or linked only when writing a directory, not a single .json file",
                      Location{output.string()});
        FileWriter(dataset, output, options, sink).write(everything(dataset));
        return;
    }
    const fs::path folder = output / "annotations";
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) throw Error(fmt::format("cannot create directory: {}", error.message()), Location{folder.string()});
    std::size_t missing = 0;
    for (const Group& group : group_by_subset(dataset)) {
        check_subset_name(group.subset);
        FileWriter(dataset, folder / fmt::format("instances_{}.json", group.subset), options, sink).write(group);
        if (options.images != ImageMode::none) missing += place_images(dataset, group, output, options.images);
    }
    if (missing > 0)
        sink.warn("coco/missing-images",
                  fmt::format("{} images were not found, so they were not {} (their annotations are written)", missing,
                              options.images == ImageMode::link ? "linked" : "copied"),
                  Location{output.string()});
}

}  // namespace labelkit::coco

namespace labelkit {

struct CocoStreamWriter::Lines {
    explicit Lines(const std::filesystem::path& path) : file(path) {}
    coco::JsonFile file;
    coco::JsonText text;
    Dataset none;  // the formatter's dataset: annotations need none of it
    std::vector<std::int64_t> no_ids;
    std::vector<std::uint64_t> starts;   // per annotation: where its text (with its separator) begins
    std::vector<std::uint32_t> lengths;  // and how long it is
};

CocoStreamWriter::CocoStreamWriter(std::filesystem::path output)
    : output_(std::move(output)), lines_(std::make_unique<Lines>(output_)) {
    lines_->text.raw("{\"annotations\":[");
}

CocoStreamWriter::~CocoStreamWriter() = default;

void CocoStreamWriter::add(const Annotation& annotation, std::int64_t id, std::int64_t image_id,
                           std::int64_t category_id) {
    Lines& l = *lines_;
    const std::uint64_t start = l.file.size() + l.text.size();
    l.text.raw(l.starts.empty() ? "\n" : ",\n");
    const coco::ElementFormatter format(l.none, l.no_ids, l.no_ids);
    format.annotation_with_ids(l.text, annotation, id, image_id, category_id);
    l.starts.push_back(start);
    l.lengths.push_back(static_cast<std::uint32_t>(l.file.size() + l.text.size() - start));
    if (l.text.size() < (std::size_t{4} << 20)) return;
    l.file.write(l.text.text());
    l.text.clear();
}

namespace {

// The geometry of an annotation's JSON text as ElementFormatter writes it.
Annotation geometry_of(const nlohmann::json& element) {
    Annotation annotation;
    const nlohmann::json& box = element.at("bbox");
    annotation.box = {box.at(0).get<double>(), box.at(1).get<double>(), box.at(2).get<double>(), box.at(3).get<double>()};
    if (const auto segmentation = element.find("segmentation"); segmentation != element.end()) {
        if (segmentation->is_object()) {
            RleMask mask;
            mask.height = segmentation->at("size").at(0).get<std::uint32_t>();
            mask.width = segmentation->at("size").at(1).get<std::uint32_t>();
            const nlohmann::json& counts = segmentation->at("counts");
            mask.counts = counts.is_string() ? rle_counts_from_string(counts.get<std::string>())
                                             : counts.get<std::vector<std::uint32_t>>();
            annotation.shape = std::move(mask);
        } else if (!segmentation->empty()) {
            PolygonSet polygons;
            for (const nlohmann::json& ring : *segmentation) {
                std::vector<Point>& points = polygons.rings.emplace_back();
                for (std::size_t i = 0; i + 1 < ring.size(); i += 2)
                    points.push_back({ring[i].get<double>(), ring[i + 1].get<double>()});
            }
            annotation.shape = std::move(polygons);
        }
    }
    if (const auto keypoints = element.find("keypoints"); keypoints != element.end())
        for (std::size_t i = 0; i + 2 < keypoints->size(); i += 3)
            annotation.keypoints.push_back(
                {(*keypoints)[i].get<double>(), (*keypoints)[i + 1].get<double>(), (*keypoints)[i + 2].get<int>()});
    return annotation;
}

}  // namespace

Annotation CocoStreamWriter::read_back(std::size_t n) const {
    const Lines& l = *lines_;
    const std::uint64_t start = l.starts.at(n), written = l.file.size();
    const std::string text = start >= written
                                 ? std::string(l.text.text().substr(start - written, l.lengths[n]))
                                 : l.file.read_at(start, l.lengths[n]);
    const std::size_t begin = text.find('{');  // after the separator
    return geometry_of(nlohmann::json::parse(std::string_view(text).substr(begin)));
}

void CocoStreamWriter::blank_withdrawn(const std::vector<bool>& withdrawn) {
    Lines& l = *lines_;
    std::optional<std::size_t> first_kept;
    for (std::size_t n = 0; n < l.starts.size(); ++n) {
        if (n < withdrawn.size() && withdrawn[n]) {
            l.file.write_at(std::string(l.lengths[n], ' '), l.starts[n]);
        } else if (!first_kept) {
            first_kept = n;
        }
    }
    // The first annotation left must not start with the comma that followed a withdrawn one.
    if (first_kept && *first_kept > 0) l.file.write_at(" ", l.starts[*first_kept]);
}

void CocoStreamWriter::finish(const Dataset& dataset, const std::vector<bool>& withdrawn) {
    Lines& l = *lines_;
    l.file.write(l.text.text());
    l.text.clear();
    blank_withdrawn(withdrawn);
    std::vector<std::int64_t> category_ids;
    for (const Category& category : dataset.categories) category_ids.push_back(category.id);
    const std::vector<std::int64_t> image_ids;  // images are written with their own ids
    const coco::ElementFormatter format(dataset, image_ids, category_ids);
    coco::JsonText& out = l.text;
    out.raw("\n],\n\"images\":[");
    for (std::uint32_t i = 0; i < dataset.items.size(); ++i) {
        out.raw(i == 0 ? "\n" : ",\n");
        format.image(out, i, dataset.items[i].id);
        if (out.size() < (std::size_t{4} << 20)) continue;
        l.file.write(out.text());
        out.clear();
    }
    out.raw("\n],\n\"categories\":[");
    for (std::size_t i = 0; i < dataset.categories.size(); ++i) {
        out.raw(i == 0 ? "\n" : ",\n");
        format.category(out, i);
    }
    out.raw("\n]");
    for (const auto& [key, value] : {std::pair{"info", &dataset.info}, std::pair{"licenses", &dataset.licenses}}) {
        if (value->is_null()) continue;
        out.raw(",\n");
        out.string(key);
        out.raw(':');
        out.json(*value);
    }
    out.raw("}\n");
    l.file.write(out.text());
    out.clear();
    l.file.close();
}

}  // namespace labelkit
