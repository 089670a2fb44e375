// The transcripts (text values) of several annotators' datasets, for agree and merge --method rover.
#include "ops/dataset_transcripts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "labelkit/io.hpp"

namespace labelkit {

namespace {

bool is_text(const Label& label) { return label.category == no_index; }

// What a text is the transcript of: its item (subset/path when the item has a subset), and the
// span of it ("clip.wav [1.5-3]") for the text of an audio segment. Segments are matched exactly.
std::string utterance_key(const Dataset& dataset, const Label& label) {
    const Item& item = dataset.items[label.item];
    std::string key = item.subset.empty() ? item.path : item.subset + "/" + item.path;
    if (label.start) key += fmt::format(" [{}-{}]", format_number(*label.start), format_number(*label.end));
    return key;
}

}  // namespace

bool holds_texts(const AnnotatorDatasets& inputs) {
    return std::any_of(inputs.datasets.begin(), inputs.datasets.end(), [](const Dataset& dataset) {
        return std::any_of(dataset.labels.begin(), dataset.labels.end(), is_text);
    });
}

// Texts of image regions are left out because the regions drawn by different annotators are not matched.
TranscriptSet dataset_transcripts(const AnnotatorDatasets& inputs, const std::string& command, DiagnosticSink& sink) {
    TranscriptSetBuilder builder;
    std::size_t texts = 0;
    for (const Dataset& dataset : inputs.datasets) texts += dataset.labels.size();
    builder.reserve(texts);
    std::size_t region_texts = 0, class_labels = 0, shapes = 0;
    for (std::size_t a = 0; a < inputs.datasets.size(); ++a) {
        const Dataset& dataset = inputs.datasets[a];
        const std::uint32_t annotator = builder.annotator(inputs.names[a]);
        shapes += dataset.annotations.size();
        for (const Label& label : dataset.labels) {
            if (!is_text(label)) ++class_labels;
            else if (label.region != no_index) ++region_texts;
            else builder.add(annotator, utterance_key(dataset, label), label.text);
        }
    }
    if (region_texts > 0)
        sink.warn(command + "/region-texts", fmt::format("{} texts of image regions left out: the regions of different "
                                                    "annotators are not matched, so their texts are not compared",
                                                    region_texts));
    if (class_labels + shapes > 0)
        sink.warn(command + "/not-compared", fmt::format("the inputs hold texts, and {} class labels and {} shapes besides, "
                                                    "which are left out: {} on transcripts takes the texts only",
                                                    class_labels, shapes, command));
    return builder.finish(sink);
}

}  // namespace labelkit
