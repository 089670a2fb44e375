// Ultralytics data.yaml, read the way ultralytics.data.utils.check_det_dataset reads it:
//   path      the dataset root: relative to the yaml's folder; absent -> the yaml's folder
//   train/val/test/minival   a folder, a .txt list of images or a list of those, relative to path
//   names     a list, or a dict {0: a, 1: b} numbering classes 0..N-1
//   nc        optional; must equal the number of names (alone, it names classes class_0...)
//   kpt_shape [N, 2|3] for pose datasets; kpt_names {class: [names]} optionally
#include "formats/yolo/yolo_private.hpp"

#include <map>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::yolo {

namespace fs = std::filesystem;

namespace {

constexpr const char* subset_keys[] = {"train", "val", "test", "minival"};

// Another key is a subset too when its value names an existing folder or .txt list under the
// root (labelkit writes a dataset without train/val, e.g. "default", under its own name).
bool names_extra_subset(const fs::path& root, const std::string& key, const YAML::Node& value) {
    if (is_reserved_data_yaml_key(key)) return false;
    if (!value.IsScalar() || value.Scalar().empty()) return false;
    const fs::path target = root / value.Scalar();
    std::error_code error;
    return fs::is_directory(target, error) || (target.extension() == ".txt" && fs::is_regular_file(target, error));
}
constexpr std::string_view task_comment = "# labelkit-task: ";

Location at(const fs::path& file, const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0) return {file.string()};
    return {file.string(), static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

std::optional<long long> integer_of(const YAML::Node& node) {
    if (!node.IsScalar()) return std::nullopt;
    return parse_integer(node.Scalar());
}

Error too_many_classes(const std::string& what, const Location& where) {
    return Error(fmt::format("{}: labelkit reads at most {} classes", what, limits::max_classes), where, "yolo/data-yaml");
}

std::vector<std::string> read_names(const fs::path& file, const YAML::Node& node, const ReadOptions& options,
                                    DiagnosticSink& sink) {
    std::vector<std::string> names;
    if (node.IsSequence()) {
        for (const YAML::Node& name : node) {
            if (!name.IsScalar())
                throw Error("names: every class name must be a plain value", at(file, name.Mark()), "yolo/data-yaml");
            names.push_back(name.Scalar());
        }
        return names;
    }
    if (!node.IsMap())
        throw Error("names must be a list of class names or a dict {0: name, 1: name, ...}", at(file, node.Mark()),
                    "yolo/data-yaml");
    std::map<long long, std::pair<std::string, YAML::Mark>> by_index;
    for (const auto& entry : node) {
        const std::optional<long long> index = integer_of(entry.first);
        if (!index || *index < 0)
            throw Error(fmt::format("names: key '{}' is not a class index (0, 1, 2, ...)",
                                    entry.first.IsScalar() ? shorten(entry.first.Scalar()) : "?"),
                        at(file, entry.first.Mark()), "yolo/data-yaml");
        if (static_cast<unsigned long long>(*index) >= limits::max_classes)
            throw too_many_classes(fmt::format("names: class {} is past the last class", *index),
                                   at(file, entry.first.Mark()));
        if (!entry.second.IsScalar())
            throw Error("names: every class name must be a plain value", at(file, entry.second.Mark()), "yolo/data-yaml");
        if (!by_index.emplace(*index, std::pair{entry.second.Scalar(), entry.first.Mark()}).second)
            throw Error(fmt::format("names: class {} is named twice", *index), at(file, entry.first.Mark()),
                        "yolo/data-yaml");
    }
    long long expected = 0;
    for (const auto& [index, entry] : by_index) {
        if (index != expected) {  // reported where the class after the gap is named
            report_or_throw(Error(fmt::format("names: class {} is missing (a dict of names must number the classes 0 "
                                              "to {} without gaps; class {} is named here)",
                                              expected, static_cast<long long>(by_index.size()) - 1, index),
                                  at(file, entry.second), "yolo/names-gap"),
                            options, sink, "yolo/names-gap");
            for (; expected < index; ++expected) names.push_back(fmt::format("class_{}", expected));
        }
        names.push_back(entry.first);
        ++expected;
    }
    return names;
}

std::array<int, 2> read_kpt_shape(const fs::path& file, const YAML::Node& node) {
    const auto fail = [&] {
        return Error("kpt_shape must be [number of keypoints, 2 or 3] (e.g. [17, 3])", at(file, node.Mark()),
                     "yolo/data-yaml");
    };
    if (!node.IsSequence() || node.size() != 2) throw fail();
    const std::optional<long long> count = integer_of(node[0]), dims = integer_of(node[1]);
    if (!count || !dims || *count < 1 || (*dims != 2 && *dims != 3)) throw fail();
    if (static_cast<unsigned long long>(*count) > limits::max_keypoints)
        throw Error(fmt::format("kpt_shape: {} keypoints are more than labelkit reads (at most {})", *count,
                                limits::max_keypoints),
                    at(file, node.Mark()), "yolo/data-yaml");
    return {static_cast<int>(*count), static_cast<int>(*dims)};
}

std::vector<std::vector<std::string>> read_keypoint_names(const fs::path& file, const YAML::Node& node,
                                                          std::size_t classes, DiagnosticSink& sink) {
    std::vector<std::vector<std::string>> result(classes);
    const auto take = [&](std::size_t index, const YAML::Node& list) {
        if (index >= classes || !list.IsSequence()) return false;
        for (const YAML::Node& name : list) {
            if (!name.IsScalar()) return false;
            result[index].push_back(name.Scalar());
        }
        return true;
    };
    bool ok = true;
    if (node.IsMap()) {
        for (const auto& entry : node) {
            const std::optional<long long> index = integer_of(entry.first);
            ok = ok && index && *index >= 0 && take(static_cast<std::size_t>(*index), entry.second);
        }
    } else if (node.IsSequence()) {
        std::size_t index = 0;
        for (const YAML::Node& list : node) ok = ok && take(index++, list);
    } else {
        ok = false;
    }
    if (!ok) {
        sink.warn("yolo/kpt-names", "kpt_names is not a dict {class: [keypoint names]}: ignored", at(file, node.Mark()));
        return {};
    }
    return result;
}

std::string task_of(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line = std::string_view(text).substr(start, end - start);
        if (line.rfind(task_comment, 0) == 0) {
            line.remove_prefix(task_comment.size());
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
            return std::string(line);
        }
        start = end + 1;
    }
    return {};
}

YAML::Node load(const fs::path& file, const std::string& text) {
    try {
        YAML::Node root = YAML::Load(text);
        if (!root.IsMap())
            throw Error("not a YOLO data file: expected a YAML mapping (path, train, val, names)", {file.string()},
                        "yolo/data-yaml");
        return root;
    } catch (const YAML::Exception& error) {
        throw Error(fmt::format("invalid YAML: {}", error.msg), at(file, error.mark), "yolo/yaml-syntax");
    }
}

}  // namespace

bool is_reserved_data_yaml_key(std::string_view key) {
    constexpr std::string_view reserved[] = {"path", "names", "nc", "kpt_shape", "flip_idx", "kpt_names",
                                             "download", "yaml_file", "channels"};
    return std::find(std::begin(reserved), std::end(reserved), key) != std::end(reserved);
}

DataYaml read_data_yaml(const fs::path& file, const ReadOptions& options, DiagnosticSink& sink) {
    const std::string text = read_text_file(file, limits::max_yaml_bytes, SpecialFiles::refused);
    const YAML::Node root = load(file, text);
    DataYaml data;
    data.file = file;
    data.task = task_of(text);
    try {
        const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
        data.root = folder;
        if (const YAML::Node path = root["path"]; path && path.IsScalar() && !path.Scalar().empty()) {
            fs::path given(path.Scalar());
            if (given.is_relative()) given = folder / given;
            std::error_code error;
            if (fs::is_directory(given, error))
                data.root = given;
            else
                sink.warn("yolo/path-not-found",
                          fmt::format("path '{}' is not a folder: the dataset root is taken to be the folder of "
                                      "the data file, {}",
                                      path.Scalar(), folder.string()),
                          at(file, path.Mark()));
        }
        data.root = data.root.lexically_normal();

        for (const auto& entry : root) {
            if (!entry.first.IsScalar()) continue;
            const std::string key = entry.first.Scalar();
            const YAML::Node& value = entry.second;
            if (std::find(std::begin(subset_keys), std::end(subset_keys), key) == std::end(subset_keys) &&
                !names_extra_subset(data.root, key, value))
                continue;
            DataYamlSubset subset{key, {}};
            if (value.IsScalar() && !value.Scalar().empty()) {
                subset.sources.push_back({value.Scalar(), at(file, value.Mark())});
            } else if (value.IsSequence()) {
                for (const YAML::Node& source : value) {
                    if (!source.IsScalar())
                        throw Error(fmt::format("{}: expected a folder, a .txt file or an image path", key),
                                    at(file, source.Mark()), "yolo/data-yaml");
                    subset.sources.push_back({source.Scalar(), at(file, source.Mark())});
                }
            } else if (!value.IsNull() && !(value.IsScalar() && value.Scalar().empty())) {
                throw Error(fmt::format("{}: expected a folder, a .txt file or a list of those", key),
                            at(file, value.Mark()), "yolo/data-yaml");
            }
            if (!subset.sources.empty()) data.subsets.push_back(std::move(subset));
        }

        const YAML::Node names = root["names"];
        const YAML::Node nc = root["nc"];
        std::optional<long long> class_count;
        if (nc && !nc.IsNull()) {
            class_count = integer_of(nc);
            if (!class_count || *class_count < 0)
                throw Error("nc must be the number of classes", at(file, nc.Mark()), "yolo/data-yaml");
            if (static_cast<unsigned long long>(*class_count) > limits::max_classes)
                throw too_many_classes(fmt::format("nc is {}", *class_count), at(file, nc.Mark()));
        }
        if (names && !names.IsNull()) {
            data.names = read_names(file, names, options, sink);
            if (class_count && static_cast<std::size_t>(*class_count) != data.names.size())
                report_or_throw(Error(fmt::format("nc is {} but names has {} class{} (the names are used)", *class_count,
                                                  data.names.size(), data.names.size() == 1 ? "" : "es"),
                                      at(file, nc.Mark()), "yolo/nc-mismatch"),
                                options, sink, "yolo/nc-mismatch");
        } else if (class_count) {
            for (long long i = 0; i < *class_count; ++i) data.names.push_back(fmt::format("class_{}", i));
            sink.warn("yolo/no-names", fmt::format("no names: the {} classes are called class_0, class_1, ...",
                                                   *class_count),
                      at(file, nc.Mark()));
        } else {
            throw Error("data file has no 'names' (nor 'nc'): the class names are needed", {file.string()},
                        "yolo/missing-names");
        }

        if (const YAML::Node shape = root["kpt_shape"]; shape && !shape.IsNull())
            data.kpt_shape = read_kpt_shape(file, shape);
        if (const YAML::Node kpt_names = root["kpt_names"]; kpt_names && !kpt_names.IsNull())
            data.keypoint_names = read_keypoint_names(file, kpt_names, data.names.size(), sink);
    } catch (const YAML::Exception& error) {
        throw Error(fmt::format("invalid data file: {}", error.msg), at(file, error.mark), "yolo/data-yaml");
    }
    return data;
}

bool data_yaml_has_names(const fs::path& file, std::string& reason) {
    try {
        const YAML::Node root = YAML::LoadFile(file.string());
        if (!root.IsMap()) {
            reason = fmt::format("{} is not a YAML mapping", file.filename().string());
            return false;
        }
        if (root["names"] || root["nc"]) {
            reason = fmt::format("{} holds class names", file.filename().string());
            return true;
        }
        reason = fmt::format("{} has no 'names'", file.filename().string());
    } catch (const YAML::Exception& error) {
        reason = fmt::format("{} is not valid YAML ({})", file.filename().string(), error.msg);
    }
    return false;
}

std::string format_data_yaml(const DataYamlOutput& data) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const auto& [key, folder] : data.subsets) out << YAML::Key << key << YAML::Value << folder;
    out << YAML::Key << "nc" << YAML::Value << data.names.size();
    out << YAML::Key << "names" << YAML::Value << YAML::BeginMap;
    for (std::size_t i = 0; i < data.names.size(); ++i)
        out << YAML::Key << i << YAML::Value << YAML::DoubleQuoted << data.names[i];
    out << YAML::EndMap;
    if (data.kpt_shape) {
        out << YAML::Key << "kpt_shape" << YAML::Value << YAML::Flow << YAML::BeginSeq << (*data.kpt_shape)[0]
            << (*data.kpt_shape)[1] << YAML::EndSeq;
        if (!data.flip_idx.empty())
            out << YAML::Key << "flip_idx" << YAML::Value << YAML::Flow << data.flip_idx;
        if (!data.keypoint_names.empty()) {
            out << YAML::Key << "kpt_names" << YAML::Value << YAML::BeginMap;
            for (std::size_t i = 0; i < data.keypoint_names.size(); ++i) {
                if (data.keypoint_names[i].empty()) continue;
                out << YAML::Key << i << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (const std::string& name : data.keypoint_names[i]) out << YAML::DoubleQuoted << name;
                out << YAML::EndSeq;
            }
            out << YAML::EndMap;
        }
    }
    out << YAML::EndMap;
    return fmt::format("# Ultralytics YOLO {} dataset, written by labelkit. No 'path': the root is this folder.\n"
                       "{}{}\n{}\n",
                       data.task, task_comment, data.task, out.c_str());
}

}  // namespace labelkit::yolo
