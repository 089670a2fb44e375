// merge --mode consensus: one annotation per object enough annotators drew.
#include <algorithm>
#include <limits>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/matching.hpp"
#include "labelkit/ops/merge.hpp"
#include "ops/consensus_tracks.hpp"

namespace labelkit {

std::size_t Quorum::required(std::size_t annotators) const {
    if (majority) return annotators / 2 + 1;
    if (percent) return std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(value / 100.0 * annotators - 1e-9)));
    return static_cast<std::size_t>(value);
}

std::string Quorum::to_string() const {
    if (majority) return "majority";
    return percent ? fmt::format("{}%", format_number(value)) : fmt::format("{}", static_cast<std::size_t>(value));
}

std::optional<Quorum> parse_quorum(const std::string& text) {
    if (text == "majority") return Quorum{};
    const bool percent = text.ends_with('%');
    const std::optional<double> value = parse_double(percent ? text.substr(0, text.size() - 1) : text);
    if (!value || !std::isfinite(*value) || *value <= 0) return std::nullopt;
    if (percent && *value > 100) return std::nullopt;
    if (!percent && (*value != std::floor(*value))) return std::nullopt;
    return Quorum{false, percent, *value};
}

namespace {

// The class most members gave; a tie goes to the class of the earliest member.
std::pair<std::uint32_t, std::vector<std::pair<std::uint32_t, std::size_t>>> vote(
    const std::vector<const Annotation*>& members) {
    std::vector<std::pair<std::uint32_t, std::size_t>> votes;  // class -> count, first-vote order
    for (const Annotation* member : members) {
        auto it = std::find_if(votes.begin(), votes.end(), [&](const auto& v) { return v.first == member->category; });
        if (it == votes.end()) votes.emplace_back(member->category, 1);
        else ++it->second;
    }
    const auto winner = std::max_element(votes.begin(), votes.end(),
                                         [](const auto& x, const auto& y) { return x.second < y.second; });
    return {winner->first, votes};
}

bool has_region(const Annotation& a) { return !std::holds_alternative<std::monostate>(a.shape); }

// The image size for voting: the item's, or the members' extent when the item has none.
std::pair<std::uint32_t, std::uint32_t> vote_size(const Item& item, const std::vector<const Annotation*>& members) {
    if (item.width && item.height) return {item.height, item.width};
    constexpr double largest = std::numeric_limits<std::uint32_t>::max();
    double right = 1, bottom = 1;
    for (const Annotation* m : members) {
        if (std::isfinite(m->box.right())) right = std::clamp(m->box.right(), right, largest);
        if (std::isfinite(m->box.bottom())) bottom = std::clamp(m->box.bottom(), bottom, largest);
    }
    return {static_cast<std::uint32_t>(std::ceil(bottom)), static_cast<std::uint32_t>(std::ceil(right))};
}

// Whether the members' boxes, within the image, cover more pixels than one raster may hold.
bool too_large_to_vote(const std::vector<const Annotation*>& members, std::uint32_t height, std::uint32_t width) {
    double x0 = width, y0 = height, x1 = 0, y1 = 0;
    for (const Annotation* m : members) {
        x0 = std::min(x0, m->box.x);
        y0 = std::min(y0, m->box.y);
        x1 = std::max(x1, m->box.right());
        y1 = std::max(y1, m->box.bottom());
    }
    const double columns = std::min<double>(std::ceil(x1), width) - std::max(std::floor(x0), 0.0);
    const double rows = std::min<double>(std::ceil(y1), height) - std::max(std::floor(y0), 0.0);
    return columns > 0 && rows > 0 && columns * rows > static_cast<double>(limits::max_raster_pixels);
}

// Polygons when most shaped members are polygons (or oriented boxes), else the mask.
void fuse_region(Annotation& fused, const std::vector<const Annotation*>& members, const Item& item,
                 ConsensusSummary& summary) {
    std::size_t shaped = 0, masks = 0;
    for (const Annotation* m : members) {
        shaped += has_region(*m);
        masks += std::holds_alternative<RleMask>(m->shape);
    }
    if (shaped == 0) return;
    // Members that drew the very same region agree on it exactly: keep it, not its pixels.
    const bool identical = std::all_of(members.begin(), members.end(),
                                       [&](const Annotation* m) { return m->shape == members.front()->shape; });
    if (identical) {
        fused.shape = members.front()->shape;
        return;
    }
    const auto [height, width] = vote_size(item, members);
    if (too_large_to_vote(members, height, width)) {
        ++summary.shapes_too_large_to_vote;
        return;
    }
    RleMask mask = majority_mask(members, height, width);
    if (area(mask) == 0) {
        ++summary.shapes_without_majority_region;
        return;
    }
    fused.box = bounds(mask);
    if (2 * masks > shaped) {
        fused.shape = std::move(mask);
        return;
    }
    PolygonSet polygons = rle_to_polygons(mask);
    if (!polygons.rings.empty()) fused.shape = std::move(polygons);
}

struct ImageGroups {
    std::vector<std::vector<const Annotation*>> shapes;  // per annotator
    std::vector<std::vector<GroupMember>> groups;
};

// The classes of the whole item that at least `required` of its annotators gave.
void vote_item_labels(const AlignedAnnotators& annotators, std::size_t key, std::uint32_t item, std::size_t required,
                      std::size_t present, Dataset& result, ConsensusSummary& summary) {
    std::map<std::uint32_t, std::vector<std::string>> voters;
    for (std::size_t a = 0; a < annotators.annotators().size(); ++a) {
        std::vector<std::uint32_t> labels = annotators.item_labels(a, key);
        std::sort(labels.begin(), labels.end());
        labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
        for (const std::uint32_t category : labels) voters[category].push_back(annotators.annotators()[a]);
    }
    for (const auto& [category, who] : voters) {
        if (who.size() < required) {
            ++summary.labels_below_quorum;
            continue;
        }
        Label label;
        label.item = item;
        label.category = category;
        label.score = static_cast<double>(who.size()) / static_cast<double>(present);
        label.attributes = {{"agreement", *label.score}, {"annotators", who}};
        result.labels.push_back(std::move(label));
        ++summary.labels_kept;
    }
}

}  // namespace

Dataset consensus(const AlignedAnnotators& annotators, const ConsensusOptions& options, ConsensusSummary& summary) {
    const std::size_t count = annotators.annotators().size();
    const std::vector<std::string>& names = annotators.annotators();
    summary.annotators = names;
    summary.shapes.assign(count, 0);
    summary.unmatched.assign(count, 0);

    Dataset result;
    for (const std::string& name : annotators.categories()) result.categories.push_back({0, name, {}, {}, {}});
    // Category ids: those of the first annotator that declares the name, when free.
    std::vector<bool> assigned(result.categories.size(), false);
    std::set<std::int64_t> taken;
    for (std::size_t a = 0; a < count; ++a)
        for (const Category& category : annotators.dataset(a).categories) {
            const std::uint32_t index = *result.find_category(category.name);
            if (assigned[index] || taken.contains(category.id)) continue;
            result.categories[index] = category;
            assigned[index] = true;
            taken.insert(category.id);
        }
    for (std::size_t c = 0; c < result.categories.size(); ++c)
        if (!assigned[c]) {
            result.categories[c].id = taken.empty() ? 1 : *taken.rbegin() + 1;
            taken.insert(result.categories[c].id);
        }

    ImageGroups image;
    image.shapes.resize(count);
    std::vector<std::vector<MemberIdentity>> identities;  // per consensus annotation: its members' tracks
    for (std::size_t key = 0; key < annotators.items().size(); ++key) {
        std::size_t first = 0;
        while (!annotators.has(first, key)) ++first;
        Item item = annotators.dataset(first).items[annotators.item_index(first, key)];
        item.id = static_cast<std::int64_t>(result.items.size() + 1);
        if (!item.subset.empty()) result.add_subset(item.subset);
        const auto item_index = static_cast<std::uint32_t>(result.items.size());
        result.items.push_back(item);
        ++summary.images;

        const std::size_t present = annotators.coverage(key);
        const std::size_t required = options.quorum.required(present);
        for (std::size_t a = 0; a < count; ++a) {
            image.shapes[a] = annotators.shapes(a, key);
            summary.shapes[a] += image.shapes[a].size();
        }
        image.groups = group_shapes(image.shapes, options.iou_threshold, !options.class_agnostic);
        ImageConsensus notes{annotators.items()[key], present, {}, {}};
        for (const auto& group : image.groups) {
            ++summary.groups;
            std::vector<const Annotation*> members;
            std::vector<std::string> who;
            for (const GroupMember& m : group) {
                members.push_back(image.shapes[m.annotator][m.shape]);
                who.push_back(names[m.annotator]);
            }
            if (group.size() == 1) ++summary.unmatched[group.front().annotator];
            const auto [category, votes] = vote(members);
            GroupNote note{annotators.categories()[category], who, {}};
            if (votes.size() > 1) {
                for (const auto& [c, n] : votes) note.votes.emplace_back(annotators.categories()[c], n);
                ++summary.split_votes;
                notes.split_votes.push_back(note);
            }
            if (group.size() < required) {
                ++summary.below_quorum;
                notes.below_quorum.push_back(note);
                continue;
            }
            Annotation fused;
            fused.item = item_index;
            fused.category = category;
            const FusedBox box = fuse_boxes(members, options.fuse, present);
            fused.box = box.box;
            fused.score = box.score;
            fuse_region(fused, members, item, summary);
            for (const Annotation* m : members) summary.keypoints_dropped += !m->keypoints.empty();
            fused.attributes = {{"agreement", static_cast<double>(group.size()) / static_cast<double>(present)},
                                {"annotators", who}};
            fused.id = static_cast<std::int64_t>(result.annotations.size() + 1);
            result.annotations.push_back(std::move(fused));
            std::vector<MemberIdentity>& tracked = identities.emplace_back();
            for (const GroupMember& m : group)
                if (const std::int64_t track = image.shapes[m.annotator][m.shape]->track; track != no_id)
                    tracked.emplace_back(m.annotator, track);
            ++summary.kept;
        }
        if (options.vote_item_labels)
            vote_item_labels(annotators, key, item_index, required, present, result, summary);
        if (!notes.below_quorum.empty() || !notes.split_votes.empty()) summary.per_image.push_back(std::move(notes));
    }
    summary.tracks = assign_consensus_tracks(result, identities);
    return result;
}

}  // namespace labelkit
