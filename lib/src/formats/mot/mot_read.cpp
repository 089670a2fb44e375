// Reading MOTChallenge ground truth: every frame an item (video_frame), every row with conf != 0
// an annotation of track `id`.
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "formats/mot/mot_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::mot {

namespace fs = std::filesystem;

namespace {

struct Row {
    std::int64_t frame = 0;
    std::int64_t id = -1;
    Box box;
    double conf = 1;
    std::int64_t class_id = 1;
    MaybeNumber visibility;
    std::optional<std::array<double, 3>> world;  // MOT15's x, y, z when not -1
    std::uint32_t line = 0;
};

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (start <= line.size()) {
        const std::size_t end = std::min(line.find(',', start), line.size());
        std::string_view field = line.substr(start, end - start);
        while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
        while (!field.empty() && (field.back() == ' ' || field.back() == '\t' || field.back() == '\r')) field.remove_suffix(1);
        fields.push_back(field);
        start = end + 1;
    }
    return fields;
}

constexpr std::array<const char*, 10> field_names = {"frame", "id", "bb_left", "bb_top", "bb_width", "bb_height",
                                                     "conf", "class (or x)", "visibility (or y)", "z"};

// One line as a Row; throws labelkit::Error (mot/...) at the line.
Row parse_row(std::string_view line, const Location& where) {
    const std::vector<std::string_view> fields = split_fields(line);
    if (fields.size() < 7 || fields.size() > 10 || fields.size() == 8)
        throw Error(fmt::format("{} fields; a MOT line has 7 (frame, id, box, conf), 9 (... class, visibility) or 10 "
                                "(... x, y, z)",
                                fields.size()),
                    where, "mot/field-count");
    std::vector<double> values;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        const std::optional<double> value = parse_double(std::string(fields[f]));
        if (!value || !std::isfinite(*value)) {
            Location at = where;
            at.column = static_cast<std::uint32_t>(fields[f].data() - line.data() + 1);
            throw Error(fmt::format("{} '{}' is not a number", field_names[f], shorten(fields[f])), at, "mot/not-a-number");
        }
        values.push_back(*value);
    }
    for (std::size_t f : {0, 1})
        if (values[f] != std::floor(values[f]) || std::abs(values[f]) > 1e15)
            throw Error(fmt::format("{} {} is not an integer", field_names[f], fields[f]), where, "mot/not-a-number");
    Row row;
    row.frame = static_cast<std::int64_t>(values[0]);
    if (row.frame < 1) throw Error(fmt::format("frame {} is below 1 (MOT frames start at 1)", row.frame), where, "mot/frame-range");
    row.id = static_cast<std::int64_t>(values[1]);
    if (values[4] < 0 || values[5] < 0)
        throw Error(fmt::format("negative box size {} x {}", fields[4], fields[5]), where, "mot/not-a-number");
    row.box = {values[2] - 1, values[3] - 1, values[4], values[5]};
    row.conf = values[6];
    if (fields.size() == 9) {
        if (values[7] != std::floor(values[7]))
            throw Error(fmt::format("class {} is not an integer", fields[7]), where, "mot/not-a-number");
        row.class_id = static_cast<std::int64_t>(values[7]);
        row.visibility = values[8];
    }
    if (fields.size() == 10 && (values[7] != -1 || values[8] != -1 || values[9] != -1))
        row.world = std::array<double, 3>{values[7], values[8], values[9]};
    row.line = where.line;
    return row;
}

std::vector<std::string> read_labels(const fs::path& file) {
    std::vector<std::string> labels;
    const std::string text = read_text_file(file, std::uint64_t{16} << 20, SpecialFiles::refused);
    std::size_t start = 0;
    const std::string_view all = without_byte_order_mark(text);
    while (start < all.size()) {
        const std::size_t end = std::min(all.find('\n', start), all.size());
        std::string_view line = all.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) labels.emplace_back(line);
        start = end + 1;
    }
    return labels;
}

std::optional<std::uint32_t> info_number(const SeqInfo& info, const char* key) {
    const auto found = info.find(key);
    if (found == info.end()) return std::nullopt;
    const std::optional<long long> value = parse_integer(found->second);
    if (!value || *value < 0 || *value > 1'000'000'000) return std::nullopt;
    return static_cast<std::uint32_t>(*value);
}

// A seqinfo.ini of a few bytes must not make a billion items.
constexpr std::uint32_t max_sequence_length = 1'000'000;

struct Counts {
    std::size_t ignored_rows = 0;
    std::size_t outside = 0;
};

class SequenceReader {
public:
    SequenceReader(const Sequence& sequence, Dataset& dataset, const ReadOptions& options, DiagnosticSink& sink,
                   Counts& counts)
        : sequence_(sequence), dataset_(dataset), options_(options), sink_(sink), counts_(counts) {}

    void read() {
        if (!sequence_.seqinfo.empty()) {
            try {
                info_ = read_seqinfo(sequence_.seqinfo);
            } catch (const Error& error) {
                report_or_throw(error, options_, sink_, "mot/seqinfo");
            }
        }
        if (const auto name = info_.find("name"); name != info_.end() && !name->second.empty()) name_ = name->second;
        else name_ = sequence_.name;
        setup_categories();
        gt_file_ = static_cast<std::uint32_t>(dataset_.source_files.size());
        dataset_.source_files.push_back(sequence_.gt.string());
        const std::vector<Row> rows = read_rows();
        add_items(rows);
        add_annotations(rows);
        keep_seqinfo();
    }

private:
    void setup_categories() {
        if (!dataset_.categories.empty()) return;  // shared by every sequence: the first one's labels
        if (!sequence_.labels.empty()) {
            const std::vector<std::string> labels = read_labels(sequence_.labels);
            for (std::size_t i = 0; i < labels.size(); ++i)
                dataset_.categories.push_back({static_cast<std::int64_t>(i) + 1, labels[i], "", {}, {}});
            return;
        }
        for (std::size_t i = 0; i < mot17_classes.size(); ++i)
            dataset_.categories.push_back({static_cast<std::int64_t>(i) + 1, mot17_classes[i], "", {}, {}});
    }

    std::vector<Row> read_rows() {
        const std::string text = read_text_file(sequence_.gt, limits::max_text_file_bytes, SpecialFiles::read);
        const std::string_view all = without_byte_order_mark(text);
        std::vector<Row> rows;
        std::size_t start = 0;
        std::uint32_t line_number = 0;
        while (start < all.size()) {
            const std::size_t end = std::min(all.find('\n', start), all.size());
            const std::string_view line = all.substr(start, end - start);
            start = end + 1;
            ++line_number;
            if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
            const Location where{sequence_.gt.string(), line_number, 0, {}};
            try {
                Row row = parse_row(line, where);
                if (row.class_id < 1 || static_cast<std::size_t>(row.class_id) > dataset_.categories.size())
                    throw Error(fmt::format("class {} is not among the {} classes ({})", row.class_id,
                                            dataset_.categories.size(),
                                            sequence_.labels.empty() ? "MOT17's, no labels.txt" : "of labels.txt"),
                                where, "mot/unknown-class");
                rows.push_back(row);
            } catch (const Error& error) {
                report_or_throw(error, options_, sink_, "mot/field-count");
            }
        }
        return rows;
    }

    std::string frame_path(std::int64_t frame) const {
        const auto folder = info_.find("imDir");
        const auto extension = info_.find("imExt");
        const std::string image_folder = folder != info_.end() ? folder->second : "img1";
        std::string ext = extension != info_.end() ? extension->second : ".jpg";
        if (!ext.empty() && ext[0] != '.') ext = "." + ext;
        return fmt::format("{}/{}/{:06}{}", name_, image_folder, frame, ext);
    }

    void add_items(const std::vector<Row>& rows) {
        std::set<std::int64_t> frames;
        for (const Row& row : rows) frames.insert(row.frame);
        // Frames without a row are frames all the same (a frame an annotator left empty is an
        // item with no objects): seqinfo's seqLength says how many there are; without it, the
        // sequence runs from 1 to the last frame a row names.
        if (!info_number(info_, "seqLength") && !frames.empty()) fill_to_last_row(frames);
        if (const auto length = info_number(info_, "seqLength")) {
            if (*length <= max_sequence_length) {
                for (std::int64_t f = 1; f <= static_cast<std::int64_t>(*length); ++f) frames.insert(f);
            } else {
                report_or_throw(Error(fmt::format("seqLength {} is more than the {} frames labelkit makes items of (11 "
                                                  "hours at 25 fps); only the frames with rows are read",
                                                  *length, max_sequence_length),
                                      Location{sequence_.seqinfo.string()}, "mot/seqinfo"),
                                options_, sink_, "mot/seqinfo");
            }
        }
        const auto width = info_number(info_, "imWidth"), height = info_number(info_, "imHeight");
        for (const std::int64_t frame : frames) {
            Item item;
            item.kind = ItemKind::video_frame;
            item.sequence = name_;
            item.frame = frame;
            item.path = frame_path(frame);
            item.origin = {gt_file_, 0};
            const fs::path image = sequence_.folder / fs::path(item.path).lexically_relative(name_);
            if (!sequence_.folder.empty() && is_file(image)) item.image_file = image.string();
            size_item(item, width, height);
            item_of_frame_[frame] = static_cast<std::uint32_t>(dataset_.items.size());
            dataset_.items.push_back(std::move(item));
        }
    }

    void fill_to_last_row(std::set<std::int64_t>& frames) {
        const std::int64_t last = *frames.rbegin();
        if (last > static_cast<std::int64_t>(max_sequence_length)) {
            sink_.warn("mot/frame-range",
                       fmt::format("frame {} is past the {} frames labelkit makes items of (11 hours at 25 fps) "
                                   "and there is no seqinfo.ini seqLength: only the frames with rows are read",
                                   last, max_sequence_length),
                       Location{sequence_.gt.string()});
            return;
        }
        for (std::int64_t f = 1; f < last; ++f) frames.insert(f);
    }

    void size_item(Item& item, std::optional<std::uint32_t> width, std::optional<std::uint32_t> height) const {
        if (width && height && *width > 0 && *height > 0) {
            item.width = *width;
            item.height = *height;
        } else if (!item.image_file.empty()) {
            if (const ImageProbe probe = probe_image(item.image_file); probe.size) {
                item.width = probe.size->width;
                item.height = probe.size->height;
            }
        } else if (options_.image_size) {
            item.width = options_.image_size->width;
            item.height = options_.image_size->height;
        }
    }

    void add_annotations(const std::vector<Row>& rows) {
        std::map<std::pair<std::int64_t, std::int64_t>, std::uint32_t> seen;  // (frame, id) -> line
        std::map<std::int64_t, std::pair<bool, std::uint32_t>> tracks;        // id -> (ever visible, first line)
        for (const Row& row : rows) {
            const Location where{sequence_.gt.string(), row.line, 0, {}};
            if (row.id != -1) {
                auto& track = tracks.try_emplace(row.id, false, row.line).first->second;
                track.first = track.first || row.conf != 0;
                const auto [it, added] = seen.emplace(std::pair{row.frame, row.id}, row.line);
                if (!added && options_.lenient)
                    sink_.report({"mot/duplicate-id", Severity::warning,
                                  fmt::format("frame {} has track {} twice (first at line {})", row.frame, row.id, it->second),
                                  where});
            }
            if (row.conf == 0) {  // "not to be considered": not an object
                ++counts_.ignored_rows;
                continue;
            }
            add_annotation(row, where);
        }
        if (!options_.lenient) return;
        for (const auto& [id, track] : tracks)
            if (!track.first)
                sink_.report({"mot/never-visible", Severity::warning,
                              fmt::format("track {} has conf 0 on every row: it is never an object", id),
                              Location{sequence_.gt.string(), track.second, 0, {}}});
    }

    void add_annotation(const Row& row, const Location& where) {
        Annotation annotation;
        annotation.item = item_of_frame_.at(row.frame);
        annotation.category = static_cast<std::uint32_t>(row.class_id - 1);
        annotation.box = row.box;
        annotation.track = row.id == -1 ? no_id : row.id;
        if (row.conf != 1) annotation.score = row.conf;
        if (row.visibility || row.world) annotation.attributes = nlohmann::json::object();
        if (row.visibility) annotation.attributes["visibility"] = *row.visibility;
        if (row.world) annotation.attributes["world"] = *row.world;
        annotation.origin = {gt_file_, row.line};
        const Item& item = dataset_.items[annotation.item];
        const Box& box = row.box;
        if (item.width > 0 && item.height > 0 &&
            (box.x < 0 || box.y < 0 || box.right() > item.width || box.bottom() > item.height)) {
            ++counts_.outside;
            if (options_.lenient)
                sink_.report({"mot/box-outside-image", Severity::warning,
                              fmt::format("the box ({}, {})-({}, {}) reaches outside the {} x {} frame",
                                          format_number(box.x), format_number(box.y), format_number(box.right()),
                                          format_number(box.bottom()), item.width, item.height),
                              where});
        }
        dataset_.annotations.push_back(std::move(annotation));
    }

    void keep_seqinfo() {
        if (info_.empty()) return;
        if (!dataset_.info.is_object()) dataset_.info = nlohmann::json::object();
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [key, value] : info_) values[key] = value;
        dataset_.info[sequences_key][name_] = std::move(values);
    }

    const Sequence& sequence_;
    Dataset& dataset_;
    const ReadOptions& options_;
    DiagnosticSink& sink_;
    Counts& counts_;
    SeqInfo info_;
    std::string name_;
    std::uint32_t gt_file_ = 0;
    std::unordered_map<std::int64_t, std::uint32_t> item_of_frame_;
};

}  // namespace

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    if (!is_file(input) && !is_folder(input)) throw Error(fmt::format("{}: no such file or folder", input.string()));
    const std::vector<Sequence> sequences = find_sequences(input);
    if (sequences.empty())
        throw Error(fmt::format("{}: no gt/gt.txt (a MOTChallenge sequence) in it nor in its sub-folders", input.string()));
    Dataset dataset;
    Counts counts;
    for (const Sequence& sequence : sequences) SequenceReader(sequence, dataset, options, sink, counts).read();
    if (counts.ignored_rows > 0)
        sink.warn("mot/ignored-rows",
                  fmt::format("{} with conf 0 (not to be considered: ignore regions, distractors) left out",
                              counted(counts.ignored_rows, "row")));
    if (counts.outside > 0 && !options.lenient)
        sink.info("mot/box-outside-image",
                  fmt::format("{} reaching outside the frame (people entering or leaving it) kept as they are",
                              counted(counts.outside, "box", "boxes")));
    return dataset;
}

}  // namespace labelkit::mot
