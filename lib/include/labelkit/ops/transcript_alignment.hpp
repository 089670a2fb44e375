#pragma once
// Word and character alignment of two transcripts: the counts behind WER, CER, MER and WIL.
//
// Texts are split into words on whitespace (runs of it count once, leading and trailing is
// dropped: jiwer's default transform RemoveMultipleSpaces, Strip, ReduceToListOfListOfWords),
// optionally lower-cased and stripped of punctuation first. Characters are the Unicode code
// points of the words joined by one space (jiwer's CER counts the spaces too).
//
// The alignment has the fewest edits (substitutions + deletions + insertions, each of cost 1)
// and, among those, the most hits: WER is the same for every minimal alignment, but MER and WIL
// depend on the hits, and this is the alignment jiwer reports.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace labelkit {

// The longest alignment computed: reference tokens x hypothesis tokens of one utterance (an
// utterance of 30,000 words against 30,000). Its time grows with the product; its memory with
// the shorter side only.
constexpr std::uint64_t max_alignment_steps = 900'000'000;

struct TextNormalisation {
    bool lowercase = false;          // --lowercase: letters of Latin, Greek and Cyrillic scripts
    bool strip_punctuation = false;  // --strip-punctuation: Unicode punctuation (category P) removed
};

// The words of a text, normalised. Throws labelkit::Error for text that is not UTF-8, naming
// `where` (the utterance).
std::vector<std::string> transcript_words(std::string_view text, const TextNormalisation& normalisation,
                                          std::string_view where);
// The same into `words` (cleared first), so that a caller going through many texts reuses it.
void transcript_words(std::string_view text, const TextNormalisation& normalisation, std::string_view where,
                      std::vector<std::string>& words);
// Appends the code points of text, which must be UTF-8 (as transcript_words makes it), to codes.
void append_code_points(std::string_view text, std::vector<std::uint32_t>& codes);
// The code points of a text (UTF-8 decoded); throws labelkit::Error for bytes that are not UTF-8.
std::vector<std::uint32_t> code_points(std::string_view text, std::string_view where);

struct EditCounts {
    std::uint64_t hits = 0;
    std::uint64_t substitutions = 0;
    std::uint64_t deletions = 0;
    std::uint64_t insertions = 0;

    std::uint64_t errors() const { return substitutions + deletions + insertions; }
    std::uint64_t reference_length() const { return hits + substitutions + deletions; }
    std::uint64_t hypothesis_length() const { return hits + substitutions + insertions; }
    EditCounts& operator+=(const EditCounts& other);
    bool operator==(const EditCounts&) const = default;
};

// Counts of the alignment of hypothesis to reference (tokens as numbers: word ids or code
// points). Throws labelkit::Error, naming `where`, when the product of the lengths is over
// max_alignment_steps.
EditCounts align_counts(std::span<const std::uint32_t> reference, std::span<const std::uint32_t> hypothesis,
                        std::string_view where = {});

// The rates of counts summed over utterances (corpus level). With no reference tokens, the
// error rate is 0 when nothing was inserted and 1 otherwise (jiwer 4), and WIP is 1 when both
// sides are empty, 0 when one is.
struct ErrorRates {
    double error_rate = 0;  // (S + D + I) / (H + S + D): WER over words, CER over characters
    double mer = 0;         // (S + D + I) / (H + S + D + I)
    double wip = 0;         // H^2 / ((H + S + D) (H + S + I))
    double wil = 0;         // 1 - WIP
};
ErrorRates error_rates(const EditCounts& counts);

}  // namespace labelkit
