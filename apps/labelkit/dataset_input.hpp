#pragma once
// The options of every command that reads datasets, into the ReadOptions of its operation: where
// the images are (--image-root), the size of images that cannot be read (--image-size), and how
// VOC boxes are numbered (--voc-coordinates, also for the VOC the command writes), what crowd reports
// keep (--keep-gold, --keep-tainted) and which columns of a crowd table hold what (--columns).
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "labelkit/format.hpp"

namespace labelkit::cli {

// --image-size is kept as text until the command runs (set_image_size), so that a malformed size
// is an error of the run, reported as every other one.
void add_input_options(CLI::App& command, ReadOptions& read, std::string& image_size);
// read.image_size from the text of --image-size, when it was given. Throws labelkit::Error.
void set_image_size(ReadOptions& read, const std::string& text);

// --seed: a whole number of 0 or more (CLI11 alone would take -1 as 2^64 - 1).
void add_seed_option(CLI::App& command, std::uint64_t& seed, const std::string& description);

}  // namespace labelkit::cli
