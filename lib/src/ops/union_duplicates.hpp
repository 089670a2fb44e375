#pragma once
// merge's union: which annotations repeat one of an earlier input's, on the same image, of the
// same class, with the same geometry within a tolerance. Only a 64-byte digest of each earlier
// annotation is kept (the union of COCO-sized files is written as it is read).
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "labelkit/geometry.hpp"

namespace labelkit {

class UnionDuplicates {
public:
    explicit UnionDuplicates(double tolerance);

    // Whether an annotation of an earlier input, on this item and of its current generation (an
    // image replaced by --on-conflict last starts a new one), is the same as this one.
    bool seen(const GeometryDigest& digest, std::uint32_t item, std::uint32_t generation) const;
    // Keeps an accepted annotation of the current input; it is looked at from the next input on.
    void remember(const GeometryDigest& digest, std::uint32_t item, std::uint32_t generation);
    // The current input is done: what it remembered becomes visible.
    void end_input();

private:
    struct Entry {
        GeometryDigest digest;
        std::uint32_t item = 0;
        std::uint32_t generation = 0;
        std::uint32_t next = 0;  // the entry before it with the same key, or none
    };
    using Cells = std::array<double, 6>;  // of the box's four edges and the two weighted sums
    Cells cells_of(const GeometryDigest& digest, double shift) const;
    std::uint64_t key_of(const GeometryDigest& digest, std::uint32_t item, const Cells& cells) const;
    std::uint32_t* slot(std::uint64_t key);
    std::uint32_t head(std::uint64_t key) const;
    void grow(std::size_t entries);

    double tolerance_;
    std::deque<Entry> entries_;
    std::vector<std::uint32_t> pending_;  // entries of the current input, not yet in the table
    // Open addressing, linear probing: key -> the latest entry with that key (a chain through next).
    std::vector<std::uint64_t> keys_;
    std::vector<std::uint32_t> heads_;
    std::size_t used_ = 0;
};

}  // namespace labelkit
