#include "labelkit/model.hpp"

#include <algorithm>
#include <map>

namespace labelkit {

std::optional<std::uint32_t> Dataset::find_category(const std::string& name) const {
    for (std::size_t i = 0; i < categories.size(); ++i)
        if (categories[i].name == name) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

void Dataset::add_subset(const std::string& name) {
    if (std::find(subsets.begin(), subsets.end(), name) == subsets.end()) subsets.push_back(name);
}

std::uint32_t Dataset::add_annotator(const std::string& id, const std::string& name, bool prediction) {
    for (std::size_t i = 0; i < annotators.size(); ++i)
        if (annotators[i].id == id && annotators[i].prediction == prediction) return static_cast<std::uint32_t>(i);
    annotators.push_back({id, name, prediction, {}});
    return static_cast<std::uint32_t>(annotators.size() - 1);
}

namespace {

// Removes the elements marked in drop, keeping the order of the others: the new index of each
// element, no_index for a removed one.
template <typename Element>
std::vector<std::uint32_t> compact(std::vector<Element>& elements, const std::vector<bool>& drop) {
    std::vector<std::uint32_t> new_index(elements.size(), no_index);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (drop[i]) continue;
        new_index[i] = static_cast<std::uint32_t>(kept);
        if (kept != i) elements[kept] = std::move(elements[i]);
        ++kept;
    }
    elements.resize(kept);
    return new_index;
}

}  // namespace

std::size_t erase_annotations(Dataset& dataset, const std::vector<bool>& drop) {
    const std::size_t before = dataset.annotations.size();
    const std::vector<std::uint32_t> new_index = compact(dataset.annotations, drop);
    const std::size_t removed = before - dataset.annotations.size();
    if (removed == 0) return 0;
    std::erase_if(dataset.labels, [&](const Label& label) { return label.region != no_index && new_index[label.region] == no_index; });
    for (Label& label : dataset.labels)
        if (label.region != no_index) label.region = new_index[label.region];
    return removed;
}

std::size_t erase_items(Dataset& dataset, const std::vector<bool>& drop) {
    const std::size_t before = dataset.items.size();
    const std::vector<std::uint32_t> new_index = compact(dataset.items, drop);
    const std::size_t removed = before - dataset.items.size();
    if (removed == 0) return 0;
    std::vector<bool> annotations(dataset.annotations.size());
    for (std::size_t a = 0; a < dataset.annotations.size(); ++a) annotations[a] = drop[dataset.annotations[a].item];
    erase_annotations(dataset, annotations);
    std::erase_if(dataset.labels, [&](const Label& label) { return drop[label.item]; });
    std::erase_if(dataset.answers, [&](const ItemAnswer& answer) { return drop[answer.item]; });
    for (Annotation& annotation : dataset.annotations) annotation.item = new_index[annotation.item];
    for (Label& label : dataset.labels) label.item = new_index[label.item];
    for (ItemAnswer& answer : dataset.answers) answer.item = new_index[answer.item];
    return removed;
}

std::optional<std::uint32_t> roboflow_placeholder(const Dataset& dataset) {
    const auto& categories = dataset.categories;
    const auto zero = std::find_if(categories.begin(), categories.end(), [](const Category& c) { return c.id == 0; });
    if (zero == categories.end() || categories.size() < 2) return std::nullopt;
    const auto index = static_cast<std::uint32_t>(zero - categories.begin());
    for (const Category& category : categories)
        if (&category != &*zero && category.supercategory != zero->name) return std::nullopt;
    for (const Annotation& annotation : dataset.annotations)
        if (annotation.category == index) return std::nullopt;
    for (const Label& label : dataset.labels)
        if (label.category == index) return std::nullopt;
    return index;
}

namespace {

// Counting sort of the elements' indices by their item: offsets has items + 1 entries.
template <typename Element>
void group_by_item(const std::vector<Element>& elements, std::size_t items, std::vector<std::uint32_t>& offsets,
                   std::vector<std::uint32_t>& order) {
    offsets.assign(items + 1, 0);
    order.resize(elements.size());
    for (const Element& element : elements) ++offsets[element.item + 1];
    for (std::size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
    std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < elements.size(); ++i) order[next[elements[i].item]++] = static_cast<std::uint32_t>(i);
}

}  // namespace

AnnotationsByItem::AnnotationsByItem(const Dataset& dataset) {
    group_by_item(dataset.annotations, dataset.items.size(), offsets_, values_);
}

LabelsByItem::LabelsByItem(const Dataset& dataset) {
    group_by_item(dataset.labels, dataset.items.size(), offsets_, values_);
}

ItemClasses::ItemClasses(const Dataset& dataset) {
    const AnnotationsByItem annotations(dataset);
    const LabelsByItem labels(dataset);
    offsets_.reserve(dataset.items.size() + 1);
    offsets_.push_back(0);
    for (std::size_t item = 0; item < dataset.items.size(); ++item) {
        for (std::uint32_t a : annotations.of(item)) values_.push_back(dataset.annotations[a].category);
        for (std::uint32_t l : labels.of(item))
            if (dataset.labels[l].category != no_index) values_.push_back(dataset.labels[l].category);
        offsets_.push_back(static_cast<std::uint32_t>(values_.size()));
    }
}

ShapeTask choose_task(const Dataset& dataset) {
    bool obb = false, region = false;
    for (const Annotation& annotation : dataset.annotations) {
        if (!annotation.keypoints.empty()) return ShapeTask::pose;
        obb = obb || std::holds_alternative<OrientedBox>(annotation.shape);
        region = region || std::holds_alternative<PolygonSet>(annotation.shape) ||
                 std::holds_alternative<RleMask>(annotation.shape);
    }
    if (obb) return ShapeTask::obb;
    return region ? ShapeTask::segment : ShapeTask::detect;
}

DatasetCounts count_dataset(const Dataset& dataset) {
    DatasetCounts counts;
    counts.images = dataset.items.size();
    counts.annotations = dataset.annotations.size();
    counts.categories = dataset.categories.size();
    std::vector<bool> has_objects(dataset.items.size(), false);
    for (const Annotation& annotation : dataset.annotations) has_objects[annotation.item] = true;
    counts.images_without_objects = static_cast<std::size_t>(std::count(has_objects.begin(), has_objects.end(), false));
    std::map<std::string, std::size_t> per_subset;
    for (const Item& item : dataset.items) ++per_subset[item.subset.empty() ? "default" : item.subset];
    for (const auto& [name, images] : per_subset) counts.subsets.push_back({name, images});
    return counts;
}

}  // namespace labelkit
