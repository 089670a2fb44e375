#pragma once
// The transcripts (text values) of several annotators' datasets, keyed by utterance: the input of
// agree on transcripts and of merge --mode consensus --method rover.
#include <string>

#include "labelkit/diagnostics.hpp"
#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/transcript_agreement.hpp"

namespace labelkit {

// Whether any of the datasets holds a text value (Label::text of a label without a class).
bool holds_texts(const AnnotatorDatasets& inputs);

// The texts of whole items and of spans (audio segments), one utterance per item or span. Texts
// of image regions, class labels and shapes are left out, with counts in warnings whose rules
// start with `command` ("agree/region-texts", "merge/not-compared").
TranscriptSet dataset_transcripts(const AnnotatorDatasets& inputs, const std::string& command, DiagnosticSink& sink);

}  // namespace labelkit
