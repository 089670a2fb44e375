#pragma once
// The options of every command that reads datasets: where the images are (--image-root), the
// size of images that cannot be read (--image-size), and how VOC boxes are numbered
// (--voc-coordinates, also for the VOC the command writes).
#include <string>

#include <CLI/CLI.hpp>

#include "labelkit/format.hpp"

namespace labelkit::cli {

struct InputOptions {
    std::string image_root;
    std::string image_size;  // "W,H" or "WxH"; "" when not given
    std::string voc_coordinates = to_string(VocCoordinates::devkit);
    std::size_t jobs = 0;  // the global --jobs (main.cpp), set before the command runs; 0: one per core
};

void add_input_options(CLI::App& command, InputOptions& options);
// --seed: a whole number of 0 or more (CLI11 alone would take -1 as 2^64 - 1).
void add_seed_option(CLI::App& command, std::uint64_t& seed, const std::string& description);

// The ReadOptions they stand for (with jobs). Throws labelkit::Error for a malformed --image-size.
ReadOptions read_options(const InputOptions& options);
// The WriteOptions of a command that writes what it read: VOC in the same convention, with jobs.
WriteOptions write_options(ImageMode images, const InputOptions& options);

}  // namespace labelkit::cli
