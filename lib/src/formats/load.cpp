#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"

namespace labelkit {

namespace {

// The input is there and can be read: otherwise the reason (permission denied, ...), before any
// format tries it and fails for another reason.
void check_readable(const std::filesystem::path& input) {
    struct stat info {};
    if (::stat(input.c_str(), &info) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) throw Error("input does not exist", {input.string()});
        throw Error(fmt::format("cannot access the input: {}", error_text(errno)), {input.string()});
    }
    if (S_ISDIR(info.st_mode)) {
        DIR* folder = ::opendir(input.c_str());
        if (folder == nullptr)
            throw Error(fmt::format("cannot open the folder: {}", error_text(errno)), {input.string()});
        ::closedir(folder);
        return;
    }
    const int fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw Error(fmt::format("cannot open the file: {}", error_text(errno)), {input.string()});
    ::close(fd);
}

}  // namespace

LoadedDataset load_dataset(const std::vector<Format>& formats, const std::filesystem::path& input,
                           const std::string& format_name, const ReadOptions& options,
                           DiagnosticSink& sink) {
    check_readable(input);
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
