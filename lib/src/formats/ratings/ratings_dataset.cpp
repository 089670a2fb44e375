// A rating table as a dataset: items, annotators, whole-item labels and texts, answers.
#include <map>
#include <set>
#include <unordered_map>

#include "core/image_files.hpp"
#include "formats/ratings/ratings_private.hpp"

namespace labelkit::ratings {

namespace {

class TableDataset {
public:
    explicit TableDataset(const std::filesystem::path& path) { dataset_.source_files = {path.string()}; }

    void add(const Judgment& judgment) {
        const std::uint32_t item = item_of(judgment);
        const std::uint32_t annotator = annotator_of(judgment.annotator);
        if (answered_.emplace(item, annotator).second) dataset_.answers.push_back({item, annotator});
        if (!judgment.missing) add_label(judgment, item, annotator, category_of(judgment.label), "");
        if (!judgment.text.empty()) add_label(judgment, item, annotator, no_index, judgment.text);
    }

    Dataset finish() { return std::move(dataset_); }

private:
    // An item value that is an image file name (a.jpg) is an image at that path; any other value
    // (a task id, a URL, a text) is an item of kind other. No image is looked for.
    std::uint32_t item_of(const Judgment& judgment) {
        const auto [found, added] = items_.try_emplace(judgment.item, static_cast<std::uint32_t>(dataset_.items.size()));
        if (!added) return found->second;
        Item item;
        item.path = judgment.item;
        item.kind = has_image_extension(judgment.item) ? ItemKind::image : ItemKind::other;
        item.origin = {0, judgment.where.line};
        dataset_.items.push_back(std::move(item));
        return found->second;
    }

    // add_annotator is linear in the annotators: the ids are indexed here.
    std::uint32_t annotator_of(const std::string& id) {
        const auto [found, added] = annotators_.try_emplace(id, static_cast<std::uint32_t>(dataset_.annotators.size()));
        if (added) dataset_.annotators.push_back(Annotator{id, {}, false, {}});
        return found->second;
    }

    std::uint32_t category_of(const std::string& name) {
        const auto [found, added] = categories_.try_emplace(name, static_cast<std::uint32_t>(dataset_.categories.size()));
        if (added) dataset_.categories.push_back(Category{static_cast<std::int64_t>(found->second) + 1, name, {}, {}, {}});
        return found->second;
    }

    void add_label(const Judgment& judgment, std::uint32_t item, std::uint32_t annotator, std::uint32_t category,
                   const std::string& text) {
        Label label;
        label.item = item;
        label.category = category;
        label.text = text;
        label.annotator = annotator;
        if (judgment.score) label.score = *judgment.score;
        label.origin = {0, judgment.where.line};
        dataset_.labels.push_back(std::move(label));
    }

    Dataset dataset_;
    std::unordered_map<std::string, std::uint32_t> items_, annotators_, categories_;
    std::set<std::pair<std::uint32_t, std::uint32_t>> answered_;
};

}  // namespace

Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    const std::vector<Judgment> judgments =
        read_judgments(input, TableReading{options.columns, options.keep_gold, options.keep_tainted}, sink);
    TableDataset dataset(input);
    for (const Judgment& judgment : judgments) dataset.add(judgment);
    return dataset.finish();
}

}  // namespace labelkit::ratings
