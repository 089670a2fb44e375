// Property test: random valid datasets (property_datasets.hpp), adapted to a target exactly as
// convert adapts them, written by the target's writer and read back by its reader, come back
// as the target holds them; and chains A -> B -> A (coco -> yolo -> coco, ...) give back what A
// read. Every case is seeded: a failure names its seed and case, and
//     LABELKIT_PROPERTY_SEED=<seed> LABELKIT_PROPERTY_CASE=<case> labelkit_tests -tc='property: <name>'
// replays it alone (LABELKIT_PROPERTY_KEEP=<folder> leaves its files there to look at).
// LABELKIT_PROPERTY_CASES=<n> runs n cases per format instead of 2000, and n / 3 per chain (a
// chain writes and reads three times), and prints the largest differences measured.
//
// Precision, as a fraction of the image side (x by the width, y by the height):
//   coco (directory and .json file), voc: exact, bit for bit. Numbers are written in shortest
//       round-trip form, and VOC's 1-based shift is done on the decimal text.
//   yolo (detect, segment, obb, pose), yolo-darknet: a point (polygon, oriented box corner,
//       keypoint) within 2 x 2^-53: divided by the side when written, multiplied back when
//       read, two roundings of at most 2^-53 each. A box within 4 x 2^-53: its corner is read as
//       its centre minus half its size (four roundings), and an outline's box spans two points.
//       Measured on 10 x the default cases: points up to 0.998 x 2^-53, boxes up to 2.07 x 2^-53
//       (a random search of 4e8 boxes found 2.21). Each YOLO step of a chain adds its share.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/convert.hpp"
#include "property_datasets.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::DatasetRecipe;
using labelkit::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t default_cases = 2000;
constexpr std::uint64_t default_seed = 20261127;

// How far coordinates may move, or did move, as a fraction of the image side.
struct Precision {
    double points = 0;  // polygon points, oriented box corners, keypoints
    double boxes = 0;   // box corners and sizes

    Precision& operator+=(const Precision& other) {
        points += other.points;
        boxes += other.boxes;
        return *this;
    }
};

constexpr double roundoff = 0x1.0p-53;
// YOLO divides by the image side and multiplies back (two roundings); a box's corner is its
// centre minus half its size (four).
constexpr Precision yolo_precision{2 * roundoff, 4 * roundoff};

// ------------------------------------------------------------------------------------- targets

enum class Target { coco_directory, coco_file, voc, yolo, darknet };

struct Step {
    Target target;
    std::optional<ShapeTask> task = std::nullopt;  // yolo only
};

std::string to_string(const Step& step) {
    switch (step.target) {
        case Target::coco_directory: return "coco (directory)";
        case Target::coco_file: return "coco (.json file)";
        case Target::voc: return "voc";
        case Target::yolo: return fmt::format("yolo {}", to_string(*step.task));
        case Target::darknet: return "yolo-darknet";
    }
    return "?";
}

const Format& format_of(Target target) {
    static const std::vector<Format> formats = all_formats();
    switch (target) {
        case Target::coco_directory:
        case Target::coco_file: return find_format(formats, "coco");
        case Target::voc: return find_format(formats, "voc");
        case Target::yolo: return find_format(formats, "yolo");
        case Target::darknet: return find_format(formats, "yolo-darknet");
    }
    throw Error("unknown target");
}

bool needs_images(Target target) { return target == Target::yolo || target == Target::darknet; }

Precision tolerance_of(const Step& step) { return needs_images(step.target) ? yolo_precision : Precision{}; }

// --------------------------------------------- what each target gives back of an adapted dataset

std::string subset_or_default(const std::string& subset) { return subset.empty() ? "default" : subset; }

void forget_sources(Dataset& dataset) {
    dataset.source_files.clear();
    dataset.image_folders.clear();
    for (Item& item : dataset.items) {
        item.image_file.clear();
        item.origin = {};
    }
    for (Annotation& annotation : dataset.annotations) annotation.origin = {};
}

bool present_and_unique(const std::vector<std::int64_t>& ids) {
    std::set<std::int64_t> seen;
    for (const std::int64_t id : ids)
        if (id == no_id || !seen.insert(id).second) return false;
    return true;
}

// An id the writer makes up (COCO numbers images and annotations that have none): any is right.
constexpr std::int64_t any_id = no_id + 1;

// COCO writes one file per subset (a directory) or one file for all (subset "default"). Image
// ids are kept when present and unique within the file, and made up otherwise; an annotation id
// is kept when present and not used before it in the file.
Dataset coco_reads_back(Dataset dataset, bool one_file) {
    std::map<std::string, std::vector<std::size_t>> items_of_file, annotations_of_file;
    for (Item& item : dataset.items) item.subset = one_file ? "default" : subset_or_default(item.subset);
    for (std::size_t i = 0; i < dataset.items.size(); ++i) items_of_file[dataset.items[i].subset].push_back(i);
    for (std::size_t a = 0; a < dataset.annotations.size(); ++a)
        annotations_of_file[dataset.items[dataset.annotations[a].item].subset].push_back(a);
    for (const auto& [file, items] : items_of_file) {
        std::vector<std::int64_t> ids;
        for (const std::size_t i : items) ids.push_back(dataset.items[i].id);
        if (present_and_unique(ids)) continue;
        for (const std::size_t i : items) dataset.items[i].id = any_id;
    }
    for (const auto& [file, annotations] : annotations_of_file) {
        std::set<std::int64_t> seen;
        for (const std::size_t a : annotations) {
            std::int64_t& id = dataset.annotations[a].id;
            if (id == no_id || !seen.insert(id).second) id = any_id;
        }
    }
    std::vector<std::string> subsets;
    if (!one_file)
        for (const std::string& subset : dataset.subsets) subsets.push_back(subset_or_default(subset));
    for (const auto& [file, items] : items_of_file) subsets.push_back(file);
    if (subsets.empty()) subsets.push_back("default");  // a dataset of nothing is written as one empty file
    dataset.subsets = subsets;
    return dataset;
}

// VOC keeps category names in order (labelmap.txt, ids 0..N-1), items by path with their size and
// subset, boxes, and attributes other than VOC's defaults (pose Unspecified, flags that are 0).
Dataset voc_reads_back(Dataset dataset) {
    for (std::size_t c = 0; c < dataset.categories.size(); ++c)
        dataset.categories[c] = Category{static_cast<std::int64_t>(c), dataset.categories[c].name, {}, {}, {}};
    for (Item& item : dataset.items) {
        item.id = no_id;
        item.extra = nullptr;
        item.subset = subset_or_default(item.subset);
    }
    for (std::string& subset : dataset.subsets) subset = subset_or_default(subset);
    for (const Item& item : dataset.items) dataset.add_subset(item.subset);
    for (Annotation& annotation : dataset.annotations) {
        annotation.id = no_id;
        annotation.area.reset();
        nlohmann::json& attributes = annotation.attributes;
        if (!attributes.is_object()) continue;
        if (attributes.value("pose", nlohmann::json()) == "Unspecified") attributes.erase("pose");
        for (const char* flag : {"truncated", "difficult", "occluded"})
            if (attributes.value(flag, nlohmann::json()) == false) attributes.erase(flag);
        if (attributes.empty()) attributes = nullptr;
    }
    return dataset;
}

// YOLO numbers classes by source id (ids become 0..N-1), keeps items by path with the size of
// their image, writes only subsets in use ('valid' as 'val'), and one shape kind per task.
Dataset yolo_reads_back(Dataset dataset, std::optional<ShapeTask> task, bool darknet) {
    std::vector<std::uint32_t> order(dataset.categories.size());
    for (std::uint32_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return dataset.categories[a].id < dataset.categories[b].id;
    });
    std::size_t keypoint_count = 0;
    for (const Annotation& annotation : dataset.annotations)
        keypoint_count = std::max(keypoint_count, annotation.keypoints.size());
    std::vector<Category> categories;
    std::vector<std::uint32_t> class_of(order.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        const Category& category = dataset.categories[order[k]];
        const bool named = task == ShapeTask::pose && category.keypoint_names.size() == keypoint_count;
        categories.push_back({static_cast<std::int64_t>(k), category.name, {},
                              named ? category.keypoint_names : std::vector<std::string>{}, {}});
        class_of[order[k]] = k;
    }
    dataset.categories = std::move(categories);

    std::set<std::string> used;
    for (const Item& item : dataset.items) used.insert(subset_or_default(item.subset));
    const auto subset_read = [&](const std::string& subset) -> std::string {
        const std::string folder = subset_or_default(subset);
        if (darknet) return folder == "valid" ? "val" : folder;
        return (folder == "valid" || folder == "validation") && !used.contains("val") ? "val" : folder;
    };
    dataset.subsets.clear();
    for (Item& item : dataset.items) {
        item.id = no_id;
        item.extra = nullptr;
        item.subset = subset_read(item.subset);
        dataset.add_subset(item.subset);
    }
    for (Annotation& annotation : dataset.annotations) {
        annotation.category = class_of[annotation.category];
        annotation.id = no_id;
        annotation.area.reset();
        if (const auto* polygons = std::get_if<PolygonSet>(&annotation.shape))
            annotation.box = bounds(*polygons);  // the reader has only the outline
        if (const auto* oriented = std::get_if<OrientedBox>(&annotation.shape)) annotation.box = bounds(*oriented);
    }
    dataset.info = nullptr;
    dataset.licenses = nullptr;
    return dataset;
}

Dataset reads_back(const Dataset& adapted, const Step& step) {
    Dataset dataset = adapted;
    forget_sources(dataset);
    switch (step.target) {
        case Target::coco_directory: return coco_reads_back(std::move(dataset), false);
        case Target::coco_file: return coco_reads_back(std::move(dataset), true);
        case Target::voc: return voc_reads_back(std::move(dataset));
        case Target::yolo: return yolo_reads_back(std::move(dataset), step.task, false);
        case Target::darknet: return yolo_reads_back(std::move(dataset), std::nullopt, true);
    }
    return dataset;
}

// ----------------------------------------------------------------------------------- comparing

// Compares a dataset read back with the one expected, coordinates within `tolerance` of the
// image side (0: the same bits), and measures the largest coordinate differences.
class Comparison {
public:
    Comparison(const Precision& tolerance, Precision& worst) : tolerance_(tolerance), worst_(worst) {}

    // What differs first, or "" when nothing does.
    std::string first_difference(const Dataset& expected, const Dataset& actual) {
        if (std::string d = categories(expected, actual); !d.empty()) return d;
        const std::set<std::string> expected_subsets(expected.subsets.begin(), expected.subsets.end());
        const std::set<std::string> actual_subsets(actual.subsets.begin(), actual.subsets.end());
        if (expected_subsets != actual_subsets)
            return fmt::format("subsets: expected {}, got {}", fmt::join(expected_subsets, ", "),
                               fmt::join(actual_subsets, ", "));
        if (expected.info != actual.info) return fmt::format("info: expected {}, got {}", expected.info.dump(), actual.info.dump());
        if (expected.licenses != actual.licenses)
            return fmt::format("licenses: expected {}, got {}", expected.licenses.dump(), actual.licenses.dump());
        if (expected.items.size() != actual.items.size())
            return fmt::format("{} images expected, got {}", expected.items.size(), actual.items.size());
        if (expected.annotations.size() != actual.annotations.size())
            return fmt::format("{} annotations expected, got {}", expected.annotations.size(), actual.annotations.size());
        const std::vector<std::size_t> expected_order = by_subset_and_path(expected);
        const std::vector<std::size_t> actual_order = by_subset_and_path(actual);
        const AnnotationsByItem expected_annotations(expected), actual_annotations(actual);
        for (std::size_t k = 0; k < expected_order.size(); ++k) {
            const Item& e = expected.items[expected_order[k]];
            const Item& a = actual.items[actual_order[k]];
            where_ = fmt::format("image '{}' of subset '{}'", e.path, e.subset);
            if (std::string d = item(e, a); !d.empty()) return d;
            const auto expected_list = expected_annotations.of(expected_order[k]);
            const auto actual_list = actual_annotations.of(actual_order[k]);
            if (expected_list.size() != actual_list.size())
                return fmt::format("{}: {} annotations expected, got {}", where_, expected_list.size(), actual_list.size());
            for (std::size_t n = 0; n < expected_list.size(); ++n) {
                where_ = fmt::format("image '{}' of subset '{}', annotation {}", e.path, e.subset, n);
                if (std::string d = annotation(expected.annotations[expected_list[n]], actual.annotations[actual_list[n]], e);
                    !d.empty())
                    return d;
            }
        }
        return {};
    }

private:
    static std::vector<std::size_t> by_subset_and_path(const Dataset& dataset) {
        std::vector<std::size_t> order(dataset.items.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return std::tie(dataset.items[a].subset, dataset.items[a].path) <
                   std::tie(dataset.items[b].subset, dataset.items[b].path);
        });
        return order;
    }

    static std::string categories(const Dataset& expected, const Dataset& actual) {
        const auto describe = [](const Dataset& dataset) {
            std::vector<std::string> names;
            for (const Category& c : dataset.categories)
                names.push_back(fmt::format("{} '{}' ({}; keypoints {}; skeleton {})", c.id, c.name, c.supercategory,
                                            fmt::join(c.keypoint_names, " "), c.skeleton.size()));
            return fmt::format("[{}]", fmt::join(names, ", "));
        };
        bool same = expected.categories.size() == actual.categories.size();
        for (std::size_t c = 0; same && c < expected.categories.size(); ++c) {
            const Category& e = expected.categories[c];
            const Category& a = actual.categories[c];
            same = e.id == a.id && e.name == a.name && e.supercategory == a.supercategory &&
                   e.keypoint_names == a.keypoint_names && e.skeleton == a.skeleton;
        }
        if (same) return {};
        return fmt::format("categories: expected {}, got {}", describe(expected), describe(actual));
    }

    std::string item(const Item& e, const Item& a) const {
        if (e.path != a.path || e.subset != a.subset)
            return fmt::format("{}: found '{}' of subset '{}' in its place", where_, a.path, a.subset);
        if (e.id != a.id && e.id != any_id) return fmt::format("{}: id {} expected, got {}", where_, e.id, a.id);
        if (e.width != a.width || e.height != a.height)
            return fmt::format("{}: size {}x{} expected, got {}x{}", where_, e.width, e.height, a.width, a.height);
        if (e.extra != a.extra) return fmt::format("{}: fields {} expected, got {}", where_, e.extra.dump(), a.extra.dump());
        return {};
    }

    // Whether a coordinate is close enough to the expected one, given the image side along it.
    bool close(double expected, double actual, double side, double Precision::*kind) {
        if (tolerance_.*kind == 0) return std::bit_cast<std::uint64_t>(expected) == std::bit_cast<std::uint64_t>(actual);
        const double difference = std::abs(expected - actual);
        worst_.*kind = std::max(worst_.*kind, difference / side);
        return difference <= tolerance_.*kind * side;
    }

    std::string differs(const std::string& what, double expected, double actual, double side) const {
        return fmt::format("{}: {} expected {}, got {} (difference {} = {} x 2^-53 of the image side {})", where_, what,
                           format_number(expected), format_number(actual), format_number(std::abs(expected - actual)),
                           format_number(std::abs(expected - actual) / side / roundoff), format_number(side));
    }

    std::string points(const char* what, const std::vector<Point>& e, const std::vector<Point>& a, const Item& item) {
        if (e.size() != a.size()) return fmt::format("{}: {} of {} points expected, got {}", where_, what, e.size(), a.size());
        for (std::size_t p = 0; p < e.size(); ++p) {
            if (!close(e[p].x, a[p].x, item.width, &Precision::points))
                return differs(fmt::format("{} point {} x", what, p), e[p].x, a[p].x, item.width);
            if (!close(e[p].y, a[p].y, item.height, &Precision::points))
                return differs(fmt::format("{} point {} y", what, p), e[p].y, a[p].y, item.height);
        }
        return {};
    }

    std::string shape(const Shape& e, const Shape& a, const Item& item) {
        if (e.index() != a.index())
            return fmt::format("{}: shape kind {} expected, got {}", where_, e.index(), a.index());
        if (const auto* polygons = std::get_if<PolygonSet>(&e)) {
            const auto& rings = std::get<PolygonSet>(a).rings;
            if (polygons->rings.size() != rings.size())
                return fmt::format("{}: {} rings expected, got {}", where_, polygons->rings.size(), rings.size());
            for (std::size_t r = 0; r < rings.size(); ++r)
                if (std::string d = points("ring", polygons->rings[r], rings[r], item); !d.empty()) return d;
        }
        if (const auto* oriented = std::get_if<OrientedBox>(&e))
            return points("oriented box", oriented->corners, std::get<OrientedBox>(a).corners, item);
        if (const auto* mask = std::get_if<RleMask>(&e); mask && *mask != std::get<RleMask>(a))
            return fmt::format("{}: the RLE mask differs", where_);
        return {};
    }

    std::string annotation(const Annotation& e, const Annotation& a, const Item& item) {
        if (e.category != a.category)
            return fmt::format("{}: category {} expected, got {}", where_, e.category, a.category);
        if (e.id != a.id && e.id != any_id) return fmt::format("{}: id {} expected, got {}", where_, e.id, a.id);
        const struct {
            const char* what;
            double expected, actual, side;
        } box[] = {{"box x", e.box.x, a.box.x, static_cast<double>(item.width)},
                   {"box y", e.box.y, a.box.y, static_cast<double>(item.height)},
                   {"box width", e.box.width, a.box.width, static_cast<double>(item.width)},
                   {"box height", e.box.height, a.box.height, static_cast<double>(item.height)}};
        for (const auto& [what, expected, actual, side] : box)
            if (!close(expected, actual, side, &Precision::boxes)) return differs(what, expected, actual, side);
        if (std::string d = shape(e.shape, a.shape, item); !d.empty()) return d;
        if (e.keypoints.size() != a.keypoints.size())
            return fmt::format("{}: {} keypoints expected, got {}", where_, e.keypoints.size(), a.keypoints.size());
        for (std::size_t k = 0; k < e.keypoints.size(); ++k) {
            if (e.keypoints[k].visibility != a.keypoints[k].visibility)
                return fmt::format("{}: keypoint {} visibility {} expected, got {}", where_, k, e.keypoints[k].visibility,
                                   a.keypoints[k].visibility);
            if (!close(e.keypoints[k].x, a.keypoints[k].x, item.width, &Precision::points))
                return differs(fmt::format("keypoint {} x", k), e.keypoints[k].x, a.keypoints[k].x, item.width);
            if (!close(e.keypoints[k].y, a.keypoints[k].y, item.height, &Precision::points))
                return differs(fmt::format("keypoint {} y", k), e.keypoints[k].y, a.keypoints[k].y, item.height);
        }
        if (!(e.score == a.score))
            return fmt::format("{}: score {} expected, got {}", where_, e.score ? format_number(*e.score) : "none",
                               a.score ? format_number(*a.score) : "none");
        if (e.area && !(e.area == a.area))
            return fmt::format("{}: area {} expected, got {}", where_, format_number(*e.area),
                               a.area ? format_number(*a.area) : "none");
        if (e.iscrowd != a.iscrowd) return fmt::format("{}: iscrowd {} expected, got {}", where_, e.iscrowd, a.iscrowd);
        if (e.attributes != a.attributes)
            return fmt::format("{}: attributes {} expected, got {}", where_, e.attributes.dump(), a.attributes.dump());
        return {};
    }

    Precision tolerance_;
    Precision& worst_;
    std::string where_;
};

// ------------------------------------------------------------------------------------ running

struct Scenario {
    std::string name;
    DatasetRecipe recipe;
    std::vector<Step> steps;  // write and read each in turn; [A, B, A] is a chain
};

std::optional<std::uint64_t> environment_number(const char* name) {
    const char* text = std::getenv(name);
    if (!text || !*text) return std::nullopt;
    const std::optional<long long> value = parse_integer(text);
    if (!value || *value < 0) throw Error(fmt::format("{} must be a whole number, not '{}'", name, text));
    return static_cast<std::uint64_t>(*value);
}

struct Settings {
    std::uint64_t seed = default_seed;
    std::uint64_t cases = default_cases;
    std::optional<std::uint64_t> only_case;
    bool report = false;  // print the largest difference measured per step
    fs::path keep;        // LABELKIT_PROPERTY_KEEP: write the cases there and leave them, to look at

    static Settings from_environment() {
        Settings settings;
        settings.seed = environment_number("LABELKIT_PROPERTY_SEED").value_or(default_seed);
        const std::optional<std::uint64_t> cases = environment_number("LABELKIT_PROPERTY_CASES");
        settings.cases = cases.value_or(default_cases);
        settings.report = cases.has_value();
        settings.only_case = environment_number("LABELKIT_PROPERTY_CASE");
        if (const char* keep = std::getenv("LABELKIT_PROPERTY_KEEP")) settings.keep = keep;
        return settings;
    }
};

// Each case has its own generator, from the seed, the scenario and the case number.
Random random_for(std::uint64_t seed, const std::string& scenario, std::uint64_t case_number) {
    std::uint64_t state = seed;
    for (const char c : scenario) state = Random::splitmix64(state) ^ static_cast<unsigned char>(c);
    state ^= Random::splitmix64(state) + case_number;
    return Random(Random::splitmix64(state));
}

// Writes a PNG header of each item's size and points the item at it, as a reader that found the
// images would.
void give_images(Dataset& dataset, const fs::path& folder) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> written;
    for (Item& item : dataset.items) {
        const fs::path file = folder / fmt::format("{}x{}.png", item.width, item.height);
        if (written.emplace(item.width, item.height).second) test::write_png(file, item.width, item.height);
        item.image_file = file.string();
    }
}

std::string diagnostics_text(const DiagnosticSink& sink) {
    std::string text;
    for (const Diagnostic& d : sink.diagnostics())
        if (d.severity != Severity::info) text += fmt::format("\n  {}: {} [{}]", d.location.to_string(), d.message, d.rule);
    return text;
}

// The largest differences measured in a scenario: per step, and between a chain's end and start.
struct Measured {
    std::vector<Precision> steps;
    Precision chain;
};

// Runs one case: returns what went wrong, or "".
std::string run_case(const Scenario& scenario, Random& random, const fs::path& folder, Measured& measured) {
    Dataset current = test::random_dataset(random, scenario.recipe);
    const bool any_images = std::any_of(scenario.steps.begin(), scenario.steps.end(),
                                        [](const Step& step) { return needs_images(step.target); });
    if (any_images) give_images(current, folder / "source-images");

    std::optional<Dataset> chain_expected;  // what the chain should give back, from the first step's result
    Precision chain_tolerance;
    for (std::size_t s = 0; s < scenario.steps.size(); ++s) {
        const Step& step = scenario.steps[s];
        const Format& format = format_of(step.target);
        DiagnosticSink sink;
        Dataset adapted = current;
        AdaptOptions options;
        options.task = step.task;
        adapt_to_target(adapted, format, options, sink);

        // Images go along (linked, as convert does for YOLO) as far as a YOLO step needs them.
        const bool later_needs_images = std::any_of(scenario.steps.begin() + static_cast<std::ptrdiff_t>(s) + 1,
                                                    scenario.steps.end(),
                                                    [](const Step& later) { return needs_images(later.target); });
        WriteOptions write_options;
        write_options.images = needs_images(step.target) || later_needs_images ? ImageMode::link : ImageMode::none;
        const fs::path output_folder = folder / fmt::format("step{}", s + 1);
        fs::create_directories(output_folder);
        const fs::path output = step.target == Target::coco_file ? output_folder / "dataset.json" : output_folder;
        Dataset actual;
        try {
            format.write(adapted, output, write_options, sink);
            actual = format.read(output, {}, sink);
        } catch (const Error& error) {
            return fmt::format("step {} ({}): {}{}", s + 1, to_string(step), error.what(), diagnostics_text(sink));
        }
        Comparison comparison(tolerance_of(step), measured.steps[s]);
        if (std::string d = comparison.first_difference(reads_back(adapted, step), actual); !d.empty())
            return fmt::format("step {} ({}) wrote and read: {}{}", s + 1, to_string(step), d, diagnostics_text(sink));

        if (s == 0) {
            chain_expected = actual;
            forget_sources(*chain_expected);
        } else {
            Dataset next = *chain_expected;
            DiagnosticSink ignored;
            adapt_to_target(next, format, options, ignored);
            chain_expected = reads_back(next, step);
            chain_tolerance += tolerance_of(step);
        }
        current = std::move(actual);
    }
    if (scenario.steps.size() > 1) {
        Comparison comparison(chain_tolerance, measured.chain);
        if (std::string d = comparison.first_difference(*chain_expected, current); !d.empty())
            return fmt::format("the chain did not give back what its first step read: {}", d);
    }
    return {};
}

std::string in_roundoffs(const Precision& precision) {
    return fmt::format("points {}, boxes {}", format_number(precision.points / roundoff),
                       format_number(precision.boxes / roundoff));
}

// The cases write and delete thousands of small files: on a RAM disk when there is one (on an
// ext4 disk, creating and deleting them took 30 times as long).
fs::path scratch_folder() {
    std::error_code error;
    if (fs::is_directory("/dev/shm", error) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return fs::temp_directory_path();
}

void run(const Scenario& scenario) {
    const Settings settings = Settings::from_environment();
    const TempDir tmp(scratch_folder());
    Measured measured{std::vector<Precision>(scenario.steps.size()), {}};
    const bool chain = scenario.steps.size() > 1;
    const std::uint64_t first = settings.only_case.value_or(0);
    const std::uint64_t end = settings.only_case ? first + 1 : chain ? settings.cases / 3 : settings.cases;
    for (std::uint64_t case_number = first; case_number < end; ++case_number) {
        Random random = random_for(settings.seed, scenario.name, case_number);
        const fs::path folder = (settings.keep.empty() ? tmp.path() : settings.keep) / fmt::format("case{}", case_number);
        const std::string failure = run_case(scenario, random, folder, measured);
        std::error_code ignored;
        if (settings.keep.empty()) fs::remove_all(folder, ignored);
        if (!failure.empty()) {
            FAIL_CHECK(fmt::format("{} (seed {}, case {}; replay: LABELKIT_PROPERTY_SEED={} LABELKIT_PROPERTY_CASE={} "
                                   "labelkit_tests -tc='property: {}')\n{}",
                                   scenario.name, settings.seed, case_number, settings.seed, case_number, scenario.name,
                                   failure));
            return;  // the first failure says enough
        }
    }
    if (settings.report) {
        std::vector<std::string> steps;
        for (std::size_t s = 0; s < scenario.steps.size(); ++s)
            steps.push_back(fmt::format("{}: {}", to_string(scenario.steps[s]), in_roundoffs(measured.steps[s])));
        if (chain) steps.push_back(fmt::format("end to start: {}", in_roundoffs(measured.chain)));
        MESSAGE(fmt::format("property: {}: {} cases; largest differences, in 2^-53 of the image side: {}", scenario.name,
                            end - first, fmt::join(steps, "; ")));
    }
}

// ------------------------------------------------------------------------------------ recipes

// Everything COCO holds.
DatasetRecipe coco_recipe() {
    DatasetRecipe recipe;
    recipe.polygons = recipe.several_rings = recipe.masks = recipe.keypoints = true;
    recipe.attributes = DatasetRecipe::Attributes::json;
    recipe.scores = recipe.crowds = recipe.areas = recipe.image_extras = recipe.dataset_info = true;
    return recipe;
}

// Boxes with what VOC holds of attributes (shapes would be dropped by adapt_to_target anyway).
DatasetRecipe voc_recipe() {
    DatasetRecipe recipe;
    recipe.attributes = DatasetRecipe::Attributes::voc;
    return recipe;
}

// What a YOLO task keeps without changing it: segment has one outline per object (several
// rings are joined, and a mask's contours do not give back its box), obb keeps 4-point
// polygons (others become their float minimum-area rectangle).
DatasetRecipe yolo_recipe(ShapeTask task) {
    DatasetRecipe recipe;
    recipe.attributes = DatasetRecipe::Attributes::json;  // dropped by adapt_to_target
    recipe.scores = recipe.crowds = true;                 // so are these
    switch (task) {
        case ShapeTask::detect: recipe = coco_recipe(); break;  // every shape becomes its box
        case ShapeTask::segment: recipe.polygons = recipe.oriented_boxes = true; break;
        case ShapeTask::obb:
            recipe.polygons = recipe.oriented_boxes = true;
            recipe.min_polygon_points = recipe.max_polygon_points = 4;
            break;
        case ShapeTask::pose: recipe.polygons = recipe.oriented_boxes = recipe.keypoints = true; break;
    }
    return recipe;
}

}  // namespace

TEST_CASE("property: the random datasets are valid and varied") {
    std::map<std::string, std::size_t> seen;
    const auto count = [&](const char* what, bool happened) { seen[what] += happened ? 1 : 0; };
    for (std::uint64_t n = 0; n < 400; ++n) {
        Random random = random_for(default_seed, "generator", n);
        const Dataset dataset = test::random_dataset(random, coco_recipe());
        std::set<std::uint32_t> used_categories, items_with_objects;
        for (const Annotation& a : dataset.annotations) {
            const Item& item = dataset.items[a.item];
            used_categories.insert(a.category);
            items_with_objects.insert(a.item);
            CHECK(a.box.width > 0);
            CHECK(a.box.height > 0);
            CHECK(distance_outside(a.box, item.width, item.height) <= 1e-9 * std::max(item.width, item.height));
            if (const std::optional<Box> shape = shape_bounds(a.shape)) CHECK(*shape == a.box);
            count("box at the left edge", a.box.x == 0);
            count("box at the right edge", std::abs(a.box.right() - item.width) <= 1e-12 * item.width);
            count("box under a pixel wide", a.box.width < 1);
            count("coordinate with 17 digits", format_number(a.box.x).size() >= 17);
            const auto* polygons = std::get_if<PolygonSet>(&a.shape);
            count("polygon", polygons);
            count("polygon of 3 points", polygons && polygons->rings[0].size() == 3);
            count("polygon of 40 points or more", polygons && polygons->rings[0].size() >= 40);
            count("several rings", polygons && polygons->rings.size() > 1);
            count("mask", std::holds_alternative<RleMask>(a.shape));
            for (const Keypoint& k : a.keypoints) {
                count("keypoint v=0", k.visibility == 0);
                count("keypoint v=1", k.visibility == 1);
                count("keypoint v=2", k.visibility == 2);
            }
            count("score", a.score.has_value());
            count("crowd", a.iscrowd);
            count("attributes", a.attributes.is_object());
        }
        for (const Item& item : dataset.items) {
            count("1x1 image", item.width == 1 && item.height == 1);
            count("image side over 1,000,000", item.width > 1000000 || item.height > 1000000);
            count("path in a subfolder", item.path.find('/') != std::string::npos);
            for (const char* part : {" ", "#", "&", "é"})
                count(part, item.path.find(part) != std::string::npos);
        }
        for (std::uint32_t i = 0; i < dataset.items.size(); ++i) count("image without objects", !items_with_objects.contains(i));
        for (std::uint32_t c = 0; c < dataset.categories.size(); ++c) count("unused category", !used_categories.contains(c));
        bool gaps = false;
        std::vector<std::int64_t> ids;
        for (const Category& category : dataset.categories) ids.push_back(category.id);
        std::sort(ids.begin(), ids.end());
        for (std::size_t c = 1; c < ids.size(); ++c) gaps = gaps || ids[c] != ids[c - 1] + 1;
        count("category ids with gaps", gaps);
        count("three subsets or more", dataset.subsets.size() >= 3);
        count("subset 'valid'", std::find(dataset.subsets.begin(), dataset.subsets.end(), "valid") != dataset.subsets.end());
        count("dataset without images", dataset.items.empty());
        count("info", !dataset.info.is_null());
    }
    for (const auto& [what, times] : seen) {
        CAPTURE(what);
        CHECK(times > 0);
    }
}

TEST_CASE("property: the comparison notices what differs") {
    Random random = random_for(default_seed, "comparison", 0);
    Dataset expected;
    while (expected.annotations.empty()) expected = test::random_dataset(random, yolo_recipe(ShapeTask::detect));
    Annotation& first = expected.annotations[0];
    const Item& item = expected.items[first.item];
    first.keypoints = {{0.5 * item.width, 0.5 * item.height, 2}};
    const auto difference = [&](const Dataset& actual, const Precision& tolerance) {
        Precision worst;
        return Comparison(tolerance, worst).first_difference(expected, actual);
    };
    CHECK(difference(expected, {}) == "");

    Dataset moved = expected;
    moved.annotations[0].box.x = std::nextafter(first.box.x, 1e300);  // one ulp, where exact
    CHECK(difference(moved, {}).find("box x expected") != std::string::npos);
    CHECK(difference(moved, yolo_precision) == "");
    moved = expected;
    moved.annotations[0].box.height += 8 * roundoff * item.height;  // past a box's 4 x 2^-53
    CHECK(difference(moved, yolo_precision).find("box height expected") != std::string::npos);
    moved = expected;
    moved.annotations[0].keypoints[0].x += 6 * roundoff * item.width;  // past a point's 2 x 2^-53
    CHECK(difference(moved, yolo_precision).find("keypoint 0 x expected") != std::string::npos);
    moved = expected;
    moved.annotations[0].keypoints[0].visibility = 1;
    CHECK(difference(moved, yolo_precision).find("visibility") != std::string::npos);
    moved = expected;
    moved.annotations[0].attributes = {{"colour", "red"}};
    CHECK(difference(moved, {}).find("attributes") != std::string::npos);
    moved = expected;
    moved.items[first.item].subset += "x";
    CHECK(difference(moved, {}) != "");
    moved = expected;
    moved.categories[0].name += "x";
    CHECK(difference(moved, {}).find("categories") != std::string::npos);
    moved = expected;
    moved.annotations.pop_back();
    CHECK(difference(moved, {}).find("annotations expected") != std::string::npos);
}

TEST_CASE("property: coco directory") { run({"coco directory", coco_recipe(), {{Target::coco_directory}}}); }

TEST_CASE("property: coco file") { run({"coco file", coco_recipe(), {{Target::coco_file}}}); }

TEST_CASE("property: voc") { run({"voc", voc_recipe(), {{Target::voc}}}); }

TEST_CASE("property: yolo detect") {
    run({"yolo detect", yolo_recipe(ShapeTask::detect), {{Target::yolo, ShapeTask::detect}}});
}

TEST_CASE("property: yolo segment") {
    run({"yolo segment", yolo_recipe(ShapeTask::segment), {{Target::yolo, ShapeTask::segment}}});
}

TEST_CASE("property: yolo obb") { run({"yolo obb", yolo_recipe(ShapeTask::obb), {{Target::yolo, ShapeTask::obb}}}); }

TEST_CASE("property: yolo pose") { run({"yolo pose", yolo_recipe(ShapeTask::pose), {{Target::yolo, ShapeTask::pose}}}); }

TEST_CASE("property: yolo-darknet") { run({"yolo-darknet", coco_recipe(), {{Target::darknet}}}); }

TEST_CASE("property: coco -> voc -> coco") {
    run({"coco -> voc -> coco", voc_recipe(), {{Target::coco_directory}, {Target::voc}, {Target::coco_directory}}});
}

TEST_CASE("property: voc -> coco -> voc") {
    run({"voc -> coco -> voc", voc_recipe(), {{Target::voc}, {Target::coco_directory}, {Target::voc}}});
}

// Each YOLO task through COCO and back, both ways.
Step yolo(ShapeTask task) { return {Target::yolo, task}; }
const Step coco_directory{Target::coco_directory};

TEST_CASE("property: coco -> yolo detect -> coco") {
    run({"coco -> yolo detect -> coco", yolo_recipe(ShapeTask::detect), {coco_directory, yolo(ShapeTask::detect), coco_directory}});
}

TEST_CASE("property: coco -> yolo segment -> coco") {
    run({"coco -> yolo segment -> coco", yolo_recipe(ShapeTask::segment), {coco_directory, yolo(ShapeTask::segment), coco_directory}});
}

TEST_CASE("property: coco -> yolo obb -> coco") {
    run({"coco -> yolo obb -> coco", yolo_recipe(ShapeTask::obb), {coco_directory, yolo(ShapeTask::obb), coco_directory}});
}

TEST_CASE("property: coco -> yolo pose -> coco") {
    run({"coco -> yolo pose -> coco", yolo_recipe(ShapeTask::pose), {coco_directory, yolo(ShapeTask::pose), coco_directory}});
}

TEST_CASE("property: yolo detect -> coco -> yolo detect") {
    run({"yolo detect -> coco -> yolo detect", yolo_recipe(ShapeTask::detect), {yolo(ShapeTask::detect), coco_directory, yolo(ShapeTask::detect)}});
}

TEST_CASE("property: yolo segment -> coco -> yolo segment") {
    run({"yolo segment -> coco -> yolo segment", yolo_recipe(ShapeTask::segment), {yolo(ShapeTask::segment), coco_directory, yolo(ShapeTask::segment)}});
}

TEST_CASE("property: yolo obb -> coco -> yolo obb") {
    run({"yolo obb -> coco -> yolo obb", yolo_recipe(ShapeTask::obb), {yolo(ShapeTask::obb), coco_directory, yolo(ShapeTask::obb)}});
}

TEST_CASE("property: yolo pose -> coco -> yolo pose") {
    run({"yolo pose -> coco -> yolo pose", yolo_recipe(ShapeTask::pose), {yolo(ShapeTask::pose), coco_directory, yolo(ShapeTask::pose)}});
}

TEST_CASE("property: coco -> yolo-darknet -> coco") {
    run({"coco -> yolo-darknet -> coco", coco_recipe(), {coco_directory, {Target::darknet}, coco_directory}});
}
