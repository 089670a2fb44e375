#include "ops/consensus_tracks.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace labelkit {

namespace {

constexpr std::int64_t new_track = 0;  // consensus ids count from 1

// The winning track of one object's votes (new_track when "new" wins) and its votes.
std::pair<std::int64_t, std::size_t> winner(const std::vector<MemberIdentity>& members,
                                            const std::map<MemberIdentity, std::int64_t>& last_track) {
    std::map<std::int64_t, std::size_t> votes;
    for (const MemberIdentity& member : members) {
        const auto it = last_track.find(member);
        ++votes[it == last_track.end() ? new_track : it->second];
    }
    std::pair<std::int64_t, std::size_t> best{new_track, 0};
    for (const auto& [track, count] : votes) {
        const bool better = count > best.second || (count == best.second && best.first == new_track);
        if (better) best = {track, count};
    }
    return best;
}

// One frame's objects (annotation indices, in order) get their tracks: existing tracks are
// claimed first, by the objects with the most votes (a tie: the earlier object); new ids follow
// in object order.
void assign_frame(Dataset& result, const std::vector<std::uint32_t>& objects,
                  const std::vector<std::vector<MemberIdentity>>& members, std::map<MemberIdentity, std::int64_t>& last_track,
                  std::int64_t& next_id, std::size_t& made) {
    std::vector<std::pair<std::int64_t, std::size_t>> wins(objects.size());
    for (std::size_t o = 0; o < objects.size(); ++o) wins[o] = winner(members[objects[o]], last_track);
    std::vector<std::size_t> by_votes(objects.size());
    for (std::size_t o = 0; o < objects.size(); ++o) by_votes[o] = o;
    std::stable_sort(by_votes.begin(), by_votes.end(),
                     [&](std::size_t x, std::size_t y) { return wins[x].second > wins[y].second; });
    std::vector<std::int64_t> track(objects.size(), new_track);
    std::vector<std::int64_t> taken;
    for (const std::size_t o : by_votes) {
        if (wins[o].first == new_track || std::find(taken.begin(), taken.end(), wins[o].first) != taken.end()) continue;
        track[o] = wins[o].first;
        taken.push_back(track[o]);
    }
    for (std::size_t o = 0; o < objects.size(); ++o) {
        if (members[objects[o]].empty()) continue;
        if (track[o] == new_track) {
            track[o] = next_id++;
            ++made;
        }
        result.annotations[objects[o]].track = track[o];
        for (const MemberIdentity& member : members[objects[o]]) last_track[member] = track[o];
    }
}

}  // namespace

std::size_t assign_consensus_tracks(Dataset& result, const std::vector<std::vector<MemberIdentity>>& members) {
    // sequence -> frame -> objects
    std::map<std::string, std::map<std::pair<std::int64_t, std::uint32_t>, std::vector<std::uint32_t>>> frames;
    for (std::uint32_t a = 0; a < result.annotations.size(); ++a) {
        const std::uint32_t item = result.annotations[a].item;
        const Item& frame = result.items[item];
        if (frame.sequence.empty()) continue;
        frames[frame.sequence][{frame.frame, item}].push_back(a);
    }
    std::size_t made = 0;
    for (const auto& [sequence, in_order] : frames) {
        std::map<MemberIdentity, std::int64_t> last_track;
        std::int64_t next_id = 1;
        for (const auto& [frame, objects] : in_order) assign_frame(result, objects, members, last_track, next_id, made);
    }
    return made;
}

}  // namespace labelkit
