// One outline per object: Ultralytics segment labels hold one polygon per line, and a line is
// one object. An object drawn as several rings (COCO allows it) is joined into one ring the
// way Ultralytics' COCO converter does it (ultralytics/data/converter.py, merge_multi_segment):
// consecutive rings are linked at their closest pair of points (the first such pair, as
// numpy's argmin picks it); the walk goes forward through every ring, from the point linked
// to the previous ring to the point linked to the next, and comes back through the middle
// rings the other way round, so the result is one outline with zero-width bridges. The first
// and the last ring are walked whole and closed (their link point repeated).
//
// The one difference: when a middle ring's two link points come in decreasing index order,
// the Python reverses the ring's points but keeps the indexes of the unreversed ring, so it
// starts the walk at the wrong point. Here the walk goes from one link point to the other
// with index arithmetic modulo the ring size, which is what the reversal was meant to do.
#include "formats/yolo/yolo_private.hpp"

namespace labelkit::yolo {

namespace {

// Indexes of the closest pair of points, a's point first.
std::pair<std::size_t, std::size_t> closest_pair(const std::vector<Point>& a, const std::vector<Point>& b) {
    std::pair<std::size_t, std::size_t> best{0, 0};
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) {
            const double dx = a[i].x - b[j].x, dy = a[i].y - b[j].y;
            const double distance = dx * dx + dy * dy;
            if (distance < best_distance) {
                best_distance = distance;
                best = {i, j};
            }
        }
    return best;
}

// Appends ring points from index `from`, `count` steps forward (wrapping around).
void append_walk(const std::vector<Point>& ring, std::size_t from, std::size_t count, std::vector<Point>& out) {
    for (std::size_t step = 0; step < count; ++step) out.push_back(ring[(from + step) % ring.size()]);
}

}  // namespace

void merge_rings(const std::vector<std::vector<Point>>& rings, std::vector<Point>& out) {
    out.clear();
    const std::size_t n = rings.size();
    if (n == 0) return;
    if (n == 1) {
        out = rings[0];
        return;
    }
    // in[i]: the point of ring i linked to ring i-1; exit[i]: the point linked to ring i+1.
    std::vector<std::size_t> in(n, 0), exit(n, 0);
    for (std::size_t i = 1; i < n; ++i) {
        const auto [a, b] = closest_pair(rings[i - 1], rings[i]);
        exit[i - 1] = a;
        in[i] = b;
    }
    // Forward: the first ring whole from its exit, then each middle ring from in to exit,
    // then the last ring whole from its entry.
    append_walk(rings[0], exit[0], rings[0].size() + 1, out);
    for (std::size_t i = 1; i + 1 < n; ++i) {
        const std::size_t size = rings[i].size();
        const std::size_t forward = (exit[i] + size - in[i]) % size;
        append_walk(rings[i], in[i], forward + 1, out);
    }
    append_walk(rings[n - 1], in[n - 1], rings[n - 1].size() + 1, out);
    // Backward: each middle ring, last to first, from its exit round to its entry.
    for (std::size_t i = n - 1; i-- > 1;) {
        const std::size_t size = rings[i].size();
        const std::size_t forward = (exit[i] + size - in[i]) % size;
        append_walk(rings[i], exit[i], size - forward + 1, out);
    }
}

}  // namespace labelkit::yolo
