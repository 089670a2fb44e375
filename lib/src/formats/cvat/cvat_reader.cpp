// Reading a CVAT XML 1.1 file: "for images" (<image> elements) and "for video" (<track>
// elements, one item per frame). See cvat_private.hpp for the coordinates.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

#include "core/image_files.hpp"
#include "formats/cvat/cvat_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::cvat {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Frames a task may list before labelkit stops making an item of every one of them (it then
// makes items of the frames that have shapes only).
constexpr std::int64_t max_task_frames = 1'000'000;

// A label of <meta>: its name and the input type of each of its attributes.
struct LabelSpec {
    std::string name;
    std::unordered_map<std::string, std::string> input_types;  // attribute name -> checkbox, number, text, ...
};

// What <meta> says that reading needs.
struct Meta {
    bool declares_labels = false;
    std::vector<LabelSpec> labels;
    std::string task_name;
    std::string source;  // the video file of a video task
    std::string subset;  // the subset of a task (one task only)
    std::optional<std::int64_t> start_frame;
    std::optional<std::int64_t> stop_frame;
    std::int64_t step = 1;  // frame_filter "step=N"
    ImageSize original_size;
};

// Counts reported once at the end instead of once per element.
struct FirstAndCount {
    std::size_t count = 0;
    Location first;
    void add(const Location& where) {
        if (count++ == 0) first = where;
    }
};

bool is_model_shape(std::string_view tag) { return tag == "box" || tag == "polygon" || tag == "mask"; }
bool is_other_shape(std::string_view tag) {
    return tag == "polyline" || tag == "points" || tag == "ellipse" || tag == "cuboid" || tag == "skeleton";
}

class Reader {
public:
    Reader(const fs::path& file, const ReadOptions& options, DiagnosticSink& sink)
        : file_(file), text_(read_text_file(file, limits::max_text_file_bytes)), lines_(text_, file.string()),
          options_(options), sink_(sink) {}

    Dataset read();

private:
    void read_meta(const pugi::xml_node& meta);
    void read_labels(const pugi::xml_node& labels);
    void read_frame_range(const pugi::xml_node& task);
    void read_image(const pugi::xml_node& image);
    void read_track(const pugi::xml_node& track);
    void read_frame_tag(const pugi::xml_node& tag);
    void add_task_frames();
    std::uint32_t frame_item(std::int64_t frame, const pugi::xml_node& shape);
    void read_image_child(const pugi::xml_node& child, std::uint32_t item);
    // The shape as an annotation of the item, or nothing when it has no class (counted).
    // Throws labelkit::Error for what cannot be read.
    // track_label: the label of the shape's <track>, which its shapes do not repeat.
    std::optional<Annotation> annotation(const pugi::xml_node& shape, std::uint32_t item, const json& inherited,
                                         std::string_view track_label = {});
    std::optional<std::uint32_t> category(const pugi::xml_node& element, std::string_view track_label = {});
    void read_box(const pugi::xml_node& shape, Annotation& annotation) const;
    void read_polygon(const pugi::xml_node& shape, Annotation& annotation) const;
    void read_mask(const pugi::xml_node& shape, ImageSize image, Annotation& annotation) const;
    json shape_properties(const pugi::xml_node& shape, const json& inherited) const;
    json attributes(const pugi::xml_node& element, std::uint32_t category) const;
    void read_or_report(const std::function<void()>& step);
    void report_counts();
    void sort_frames();

    std::int64_t integer(const pugi::xml_node& element, const char* name) const;
    double number(const pugi::xml_node& element, const char* name) const;
    bool flag(const pugi::xml_node& element, const char* name) const;
    // A number of pixels from 0 to 2^30; 0 when the attribute is absent and not required.
    std::uint32_t dimension(const pugi::xml_node& element, const char* name, bool required = false) const;

    fs::path file_;
    std::string text_;
    LineIndex lines_;
    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Dataset dataset_;
    Meta meta_;
    std::unordered_map<std::string, std::uint32_t> category_index_;
    std::map<std::string, FirstAndCount> undeclared_;  // by name, reported in that order
    std::map<std::int64_t, std::uint32_t> frames_;  // frame number -> item
    std::string sequence_;
    std::map<std::string, FirstAndCount> not_read_;  // shapes without a model kind, by element name
    FirstAndCount no_label_;
    FirstAndCount outside_;
    FirstAndCount unknown_;
};

Dataset Reader::read() {
    const pugi::xml_document document = load_document(text_, lines_);
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != "annotations")
        throw Error(fmt::format("the root element is <{}>, expected CVAT's <annotations>", root.name()),
                    lines_.at(root), "cvat/schema");
    dataset_.source_files.push_back(file_.string());
    read_meta(root.child("meta"));
    sequence_ = !meta_.source.empty() ? meta_.source : !meta_.task_name.empty() ? meta_.task_name : file_.stem().string();
    const bool video = !root.child("image") && (root.child("track") || root.child("tag"));
    if (video) add_task_frames();
    for (const pugi::xml_node& child : root.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view tag = child.name();
        if (tag == "version" || tag == "meta") continue;
        if (tag == "image") read_or_report([&] { read_image(child); });
        else if (tag == "track") read_or_report([&] { read_track(child); });
        else if (tag == "tag") read_or_report([&] { read_frame_tag(child); });
        else unknown_.add(lines_.at(child));
    }
    sort_frames();
    report_counts();
    return std::move(dataset_);
}

void Reader::read_or_report(const std::function<void()>& step) {
    try {
        step();
    } catch (const Error& error) {
        report_or_throw(error, options_, sink_, "cvat/schema");
    }
}

// ---------------- numbers

std::int64_t Reader::integer(const pugi::xml_node& element, const char* name) const {
    const pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute)
        throw Error(fmt::format("<{}> has no {} attribute", element.name(), name), lines_.at(element), "cvat/schema");
    const auto value = parse_integer(trim(attribute.value()));
    if (!value)
        throw Error(fmt::format("<{}> {} is '{}', expected a whole number", element.name(), name,
                                shorten(attribute.value())),
                    lines_.at(element), "cvat/bad-number");
    return *value;
}

double Reader::number(const pugi::xml_node& element, const char* name) const {
    const pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute)
        throw Error(fmt::format("<{}> has no {} attribute", element.name(), name), lines_.at(element), "cvat/schema");
    const auto value = parse_double(trim(attribute.value()));
    if (!value || !std::isfinite(*value))
        throw Error(fmt::format("<{}> {} is '{}', expected a number", element.name(), name, shorten(attribute.value())),
                    lines_.at(element), "cvat/bad-number");
    return *value;
}

bool Reader::flag(const pugi::xml_node& element, const char* name) const {
    const std::string_view text = trim(element.attribute(name).value());
    if (text.empty() || text == "0" || iequals(text, "false")) return false;
    if (text == "1" || iequals(text, "true")) return true;
    throw Error(fmt::format("<{}> {} is '{}', expected 0 or 1", element.name(), name, shorten(text)),
                lines_.at(element), "cvat/bad-number");
}

std::uint32_t Reader::dimension(const pugi::xml_node& element, const char* name, bool required) const {
    if (!required && !element.attribute(name)) return 0;
    const std::int64_t value = integer(element, name);
    if (value < 0 || value > limits::max_image_side)
        throw Error(fmt::format("<{}> {} is {}, expected a number of pixels from 0 to 2^30", element.name(), name,
                                value),
                    lines_.at(element), "cvat/bad-number");
    return static_cast<std::uint32_t>(value);
}

// ---------------- meta

void Reader::read_meta(const pugi::xml_node& meta) {
    // A task export has <task>, a project export <project> (with its <tasks>), a job export <job>.
    pugi::xml_node owner = meta.child("task");
    if (!owner) owner = meta.child("project");
    if (!owner) owner = meta.child("job");
    if (!owner) return;
    read_labels(owner.child("labels"));
    meta_.task_name = trim(owner.child_value("name"));
    meta_.source = trim(meta.child_value("source"));
    if (std::string_view(owner.name()) != "project") {
        meta_.subset = trim(owner.child_value("subset"));
        read_or_report([&] { read_frame_range(owner); });
    }
    if (const pugi::xml_node size = owner.child("original_size")) {
        const auto side = [&](const char* name) -> std::uint32_t {
            const auto value = parse_integer(trim(size.child_value(name)));
            return value && *value > 0 && *value <= limits::max_image_side ? static_cast<std::uint32_t>(*value) : 0;
        };
        meta_.original_size = {side("width"), side("height")};
    }
}

void Reader::read_labels(const pugi::xml_node& labels) {
    if (!labels) return;
    meta_.declares_labels = true;
    for (const pugi::xml_node& label : labels.children("label")) {
        LabelSpec spec{std::string(trim(label.child_value("name"))), {}};
        if (spec.name.empty() || category_index_.contains(spec.name)) continue;
        for (const pugi::xml_node& attribute : label.child("attributes").children("attribute"))
            spec.input_types[std::string(trim(attribute.child_value("name")))] = trim(attribute.child_value("input_type"));
        category_index_.emplace(spec.name, static_cast<std::uint32_t>(dataset_.categories.size()));
        dataset_.categories.push_back({static_cast<std::int64_t>(dataset_.categories.size() + 1), spec.name, {}, {}, {}});
        meta_.labels.push_back(std::move(spec));
    }
}

void Reader::read_frame_range(const pugi::xml_node& task) {
    const auto frame_number = [&](const char* name) -> std::optional<std::int64_t> {
        const pugi::xml_node element = task.child(name);
        if (!element || trim(element.child_value()).empty()) return std::nullopt;
        const auto value = parse_integer(trim(element.child_value()));
        if (!value || *value < 0)
            throw Error(fmt::format("<{}> is '{}', expected a frame number", name, shorten(element.child_value())),
                        lines_.at(element), "cvat/bad-number");
        return value;
    };
    meta_.start_frame = frame_number("start_frame");
    meta_.stop_frame = frame_number("stop_frame");
    const pugi::xml_node filter = task.child("frame_filter");
    const std::string_view text = trim(filter.child_value());
    if (text.empty()) return;
    const auto step = text.starts_with("step=") ? parse_integer(text.substr(5)) : std::nullopt;
    if (!step || *step < 1)
        throw Error(fmt::format("<frame_filter> is '{}', expected step=N (N >= 1)", shorten(text)), lines_.at(filter),
                    "cvat/bad-number");
    meta_.step = *step;
}

// ---------------- labels and attributes

std::optional<std::uint32_t> Reader::category(const pugi::xml_node& element, std::string_view track_label) {
    const std::string name(trim(element.attribute("label") ? element.attribute("label").value() : track_label));
    if (name.empty()) {
        no_label_.add(lines_.at(element));
        return std::nullopt;
    }
    if (const auto found = category_index_.find(name); found != category_index_.end()) return found->second;
    if (meta_.declares_labels) undeclared_[name].add(lines_.at(element));
    const auto index = static_cast<std::uint32_t>(dataset_.categories.size());
    category_index_.emplace(name, index);
    dataset_.categories.push_back({static_cast<std::int64_t>(index + 1), name, {}, {}, {}});
    return index;
}

std::string_view input_type_of(const LabelSpec* spec, const std::string& attribute) {
    if (spec == nullptr) return {};
    const auto found = spec->input_types.find(attribute);
    return found == spec->input_types.end() ? std::string_view{} : std::string_view(found->second);
}

// The <attribute> children, typed as <meta> declares them: checkbox as a boolean, number as a
// number; any other (text, select, radio, undeclared) as the text written.
json Reader::attributes(const pugi::xml_node& element, std::uint32_t category) const {
    json values = json::object();
    const LabelSpec* spec = category < meta_.labels.size() ? &meta_.labels[category] : nullptr;
    for (const pugi::xml_node& attribute : element.children("attribute")) {
        const std::string name = attribute.attribute("name").value();
        if (name.empty())
            throw Error("<attribute> has no name", lines_.at(attribute), "cvat/schema");
        const std::string text = attribute.child_value();
        const std::string_view input_type = input_type_of(spec, name);
        const auto as_number = parse_double(trim(text));
        if (input_type == "checkbox" && (iequals(trim(text), "true") || iequals(trim(text), "false")))
            values[name] = iequals(trim(text), "true");
        else if (input_type == "number" && as_number && std::isfinite(*as_number))
            values[name] = *as_number;
        else
            values[name] = text;
    }
    return values;
}

// ---------------- shapes

void Reader::read_box(const pugi::xml_node& shape, Annotation& annotation) const {
    const double left = number(shape, "xtl"), top = number(shape, "ytl");
    const double right = number(shape, "xbr"), bottom = number(shape, "ybr");
    if (right < left || bottom < top)
        throw Error(fmt::format("<box> has xbr < xtl or ybr < ytl ({}, {}, {}, {}): an inverted box", left, top, right,
                                bottom),
                    lines_.at(shape), "cvat/bad-number");
    annotation.box = {left, top, right - left, bottom - top};
    if (!shape.attribute("rotation")) return;
    const double degrees = number(shape, "rotation");
    if (degrees == 0) return;
    OrientedBox rotated = rotate_box(annotation.box, degrees);
    annotation.box = bounds_of(rotated.corners);
    annotation.shape = std::move(rotated);
}

void Reader::read_polygon(const pugi::xml_node& shape, Annotation& annotation) const {
    auto points = parse_points(shape.attribute("points").value());
    if (!points || points->size() < 3)
        throw Error(fmt::format("<polygon> points is '{}', expected at least 3 points \"x,y;x,y;x,y\"",
                                shorten(shape.attribute("points").value())),
                    lines_.at(shape), "cvat/bad-points");
    annotation.box = bounds_of(*points);
    annotation.shape = PolygonSet{{std::move(*points)}};
}

void Reader::read_mask(const pugi::xml_node& shape, ImageSize image, Annotation& annotation) const {
    const auto counts = parse_counts(shape.attribute("rle").value());
    if (!counts)
        throw Error(fmt::format("<mask> rle is '{}', expected whole numbers separated by commas",
                                shorten(shape.attribute("rle").value())),
                    lines_.at(shape), "cvat/bad-number");
    const CvatMask mask{*counts, dimension(shape, "left", true), dimension(shape, "top", true),
                        dimension(shape, "width", true), dimension(shape, "height", true)};
    DecodedMask decoded = decode_mask(mask, image, lines_.at(shape));
    annotation.box = decoded.box;
    annotation.shape = std::move(decoded.mask);
}

// occluded, z_order, group_id and source (see cvat_private.hpp), over what the track gives.
json Reader::shape_properties(const pugi::xml_node& shape, const json& inherited) const {
    json values = inherited.is_object() ? inherited : json::object();
    if (flag(shape, "occluded")) values["occluded"] = true;
    if (shape.attribute("z_order"))
        if (const std::int64_t z = integer(shape, "z_order"); z != 0) values["z_order"] = z;
    if (shape.attribute("group_id"))
        if (const std::int64_t group = integer(shape, "group_id"); group != 0) values["group_id"] = group;
    if (const std::string_view source = shape.attribute("source").value(); !source.empty()) values["source"] = source;
    return values;
}

std::optional<Annotation> Reader::annotation(const pugi::xml_node& shape, std::uint32_t item, const json& inherited,
                                             std::string_view track_label) {
    const std::optional<std::uint32_t> category_index = category(shape, track_label);
    if (!category_index) return std::nullopt;
    Annotation annotation;
    annotation.item = item;
    annotation.category = *category_index;
    annotation.origin = {0, lines_.at(shape).line};
    const Item& owner = dataset_.items[item];
    const std::string_view tag = shape.name();
    if (tag == "box") read_box(shape, annotation);
    else if (tag == "polygon") read_polygon(shape, annotation);
    else read_mask(shape, {owner.width, owner.height}, annotation);
    json values = shape_properties(shape, inherited);
    values.update(attributes(shape, annotation.category));
    if (!values.empty()) annotation.attributes = std::move(values);
    return annotation;
}

void Reader::read_image_child(const pugi::xml_node& child, std::uint32_t item) {
    const std::string_view tag = child.name();
    if (is_model_shape(tag)) {
        if (auto made = annotation(child, item, json())) dataset_.annotations.push_back(std::move(*made));
    } else if (tag == "tag") {
        const std::optional<std::uint32_t> category_index = category(child);
        if (!category_index) return;
        Label label;
        label.item = item;
        label.category = *category_index;
        label.origin = {0, lines_.at(child).line};
        json values = attributes(child, *category_index);
        if (const std::string_view source = child.attribute("source").value(); !source.empty()) values["source"] = source;
        if (!values.empty()) label.attributes = std::move(values);
        dataset_.labels.push_back(std::move(label));
    } else if (is_other_shape(tag)) {
        not_read_[std::string(tag)].add(lines_.at(child));
    } else {
        unknown_.add(lines_.at(child));
    }
}

void Reader::read_image(const pugi::xml_node& image) {
    Item item;
    item.path = trim(image.attribute("name").value());
    if (item.path.empty()) throw Error("<image> has no name", lines_.at(image), "cvat/schema");
    if (image.attribute("id")) item.id = integer(image, "id");
    item.width = dimension(image, "width");
    item.height = dimension(image, "height");
    item.subset = trim(image.attribute("subset").value());
    if (item.subset.empty()) item.subset = meta_.subset;
    if (!item.subset.empty()) dataset_.add_subset(item.subset);
    item.origin = {0, lines_.at(image).line};
    for (const pugi::xml_attribute& attribute : image.attributes()) {
        const std::string_view name = attribute.name();
        if (name != "id" && name != "name" && name != "width" && name != "height" && name != "subset")
            item.extra[attribute.name()] = attribute.value();
    }
    const auto index = static_cast<std::uint32_t>(dataset_.items.size());
    dataset_.items.push_back(std::move(item));
    for (const pugi::xml_node& child : image.children())
        if (child.type() == pugi::node_element) read_or_report([&] { read_image_child(child, index); });
}

// ---------------- video

void Reader::add_task_frames() {
    if (!meta_.start_frame || !meta_.stop_frame || *meta_.stop_frame < *meta_.start_frame) return;
    const std::int64_t count = (*meta_.stop_frame - *meta_.start_frame) / meta_.step + 1;
    if (count > max_task_frames) {
        sink_.info("cvat/frame-range",
                   fmt::format("the task lists {} frames; only the frames that have shapes are read as items", count),
                   {file_.string()});
        return;
    }
    for (std::int64_t i = 0; i < count; ++i) frame_item(*meta_.start_frame + i * meta_.step, {});
}

std::uint32_t Reader::frame_item(std::int64_t frame, const pugi::xml_node& shape) {
    if (const auto found = frames_.find(frame); found != frames_.end()) return found->second;
    if (shape) {
        const bool before = meta_.start_frame && frame < *meta_.start_frame;
        const bool after = meta_.stop_frame && frame > *meta_.stop_frame;
        const std::int64_t start = meta_.start_frame.value_or(0);
        const bool off_step = !before && !after && frame >= start && (frame - start) % meta_.step != 0;
        if (before || after || off_step)
            sink_.report({"cvat/frame-out-of-range", Severity::warning,
                          fmt::format("frame {} is not a frame of the task (start_frame {}, stop_frame {}, step {})",
                                      frame, meta_.start_frame.value_or(0),
                                      meta_.stop_frame ? std::to_string(*meta_.stop_frame) : "not given", meta_.step),
                          lines_.at(shape)});
    }
    Item item;
    item.kind = ItemKind::video_frame;
    item.sequence = sequence_;
    item.frame = frame;
    item.path = fmt::format("{}/{:06}", sequence_, frame);
    item.width = meta_.original_size.width;
    item.height = meta_.original_size.height;
    item.subset = meta_.subset;
    if (!item.subset.empty()) dataset_.add_subset(item.subset);
    item.origin = {0, shape ? lines_.at(shape).line : 0};
    const auto index = static_cast<std::uint32_t>(dataset_.items.size());
    dataset_.items.push_back(std::move(item));
    frames_.emplace(frame, index);
    return index;
}

void Reader::read_track(const pugi::xml_node& track) {
    const std::int64_t id = integer(track, "id");
    json inherited = json::object();
    if (track.attribute("group_id"))
        if (const std::int64_t group = integer(track, "group_id"); group != 0) inherited["group_id"] = group;
    if (const std::string_view source = track.attribute("source").value(); !source.empty()) inherited["source"] = source;
    std::size_t shapes = 0, visible = 0;
    for (const pugi::xml_node& shape : track.children()) {
        if (shape.type() != pugi::node_element) continue;
        const std::string_view tag = shape.name();
        if (!is_model_shape(tag) && !is_other_shape(tag)) {
            unknown_.add(lines_.at(shape));
            continue;
        }
        read_or_report([&] {
            const std::int64_t frame = integer(shape, "frame");
            ++shapes;
            if (flag(shape, "outside")) {
                outside_.add(lines_.at(shape));
                return;
            }
            ++visible;
            const std::uint32_t item = frame_item(frame, shape);
            if (is_other_shape(tag)) {
                not_read_[std::string(tag)].add(lines_.at(shape));
                return;
            }
            json values = inherited;
            values["keyframe"] = flag(shape, "keyframe");
            if (auto made = annotation(shape, item, values, track.attribute("label").value())) {
                made->track = id;
                dataset_.annotations.push_back(std::move(*made));
            }
        });
    }
    if (shapes > 0 && visible == 0)
        sink_.report({"cvat/never-visible", Severity::warning,
                      fmt::format("track {} is outside the frame in all its {} shapes: it never appears", id, shapes),
                      lines_.at(track)});
}

void Reader::read_frame_tag(const pugi::xml_node& tag) {
    const std::uint32_t item = frame_item(integer(tag, "frame"), tag);
    read_image_child(tag, item);
}

// Frames in frame order, whatever the order the tracks gave them in.
void Reader::sort_frames() {
    if (frames_.empty()) return;
    std::vector<std::uint32_t> order(dataset_.items.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const Item& first = dataset_.items[a];
        const Item& second = dataset_.items[b];
        if (first.kind != second.kind) return first.kind < second.kind;
        return first.kind == ItemKind::video_frame && first.frame < second.frame;
    });
    std::vector<std::uint32_t> new_index(order.size());
    std::vector<Item> items;
    items.reserve(order.size());
    for (std::uint32_t position = 0; position < order.size(); ++position) {
        new_index[order[position]] = position;
        items.push_back(std::move(dataset_.items[order[position]]));
    }
    dataset_.items = std::move(items);
    for (Annotation& annotation : dataset_.annotations) annotation.item = new_index[annotation.item];
    for (Label& label : dataset_.labels) label.item = new_index[label.item];
    std::stable_sort(dataset_.annotations.begin(), dataset_.annotations.end(),
                     [](const Annotation& a, const Annotation& b) { return a.item < b.item; });
}

void Reader::report_counts() {
    for (const auto& [name, seen] : undeclared_)
        sink_.report({"cvat/undeclared-label", Severity::warning,
                      fmt::format("label '{}' is not declared in <meta> ({}); read as a class of its own", name,
                                  counted(seen.count, "shape")),
                      seen.first});
    for (const auto& [tag, seen] : not_read_)
        sink_.report({"cvat/shape-not-read", Severity::warning,
                      fmt::format("{} <{}> not read: the model has no {} shape (first here)", seen.count, tag, tag),
                      seen.first});
    if (no_label_.count > 0)
        sink_.report({"cvat/no-label", Severity::warning,
                      fmt::format("{} without a label not read (first here)", counted(no_label_.count, "shape")),
                      no_label_.first});
    if (outside_.count > 0)
        sink_.report({"cvat/outside-shapes", Severity::info,
                      fmt::format("{} marked outside=\"1\" (the object is not in the frame) not read as objects",
                                  counted(outside_.count, "track shape")),
                      outside_.first});
    if (unknown_.count > 0)
        sink_.report({"cvat/unknown-element", Severity::warning,
                      fmt::format("{} that CVAT XML 1.1 does not define, not read (first here)",
                                  counted(unknown_.count, "element")),
                      unknown_.first});
}

// A dataset folder as CVAT exports it: annotations.xml beside images/.
fs::path annotation_file(const fs::path& input) {
    return is_folder(input) ? input / "annotations.xml" : input;
}

}  // namespace

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    const fs::path file = annotation_file(input);
    Dataset dataset = Reader(file, options, sink).read();
    std::vector<fs::path> folders{file.parent_path() / "images"};
    if (!options.image_root.empty()) folders.push_back(options.image_root);
    const ImageFinder images(std::move(folders));
    for (Item& item : dataset.items)
        if (item.kind == ItemKind::image) item.image_file = images.find(item.path);
    add_image_folders(dataset, images);
    return dataset;
}

}  // namespace labelkit::cvat
