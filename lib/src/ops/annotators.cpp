#include "labelkit/ops/annotators.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "ops/dataset_output.hpp"
#include "ops/item_file_names.hpp"

namespace labelkit {

namespace {

// Names of a dataset's items: the path, or with by_file_name, for an item named by URL or absolute
// path, the file name convert gives it, so that a platform export meets its own conversion to COCO
// or YOLO.
std::vector<std::string> item_names(const Dataset& dataset, bool by_file_name) {
    std::vector<std::string> names;
    names.reserve(dataset.items.size());
    for (const Item& item : dataset.items) names.push_back(item.path);
    if (by_file_name)
        for (FileName& renamed : file_names_of_references(dataset))
            if (!renamed.name.empty()) names[renamed.item] = std::move(renamed.name);
    return names;
}

// The names that some dataset uses twice (in two subsets).
std::unordered_set<std::string> clashing_names(const std::vector<std::vector<std::string>>& names) {
    std::unordered_set<std::string> clashing;
    for (const auto& list : names) {
        std::unordered_set<std::string> seen;
        for (const std::string& name : list)
            if (!seen.insert(name).second) clashing.insert(name);
    }
    return clashing;
}

// Keys of every dataset's items: the name, or "subset/name" for a name that any dataset has twice.
// The choice is made over all datasets, so that one image has one key in all of them (keying by
// each dataset's own clashes made an image "2.png" in one and "val/2.png" in another).
std::vector<std::vector<std::string>> item_keys(const std::vector<Dataset>& datasets, bool by_file_name) {
    std::vector<std::vector<std::string>> keys;
    for (const Dataset& dataset : datasets) keys.push_back(item_names(dataset, by_file_name));
    const std::unordered_set<std::string> clashing = clashing_names(keys);
    if (clashing.empty()) return keys;
    for (std::size_t d = 0; d < datasets.size(); ++d)
        for (std::size_t i = 0; i < keys[d].size(); ++i)
            if (clashing.count(keys[d][i])) keys[d][i] = datasets[d].items[i].subset + "/" + keys[d][i];
    return keys;
}

// Whether some datasets name their items by URL and others by file: then URLs are matched by
// their file names.
bool mixed_naming(const std::vector<Dataset>& datasets) {
    bool urls = false, files = false;
    for (const Dataset& dataset : datasets)
        for (const Item& item : dataset.items) (is_url_or_absolute(item.path) ? urls : files) = true;
    return urls && files;
}

// A class label of the whole item: not a text value, not of a span or a region.
bool is_item_label(const Label& label) {
    return label.category != no_index && label.region == no_index && !label.start && !label.end;
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
        for (Label& label : dataset.labels)
            if (label.category != no_index) label.category = renumber[label.category];
    }

    const std::vector<std::vector<std::string>> keys = item_keys(datasets_, mixed_naming(datasets_));
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
        std::vector<std::vector<std::uint32_t>> labels(datasets_[a].labels.empty() ? 0 : datasets_[a].items.size());
        for (const Label& label : datasets_[a].labels)
            if (is_item_label(label)) labels[label.item].push_back(label.category);
        item_labels_.push_back(std::move(labels));
    }
}

std::vector<std::uint32_t> AlignedAnnotators::item_labels(std::size_t annotator, std::size_t item) const {
    const std::uint32_t index = item_index_[annotator][item];
    if (index == absent || item_labels_[annotator].empty()) return {};
    return item_labels_[annotator][index];
}

bool AlignedAnnotators::any_shapes() const {
    return std::any_of(datasets_.begin(), datasets_.end(), [](const Dataset& d) { return !d.annotations.empty(); });
}

bool AlignedAnnotators::any_item_labels() const {
    for (const auto& per_item : item_labels_)
        for (const auto& labels : per_item)
            if (!labels.empty()) return true;
    return false;
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

namespace {

std::vector<std::uint32_t> chosen_annotators(const Dataset& dataset, const std::vector<std::string>& selected) {
    std::vector<std::uint32_t> chosen;
    if (selected.empty()) {
        for (std::uint32_t a = 0; a < dataset.annotators.size(); ++a)
            if (!dataset.annotators[a].prediction) chosen.push_back(a);
        return chosen;
    }
    for (const std::string& wanted : selected) {
        const auto found = std::find_if(dataset.annotators.begin(), dataset.annotators.end(), [&](const Annotator& a) {
            return a.id == wanted || (!a.name.empty() && a.name == wanted);
        });
        if (found == dataset.annotators.end()) {
            std::vector<std::string> known;
            for (const Annotator& a : dataset.annotators)
                known.push_back(a.name.empty() || a.name == a.id ? a.id : fmt::format("{} ({})", a.id, a.name));
            throw Error(fmt::format("--annotators: no annotator '{}' (the input has: {})", wanted,
                                    known.empty() ? std::string("none") : fmt::format("{}", fmt::join(known, ", "))));
        }
        chosen.push_back(static_cast<std::uint32_t>(found - dataset.annotators.begin()));
    }
    return chosen;
}

std::string display_name(const Dataset& dataset, std::uint32_t annotator) {
    const Annotator& chosen = dataset.annotators[annotator];
    if (chosen.name.empty()) return chosen.id;
    for (const Annotator& other : dataset.annotators)
        if (&other != &chosen && other.name == chosen.name) return chosen.id;
    return chosen.name;
}

// The annotator's part of the dataset: what split_by_annotator returns for one annotator.
Dataset part_of(const Dataset& dataset, std::uint32_t annotator) {
    Dataset part;
    part.categories = dataset.categories;
    part.subsets = dataset.subsets;
    part.source_files = dataset.source_files;
    part.image_folders = dataset.image_folders;
    part.info = dataset.info;
    part.licenses = dataset.licenses;
    part.annotators = {dataset.annotators[annotator]};

    std::vector<std::uint32_t> new_item(dataset.items.size(), no_index);
    const auto take_item = [&](std::uint32_t item) {
        if (new_item[item] == no_index) {
            new_item[item] = static_cast<std::uint32_t>(part.items.size());
            part.items.push_back(dataset.items[item]);
        }
        return new_item[item];
    };
    for (const ItemAnswer& answer : dataset.answers)
        if (answer.annotator == annotator) part.answers.push_back({take_item(answer.item), 0});
    std::vector<std::uint32_t> new_annotation(dataset.annotations.size(), no_index);
    for (std::size_t i = 0; i < dataset.annotations.size(); ++i) {
        if (dataset.annotations[i].annotator != annotator) continue;
        Annotation annotation = dataset.annotations[i];
        annotation.item = take_item(annotation.item);
        annotation.annotator = 0;
        new_annotation[i] = static_cast<std::uint32_t>(part.annotations.size());
        part.annotations.push_back(std::move(annotation));
    }
    for (const Label& source : dataset.labels) {
        if (source.annotator != annotator) continue;
        Label label = source;
        label.item = take_item(label.item);
        label.annotator = 0;
        if (label.region != no_index) label.region = new_annotation[label.region];
        part.labels.push_back(std::move(label));
    }
    return part;
}

}  // namespace

AnnotatorDatasets split_by_annotator(const Dataset& dataset, const std::vector<std::string>& selected) {
    AnnotatorDatasets result;
    for (const std::uint32_t annotator : chosen_annotators(dataset, selected)) {
        result.datasets.push_back(part_of(dataset, annotator));
        result.names.push_back(display_name(dataset, annotator));
    }
    return result;
}

namespace {

// Labels that name their question (the attribute "field": the answer column of an Appen report)
// answer one question each. Agreement and consensus are about one question: pooling the answers
// to several would count a reason given to one question as a disagreement on another.
void require_one_question(const Dataset& dataset, const std::filesystem::path& input) {
    std::set<std::string> questions;
    for (const Label& label : dataset.labels) {
        const auto field = label.attributes.find("field");
        if (field != label.attributes.end() && field->is_string()) questions.insert(field->get<std::string>());
    }
    if (questions.size() < 2) return;
    throw Error(fmt::format("{}: the labels answer {} questions ({}); agreement and consensus are about one question "
                            "at a time: choose it with --columns appen,label={}",
                            input.string(), questions.size(), shorten(fmt::format("{}", fmt::join(questions, ", ")), 300),
                            *questions.begin()));
}

// One input given twice would be taken as one annotator (its parts share names), merged in
// silence: refused, whatever the spelling of the path (resolved through "." and links).
void refuse_repeated_inputs(const std::vector<std::filesystem::path>& inputs) {
    std::map<std::filesystem::path, std::size_t> seen;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::error_code error;
        std::filesystem::path resolved = std::filesystem::weakly_canonical(inputs[i], error);
        if (error) resolved = std::filesystem::absolute(inputs[i]).lexically_normal();
        const auto [first, added] = seen.try_emplace(resolved, i);
        if (!added)
            throw Error(fmt::format("{}: this input is given twice (as input {} and {}); give each annotator's input once",
                                    inputs[i].string(), first->second + 1, i + 1));
    }
}

}  // namespace

AnnotatorDatasets load_annotators(const std::vector<Format>& formats, const std::vector<std::filesystem::path>& inputs,
                                  const std::string& from, const ReadOptions& read, const std::vector<std::string>& names,
                                  const std::vector<std::string>& selected, DiagnosticSink& sink,
                                  std::vector<std::filesystem::path>* images_read) {
    refuse_repeated_inputs(inputs);
    const std::vector<std::string> input_names = annotator_names({inputs.begin(), inputs.end()});
    AnnotatorDatasets result;
    bool any_split = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        Dataset dataset = load_dataset(formats, inputs[i], from, read, sink).dataset;
        require_one_question(dataset, inputs[i]);
        if (images_read) {
            const std::vector<std::filesystem::path> images = image_files_of(dataset);
            images_read->insert(images_read->end(), images.begin(), images.end());
        }
        if (dataset.annotators.empty()) {
            result.datasets.push_back(std::move(dataset));
            result.names.push_back(input_names[i]);
            continue;
        }
        any_split = true;
        AnnotatorDatasets parts = split_by_annotator(dataset, selected);
        for (std::size_t p = 0; p < parts.datasets.size(); ++p) {
            result.datasets.push_back(std::move(parts.datasets[p]));
            result.names.push_back(inputs.size() > 1 ? input_names[i] + "/" + parts.names[p] : parts.names[p]);
        }
    }
    if (!selected.empty() && !any_split)
        throw Error("--annotators picks annotators of an input that names them (a Label Studio export, worker "
                    "responses, a crowd report); these inputs are one annotator each");
    if (!names.empty()) {
        if (names.size() != result.datasets.size())
            throw Error(fmt::format("--names gives {} names for {} annotators", names.size(), result.datasets.size()));
        result.names = names;
    }
    return result;
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
    if (std::set<std::string>(names.begin(), names.end()).size() == names.size()) return names;
    // Files of one folder that differ by their extension only (sclite's tests.ref, tests.hyp).
    for (std::size_t i = 0; i < input_paths.size(); ++i)
        if (!is_folder(input_paths[i])) names[i] = std::filesystem::path(input_paths[i]).filename().string();
    return names;
}

std::optional<Format> rating_table_format(const std::vector<Format>& formats, const std::filesystem::path& input,
                                          const std::string& from) {
    const std::optional<Format> format = from.empty() ? detect_format(formats, input).format
                                                      : std::optional<Format>(find_format(formats, from));
    if (format && format->read_judgments) return format;
    return std::nullopt;
}

}  // namespace labelkit
