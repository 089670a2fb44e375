#pragma once
// The transcripts (text values) of several annotators' datasets, keyed by utterance: the input of
// agree on transcripts and of merge --mode consensus --method rover.
#include <string>

#include "labelkit/diagnostics.hpp"
#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/transcript_agreement.hpp"

namespace labelkit {

// Whether the inputs are transcripts: texts of whole items or spans (Label::text of a label
// without a class nor region), and no shapes. Texts of regions (OCR boxes) are not transcripts.
bool holds_transcripts(const AnnotatorDatasets& inputs);

// With shapes beside texts of items or spans, agree compares the shapes: an
// "agree/texts-not-compared" warning counts the texts left out.
void warn_of_texts_beside_shapes(const AnnotatorDatasets& inputs, DiagnosticSink& sink);

// The texts of whole items and of spans (audio segments), one utterance per item or span, of
// inputs that hold_transcripts. Class labels are left out, counted in a warning
// ("<command>/not-compared").
TranscriptSet dataset_transcripts(const AnnotatorDatasets& inputs, const std::string& command, DiagnosticSink& sink);

}  // namespace labelkit
