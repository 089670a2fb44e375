// The "sagemaker" and "mturk" format descriptors (read only) and their lint rules.
#include "formats/sagemaker/sagemaker_format.hpp"

#include "formats/sagemaker/sagemaker_private.hpp"

namespace labelkit {

namespace sagemaker {

std::vector<RuleInfo> sagemaker_rules() {
    return {
        make_rule("sagemaker/json-syntax", Severity::error, "A manifest line or a worker-response file is not valid JSON.",
                  "Fix the JSON at the line given; the line (or file) is skipped."),
        make_rule("sagemaker/schema", Severity::error,
                  "A value of the wrong type or a missing field: an annotation without class_id or left/top/width/height, "
                  "metadata without \"type\", \"objects\" not one per annotation, a bounding box without label.",
                  "The element (box, label, line) is skipped; the JSON pointer shows where."),
        make_rule("sagemaker/missing-source", Severity::error,
                  "A manifest line has neither \"source-ref\" (the object's S3 URI) nor \"source\" (inline text).",
                  "Every line is one data object and needs one; the line is skipped."),
        make_rule("sagemaker/unknown-class", Severity::error, "A class index is not a key of the metadata's class-map.",
                  "Add the class to the class-map or fix the index; the box or label is skipped."),
        make_rule("sagemaker/confidence-range", Severity::error, "A confidence is outside [0, 1].",
                  "The box or label is kept without its score."),
        make_rule("sagemaker/answer-json", Severity::error,
                  "A worker's annotationData.content (the post-annotation Lambda's input) is not valid JSON.",
                  "That worker's answer is skipped."),
        make_rule("sagemaker/consolidation-skipped", Severity::info,
                  "A Ground Truth job folder's consolidated-annotation/ files are not read as answers: the consolidation "
                  "requests repeat the worker-response answers, the consolidation responses are the post-annotation "
                  "Lambda's output; counted.",
                  "Nothing to fix. The requests are read when the folder has no worker-response files."),
        make_rule("sagemaker/unread", Severity::warning,
                  "Label attributes (label verification, segmentation, video, text spans, ...) or crowd element answers "
                  "that labelkit does not read; counted by type.",
                  "Nothing to fix: labelkit reads boxes and image/text classification only."),
    };
}

std::vector<RuleInfo> mturk_rules() {
    return {
        make_rule("mturk/csv", Severity::error,
                  "The batch CSV cannot be read: no Answer.* column, a row with more or fewer fields than the header.",
                  "Fix the row (it is skipped)."),
        make_rule("mturk/schema", Severity::error,
                  "An answer of the wrong shape: a bounding box without label, left, top, width or height, an image size "
                  "that is not whole pixels.",
                  "The box or label is skipped; the message names the column and the JSON pointer inside the cell."),
        make_rule("mturk/answer-json", Severity::error, "An Answer.* cell that starts with [ or { is not valid JSON.",
                  "The row is skipped; the message names the column."),
        make_rule("mturk/missing-input", Severity::error,
                  "A row has no Input.image_url and no Input.* cell holding a URL or an image name, so its item is unknown.",
                  "Keep the input column in the batch file; the row is skipped."),
        make_rule("mturk/rejected", Severity::info, "Rejected assignments (AssignmentStatus Rejected) are left out.",
                  "Nothing to fix; the count is reported."),
        make_rule("mturk/unread", Severity::warning, "Answer columns of elements that labelkit does not read, counted.",
                  "Nothing to fix: labelkit reads crowd-bounding-box and crowd-classifier answers."),
    };
}

Capabilities crowd_capabilities() {
    Capabilities stores;
    stores.boxes = true;
    stores.scores = true;
    stores.attributes = true;
    stores.category_ids = true;
    stores.image_sizes = true;
    stores.item_labels = true;
    stores.annotators = true;
    stores.subsets = false;
    return stores;
}

}  // namespace sagemaker

Format make_sagemaker_format() {
    Format format;
    format.name = "sagemaker";
    format.description =
        "SageMaker Ground Truth: output.manifest (JSON Lines, consolidated boxes and classes) or worker-response files "
        "(one folder: the workers as annotators); read only";
    format.stores = sagemaker::crowd_capabilities();
    format.detect = sagemaker::detect_sagemaker;
    format.read = sagemaker::read;
    format.rules = sagemaker::sagemaker_rules();
    return format;
}

Format make_mturk_format() {
    Format format;
    format.name = "mturk";
    format.description = "Mechanical Turk batch results CSV (crowd-bounding-box, crowd-classifier answers; workers as annotators); read only";
    format.stores = sagemaker::crowd_capabilities();
    format.detect = sagemaker::detect_mturk;
    format.read = sagemaker::read_mturk;
    format.rules = sagemaker::mturk_rules();
    return format;
}

}  // namespace labelkit
