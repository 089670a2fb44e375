// labelkit formats: what each format can read, write and store.
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "labelkit/format.hpp"

namespace labelkit::cli {

namespace {

std::vector<std::pair<const char*, bool>> stored_features(const Capabilities& stores) {
    return {{"boxes", stores.boxes},           {"polygons", stores.polygons},
            {"masks", stores.rle_masks},       {"oriented-boxes", stores.oriented_boxes},
            {"keypoints", stores.keypoints},   {"attributes", stores.attributes},
            {"iscrowd", stores.iscrowd},       {"scores", stores.scores},
            {"category-ids", stores.category_ids}, {"image-ids", stores.image_ids},
            {"dataset-info", stores.dataset_info}, {"subsets", stores.subsets}};
}

int print_formats(bool as_json) {
    const std::vector<Format> formats = all_formats();
    if (as_json) {
        nlohmann::json document = nlohmann::json::array();
        for (const Format& format : formats) {
            nlohmann::json stores = nlohmann::json::object();
            for (const auto& [name, stored] : stored_features(format.stores)) stores[name] = stored;
            document.push_back({{"name", format.name}, {"description", format.description},
                                {"read", static_cast<bool>(format.read)},
                                {"write", static_cast<bool>(format.write)}, {"stores", stores},
                                {"one_shape_kind", format.stores.one_shape_kind}});
        }
        fmt::print("{}\n", document.dump(2));
        return 0;
    }
    for (const Format& format : formats) {
        std::string stores;
        for (const auto& [name, stored] : stored_features(format.stores))
            if (stored) stores += fmt::format("{}{}", stores.empty() ? "" : ", ", name);
        fmt::print("{:<13} {}{} {}\n", format.name, format.read ? "r" : "-", format.write ? "w" : "-",
                   format.description);
        fmt::print("{:<13}    stores: {}{}\n", "", stores,
                   format.stores.one_shape_kind ? " (one shape kind per dataset)" : "");
    }
    return 0;
}

}  // namespace

void add_formats_command(CLI::App& app, Console&, Action& action) {
    auto as_json = std::make_shared<bool>(false);
    CLI::App* command = app.add_subcommand("formats", "list formats: what each can read, write and store");
    command->add_flag("--json", *as_json, "print as JSON");
    command->callback([&action, as_json] { action = [as_json](std::size_t) { return print_formats(*as_json); }; });
}

}  // namespace labelkit::cli
