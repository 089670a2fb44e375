// The lint rules of the LabelMe reader (reported when it reads leniently).
#include "formats/labelme/labelme_private.hpp"

namespace labelkit::labelme {

std::vector<RuleInfo> rules() {
    return {
        make_rule("labelme/json-syntax", Severity::error, "A LabelMe file is not valid JSON.",
                  "Fix the JSON at the line and column given; the file is skipped."),
        make_rule("labelme/schema", Severity::error,
                  "A LabelMe file breaks the layout: \"shapes\" not an array, a shape without a \"label\" string, "
                  "points that are not [x, y] number pairs, a circle without 2 points, a point shape without 1, an "
                  "invalid image size.",
                  "The shape (or the file, when the problem is the whole file) is skipped."),
        make_rule("labelme/missing-image-path", Severity::error,
                  "A LabelMe file has no \"imagePath\": nothing says which image it annotates.",
                  "Add \"imagePath\", the image's path relative to the .json file; the file is skipped."),
        make_rule("labelme/rectangle-points", Severity::error,
                  "A rectangle has neither 2 corners nor 4 points.",
                  "Draw the rectangle again; the shape is skipped."),
        make_rule("labelme/polygon-points", Severity::error, "A polygon has fewer than 3 points.",
                  "Draw the polygon again, or make it a point or line; the shape is skipped."),
        make_rule("labelme/unknown-shape-type", Severity::error,
                  "A shape's shape_type is none of labelme's: rectangle, polygon, circle, point, line, linestrip, "
                  "points, mask.",
                  "Fix the shape_type; the shape is skipped."),
        make_rule("labelme/point-outside-image", Severity::warning,
                  "A point of a shape is outside its image (imageWidth x imageHeight).",
                  "Move the points inside the image; the shape is read as it is."),
        make_rule("labelme/unread-shapes", Severity::warning,
                  "Points, lines, line strips, point sets and masks have no shape in labelkit's model.",
                  "They are kept for writing back to LabelMe and lost in other formats."),
        make_rule("labelme/size-from-image", Severity::info,
                  "Files without imageWidth/imageHeight (labelme before 3.x): the size comes from the image's header, "
                  "or --image-size.",
                  "Nothing to fix; give --image-root or --image-size when the images are elsewhere."),
        make_rule("labelme/not-labelme", Severity::info, ".json files in the folder without \"shapes\".",
                  "They are not read."),
    };
}

}  // namespace labelkit::labelme
