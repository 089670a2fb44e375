#pragma once
#include "labelkit/format.hpp"

namespace labelkit {

// Label Studio's JSON export: tasks with their annotations and predictions (label_studio/).
Format make_label_studio_format();

}  // namespace labelkit
