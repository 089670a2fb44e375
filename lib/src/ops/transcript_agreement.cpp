// Pairwise WER/CER of transcribers, and the report sections that show it.
#include "labelkit/ops/transcript_agreement.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/parallel.hpp"
#include "labelkit/error.hpp"

namespace labelkit {

std::uint32_t TranscriptSetBuilder::annotator(const std::string& name) {
    const auto [it, added] = annotator_index_.try_emplace(name, static_cast<std::uint32_t>(set_.annotators.size()));
    if (added) set_.annotators.push_back(name);
    return it->second;
}

void TranscriptSetBuilder::reserve(std::size_t texts) {
    utterance_index_.reserve(texts);
    transcript_index_.reserve(texts);
    set_.transcripts.reserve(texts);
}

void TranscriptSetBuilder::add(std::uint32_t annotator, const std::string& utterance, const std::string& text) {
    const auto [u, new_utterance] = utterance_index_.try_emplace(utterance, static_cast<std::uint32_t>(set_.utterances.size()));
    if (new_utterance) set_.utterances.push_back(utterance);
    const std::uint64_t key = (std::uint64_t{annotator} << 32) | u->second;
    const auto [t, new_transcript] = transcript_index_.try_emplace(key, static_cast<std::uint32_t>(set_.transcripts.size()));
    if (new_transcript) {
        set_.transcripts.push_back({annotator, u->second, text});
        return;
    }
    std::string& joined = set_.transcripts[t->second].text;
    joined += joined.empty() || text.empty() ? "" : " ";
    joined += text;
    ++joined_;
}

TranscriptSet TranscriptSetBuilder::finish(DiagnosticSink& sink) {
    if (joined_ > 0)
        sink.warn("agree/joined-texts",
                  fmt::format("{} texts were a second text of an utterance by the same annotator; each was appended "
                              "to the first after a space",
                              joined_));
    return std::move(set_);
}

namespace {

// Every transcript as word ids and code points, in flat arrays.
class Tokenised {
public:
    Tokenised(const TranscriptSet& set, const TextNormalisation& normalisation) {
        std::unordered_map<std::string, std::uint32_t> word_ids;
        word_ids.reserve(1 << 16);
        word_offsets_.reserve(set.transcripts.size() + 1);
        char_offsets_.reserve(set.transcripts.size() + 1);
        word_offsets_.push_back(0);
        char_offsets_.push_back(0);
        std::vector<std::string> words;
        for (const Transcript& transcript : set.transcripts) {
            try {
                transcript_words(transcript.text, normalisation, "", words);
            } catch (const Error& error) {
                throw Error(fmt::format("utterance '{}' of {}: {}", set.utterances[transcript.utterance],
                                        set.annotators[transcript.annotator], error.message()));
            }
            // Characters: the words joined by one space.
            for (std::size_t w = 0; w < words.size(); ++w) {
                words_.push_back(word_ids.try_emplace(words[w], static_cast<std::uint32_t>(word_ids.size())).first->second);
                if (w > 0) chars_.push_back(' ');
                append_code_points(words[w], chars_);
            }
            word_offsets_.push_back(words_.size());
            char_offsets_.push_back(chars_.size());
        }
    }
    std::span<const std::uint32_t> words(std::size_t t) const {
        return {words_.data() + word_offsets_[t], word_offsets_[t + 1] - word_offsets_[t]};
    }
    std::span<const std::uint32_t> chars(std::size_t t) const {
        return {chars_.data() + char_offsets_[t], char_offsets_[t + 1] - char_offsets_[t]};
    }

private:
    std::vector<std::uint32_t> words_, chars_;
    std::vector<std::size_t> word_offsets_, char_offsets_;
};

constexpr std::size_t block_size = 1024;  // utterances per parallel task

// The transcripts of each utterance, by annotator: transcripts of utterance u are
// order[offsets[u] .. offsets[u + 1]), sorted by annotator.
struct ByUtterance {
    std::vector<std::uint32_t> order;
    std::vector<std::size_t> offsets;
};

ByUtterance by_utterance(const TranscriptSet& set) {
    ByUtterance groups;
    groups.offsets.assign(set.utterances.size() + 1, 0);
    for (const Transcript& transcript : set.transcripts) ++groups.offsets[transcript.utterance + 1];
    for (std::size_t u = 0; u < set.utterances.size(); ++u) groups.offsets[u + 1] += groups.offsets[u];
    groups.order.resize(set.transcripts.size());
    std::vector<std::size_t> next(groups.offsets.begin(), groups.offsets.end() - 1);
    for (std::size_t t = 0; t < set.transcripts.size(); ++t)
        groups.order[next[set.transcripts[t].utterance]++] = static_cast<std::uint32_t>(t);
    for (std::size_t u = 0; u < set.utterances.size(); ++u)
        std::sort(groups.order.begin() + static_cast<std::ptrdiff_t>(groups.offsets[u]),
                  groups.order.begin() + static_cast<std::ptrdiff_t>(groups.offsets[u + 1]),
                  [&](std::uint32_t x, std::uint32_t y) { return set.transcripts[x].annotator < set.transcripts[y].annotator; });
    return groups;
}

// Counts of pairs of annotators, keyed by (reference, hypothesis): one entry per pair that shares
// an utterance, so memory follows the pairs there are, not annotators squared.
using PairCounts = std::map<std::pair<std::uint32_t, std::uint32_t>, TranscriptPair>;

void add_pair(PairCounts& counts, const TranscriptPair& pair) {
    TranscriptPair& sum = counts.try_emplace({pair.reference, pair.hypothesis}, TranscriptPair{pair.reference, pair.hypothesis})
                              .first->second;
    sum.utterances += pair.utterances;
    sum.words += pair.words;
    sum.characters += pair.characters;
}

// The counts of every pair of annotators over the utterances [begin, end).
PairCounts block_pairs(const TranscriptSet& set, const Tokenised& tokens, const ByUtterance& groups, std::size_t begin,
                       std::size_t end) {
    PairCounts counts;
    for (std::size_t u = begin; u < end; ++u)
        for (std::size_t i = groups.offsets[u]; i < groups.offsets[u + 1]; ++i)
            for (std::size_t j = i + 1; j < groups.offsets[u + 1]; ++j) {
                const std::uint32_t ref = groups.order[i], hyp = groups.order[j];
                TranscriptPair pair{set.transcripts[ref].annotator, set.transcripts[hyp].annotator, 1};
                try {
                    pair.words = align_counts(tokens.words(ref), tokens.words(hyp));
                    pair.characters = align_counts(tokens.chars(ref), tokens.chars(hyp));
                } catch (const Error& error) {
                    throw Error(fmt::format("utterance '{}' ({} against {}): {}", set.utterances[u],
                                            set.annotators[pair.hypothesis], set.annotators[pair.reference],
                                            error.message()));
                }
                add_pair(counts, pair);
            }
    return counts;
}

}  // namespace

// Utterance by utterance over the transcripts there are (not annotators x annotators x
// utterances): a crowd of a thousand workers, three per utterance, has 499,500 pairs of workers,
// nearly all of which share no utterance.
TranscriptAgreement transcript_agreement(const TranscriptSet& set, const TextNormalisation& normalisation) {
    TranscriptAgreement agreement;
    agreement.normalisation = normalisation;
    agreement.utterances = set.utterances.size();
    agreement.transcripts = set.transcripts.size();
    const Tokenised tokens(set, normalisation);
    const ByUtterance groups = by_utterance(set);
    // Utterances in blocks over the cores; counts are integer sums, so the blocks' counts added
    // in block order give the same result for any number of threads.
    const std::size_t blocks = (set.utterances.size() + block_size - 1) / block_size;
    std::vector<PairCounts> partial(blocks);
    parallel_for(blocks, 0, [&](std::size_t block) {
        partial[block] = block_pairs(set, tokens, groups, block * block_size,
                                     std::min(set.utterances.size(), (block + 1) * block_size));
    });
    PairCounts total;
    for (PairCounts& part : partial) {
        for (const auto& entry : part) add_pair(total, entry.second);
        part = {};
    }
    agreement.pairs.reserve(total.size());
    for (const auto& entry : total) agreement.pairs.push_back(entry.second);
    for (const TranscriptPair& pair : agreement.pairs) {
        agreement.words += pair.words;
        agreement.characters += pair.characters;
    }
    const std::size_t annotators = set.annotators.size();
    const std::size_t all_pairs = annotators < 2 ? 0 : annotators * (annotators - 1) / 2;
    if (all_pairs > agreement.pairs.size())
        agreement.notes.push_back(fmt::format("{} of the {} pairs of annotators transcribed no utterance in common and "
                                              "are not listed",
                                              all_pairs - agreement.pairs.size(), all_pairs));
    return agreement;
}

namespace {

using nlohmann::json;

json counts_json(const EditCounts& counts) {
    return {{"hits", counts.hits},
            {"substitutions", counts.substitutions},
            {"deletions", counts.deletions},
            {"insertions", counts.insertions}};
}

// The rates and counts of one pair or of the pool; rates null when nothing was compared.
json rates_json(const EditCounts& words, const EditCounts& characters, bool compared) {
    const ErrorRates w = error_rates(words), c = error_rates(characters);
    const auto value = [&](double rate) { return compared ? json(rate) : json(nullptr); };
    json entry{{"wer", value(w.error_rate)}, {"cer", value(c.error_rate)}, {"mer", value(w.mer)},
               {"wil", value(w.wil)},        {"wip", value(w.wip)}};
    entry.update(counts_json(words));
    entry["reference_words"] = words.reference_length();
    entry["hypothesis_words"] = words.hypothesis_length();
    json chars = counts_json(characters);
    chars["reference_characters"] = characters.reference_length();
    entry["characters"] = chars;
    return entry;
}

std::string rate(double value, bool compared) { return compared ? fmt::format("{:.4f}", value) : "n/a"; }

std::string csv_row(const std::string& reference, const std::string& hypothesis, std::size_t utterances,
                    const EditCounts& words, const EditCounts& characters) {
    const ErrorRates w = error_rates(words), c = error_rates(characters);
    const bool compared = utterances > 0;
    const auto value = [&](double number) { return compared ? fmt::format("{}", number) : std::string(); };
    return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(reference),
                       csv_field(hypothesis), utterances, value(w.error_rate), value(c.error_rate), value(w.mer),
                       value(w.wil), value(w.wip), words.hits, words.substitutions, words.deletions, words.insertions,
                       words.reference_length(), characters.hits, characters.substitutions, characters.deletions,
                       characters.insertions, characters.reference_length());
}

std::size_t compared_utterances(const TranscriptAgreement& agreement) {
    std::size_t total = 0;
    for (const TranscriptPair& pair : agreement.pairs) total += pair.utterances;
    return total;
}

}  // namespace

nlohmann::json transcripts_json(const TranscriptAgreement& agreement, const std::vector<std::string>& annotators) {
    json pairs = json::array();
    for (const TranscriptPair& pair : agreement.pairs) {
        json entry{{"reference", annotators[pair.reference]},
                   {"hypothesis", annotators[pair.hypothesis]},
                   {"utterances", pair.utterances}};
        entry.update(rates_json(pair.words, pair.characters, pair.utterances > 0));
        pairs.push_back(entry);
    }
    json overall{{"pooled_over", "pairs"}, {"utterances", compared_utterances(agreement)}};
    overall.update(rates_json(agreement.words, agreement.characters, compared_utterances(agreement) > 0));
    return {{"utterances", agreement.utterances},
            {"transcripts", agreement.transcripts},
            {"normalisation",
             {{"lowercase", agreement.normalisation.lowercase},
              {"strip_punctuation", agreement.normalisation.strip_punctuation},
              {"whitespace", "collapsed"}}},
            {"overall", overall},
            {"pairs", pairs}};
}

std::string transcripts_text(const TranscriptAgreement& agreement, const std::vector<std::string>& annotators) {
    std::string normalised = "whitespace collapsed";
    if (agreement.normalisation.lowercase) normalised += ", lower-cased";
    if (agreement.normalisation.strip_punctuation) normalised += ", punctuation stripped";
    std::string out = fmt::format("\nTranscript agreement ({} utterances, {} transcripts; {})\n", agreement.utterances,
                                  agreement.transcripts, normalised);
    std::size_t width = 9;
    for (const std::string& name : annotators) width = std::max(width, name.size());
    out += fmt::format("  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}\n", "reference",
                       width, "hypothesis", width, "utts", "WER", "CER", "MER", "WIL", "hits", "subs", "dels", "ins");
    const auto row = [&](const std::string& a, const std::string& b, std::size_t utterances, const EditCounts& words,
                         const EditCounts& characters) {
        const ErrorRates w = error_rates(words), c = error_rates(characters);
        const bool compared = utterances > 0;
        out += fmt::format("  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}\n", a, width,
                           b, width, utterances, rate(w.error_rate, compared), rate(c.error_rate, compared),
                           rate(w.mer, compared), rate(w.wil, compared), words.hits, words.substitutions,
                           words.deletions, words.insertions);
    };
    for (const TranscriptPair& pair : agreement.pairs)
        row(annotators[pair.reference], annotators[pair.hypothesis], pair.utterances, pair.words, pair.characters);
    if (agreement.pairs.size() > 1)
        row("(pooled)", "", compared_utterances(agreement), agreement.words, agreement.characters);
    return out;
}

std::string transcripts_csv(const TranscriptAgreement& agreement, const std::vector<std::string>& annotators) {
    std::string out =
        "reference,hypothesis,utterances,wer,cer,mer,wil,wip,hits,substitutions,deletions,insertions,reference_words,"
        "char_hits,char_substitutions,char_deletions,char_insertions,reference_characters\n";
    for (const TranscriptPair& pair : agreement.pairs)
        out += csv_row(annotators[pair.reference], annotators[pair.hypothesis], pair.utterances, pair.words,
                       pair.characters);
    out += csv_row("*", "*", compared_utterances(agreement), agreement.words, agreement.characters);
    return out;
}

}  // namespace labelkit
