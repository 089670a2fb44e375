// Candidates are found through a grid: the key of an entry is its item, class, shape structure
// and the grid cells of its four box edges and two weighted point sums. A duplicate lies within
// the tolerance of each of these values, so in the cell of the value minus or plus the tolerance:
// a lookup lands on one key unless a value is near a cell border (then up to 2^6). Cells are
// far wider than the tolerance (64 times, and at least a pixel), so that is rare.
#include "ops/union_duplicates.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "labelkit/error.hpp"

namespace labelkit {

namespace {

constexpr std::uint32_t none = UINT32_MAX;
constexpr double cell_widths = 64;  // a cell is this many tolerances wide (and at least one unit)

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

// The grid cell of a value; the offset keeps whole and half units, the usual values, off the borders.
double cell(double value, double width) { return std::floor(value / width + 0.318309886); }

// How far each digest value may move: the tolerance for box edges, and for the weighted sums what
// points each within the tolerance allow, plus twice the rounding same_within allows for (which it
// takes from the other digest, of nearly the same magnitude).
std::array<double, 6> allowances(const GeometryDigest& digest, double tolerance) {
    const double n = digest.points;
    const double rounding = 2e-12 * std::max(std::abs(digest.weighted_x), std::abs(digest.weighted_y));
    const double sums = tolerance * n * (n + 1) / 2 + rounding;
    return {tolerance, tolerance, tolerance, tolerance, sums, sums};
}

std::array<double, 6> values(const GeometryDigest& digest) {
    const Box& box = digest.box;
    return {box.x, box.y, box.right(), box.bottom(), digest.weighted_x, digest.weighted_y};
}

}  // namespace

UnionDuplicates::UnionDuplicates(double tolerance) : tolerance_(tolerance) {}

// Exactly equal boxes (tolerance 0) are keyed by their edges themselves.
UnionDuplicates::Cells UnionDuplicates::cells_of(const GeometryDigest& digest, double shift) const {
    const std::array<double, 6> value = values(digest);
    const std::array<double, 6> allowance = allowances(digest, tolerance_);
    Cells cells;
    for (std::size_t d = 0; d < cells.size(); ++d) {
        if (d < 4 && tolerance_ == 0) {
            cells[d] = value[d];
            continue;
        }
        cells[d] = cell(value[d] + shift * allowance[d], std::max(1.0, cell_widths * allowance[d]));
    }
    return cells;
}

std::uint64_t UnionDuplicates::key_of(const GeometryDigest& digest, std::uint32_t item, const Cells& cells) const {
    std::uint64_t key = mix(mix(std::uint64_t{item} << 32 | digest.category, digest.structure), digest.points);
    for (const double c : cells) key = mix(key, bits_of(c));
    return key == 0 ? 1 : key;  // 0 marks an empty slot
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

bool UnionDuplicates::seen(const GeometryDigest& digest, std::uint32_t item, std::uint32_t generation) const {
    const Cells low = cells_of(digest, -1), high = cells_of(digest, +1);
    for (unsigned combination = 0; combination < 64; ++combination) {
        Cells cells;
        bool repeated = false;
        for (std::size_t d = 0; d < cells.size(); ++d) {
            const bool upper = (combination >> d) & 1u;
            repeated = repeated || (upper && high[d] == low[d]);
            cells[d] = upper ? high[d] : low[d];
        }
        if (repeated) continue;  // the same cells as a combination already looked at
        for (std::uint32_t e = head(key_of(digest, item, cells)); e != none; e = entries_[e].next) {
            const Entry& entry = entries_[e];
            if (entry.item == item && entry.generation == generation && same_within(entry.digest, digest, tolerance_))
                return true;
        }
    }
    return false;
}

void UnionDuplicates::remember(const GeometryDigest& digest, std::uint32_t item, std::uint32_t generation) {
    if (entries_.size() >= none - 1) throw Error("merge: more than 4 billion annotations");
    pending_.push_back(static_cast<std::uint32_t>(entries_.size()));
    entries_.push_back({digest, item, generation, none});
}

void UnionDuplicates::end_input() {
    grow(used_ + pending_.size());
    for (const std::uint32_t e : pending_) {
        Entry& entry = entries_[e];
        std::uint32_t* latest = slot(key_of(entry.digest, entry.item, cells_of(entry.digest, 0)));
        entry.next = *latest;
        *latest = e;
    }
    pending_.clear();
    pending_.shrink_to_fit();
}

}  // namespace labelkit
