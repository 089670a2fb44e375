// The lint rules of the Pascal VOC reader (reported when it reads leniently).
#include "formats/voc/voc_private.hpp"

namespace labelkit::voc {

std::vector<RuleInfo> rules() {
    return {
        make_rule("voc/xml-syntax", Severity::error, "An annotation file is not well-formed XML.",
             "Fix the XML at the line and column given; the file is skipped."),
        make_rule("voc/schema", Severity::error,
             "An annotation file breaks the VOC layout: root not <annotation>, an object without <name>, a "
             "value that is not a number, a <filename> escaping the dataset.",
             "The object (or the file, when the problem is the whole file) is skipped."),
        make_rule("voc/missing-bndbox", Severity::error, "An object has no <bndbox>, or its <bndbox> lacks a coordinate.",
             "Every object needs <bndbox> with xmin, ymin, xmax and ymax; the object is skipped."),
        make_rule("voc/inverted-box", Severity::error,
             "A box has xmin >= xmax or ymin >= ymax (inverted, or one pixel wide under VOC's inclusive convention).",
             "Swap the coordinates of an inverted box (skipped meanwhile); check one-pixel boxes (a warning)."),
        make_rule("voc/missing-size", Severity::error,
             "An annotation file has no <size> with width and height (or a size of 0), which the VOC devkit requires.",
             "Add <size>: tools that do not open the image need it to normalise or check boxes. labelkit reads the "
             "size from the image when it has it."),
        make_rule("voc/filename-not-id", Severity::warning,
             "<filename> names another image than the annotation file's id (its name, which ImageSets lists).",
             "The image is taken to be JPEGImages/<id>.<ext>, as the VOC devkit, torchvision and Datumaro read it "
             "(<filename> only counts when no image carries the id): fix <filename>, or rename the files."),
        make_rule("voc/listed-id-not-found", Severity::error,
             "An id in an ImageSets list has neither an annotation file nor an image.",
             "Fix the list line (often two ids run together when lists were joined without a final newline); the "
             "id is left out."),
        make_rule("voc/unknown-class", Severity::error, "An object's class is not in labelmap.txt.",
             "Add the class to labelmap.txt or fix the name; the object is skipped."),
        make_rule("voc/listed-twice", Severity::warning, "An image is listed twice in one ImageSets list.",
             "Remove the repeated line."),
        make_rule("voc/multiple-subsets", Severity::warning,
             "An image is listed in two subsets (leakage: it would be trained and evaluated on).",
             "Keep every image in one subset; it is kept in the first list."),
        make_rule("voc/ignored-element", Severity::warning, "Elements inside <object> that VOC does not define.",
             "They are not read; remove them or move them to <attributes>."),
        make_rule("voc/unlisted-image", Severity::info, "Annotation files that no ImageSets list names.",
             "They are read into subset 'default'."),
        make_rule("voc/subset-lists", Severity::info, "No ImageSets/Main/: subsets come from another ImageSets folder.",
             "Nothing to fix."),
    };
}

}  // namespace labelkit::voc
