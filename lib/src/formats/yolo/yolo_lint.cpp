// The lint rules of the YOLO readers (reported when they read leniently).
#include "formats/yolo/yolo_private.hpp"

namespace labelkit::yolo {

// Label-line rules, shared by Ultralytics and Darknet datasets.
std::vector<RuleInfo> label_rules() {
    RuleInfo out_of_range = make_rule(
        "yolo/coordinate-out-of-range", Severity::error,
        "A label coordinate is outside 0..1 (YOLO coordinates are normalised by the image size).",
        "Divide pixel coordinates by the image width and height; clip values just outside 0..1. Ultralytics rejects "
        "the whole label file.",
        {{"tolerance", 0.001, "how far outside 0..1 a value may be (normalised units)"}});
    return {
        make_rule("yolo/field-count", Severity::error, "A label line has the wrong number of values for the task.",
             "detect: class cx cy w h; segment: class x1 y1 x2 y2 x3 y3 ...; pose: class cx cy w h + kpt_shape "
             "values. The line is skipped."),
        make_rule("yolo/not-a-number", Severity::error, "A label line holds a value that is not a number.",
             "The line is skipped."),
        make_rule("yolo/invalid-class", Severity::error, "A class index is not a whole number.", "The line is skipped."),
        make_rule("yolo/class-out-of-range", Severity::error, "A class index is negative or not below the number of names.",
             "Add the class to names in data.yaml or fix the index. The line is skipped."),
        std::move(out_of_range),
        make_rule("yolo/keypoint-visibility", Severity::error, "A keypoint visibility is not 0, 1 or 2.",
             "The line is skipped."),
        make_rule("yolo/orphan-label", Severity::error,
             "A label file has no image: its boxes cannot be placed (their coordinates are fractions of the image's "
             "size).",
             "YOLO finds labels through images (images/x.jpg -> labels/x.txt; Darknet: beside the image): add the "
             "image or delete the label file. convert reads such files only with --image-size W,H, for datasets of "
             "one fixed size."),
        make_rule("yolo/unlisted-image", Severity::warning,
             "An image has a label file but no subset list (train.txt, valid.txt) names it.",
             "Add the image to a list, or delete it and its labels: it is not part of the dataset."),
        make_rule("yolo/shared-label", Severity::warning,
             "Two images of one name (a.jpg and a.JPG, a.jpeg) share one label file: both get its objects.",
             "Rename or remove one of the images."),
        make_rule("yolo/image-size-given", Severity::info,
             "Images whose size could not be read were given --image-size.", "Nothing to fix if the size is right."),
        make_rule("yolo/missing-image", Severity::error, "An image named in a list file does not exist.",
             "Fix the path in the list or add the image."),
        make_rule("yolo/unreadable-image", Severity::error, "An image's size cannot be read from its header.",
             "Labels are normalised by the image size; without it they cannot be placed. Replace the image, or "
             "convert it to JPEG or PNG."),
        make_rule("yolo/listed-twice", Severity::warning, "An image is listed twice for one subset.",
             "Remove the repeated line: Ultralytics would train on the image twice."),
        make_rule("yolo/not-an-image", Severity::warning, "Lines of an image list do not name an image (by extension).",
             "Ultralytics skips them too."),
        make_rule("yolo/obb-detected", Severity::info,
             "Every label line has 9 values: read as oriented boxes, not 4-point polygons.",
             "Add a '# labelkit-task: segment' line to data.yaml if they are polygons."),
    };
}

std::vector<RuleInfo> ultralytics_rules() {
    std::vector<RuleInfo> rules = {
        make_rule("yolo/yaml-syntax", Severity::error, "data.yaml is not valid YAML.", "Fix the YAML at the line given."),
        make_rule("yolo/data-yaml", Severity::error, "A data.yaml key has the wrong type or shape.",
             "names is a list or a dict {0: name, ...}; train/val/test are folders, .txt lists or lists of those; "
             "kpt_shape is [N, 2 or 3]."),
        make_rule("yolo/missing-names", Severity::error, "data.yaml has neither names nor nc.",
             "Add names: the class names in index order."),
        make_rule("yolo/no-names", Severity::warning, "data.yaml has nc but no names.",
             "Add names; the classes are called class_0, class_1, ... meanwhile."),
        make_rule("yolo/nc-mismatch", Severity::error, "nc differs from the number of names.",
             "Remove nc (Ultralytics derives it from names) or correct it."),
        make_rule("yolo/names-gap", Severity::error, "The names dict skips a class index.",
             "Number the classes 0 to N-1 without gaps; the gap is read as class_<index>."),
        make_rule("yolo/missing-path", Severity::error, "A train/val/test path of data.yaml does not exist.",
             "Fix the path (relative to 'path', or to the data file's folder)."),
        make_rule("yolo/path-not-found", Severity::warning, "data.yaml's 'path' is not a folder.",
             "The data file's folder is used as the root instead."),
        make_rule("yolo/no-subsets", Severity::warning, "data.yaml names no train, val or test images.",
             "Add train: and val: entries."),
        make_rule("yolo/empty-subset", Severity::warning, "A subset folder holds no images.", "Check the path."),
        make_rule("yolo/kpt-names", Severity::warning, "kpt_names is not a dict {class: [keypoint names]}.",
             "Fix or remove kpt_names."),
        make_rule("yolo/loose-layout", Severity::info, "No data.yaml: images/ and labels/ were read with obj.names or classes.txt.",
             "Add a data.yaml so that Ultralytics can train on the dataset."),
    };
    for (RuleInfo& shared : label_rules()) rules.push_back(std::move(shared));
    return rules;
}

std::vector<RuleInfo> darknet_rules() {
    std::vector<RuleInfo> rules = {
        make_rule("yolo-darknet/no-subsets", Severity::warning, "obj.data names no image lists.",
             "Add train = data/train.txt."),
        make_rule("yolo-darknet/no-class-names", Severity::warning,
             "A subset folder of a Roboflow Darknet export has no _darknet.labels.",
             "It is read with the class names of the other subsets; copy their _darknet.labels into it."),
    };
    for (RuleInfo& shared : label_rules()) rules.push_back(std::move(shared));
    return rules;
}

}  // namespace labelkit::yolo
