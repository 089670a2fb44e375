#include "dataset_output.hpp"

#include <filesystem>
#include <fstream>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::cli {

void refuse_overwriting_input(const std::string& input, const std::string& output) {
    const auto canonical_input = std::filesystem::weakly_canonical(input).generic_string() + "/";
    const auto canonical_output = std::filesystem::weakly_canonical(output).generic_string() + "/";
    if (canonical_input.starts_with(canonical_output))
        throw Error("OUTPUT is the input or holds it: writing there would delete the dataset being read", {output});
}

bool writes_single_file(const Format& target, const std::string& output) {
    return target.name == "coco" && output.ends_with(".json");
}

void write_dataset(const Dataset& dataset, const Format& target, const std::string& output, bool overwrite,
                   const WriteOptions& options, DiagnosticSink& sink) {
    AtomicOutput atomic(output, overwrite, !writes_single_file(target, output));
    DiagnosticSink write_sink([&](const Diagnostic& diagnostic) {
        Diagnostic shown = diagnostic;
        const std::string temporary = atomic.path().string();
        if (shown.location.path.starts_with(temporary))
            shown.location.path = output + shown.location.path.substr(temporary.size());
        sink.report(std::move(shown));
    });
    target.write(dataset, atomic.path(), options, write_sink);
    atomic.commit();
}

ImageMode image_mode_for(const std::string& text, const Format& target) {
    if (text == "copy") return ImageMode::copy;
    if (text == "link") return ImageMode::link;
    if (text == "none") return ImageMode::none;
    return target.default_images;
}

void write_output_file(const std::string& path, std::string_view content) {
    AtomicOutput output(path, true, false);
    std::ofstream file(output.path(), std::ios::binary);
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    file.close();
    if (!file) throw Error("could not write the file", {path});
    output.commit();
}

}  // namespace labelkit::cli
