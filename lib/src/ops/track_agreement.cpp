// CLEAR MOT and IDF1 between two annotators' tracks, following py-motmetrics' MOTAccumulator
// (per-frame events) and its id_global_assignment (IDF1).
#include "labelkit/ops/track_agreement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "labelkit/ops/matching.hpp"

namespace labelkit {

namespace {

std::optional<double> ratio(double numerator, double denominator) {
    if (denominator == 0) return std::nullopt;
    return numerator / denominator;
}

}  // namespace

std::optional<double> ClearMot::mota() const {
    if (objects == 0) return std::nullopt;
    return 1.0 - static_cast<double>(misses + false_positives + switches) / static_cast<double>(objects);
}

std::optional<double> ClearMot::motp() const {
    return ratio(distance_sum, static_cast<double>(matches + switches));
}

void ClearMot::add(const ClearMot& other) {
    objects += other.objects;
    predictions += other.predictions;
    matches += other.matches;
    switches += other.switches;
    misses += other.misses;
    false_positives += other.false_positives;
    fragmentations += other.fragmentations;
    distance_sum += other.distance_sum;
}

std::optional<double> IdMeasures::idp() const {
    return ratio(static_cast<double>(idtp), static_cast<double>(idtp + idfp));
}

std::optional<double> IdMeasures::idr() const {
    return ratio(static_cast<double>(idtp), static_cast<double>(idtp + idfn));
}

std::optional<double> IdMeasures::idf1() const {
    return ratio(2.0 * static_cast<double>(idtp), static_cast<double>(2 * idtp + idfp + idfn));
}

void IdMeasures::add(const IdMeasures& other) {
    idtp += other.idtp;
    idfp += other.idfp;
    idfn += other.idfn;
}

void TrackScores::add(const TrackScores& other) {
    clear.add(other.clear);
    id.add(other.id);
}

namespace {

constexpr double forbidden = std::numeric_limits<double>::quiet_NaN();

// Identities of one side numbered from 0: a track id keeps its number across frames; a box
// without a track is an identity of its own.
class Identities {
public:
    std::uint32_t of(const Annotation& box) {
        if (box.track == no_id) return next_++;
        const auto [it, added] = by_track_.try_emplace(box.track, next_);
        if (added) ++next_;
        return it->second;
    }
    std::uint32_t count() const { return next_; }

private:
    std::map<std::int64_t, std::uint32_t> by_track_;
    std::uint32_t next_ = 0;
};

struct FrameBoxes {
    std::vector<std::uint32_t> reference;  // identity per box
    std::vector<std::uint32_t> hypothesis;
};

// Whether two bounding boxes share area; shapes whose boxes do not have IoU 0.
bool boxes_overlap(const Box& a, const Box& b) {
    return std::min(a.right(), b.right()) > std::max(a.x, b.x) && std::min(a.bottom(), b.bottom()) > std::max(a.y, b.y);
}

// One frame's IoUs, reference x hypothesis, NaN where the pair does not correspond (IoU below the
// threshold or 0). Only pairs whose boxes overlap are measured. Made frame by frame: a whole
// sequence's matrices at once were 1.3 GB on MOT20-sized data.
void corresponding_ious(const TrackFrame& frame, double threshold, std::vector<double>& iou) {
    const std::size_t columns = frame.hypothesis.size();
    iou.assign(frame.reference.size() * columns, forbidden);
    for (std::size_t i = 0; i < frame.reference.size(); ++i)
        for (std::size_t j = 0; j < columns; ++j) {
            const Annotation& a = *frame.reference[i];
            const Annotation& b = *frame.hypothesis[j];
            if (!boxes_overlap(a.box, b.box)) continue;
            const double value = shape_iou(a, b);
            if (value >= threshold && value > 0) iou[i * columns + j] = value;
        }
}

// What happened to each reference identity in each frame it is in: tracked (matched or
// switched) or missed, in frame order.
using Histories = std::vector<std::vector<bool>>;

std::size_t fragmentations(const Histories& histories) {
    std::size_t count = 0;
    for (const std::vector<bool>& tracked : histories) {
        const auto first = std::find(tracked.begin(), tracked.end(), true);
        if (first == tracked.end()) continue;
        const auto last = std::find(tracked.rbegin(), tracked.rend(), true).base();
        for (auto it = first + 1; it != last; ++it) count += !*it && *(it - 1);
    }
    return count;
}

// Per reference identity: the hypothesis identity it was last matched to (py-motmetrics' `m`)
// and the frame (index) of that match (its `_object_last_matched`).
struct LastMatches {
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> hypothesis;
    std::vector<std::size_t> frame;
    explicit LastMatches(std::size_t references) : hypothesis(references, none), frame(references, 0) {}
};

// The CLEAR MOT events of frame `index`, updating `last`.
void clear_mot_frame(const FrameBoxes& frame, const std::vector<double>& ious, std::size_t index, LastMatches& last,
                     Histories& histories, ClearMot& counts) {
    constexpr std::uint32_t none = LastMatches::none;
    const std::size_t rows = frame.reference.size(), columns = frame.hypothesis.size();
    const auto iou = [&](std::size_t i, std::size_t j) { return ious[i * columns + j]; };
    std::vector<bool> row_done(rows, false), column_done(columns, false);
    auto record = [&](std::size_t i, std::size_t j, bool is_switch) {
        row_done[i] = column_done[j] = true;
        ++(is_switch ? counts.switches : counts.matches);
        counts.distance_sum += 1.0 - iou(i, j);
        last.hypothesis[frame.reference[i]] = frame.hypothesis[j];
        last.frame[frame.reference[i]] = index;
    };
    // 1. Correspondences carried on from the previous frame (as py-motmetrics: only a match made
    // in the frame just before; an object missed in between is matched afresh in step 2).
    for (std::size_t i = 0; i < rows; ++i) {
        const std::uint32_t previous = last.hypothesis[frame.reference[i]];
        if (previous == none || index == 0 || last.frame[frame.reference[i]] != index - 1) continue;
        for (std::size_t j = 0; j < columns; ++j)
            if (!column_done[j] && frame.hypothesis[j] == previous) {
                if (!std::isnan(iou(i, j))) record(i, j, false);
                break;
            }
    }
    // 2. The rest: most pairs, then least total distance. A pair is worth (pairs possible + 1)
    // minus its distance (at most 1), so one more pair outweighs any saving in distance.
    std::vector<std::size_t> free_rows, free_columns;
    for (std::size_t i = 0; i < rows; ++i)
        if (!row_done[i]) free_rows.push_back(i);
    for (std::size_t j = 0; j < columns; ++j)
        if (!column_done[j]) free_columns.push_back(j);
    const double pair_value = static_cast<double>(std::min(free_rows.size(), free_columns.size())) + 1.0;
    std::vector<double> score(free_rows.size() * free_columns.size(), forbidden);
    for (std::size_t r = 0; r < free_rows.size(); ++r)
        for (std::size_t c = 0; c < free_columns.size(); ++c) {
            const double value = iou(free_rows[r], free_columns[c]);
            if (!std::isnan(value)) score[r * free_columns.size() + c] = pair_value - (1.0 - value);
        }
    for (const Assignment& pick : max_score_assignment(score, free_rows.size(), free_columns.size(), 0.0)) {
        const std::size_t i = free_rows[pick.row], j = free_columns[pick.column];
        const std::uint32_t previous = last.hypothesis[frame.reference[i]];
        record(i, j, previous != none && previous != frame.hypothesis[j]);
    }
    // 3. Misses and false positives.
    for (std::size_t i = 0; i < rows; ++i) {
        counts.misses += !row_done[i];
        histories[frame.reference[i]].push_back(row_done[i]);
    }
    for (std::size_t j = 0; j < columns; ++j) counts.false_positives += !column_done[j];
    counts.objects += rows;
    counts.predictions += columns;
}

// Union-find over identities (reference first, then hypothesis), for the components of the
// trajectory graph.
struct Components {
    std::vector<std::uint32_t> parent;
    explicit Components(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t root(std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(std::uint32_t x, std::uint32_t y) { parent[root(x)] = root(y); }
};

// IDTP: the most frames of correspondence a one-to-one matching of trajectories achieves.
// co_occurrence: (reference, hypothesis) -> frames (box pairs) in which they correspond.
std::size_t global_idtp(const std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t>& co_occurrence,
                        std::size_t references, std::size_t hypotheses) {
    Components components(references + hypotheses);
    for (const auto& [pair, frames] : co_occurrence)
        components.join(pair.first, static_cast<std::uint32_t>(references + pair.second));
    // Solved component by component: trajectories that never correspond cannot be matched.
    std::map<std::uint32_t, std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>> parts;
    std::set<std::uint32_t> seen;
    for (const auto& [pair, frames] : co_occurrence) {
        auto& [rows, columns] = parts[components.root(pair.first)];
        if (seen.insert(pair.first).second) rows.push_back(pair.first);
        const auto column = static_cast<std::uint32_t>(references + pair.second);
        if (seen.insert(column).second) columns.push_back(pair.second);
    }
    std::size_t idtp = 0;
    std::vector<double> score;
    for (auto& [root, part] : parts) {
        auto& [rows, columns] = part;
        std::sort(columns.begin(), columns.end());
        score.assign(rows.size() * columns.size(), forbidden);
        for (std::size_t r = 0; r < rows.size(); ++r)
            for (std::size_t c = 0; c < columns.size(); ++c) {
                const auto it = co_occurrence.find({rows[r], columns[c]});
                if (it != co_occurrence.end()) score[r * columns.size() + c] = static_cast<double>(it->second);
            }
        for (const Assignment& pick : max_score_assignment(score, rows.size(), columns.size(), 0.0))
            idtp += static_cast<std::size_t>(pick.score);
    }
    return idtp;
}

}  // namespace

TrackScores track_scores(const std::vector<TrackFrame>& frames, double iou_threshold) {
    Identities references, hypotheses;
    std::vector<FrameBoxes> boxes(frames.size());
    for (std::size_t f = 0; f < frames.size(); ++f) {
        const TrackFrame& frame = frames[f];
        for (const Annotation* box : frame.reference) boxes[f].reference.push_back(references.of(*box));
        for (const Annotation* box : frame.hypothesis) boxes[f].hypothesis.push_back(hypotheses.of(*box));
    }

    TrackScores scores;
    LastMatches last(references.count());
    std::vector<double> ious;  // the current frame's
    Histories histories(references.count());
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> co_occurrence;
    for (std::size_t f = 0; f < boxes.size(); ++f) {
        const FrameBoxes& frame = boxes[f];
        corresponding_ious(frames[f], iou_threshold, ious);
        clear_mot_frame(frame, ious, f, last, histories, scores.clear);
        for (std::size_t i = 0; i < frame.reference.size(); ++i)
            for (std::size_t j = 0; j < frame.hypothesis.size(); ++j)
                if (!std::isnan(ious[i * frame.hypothesis.size() + j]))
                    ++co_occurrence[{frame.reference[i], frame.hypothesis[j]}];
    }
    scores.clear.fragmentations = fragmentations(histories);
    scores.id.idtp = global_idtp(co_occurrence, references.count(), hypotheses.count());
    scores.id.idfn = scores.clear.objects - scores.id.idtp;
    scores.id.idfp = scores.clear.predictions - scores.id.idtp;
    return scores;
}

bool has_video_frames(const AlignedAnnotators& annotators) {
    for (std::size_t a = 0; a < annotators.annotators().size(); ++a)
        for (const Item& item : annotators.dataset(a).items)
            if (!item.sequence.empty()) return true;
    return false;
}

namespace {

struct SequenceFrames {
    std::vector<std::uint32_t> keys;  // item keys in time order
};

// The video frames at least two annotators have, by sequence (named by the first annotator
// that has the frame), each in frame order.
std::map<std::string, SequenceFrames> frames_by_sequence(const AlignedAnnotators& annotators) {
    std::map<std::string, std::vector<std::pair<std::int64_t, std::uint32_t>>> frames;
    for (std::uint32_t key = 0; key < annotators.items().size(); ++key) {
        if (annotators.coverage(key) < 2) continue;
        std::size_t first = 0;
        while (!annotators.has(first, key)) ++first;
        const Item& item = annotators.dataset(first).items[annotators.item_index(first, key)];
        if (item.sequence.empty()) continue;
        frames[item.sequence].emplace_back(item.frame, key);
    }
    std::map<std::string, SequenceFrames> sequences;
    for (auto& [name, list] : frames) {
        std::sort(list.begin(), list.end());
        for (const auto& entry : list) sequences[name].keys.push_back(entry.second);
    }
    return sequences;
}

void add_track_notes(TrackReport& report, const AlignedAnnotators& annotators, std::size_t untracked) {
    const std::vector<std::string>& names = annotators.annotators();
    if (report.frames == 0) report.notes.push_back("no video frame is in two annotators' datasets: nothing to compare");
    for (const TrackPair& pair : report.pairs)
        if (pair.frames == 0 && report.frames > 0)
            report.notes.push_back(fmt::format("{} and {} share no video frame", names[pair.a], names[pair.b]));
    if (untracked > 0)
        report.notes.push_back(fmt::format(
            "{} {} on the compared frames {} no track id: each is an identity of its own, seen in one frame", untracked,
            untracked == 1 ? "box" : "boxes", untracked == 1 ? "has" : "have"));
}

}  // namespace

TrackReport track_agreement(const AlignedAnnotators& annotators, double iou_threshold) {
    const std::size_t count = annotators.annotators().size();
    TrackReport report;
    report.iou_threshold = iou_threshold;
    const std::map<std::string, SequenceFrames> sequences = frames_by_sequence(annotators);
    std::size_t untracked = 0;
    for (const auto& [name, sequence] : sequences) {
        report.frames += sequence.keys.size();
        for (const std::uint32_t key : sequence.keys)
            for (std::size_t a = 0; a < count; ++a)
                for (const Annotation* box : annotators.shapes(a, key)) untracked += box->track == no_id;
    }
    report.sequences = sequences.size();
    for (std::uint32_t a = 0; a < count; ++a)
        for (std::uint32_t b = a + 1; b < count; ++b) {
            TrackPair pair{a, b, 0, 0, {}, {}};
            for (const auto& [name, sequence] : sequences) {
                std::vector<TrackFrame> a_first, b_first;
                for (const std::uint32_t key : sequence.keys) {
                    if (!annotators.has(a, key) || !annotators.has(b, key)) continue;
                    a_first.push_back({annotators.shapes(a, key), annotators.shapes(b, key)});
                    b_first.push_back({a_first.back().hypothesis, a_first.back().reference});
                }
                if (a_first.empty()) continue;
                pair.frames += a_first.size();
                ++pair.sequences;
                pair.a_reference.add(track_scores(a_first, iou_threshold));
                pair.b_reference.add(track_scores(b_first, iou_threshold));
            }
            report.pairs.push_back(std::move(pair));
        }
    add_track_notes(report, annotators, untracked);
    return report;
}

}  // namespace labelkit
