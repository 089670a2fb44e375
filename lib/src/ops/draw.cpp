// The draw operation: which images, what each is drawn on, what it is named, where it goes.
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/annotators.hpp"
#include "labelkit/ops/draw.hpp"
#include "labelkit/output.hpp"
#include "core/line_index.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/progress.hpp"
#include "ops/dataset_output.hpp"

namespace labelkit {

namespace {

constexpr Rgb blank_canvas{0x80, 0x80, 0x80};

// One image to draw: its name (as `agree` lists it), the file, the size its labels declare, and
// what is drawn on it.
struct Scene {
    std::string name;
    std::string image_file;  // "" when not found
    ImageSize declared;      // 0 x 0 when unknown
    std::vector<const Annotation*> annotations;
    std::vector<Stroke> strokes;
    std::vector<std::pair<std::string, Rgb>> legend;  // compare: the annotators who have the image
};

// The images agree's JSON report names worst: spatial.worst_images[].image, read by that path
// (nothing else in the file is searched), the JSON nested at most limits::max_json_depth deep.
std::vector<std::string> worst_images_of(const std::string& text, const std::string& path) {
    using Json = nlohmann::json;
    const auto limit_depth = [&path](int depth, Json::parse_event_t event, Json&) {
        if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
            static_cast<std::size_t>(depth) >= limits::max_json_depth)
            throw Error(fmt::format("--images: JSON nested more than {} levels deep, not agree's report",
                                    limits::max_json_depth),
                        Location{path});
        return true;
    };
    Json report;
    try {
        report = Json::parse(text, limit_depth);
    } catch (const Json::parse_error& error) {
        // nlohmann's byte is 1-based, just past the offending character.
        const auto offset = static_cast<std::ptrdiff_t>(std::min<std::size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size()));
        std::string message = error.what();
        if (const std::size_t colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
        throw Error(fmt::format("--images: not valid JSON: {}", message), LineIndex(text, path).at(offset));
    }
    const std::string pointer = "/spatial/worst_images";
    const Json* worst = report.is_object() && report.contains("spatial") && report["spatial"].is_object() &&
                                report["spatial"].contains("worst_images")
                            ? &report["spatial"]["worst_images"]
                            : nullptr;
    if (!worst || !worst->is_array())
        throw Error("--images: expected agree's JSON report, with the images that agree least in spatial.worst_images",
                    Location{path, 0, 0, pointer});
    std::vector<std::string> names;
    for (std::size_t i = 0; i < worst->size(); ++i) {
        const Json& image = (*worst)[i];
        if (!image.is_object() || !image.contains("image") || !image["image"].is_string())
            throw Error("--images: expected the image's name (a string)",
                        Location{path, 0, 0, fmt::format("{}/{}/image", pointer, i)});
        names.push_back(image["image"].get<std::string>());
    }
    if (names.empty()) throw Error("--images: the report names no worst images", Location{path, 0, 0, pointer});
    return names;
}

std::string without_agree_score(std::string_view line) {
    // "    0.333  name": a number with a point, two spaces, the name.
    const auto digits = line.find_first_not_of("0123456789.");
    if (digits != std::string_view::npos && digits > 0 && line.substr(0, digits).find('.') != std::string_view::npos &&
        line.substr(digits, 2) == "  ")
        return std::string(trim(line.substr(digits)));
    return std::string(line);
}

std::vector<std::string> wanted_images(const std::vector<std::string>& arguments) {
    std::vector<std::string> names;
    for (const std::string& argument : arguments) {
        if (argument.empty() || argument.front() != '@') {
            names.push_back(argument);
            continue;
        }
        const std::string path = argument.substr(1);
        const std::string text = read_text_file(path);
        if (!trim(text).empty() && trim(text).front() == '{') {
            for (std::string& name : worst_images_of(text, path)) names.push_back(std::move(name));
            continue;
        }
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            const std::string_view line = trim(std::string_view(text).substr(start, end - start));
            if (!line.empty() && line.front() != '#') names.push_back(without_agree_score(line));
            start = end + 1;
        }
    }
    return names;
}

bool is_pattern(const std::string& text) { return text.find_first_of("*?[") != std::string::npos; }

// The scenes' indices --images picks, in the order asked for; every name given must pick one.
std::vector<std::size_t> select_images(const std::vector<std::vector<std::string>>& aliases,
                                       const std::vector<std::string>& arguments) {
    std::vector<std::size_t> all(aliases.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    if (arguments.empty()) return all;
    // In the order they are asked for (agree's worst images worst first, so that --max keeps the
    // worst), each once; the images a pattern picks in name order.
    std::vector<bool> picked(aliases.size(), false);
    std::vector<std::size_t> chosen;
    for (const std::string& wanted : wanted_images(arguments)) {
        bool found = false;
        for (std::size_t i = 0; i < aliases.size(); ++i)
            for (const std::string& alias : aliases[i])
                if (is_pattern(wanted) ? fnmatch(wanted.c_str(), alias.c_str(), 0) == 0 : alias == wanted) {
                    found = true;
                    if (!picked[i]) chosen.push_back(i);
                    picked[i] = true;
                }
        if (!found)
            throw Error(fmt::format("--images: no image is named '{}'{}", wanted,
                                    aliases.empty() ? "" : fmt::format(" (images are named as '{}')", aliases[0][0])));
    }
    return chosen;
}

// A relative path under the output folder: '/'-separated segments, none empty, ".", ".." (made
// "__") nor with a control character (made '_').
std::string safe_relative_path(std::string_view name) {
    std::string out;
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t end = std::min(name.find_first_of("/\\", start), name.size());
        std::string segment(name.substr(start, end - start));
        start = end + 1;
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") segment = "__";
        for (char& c : segment)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
        out += (out.empty() ? "" : "/") + segment;
    }
    return out.empty() ? "image" : out;
}

// The PNG names, unique: "a.png" for a.jpg, then "a.jpg.png" when a.png is taken, then "a__2.png".
class OutputNames {
public:
    void reserve(const std::string& name) { taken_.insert(name); }
    std::string take(const std::string& image_name) {
        const std::string path = safe_relative_path(image_name);
        const std::size_t slash = path.rfind('/');
        const std::size_t dot = path.rfind('.');
        const std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)
                                     ? path.substr(0, dot)
                                     : path;
        for (const std::string& candidate : {stem + ".png", path + ".png"})
            if (taken_.insert(candidate).second) return candidate;
        for (std::size_t n = 2;; ++n) {
            std::string candidate = fmt::format("{}__{}.png", stem, n);
            if (taken_.insert(candidate).second) return candidate;
        }
    }

private:
    std::set<std::string> taken_;
};

// Images that could not be drawn as asked, by rule: one warning per rule with the count.
class Shortfalls {
public:
    void add(const char* rule, const std::string& image, std::string detail) {
        auto& entry = entries_[rule];
        if (entry.examples.size() < 3) entry.examples.push_back(detail.empty() ? image : image + " (" + detail + ")");
        ++entry.count;
    }
    void report(DiagnosticSink& sink) const {
        static const std::map<std::string, std::string> what{
            {"draw/missing-image", "not found: drawn on a grey canvas of the size the labels give"},
            {"draw/unreadable-image", "could not be decoded: drawn on a grey canvas of the size the labels give"},
            {"draw/corrupt-image", "have corrupt data, decoded past (the rest filled in) and drawn"},
            {"draw/size-mismatch", "differ in size from what the labels say: drawn as they are, shapes may be off"},
            {"draw/too-large", "not drawn: the size the labels give is beyond the pixels labelkit draws on"},
            {"draw/drawing-failed", "not drawn: drawing failed"},
            {"draw/no-legend", "drawn without the legend: with it the picture would be beyond the pixels labelkit draws on"}};
        for (const auto& [rule, entry] : entries_)
            sink.warn(rule, fmt::format("{} image{} {}: {}{}", entry.count, entry.count == 1 ? "" : "s", what.at(rule),
                                        fmt::join(entry.examples, ", "), entry.count > entry.examples.size() ? ", ..." : ""));
    }

private:
    struct Entry {
        std::size_t count = 0;
        std::vector<std::string> examples;
    };
    std::map<std::string, Entry> entries_;
};

// The canvas of an image that cannot be read: the size the labels declare, else as far as the
// shapes reach.
std::optional<Picture> blank_for(const Scene& scene) {
    double width = scene.declared.width, height = scene.declared.height;
    if (width == 0 || height == 0)
        for (const Annotation* annotation : scene.annotations)
            if (std::isfinite(annotation->box.right()) && std::isfinite(annotation->box.bottom())) {
                width = std::max(width, std::ceil(annotation->box.right()));
                height = std::max(height, std::ceil(annotation->box.bottom()));
            }
    width = std::max(width, 64.0);
    height = std::max(height, 64.0);
    if (width * height > static_cast<double>(limits::max_raster_pixels)) return std::nullopt;
    return Picture::blank(static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height), blank_canvas);
}

struct Canvas {
    std::optional<Picture> picture;  // nothing: not drawn
    bool blank = false;              // a grey canvas: the image was not found or not decoded
};

Canvas canvas_for(const Scene& scene, Shortfalls& shortfalls) {
    std::string error, damage;
    if (!scene.image_file.empty()) {
        if (auto picture = read_picture(scene.image_file, error, damage)) {
            if (!damage.empty()) shortfalls.add("draw/corrupt-image", scene.name, damage);
            if (scene.declared.width > 0 && scene.declared.height > 0 &&
                (picture->width != scene.declared.width || picture->height != scene.declared.height))
                shortfalls.add("draw/size-mismatch", scene.name,
                               fmt::format("{}x{}, labels say {}x{}", picture->width, picture->height,
                                           scene.declared.width, scene.declared.height));
            return {std::move(picture), false};
        }
    }
    auto blank = blank_for(scene);
    if (!blank)
        shortfalls.add("draw/too-large", scene.name, "");
    else if (scene.image_file.empty())
        shortfalls.add("draw/missing-image", scene.name, "");
    else
        shortfalls.add("draw/unreadable-image", scene.name, error);
    return {std::move(blank), true};
}

bool is_picture(const Item& item) { return item.kind == ItemKind::image || item.kind == ItemKind::video_frame; }

std::string item_name(const Item& item) { return item.subset.empty() ? item.path : item.subset + "/" + item.path; }

// What draws the scenes: one dataset, each class in its colour.
struct Scenes {
    std::vector<std::vector<std::string>> aliases;  // per scene: the names --images matches
    std::function<Scene(std::size_t)> make;         // the scene, built when it is drawn
    std::vector<Category> categories;               // what annotations' category indices refer to
};

Scenes single_scenes(const Dataset& dataset) {
    Scenes scenes;
    std::vector<std::string> names;
    for (const Category& category : dataset.categories) names.push_back(category.name);
    auto colours = std::make_shared<std::vector<Rgb>>(class_colours(names));
    auto by_item = std::make_shared<AnnotationsByItem>(dataset);
    auto order = std::make_shared<std::vector<std::uint32_t>>();
    for (std::uint32_t i = 0; i < dataset.items.size(); ++i)
        if (is_picture(dataset.items[i])) order->push_back(i);
    std::stable_sort(order->begin(), order->end(), [&](std::uint32_t a, std::uint32_t b) {
        return item_name(dataset.items[a]) < item_name(dataset.items[b]);
    });
    for (const std::uint32_t i : *order) {
        const Item& item = dataset.items[i];
        scenes.aliases.push_back({item_name(item), item.path});
    }
    scenes.categories = dataset.categories;
    scenes.make = [&dataset, colours, by_item, order](std::size_t index) {
        const Item& item = dataset.items[(*order)[index]];
        Scene scene{item_name(item), item.image_file, {item.width, item.height}, {}, {}, {}};
        for (const std::uint32_t a : by_item->of((*order)[index])) {
            const Annotation& annotation = dataset.annotations[a];
            scene.annotations.push_back(&annotation);
            scene.strokes.push_back({(*colours)[annotation.category], dataset.categories[annotation.category].name});
        }
        return scene;
    };
    return scenes;
}

// Several annotators: each in its colour, classes named on the tags.
Scenes compare_scenes(const AlignedAnnotators& aligned) {
    Scenes scenes;
    for (const std::string& name : aligned.items()) scenes.aliases.push_back({name});
    for (const std::string& name : aligned.categories()) {
        Category category;
        category.name = name;
        for (std::size_t a = 0; a < aligned.annotators().size() && category.skeleton.empty(); ++a)
            if (const auto index = aligned.dataset(a).find_category(name))
                category = aligned.dataset(a).categories[*index];
        scenes.categories.push_back(std::move(category));
    }
    scenes.make = [&aligned](std::size_t index) {
        Scene scene{aligned.items()[index], "", {}, {}, {}, {}};
        for (std::size_t a = 0; a < aligned.annotators().size(); ++a) {
            if (!aligned.has(a, index)) continue;
            scene.legend.emplace_back(aligned.annotators()[a], annotator_colour(a));
            const Item& item = aligned.dataset(a).items[aligned.item_index(a, index)];
            if (scene.image_file.empty()) scene.image_file = item.image_file;
            if (scene.declared.width == 0) scene.declared = {item.width, item.height};
            for (const Annotation* annotation : aligned.shapes(a, index)) {
                scene.annotations.push_back(annotation);
                scene.strokes.push_back({annotator_colour(a), aligned.categories()[annotation->category]});
            }
        }
        return scene;
    };
    return scenes;
}

// The scene drawn on its image (or a grey canvas); no picture when it cannot be drawn.
Canvas drawn_scene(const Scene& scene, const std::vector<Category>& categories, Shortfalls& shortfalls) {
    Canvas canvas = canvas_for(scene, shortfalls);
    if (!canvas.picture) return canvas;
    try {
        draw_annotations(*canvas.picture, categories, scene.annotations, scene.strokes);
        if (!add_legend(*canvas.picture, scene.legend)) shortfalls.add("draw/no-legend", scene.name, "");
    } catch (const Error& error) {  // this image only: the others are drawn
        shortfalls.add("draw/drawing-failed", scene.name, error.message());
        canvas.picture.reset();
    }
    return canvas;
}

void write_png(const AtomicOutput& output, const std::string& relative, const Picture& picture) {
    try {
        const std::filesystem::path path = output.path() / relative;
        std::filesystem::create_directories(path.parent_path());
        const std::vector<std::uint8_t> png = encode_png(picture);
        write_output_text(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
    } catch (const Error& error) {
        throw output.for_user(error);
    } catch (const std::filesystem::filesystem_error& error) {
        throw Error(output.user_text(error.what()));
    }
}

DrawResult draw_scenes(const Scenes& scenes, const DrawOptions& options, AtomicOutput& output, DiagnosticSink& sink) {
    if (scenes.aliases.empty()) throw Error("the input has no images to draw", {options.inputs.front().string()});
    std::vector<std::size_t> chosen = select_images(scenes.aliases, options.images);
    DrawResult result;
    result.selected = chosen.size();
    if (options.max && chosen.size() > *options.max) chosen.resize(*options.max);
    OutputNames names;
    if (options.sheet) names.reserve(contact_sheet_name);
    Shortfalls shortfalls;
    std::vector<std::pair<std::string, Picture>> thumbnails;
    const ProgressPhase progress(options.read.progress, "drawing", chosen.size(), ProgressUnit::images);
    for (const std::size_t index : chosen) {
        progress.advance();
        const Scene scene = scenes.make(index);
        Canvas canvas = drawn_scene(scene, scenes.categories, shortfalls);
        if (!canvas.picture) continue;
        const Picture& picture = *canvas.picture;
        DrawnImage drawn{scene.name, names.take(scene.name), canvas.blank};
        write_png(output, drawn.file, picture);
        if (options.sheet && thumbnails.size() < max_sheet_images)
            thumbnails.emplace_back(scene.name, thumbnail(picture, sheet_thumbnail_side));
        result.images.push_back(std::move(drawn));
    }
    shortfalls.report(sink);
    if (options.sheet && !thumbnails.empty()) {
        write_png(output, contact_sheet_name, contact_sheet(thumbnails));
        result.on_sheet = thumbnails.size();
    }
    return result;
}

std::string render(const DrawResult& result, const DrawOptions& options) {
    std::size_t blank = 0;
    for (const DrawnImage& image : result.images) blank += image.blank;
    const std::string folder = options.output.string();
    std::string out = fmt::format("drew {} image{}", result.images.size(), result.images.size() == 1 ? "" : "s");
    if (result.selected > result.images.size()) out += fmt::format(" of {} selected", result.selected);
    out += fmt::format(" into {}", folder);
    if (blank > 0) out += fmt::format(" ({} on a grey canvas: image not found or not readable)", blank);
    out += "\n";
    if (result.on_sheet > 0)
        out += fmt::format("contact sheet: {} ({} image{}{})\n", (options.output / contact_sheet_name).string(),
                           result.on_sheet, result.on_sheet == 1 ? "" : "s",
                           result.on_sheet < result.images.size() ? fmt::format(", the first {}", max_sheet_images) : "");
    return out;
}

}  // namespace

std::vector<ComparedPicture> draw_compared(const AlignedAnnotators& aligned, const std::vector<std::size_t>& items,
                                           DiagnosticSink& sink) {
    const Scenes scenes = compare_scenes(aligned);
    Shortfalls shortfalls;
    std::vector<ComparedPicture> pictures;
    for (const std::size_t index : items) {
        const Scene scene = scenes.make(index);
        Canvas canvas = drawn_scene(scene, scenes.categories, shortfalls);
        if (canvas.picture) pictures.push_back({index, scene.name, std::move(*canvas.picture), canvas.blank});
    }
    shortfalls.report(sink);
    return pictures;
}

DrawResult draw(const DrawOptions& options, DiagnosticSink& sink) {
    if (options.inputs.empty()) throw Error("draw needs an input dataset");
    if (!options.compare && options.inputs.size() > 1)
        throw Error(fmt::format("draw takes one dataset ({} given): several annotators' datasets of the same images are "
                                "drawn with --compare",
                                options.inputs.size()));
    if (!options.compare && (!options.names.empty() || !options.annotators.empty()))
        throw Error("--names and --annotators are for --compare");
    if (options.output.empty()) throw Error("draw needs an output folder (-o DIR)");
    if (options.max == std::size_t{0}) throw Error("--max is at least 1 (leave it out to draw all the images)");
    // Opened first: a folder it may not write is refused before the work.
    // The inputs and the --images @FILE lists: none may be the output nor inside it.
    std::vector<std::filesystem::path> read = options.inputs;
    for (const std::string& argument : options.images)
        if (argument.starts_with('@')) read.emplace_back(argument.substr(1));
    AtomicOutput output(OutputRequest{options.output, OutputKind::directory, options.overwrite, read}, sink);
    const std::vector<Format> formats = all_formats();
    DrawResult result;
    if (options.compare) {
        std::vector<std::filesystem::path> images_read;
        AnnotatorDatasets loaded = load_annotators(formats, options.inputs, options.from, options.read, options.names,
                                                   options.annotators, sink, &images_read);
        const AlignedAnnotators aligned(std::move(loaded.datasets), std::move(loaded.names));
        output.refuse_inputs(images_read);
        if (aligned.annotators().size() > annotator_colours)
            sink.warn("draw/shared-colours",
                      fmt::format("{} annotators and {} colours: annotator n and n + {} share a colour (tell them apart "
                                  "by the legend, or draw fewer with --annotators)",
                                  aligned.annotators().size(), annotator_colours, annotator_colours));
        result = draw_scenes(compare_scenes(aligned), options, output, sink);
    } else {
        const Dataset dataset = load_dataset(formats, options.inputs.front(), options.from, options.read, sink).dataset;
        output.refuse_inputs(image_files_of(dataset));
        result = draw_scenes(single_scenes(dataset), options, output, sink);
    }
    output.commit();
    result.rendered = render(result, options);
    return result;
}

}  // namespace labelkit
