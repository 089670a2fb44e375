// Reading a Pascal VOC dataset: subset lists and labelmap first, then every annotation XML in
// parallel, merged in sorted id order so that the result never depends on scheduling.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/image_files.hpp"
#include "core/parallel.hpp"
#include "formats/voc/voc_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::voc {

namespace fs = std::filesystem;

namespace {

constexpr int unlisted = -1;

// One image of the dataset: an annotation XML, a line of a subset list, or both.
struct Entry {
    std::string id;
    bool has_xml = false;
    int list = unlisted;        // index into SubsetLists::lists
    std::uint32_t line = 0;     // of the id in that list
    bool in_several = false;    // listed by more than one subset list
};

struct Plan {
    std::vector<Entry> entries;  // sorted by id
    std::size_t in_several = 0;
    std::size_t unlisted_xmls = 0;
    std::vector<Diagnostic> list_problems;  // ids listed twice in one list, or in several lists
};

struct LoadedItem {
    Item item;
    std::vector<ParsedObject> objects;
    std::size_t ignored_elements = 0;
    Location first_ignored;
    std::vector<Diagnostic> problems;
    std::optional<Diagnostic> filename_not_id;  // <filename> names another image than the id's
    std::string filename;                       // <filename>, for that message
    bool found_nothing = false;                 // a listed id with neither an XML nor an image
    bool lfs_pointer = false;                   // its image is a Git LFS pointer file
    bool size_given = false;                    // its size is --image-size's
    std::optional<Diagnostic> unreadable;       // lenient reading: why its file could not be read
};

struct Context {
    const DatasetFolders& folders;
    std::map<std::string, ImageFinder> images;  // by subset (--image-root may hold subset folders)
    const Labelmap* labelmap = nullptr;
    bool lenient = false;
    int pixel_offset = 1;
    ImageSize fixed_size;  // --image-size; 0x0 when not given

    fs::path xml_path(const std::string& id) const { return folders.annotations / (id + ".xml"); }
};

// The annotation files of the folder: every .xml below Annotations/, or the VOC .xml files of
// a plain folder (LabelImg), as ids (their paths without .xml).
std::vector<std::string> annotation_ids(const DatasetFolders& folders) {
    std::vector<std::string> ids;
    std::error_code error;
    const fs::path& folder = folders.annotations;
    if (!fs::is_directory(folder, error)) return ids;
    const auto add = [&](const fs::directory_entry& entry) {
        if (entry.path().extension() != ".xml" || !entry.is_regular_file(error)) return;
        if (!folders.devkit && !is_annotation_file(entry.path())) return;  // other XML beside the images
        std::string relative = entry.path().lexically_relative(folder).generic_string();
        relative.resize(relative.size() - 4);
        ids.push_back(std::move(relative));
    };
    if (folders.devkit) {
        for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
             it.increment(error))
            add(*it);
    } else {
        for (auto it = fs::directory_iterator(folder, error); !error && it != fs::directory_iterator(); it.increment(error))
            add(*it);
    }
    if (error) throw Error(fmt::format("cannot list annotation files: {}", error.message()), {folder.string()});
    return ids;
}

// The image folders of a subset: the layout's, then --image-root, its <subset>/ and images/<subset>/.
ImageFinder image_finder(const DatasetFolders& folders, const fs::path& image_root, const std::string& subset) {
    std::vector<fs::path> candidates = folders.images;
    if (!image_root.empty()) {
        candidates.push_back(image_root);
        for (const std::string& name : subset_folder_names(subset)) {
            candidates.push_back(image_root / name);
            candidates.push_back(image_root / "images" / name);
        }
    }
    return ImageFinder(std::move(candidates), true);
}

// Gives every id its subset: the first list (train, val, test, others) that names it.
Plan plan_items(const std::vector<std::string>& xml_ids, const SubsetLists& lists) {
    Plan plan;
    std::unordered_map<std::string, std::size_t> index;
    for (const std::string& id : xml_ids) {
        index.emplace(id, plan.entries.size());
        plan.entries.push_back({id, true});
    }
    for (std::size_t list = 0; list < lists.lists.size(); ++list) {
        for (const ListedId& listed : lists.lists[list].ids) {
            const auto [found, added] = index.emplace(listed.id, plan.entries.size());
            if (added) plan.entries.push_back({listed.id, false});
            Entry& entry = plan.entries[found->second];
            const Location where{lists.lists[list].file.string(), listed.line, 1};
            if (entry.list == unlisted) {
                entry.list = static_cast<int>(list);
                entry.line = listed.line;
            } else if (entry.list == static_cast<int>(list)) {
                plan.list_problems.push_back({"voc/listed-twice", Severity::warning,
                                              fmt::format("'{}' is listed twice (first at line {}); kept once",
                                                          listed.id, entry.line),
                                              where});
            } else {
                plan.list_problems.push_back(
                    {"voc/multiple-subsets", Severity::warning,
                     fmt::format("'{}' is also in subset '{}' (leakage between subsets); kept in '{}'", listed.id,
                                 lists.lists[static_cast<std::size_t>(entry.list)].subset,
                                 lists.lists[static_cast<std::size_t>(entry.list)].subset),
                     where});
                if (!entry.in_several) {
                    entry.in_several = true;
                    ++plan.in_several;
                }
            }
        }
    }
    for (const Entry& entry : plan.entries)
        if (entry.list == unlisted && !lists.lists.empty()) ++plan.unlisted_xmls;
    std::sort(plan.entries.begin(), plan.entries.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
    return plan;
}

const std::string& subset_of(const Entry& entry, const SubsetLists& lists) {
    static const std::string unlisted_subset = "default";
    return entry.list == unlisted ? unlisted_subset : lists.lists[static_cast<std::size_t>(entry.list)].subset;
}

std::string leaf(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string stem_of(std::string_view name) {
    const std::string file = leaf(name);
    const std::size_t dot = file.rfind('.');
    return dot == std::string::npos || dot == 0 ? file : file.substr(0, dot);
}

// Whether a <filename> is the image named after the id: the same stem, or the same name (which
// labelkit's writer takes as the id of a.png beside a.jpg), whitespace aside (a subset list
// cannot hold whitespace, so writers may put '_' in the id), and a leading '#' aside (which
// would make the id's line a comment: labelkit writes it as '_').
bool names_the_id(const std::string& filename, const std::string& id) {
    const auto as_written = [](std::string text) {
        std::replace_if(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; }, '_');
        if (text.starts_with('#')) text[0] = '_';
        return text;
    };
    const std::string name = leaf(id);
    return as_written(stem_of(filename)) == name || as_written(leaf(filename)) == name;
}

// The image the devkit would look for when none is found: <id> with <filename>'s extension when it
// is an image's, else .jpg.
std::string devkit_path(const std::string& id, const std::string& filename) {
    const std::string extension = fs::path(filename).extension().string();
    return id + (has_image_extension(filename) ? extension : ".jpg");
}

// The image of an annotation file, as the VOC devkit, torchvision and Datumaro take it:
// JPEGImages/<id>.<ext> for any image extension. <filename> decides only when it names the id's
// own image (its extension, or a name writers changed), or when no image carries the id. A
// <filename> that names another image than the one found is reported.
std::string image_path(const std::string& id, const ParsedAnnotation& parsed, const ImageFinder& images,
                       LoadedItem& loaded) {
    const std::string& filename = parsed.filename;
    loaded.filename = filename;
    const bool agrees = filename.empty() || names_the_id(filename, id);
    if (!filename.empty() && agrees && !images.find(filename).empty()) return filename;
    std::string path = images.find_by_id(id);
    std::string how;
    if (!path.empty()) {
        how = fmt::format("the image is '{}', named after the id, as the VOC devkit reads it", path);
    } else if (filename.empty()) {
        return id + ".jpg";
    } else if (agrees || !images.find(filename).empty()) {
        path = filename;
        how = fmt::format("no image is named after the id, so <filename>'s image '{}' is used", filename);
    } else {
        path = devkit_path(id, filename);
        how = fmt::format("neither image is there, and the image is taken to be '{}', as the VOC devkit reads it", path);
    }
    if (!agrees)
        loaded.filename_not_id = Diagnostic{
            "voc/filename-not-id", Severity::warning,
            fmt::format("<filename> is '{}' but this annotation file's id is '{}': {}", filename, id, how),
            parsed.filename_at};
    return path;
}

// A size that <size> does not give comes from the image's header, else from --image-size.
void read_size_from_image(Item& item, const ParsedAnnotation* parsed, const Context& context, LoadedItem& loaded) {
    const bool declared = item.width > 0 && item.height > 0;
    if (!declared && !item.image_file.empty()) {
        const ImageProbe probe = probe_image(item.image_file);
        loaded.lfs_pointer = probe.kind == ImageKind::lfs_pointer;
        if (probe.size) {
            item.width = probe.size->width;
            item.height = probe.size->height;
        }
    }
    if (!declared && item.width == 0 && context.fixed_size.width > 0) {
        item.width = context.fixed_size.width;
        item.height = context.fixed_size.height;
        loaded.size_given = true;
    }
    if (!parsed || declared || !context.lenient) return;
    std::string known;
    if (loaded.lfs_pointer) known = fmt::format(": the image '{}' is a Git LFS pointer file, not an image (run `git lfs pull`)", item.path);
    else if (loaded.size_given) known = fmt::format("; --image-size gives {}x{}", item.width, item.height);
    else if (item.width > 0) known = fmt::format("; the image '{}' is {}x{}", item.path, item.width, item.height);
    else known = ": without it and without the image the boxes cannot be placed";
    loaded.problems.push_back({"voc/missing-size", Severity::error,
                               fmt::format("no <size> with <width> and <height> (the VOC devkit requires it){}", known),
                               parsed->size_at});
}

LoadedItem load_item(const Entry& entry, const std::string& subset, const Context& context) {
    LoadedItem loaded;
    Item& item = loaded.item;
    const ImageFinder& images = context.images.at(subset);
    if (entry.has_xml) {
        const fs::path file = context.xml_path(entry.id);
        ParsedAnnotation parsed = parse_annotation(read_text_file(file, limits::max_text_file_bytes, SpecialFiles::refused), file.string(), context.labelmap, context.lenient,
                                                   context.pixel_offset);
        loaded.problems = std::move(parsed.problems);
        item.path = image_path(entry.id, parsed, images, loaded);
        item.width = parsed.width;
        item.height = parsed.height;
        item.extra = std::move(parsed.extra);
        item.origin.position = parsed.line;
        item.image_file = images.find(item.path);
        read_size_from_image(item, &parsed, context, loaded);
        loaded.objects = std::move(parsed.objects);
        loaded.ignored_elements = parsed.ignored_elements;
        loaded.first_ignored = std::move(parsed.first_ignored);
    } else {
        item.path = images.find_by_id(entry.id);
        loaded.found_nothing = item.path.empty();
        item.origin.position = entry.line;
        item.image_file = images.find(item.path);
        read_size_from_image(item, nullptr, context, loaded);
    }
    return loaded;
}

// load_item, with a failure as an Error at the file: thrown, or (lenient) kept in `unreadable`.
LoadedItem load_entry(const Entry& entry, const std::string& subset, const Context& context) {
    std::optional<Error> failure;
    try {
        return load_item(entry, subset, context);
    } catch (const Error& error) {
        failure = error;
    } catch (const std::exception& error) {
        failure = Error(error.what(), {context.xml_path(entry.id).string()});
    }
    if (!context.lenient) throw *failure;
    LoadedItem left_out;
    left_out.unreadable = failure->as_diagnostic("voc/schema");
    return left_out;
}

// Keeps the entries (and their loaded items) for which keep(i) is true, in order.
template <typename Keep>
void keep_entries(Plan& plan, std::vector<LoadedItem>& loaded, Keep keep) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < plan.entries.size(); ++i) {
        if (!keep(i)) continue;
        if (kept != i) {
            plan.entries[kept] = std::move(plan.entries[i]);
            loaded[kept] = std::move(loaded[i]);
        }
        ++kept;
    }
    plan.entries.resize(kept);
    loaded.resize(kept);
}

// Lenient reading: every problem is reported in plan order, and files that could not be read
// are left out.
void report_leniently(Plan& plan, std::vector<LoadedItem>& loaded, DiagnosticSink& sink) {
    for (Diagnostic& problem : plan.list_problems) sink.report(std::move(problem));
    plan.list_problems.clear();
    keep_entries(plan, loaded, [&](std::size_t i) {
        if (loaded[i].unreadable) {
            sink.report(std::move(*loaded[i].unreadable));
            return false;
        }
        for (Diagnostic& problem : loaded[i].problems) sink.report(std::move(problem));
        if (loaded[i].filename_not_id) sink.report(std::move(*loaded[i].filename_not_id));
        return true;
    });
}

void add_categories(Dataset& dataset, const Labelmap* labelmap, const std::vector<LoadedItem>& loaded) {
    std::vector<std::string> names;
    if (labelmap) {
        names = labelmap->names;
    } else {
        std::set<std::string> used;
        for (const LoadedItem& item : loaded)
            for (const ParsedObject& object : item.objects) used.insert(object.name);
        names.assign(used.begin(), used.end());
    }
    const std::int64_t first_id = labelmap ? 0 : 1;  // VOC's own labelmap has background at 0
    for (std::size_t i = 0; i < names.size(); ++i)
        dataset.categories.push_back({first_id + static_cast<std::int64_t>(i), names[i]});
}

void add_subsets(Dataset& dataset, const SubsetLists& lists, const Plan& plan) {
    std::vector<bool> used(lists.lists.size(), false);
    bool default_used = false;
    for (const Entry& entry : plan.entries) {
        if (entry.list == unlisted) default_used = true;
        else used[static_cast<std::size_t>(entry.list)] = true;
    }
    // A list whose every id went to an earlier subset is dropped; an empty list file is kept.
    for (std::size_t list = 0; list < lists.lists.size(); ++list)
        if (used[list] || lists.lists[list].ids.empty()) dataset.add_subset(lists.lists[list].subset);
    if (default_used) dataset.add_subset("default");
}

// Moves the loaded items into the dataset, in plan order.
void add_items(Dataset& dataset, const SubsetLists& lists, const Plan& plan, std::vector<LoadedItem>& loaded,
               const Context& context) {
    std::unordered_map<std::string, std::uint32_t> category_of;
    for (std::size_t i = 0; i < dataset.categories.size(); ++i)
        category_of.emplace(dataset.categories[i].name, static_cast<std::uint32_t>(i));
    for (std::size_t i = 0; i < plan.entries.size(); ++i) {
        const Entry& entry = plan.entries[i];
        Item& item = loaded[i].item;
        item.subset = subset_of(entry, lists);
        if (entry.has_xml) {
            item.origin.file = static_cast<std::uint32_t>(dataset.source_files.size());
            dataset.source_files.push_back(context.xml_path(entry.id).string());
        } else {
            item.origin.file = static_cast<std::uint32_t>(entry.list);  // list files come first
        }
        const auto item_index = static_cast<std::uint32_t>(dataset.items.size());
        for (ParsedObject& object : loaded[i].objects) {
            Annotation annotation;
            annotation.item = item_index;
            annotation.category = category_of.at(object.name);
            annotation.box = object.box;
            annotation.attributes = std::move(object.attributes);
            annotation.origin = {item.origin.file, object.line};
            dataset.annotations.push_back(std::move(annotation));
        }
        dataset.items.push_back(std::move(item));
    }
}

void report_ignored_elements(const std::vector<LoadedItem>& loaded, DiagnosticSink& sink) {
    std::size_t count = 0;
    const Location* first = nullptr;
    for (const LoadedItem& item : loaded) {
        if (item.ignored_elements > 0 && !first) first = &item.first_ignored;
        count += item.ignored_elements;
    }
    if (count > 0)
        sink.warn("voc/ignored-element",
                  fmt::format("{} element{} inside <object> {} not part of VOC and {} ignored (the first is here)",
                              count, count == 1 ? "" : "s", count == 1 ? "is" : "are", count == 1 ? "was" : "were"),
                  *first);
}

void report_duplicate_paths(const Dataset& dataset, DiagnosticSink& sink) {
    std::unordered_map<std::string_view, std::size_t> seen;
    std::size_t count = 0;
    const Item* first = nullptr;
    for (const Item& item : dataset.items) {
        if (seen.emplace(item.path, 0).second) continue;
        if (count++ == 0) first = &item;
    }
    if (count > 0)
        sink.warn("voc/duplicate-image",
                  fmt::format("{} annotation file{} an image that an earlier one names too (first: '{}')",
                              count, count == 1 ? " names" : "s name", first->path),
                  first->origin.file < dataset.source_files.size()
                      ? Location{dataset.source_files[first->origin.file], first->origin.position}
                      : Location{});
}

void report_plan(const SubsetLists& lists, const Plan& plan, DiagnosticSink& sink) {
    for (const Diagnostic& problem : plan.list_problems)  // left when not reading leniently
        if (problem.rule == "voc/listed-twice") sink.report(problem);
    if (!lists.folder.empty() && lists.folder.filename() != "Main")
        sink.info("voc/subset-lists", fmt::format("no ImageSets/Main/; subsets are taken from ImageSets/{}/",
                                                  lists.folder.filename().string()),
                  {lists.folder.string()});
    if (plan.in_several > 0 && !plan.list_problems.empty()) {  // lenient reading reported each one
        std::string order;
        for (const SubsetList& list : lists.lists) order += (order.empty() ? "" : " before ") + list.subset;
        sink.warn("voc/multiple-subsets",
                  fmt::format("{} image{} listed in several subsets; each is kept once, in its first ({})",
                              plan.in_several, plan.in_several == 1 ? " is" : "s are", order),
                  {lists.folder.string()});
    }
    if (plan.unlisted_xmls > 0)
        sink.info("voc/unlisted-image",
                  fmt::format("{} annotation file{} not listed in {}; {} in subset 'default'", plan.unlisted_xmls,
                              plan.unlisted_xmls == 1 ? " is" : "s are", lists.folder.string(),
                              plan.unlisted_xmls == 1 ? "it is" : "they are"));
}

// An id that a subset list names but that has neither an annotation file nor an image is most
// often a broken line (two ids glued together); it is left out, never made a 0x0 image.
void drop_listed_ids_without_anything(Plan& plan, std::vector<LoadedItem>& loaded, const SubsetLists& lists,
                                      const Context& context, bool lenient, DiagnosticSink& sink) {
    std::vector<std::string> dropped;
    keep_entries(plan, loaded, [&](std::size_t i) {
        const Entry& entry = plan.entries[i];
        if (!loaded[i].found_nothing) return true;
        const SubsetList& list = lists.lists[static_cast<std::size_t>(entry.list)];
        const std::string where = fmt::format("{}:{}", list.file.filename().string(), entry.line);
        if (lenient)
            sink.report({"voc/listed-id-not-found", Severity::error,
                         fmt::format("'{}' is listed here but has neither an annotation file ({}) nor an image "
                                     "named after it in {}: a broken line (two ids run together?)",
                                     entry.id, context.xml_path(entry.id).string(),
                                     context.images.at(list.subset).describe()),
                         {list.file.string(), entry.line, 1}});
        dropped.push_back(fmt::format("'{}' ({})", entry.id, where));
        return false;
    });
    if (lenient || dropped.empty()) return;
    const std::size_t shown = std::min<std::size_t>(dropped.size(), 5);
    std::string names;
    for (std::size_t i = 0; i < shown; ++i) names += (i == 0 ? "" : ", ") + dropped[i];
    sink.warn("voc/listed-id-not-found",
              fmt::format("{} id{} listed in {} {} neither an annotation file nor an image and {} left out: {}{}",
                          dropped.size(), dropped.size() == 1 ? "" : "s", lists.folder.string(),
                          dropped.size() == 1 ? "has" : "have", dropped.size() == 1 ? "was" : "were", names,
                          dropped.size() > shown ? fmt::format(" and {} more", dropped.size() - shown) : ""));
}

// Reading strictly: images that are Git LFS pointers, and sizes that --image-size gave, counted.
void report_sizes_not_read(const std::vector<LoadedItem>& loaded, DiagnosticSink& sink) {
    std::size_t pointers = 0, given = 0;
    const Item* first_pointer = nullptr;
    for (const LoadedItem& item : loaded) {
        if (item.lfs_pointer && pointers++ == 0) first_pointer = &item.item;
        given += item.size_given ? 1 : 0;
    }
    if (pointers > 0)
        sink.warn("voc/lfs-pointer",
                  fmt::format("{} image{} {} Git LFS pointer file{}, not image{} (first: {}): run `git lfs pull` in the "
                              "repository; their sizes come from <size>{}",
                              pointers, pointers == 1 ? "" : "s", pointers == 1 ? "is a" : "are", pointers == 1 ? "" : "s",
                              pointers == 1 ? "" : "s", first_pointer->image_file,
                              given > 0 ? " or --image-size" : " where it gives them"));
    if (given > 0)
        sink.info("voc/image-size-given",
                  fmt::format("{} image{} without <size> and without a readable image {} --image-size", given,
                              given == 1 ? "" : "s", given == 1 ? "takes" : "take"));
}

// Reading strictly, the annotation files whose <filename> names another image than their id
// are counted in one line (lint reports each).
void report_filenames_not_ids(const std::vector<LoadedItem>& loaded, DiagnosticSink& sink) {
    std::size_t count = 0;
    const LoadedItem* first = nullptr;
    for (const LoadedItem& item : loaded) {
        if (!item.filename_not_id) continue;
        if (count++ == 0) first = &item;
    }
    if (count == 0) return;
    sink.info("voc/filename-not-id",
              fmt::format("{} annotation file{} name{} another image in <filename> than {} id (first: '{}' for "
                          "image '{}'); an image is <id>.<ext>, as the VOC devkit reads it, unless no image carries "
                          "the id",
                          count, count == 1 ? "" : "s", count == 1 ? "s" : "", count == 1 ? "its" : "their",
                          first->filename, first->item.path),
              first->filename_not_id->location);
}

}  // namespace

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    std::string why;
    const std::optional<DatasetFolders> folders = find_dataset_folders(input, why);
    if (!folders) throw Error(fmt::format("not a Pascal VOC dataset: {}", why), {input.string()});
    std::optional<Labelmap> labelmap;
    if (std::error_code error; fs::is_regular_file(folders->root / "labelmap.txt", error))
        labelmap = read_labelmap(folders->root / "labelmap.txt");
    const SubsetLists lists = folders->devkit ? read_subset_lists(folders->root) : SubsetLists{};

    for (const Diagnostic& note : lists.left_out) sink.report(note);
    Plan plan = plan_items(annotation_ids(*folders), lists);

    Context context{*folders,
                    {},
                    labelmap ? &*labelmap : nullptr,
                    options.lenient,
                    pixel_offset(options.voc_coordinates),
                    options.image_size.value_or(ImageSize{})};
    for (const Entry& entry : plan.entries)
        if (const std::string& subset = subset_of(entry, lists); !context.images.contains(subset))
            context.images.emplace(subset, image_finder(*folders, options.image_root, subset));
    std::vector<LoadedItem> loaded(plan.entries.size());
    const ProgressPhase progress(options.progress, "reading Annotations", plan.entries.size(), ProgressUnit::files);
    parallel_for(plan.entries.size(), options.jobs, [&](std::size_t i) {
        loaded[i] = load_entry(plan.entries[i], subset_of(plan.entries[i], lists), context);
        progress.advance();
    });
    if (options.lenient) {
        report_leniently(plan, loaded, sink);
    } else {
        report_filenames_not_ids(loaded, sink);
        report_sizes_not_read(loaded, sink);
    }
    drop_listed_ids_without_anything(plan, loaded, lists, context, options.lenient, sink);

    Dataset dataset;
    for (const auto& [subset, images] : context.images) add_image_folders(dataset, images);
    for (const SubsetList& list : lists.lists) dataset.source_files.push_back(list.file.string());
    add_categories(dataset, context.labelmap, loaded);
    add_subsets(dataset, lists, plan);
    add_items(dataset, lists, plan, loaded, context);
    report_plan(lists, plan, sink);
    report_ignored_elements(loaded, sink);
    if (!options.lenient) {
        report_duplicate_paths(dataset, sink);  // lint reports dataset/duplicate-file-name
        if (!dataset.annotations.empty()) report_convention(options.voc_coordinates, "read", sink);
    }
    return dataset;
}

}  // namespace labelkit::voc
