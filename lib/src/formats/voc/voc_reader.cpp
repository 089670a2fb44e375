// Reading a Pascal VOC dataset: subset lists and labelmap first, then every annotation XML in
// parallel, merged in sorted id order so that the result never depends on scheduling.
#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "formats/voc/voc_driver.hpp"
#include "formats/voc/voc_images.hpp"
#include "formats/voc/voc_layout.hpp"
#include "formats/voc/voc_parallel.hpp"
#include "formats/voc/voc_parse.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::voc {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_reported_errors = 100;
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
};

struct Context {
    fs::path root;
    ImageFinder images;
    const Labelmap* labelmap = nullptr;
    bool lenient = false;
};

fs::path xml_path(const fs::path& root, const std::string& id) { return root / "Annotations" / (id + ".xml"); }

std::vector<std::string> annotation_ids(const fs::path& folder) {
    std::vector<std::string> ids;
    std::error_code error;
    if (!fs::is_directory(folder, error)) return ids;
    for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
        if (it->path().extension() != ".xml" || !it->is_regular_file(error)) continue;
        std::string relative = it->path().lexically_relative(folder).generic_string();
        relative.resize(relative.size() - 4);
        ids.push_back(std::move(relative));
    }
    if (error) throw Error(fmt::format("cannot list annotation files: {}", error.message()), {folder.string()});
    return ids;
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

LoadedItem load_item(const Entry& entry, const Context& context) {
    LoadedItem loaded;
    Item& item = loaded.item;
    if (entry.has_xml) {
        const fs::path file = xml_path(context.root, entry.id);
        ParsedAnnotation parsed = parse_annotation(read_text_file(file), file.string(), context.labelmap, context.lenient);
        loaded.problems = std::move(parsed.problems);
        item.path = parsed.filename.empty() ? context.images.path_for_id(entry.id) : parsed.filename;
        item.width = parsed.width;
        item.height = parsed.height;
        item.extra = std::move(parsed.extra);
        item.origin.position = parsed.line;
        loaded.objects = std::move(parsed.objects);
        loaded.ignored_elements = parsed.ignored_elements;
        loaded.first_ignored = std::move(parsed.first_ignored);
    } else {
        item.path = context.images.path_for_id(entry.id);
        item.origin.position = entry.line;
    }
    item.image_file = context.images.find(item.path);
    if ((item.width == 0 || item.height == 0) && !item.image_file.empty()) {
        if (const auto size = read_image_size(item.image_file)) {
            item.width = size->width;
            item.height = size->height;
        }
    }
    return loaded;
}

Error as_error(const std::exception_ptr& failure, const std::string& file) {
    try {
        std::rethrow_exception(failure);
    } catch (const Error& error) {
        return error;
    } catch (const std::exception& error) {
        return Error(error.what(), {file});
    }
}

// Reports every failure after the first to the sink, then throws the first.
void throw_failures(const std::vector<std::exception_ptr>& failures, const Plan& plan, const fs::path& root,
                    DiagnosticSink& sink) {
    std::optional<Error> first;
    std::size_t count = 0;
    for (std::size_t i = 0; i < failures.size(); ++i) {
        if (!failures[i]) continue;
        Error error = as_error(failures[i], xml_path(root, plan.entries[i].id).string());
        if (!first) first = std::move(error);
        else if (++count <= max_reported_errors)
            sink.report({"voc/invalid-annotation", Severity::error, error.message(), error.where()});
    }
    if (count > max_reported_errors)
        sink.report({"voc/invalid-annotation", Severity::error,
                     fmt::format("{} more annotation files could not be read", count - max_reported_errors), {}});
    if (first) throw *first;
}

// Lenient reading: every problem is reported in plan order, and files that could not be read
// are left out.
void report_leniently(const std::vector<std::exception_ptr>& failures, Plan& plan, std::vector<LoadedItem>& loaded,
                      const fs::path& root, DiagnosticSink& sink) {
    for (Diagnostic& problem : plan.list_problems) sink.report(std::move(problem));
    plan.list_problems.clear();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < plan.entries.size(); ++i) {
        if (failures[i]) {
            sink.report(as_error(failures[i], xml_path(root, plan.entries[i].id).string()).as_diagnostic("voc/schema"));
            continue;
        }
        for (Diagnostic& problem : loaded[i].problems) sink.report(std::move(problem));
        if (kept != i) {
            plan.entries[kept] = std::move(plan.entries[i]);
            loaded[kept] = std::move(loaded[i]);
        }
        ++kept;
    }
    plan.entries.resize(kept);
    loaded.resize(kept);
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
               const fs::path& root) {
    std::unordered_map<std::string, std::uint32_t> category_of;
    for (std::size_t i = 0; i < dataset.categories.size(); ++i)
        category_of.emplace(dataset.categories[i].name, static_cast<std::uint32_t>(i));
    for (std::size_t i = 0; i < plan.entries.size(); ++i) {
        const Entry& entry = plan.entries[i];
        Item& item = loaded[i].item;
        item.subset = entry.list == unlisted ? "default" : lists.lists[static_cast<std::size_t>(entry.list)].subset;
        if (entry.has_xml) {
            item.origin.file = static_cast<std::uint32_t>(dataset.source_files.size());
            dataset.source_files.push_back(xml_path(root, entry.id).string());
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
                  fmt::format("{} annotation file{} name an image that an earlier one names too (first: '{}')",
                              count, count == 1 ? "" : "s", first->path),
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

void require_dataset_folder(const fs::path& root) {
    std::error_code error;
    if (!fs::is_directory(root, error))
        throw Error("not a directory: a Pascal VOC dataset is a folder holding Annotations/ and ImageSets/Main/",
                    {root.string()});
    if (!fs::is_directory(root / "Annotations", error) && !fs::is_directory(root / "ImageSets", error))
        throw Error("no Annotations/ or ImageSets/ folder: not a Pascal VOC dataset", {root.string()});
}

}  // namespace

Dataset read(const fs::path& root, const ReadOptions& options, DiagnosticSink& sink) {
    require_dataset_folder(root);
    std::optional<Labelmap> labelmap;
    if (std::error_code error; fs::is_regular_file(root / "labelmap.txt", error))
        labelmap = read_labelmap(root / "labelmap.txt");
    const SubsetLists lists = read_subset_lists(root);

    Plan plan = plan_items(annotation_ids(root / "Annotations"), lists);

    const Context context{root, ImageFinder(root / "JPEGImages", options.image_root),
                          labelmap ? &*labelmap : nullptr, options.lenient};
    std::vector<LoadedItem> loaded(plan.entries.size());
    const auto failures = parallel_for(plan.entries.size(), [&](std::size_t i) {
        loaded[i] = load_item(plan.entries[i], context);
    });
    if (options.lenient) {
        report_leniently(failures, plan, loaded, root, sink);
    } else {
        throw_failures(failures, plan, root, sink);
    }

    Dataset dataset;
    for (const SubsetList& list : lists.lists) dataset.source_files.push_back(list.file.string());
    add_categories(dataset, context.labelmap, loaded);
    add_subsets(dataset, lists, plan);
    add_items(dataset, lists, plan, loaded, root);
    report_plan(lists, plan, sink);
    report_ignored_elements(loaded, sink);
    if (!options.lenient) report_duplicate_paths(dataset, sink);  // lint reports dataset/duplicate-file-name
    return dataset;
}

}  // namespace labelkit::voc
