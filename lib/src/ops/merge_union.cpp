// merge --mode union: datasets of different images (or different parts of one) become one.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/ops/merge.hpp"
#include "ops/union_duplicates.hpp"

namespace labelkit {

DatasetUnion::DatasetUnion(ConflictPolicy policy, LabelMap label_map, UnionAnnotationSink sink,
                           UnionAnnotationRecall recall, double duplicate_tolerance)
    : policy_(policy), label_map_(std::move(label_map)), sink_(std::move(sink)), recall_(std::move(recall)),
      tolerance_(duplicate_tolerance), duplicates_(std::make_unique<UnionDuplicates>(duplicate_tolerance)) {
    if (!sink_)  // the annotations are kept: a duplicate is confirmed on them
        recall_ = [this](std::uint32_t accepted) { return result_.annotations[accepted]; };
}

DatasetUnion::~DatasetUnion() = default;

namespace {

// The path of a renamed image: "dir/a.jpg" -> "dir/a_2.jpg", the first number that is free.
std::string free_path(const std::string& path, const std::unordered_map<std::string, std::uint32_t>& taken) {
    const std::filesystem::path original(path);
    const std::string stem = (original.parent_path() / original.stem()).generic_string();
    for (int k = 2;; ++k) {
        std::string candidate = fmt::format("{}_{}{}", stem, k, original.extension().string());
        if (!taken.contains(candidate)) return candidate;
    }
}

bool sizes_differ(const Item& a, const Item& b) {
    const bool both_known = a.width && a.height && b.width && b.height;
    return both_known && (a.width != b.width || a.height != b.height);
}

std::string conflict_text(const ImageConflict& c) {
    return fmt::format("'{}' is {}x{} in {} and {}x{} in {}", c.path, c.first_width, c.first_height, c.first_input,
                       c.second_width, c.second_height, c.second_input);
}

}  // namespace

std::vector<std::uint32_t> DatasetUnion::map_categories(const Dataset& dataset, const std::string& input) {
    constexpr std::uint32_t dropped = UINT32_MAX;
    std::vector<std::uint32_t> index;
    std::unordered_map<std::string_view, std::int64_t> id_of_name;  // this input's own names
    for (const Category& category : dataset.categories) {
        if (const auto [it, added] = id_of_name.emplace(category.name, category.id); !added)
            throw Error(fmt::format("categories {} and {} are both named '{}': merge joins categories by name, so "
                                    "they would become one (rename one in the input)",
                                    it->second, category.id, category.name),
                        {input});
        declared_names_.insert(category.name);
        const std::optional<std::string> name = label_map_.apply(category.name);
        if (!name) {
            index.push_back(dropped);
            continue;
        }
        std::optional<std::uint32_t> found = result_.find_category(*name);
        if (!found) {
            Category merged = category;
            merged.name = *name;
            const bool id_taken = std::any_of(result_.categories.begin(), result_.categories.end(),
                                              [&](const Category& c) { return c.id == category.id; });
            if (id_taken) {
                std::int64_t highest = 0;
                for (const Category& c : result_.categories) highest = std::max(highest, c.id);
                merged.id = highest + 1;
            }
            found = static_cast<std::uint32_t>(result_.categories.size());
            result_.categories.push_back(std::move(merged));
            summary_.categories.push_back({result_.categories.back().id, *name, {}});
        }
        summary_.categories[*found].sources.push_back(fmt::format("{}: {}", input, category.name));
        index.push_back(*found);
    }
    return index;
}

// Where the item goes in the result: a new item, the existing one of its path, or nowhere
// (a conflict resolved by keeping the first).
std::optional<std::uint32_t> DatasetUnion::place_item(Item item, std::size_t input_index, const std::string& input,
                                                      std::vector<ImageConflict>& conflicts) {
    auto found = item_of_path_.find(item.path);
    // A made-up name is no image of a later input, even one of that name and size: that one is
    // renamed in turn.
    if (found != item_of_path_.end() && renamed_item_[found->second] && input_of_item_[found->second] != input_index) {
        ImageConflict conflict{item.path, input_names_[input_of_item_[found->second]], input,
                               result_.items[found->second].width, result_.items[found->second].height,
                               item.width, item.height, ""};
        item.path = free_path(item.path, item_of_path_);
        conflict.resolution = "renamed to " + item.path + " (its name was given to a renamed image)";
        conflicts.push_back(conflict);
        found = item_of_path_.end();
    }
    bool renamed = false;
    // The same path twice within one input is two items there, and stays two.
    if (found != item_of_path_.end() && input_of_item_[found->second] != input_index) {
        Item& existing = result_.items[found->second];
        if (!sizes_differ(existing, item)) {
            if (!existing.width || !existing.height) {
                existing.width = item.width;
                existing.height = item.height;
            }
            if (existing.image_file.empty()) existing.image_file = item.image_file;
            return found->second;
        }
        ImageConflict conflict{item.path, input_names_[input_of_item_[found->second]], input,
                               existing.width, existing.height, item.width, item.height, ""};
        if (policy_ == ConflictPolicy::error || policy_ == ConflictPolicy::first) {
            conflict.resolution = "kept the first";
            conflicts.push_back(conflict);
            return std::nullopt;
        }
        if (policy_ == ConflictPolicy::last) {
            conflict.resolution = "kept the last";
            conflicts.push_back(conflict);
            ++generation_of_item_[found->second];  // withdraws the annotations it had
            if (!item.subset.empty()) result_.add_subset(item.subset);
            item.id = existing.id;
            existing = std::move(item);
            input_of_item_[found->second] = input_index;
            return found->second;
        }
        item.path = free_path(item.path, item_of_path_);
        conflict.resolution = "renamed to " + item.path;
        conflicts.push_back(conflict);
        renamed = true;
    }
    const auto index = static_cast<std::uint32_t>(result_.items.size());
    item.id = static_cast<std::int64_t>(index) + 1;
    item_of_path_.try_emplace(item.path, index);
    if (!item.subset.empty()) result_.add_subset(item.subset);
    result_.items.push_back(std::move(item));
    input_of_item_.push_back(input_index);
    renamed_item_.push_back(renamed);
    generation_of_item_.push_back(0);
    return index;
}

void DatasetUnion::add_annotation(Annotation annotation, std::uint32_t item, bool shared, bool remembered,
                                  UnionInputSummary& counts) {
    annotation.item = item;
    const GeometryDigest fingerprint = shared || remembered ? digest(annotation, tolerance_) : GeometryDigest{};
    if (shared && duplicates_->seen(annotation, fingerprint, generation_of_item_[item], recall_)) {
        ++counts.duplicates;
        return;
    }
    const auto index = static_cast<std::uint32_t>(accepted_item_.size());
    if (remembered) duplicates_->remember(fingerprint, item, generation_of_item_[item], index);
    accepted_item_.push_back(item);
    accepted_generation_.push_back(generation_of_item_[item]);
    annotation.id = static_cast<std::int64_t>(index) + 1;
    if (!sink_) {
        result_.annotations.push_back(std::move(annotation));
        return;
    }
    const std::int64_t category_id = result_.categories[annotation.category].id;
    sink_(std::move(annotation), static_cast<std::int64_t>(index) + 1, static_cast<std::int64_t>(item) + 1, category_id);
}

std::vector<bool> DatasetUnion::withdrawn() const {
    std::vector<bool> withdrawn(accepted_item_.size());
    for (std::size_t a = 0; a < withdrawn.size(); ++a)
        withdrawn[a] = accepted_generation_[a] != generation_of_item_[accepted_item_[a]];
    return withdrawn;
}

void DatasetUnion::add(Dataset dataset, const std::string& input, bool more_inputs_follow) {
    const std::size_t input_index = input_names_.size();
    input_names_.push_back(input);
    UnionInputSummary counts{input, dataset.items.size(), dataset.annotations.size()};
    const std::vector<std::uint32_t> category = map_categories(dataset, input);
    add_annotators(dataset);
    if (result_.info.is_null()) result_.info = std::move(dataset.info);
    if (result_.licenses.is_null()) result_.licenses = std::move(dataset.licenses);
    const auto file_offset = static_cast<std::uint32_t>(result_.source_files.size());
    for (std::string& file : dataset.source_files) result_.source_files.push_back(std::move(file));
    for (std::string& folder : dataset.image_folders)
        if (std::find(result_.image_folders.begin(), result_.image_folders.end(), folder) == result_.image_folders.end())
            result_.image_folders.push_back(std::move(folder));

    std::vector<ImageConflict> conflicts;
    std::vector<std::optional<std::uint32_t>> placed;
    for (Item& item : dataset.items) {
        const bool known = item_of_path_.contains(item.path);
        if (item.origin.file != Origin::no_file) item.origin.file += file_offset;
        placed.push_back(place_item(std::move(item), input_index, input, conflicts));
        counts.shared_items += known && placed.back() && input_of_item_[*placed.back()] != input_index;
    }
    if (policy_ == ConflictPolicy::error && !conflicts.empty()) {
        std::string list;
        for (std::size_t i = 0; i < std::min<std::size_t>(conflicts.size(), 5); ++i)
            list += "\n  " + conflict_text(conflicts[i]);
        throw Error(fmt::format("{} image{} of {} {} a different image under a path an earlier input has:{}{}\n"
                                "(--on-conflict first, last or rename decides what to do)",
                                conflicts.size(), conflicts.size() == 1 ? "" : "s", input,
                                conflicts.size() == 1 ? "is" : "are", list,
                                conflicts.size() > 5 ? fmt::format("\n  and {} more", conflicts.size() - 5) : ""));
    }
    // Exactly what may be needed: letting the vector double would hold up to twice the
    // annotations' memory, and briefly the old buffer as well.
    if (!sink_) result_.annotations.reserve(result_.annotations.size() + dataset.annotations.size());
    for (Annotation& annotation : dataset.annotations) {
        if (category[annotation.category] == UINT32_MAX) {
            ++counts.dropped_by_label_map;
            continue;
        }
        if (!placed[annotation.item]) {
            ++counts.dropped_by_conflict;
            continue;
        }
        annotation.category = category[annotation.category];
        if (annotation.origin.file != Origin::no_file) annotation.origin.file += file_offset;
        const std::uint32_t item = *placed[annotation.item];
        // An image this input brought (or replaced) has nothing of an earlier input to repeat.
        const bool shared = input_of_item_[item] != input_index;
        add_annotation(std::move(annotation), item, shared, more_inputs_follow, counts);
    }
    duplicates_->end_input();
    add_labels(dataset, category, placed, file_offset, counts);
    for (ImageConflict& conflict : conflicts) summary_.conflicts.push_back(std::move(conflict));
    summary_.inputs.push_back(counts);
    summary_.unused_label_map_entries.clear();
    for (const auto& [source, target] : label_map_.entries)
        if (!declared_names_.contains(source)) summary_.unused_label_map_entries.push_back(source);
}

// Labels of items and spans follow their item; a region's label would need its annotation, which
// a duplicate or a conflict may have withdrawn, so those are counted instead.
void DatasetUnion::add_labels(Dataset& dataset, const std::vector<std::uint32_t>& category,
                              const std::vector<std::optional<std::uint32_t>>& placed, std::uint32_t file_offset,
                              UnionInputSummary& counts) {
    for (Label& label : dataset.labels) {
        if (label.region != no_index) {
            ++counts.region_labels_dropped;
            continue;
        }
        if (!placed[label.item] || (label.category != no_index && category[label.category] == UINT32_MAX)) continue;
        label.item = *placed[label.item];
        if (label.category != no_index) label.category = category[label.category];
        if (label.origin.file != Origin::no_file) label.origin.file += file_offset;
        result_.labels.push_back(std::move(label));
        ++counts.labels;
    }
    for (const ItemAnswer& answer : dataset.answers)
        if (placed[answer.item]) result_.answers.push_back({*placed[answer.item], answer.annotator});
}

// The input's annotators become the union's (one per id), and its annotations, labels and answers
// are renumbered into them.
void DatasetUnion::add_annotators(Dataset& dataset) {
    std::vector<std::uint32_t> annotator;
    for (const Annotator& who : dataset.annotators) {
        annotator.push_back(result_.add_annotator(who.id, who.name, who.prediction));
        result_.annotators[annotator.back()].trust = who.trust;
    }
    const auto renumber = [&](std::uint32_t& index) {
        if (index != no_index) index = annotator[index];
    };
    for (Annotation& annotation : dataset.annotations) renumber(annotation.annotator);
    for (Label& label : dataset.labels) renumber(label.annotator);
    for (ItemAnswer& answer : dataset.answers) renumber(answer.annotator);
}

Dataset DatasetUnion::take() {
    // Compacted in place: a second copy of millions of annotations would double the peak.
    const std::vector<bool> gone = withdrawn();
    std::size_t kept = 0;
    for (std::size_t a = 0; a < result_.annotations.size(); ++a) {
        if (gone[a]) continue;
        // Never onto itself: a vector moved onto itself is left empty (the shape's points).
        if (kept != a) result_.annotations[kept] = std::move(result_.annotations[a]);
        ++kept;
    }
    result_.annotations.resize(kept);
    for (std::size_t a = 0; a < result_.annotations.size(); ++a)
        result_.annotations[a].id = static_cast<std::int64_t>(a + 1);
    return std::move(result_);
}

}  // namespace labelkit
