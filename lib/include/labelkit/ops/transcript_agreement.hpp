#pragma once
// Agreement between transcribers: word and character error rates of each pair of annotators,
// over the utterances both transcribed, summed over utterances (corpus level, as jiwer and
// sclite's Sum/Avg row), and pooled over the pairs.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"
#include "labelkit/ops/transcript_alignment.hpp"

namespace labelkit {

struct Transcript {
    std::uint32_t annotator = 0;  // index into TranscriptSet::annotators
    std::uint32_t utterance = 0;  // index into TranscriptSet::utterances
    std::string text;
};

// Who transcribed what: at most one transcript per annotator and utterance.
struct TranscriptSet {
    std::vector<std::string> annotators;
    std::vector<std::string> utterances;  // in order of first appearance
    std::vector<Transcript> transcripts;
};

// Builds a TranscriptSet from texts given one at a time. A second text of one utterance by one
// annotator (lines of one Label Studio text area, two rows of a table) is appended to the first
// after a space, and counted in a warning (rule agree/joined-texts) by finish().
class TranscriptSetBuilder {
public:
    std::uint32_t annotator(const std::string& name);
    void reserve(std::size_t texts);  // room for this many texts (a speed-up only)
    void add(std::uint32_t annotator, const std::string& utterance, const std::string& text);
    TranscriptSet finish(DiagnosticSink& sink);

private:
    TranscriptSet set_;
    std::unordered_map<std::string, std::uint32_t> annotator_index_;
    std::unordered_map<std::string, std::uint32_t> utterance_index_;
    std::unordered_map<std::uint64_t, std::uint32_t> transcript_index_;  // (annotator, utterance) -> transcript
    std::size_t joined_ = 0;
};

struct TranscriptPair {
    std::uint32_t reference = 0;   // annotator index: the earlier in input order
    std::uint32_t hypothesis = 0;  // the later
    std::size_t utterances = 0;    // transcribed by both
    EditCounts words;
    EditCounts characters;
};

struct TranscriptAgreement {
    TextNormalisation normalisation;
    std::size_t utterances = 0;         // transcribed by anyone
    std::size_t transcripts = 0;
    // The pairs of annotators that share an utterance, reference before hypothesis, in input
    // order; one note counts the pairs that share none.
    std::vector<TranscriptPair> pairs;
    // Summed over the pairs (pooled): the overall rates are of these sums.
    EditCounts words;
    EditCounts characters;
    std::vector<std::string> notes;
};

// Throws labelkit::Error for a text that is not UTF-8 or an utterance too long to align
// (max_alignment_steps), naming the utterance and the annotators.
TranscriptAgreement transcript_agreement(const TranscriptSet& set, const TextNormalisation& normalisation);

// The report's "transcripts" section (schemas/agreement-report.schema.json), its text table and
// its CSV (one row per pair, then the pooled row).
nlohmann::json transcripts_json(const TranscriptAgreement& agreement, const std::vector<std::string>& annotators);
std::string transcripts_text(const TranscriptAgreement& agreement, const std::vector<std::string>& annotators);
std::string transcripts_csv(const TranscriptAgreement& agreement, const std::vector<std::string>& annotators);

}  // namespace labelkit
