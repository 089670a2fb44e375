#include "ops/dataset_output.hpp"

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/progress.hpp"

namespace labelkit {

const Format& writable_format(const std::vector<Format>& formats, const std::string& name) {
    const Format& target = find_format(formats, name);
    if (!target.write) throw Error(fmt::format("labelkit cannot write {}", target.name));
    return target;
}

WriteOptions write_options(const std::optional<ImageMode>& images, const Format& target, const ReadOptions& read) {
    WriteOptions write;
    write.images = images.value_or(target.default_images);
    write.voc_coordinates = read.voc_coordinates;
    write.jobs = read.jobs;
    write.progress = read.progress;
    return write;
}

std::vector<std::filesystem::path> image_files_of(const Dataset& dataset) {
    std::vector<std::filesystem::path> files;
    for (const Item& item : dataset.items)
        if (!item.image_file.empty()) files.emplace_back(item.image_file);
    return files;
}

std::vector<std::filesystem::path> read_paths(const Dataset& dataset, const OutputPath& output) {
    std::vector<std::filesystem::path> paths = output.inputs;
    std::error_code error;
    if (!output.overwrite || !std::filesystem::exists(std::filesystem::symlink_status(output.path, error))) return paths;
    const std::vector<std::filesystem::path> images = image_files_of(dataset);
    paths.insert(paths.end(), images.begin(), images.end());
    return paths;
}

void write_dataset(const Dataset& dataset, const Format& target, const OutputPath& output, const WriteOptions& options,
                   DiagnosticSink& sink) {
    const OutputKind kind = writes_single_file(target, output.path) ? OutputKind::file : OutputKind::directory;
    // A file (a COCO .json) cannot hold images: only a folder is checked against them.
    AtomicOutput atomic({output.path, kind, output.overwrite, kind == OutputKind::directory ? read_paths(dataset, output) : output.inputs},
                        sink);
    DiagnosticSink write_sink([&](const Diagnostic& diagnostic) { sink.report(atomic.for_user(diagnostic)); });
    WriteOptions write_options = options;
    write_options.single_file = kind == OutputKind::file;
    note(options.progress, fmt::format("writing {} as {} ({})", output.path.string(), target.name,
                                       kind == OutputKind::file ? "one file" : "a folder"));
    const ProgressPhase writing(options.progress, fmt::format("writing {}", target.name));
    try {
        target.write(dataset, atomic.path(), write_options, write_sink);
    } catch (const Error& error) {
        if (!error.where().path.empty()) throw atomic.for_user(error);
        throw Error(atomic.user_text(error.message()), {output.path.string()}, error.rule());  // a writer's error is about its output
    }
    atomic.commit();
}

PendingOutputFile::PendingOutputFile(const OutputPath& output, DiagnosticSink& sink)
    : atomic_({output.path, OutputKind::file, output.overwrite, output.inputs}, sink) {}

void PendingOutputFile::write(std::string_view content) {
    try {
        write_output_text(atomic_.path(), content);
    } catch (const Error& error) {
        throw atomic_.for_user(error);
    }
    atomic_.commit();
}

}  // namespace labelkit
