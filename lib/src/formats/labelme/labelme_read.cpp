// Reading LabelMe JSON: one file per image, a folder of them (searched recursively) or one file.
#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "formats/labelme/labelme_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::labelme {

namespace fs = std::filesystem;

namespace {

// The .json files under a folder, in name order, or the one file given.
std::vector<fs::path> json_files(const fs::path& input) {
    if (!is_folder(input)) return {input};
    std::vector<fs::path> files;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(input, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error))
        if (iequals(it->path().extension().string(), ".json") && it->is_regular_file(error)) files.push_back(it->path());
    if (error) throw Error(fmt::format("cannot list {}: {}", input.string(), error.message()));
    std::sort(files.begin(), files.end());
    return files;
}

// The file parsed, without "imageData" (base64 image bytes, often megabytes): its value is
// dropped as it is parsed, never decoded.
nlohmann::json parse_without_image_data(const std::string& text, const std::string& path) {
    // Nesting is limited as COCO's is, so that writing the values kept (attributes) never recurses deep.
    const auto drop_image_data = [&path](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if ((event == Event::object_start || event == Event::array_start) &&
            static_cast<std::size_t>(depth) >= limits::max_json_depth)
            throw Error(fmt::format("nested more than {} levels deep, more than labelkit keeps", limits::max_json_depth),
                        Location{path}, "labelme/json-syntax");
        return !(depth == 1 && event == Event::key && parsed == "imageData");
    };
    try {
        return nlohmann::json::parse(text, drop_image_data);
    } catch (const nlohmann::json::parse_error& error) {
        // nlohmann's byte is 1-based, just past the offending character.
        const std::size_t offset = std::min<std::size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
        const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
        Location where{path};
        where.line = static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n') + 1);
        where.column = static_cast<std::uint32_t>(offset - (line_start == std::string::npos ? 0 : line_start + 1) + 1);
        std::string message = error.what();
        if (const std::size_t colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
        throw Error(fmt::format("not valid JSON: {}", message), where, "labelme/json-syntax");
    }
}

fs::path folder_of(const fs::path& file) { return file.has_parent_path() ? file.parent_path() : fs::path("."); }

Location at(const std::string& path, std::string pointer) {
    Location where{path};
    where.json_pointer = std::move(pointer);
    return where;
}

struct Counts {
    std::map<std::string, std::size_t> unread_shapes;  // by shape type
    std::size_t sizes_from_images = 0;
    std::size_t sizes_given = 0;  // --image-size
    std::size_t sizes_unknown = 0;
    std::size_t skipped_files = 0;
};

class Reader {
public:
    Reader(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink)
        : root_(is_folder(input) ? input : folder_of(input)), options_(options), sink_(sink) {}

    void read_file(const fs::path& file) {
        const std::string path = file.string();
        const std::string text = read_text_file(file, limits::max_text_file_bytes, SpecialFiles::refused);
        const nlohmann::json document = parse_without_image_data(text, path);
        if (!document.is_object() || !document.contains("shapes")) {
            ++counts_.skipped_files;
            first_skipped_ = first_skipped_.empty() ? path : first_skipped_;
            return;
        }
        const auto file_index = static_cast<std::uint32_t>(dataset_.source_files.size());
        dataset_.source_files.push_back(path);
        const std::optional<std::uint32_t> item = read_item(document, file, file_index);
        if (!item) return;
        read_flags(document, *item, path);
        read_shapes(document, *item, path);
    }

    Dataset finish() {
        report_counts();
        return std::move(dataset_);
    }

private:
    std::optional<std::uint32_t> read_item(const nlohmann::json& document, const fs::path& file, std::uint32_t file_index) {
        const std::string path = file.string();
        const auto image_path = document.find("imagePath");
        if (image_path == document.end() || !image_path->is_string() || image_path->get<std::string>().empty()) {
            report_or_throw(Error("no \"imagePath\": the file does not say which image it annotates", at(path, "/imagePath"),
                                  "labelme/missing-image-path"),
                            options_, sink_, "labelme/missing-image-path");
            return std::nullopt;
        }
        Item item;
        item.origin = {file_index, 0};
        const std::string written = image_path->get<std::string>();
        const fs::path relative_folder = folder_of(file).lexically_relative(root_);
        // imagePath is relative to the JSON file (labelme writes "../images/a.jpg" when they are apart).
        std::string normal = (relative_folder / fs::path(written)).lexically_normal().generic_string();
        if (normal.starts_with("../") || normal == ".." || fs::path(written).is_absolute())
            normal = (relative_folder / fs::path(written).filename()).lexically_normal().generic_string();
        if (normal.starts_with("./")) normal.erase(0, 2);
        item.path = normal;
        const fs::path image_file = fs::path(written).is_absolute() ? fs::path(written) : file.parent_path() / written;
        if (is_file(image_file)) item.image_file = image_file.string();
        read_size(document, item, path);
        item.extra = item_extra(document, written, item.path);
        dataset_.items.push_back(std::move(item));
        return static_cast<std::uint32_t>(dataset_.items.size() - 1);
    }

    // imageWidth and imageHeight, or the image's header, or --image-size; labelme < 3 has none.
    void read_size(const nlohmann::json& document, Item& item, const std::string& path) {
        const auto width = document.find("imageWidth"), height = document.find("imageHeight");
        if (width != document.end() && height != document.end() && width->is_number_integer() &&
            height->is_number_integer()) {
            if (!valid_image_size(width->get<long long>(), height->get<long long>())) {
                report_or_throw(Error(fmt::format("image size {} x {} is not a valid size", width->dump(), height->dump()),
                                      at(path, "/imageWidth"), "labelme/schema"),
                                options_, sink_, "labelme/schema");
                return;
            }
            item.width = width->get<std::uint32_t>();
            item.height = height->get<std::uint32_t>();
            return;
        }
        if (!item.image_file.empty()) {
            if (const ImageProbe probe = probe_image(item.image_file); probe.size) {
                item.width = probe.size->width;
                item.height = probe.size->height;
                ++counts_.sizes_from_images;
                return;
            }
        }
        if (options_.image_size) {
            item.width = options_.image_size->width;
            item.height = options_.image_size->height;
            ++counts_.sizes_given;
            return;
        }
        ++counts_.sizes_unknown;
    }

    // What the model has no field for: every flag (false ones too) and unknown keys.
    static nlohmann::json item_extra(const nlohmann::json& document, const std::string& written_path,
                                     const std::string& item_path) {
        // The version is not kept: what is written is labelme 5's layout.
        static const std::vector<std::string> read_keys = {"version",    "shapes",      "imagePath", "imageData",
                                                           "imageWidth", "imageHeight", "lineColor", "fillColor"};
        nlohmann::json extra = nlohmann::json::object();
        for (const auto& [key, value] : document.items())
            if (std::find(read_keys.begin(), read_keys.end(), key) == read_keys.end()) extra[key] = value;
        if (fs::path(item_path).filename().string() != written_path) extra["imagePath"] = written_path;
        return extra.empty() ? nlohmann::json() : extra;
    }

    std::uint32_t category(const std::string& name) {
        if (const auto found = dataset_.find_category(name)) return *found;
        Category category;
        category.id = static_cast<std::int64_t>(dataset_.categories.size()) + 1;
        category.name = name;
        dataset_.categories.push_back(std::move(category));
        return static_cast<std::uint32_t>(dataset_.categories.size() - 1);
    }

    // Image-level flags (labelme --flags, classification): the true ones are labels of the item.
    void read_flags(const nlohmann::json& document, std::uint32_t item, const std::string& path) {
        const auto flags = document.find("flags");
        if (flags == document.end() || flags->is_null()) return;
        if (!flags->is_object()) {
            report_or_throw(Error("\"flags\" is not an object of name: true/false", at(path, "/flags"), "labelme/schema"),
                            options_, sink_, "labelme/schema");
            return;
        }
        for (const auto& [name, value] : flags->items()) {
            if (value != true) continue;
            Label label;
            label.item = item;
            label.category = category(name);
            label.origin = dataset_.items[item].origin;
            dataset_.labels.push_back(std::move(label));
        }
    }

    void read_shapes(const nlohmann::json& document, std::uint32_t item, const std::string& path) {
        const nlohmann::json& shapes = document["shapes"];
        if (!shapes.is_array()) {
            report_or_throw(Error("\"shapes\" is not an array", at(path, "/shapes"), "labelme/schema"), options_, sink_,
                            "labelme/schema");
            return;
        }
        for (std::size_t s = 0; s < shapes.size(); ++s) {
            try {
                read_one_shape(shapes[s], item, at(path, fmt::format("/shapes/{}", s)), static_cast<std::uint32_t>(s));
            } catch (const Error& error) {
                report_or_throw(error, options_, sink_, "labelme/schema");
            }
        }
    }

    void read_one_shape(const nlohmann::json& shape, std::uint32_t item, const Location& where, std::uint32_t position) {
        if (!shape.is_object() || !shape.contains("label") || !shape["label"].is_string())
            throw Error("a shape needs a \"label\" string", where, "labelme/schema");
        const auto type = shape.find("shape_type");
        // Files before labelme 3 have no shape_type: every shape is a polygon.
        const std::string shape_type = type == shape.end() || type->is_null() ? "polygon"
                                       : type->is_string()                   ? type->get<std::string>()
                                                                             : type->dump();
        check_points_inside(shape, dataset_.items[item], where);
        if (is_kept_shape_type(shape_type)) {
            keep_unread_shape(shape, item);
            ++counts_.unread_shapes[shape_type];
            return;
        }
        if (!is_model_shape_type(shape_type))
            throw Error(fmt::format("unknown shape_type '{}' (labelme has rectangle, polygon, circle, point, line, "
                                    "linestrip, points, mask); the shape is skipped",
                                    shorten(shape_type)),
                        at(where.path, where.json_pointer + "/shape_type"), "labelme/unknown-shape-type");
        ReadShape read = read_shape(shape, shape_type, where);
        Annotation annotation;
        annotation.item = item;
        annotation.category = category(shape["label"].get<std::string>());
        annotation.box = read.box;
        annotation.shape = std::move(read.shape);
        annotation.attributes = std::move(read.attributes);
        annotation.origin = {dataset_.items[item].origin.file, position};
        dataset_.annotations.push_back(std::move(annotation));
    }

    // Lines and the like have no model shape: the item keeps them, for writing back to LabelMe.
    void keep_unread_shape(const nlohmann::json& shape, std::uint32_t item) {
        nlohmann::json& extra = dataset_.items[item].extra;
        if (extra.is_null()) extra = nlohmann::json::object();
        extra[unread_shapes_key].push_back(shape);
    }

    // Lint only: the first point of the shape outside [0, width] x [0, height].
    void check_points_inside(const nlohmann::json& shape, const Item& item, const Location& where) {
        if (!options_.lenient || item.width == 0 || item.height == 0) return;
        const auto points = shape.find("points");
        if (points == shape.end() || !points->is_array()) return;
        for (std::size_t p = 0; p < points->size(); ++p) {
            const nlohmann::json& pair = (*points)[p];
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number()) return;
            const double x = pair[0].get<double>(), y = pair[1].get<double>();
            if (x >= 0 && y >= 0 && x <= item.width && y <= item.height) continue;
            sink_.report({"labelme/point-outside-image", Severity::warning,
                          fmt::format("point ({}, {}) is outside the {} x {} image", format_number(x), format_number(y),
                                      item.width, item.height),
                          at(where.path, fmt::format("{}/points/{}", where.json_pointer, p))});
            return;
        }
    }

    void report_counts() {
        if (!counts_.unread_shapes.empty()) {
            std::string list;
            std::size_t total = 0;
            for (const auto& [type, count] : counts_.unread_shapes) {
                list += fmt::format("{}{} {}", list.empty() ? "" : ", ", count, type);
                total += count;
            }
            sink_.warn("labelme/unread-shapes",
                       fmt::format("{} shape{} without a model shape ({}) not read as annotations: kept for writing "
                                   "back to LabelMe, lost in other formats",
                                   total, total == 1 ? "" : "s", list));
        }
        if (counts_.sizes_from_images > 0)
            sink_.info("labelme/size-from-image",
                       fmt::format("{} without imageWidth/imageHeight: the size was read from the image",
                                   counted(counts_.sizes_from_images, "file")));
        if (counts_.sizes_given > 0)
            sink_.info("labelme/size-from-image",
                       fmt::format("{} without imageWidth/imageHeight nor a readable image: --image-size was used",
                                   counted(counts_.sizes_given, "file")));
        if (counts_.sizes_unknown > 0)
            sink_.warn("labelme/size-from-image",
                       fmt::format("{} without imageWidth/imageHeight nor a readable image: size unknown (give "
                                   "--image-root or --image-size)",
                                   counted(counts_.sizes_unknown, "file")));
        if (counts_.skipped_files > 0)
            sink_.info("labelme/not-labelme",
                       fmt::format("{} without \"shapes\" skipped", counted(counts_.skipped_files, ".json file")),
                       Location{first_skipped_});
    }

    fs::path root_;
    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Dataset dataset_;
    Counts counts_;
    std::string first_skipped_;
};

}  // namespace

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    if (!is_file(input) && !is_folder(input)) throw Error(fmt::format("{}: no such file or folder", input.string()));
    Reader reader(input, options, sink);
    const std::vector<fs::path> files = json_files(input);
    for (const fs::path& file : files) {
        try {
            reader.read_file(file);
        } catch (const Error& error) {
            if (error.rule().empty()) throw;
            report_or_throw(error, options, sink, "labelme/schema");
        }
    }
    Dataset dataset = reader.finish();
    if (dataset.items.empty() && !options.lenient)
        throw Error(fmt::format("{}: no LabelMe file (a .json with \"shapes\" and \"imagePath\")", input.string()));
    return dataset;
}

Location locate(const Dataset& dataset, const Origin& origin, OriginKind kind) {
    Location where;
    if (origin.file < dataset.source_files.size()) where.path = dataset.source_files[origin.file];
    if (kind == OriginKind::annotation) where.json_pointer = fmt::format("/shapes/{}", origin.position);
    return where;
}

}  // namespace labelkit::labelme
