// merge --label-map FILE: `source: target` renames a class, `source: null` drops it.
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/merge.hpp"

namespace labelkit {

namespace {

Location at(const std::filesystem::path& file, const YAML::Mark& mark) {
    return Location{file.string(), static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1), {}};
}

}  // namespace

std::optional<std::string> LabelMap::apply(const std::string& name) const {
    for (const auto& [source, target] : entries)
        if (source == name) return target;
    return name;
}

LabelMap read_label_map(const std::filesystem::path& file) {
    if (!is_file(file) && !is_folder(file)) throw Error(fmt::format("{}: no such label map", file.string()));
    const std::string text = read_text_file(file, limits::max_yaml_bytes);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& error) {
        throw Error(fmt::format("invalid YAML: {}", error.msg), at(file, error.mark));
    }
    if (!root.IsMap())
        throw Error("a label map is a mapping of class names to a new name, or to null to drop the class",
                    at(file, root.Mark()));
    LabelMap map;
    std::set<std::string> seen;
    for (const auto& entry : root) {
        if (!entry.first.IsScalar()) throw Error("a class name must be a plain name", at(file, entry.first.Mark()));
        const std::string source = entry.first.as<std::string>();
        if (!seen.insert(source).second)
            throw Error(fmt::format("'{}' is listed twice", source), at(file, entry.first.Mark()));
        if (entry.second.IsNull()) {
            map.entries.emplace_back(source, std::nullopt);
        } else if (entry.second.IsScalar() && !entry.second.as<std::string>().empty()) {
            map.entries.emplace_back(source, entry.second.as<std::string>());
        } else {
            throw Error(fmt::format("'{}' must map to a class name, or to null to drop it", source),
                        at(file, entry.second.Mark()));
        }
    }
    return map;
}

}  // namespace labelkit
