#include "labelkit/ops/annotators.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

// Keys of a dataset's items: the path, or "subset/path" for a path the dataset has twice.
std::vector<std::string> item_keys(const Dataset& dataset) {
    std::unordered_map<std::string_view, int> uses;
    for (const Item& item : dataset.items) ++uses[item.path];
    std::vector<std::string> keys;
    keys.reserve(dataset.items.size());
    for (const Item& item : dataset.items)
        keys.push_back(uses[item.path] > 1 ? item.subset + "/" + item.path : item.path);
    return keys;
}

void check_names(const std::vector<std::string>& names, std::size_t datasets) {
    if (datasets < 2) throw Error("agreement needs at least two annotators' datasets");
    if (names.size() != datasets)
        throw Error(fmt::format("{} names for {} datasets", names.size(), datasets));
    std::set<std::string> seen;
    for (const std::string& name : names) {
        if (name.empty()) throw Error("an annotator's name is empty");
        if (!seen.insert(name).second)
            throw Error(fmt::format("two annotators are named '{}': give distinct names with --names", name));
    }
}

}  // namespace

AlignedAnnotators::AlignedAnnotators(std::vector<Dataset> datasets, std::vector<std::string> names)
    : names_(std::move(names)), datasets_(std::move(datasets)) {
    check_names(names_, datasets_.size());
    std::unordered_map<std::string, std::uint32_t> category_index;
    for (Dataset& dataset : datasets_) {
        std::vector<std::uint32_t> renumber;
        for (const Category& category : dataset.categories) {
            auto [it, added] = category_index.try_emplace(category.name, static_cast<std::uint32_t>(categories_.size()));
            if (added) categories_.push_back(category.name);
            renumber.push_back(it->second);
        }
        for (Annotation& annotation : dataset.annotations) annotation.category = renumber[annotation.category];
    }

    std::vector<std::vector<std::string>> keys;
    for (const Dataset& dataset : datasets_) keys.push_back(item_keys(dataset));
    std::set<std::string> all_keys;
    for (const auto& list : keys) all_keys.insert(list.begin(), list.end());
    items_.assign(all_keys.begin(), all_keys.end());

    for (std::size_t a = 0; a < datasets_.size(); ++a) {
        std::vector<std::uint32_t> index(items_.size(), absent);
        for (std::size_t i = 0; i < keys[a].size(); ++i) {
            const auto position = std::lower_bound(items_.begin(), items_.end(), keys[a][i]) - items_.begin();
            index[position] = static_cast<std::uint32_t>(i);
        }
        item_index_.push_back(std::move(index));
        by_item_.emplace_back(datasets_[a]);
    }
}

std::vector<const Annotation*> AlignedAnnotators::shapes(std::size_t annotator, std::size_t item) const {
    std::vector<const Annotation*> list;
    const std::uint32_t index = item_index_[annotator][item];
    if (index == absent) return list;
    for (std::uint32_t a : by_item_[annotator].of(index)) list.push_back(&datasets_[annotator].annotations[a]);
    return list;
}

std::size_t AlignedAnnotators::coverage(std::size_t item) const {
    std::size_t count = 0;
    for (std::size_t a = 0; a < names_.size(); ++a) count += has(a, item);
    return count;
}

std::string annotator_name(const std::string& input_path) {
    std::filesystem::path path(input_path);
    if (!path.has_filename()) path = path.parent_path();  // "ann/alice/" -> "ann/alice"
    if (is_folder(path)) return path.filename().string();
    return path.stem().string();
}

std::vector<std::string> annotator_names(const std::vector<std::string>& input_paths) {
    std::vector<std::string> names;
    for (const std::string& input : input_paths) names.push_back(annotator_name(input));
    if (std::set<std::string>(names.begin(), names.end()).size() == names.size()) return names;
    for (std::size_t i = 0; i < input_paths.size(); ++i)
        if (!is_folder(input_paths[i]))
            names[i] = annotator_name(std::filesystem::absolute(input_paths[i]).parent_path().string());
    return names;
}

}  // namespace labelkit
