// The lint rules of the Scale and Nucleus readers (reported when they read leniently).
#include "formats/scale/scale_private.hpp"

namespace labelkit::scale {

std::vector<RuleInfo> scale_rules() {
    return {
        make_rule("scale/json-syntax", Severity::error,
                  "A task is not valid JSON, the top-level array is broken, or a task nests deeper than 64 levels.",
                  "Fix the JSON at the line given (for JSON Lines, the task's line); the task is skipped."),
        make_rule("scale/schema", Severity::error,
                  "A task breaks the Scale layout: not an object, a member of the wrong type, an annotation without a "
                  "label or coordinates, a task with neither params.attachment nor task_id.",
                  "The annotation (or the task) is skipped; fix the value at the JSON pointer given."),
        make_rule("scale/unknown-annotation-type", Severity::error,
                  "A response annotation has a type Scale does not document (box, polygon, line, point, cuboid, "
                  "ellipse, rotated_box).",
                  "The annotation is skipped; check the type's spelling."),
        make_rule("scale/negative-size", Severity::error, "A box has a negative width or height.",
                  "The box is skipped; fix left, top, width and height."),
        make_rule("scale/degenerate-polygon", Severity::error, "A polygon has fewer than 3 vertices.",
                  "The polygon is skipped; redraw it or remove it."),
        make_rule("scale/missing-response", Severity::error,
                  "A task whose status is completed (or not given) has no response.",
                  "The task is left out: fetch it again from the Scale API (GET /task/<task_id>)."),
        make_rule("scale/attachment-missing", Severity::warning,
                  "A task has no params.attachment (a callback body without its task, as in Scale's callback "
                  "example): the image it labels is not known.",
                  "Its item is named by the task_id; deliver the tasks (or callback bodies with their task) instead."),
        make_rule("scale/not-completed", Severity::warning,
                  "Tasks that are pending, canceled or in error have no response: they are left out (counted).",
                  "Nothing to fix in the file; wait for the tasks to complete, or filter them out."),
        make_rule("scale/unsupported-annotation", Severity::warning,
                  "Lines, points, cuboids, ellipses and rotated boxes have no shape in labelkit: not read (counted).",
                  "They are kept in the item's extra.unsupported_annotations; convert them by other means if needed."),
    };
}

std::vector<RuleInfo> nucleus_rules() {
    return {
        make_rule("nucleus/json-syntax", Severity::error,
                  "An annotation is not valid JSON, the top-level array is broken, or it nests deeper than 64 levels.",
                  "Fix the JSON at the line given; the annotation is skipped."),
        make_rule("nucleus/schema", Severity::error,
                  "An annotation breaks the Nucleus layout: not an object, no reference_id or type, a member of the "
                  "wrong type, a box or polygon without label or geometry.",
                  "The annotation is skipped; fix the value at the line and JSON pointer given."),
        make_rule("nucleus/unknown-annotation-type", Severity::error,
                  "An annotation's type is none of nucleus-python-client's (box, polygon, line, keypoints, cuboid, "
                  "segmentation, category, multicategory).",
                  "The annotation is skipped; check the type's spelling."),
        make_rule("nucleus/negative-size", Severity::error, "A box has a negative width or height.",
                  "The box is skipped; fix geometry.x, y, width and height."),
        make_rule("nucleus/degenerate-polygon", Severity::error, "A polygon has fewer than 3 vertices.",
                  "The polygon is skipped; redraw it or remove it."),
        make_rule("nucleus/unsupported-annotation", Severity::warning,
                  "Lines, keypoints, cuboids and segmentation masks are not read (counted).",
                  "They are kept in the item's extra.unsupported_annotations."),
    };
}

}  // namespace labelkit::scale
