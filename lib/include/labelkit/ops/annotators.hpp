#pragma once
// Several annotators' datasets of the same images, lined up: items matched by image path,
// categories unified by name. The input of `agree` and of `merge --mode consensus`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
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
    // The annotator's class labels of the whole item (not of a span or a region), categories
    // renumbered as the annotations'; empty when it does not have the item.
    std::vector<std::uint32_t> item_labels(std::size_t annotator, std::size_t item) const;
    // Whether any annotator gave shapes, or class labels of whole items.
    bool any_shapes() const;
    bool any_item_labels() const;
    // How many annotators have the item.
    std::size_t coverage(std::size_t item) const;

private:
    std::vector<std::string> names_;
    std::vector<Dataset> datasets_;
    std::vector<std::string> categories_;
    std::vector<std::string> items_;
    std::vector<std::vector<std::uint32_t>> item_index_;  // [annotator][item]
    std::vector<AnnotationsByItem> by_item_;
    std::vector<std::vector<std::vector<std::uint32_t>>> item_labels_;  // [annotator][item index]: categories
};

// Several annotators' datasets and their names.
struct AnnotatorDatasets {
    std::vector<Dataset> datasets;
    std::vector<std::string> names;
};

// One dataset per annotator of a dataset that holds several (a Label Studio export, SageMaker
// worker responses, an Appen full report). Each holds the items its annotator answered (see
// Dataset::answers), its annotations and labels, and every category. `selected` (annotator ids or
// names) picks annotators, in its order; empty: every annotator, in the dataset's order, without
// the sources of model predictions. Named by display name when it is given and unique, else by id.
// Throws labelkit::Error for a selected name the dataset does not have, listing those it has.
AnnotatorDatasets split_by_annotator(const Dataset& dataset, const std::vector<std::string>& selected);

// The inputs of `agree` and `merge --mode consensus` as one dataset per annotator. Each input is
// read (format `from`, or detected). An input that names its annotators is split by annotator
// (split_by_annotator; with several inputs its annotators are named "<input>/<annotator>"); any
// other input is one annotator, named after its path (annotator_names). `names`, when given,
// renames them all, one name per annotator. images_read, when given, collects the image files
// the datasets were read with.
AnnotatorDatasets load_annotators(const std::vector<Format>& formats, const std::vector<std::filesystem::path>& inputs,
                                  const std::string& from, const ReadOptions& read, const std::vector<std::string>& names,
                                  const std::vector<std::string>& selected, DiagnosticSink& sink,
                                  std::vector<std::filesystem::path>* images_read = nullptr);

// The rating-table format (one with Format::read_judgments) the input is in, named by `from` or
// the best detected; nullopt when it is not a rating table.
std::optional<Format> rating_table_format(const std::vector<Format>& formats, const std::filesystem::path& input,
                                          const std::string& from);

// An annotator's name for a dataset path: its folder name, or its file name without the
// extension ("ann/alice/" -> "alice", "bob.json" -> "bob").
std::string annotator_name(const std::string& input_path);
// The names of several inputs; when two are the same (alice/data.yaml, bob/data.yaml), files
// are named after the folder that holds them instead, and files of one folder by their file names
// (tests.ref, tests.hyp).
std::vector<std::string> annotator_names(const std::vector<std::string>& input_paths);

}  // namespace labelkit
