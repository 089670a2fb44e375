// CLEAR MOT and IDF1 between two annotators' tracks (track_agreement.hpp): hand-worked cases
// (identical tracks, one ID switch, a missed span, a spurious track, a carried-on correspondence)
// with py-motmetrics' definitions: MOTA = 1 - (FN + FP + IDSW) / GT, MOTP = mean 1 - IoU,
// IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN).
#include <doctest/doctest.h>

#include <deque>
#include <vector>

#include "labelkit/ops/track_agreement.hpp"

using labelkit::Annotation;
using labelkit::TrackFrame;
using labelkit::TrackScores;

namespace {

// Boxes that outlive the frames pointing at them.
struct Boxes {
    std::deque<Annotation> store;
    const Annotation* add(double x, double y, double w, double h, std::int64_t track) {
        Annotation& box = store.emplace_back();
        box.box = {x, y, w, h};
        box.track = track;
        return &box;
    }
};

// A: the object's place in every frame; B: far from it (IoU 0 with A).
constexpr double ax = 0, bx = 100;

TrackScores scores(const std::vector<TrackFrame>& frames) { return labelkit::track_scores(frames, 0.5); }

}  // namespace

TEST_CASE("tracks: identical tracks (other track ids) agree perfectly") {
    Boxes boxes;
    std::vector<TrackFrame> frames;
    // Two objects in three frames; the hypothesis names them 7 and 8.
    for (int f = 0; f < 3; ++f)
        frames.push_back({{boxes.add(ax, 0, 10, 10, 1), boxes.add(bx, 0, 10, 10, 2)},
                          {boxes.add(ax, 0, 10, 10, 7), boxes.add(bx, 0, 10, 10, 8)}});
    const TrackScores s = scores(frames);
    // By hand: 6 objects, 6 matches, no FP, FN or switch: MOTA 1, MOTP 0, IDTP 6, IDF1 1.
    CHECK(s.clear.objects == 6);
    CHECK(s.clear.matches == 6);
    CHECK(s.clear.switches == 0);
    CHECK(s.clear.fragmentations == 0);
    CHECK(*s.clear.mota() == 1.0);
    CHECK(*s.clear.motp() == 0.0);
    CHECK(s.id.idtp == 6);
    CHECK(*s.id.idf1() == 1.0);
}

TEST_CASE("tracks: one ID switch; the reverse direction has none") {
    Boxes boxes;
    std::vector<TrackFrame> frames;
    // Reference track 1 in frames 1-4; the hypothesis calls it 5 in frames 1-2 and 6 in 3-4.
    for (int f = 0; f < 4; ++f) frames.push_back({{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(ax, 0, 10, 10, f < 2 ? 5 : 6)}});
    const TrackScores s = scores(frames);
    // Frame 1: 1-5 match; 2: carried on; 3: 5 is gone, 1-6 is a switch (1 was last with 5); 4: carried on.
    // MOTA = 1 - (0 + 0 + 1) / 4 = 0.75. IDF1: trajectory 1 (4 boxes) matched to 5 or 6 (2 frames each):
    // IDTP 2, IDFN 4 - 2 = 2, IDFP 4 - 2 = 2, IDF1 = 4 / (4 + 2 + 2) = 0.5.
    CHECK(s.clear.matches == 3);
    CHECK(s.clear.switches == 1);
    CHECK(s.clear.misses == 0);
    CHECK(s.clear.false_positives == 0);
    CHECK(*s.clear.mota() == doctest::Approx(0.75).epsilon(1e-12));
    CHECK(*s.clear.motp() == 0.0);
    CHECK(s.id.idtp == 2);
    CHECK(s.id.idfn == 2);
    CHECK(s.id.idfp == 2);
    CHECK(*s.id.idf1() == doctest::Approx(0.5).epsilon(1e-12));

    // Reversed: references 5 and 6 are each followed by 1 throughout; 6 had no earlier match, so
    // frame 3 is a plain match: MOTA 1. IDF1 is symmetric: 0.5 again.
    std::vector<TrackFrame> reversed;
    for (const TrackFrame& frame : frames) reversed.push_back({frame.hypothesis, frame.reference});
    const TrackScores r = scores(reversed);
    CHECK(r.clear.switches == 0);
    CHECK(*r.clear.mota() == 1.0);
    CHECK(*r.id.idf1() == doctest::Approx(0.5).epsilon(1e-12));
}

TEST_CASE("tracks: a missed span is one fragmentation; a missed tail is none") {
    Boxes boxes;
    std::vector<TrackFrame> gap, tail;
    // Reference track 1 in frames 1-5. Gap: the hypothesis misses frames 3 and 4. Tail: it stops after frame 3.
    for (int f = 1; f <= 5; ++f) {
        std::vector<const Annotation*> hypothesis;
        if (f != 3 && f != 4) hypothesis.push_back(boxes.add(ax, 0, 10, 10, 2));
        gap.push_back({{boxes.add(ax, 0, 10, 10, 1)}, hypothesis});
        std::vector<const Annotation*> until_three;
        if (f <= 3) until_three.push_back(boxes.add(ax, 0, 10, 10, 2));
        tail.push_back({{boxes.add(ax, 0, 10, 10, 1)}, until_three});
    }
    // Gap: tracked, tracked, missed, missed, tracked: FN 2, one tracked -> missed transition
    // within the tracked span (frames 1-5). MOTA = 1 - 2/5 = 0.6. IDTP 3, IDFN 2, IDFP 0:
    // IDF1 = 6 / (6 + 0 + 2) = 0.75, IDP 1, IDR 0.6.
    const TrackScores g = scores(gap);
    CHECK(g.clear.misses == 2);
    CHECK(g.clear.fragmentations == 1);
    CHECK(*g.clear.mota() == doctest::Approx(0.6).epsilon(1e-12));
    CHECK(*g.id.idf1() == doctest::Approx(0.75).epsilon(1e-12));
    CHECK(*g.id.idp() == 1.0);
    CHECK(*g.id.idr() == doctest::Approx(0.6).epsilon(1e-12));
    // Tail: tracked x3, missed x2: the misses are after the last tracked frame: no fragmentation.
    const TrackScores t = scores(tail);
    CHECK(t.clear.misses == 2);
    CHECK(t.clear.fragmentations == 0);
}

TEST_CASE("tracks: a spurious track is false positives; MOTP is the mean 1 - IoU") {
    Boxes boxes;
    std::vector<TrackFrame> frames;
    // Reference track 1 at (0,0,10,10) in two frames; the hypothesis draws it shifted by 1 px
    // (IoU 90 / 110 = 9/11) and adds track 9 far away in both frames.
    for (int f = 0; f < 2; ++f)
        frames.push_back({{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(ax + 1, 0, 10, 10, 3), boxes.add(bx, 0, 10, 10, 9)}});
    const TrackScores s = scores(frames);
    // 2 objects, 4 predictions, 2 matches, FP 2: MOTA = 1 - 2/2 = 0. MOTP = 1 - 9/11 = 2/11.
    // IDTP 2 (1 with 3), IDFP 4 - 2 = 2, IDFN 0: IDF1 = 4 / 6, IDP 0.5, IDR 1.
    CHECK(s.clear.predictions == 4);
    CHECK(s.clear.false_positives == 2);
    CHECK(*s.clear.mota() == doctest::Approx(0.0));
    CHECK(*s.clear.motp() == doctest::Approx(2.0 / 11).epsilon(1e-12));
    CHECK(*s.id.idf1() == doctest::Approx(2.0 / 3).epsilon(1e-12));
    CHECK(*s.id.idp() == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(*s.id.idr() == 1.0);
}

TEST_CASE("tracks: a correspondence still above the threshold is carried on, not re-assigned") {
    Boxes boxes;
    // Frame 1: reference 1 and hypothesis a at the same place. Frame 2: a drifts 2 px (IoU 80 / 120
    // = 2/3, still >= 0.5) and b appears exactly on the object (IoU 1). Carried on: 1-a is kept
    // (a min-cost match alone would take b and count a switch); b is a false positive.
    const std::vector<TrackFrame> frames = {
        {{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(ax, 0, 10, 10, 1)}},
        {{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(ax + 2, 0, 10, 10, 1), boxes.add(ax, 0, 10, 10, 2)}}};
    const TrackScores s = scores(frames);
    CHECK(s.clear.switches == 0);
    CHECK(s.clear.matches == 2);
    CHECK(s.clear.false_positives == 1);
    // MOTP = (0 + 1/3) / 2 = 1/6. MOTA = 1 - 1/2 = 0.5.
    CHECK(*s.clear.motp() == doctest::Approx(1.0 / 6).epsilon(1e-12));
    CHECK(*s.clear.mota() == doctest::Approx(0.5).epsilon(1e-12));
}

TEST_CASE("tracks: the threshold is IoU >= --iou; boxes without a track are identities of one frame") {
    Boxes boxes;
    // IoU of (0,0,10,10) and (0,0,10,5) is exactly 0.5: a match at 0.5, a miss above.
    const std::vector<TrackFrame> half = {{{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(ax, 0, 10, 5, 1)}}};
    CHECK(labelkit::track_scores(half, 0.5).clear.matches == 1);
    CHECK(labelkit::track_scores(half, 0.51).clear.misses == 1);
    // Untracked boxes in two frames: two identities on each side, each matched once: no switch,
    // IDTP 2, IDF1 1.
    const std::vector<TrackFrame> untracked = {
        {{boxes.add(ax, 0, 10, 10, labelkit::no_id)}, {boxes.add(ax, 0, 10, 10, labelkit::no_id)}},
        {{boxes.add(ax, 0, 10, 10, labelkit::no_id)}, {boxes.add(ax, 0, 10, 10, labelkit::no_id)}}};
    const TrackScores s = scores(untracked);
    CHECK(s.clear.switches == 0);
    CHECK(s.id.idtp == 2);
    CHECK(*s.id.idf1() == 1.0);
    // Nothing on either side: every measure undefined.
    const TrackScores empty = scores({TrackFrame{}});
    CHECK_FALSE(empty.clear.mota().has_value());
    CHECK_FALSE(empty.clear.motp().has_value());
    CHECK_FALSE(empty.id.idf1().has_value());
}

TEST_CASE("tracks: a match is carried on only from the frame just before, as py-motmetrics") {
    // Was wrong: a match was carried on from any earlier frame, so O-H1 of frame 1 was kept in
    // frame 3 after a miss in frame 2 (IDSW 0, MOTA 0.5). py-motmetrics carries a match only when
    // the object was matched in the previous frame (_object_last_matched[o] == _last_frame_id).
    Boxes boxes;
    // Frame 1: O at x 0 matched to H1 (same place). Frame 2: O missed, H1 far away. Frame 3 (all
    // 10 x 10, shifted in x): O at 0, P at 3.5, H2 at 0.5, H1 at 3. IoU O-H2 = P-H1 = 9.5 / 10.5
    // = 0.905; O-H1 = P-H2 = 7 / 13 = 0.538 (>= 0.5). Nothing carried on: least distance pairs
    // O-H2 and P-H1 (2 x 1/10.5 against 2 x 6/13): O was last H1, so one switch.
    const std::vector<TrackFrame> frames = {
        {{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(ax, 0, 10, 10, 1)}},
        {{boxes.add(ax, 0, 10, 10, 1)}, {boxes.add(bx, 0, 10, 10, 1)}},
        {{boxes.add(ax, 0, 10, 10, 1), boxes.add(3.5, 0, 10, 10, 2)},
         {boxes.add(3, 0, 10, 10, 1), boxes.add(0.5, 0, 10, 10, 2)}}};
    const TrackScores s = scores(frames);
    // GT 4, matches 2 (frame 1 O-H1, frame 3 P-H1), IDSW 1 (O-H2), FN 1 (frame 2), FP 1 (far H1):
    // MOTA = 1 - (1 + 1 + 1) / 4 = 0.25. MOTP = (0 + 2 / 10.5) / 3 = 4 / 63. O: tracked, missed,
    // tracked: one fragmentation.
    CHECK(s.clear.objects == 4);
    CHECK(s.clear.matches == 2);
    CHECK(s.clear.switches == 1);
    CHECK(s.clear.misses == 1);
    CHECK(s.clear.false_positives == 1);
    CHECK(s.clear.fragmentations == 1);
    CHECK(*s.clear.mota() == doctest::Approx(0.25).epsilon(1e-12));
    CHECK(*s.clear.motp() == doctest::Approx(4.0 / 63).epsilon(1e-12));
    // IDF1 does not depend on it: O-H1 in frames 1 and 3 (2) + P-H2 (1): IDTP 3 of 4 and 4: 0.75.
    CHECK(s.id.idtp == 3);
    CHECK(*s.id.idf1() == doctest::Approx(0.75).epsilon(1e-12));
}
