#pragma once
// ROVER (Fiscus 1997): the consensus of several transcripts of one utterance, as crowd-kit's
// ROVER computes it. The first transcript is the backbone of a word transition network; each
// next one is aligned to it (dynamic programming, unit costs; a word already in a slot matches it,
// a slot that holds an empty edge is skipped for free) and adds its words (or an empty edge) to
// the slots as votes. Each slot then gives its word with the most votes; ties go to the longer
// word (in code points), then to the greater word (code point order); an empty edge can win, and
// the slot then gives no word.
#include <cstdint>
#include <string>
#include <vector>

namespace labelkit {

// The largest alignment of one transcript with the network: words x slots (a byte per step is
// kept to trace the alignment back).
constexpr std::uint64_t max_rover_steps = 100'000'000;

// The consensus words of several transcripts (each a list of words, in the order they are
// given: the first is the backbone). Empty when there are none. Throws labelkit::Error when an
// alignment is over max_rover_steps.
std::vector<std::string> rover(const std::vector<std::vector<std::string>>& transcripts);

}  // namespace labelkit
