// The rule catalogue of the lint op: geometry/, dataset/ and image/ rules, which work on the
// model and so apply to every format. Each format's reader adds its own (Format::rules).
#include <set>

#include <fmt/format.h>

#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/lint.hpp"

namespace labelkit {

namespace {

std::vector<RuleInfo> geometry_rules() {
    return {
        make_rule("geometry/non-finite", Severity::error, "A coordinate is NaN or infinite.",
             "Fix the annotation; no tool can place it.", {}, "drops the annotation"),
        make_rule("geometry/degenerate-box", Severity::error, "A box has zero or negative width or height.",
             "Remove the annotation or redraw it.", {}, "drops the annotation"),
        make_rule("geometry/box-outside-image", Severity::error, "A box extends beyond the image (by how much is said).",
             "Clip the box to the image, or check the image size.",
             {{"tolerance", box_tolerance_px, "pixels a box may extend beyond the image before it is reported"}},
             "clips the box to the image (drops it when nothing is left)"),
        make_rule("geometry/box-shape-mismatch", Severity::error,
             "An object's box is not the bounds of its own polygon, mask or oriented box.",
             "Recompute the box from the shape: tools that read the box (VOC, YOLO detect) and those that read the "
             "shape (YOLO segment) would train on different objects.",
             {{"tolerance", box_tolerance_px, "pixels an edge of the box may differ from the shape's bounds"}}),
        make_rule("geometry/polygon-too-few-points", Severity::error, "A polygon has fewer than 3 points.",
             "Redraw the polygon.", {}, "drops the polygon (the annotation when no polygon is left)"),
        make_rule("geometry/self-intersecting-polygon", Severity::warning, "A polygon's edges cross each other.",
             "Redraw the polygon: masks of crossing polygons depend on the fill rule."),
        make_rule("geometry/rle-size-mismatch", Severity::error, "An RLE mask's size differs from its image's size.",
             "Re-encode the mask at the image's size."),
        make_rule("geometry/area-mismatch", Severity::warning,
             "The stored area differs from the area of the geometry (mask pixels, polygon area, or box area).",
             "Recompute area (COCO evaluation uses it to sort objects into small, medium and large).",
             {{"relative_tolerance", 0.2, "allowed difference as a fraction of the geometry's area"},
              {"absolute_tolerance", 16, "allowed difference in square pixels, for small objects"}}),
        make_rule("geometry/duplicate-annotation", Severity::warning,
             "Two annotations of an image by one annotator are the same (class, and geometry within a tolerance).",
             "Remove one of them.",
             {{"tolerance", duplicate_tolerance_px, "pixels by which coordinates of the same annotation may differ"}},
             "drops the repeats"),
        make_rule("geometry/near-duplicate", Severity::warning, "Two annotations of one class by one annotator overlap almost entirely.",
             "Check whether one object was labelled twice.",
             {{"iou", 0.9, "box IoU at or above which two same-class annotations are reported", 0.5, 1}}),
    };
}

std::vector<RuleInfo> dataset_rules() {
    return {
        make_rule("dataset/duplicate-annotation-id", Severity::error, "Two annotations of one file have the same id.",
             "Give every annotation its own id.", {}, "renumbers the repeats after the largest id"),
        make_rule("dataset/duplicate-file-name", Severity::error, "Two images of one subset have the same file name.",
             "Each image record must name its own file."),
        make_rule("dataset/subset-leakage", Severity::error,
             "One image is in two subsets (it would be trained and evaluated on).",
             "Keep every image in one subset."),
        make_rule("dataset/identical-subsets", Severity::warning,
             "Two subsets hold exactly the same images (one folder or list named for both, as in Ultralytics' "
             "coco128.yaml).",
             "Give the validation subset images of its own; every image would be trained and evaluated on."),
        make_rule("dataset/unused-category", Severity::warning, "A declared category has no annotations.",
             "Remove the category, or label its objects."),
        make_rule("dataset/image-without-annotations", Severity::info, "An image has no annotations.",
             "Fine for background images; otherwise label it."),
        make_rule("dataset/class-imbalance", Severity::info,
             "The most frequent class has many times the annotations of the rarest used class.",
             "Consider collecting or weighting the rare classes.",
             {{"ratio", 100, "largest allowed ratio of the most to the least frequent class's annotation count"}}),
        make_rule("dataset/box-size-outlier", Severity::warning,
             "A box's area is far from the other boxes of its class (log-area z-score).",
             "Check for a wrong class or a box drawn at the wrong scale.",
             {{"sigma", 4, "standard deviations of log(area) from the class mean"},
              {"min_count", 30, "classes with fewer boxes are not checked"}}),
    };
}

std::vector<RuleInfo> image_rules() {
    return {
        make_rule("image/missing", Severity::error, "An image file does not exist (checked with --check-images).",
             "Add the image or fix its path."),
        make_rule("image/unreadable", Severity::error,
             "An image cannot be opened, its header cannot be read, or it is a Git LFS pointer file (--check-images).",
             fmt::format("Replace the file (labelkit reads {} headers), or fetch it with `git lfs pull`.",
                         readable_image_formats())),
        make_rule("image/extension-mismatch", Severity::warning,
             "An image's content is of another format than its extension says, e.g. WebP bytes in a .jpg file "
             "(--check-images).",
             "Rename the file to its format's extension, or convert it: tools that go by the extension fail on it."),
        make_rule("image/size-mismatch", Severity::error, "An image's size differs from the size the labels declare (--check-images).",
             "Fix the declared width and height, or the image."),
        make_rule("image/exif-rotated", Severity::warning,
             "A JPEG's EXIF orientation (or a TIFF's Orientation tag) turns it by 90 degrees, so viewers and "
             "trainers that apply it see width and height swapped (--check-images).",
             "Rotate the pixels and remove the orientation tag (e.g. exiftran -ai, or PIL's ImageOps.exif_transpose)."),
    };
}

}  // namespace

std::vector<RuleInfo> lint_rules() {
    std::vector<RuleInfo> rules = geometry_rules();
    for (std::vector<RuleInfo> more : {dataset_rules(), image_rules()})
        for (RuleInfo& info : more) rules.push_back(std::move(info));
    return rules;
}

std::vector<RuleInfo> all_rules(const std::vector<Format>& formats) {
    std::vector<RuleInfo> rules = lint_rules();
    std::set<std::string> seen;
    for (const RuleInfo& info : rules) seen.insert(info.id);
    for (const Format& format : formats)
        for (const RuleInfo& info : format.rules)
            if (seen.insert(info.id).second) rules.push_back(info);
    return rules;
}

}  // namespace labelkit
