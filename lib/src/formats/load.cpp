#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"

namespace labelkit {

LoadedDataset load_dataset(const std::vector<Format>& formats, const std::filesystem::path& input,
                           const std::string& format_name, const ReadOptions& options,
                           DiagnosticSink& sink) {
    std::error_code error;
    if (!std::filesystem::exists(input, error))
        throw Error("input does not exist", {input.string()});
    LoadedDataset loaded;
    if (!format_name.empty()) {
        loaded.format = &find_format(formats, format_name);
    } else {
        const DetectionResult detection = detect_format(formats, input);
        if (!detection.format)
            throw Error(fmt::format("cannot tell the format (give --from); considered {}",
                                    fmt::join(detection.considered, "; ")),
                        {input.string()});
        loaded.format = detection.format;
        for (const std::string& line : detection.considered)
            if (line.starts_with(detection.format->name + ": ")) loaded.detection_reason = line.substr(detection.format->name.size() + 2);
    }
    if (!loaded.format->read) throw Error(fmt::format("labelkit cannot read {}", loaded.format->name));
    loaded.dataset = loaded.format->read(input, options, sink);
    return loaded;
}

}  // namespace labelkit

namespace labelkit {

const char* to_string(VocCoordinates coordinates) {
    return coordinates == VocCoordinates::devkit ? "devkit" : "edges";
}

std::optional<VocCoordinates> parse_voc_coordinates(std::string_view text) {
    for (const VocCoordinates coordinates : voc_coordinate_conventions)
        if (text == to_string(coordinates)) return coordinates;
    return std::nullopt;
}

void report_or_throw(const Error& error, const ReadOptions& options, DiagnosticSink& sink,
                     const std::string& fallback_rule) {
    if (!options.lenient) throw error;
    sink.report(error.as_diagnostic(fallback_rule));
}

Location locate(const Format& format, const Dataset& dataset, const Origin& origin, OriginKind kind) {
    if (format.locate) return format.locate(dataset, origin, kind);
    if (origin.file >= dataset.source_files.size()) return {};
    return {dataset.source_files[origin.file], origin.position};
}

}  // namespace labelkit
