// --check-images: the images behind the records, read from their headers only.
#include <fmt/format.h>

#include "labelkit/io.hpp"
#include "ops/lint_context.hpp"

namespace labelkit {

namespace {

void check_image(const lint::Context& context, std::size_t index) {
    const Item& item = context.dataset.items[index];
    const auto report = [&](const char* rule, std::string message) {
        if (context.enabled(rule)) context.report(rule, [&] { return std::string(std::move(message)); }, context.item_location(index));
    };
    if (item.image_file.empty()) {
        report("image/missing", fmt::format("image '{}' was not found", item.path));
        return;
    }
    const std::optional<ImageHeader> header = read_image_header(item.image_file);
    if (!header) {
        std::error_code error;
        if (std::filesystem::exists(item.image_file, error))
            report("image/unreadable", fmt::format("cannot read the header of {}", item.image_file));
        else
            report("image/missing", fmt::format("image {} does not exist", item.image_file));
        return;
    }
    const bool declared = item.width > 0 && item.height > 0;
    const bool swapped = orientation_swaps_sides(header->exif_orientation);
    if (declared && (header->width != item.width || header->height != item.height)) {
        const bool as_displayed = swapped && header->height == item.width && header->width == item.height;
        report("image/size-mismatch",
               fmt::format("image '{}' is {}x{} but the labels say {}x{}{}", item.path, header->width, header->height,
                           item.width, item.height,
                           as_displayed ? " (its size as displayed after EXIF rotation: labels drawn on the rotated "
                                          "view do not fit the stored pixels)"
                                        : ""));
    }
    if (swapped)
        report("image/exif-rotated",
               fmt::format("image '{}' has EXIF orientation {}: stored {}x{}, displayed {}x{}", item.path,
                           header->exif_orientation, header->width, header->height, header->height, header->width));
}

}  // namespace

void check_images(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink) {
    const lint::Context context(dataset, format, config, sink);
    for (std::size_t i = 0; i < dataset.items.size(); ++i) check_image(context, i);
}

}  // namespace labelkit
