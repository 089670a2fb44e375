// Consensus track ids (ops/consensus_tracks.hpp): majority identity, ties, and a track claimed by
// two objects of one frame, worked by hand.
#include <doctest/doctest.h>

#include <vector>

#include "ops/consensus_tracks.hpp"

using labelkit::Dataset;
using labelkit::MemberIdentity;

namespace {

// A sequence "s" of `frames` frames; objects[f]: how many consensus objects frame f has.
Dataset frames_with(const std::vector<int>& objects) {
    Dataset dataset;
    for (std::size_t f = 0; f < objects.size(); ++f) {
        labelkit::Item item;
        item.sequence = "s";
        item.frame = static_cast<std::int64_t>(f + 1);
        dataset.items.push_back(item);
        for (int o = 0; o < objects[f]; ++o) {
            labelkit::Annotation annotation;
            annotation.item = static_cast<std::uint32_t>(f);
            dataset.annotations.push_back(annotation);
        }
    }
    return dataset;
}

}  // namespace

TEST_CASE("consensus tracks: a tie between an existing track and a new one keeps the track") {
    // Two annotators (0, 1). Frame 1: one object, members 0:1 and 1:1 -> new track 1.
    // Frame 2: members 0:1 (votes track 1) and 1:7 (never seen: votes new): 1 to 1, the tie goes
    // to the existing track. Frame 3: 0:2 and 1:8 are both new: 2 votes for new -> track 2.
    Dataset dataset = frames_with({1, 1, 1});
    const std::vector<std::vector<MemberIdentity>> members = {{{0, 1}, {1, 1}}, {{0, 1}, {1, 7}}, {{0, 2}, {1, 8}}};
    CHECK(labelkit::assign_consensus_tracks(dataset, members) == 2);
    CHECK(dataset.annotations[0].track == 1);
    CHECK(dataset.annotations[1].track == 1);
    CHECK(dataset.annotations[2].track == 2);
}

TEST_CASE("consensus tracks: two objects of a frame winning one track: more votes keep it") {
    // Three annotators. Frame 1: object A (0:1, 1:1, 2:1) -> track 1. Frame 2: object X has 0:1
    // (1 vote for track 1; 1:5 and 2:6 vote new: new wins 2 to 1); object Y has 1:1 and 2:1 (2 votes
    // for track 1). Y takes track 1, X gets new track 2. An object without tracked members gets none.
    Dataset dataset = frames_with({1, 3});
    const std::vector<std::vector<MemberIdentity>> members = {
        {{0, 1}, {1, 1}, {2, 1}}, {{0, 1}, {1, 5}, {2, 6}}, {{1, 1}, {2, 1}}, {}};
    CHECK(labelkit::assign_consensus_tracks(dataset, members) == 2);
    CHECK(dataset.annotations[0].track == 1);
    CHECK(dataset.annotations[1].track == 2);
    CHECK(dataset.annotations[2].track == 1);
    CHECK(dataset.annotations[3].track == labelkit::no_id);
}

TEST_CASE("consensus tracks: equal votes for one track go to the earlier object") {
    // Frame 1: 0:1 and 1:1 -> track 1. Frame 2: X (0:1, 1:3) and Y (1:1, 0:4): each has one vote for
    // track 1 and one for new; both win track 1 by the tie rule; X is earlier and keeps it, Y gets 2.
    Dataset dataset = frames_with({1, 2});
    const std::vector<std::vector<MemberIdentity>> members = {{{0, 1}, {1, 1}}, {{0, 1}, {1, 3}}, {{1, 1}, {0, 4}}};
    CHECK(labelkit::assign_consensus_tracks(dataset, members) == 2);
    CHECK(dataset.annotations[1].track == 1);
    CHECK(dataset.annotations[2].track == 2);
}
