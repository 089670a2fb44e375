#include "formats/coco/coco_private.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::coco {

namespace fs = std::filesystem;

namespace {

// Below this many annotations one thread is faster than starting others.
constexpr std::size_t parallel_threshold = 20000;
constexpr std::size_t release_step = std::size_t{2} << 20;

// Releases the pages of the mapped file behind a cursor that moves forward, in large steps, and
// counts the bytes released as read.
class PageReleaser {
public:
    PageReleaser(const MappedJson& file, std::size_t start, const ProgressPhase& progress)
        : file_(file), progress_(progress), released_(start) {}
    void advance(std::size_t offset) {
        if (offset - released_ < release_step) return;
        file_.release(released_, offset);
        progress_.advance(offset - released_);
        released_ = offset;
    }

private:
    const MappedJson& file_;
    const ProgressPhase& progress_;
    std::size_t released_;
};

Location element_location(const MappedJson& file, const ElementList& list, std::size_t index, std::string pointer) {
    return file.location(list.begin(index), std::move(pointer));
}

void warn_unknown(DiagnosticSink& sink, const MappedJson& file, const UnknownFields& unknown, const char* what) {
    if (unknown.elements == 0) return;
    sink.warn("coco/unknown-fields",
              fmt::format("{} {} have fields labelkit does not keep: {}", unknown.elements, what, fmt::join(unknown.names, ", ")),
              Location{file.path()});
}

// The folders an image of this file may be in, in the order they are tried: --image-root (and
// its subset folders), images/<subset>/ (labelkit, Datumaro), <subset>/ (COCO's train2017/),
// images/ (CVAT's flat export), then beside the .json.
std::vector<fs::path> image_folders(const CocoFile& file, const ReadOptions& options) {
    std::vector<fs::path> folders;
    if (!options.image_root.empty()) {
        folders.push_back(options.image_root);
        for (const std::string& name : subset_folder_names(file.subset)) {
            folders.push_back(options.image_root / name);
            folders.push_back(options.image_root / "images" / name);
        }
    }
    folders.push_back(file.root / "images" / file.subset);
    folders.push_back(file.root / file.subset);
    folders.push_back(file.root / "images");
    const fs::path beside = file.path.parent_path();
    folders.push_back(beside.empty() ? fs::path(".") : beside);
    return folders;
}

// A share of the annotations of a file for one thread: [begin, end) of the list.
struct AnnotationRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    UnknownFields unknown;
    std::vector<Diagnostic> skipped;  // lenient reading: the annotations left out, and why
};

// Marks an annotation that lenient reading left out (removed once all ranges are parsed).
constexpr std::uint32_t skipped_item = UINT32_MAX;

void parse_annotation_range(const MappedJson& file, const ElementList& list, const AnnotationLookups& lookups,
                            std::uint32_t file_index, bool lenient, Annotation* out, AnnotationRange& range,
                            const ProgressPhase& progress) {
    ElementParser parser(file);
    PageReleaser releaser(file, range.begin < list.count() ? list.begin(range.begin) : 0, progress);
    for (std::size_t i = range.begin; i < range.end; ++i) {
        Annotation& annotation = out[i];
        try {
            parser.annotation(i, list.element(i, file.data()), lookups, annotation, range.unknown);
        } catch (const Error& error) {
            if (!lenient) throw;
            range.skipped.push_back(error.as_diagnostic("coco/schema"));
            annotation = Annotation{};
            annotation.item = skipped_item;
        }
        annotation.origin = {file_index, static_cast<std::uint32_t>(i)};
        releaser.advance(list.begin(i));
    }
}

class DatasetBuilder {
public:
    DatasetBuilder(const ReadOptions& options, DiagnosticSink& sink) : options_(options), sink_(sink) {}

    void read_file(const CocoFile& coco) {
        const MappedJson file(coco.path);
        const ProgressPhase progress(options_.progress, fmt::format("reading {}", coco.path.filename().string()),
                                     file.size(), ProgressUnit::bytes);
        TopLevel top;
        try {
            top = split_top_level(file);
            if (!top.images.present)
                throw Error("no \"images\" array: not a COCO instances file (expected {\"images\": [...], "
                            "\"annotations\": [...], \"categories\": [...]})",
                            Location{file.path()}, "coco/schema");
        } catch (const Error& error) {
            // Nothing of a file whose structure is broken can be trusted: lenient reading skips it.
            report_or_throw(error, options_, sink_, "coco/json-syntax");
            dataset_.source_files.push_back(file.path());
            return;
        }
        const auto file_index = static_cast<std::uint32_t>(dataset_.source_files.size());
        dataset_.source_files.push_back(file.path());
        if (!top.other_keys.empty())
            sink_.warn("coco/unknown-fields",
                       fmt::format("top-level keys labelkit does not keep: {}", fmt::join(top.other_keys, ", ")),
                       Location{file.path()});
        keep_top_level(file, top);
        const IdIndex categories = read_categories(file, top.categories);
        const bool merging = std::find(dataset_.subsets.begin(), dataset_.subsets.end(), coco.subset) != dataset_.subsets.end();
        dataset_.add_subset(coco.subset);
        const std::size_t first_new = dataset_.annotations.size();
        const IdIndex images = read_images_making_room(file, top, coco, file_index, merging, progress);
        read_annotations(file, top.annotations, {&images, &categories}, file_index, first_new, progress);
        if (merging) merge_repeated_annotations(first_new, coco.subset, file.path());
        progress.complete();
    }

    Dataset take() { return std::move(dataset_); }

private:
    void keep_top_level(const MappedJson& file, const TopLevel& top) {
        const auto keep = [&](const std::optional<Slice>& slice, nlohmann::json& target, const char* key) {
            if (!slice) return;
            nlohmann::json value;
            try {
                value = file.parse_value(slice->begin, slice->end, fmt::format("/{}", key), "coco");
            } catch (const Error& error) {
                report_or_throw(error, options_, sink_, "coco/json-syntax");
                return;
            }
            if (target.is_null()) {
                target = std::move(value);
            } else if (!value.is_null() && value != target) {
                sink_.warn("coco/info-differs",
                           fmt::format("\"{}\" differs from the one read first ({}); keeping the first", key,
                                       dataset_.source_files.front()),
                           file.location(slice->begin, fmt::format("/{}", key)));
            }
        };
        keep(top.info, dataset_.info, "info");
        keep(top.licenses, dataset_.licenses, "licenses");
    }

    // Adds the file's categories to the dataset (merging by id) and maps their ids to indices.
    IdIndex read_categories(const MappedJson& file, const ElementList& list) {
        ElementParser parser(file);
        UnknownFields unknown;
        std::vector<Category> categories;
        std::vector<std::int64_t> ids;
        std::vector<std::size_t> positions;  // of the categories read, in the list
        std::unordered_map<std::int64_t, std::size_t> first_with_id;
        for (std::size_t i = 0; i < list.count(); ++i) {
            try {
                Category category = parser.category(i, list.element(i, file.data()), unknown);
                const auto [first, added] = first_with_id.emplace(category.id, i);
                if (!added)
                    throw Error(fmt::format("duplicate category id {} (also at /categories/{})", category.id, first->second),
                                element_location(file, list, i, fmt::format("/categories/{}/id", i)),
                                "coco/duplicate-category-id");
                categories.push_back(std::move(category));
                ids.push_back(categories.back().id);
                positions.push_back(i);
            } catch (const Error& error) {
                report_or_throw(error, options_, sink_, "coco/schema");
            }
        }
        warn_unknown(sink_, file, unknown, "categories");
        std::vector<std::uint32_t> indices(ids.size());
        for (std::size_t i = 0; i < categories.size(); ++i)
            indices[i] = add_category(std::move(categories[i]), file, list, positions[i]);
        IdIndex index;
        index.build(ids, indices);
        return index;
    }

    std::uint32_t add_category(Category category, const MappedJson& file, const ElementList& list, std::size_t i) {
        const auto known = category_by_id_.find(category.id);
        if (known == category_by_id_.end()) {
            const auto index = static_cast<std::uint32_t>(dataset_.categories.size());
            category_by_id_.emplace(category.id, index);
            category_file_.push_back(file.path());
            dataset_.categories.push_back(std::move(category));
            return index;
        }
        Category& existing = dataset_.categories[known->second];
        if (existing.name != category.name)
            report_or_throw(Error(fmt::format("category id {} is named \"{}\" here but \"{}\" in {} (keeping \"{}\")",
                                              category.id, category.name, existing.name, category_file_[known->second],
                                              existing.name),
                                  element_location(file, list, i, fmt::format("/categories/{}/name", i)),
                                  "coco/category-conflict"),
                            options_, sink_, "coco/category-conflict");
        if (existing.supercategory.empty()) existing.supercategory = std::move(category.supercategory);
        if (existing.keypoint_names.empty()) existing.keypoint_names = std::move(category.keypoint_names);
        if (existing.skeleton.empty()) existing.skeleton = std::move(category.skeleton);
        return known->second;
    }

    // Adds the file's images as items of the subset (an image already read for the subset from
    // another file, with the same id, is the same item) and maps their ids to item indices.
    IdIndex read_images(const MappedJson& file, const ElementList& list, const CocoFile& coco, std::uint32_t file_index,
                        bool merging, const ProgressPhase& progress) {
        std::unordered_map<std::int64_t, std::uint32_t> earlier;
        if (merging)
            for (std::size_t i = 0; i < dataset_.items.size(); ++i)
                if (dataset_.items[i].subset == coco.subset) earlier.emplace(dataset_.items[i].id, static_cast<std::uint32_t>(i));
        const std::size_t first_new = dataset_.items.size();
        dataset_.items.reserve(first_new + list.count());
        std::vector<std::int64_t> ids;
        std::vector<std::uint32_t> indices;
        ids.reserve(list.count());
        indices.reserve(list.count());
        std::unordered_map<std::int64_t, std::size_t> first_with_id;
        first_with_id.reserve(list.count());
        ElementParser parser(file);
        PageReleaser releaser(file, list.offset, progress);
        for (std::size_t i = 0; i < list.count(); ++i) {
            try {
                Item item = parser.image(i, list.element(i, file.data()));
                const auto [first, added] = first_with_id.emplace(item.id, i);
                if (!added)
                    throw Error(fmt::format("duplicate image id {} (also at /images/{})", item.id, first->second),
                                element_location(file, list, i, fmt::format("/images/{}/id", i)),
                                "coco/duplicate-image-id");
                item.subset = coco.subset;
                item.origin = {file_index, static_cast<std::uint32_t>(i)};
                ids.push_back(item.id);
                const auto same = earlier.find(item.id);
                if (same != earlier.end()) {
                    check_same_image(dataset_.items[same->second], item, file, list, i);
                    indices.push_back(same->second);
                } else {
                    indices.push_back(static_cast<std::uint32_t>(dataset_.items.size()));
                    dataset_.items.push_back(std::move(item));
                }
            } catch (const Error& error) {
                report_or_throw(error, options_, sink_, "coco/schema");
            }
            releaser.advance(list.begin(i));
        }
        IdIndex index;
        index.build(ids, indices);
        file.release(list.offset, list.close);
        const ImageFinder images(image_folders(coco, options_));
        for (std::size_t i = first_new; i < dataset_.items.size(); ++i)
            dataset_.items[i].image_file = images.find(dataset_.items[i].path);
        add_image_folders(dataset_, images);
        return index;
    }

    void check_same_image(const Item& earlier, const Item& item, const MappedJson& file, const ElementList& list,
                          std::size_t i) const {
        if (earlier.path == item.path) return;
        throw Error(fmt::format("image id {} is \"{}\" here but \"{}\" in {} (same subset \"{}\")", item.id, item.path,
                                earlier.path, dataset_.source_files[earlier.origin.file], item.subset),
                    element_location(file, list, i, fmt::format("/images/{}/file_name", i)), "coco/duplicate-image-id");
    }

    // Reads the images while another thread makes room for the annotations (default
    // constructing them touches about 200 bytes each: worth overlapping when there are many).
    IdIndex read_images_making_room(const MappedJson& file, const TopLevel& top, const CocoFile& coco,
                                    std::uint32_t file_index, bool merging, const ProgressPhase& progress) {
        const std::size_t size = dataset_.annotations.size() + top.annotations.count();
        const std::size_t jobs = top.annotations.count() < parallel_threshold ? 1 : options_.jobs;
        IdIndex images;
        parallel_for(2, jobs, [&](std::size_t task) {
            if (task == 0) images = read_images(file, top.images, coco, file_index, merging, progress);
            else dataset_.annotations.resize(size);
        });
        return images;
    }

    // Parses the annotations into their places, from base on: one range of them per thread when
    // there are many.
    void read_annotations(const MappedJson& file, const ElementList& list, const AnnotationLookups& lookups,
                          std::uint32_t file_index, std::size_t base, const ProgressPhase& progress) {
        const std::size_t count = list.count();
        Annotation* out = dataset_.annotations.data() + base;
        const std::size_t threads = count < parallel_threshold ? 1 : thread_count(options_.jobs, count);
        std::vector<AnnotationRange> ranges(threads);
        for (std::size_t r = 0; r < threads; ++r) {
            ranges[r].begin = count * r / threads;
            ranges[r].end = count * (r + 1) / threads;
        }
        try {
            parallel_for(ranges.size(), threads, [&](std::size_t r) {
                parse_annotation_range(file, list, lookups, file_index, options_.lenient, out, ranges[r], progress);
            });
        } catch (...) {
            dataset_.annotations.resize(base);
            throw;
        }
        UnknownFields unknown;
        bool any_skipped = false;
        for (AnnotationRange& range : ranges) {
            unknown.merge(range.unknown);
            for (Diagnostic& diagnostic : range.skipped) sink_.report(std::move(diagnostic));
            any_skipped = any_skipped || !range.skipped.empty();
        }
        if (any_skipped)
            std::erase_if(dataset_.annotations, [](const Annotation& a) { return a.item == skipped_item; });
        warn_unknown(sink_, file, unknown, "annotations");
    }

    // A person_keypoints file repeats the person annotations of the instances file with the
    // same ids and adds keypoints: those add their keypoints to the earlier annotation.
    void merge_repeated_annotations(std::size_t first_new, const std::string& subset, const std::string& path) {
        std::vector<Annotation>& annotations = dataset_.annotations;
        std::unordered_map<std::int64_t, std::uint32_t> earlier;
        for (std::size_t i = 0; i < first_new; ++i)
            if (dataset_.items[annotations[i].item].subset == subset) earlier.emplace(annotations[i].id, static_cast<std::uint32_t>(i));
        std::size_t kept = first_new;
        std::size_t merged = 0;
        for (std::size_t i = first_new; i < annotations.size(); ++i) {
            const auto same = earlier.find(annotations[i].id);
            if (same != earlier.end()) {
                Annotation& target = annotations[same->second];
                if (target.item == annotations[i].item && target.category == annotations[i].category &&
                    target.keypoints.empty() && !annotations[i].keypoints.empty()) {
                    target.keypoints = std::move(annotations[i].keypoints);
                    ++merged;
                    continue;
                }
            }
            if (kept != i) annotations[kept] = std::move(annotations[i]);
            ++kept;
        }
        annotations.erase(annotations.begin() + static_cast<std::ptrdiff_t>(kept), annotations.end());
        if (merged > 0)
            sink_.info("coco/merged-keypoints",
                       fmt::format("{} annotations repeat an earlier annotation of subset \"{}\" (same id, image and "
                                   "category) and only add keypoints: their keypoints were added to it",
                                   merged, subset),
                       Location{path});
    }

    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Dataset dataset_;
    std::unordered_map<std::int64_t, std::uint32_t> category_by_id_;
    std::vector<std::string> category_file_;  // the file each category was first read from
};

std::vector<CocoFile> files_to_read(const fs::path& input, DiagnosticSink& sink) {
    std::error_code error;
    const fs::file_status status = fs::status(input, error);
    if (fs::is_regular_file(status)) return {single_file(input)};
    if (fs::exists(status) && !fs::is_directory(status))
        throw Error("a pipe or device: COCO files are memory-mapped, so labelkit reads them from a regular file "
                    "(save the stream to a file first)",
                    Location{input.string()});
    if (!fs::is_directory(status)) throw Error("no such file or directory", Location{input.string()});
    const fs::path directory = without_trailing_separator(input);
    const Layout layout = find_layout(directory);
    for (const fs::path& skipped : layout.skipped) {
        const std::string name = skipped.filename().string();
        const FileKind kind = classify(name);
        sink.warn("coco/skipped-file",
                  kind == FileKind::other
                      ? fmt::format("skipped {}: not named instances_<subset>.json or person_keypoints_<subset>.json", name)
                      : fmt::format("skipped {}: {}, not an instances file", name, describe(kind)),
                  Location{skipped.string()});
    }
    if (layout.files.empty()) throw Error(why_empty(layout, directory), Location{directory.string()});
    return layout.files;
}

}  // namespace

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    DatasetBuilder builder(options, sink);
    for (const CocoFile& file : files_to_read(input, sink)) builder.read_file(file);
    return builder.take();
}

}  // namespace labelkit::coco
