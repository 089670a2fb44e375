#pragma once
#include "labelkit/format.hpp"

namespace labelkit {

// Label Studio's JSON export: tasks with their annotations and predictions (label_studio/).
Format make_label_studio_format();
// Its JSON-MIN and CSV exports: one record (row) per annotation, read only.
Format make_label_studio_min_format();
Format make_label_studio_csv_format();

}  // namespace labelkit
