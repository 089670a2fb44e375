// The two YOLO format descriptors: Ultralytics ("yolo") and Darknet ("yolo-darknet").
#include "formats/yolo/yolo_format.hpp"

#include "formats/yolo/yolo_private.hpp"

namespace labelkit {

Format make_yolo_format() {
    Format format;
    format.name = "yolo";
    format.aliases = {"ultralytics", "yolov5", "yolov8", "yolo11"};
    format.description =
        "Ultralytics YOLO: data.yaml, images/<subset>/ and labels/<subset>/*.txt (detect, segment, obb, pose)";
    format.stores.boxes = true;
    format.stores.polygons = true;
    format.stores.oriented_boxes = true;
    format.stores.keypoints = true;
    format.stores.subsets = true;
    format.stores.one_shape_kind = true;
    format.stores.classes_by_index = true;
    // Ultralytics finds label files through the images, so they must be in the output.
    format.default_images = ImageMode::link;
    format.detect = yolo::detect_ultralytics;
    format.read = yolo::read_ultralytics;
    format.write = yolo::write_ultralytics;
    format.rules = yolo::ultralytics_rules();
    return format;
}

Format make_yolo_darknet_format() {
    Format format;
    format.name = "yolo-darknet";
    format.aliases = {"darknet", "yolo_darknet"};
    format.description = "Darknet YOLO: obj.data, obj.names, train.txt and obj_train_data/ (boxes)";
    format.stores.boxes = true;
    format.stores.subsets = true;
    format.stores.classes_by_index = true;
    format.default_images = ImageMode::link;
    format.detect = yolo::detect_darknet;
    format.read = yolo::read_darknet;
    format.write = yolo::write_darknet;
    format.rules = yolo::darknet_rules();
    return format;
}

}  // namespace labelkit
