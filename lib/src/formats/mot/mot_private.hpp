#pragma once
// Private to the MOTChallenge format (lib/src/formats/mot/). Its face to the rest of labelkit is
// mot_format.hpp.
//
// Layout: <seq>/gt/gt.txt, <seq>/seqinfo.ini, <seq>/img1/<frame:06><imExt>, and CVAT's
// <seq>/gt/labels.txt. Lines: frame, id, bb_left, bb_top, bb_width, bb_height, conf[, class,
// visibility] (7 or 9 fields) or frame, id, bb_left, bb_top, bb_width, bb_height, conf, x, y, z
// (10 fields, MOT15 and tracker results, world coordinates -1).
//
// Coordinates: frames, ids and boxes are 1-based, as the MOTChallenge devkit (Matlab) has them:
// the model's x = bb_left - 1, y = bb_top - 1, width = bb_width, height = bb_height.
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit::mot {

// The MOT16/17/20 classes, class id i + 1 at position i.
inline constexpr std::array<const char*, 12> mot17_classes = {
    "pedestrian",     "person_on_vehicle", "car",      "bicycle",  "motorbike",              "non_mot_vehicle",
    "static_person",  "distractor",        "occluder", "occluder_on_ground", "occluder_full", "reflection"};

// seqinfo.ini's [Sequence] keys and values, in file order.
using SeqInfo = std::map<std::string, std::string>;
// Throws labelkit::Error (rule mot/seqinfo) at the line that is not "key=value" or a section.
SeqInfo read_seqinfo(const std::filesystem::path& file);

// One sequence found: its folder (may be empty for a bare gt.txt) and its files.
struct Sequence {
    std::string name;
    std::filesystem::path folder;
    std::filesystem::path gt;
    std::filesystem::path seqinfo;  // empty when there is none
    std::filesystem::path labels;   // labels.txt, empty when there is none
};
// The sequences of a MOTChallenge folder (a sequence folder, or a folder of them) or a bare gt.txt.
std::vector<Sequence> find_sequences(const std::filesystem::path& input);

// Whether a line has the shape of a MOT line: 7 to 10 comma-separated numbers.
bool looks_like_mot_line(std::string_view line);

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);
std::vector<RuleInfo> rules();

// Dataset::info key under which the sequences' seqinfo.ini values are kept, by sequence name.
inline constexpr const char* sequences_key = "mot_sequences";

}  // namespace labelkit::mot
