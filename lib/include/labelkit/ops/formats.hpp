#pragma once
// `labelkit formats`: what each format of the registry can read, write and store.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"

namespace labelkit {

struct FormatSummary {
    std::string name;
    std::vector<std::string> aliases;  // other names --from and --to take
    std::string description;
    bool read = false;   // datasets, or rating tables
    bool write = false;
    std::vector<std::pair<std::string, bool>> stores;  // feature ("boxes", "polygons", ...) -> stored
    bool one_shape_kind = false;  // one shape kind per dataset
    std::vector<std::string> file_extensions;  // of a dataset or table that is one file
};

// Every format of the registry, in its order.
std::vector<FormatSummary> list_formats();

// The list as `labelkit formats --json` prints it.
nlohmann::json formats_json(const std::vector<FormatSummary>& formats);

}  // namespace labelkit
