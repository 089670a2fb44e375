#pragma once
// How far two annotators' video tracks agree: CLEAR MOT (Bernardin and Stiefelhagen 2008) and the
// identity measures IDF1, IDP, IDR (Ristani et al. 2016), computed as py-motmetrics does, with one
// annotator taken as the reference (ground truth) and the other as the hypothesis. Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/model.hpp"
#include "labelkit/ops/annotators.hpp"

namespace labelkit {

// One frame both annotators annotated: each one's boxes. A box's identity is Annotation::track;
// a box without one (no_id) is an identity of its own, seen in this frame only.
struct TrackFrame {
    std::vector<const Annotation*> reference;
    std::vector<const Annotation*> hypothesis;
};

// CLEAR MOT counts over frames (py-motmetrics' names in brackets).
struct ClearMot {
    std::size_t objects = 0;          // reference boxes [num_objects]
    std::size_t predictions = 0;      // hypothesis boxes [num_predictions]
    std::size_t matches = 0;          // matched pairs that keep the object's last hypothesis [num_matches]
    std::size_t switches = 0;         // matched pairs that change it [num_switches]
    std::size_t misses = 0;           // unmatched reference boxes, FN [num_misses]
    std::size_t false_positives = 0;  // unmatched hypothesis boxes, FP [num_false_positives]
    std::size_t fragmentations = 0;   // tracked -> missed transitions within an object's tracked span
    double distance_sum = 0;          // sum of 1 - IoU over matches and switches

    // 1 - (FN + FP + IDSW) / objects; empty without reference boxes. May be negative.
    std::optional<double> mota() const;
    // Mean 1 - IoU of the matched pairs (py-motmetrics' MOTP: a distance, lower is better);
    // empty without matches.
    std::optional<double> motp() const;
    void add(const ClearMot& other);
};

// Identity measures from the global one-to-one matching of trajectories.
struct IdMeasures {
    std::size_t idtp = 0;
    std::size_t idfp = 0;  // hypothesis boxes not on their matched trajectory's object
    std::size_t idfn = 0;  // reference boxes not covered by their matched trajectory

    std::optional<double> idp() const;   // IDTP / (IDTP + IDFP)
    std::optional<double> idr() const;   // IDTP / (IDTP + IDFN)
    std::optional<double> idf1() const;  // 2 IDTP / (2 IDTP + IDFP + IDFN)
    void add(const IdMeasures& other);
};

struct TrackScores {
    ClearMot clear;
    IdMeasures id;
    void add(const TrackScores& other);
};

// The measures of one sequence, its frames in time order. A reference box and a hypothesis box
// correspond in a frame when their IoU (shape_iou) is >= iou_threshold and above 0. Per frame:
// (1) each reference track keeps the hypothesis track it was last matched to, if both are in the
// frame and correspond; (2) the others are assigned by min-cost matching (most pairs, then least
// total 1 - IoU); a pair whose reference track was last matched to another hypothesis track is an
// ID switch; (3) the rest are misses and false positives. IDF1: trajectories are matched one to
// one maximising the frames in which the pair corresponds (IDTP). Among optimal assignments the
// solver's pick is deterministic for the input order (tracks by id, boxes in input order).
TrackScores track_scores(const std::vector<TrackFrame>& frames, double iou_threshold);

// One pair of annotators over the video frames both have, summed over sequences.
struct TrackPair {
    std::uint32_t a = 0;  // annotator indices, a < b
    std::uint32_t b = 0;
    std::size_t frames = 0;
    std::size_t sequences = 0;
    TrackScores a_reference;  // a as the reference, b as the hypothesis
    TrackScores b_reference;  // b as the reference, a as the hypothesis
};

struct TrackReport {
    double iou_threshold = 0.5;
    std::size_t frames = 0;     // video frames two or more annotators have
    std::size_t sequences = 0;  // their sequences
    std::vector<TrackPair> pairs;
    std::vector<std::string> notes;
};

// Whether any item of any annotator is a frame of a sequence (Item::sequence is set).
bool has_video_frames(const AlignedAnnotators& annotators);

// Every pair of annotators' tracks over the video frames both have. Frames are grouped by the
// first annotator's Item::sequence and ordered by Item::frame (then by key); track ids are
// per sequence. Items that are not video frames are left out.
TrackReport track_agreement(const AlignedAnnotators& annotators, double iou_threshold);

}  // namespace labelkit
