#pragma once
// `labelkit stats`: what a dataset holds. Per class the images and objects; objects per image;
// box sizes and aspect ratios; image sizes. As text, JSON (schemas/stats.schema.json) and PNG
// plots. Used by `labelkit report` too.
//
// Quantiles are numpy's default (method "linear", Hyndman & Fan type 7): the sorted values x[0..n-1],
// h = (n - 1) p, q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
// Every annotation and every class label counts as given: a dataset holding several annotators'
// work counts each annotator's.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/diagnostics.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/ops/draw.hpp"  // Picture, encode_png

namespace labelkit {

// Count, min, quartiles, median, mean, max of a list of numbers (all 0 when count is 0).
struct Distribution {
    std::size_t count = 0;
    double min = 0, p25 = 0, median = 0, mean = 0, p75 = 0, max = 0;
};

// The distribution of the values (reordered in place).
Distribution distribution_of(std::vector<double>& values);

// A histogram over [low, high) in equal bins (log10 bins where `logarithmic`); bin i covers
// [low + i w, low + (i + 1) w), w = (high - low) / bins (in log10 of the values where
// `logarithmic`). Empty (no bins, low = high = 0) when there are no values.
struct Histogram {
    double low = 0, high = 0;
    bool logarithmic = false;
    std::vector<std::size_t> counts;
};

// A 2-D histogram: columns over x in [x_low, x_high), rows over y in [y_low, y_high), equal bins;
// counts[row * columns + column], row 0 the lowest y. Empty (no bins) when there are no values.
struct Histogram2D {
    double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
    std::size_t columns = 0, rows = 0;
    std::vector<std::size_t> counts;
};

struct ClassStats {
    std::string name;
    std::size_t images = 0;   // images with at least one object or class label of the class
    std::size_t objects = 0;
    std::size_t labels = 0;   // class labels (of whole items, spans or regions): classification datasets
    std::size_t degenerate_boxes = 0;    // objects of zero (or negative) width or height
    Distribution box_width, box_height;  // pixels
    Distribution box_area_fraction;      // box area / image area (images of known size)
    Distribution aspect_ratio;           // width / height, boxes that are not degenerate
};

struct DatasetStats {
    std::string format;          // the format read (set by the caller: compute_stats leaves it empty)
    std::size_t images = 0;      // every item: images, video frames, and texts or audio of classification sets
    std::size_t images_without_objects = 0;
    std::size_t images_without_labels = 0;  // with neither an object nor a class label
    std::size_t objects = 0;
    std::size_t labels = 0;      // class labels, all classes
    std::size_t degenerate_boxes = 0;  // objects of zero (or negative) width or height: no aspect ratio
    std::vector<ClassStats> classes;   // in category order
    Distribution objects_per_image;
    Histogram objects_per_image_histogram;  // bins of whole numbers of objects, from 0
    Distribution box_width, box_height, box_area_fraction, aspect_ratio;  // all classes
    Histogram box_size_histogram;      // sqrt(box area) in pixels, log bins, boxes not degenerate
    Histogram aspect_ratio_histogram;  // log bins, boxes not degenerate
    // Box centres as fractions of the image's width (x) and height (y), 0 to 1, images of known size.
    Histogram2D box_centre_histogram;
    Distribution image_width, image_height;  // images of known size
    std::size_t images_of_unknown_size = 0;
    std::size_t distinct_image_sizes = 0;
    // the most common image sizes, most frequent first (ties: narrower, then lower, first), at most 10
    std::vector<std::pair<ImageSize, std::size_t>> image_sizes;
    Histogram2D image_size_histogram;  // width (x) by height (y) in pixels, from 0
};

constexpr std::size_t most_common_image_sizes = 10;

DatasetStats compute_stats(const Dataset& dataset);
std::string stats_text(const DatasetStats& stats);
nlohmann::json stats_json(const DatasetStats& stats);  // valid against schemas/stats.schema.json

// The plots as pictures (name, picture): objects per class, objects per image, box sizes,
// aspect ratios, image sizes (scatter of width x height), box centres heat map if cheap.
// Names are file stems ("classes", "objects_per_image", ...), PNG via encode_png.
std::vector<std::pair<std::string, Picture>> stats_plots(const DatasetStats& stats);

// The command.
enum class StatsFormat { text, json };
template <>
struct EnumTable<StatsFormat> {
    static constexpr EnumName<StatsFormat> entries[] = {{StatsFormat::text, "text"}, {StatsFormat::json, "json"}};
};

struct StatsOptions {
    std::filesystem::path input;
    std::string from;  // the input's format's name; "" to detect it
    ReadOptions read;
    StatsFormat format = StatsFormat::text;
    std::filesystem::path plots;  // the folder the plots are written into (<name>.png); empty: none
    bool overwrite = false;       // replace the plots folder if it exists
};

struct StatsResult {
    Dataset dataset;  // what was read (a command leaves it to the OS at exit)
    DatasetStats stats;
    std::vector<std::string> plots;  // the files written, relative to the plots folder
    // The report in the format asked: stats_text, or stats_json with "input" and, when plots were
    // written, "plots" (their paths).
    std::string rendered;
};

// Throws labelkit::Error for an input that cannot be read and a plots folder that may not be
// written (see labelkit/output.hpp): that one is checked before the input is read.
StatsResult stats(const StatsOptions& options, DiagnosticSink& sink);

}  // namespace labelkit
