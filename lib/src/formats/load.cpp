#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/output.hpp"
#include "labelkit/progress.hpp"
#include "ops/item_file_names.hpp"

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

// The formats that read datasets (not rating tables): those detection chooses among.
std::vector<Format> dataset_readers(const std::vector<Format>& formats) {
    std::vector<Format> readers;
    for (const Format& format : formats)
        if (format.read) readers.push_back(format);
    return readers;
}

// Whether a subset name joined to the image root stays under it: a relative path without a root
// name and without a ".." part ("/home/u/.ssh" or "C:x" would leave the root).
bool stays_under_root(const std::string& subset) {
    const std::filesystem::path path(subset);
    if (!path.is_relative() || path.has_root_name()) return false;
    return std::none_of(path.begin(), path.end(), [](const std::filesystem::path& part) { return part == ".."; });
}

// --image-root for the readers that do not look there themselves (Label Studio, LabelMe, SageMaker):
// an item without an image file found gets root/<path> or root/<subset>/<path> (the file name of
// a URL or absolute path), when that file exists, so that writers placing images find it.
void find_images_under(const std::filesystem::path& root, Dataset& dataset) {
    for (Item& item : dataset.items) {
        if (!item.image_file.empty() || item.path.empty()) continue;
        const std::string relative = is_url_or_absolute(item.path) ? file_name_of_reference(item.path) : item.path;
        if (relative.empty() || relative.find("..") != std::string::npos) continue;
        const bool safe_subset = stays_under_root(item.subset);
        for (const std::filesystem::path& file : {root / relative, root / (safe_subset ? item.subset : "") / relative})
            if (is_file(file)) {
                item.image_file = file.string();
                break;
            }
    }
}

// The input's last name, for the progress line ("examples/coco/" is "coco").
std::string shown_name(const std::filesystem::path& input) {
    const std::filesystem::path name = input.filename().empty() ? input.parent_path().filename() : input.filename();
    return name.empty() ? input.string() : name.string();
}

}  // namespace

LoadedDataset load_dataset(const std::vector<Format>& formats, const std::filesystem::path& input,
                           const std::string& format_name, const ReadOptions& options,
                           DiagnosticSink& sink) {
    check_readable(input);
    LoadedDataset loaded;
    if (!format_name.empty()) {
        loaded.format = find_format(formats, format_name);
    } else {
        DetectionResult detection = detect_format(dataset_readers(formats), input);
        if (!detection.format)
            throw Error(fmt::format("cannot tell the format (give --from); considered {}",
                                    fmt::join(detection.considered, "; ")),
                        {input.string()});
        note(options.progress, fmt::format("formats considered: {}", fmt::join(detection.considered, "; ")));
        const std::string prefix = detection.format->name + ": ";
        for (const std::string& line : detection.considered)
            if (line.starts_with(prefix)) loaded.detection_reason = line.substr(prefix.size());
        loaded.format = std::move(detection.format);
    }
    if (!loaded.format->read) throw Error(fmt::format("labelkit cannot read {}", loaded.format->name));
    note(options.progress, loaded.detection_reason.empty()
                               ? fmt::format("reading {} as {} (the format given)", input.string(), loaded.format->name)
                               : fmt::format("reading {} as {} (detected: {})", input.string(), loaded.format->name,
                                             loaded.detection_reason));
    const ProgressPhase reading(options.progress, fmt::format("reading {}", shown_name(input)));
    loaded.dataset = loaded.format->read(input, options, sink);
    if (!options.image_root.empty()) find_images_under(options.image_root, loaded.dataset);
    return loaded;
}

}  // namespace labelkit

namespace labelkit {

void report_or_throw(const Error& error, const ReadOptions& options, DiagnosticSink& sink,
                     const std::string& fallback_rule) {
    if (!options.lenient) throw error;
    sink.report(error.as_diagnostic(fallback_rule));
}

bool writes_single_file(const Format& target, const std::filesystem::path& output) {
    if (target.file_extensions.empty()) return false;
    if (is_special_file(output)) return true;
    const std::string text = output.string();
    for (const std::string& extension : target.file_extensions)
        if (text.size() > extension.size() && iequals(std::string_view(text).substr(text.size() - extension.size()), extension))
            return true;
    return false;
}

Location locate(const Format& format, const Dataset& dataset, const Origin& origin, OriginKind kind) {
    if (format.locate) return format.locate(dataset, origin, kind);
    if (origin.file >= dataset.source_files.size()) return {};
    return {dataset.source_files[origin.file], origin.position};
}

}  // namespace labelkit
