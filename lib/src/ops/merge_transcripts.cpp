// merge --mode consensus --method rover: one transcript per utterance from several transcribers.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/ops/merge.hpp"
#include "labelkit/ops/rover.hpp"
#include "labelkit/ops/transcript_agreement.hpp"
#include "ops/consensus_table.hpp"

namespace labelkit {

TranscriptConsensus transcript_consensus(const TranscriptSet& set) {
    // Transcripts grouped by utterance, in annotator order (the builder keeps one per annotator).
    std::vector<std::vector<const Transcript*>> by_utterance(set.utterances.size());
    for (const Transcript& transcript : set.transcripts) by_utterance[transcript.utterance].push_back(&transcript);
    TranscriptConsensus consensus;
    consensus.annotators = set.annotators;
    consensus.utterances = set.utterances;
    std::vector<std::vector<std::string>> words;
    for (std::size_t u = 0; u < set.utterances.size(); ++u) {
        std::vector<const Transcript*>& transcripts = by_utterance[u];
        std::stable_sort(transcripts.begin(), transcripts.end(),
                         [](const Transcript* a, const Transcript* b) { return a->annotator < b->annotator; });
        words.assign(transcripts.size(), {});
        for (std::size_t t = 0; t < transcripts.size(); ++t)
            transcript_words(transcripts[t]->text, TextNormalisation{}, set.utterances[u], words[t]);
        consensus.texts.push_back(fmt::format("{}", fmt::join(rover(words), " ")));
        consensus.transcripts.push_back(static_cast<std::uint32_t>(transcripts.size()));
    }
    return consensus;
}

std::string transcript_consensus_table(const TranscriptConsensus& consensus, const std::string& to) {
    ConsensusTable table;
    table.columns = {"item", "text", "transcripts"};
    table.rows.reserve(consensus.utterances.size());
    for (std::size_t u = 0; u < consensus.utterances.size(); ++u)
        table.rows.push_back({consensus.utterances[u], consensus.texts[u], std::uint64_t{consensus.transcripts[u]}});
    return consensus_table_text(table, *consensus_table_format(to));
}

nlohmann::json transcript_consensus_json(const TranscriptConsensus& consensus) {
    std::size_t transcripts = 0, empty = 0;
    for (std::size_t u = 0; u < consensus.utterances.size(); ++u) {
        transcripts += consensus.transcripts[u];
        empty += consensus.texts[u].empty();
    }
    return {{"mode", "consensus"},
            {"method", "rover"},
            {"annotators", consensus.annotators},
            {"utterances", consensus.utterances.size()},
            {"transcripts", transcripts},
            {"empty_consensus", empty}};
}

}  // namespace labelkit
