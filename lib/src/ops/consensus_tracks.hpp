#pragma once
// Track ids for the objects of merge --mode consensus on video frames: a consensus track follows
// the majority identity of its members across the frames of a sequence.
#include <cstdint>
#include <utility>
#include <vector>

#include "labelkit/model.hpp"

namespace labelkit {

// A member's identity: (annotator index, its track id).
using MemberIdentity = std::pair<std::uint32_t, std::int64_t>;

// Sets Annotation::track of the consensus annotations of video frames (items with a sequence).
// members[i]: the identities of annotation i's members with a track. Per sequence, frames in
// Item::frame order, objects in their order within a frame: each member votes for the consensus
// track its identity last belonged to, or for a new track when it never belonged to one; the most
// votes win, a tie going to an existing track over a new one and then to the lower id. A track
// is given to one object per frame: when two objects of a frame win the same track, the one with
// more votes for it keeps it (a tie: the earlier object) and the other starts a new track.
// Objects with no tracked member get no track. Ids count from 1 in each sequence.
// Returns how many consensus tracks were made.
std::size_t assign_consensus_tracks(Dataset& result, const std::vector<std::vector<MemberIdentity>>& members);

}  // namespace labelkit
