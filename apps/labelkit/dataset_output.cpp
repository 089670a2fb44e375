#include "dataset_output.hpp"

#include <fstream>

#include "labelkit/error.hpp"
#include "labelkit/output.hpp"

namespace labelkit::cli {

namespace {

// Every mention of the temporary, in the text, turned into the user's path.
std::string shown_to_user(std::string text, const AtomicOutput& output) {
    const std::string temporary = output.path().string();
    for (std::size_t at = text.find(temporary); at != std::string::npos; at = text.find(temporary, at + 1))
        text.replace(at, temporary.size(), output.target().string());
    return text;
}

}  // namespace

bool writes_single_file(const Format& target, const std::string& output) {
    return target.name == "coco" && (output.ends_with(".json") || is_special_file(output));
}

void write_dataset(const Dataset& dataset, const Format& target, const OutputPath& output, const WriteOptions& options,
                   DiagnosticSink& sink) {
    const OutputKind kind = writes_single_file(target, output.path) ? OutputKind::file : OutputKind::directory;
    AtomicOutput atomic({output.path, kind, output.overwrite, output.inputs}, sink);
    DiagnosticSink write_sink([&](const Diagnostic& diagnostic) {
        Diagnostic shown = diagnostic;
        shown.location.path = atomic.user_path(shown.location.path);
        shown.message = shown_to_user(shown.message, atomic);
        sink.report(std::move(shown));
    });
    try {
        target.write(dataset, atomic.path(), options, write_sink);
    } catch (const Error& error) {
        Location where = error.where();
        where.path = where.path.empty() ? output.path : atomic.user_path(where.path);
        throw Error(shown_to_user(error.message(), atomic), where, error.rule());
    }
    atomic.commit();
}

ImageMode image_mode_for(const std::string& text, const Format& target) {
    if (text == "copy") return ImageMode::copy;
    if (text == "link") return ImageMode::link;
    if (text == "none") return ImageMode::none;
    return target.default_images;
}

void write_output_file(const OutputPath& output, std::string_view content, DiagnosticSink& sink) {
    AtomicOutput atomic({output.path, OutputKind::file, output.overwrite, output.inputs}, sink);
    std::ofstream file(atomic.path(), std::ios::binary);
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    file.close();
    if (!file) throw Error("could not write the file (is the disk full?)", {output.path});
    atomic.commit();
}

}  // namespace labelkit::cli
