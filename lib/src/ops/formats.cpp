#include "labelkit/ops/formats.hpp"

namespace labelkit {

namespace {

// The capabilities by the names reports give them, in a fixed order.
std::vector<std::pair<std::string, bool>> stored_features(const Capabilities& stores) {
    return {{"boxes", stores.boxes},           {"polygons", stores.polygons},
            {"masks", stores.rle_masks},       {"oriented-boxes", stores.oriented_boxes},
            {"keypoints", stores.keypoints},   {"attributes", stores.attributes},
            {"iscrowd", stores.iscrowd},       {"scores", stores.scores},
            {"category-ids", stores.category_ids}, {"image-ids", stores.image_ids},
            {"dataset-info", stores.dataset_info}, {"subsets", stores.subsets},
            {"ratings", stores.ratings},       {"item-labels", stores.item_labels},
            {"texts", stores.texts},           {"annotators", stores.annotators},
            {"tracks", stores.tracks}};
}

}  // namespace

std::vector<FormatSummary> list_formats() {
    std::vector<FormatSummary> summaries;
    for (const Format& format : all_formats())
        summaries.push_back({format.name, format.aliases, format.description, format.read || format.read_judgments,
                             static_cast<bool>(format.write), stored_features(format.stores),
                             format.stores.one_shape_kind, format.file_extensions});
    return summaries;
}

nlohmann::json formats_json(const std::vector<FormatSummary>& formats) {
    nlohmann::json document = nlohmann::json::array();
    for (const FormatSummary& format : formats) {
        nlohmann::json stores = nlohmann::json::object();
        for (const auto& [name, stored] : format.stores) stores[name] = stored;
        document.push_back({{"name", format.name}, {"aliases", format.aliases}, {"description", format.description}, {"read", format.read},
                            {"write", format.write}, {"stores", stores}, {"one_shape_kind", format.one_shape_kind},
                            {"file_extensions", format.file_extensions}});
    }
    return document;
}

}  // namespace labelkit
