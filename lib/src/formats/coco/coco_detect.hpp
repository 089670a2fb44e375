#pragma once
#include <filesystem>

#include "labelkit/format.hpp"

namespace labelkit::coco {

// 100 for a .json file that starts like a COCO file, 90 for a directory with COCO instances
// files, 0 otherwise; the reason says what was (or was not) found.
Detection detect(const std::filesystem::path& input);


}  // namespace labelkit::coco
