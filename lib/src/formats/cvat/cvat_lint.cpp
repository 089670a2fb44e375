// The lint rules of the CVAT XML reader (reported when it reads leniently).
#include "formats/cvat/cvat_private.hpp"

namespace labelkit::cvat {

std::vector<RuleInfo> rules() {
    return {
        make_rule("cvat/xml-syntax", Severity::error, "The file is not well-formed XML.",
                  "Fix the XML at the line and column given; nothing is read."),
        make_rule("cvat/schema", Severity::error,
                  "An element breaks CVAT XML 1.1: root not <annotations>, an <image> without name, a shape or "
                  "<track> without a required attribute, an <attribute> without name.",
                  "The element is skipped."),
        make_rule("cvat/bad-number", Severity::error,
                  "An attribute that must be a number is not one (coordinates, frame, id, z_order, rotation, rle "
                  "counts, frame_filter), or a box is inverted (xbr < xtl).",
                  "Fix the value; the shape is skipped."),
        make_rule("cvat/bad-points", Severity::error,
                  "A polygon's points are not \"x,y;x,y;...\" with finite numbers, or fewer than 3.",
                  "Fix the points text; the shape is skipped."),
        make_rule("cvat/mask-size", Severity::error,
                  "A <mask>'s rle counts do not add up to its width x height, its box leaves the image, or its "
                  "image has no size.",
                  "Export the mask again from CVAT; the shape is skipped."),
        make_rule("cvat/undeclared-label", Severity::warning, "A shape's label is not declared in <meta><labels>.",
                  "CVAT refuses to import it into a task without that label: declare it or fix the name. It is read "
                  "as a class of its own."),
        make_rule("cvat/no-label", Severity::warning, "A shape or tag has an empty label.",
                  "Give it a label; it is not read (the model has no object without a class)."),
        make_rule("cvat/never-visible", Severity::warning,
                  "A <track> whose shapes are all outside=\"1\": the object never appears.",
                  "Remove the track, or mark the frames where the object is visible."),
        make_rule("cvat/frame-out-of-range", Severity::warning,
                  "A track shape's frame is before start_frame, after stop_frame, or off the frame_filter step.",
                  "CVAT refuses such a frame on import; fix the frame number or the task's frame range."),
        make_rule("cvat/shape-not-read", Severity::warning,
                  "Shapes the model has no kind for (polyline, points, ellipse, cuboid, skeleton), counted.",
                  "Nothing to fix in the file; they are not read, so a conversion leaves them out."),
        make_rule("cvat/outside-shapes", Severity::info,
                  "Track shapes marked outside=\"1\" (the object left the frame), counted.",
                  "Nothing to fix; they say where a track ends and are not objects."),
        make_rule("cvat/unknown-element", Severity::warning, "Elements that CVAT XML 1.1 does not define, counted.",
                  "They are not read; remove them."),
        make_rule("cvat/frame-range", Severity::info,
                  "A video task lists too many frames to make an item of each; only frames with shapes are items.",
                  "Nothing to fix."),
    };
}

}  // namespace labelkit::cvat
