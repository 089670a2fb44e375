// Candidates are found through a grid: the key of an entry is its item, class and the grid
// cells of its four box edges. A duplicate has each edge within the tolerance, so in the cell of
// the edge minus or plus the tolerance: a lookup lands on one key unless an edge is near a cell
// border (then up to 2^4). Cells are far wider than the tolerance (64 times, and at least a
// pixel), so that is rare. Candidates are then checked on their digests, and confirmed on the
// annotations themselves.
#include "ops/union_duplicates.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "labelkit/error.hpp"

namespace labelkit {

namespace {

constexpr std::uint32_t none = UINT32_MAX;
constexpr double cell_widths = 64;  // a cell is this many tolerances wide (and at least one pixel)

std::uint64_t bits_of(double value) {
    value += 0.0;  // -0 as 0
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

std::uint64_t mix(std::uint64_t key, std::uint64_t value) {
    key = (key ^ value) * 0x9e3779b97f4a7c15ULL;
    return key ^ (key >> 29);
}

// The grid cell of a value; the offset keeps whole and half pixels, the usual values, off the borders.
double cell(double value, double width) { return std::floor(value / width + 0.318309886); }

bool same_box(const GeometryDigest& a, const GeometryDigest& b, double tolerance) {
    const auto close = [&](double x, double y) { return std::abs(x - y) <= tolerance; };
    return a.category == b.category && close(a.box.x, b.box.x) && close(a.box.y, b.box.y) &&
           close(a.box.right(), b.box.right()) && close(a.box.bottom(), b.box.bottom());
}

}  // namespace

UnionDuplicates::UnionDuplicates(double tolerance) : tolerance_(tolerance) {}

// Exactly equal boxes (tolerance 0) are keyed by their edges themselves.
UnionDuplicates::Cells UnionDuplicates::cells_of(const Box& box, double shift) const {
    const Cells edges{box.x, box.y, box.right(), box.bottom()};
    if (tolerance_ == 0) return edges;
    Cells cells;
    for (std::size_t e = 0; e < cells.size(); ++e)
        cells[e] = cell(edges[e] + shift * tolerance_, std::max(1.0, cell_widths * tolerance_));
    return cells;
}

std::uint64_t UnionDuplicates::key_of(std::uint32_t item, std::uint32_t category, const Cells& cells) const {
    std::uint64_t key = mix(0x2545f4914f6cdd1dULL, std::uint64_t{item} << 32 | category);
    for (const double c : cells) key = mix(key, bits_of(c));
    return key == 0 ? 1 : key;  // 0 marks an empty slot
}

bool UnionDuplicates::confirmed(const Entry& entry, const Annotation& annotation, const GeometryDigest& digest,
                                const Recall& recall) const {
    if (!same_box(entry.digest, digest, tolerance_)) return false;
    if (digest.bare()) return true;
    if (entry.digest.bare() || !same_within(entry.digest, digest, tolerance_)) return false;
    Annotation earlier = recall(entry.accepted);
    earlier.category = annotation.category;  // a recalled annotation need not carry the union's index
    return same_class_and_geometry(earlier, annotation, tolerance_);
}

std::uint32_t UnionDuplicates::head(std::uint64_t key) const {
    if (keys_.empty()) return none;
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t at = key & mask;; at = (at + 1) & mask) {
        if (keys_[at] == key) return heads_[at];
        if (keys_[at] == 0) return none;
    }
}

std::uint32_t* UnionDuplicates::slot(std::uint64_t key) {
    if (2 * (used_ + 1) > keys_.size()) grow(used_ + 1);
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t at = key & mask;; at = (at + 1) & mask) {
        if (keys_[at] == key) return &heads_[at];
        if (keys_[at] == 0) {
            keys_[at] = key;
            heads_[at] = none;
            ++used_;
            return &heads_[at];
        }
    }
}

// Makes room for `entries` keys at most half full, in one rehash.
void UnionDuplicates::grow(std::size_t entries) {
    std::size_t size = std::max<std::size_t>(1024, keys_.size());
    while (size < 2 * entries) size *= 2;
    if (size == keys_.size()) return;
    std::vector<std::uint64_t> keys(size, 0);
    std::vector<std::uint32_t> heads(size, none);
    for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == 0) continue;
        std::size_t at = keys_[i] & (size - 1);
        while (keys[at] != 0) at = (at + 1) & (size - 1);
        keys[at] = keys_[i];
        heads[at] = heads_[i];
    }
    keys_ = std::move(keys);
    heads_ = std::move(heads);
}

bool UnionDuplicates::seen(const Annotation& annotation, const GeometryDigest& digest, std::uint32_t generation,
                           const Recall& recall) const {
    const Cells low = cells_of(digest.box, -1), high = cells_of(digest.box, +1);
    for (unsigned combination = 0; combination < 16; ++combination) {
        Cells cells;
        bool repeated = false;
        for (std::size_t e = 0; e < cells.size(); ++e) {
            const bool upper = (combination >> e) & 1u;
            repeated = repeated || (upper && high[e] == low[e]);
            cells[e] = upper ? high[e] : low[e];
        }
        if (repeated) continue;  // the same cells as a combination already looked at
        for (std::uint32_t e = head(key_of(annotation.item, digest.category, cells)); e != none; e = entries_[e].next) {
            const Entry& entry = entries_[e];
            if (entry.item == annotation.item && entry.generation == generation &&
                confirmed(entry, annotation, digest, recall))
                return true;
        }
    }
    return false;
}

void UnionDuplicates::remember(const GeometryDigest& digest, std::uint32_t item, std::uint32_t generation,
                               std::uint32_t accepted) {
    if (entries_.size() >= none - 1) throw Error("merge: more than 4 billion annotations");
    pending_.push_back(static_cast<std::uint32_t>(entries_.size()));
    entries_.push_back({digest, item, generation, accepted, none});
}

void UnionDuplicates::end_input() {
    grow(used_ + pending_.size());
    for (const std::uint32_t e : pending_) {
        Entry& entry = entries_[e];
        std::uint32_t* latest = slot(key_of(entry.item, entry.digest.category, cells_of(entry.digest.box, 0)));
        entry.next = *latest;
        *latest = e;
    }
    pending_.clear();
    pending_.shrink_to_fit();
}

}  // namespace labelkit
