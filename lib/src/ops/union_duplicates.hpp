#pragma once
// merge's union: which annotations repeat one of an earlier input's, on the same image, of the
// same class, with the same geometry within a tolerance (same_class_and_geometry). Only a
// 64-byte digest of each earlier annotation is kept, to find candidates (the union of COCO-sized
// files is written as it is read); a candidate is then confirmed on the annotation itself, which
// the caller recalls (from memory, or read back from the file written so far).
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "labelkit/geometry.hpp"

namespace labelkit {

class UnionDuplicates {
public:
    explicit UnionDuplicates(double tolerance);

    // The earlier annotation of this acceptance number, for a candidate's confirmation.
    using Recall = std::function<Annotation(std::uint32_t accepted)>;

    // Whether an annotation of an earlier input, on this item and of its current generation (an
    // image replaced by --on-conflict last starts a new one), is the same as this one. A box alone
    // (or the outline of its own box) repeats any annotation of its class and box: a copy in a
    // format that keeps boxes only adds nothing to the polygon it came from.
    bool seen(const Annotation& annotation, const GeometryDigest& digest, std::uint32_t generation,
              const Recall& recall) const;
    // Keeps an accepted annotation of the current input (its acceptance number, counted from 0 over
    // the union); it is looked at from the next input on.
    void remember(const GeometryDigest& digest, std::uint32_t item, std::uint32_t generation, std::uint32_t accepted);
    // The current input is done: what it remembered becomes visible.
    void end_input();

private:
    struct Entry {
        GeometryDigest digest;
        std::uint32_t item = 0;
        std::uint32_t generation = 0;
        std::uint32_t accepted = 0;
        std::uint32_t next = 0;  // the entry before it with the same key, or none
    };
    using Cells = std::array<double, 4>;  // of the box's four edges
    Cells cells_of(const Box& box, double shift) const;
    std::uint64_t key_of(std::uint32_t item, std::uint32_t category, const Cells& cells) const;
    bool confirmed(const Entry& entry, const Annotation& annotation, const GeometryDigest& digest,
                   const Recall& recall) const;
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
