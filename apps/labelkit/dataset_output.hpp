#pragma once
// Writing what a subcommand writes (a dataset, a report, a picture) through AtomicOutput
// (labelkit/output.hpp): into a temporary sibling, put in place once complete, never over an
// input, never over an existing path without --overwrite.
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/format.hpp"
#include "labelkit/output.hpp"

namespace labelkit::cli {

struct OutputPath {
    std::string path;
    bool overwrite = false;
    std::vector<std::filesystem::path> inputs;  // never written over, nor a folder holding one
};

// The image files a dataset was read with (those found).
std::vector<std::filesystem::path> image_files_of(const Dataset& dataset);

// The inputs, and when an existing path is to be replaced, the images the dataset was read with:
// a YOLO dataset's images may be links into the very folder being replaced.
std::vector<std::filesystem::path> read_paths(const Dataset& dataset, const OutputPath& output);

// COCO can write one .json file (or into a device or pipe); every other output is a directory.
bool writes_single_file(const Format& target, const std::string& output);

// Writes the dataset (already adapted to the target) atomically. Messages and errors of the
// writer name OUTPUT, not the temporary path.
void write_dataset(const Dataset& dataset, const Format& target, const OutputPath& output, const WriteOptions& options,
                   DiagnosticSink& sink);

// --images copy|link|none, or the target's default when the option was not given ("").
ImageMode image_mode_for(const std::string& text, const Format& target);

// Whether the path is where standard output goes (/dev/stdout, or the file or pipe it is).
bool is_standard_output(const std::string& path);
// Where a command's summary goes: stdout, or stderr when one of the outputs is stdout itself, so
// that the data written there stays clean.
std::FILE* summary_stream(std::initializer_list<std::string_view> outputs);

// A small output file (a report, an image) opened before the work that fills it, so that a path it
// may not take is refused before anything else is written; put in place by write().
class PendingOutputFile {
public:
    PendingOutputFile(const OutputPath& output, DiagnosticSink& sink);
    // Checks the path against what the run read that was not known when the file was opened
    // (image files): called before any other output is put in place.
    void refuse_inputs(const std::vector<std::filesystem::path>& read) const { atomic_.refuse_inputs(read); }
    void write(std::string_view content);

private:
    AtomicOutput atomic_;
};

// Writes a small output file atomically, at once.
void write_output_file(const OutputPath& output, std::string_view content, DiagnosticSink& sink);

}  // namespace labelkit::cli
