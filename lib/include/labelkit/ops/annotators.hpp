#pragma once
// Several annotators' datasets of the same images, lined up: items matched by image path,
// categories unified by name. The input of `agree` and of `merge --mode consensus`.
#include <cstdint>
#include <string>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

class AlignedAnnotators {
public:
    static constexpr std::uint32_t absent = UINT32_MAX;

    // Takes one dataset per annotator. An item is keyed by its path; when one dataset has the
    // same path in two subsets, those items are keyed "subset/path" instead. Categories are
    // unified by name in order of first appearance (annotator by annotator), and every
    // annotation's category is renumbered into that list. Throws labelkit::Error when the
    // names are not unique or fewer than two datasets are given.
    AlignedAnnotators(std::vector<Dataset> datasets, std::vector<std::string> names);

    const std::vector<std::string>& annotators() const { return names_; }
    const std::vector<std::string>& categories() const { return categories_; }
    const std::vector<std::string>& items() const { return items_; }  // sorted keys
    const Dataset& dataset(std::size_t annotator) const { return datasets_[annotator]; }

    // The annotator has this item (an image it left empty counts: it has no objects).
    bool has(std::size_t annotator, std::size_t item) const {
        return item_index_[annotator][item] != absent;
    }
    // The item's index in the annotator's dataset, or `absent`.
    std::uint32_t item_index(std::size_t annotator, std::size_t item) const {
        return item_index_[annotator][item];
    }
    // The annotator's annotations on the item (empty when it does not have the item).
    std::vector<const Annotation*> shapes(std::size_t annotator, std::size_t item) const;
    // How many annotators have the item.
    std::size_t coverage(std::size_t item) const;

private:
    std::vector<std::string> names_;
    std::vector<Dataset> datasets_;
    std::vector<std::string> categories_;
    std::vector<std::string> items_;
    std::vector<std::vector<std::uint32_t>> item_index_;  // [annotator][item]
    std::vector<AnnotationsByItem> by_item_;
};

// An annotator's name for a dataset path: its folder name, or its file name without the
// extension ("ann/alice/" -> "alice", "bob.json" -> "bob").
std::string annotator_name(const std::string& input_path);
// The names of several inputs; when two are the same (alice/data.yaml, bob/data.yaml), files
// are named after the folder that holds them instead.
std::vector<std::string> annotator_names(const std::vector<std::string>& input_paths);

}  // namespace labelkit
