#pragma once
#include "labelkit/format.hpp"

namespace labelkit {
Format make_yolo_format();          // Ultralytics: data.yaml, images/<subset>, labels/<subset>
Format make_yolo_darknet_format();  // Darknet: obj.data, obj.names, train.txt, obj_train_data/
}
