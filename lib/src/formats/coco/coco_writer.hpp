#pragma once
#include <filesystem>

#include "labelkit/format.hpp"

namespace labelkit::coco {

// Writes output.json (everything in one file) or a directory with
// annotations/instances_<subset>.json per subset and, on request, images/<subset>/.
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);

}  // namespace labelkit::coco
