#pragma once
#include <filesystem>

#include "labelkit/format.hpp"

namespace labelkit::coco {

// Reads a COCO .json file or a dataset directory (see coco_layout.hpp) into one Dataset.
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);

}  // namespace labelkit::coco
