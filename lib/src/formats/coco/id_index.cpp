#include "formats/coco/coco_private.hpp"

#include <algorithm>

namespace labelkit::coco {

void IdIndex::build(std::span<const std::int64_t> ids, std::span<const std::uint32_t> values) {
    table_.clear();
    map_.clear();
    if (ids.empty()) {
        dense_ = true;
        min_ = 0;
        max_ = -1;
        return;
    }
    const auto [low, high] = std::minmax_element(ids.begin(), ids.end());
    min_ = *low;
    max_ = *high;
    // Unsigned arithmetic: the span of int64 ids may not fit a signed difference.
    const std::uint64_t span = static_cast<std::uint64_t>(max_) - static_cast<std::uint64_t>(min_);
    dense_ = span < 4 * static_cast<std::uint64_t>(ids.size()) + 1024;
    if (dense_) {
        table_.assign(static_cast<std::size_t>(span) + 1, empty);
        for (std::size_t i = 0; i < ids.size(); ++i) table_[static_cast<std::size_t>(ids[i] - min_)] = values[i];
        return;
    }
    map_.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) map_.emplace(ids[i], values[i]);
}

}  // namespace labelkit::coco
