// --check-images: the images behind the records, read from their headers only.
#include <fmt/format.h>

#include "core/image_files.hpp"
#include "labelkit/io.hpp"
#include "labelkit/progress.hpp"
#include "ops/lint_context.hpp"

namespace labelkit {

namespace {

void check_image(const lint_checks::Context& context, std::size_t index) {
    const Item& item = context.dataset.items[index];
    const auto report = [&](const char* rule, std::string message) {
        if (context.enabled(rule)) context.report(rule, [&] { return std::string(std::move(message)); }, context.item_location(index));
    };
    // A format that takes sizes from the images (YOLO) has no item without an image but for a
    // label file without one, which its reader reported already.
    if (item.image_file.empty() && !context.format.stores.image_sizes) return;
    if (item.image_file.empty()) {
        const std::string hint = image_search_hint(context.dataset);
        report("image/missing", fmt::format("image '{}' was not found{}", item.path, hint.empty() ? "" : " (" + hint + ")"));
        return;
    }
    const ImageProbe probe = probe_image(item.image_file, true);
    if (!probe.exists) {
        std::error_code error;
        if (std::filesystem::exists(item.image_file, error))
            report("image/unreadable", fmt::format("cannot open image '{}': {}", item.path, probe.open_error));
        else
            report("image/missing", fmt::format("image {} does not exist", item.image_file));
        return;
    }
    if (probe.kind == ImageKind::lfs_pointer) {
        report("image/unreadable",
               fmt::format("image '{}' is a Git LFS pointer file, not an image: run `git lfs pull`", item.path));
        return;
    }
    if (!extension_fits(item.path, probe.kind))
        report("image/extension-mismatch",
               fmt::format("image '{}' is a {} file: its extension says otherwise (most tools read it by content, "
                           "some by extension)",
                           item.path, to_string(probe.kind)));
    if (!probe.size) {
        report("image/unreadable",
               probe.kind == ImageKind::unknown
                   ? fmt::format("image '{}' is in none of the formats whose headers labelkit reads ({})", item.path,
                                 readable_image_formats())
                   : fmt::format("cannot read the size of image '{}' from its {} header: the file is truncated or "
                                 "damaged, or a variant labelkit does not read",
                                 item.path, to_string(probe.kind)));
        return;
    }
    const ImageSize stored = *probe.size;
    // Sizes the format declares (COCO, VOC), not those read from this very header (YOLO, turned
    // as displayed when EXIF says so).
    const bool declared = context.format.stores.image_sizes && item.width > 0 && item.height > 0;
    const bool swapped = orientation_swaps_sides(probe.exif_orientation);
    if (declared && (stored.width != item.width || stored.height != item.height)) {
        const bool as_displayed = swapped && stored.height == item.width && stored.width == item.height;
        report("image/size-mismatch",
               fmt::format("image '{}' is {}x{} but the labels say {}x{}{}", item.path, stored.width, stored.height,
                           item.width, item.height,
                           as_displayed ? " (its size as displayed after EXIF rotation: labels drawn on the rotated "
                                          "view do not fit the stored pixels)"
                                        : ""));
    }
    if (swapped)
        report("image/exif-rotated",
               fmt::format("image '{}' has {} orientation {}: stored {}x{}, displayed {}x{}", item.path,
                           probe.kind == ImageKind::tiff ? "TIFF" : "EXIF", probe.exif_orientation, stored.width,
                           stored.height, stored.height, stored.width));
}

}  // namespace

void check_images(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink,
                  Progress* progress) {
    const lint_checks::Context context(dataset, format, config, sink, lint_checks::find_subset_overlap(dataset));
    const ProgressPhase phase(progress, "checking images", dataset.items.size(), ProgressUnit::images);
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        if (!context.repeated(i)) check_image(context, i);
        phase.advance();
    }
}

}  // namespace labelkit
