#pragma once
// The three entry points behind the "voc" format descriptor (voc_format.cpp).
#include <filesystem>

#include "labelkit/format.hpp"

namespace labelkit::voc {

Detection detect(const std::filesystem::path& input);
Dataset read(const std::filesystem::path& root, const ReadOptions& options, DiagnosticSink& sink);
void write(const Dataset& dataset, const std::filesystem::path& output, const WriteOptions& options,
           DiagnosticSink& sink);

}  // namespace labelkit::voc
