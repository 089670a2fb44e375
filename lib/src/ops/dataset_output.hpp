#pragma once
// Writing what an operation writes (a dataset, a report, a picture) through AtomicOutput
// (labelkit/output.hpp): into a temporary sibling, put in place once complete, never over an
// input, never over an existing path without overwrite.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/format.hpp"
#include "labelkit/output.hpp"

namespace labelkit {

struct OutputPath {
    std::filesystem::path path;
    bool overwrite = false;
    std::vector<std::filesystem::path> inputs;  // never written over, nor a folder holding one
};

// The format named `name`, which must write datasets (the target of convert, merge, split).
const Format& writable_format(const std::vector<Format>& formats, const std::string& name);

// How a command writes what it read: the image mode asked for (else the target's default),
// VOC in the convention it was read in.
WriteOptions write_options(const std::optional<ImageMode>& images, const Format& target, const ReadOptions& read);

// The image files a dataset was read with (those found).
std::vector<std::filesystem::path> image_files_of(const Dataset& dataset);

// The inputs, and when an existing path is to be replaced, the images the dataset was read with:
// a YOLO dataset's images may be links into the very folder being replaced.
std::vector<std::filesystem::path> read_paths(const Dataset& dataset, const OutputPath& output);

// Writes the dataset (already adapted to the target) atomically. Messages and errors of the
// writer name OUTPUT, not the temporary path.
void write_dataset(const Dataset& dataset, const Format& target, const OutputPath& output, const WriteOptions& options,
                   DiagnosticSink& sink);

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

}  // namespace labelkit
