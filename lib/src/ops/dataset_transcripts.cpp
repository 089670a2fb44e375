// The transcripts (text values) of several annotators' datasets, for agree and merge --method rover.
#include "ops/dataset_transcripts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "labelkit/io.hpp"

namespace labelkit {

namespace {

bool is_text(const Label& label) { return label.category == no_index; }

// A transcript: the text of a whole item or of a span, not of an image region.
bool is_item_text(const Label& label) { return is_text(label) && label.region == no_index; }

// What a text is the transcript of: its item (subset/path when the item has a subset), and the
// span of it ("clip.wav [1.5-3]") for the text of an audio segment. Segments are matched exactly.
std::string utterance_key(const Dataset& dataset, const Label& label) {
    const Item& item = dataset.items[label.item];
    std::string key = item.subset.empty() ? item.path : item.subset + "/" + item.path;
    if (label.start) key += fmt::format(" [{}-{}]", format_number(*label.start), format_number(*label.end));
    return key;
}

std::size_t count_item_texts(const AnnotatorDatasets& inputs) {
    std::size_t texts = 0;
    for (const Dataset& dataset : inputs.datasets)
        texts += static_cast<std::size_t>(std::count_if(dataset.labels.begin(), dataset.labels.end(), is_item_text));
    return texts;
}

std::size_t count_shapes(const AnnotatorDatasets& inputs) {
    std::size_t shapes = 0;
    for (const Dataset& dataset : inputs.datasets) shapes += dataset.annotations.size();
    return shapes;
}

}  // namespace

// Shapes decide: a dataset with boxes and texts (an OCR project, or a caption beside boxes) is
// compared on its shapes, as the same file without the texts would be.
bool holds_transcripts(const AnnotatorDatasets& inputs) { return count_shapes(inputs) == 0 && count_item_texts(inputs) > 0; }

void warn_of_texts_beside_shapes(const AnnotatorDatasets& inputs, DiagnosticSink& sink) {
    const std::size_t texts = count_item_texts(inputs), shapes = count_shapes(inputs);
    if (texts > 0 && shapes > 0)
        sink.warn("agree/texts-not-compared",
                  fmt::format("{} texts of whole items or spans are not compared: the inputs hold {} shapes, which "
                              "are compared instead (transcripts are compared in inputs without shapes)",
                              texts, shapes));
}

TranscriptSet dataset_transcripts(const AnnotatorDatasets& inputs, const std::string& command, DiagnosticSink& sink) {
    TranscriptSetBuilder builder;
    std::size_t texts = 0;
    for (const Dataset& dataset : inputs.datasets) texts += dataset.labels.size();
    builder.reserve(texts);
    std::size_t class_labels = 0;
    for (std::size_t a = 0; a < inputs.datasets.size(); ++a) {
        const Dataset& dataset = inputs.datasets[a];
        const std::uint32_t annotator = builder.annotator(inputs.names[a]);
        for (const Label& label : dataset.labels) {
            if (is_item_text(label)) builder.add(annotator, utterance_key(dataset, label), label.text);
            else ++class_labels;
        }
    }
    if (class_labels > 0)
        sink.warn(command + "/not-compared", fmt::format("the inputs hold texts, and {} class labels besides, which are "
                                                    "left out: {} on transcripts takes the texts only",
                                                    class_labels, command));
    return builder.finish(sink);
}

}  // namespace labelkit
