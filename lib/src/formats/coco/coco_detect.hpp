#pragma once
#include <filesystem>

#include "labelkit/format.hpp"

namespace labelkit::coco {

// 100 for a .json file that starts like a COCO file, 90 for a directory with COCO instances
// files, 0 otherwise; the reason says what was (or was not) found.
Detection detect(const std::filesystem::path& input);

// The directory without a trailing separator ("data/coco/" -> "data/coco").
std::filesystem::path without_trailing_separator(const std::filesystem::path& path);

}  // namespace labelkit::coco
