#pragma once
// Ultralytics data.yaml: dataset root, subsets, class names, keypoint shape.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"

namespace labelkit::yolo {

// A subset's images as data.yaml names them: folders, .txt lists or image files.
struct DataYamlSource {
    std::string value;
    Location where;
};

struct DataYamlSubset {
    std::string name;  // the key: train, val, test, minival
    std::vector<DataYamlSource> sources;
};

struct DataYaml {
    std::filesystem::path file;
    std::filesystem::path root;  // `path`, resolved
    std::vector<DataYamlSubset> subsets;
    std::vector<std::string> names;
    std::optional<std::array<int, 2>> kpt_shape;
    std::vector<std::vector<std::string>> keypoint_names;  // kpt_names, per class
    std::string task;  // from a "# labelkit-task: <task>" comment line, or empty
};

// Reads a data.yaml. Throws labelkit::Error at the offending line for names given as a dict
// with gaps, nc different from the number of names, a bad kpt_shape or invalid YAML.
// Reading leniently, gaps and an nc that does not match are reported and read past.
// Whether a data.yaml key is one of Ultralytics' own (path, names, nc, ...), never a subset.
bool is_reserved_data_yaml_key(std::string_view key);

DataYaml read_data_yaml(const std::filesystem::path& file, const ReadOptions& options, DiagnosticSink& sink);

// For detection: whether the YAML file parses and holds names (or nc); reason says what was seen.
bool data_yaml_has_names(const std::filesystem::path& file, std::string& reason);

struct DataYamlOutput {
    std::string task;  // detect, segment, obb, pose
    std::vector<std::pair<std::string, std::string>> subsets;  // key -> images folder
    std::vector<std::string> names;
    std::optional<std::array<int, 2>> kpt_shape;
    std::vector<int> flip_idx;                              // empty: not written
    std::vector<std::vector<std::string>> keypoint_names;   // empty: not written
};

// data.yaml text without a `path` key: Ultralytics then takes the yaml's folder as the root.
std::string format_data_yaml(const DataYamlOutput& data);

}  // namespace labelkit::yolo
