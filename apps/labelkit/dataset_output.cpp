#include "dataset_output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "labelkit/error.hpp"
#include "labelkit/output.hpp"

namespace labelkit::cli {

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

bool writes_single_file(const Format& target, const std::string& output) {
    return target.name == "coco" && (output.ends_with(".json") || is_special_file(output));
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
    try {
        target.write(dataset, atomic.path(), write_options, write_sink);
    } catch (const Error& error) {
        if (!error.where().path.empty()) throw atomic.for_user(error);
        throw Error(atomic.user_text(error.message()), {output.path}, error.rule());  // a writer's error is about its output
    }
    atomic.commit();
}

ImageMode image_mode_for(const std::string& text, const Format& target) {
    if (text == "copy") return ImageMode::copy;
    if (text == "link") return ImageMode::link;
    if (text == "none") return ImageMode::none;
    return target.default_images;
}

bool is_standard_output(const std::string& path) {
    struct stat output {}, standard {};
    if (path.empty() || ::fstat(STDOUT_FILENO, &standard) != 0 || ::stat(path.c_str(), &output) != 0) return false;
    return output.st_dev == standard.st_dev && output.st_ino == standard.st_ino;
}

std::FILE* summary_stream(std::initializer_list<std::string_view> outputs) {
    for (const std::string_view output : outputs)
        if (is_standard_output(std::string(output))) return stderr;
    return stdout;
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

void write_output_file(const OutputPath& output, std::string_view content, DiagnosticSink& sink) {
    PendingOutputFile(output, sink).write(content);
}

}  // namespace labelkit::cli
