// Recognising SageMaker manifests, worker responses and MTurk batches by their first bytes.
#include <algorithm>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "formats/sagemaker/sagemaker_format.hpp"
#include "formats/sagemaker/sagemaker_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace fs = std::filesystem;

bool is_mturk_batch_header(const std::vector<std::string>& header) {
    return std::any_of(header.begin(), header.end(), [](const std::string& column) {
        return column.starts_with("Answer.") || column == "HITId" || column == "WorkerId";
    });
}

}  // namespace labelkit

namespace labelkit::sagemaker {

namespace {

constexpr std::size_t peek_size = 64 * 1024;
// A folder is taken for worker responses when its first JSON files are: at most this many are opened.
constexpr std::size_t files_looked_at = 16;
// ... and at most this many entries are walked to find them (a large folder without JSON files).
constexpr std::size_t entries_walked = 10000;

std::string peek(const fs::path& path) {
    const std::string text = read_file_start(path, peek_size);
    return std::string(without_byte_order_mark(text));
}

bool has(const std::string& text, std::string_view key) { return text.find(key) != std::string::npos; }

bool json_extension(const fs::path& path) {
    const std::string extension = path.extension().string();
    return iequals(extension, ".json") || iequals(extension, ".jsonl") || iequals(extension, ".ndjson") ||
           iequals(extension, ".manifest");
}

}  // namespace

SagemakerFile classify_file(const fs::path& path) {
    if (!json_extension(path)) return SagemakerFile::none;
    const std::string start = peek(path);
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return SagemakerFile::none;
    if (start[first] == '{') {
        if (has(start, "\"answerContent\"")) return SagemakerFile::worker_response;
        const std::string line = start.substr(first, start.find('\n', first) - first);
        // A line without the source (an error to report) still has its label attributes' metadata.
        if (has(line, "\"source-ref\"") || has(line, "-metadata\"") || iequals(path.extension().string(), ".manifest"))
            return SagemakerFile::manifest;
        return SagemakerFile::none;
    }
    if (start[first] == '[' && (has(start, "\"annotatedResult\"") || has(start, "\"annotationData\"")))
        return SagemakerFile::worker_response;
    return SagemakerFile::none;
}

namespace {

bool has_component(const fs::path& relative, std::string_view name) {
    return std::any_of(relative.begin(), relative.end(), [&](const fs::path& part) { return part.string() == name; });
}

}  // namespace

ResponseFolder response_folder_files(const fs::path& folder) {
    ResponseFolder files;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (!it->is_regular_file(error) || !iequals(it->path().extension().string(), ".json")) continue;
        const fs::path relative = it->path().lexically_relative(folder);
        if (has_component(relative, "consolidation-response")) {
            ++files.consolidation_responses;
            continue;
        }
        if (classify_file(it->path()) != SagemakerFile::worker_response) continue;
        (has_component(relative, "consolidation-request") ? files.requests : files.answers).push_back(it->path());
    }
    std::sort(files.answers.begin(), files.answers.end());
    std::sort(files.requests.begin(), files.requests.end());
    return files;
}

namespace {

// The folder whose JSON files should all be worker answers: a job's (or its annotations folder's)
// worker-response folder when there is one, else the folder itself.
fs::path answers_folder(const fs::path& folder) {
    std::error_code error;
    for (const fs::path& inside : {folder / "annotations" / "worker-response", folder / "worker-response"})
        if (fs::is_directory(inside, error)) return inside;
    return folder;
}

// Whether the first JSON files under the folder are worker responses (the Lambda's output under
// consolidation-response/ is not looked at).
Detection detect_folder(const fs::path& input) {
    const fs::path folder = answers_folder(input);
    std::size_t looked_at = 0, responses = 0, walked = 0;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator() && looked_at < files_looked_at && walked++ < entries_walked;
         it.increment(error)) {
        if (!it->is_regular_file(error) || !iequals(it->path().extension().string(), ".json")) continue;
        if (has_component(it->path().lexically_relative(folder), "consolidation-response")) continue;
        ++looked_at;
        if (classify_file(it->path()) == SagemakerFile::worker_response) ++responses;
    }
    if (responses == 0) return {0, "no worker-response JSON files (with \"answerContent\")"};
    if (responses < looked_at)
        return {0, fmt::format("{} of the first {} JSON files are worker responses, not all", responses, looked_at)};
    if (folder != input)
        return {85, fmt::format("a Ground Truth job's {} folder of worker responses ({} files looked at)",
                                folder.lexically_relative(input).generic_string(), looked_at)};
    return {80, fmt::format("a folder of worker-response files ({} looked at)", looked_at)};
}

}  // namespace

Detection detect_sagemaker(const fs::path& input) {
    std::error_code error;
    const fs::file_status status = fs::status(input, error);
    if (fs::is_directory(status)) return detect_folder(input);
    if (!fs::is_regular_file(status)) return {0, "no such file or directory"};
    switch (classify_file(input)) {
        case SagemakerFile::manifest:
            return {110, "JSON Lines whose first line has \"source-ref\" or \"<label>-metadata\" (an output manifest)"};
        case SagemakerFile::worker_response: return {110, "JSON with worker answers (\"answerContent\", \"annotatedResult\")"};
        case SagemakerFile::none: break;
    }
    return {0, "not a manifest (JSON Lines with \"source-ref\") nor a worker response (\"answerContent\")"};
}

namespace {

// A .txt batch (saved by a tool that names its CSV so) needs more than one batch column: an
// Answer.* column and an Input.*, HITId or WorkerId column.
bool text_batch_header(const std::vector<std::string>& header) {
    const auto any = [&](auto&& predicate) { return std::any_of(header.begin(), header.end(), predicate); };
    return any([](const std::string& column) { return column.starts_with("Answer."); }) &&
           any([](const std::string& column) {
               return column.starts_with("Input.") || column == "HITId" || column == "WorkerId";
           });
}

}  // namespace

Detection detect_mturk(const fs::path& input) {
    std::error_code error;
    const std::string extension = input.extension().string();
    const bool text_file = iequals(extension, ".txt");
    if (!fs::is_regular_file(input, error) || !(iequals(extension, ".csv") || text_file))
        return {0, "not a .csv or .txt file"};
    const std::string start = peek(input);  // CsvReader keeps a view of it
    std::vector<std::string> header;
    try {
        // Leading '#' lines are skipped; a header cut at 64 KB throws: not a batch's header.
        CsvReader reader(start, input, "mturk/csv");
        if (!reader.next(header)) return {0, fmt::format("an empty {} file", extension)};
    } catch (const Error&) {
        return {0, fmt::format("a {} file whose header cannot be read", extension)};
    }
    if (!is_mturk_batch_header(header)) return {0, fmt::format("a {} file without HITId, WorkerId or Answer.* columns", extension)};
    if (text_file && !text_batch_header(header))
        return {0, "a .txt file without both Answer.* and Input.*, HITId or WorkerId columns"};
    return {text_file ? 90 : 100, fmt::format("a {} file with MTurk batch columns (HITId, WorkerId, Answer.*)", extension)};
}

Dataset read(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    std::error_code error;
    if (!fs::is_directory(input, error) && classify_file(input) != SagemakerFile::worker_response)
        return read_manifest(input, options, sink);
    return read_worker_responses(input, options, sink);
}

}  // namespace labelkit::sagemaker
