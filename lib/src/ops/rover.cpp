// ROVER: a word transition network built by aligning transcripts one by one, then a vote per slot.
#include "labelkit/ops/rover.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit {

namespace {

constexpr std::uint32_t empty_word = 0;  // the word id of an empty (deletion) edge

struct Edge {
    std::uint32_t word = empty_word;
    std::uint32_t votes = 0;
};

// One slot of the network: the words aligned there, each with its votes.
using Slot = std::vector<Edge>;

bool holds(const Slot& slot, std::uint32_t word) {
    return std::any_of(slot.begin(), slot.end(), [&](const Edge& edge) { return edge.word == word; });
}

void vote(Slot& slot, std::uint32_t word) {
    for (Edge& edge : slot)
        if (edge.word == word) {
            ++edge.votes;
            return;
        }
    slot.push_back({word, 1});
}

enum class Step : std::uint8_t { pair, deletion, insertion };  // pair: a match or a substitution

// Aligns the words of the `earlier`-th transcript (0-based) with the network and returns the
// network with its votes.
std::vector<Slot> align(const std::vector<Slot>& slots, const std::vector<std::uint32_t>& words, std::uint32_t earlier) {
    const std::size_t n = slots.size(), m = words.size();
    if (static_cast<double>(n + 1) * static_cast<double>(m + 1) > static_cast<double>(max_rover_steps))
        throw Error(fmt::format("ROVER: aligning a transcript of {} words with a network of {} slots takes more than {} "
                                "steps; split the utterance into shorter ones",
                                m, n, max_rover_steps));
    // cost[j] along the slots for the current word; steps[i * (n + 1) + j] to trace back.
    std::vector<std::uint32_t> previous(n + 1), current(n + 1);
    std::vector<Step> steps((n + 1) * (m + 1), Step::pair);
    for (std::size_t j = 0; j <= n; ++j) {
        previous[j] = static_cast<std::uint32_t>(j);  // crowd-kit's first row: every slot skipped costs 1
        if (j > 0) steps[j] = Step::deletion;
    }
    for (std::size_t i = 1; i <= m; ++i) {
        current[0] = static_cast<std::uint32_t>(i);
        steps[i * (n + 1)] = Step::insertion;
        for (std::size_t j = 1; j <= n; ++j) {
            // The first of the cheapest in this order: pair, deletion, insertion.
            std::uint32_t best = previous[j - 1] + (holds(slots[j - 1], words[i - 1]) ? 0 : 1);
            Step step = Step::pair;
            if (const std::uint32_t skip = current[j - 1] + (holds(slots[j - 1], empty_word) ? 0 : 1); skip < best) {
                best = skip;
                step = Step::deletion;
            }
            if (previous[j] + 1 < best) {
                best = previous[j] + 1;
                step = Step::insertion;
            }
            current[j] = best;
            steps[i * (n + 1) + j] = step;
        }
        std::swap(previous, current);
    }
    std::vector<Slot> aligned;
    for (std::size_t i = m, j = n; i > 0 || j > 0;) {
        const Step step = steps[i * (n + 1) + j];
        if (step == Step::insertion) {
            // A new slot: the earlier transcripts have nothing there.
            aligned.push_back({{empty_word, earlier}, {words[i - 1], 1}});
            --i;
        } else {
            Slot slot = slots[j - 1];
            vote(slot, step == Step::pair ? words[i - 1] : empty_word);
            aligned.push_back(std::move(slot));
            if (step == Step::pair) --i;
            --j;
        }
    }
    std::reverse(aligned.begin(), aligned.end());
    return aligned;
}

std::size_t code_point_count(const std::string& word) {
    return static_cast<std::size_t>(std::count_if(word.begin(), word.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

std::vector<std::string> rover(const std::vector<std::vector<std::string>>& transcripts) {
    if (transcripts.empty()) return {};
    std::vector<std::string> names{""};  // word id -> word; 0 is the empty edge
    std::unordered_map<std::string, std::uint32_t> ids;
    const auto ids_of = [&](const std::vector<std::string>& words) {
        std::vector<std::uint32_t> result;
        for (const std::string& word : words) {
            const auto [it, added] = ids.try_emplace(word, static_cast<std::uint32_t>(names.size()));
            if (added) names.push_back(word);
            result.push_back(it->second);
        }
        return result;
    };
    std::vector<Slot> slots;
    for (std::uint32_t word : ids_of(transcripts.front())) slots.push_back({{word, 1}});
    for (std::size_t k = 1; k < transcripts.size(); ++k)
        slots = align(slots, ids_of(transcripts[k]), static_cast<std::uint32_t>(k));
    std::vector<std::string> consensus;
    for (const Slot& slot : slots) {
        const auto rank = [&](const Edge& edge) {
            return std::make_tuple(edge.votes, code_point_count(names[edge.word]), std::string_view(names[edge.word]));
        };
        const Edge& winner = *std::max_element(slot.begin(), slot.end(),
                                               [&](const Edge& a, const Edge& b) { return rank(a) < rank(b); });
        if (winner.word != empty_word) consensus.push_back(names[winner.word]);
    }
    return consensus;
}

}  // namespace labelkit
