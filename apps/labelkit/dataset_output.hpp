#pragma once
// Writing a dataset the way every subcommand that writes one does: into a temporary sibling,
// renamed into place once complete, never over the input.
#include <string>
#include <string_view>

#include "labelkit/format.hpp"

namespace labelkit::cli {

// --overwrite must never delete the dataset being read (OUTPUT equal to INPUT, or holding it).
void refuse_overwriting_input(const std::string& input, const std::string& output);

// COCO can write one .json file; every other output is a directory.
bool writes_single_file(const Format& target, const std::string& output);

// Writes the dataset (already adapted to the target) atomically. Diagnostics of the writer
// name OUTPUT, not the temporary path.
void write_dataset(const Dataset& dataset, const Format& target, const std::string& output, bool overwrite,
                   const WriteOptions& options, DiagnosticSink& sink);

// --images copy|link|none, or the target's default when the option was not given ("").
ImageMode image_mode_for(const std::string& text, const Format& target);

// Writes a small output file (a report, an image) atomically, replacing what is there.
void write_output_file(const std::string& path, std::string_view content);

}  // namespace labelkit::cli
