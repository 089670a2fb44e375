#pragma once
// Maps COCO ids (image ids, category ids) to dataset indices: a flat table when the ids are
// dense enough (the usual case), a hash map otherwise.
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace labelkit::coco {

class IdIndex {
public:
    // Maps ids[i] to values[i]. The ids are unique: the reader reports and drops repeats first.
    void build(std::span<const std::int64_t> ids, std::span<const std::uint32_t> values);

    std::optional<std::uint32_t> find(std::int64_t id) const {
        if (dense_) {
            if (id < min_ || id > max_) return std::nullopt;
            const std::uint32_t value = table_[static_cast<std::size_t>(id - min_)];
            if (value == empty) return std::nullopt;
            return value;
        }
        const auto found = map_.find(id);
        if (found == map_.end()) return std::nullopt;
        return found->second;
    }

private:
    static constexpr std::uint32_t empty = UINT32_MAX;
    bool dense_ = true;
    std::int64_t min_ = 0;
    std::int64_t max_ = -1;
    std::vector<std::uint32_t> table_;
    std::unordered_map<std::int64_t, std::uint32_t> map_;
};

}  // namespace labelkit::coco
