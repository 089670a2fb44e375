#pragma once
// `labelkit convert`: read a dataset, adapt it to what the target format stores, write it.
#include <filesystem>
#include <optional>
#include <string>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

struct ConvertOptions {
    std::filesystem::path input;   // a file or folder
    std::filesystem::path output;  // a folder, or one file for a format with file_extensions
    std::string to;                // the target format's name (list_formats, ops/formats.hpp)
    std::string from;              // the source format's name; "" to detect it
    // --image-root, --image-size and --voc-coordinates (the last also for a VOC output).
    ReadOptions read;
    std::optional<ImageMode> images;  // empty: the target's default (Format::default_images)
    std::optional<ShapeTask> task;    // for one-shape-kind targets: instead of the one chosen from the data
    bool overwrite = false;           // replace an existing output
};

struct ConvertResult {
    std::string from;              // the format read
    std::string detection_reason;  // why it was detected; empty when named
    std::string to;
    ImageMode images = ImageMode::none;  // what was done with the image files
    DatasetCounts written;
    // The dataset as written, moved out of the operation: for a caller that goes on with it, and
    // for a command that ends right after and leaves its memory to the OS (freeing a million
    // annotations takes tenths of a second).
    Dataset dataset;
};

// Reads, adapts and writes atomically (labelkit/output.hpp: never over an input, an existing
// output only with overwrite). Every change the target forces, and every writer's message, goes
// to sink. Throws labelkit::Error for input it cannot read and outputs it may not write.
ConvertResult convert(const ConvertOptions& options, DiagnosticSink& sink);

// What convert uses, for callers that hold a Dataset already.
struct AdaptOptions {
    std::optional<ShapeTask> task;  // for one_shape_kind targets: overrides the choice from data
    // Items named by URL or absolute path keep it (merge names them once, after the union, so
    // that two inputs' different URLs of one base name stay two images).
    bool keep_item_paths = false;
};

// Leaves out the items that are texts or audio clips when `target` holds images only, with their
// annotations and labels, and warns with the counts (convert/media-items). adapt_to_target does
// it too; split calls it first, before its units hold item indices.
void drop_media_items(Dataset& dataset, const Format& target, DiagnosticSink& sink);

// Changes whatever `target` cannot store into what it can, and reports every change with
// counts through sink (rule ids "convert/<what>"), naming the target format.
void adapt_to_target(Dataset& dataset, const Format& target, const AdaptOptions& options,
                     DiagnosticSink& sink);

}  // namespace labelkit
