#include "standard_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include <fmt/format.h>

#include "labelkit/format.hpp"
#include "labelkit/io.hpp"

namespace labelkit::cli {

namespace fs = std::filesystem;

namespace {

// The formats whose dataset is a folder, or a file naming others beside it (data.yaml, obj.data):
// a stream holds one file and no folder.
constexpr std::array<std::string_view, 4> folder_formats{"voc", "yolo", "yolo-darknet", "classify"};

// What is read of a stream before its copy is named: enough to tell its kind.
constexpr std::size_t head_bytes = 64 * 1024;
constexpr std::size_t chunk_bytes = 1 << 20;

// "-", and the paths of streams or of the process's descriptors (/dev/stdin, /dev/fd/N: their
// names say nothing of their content, even when they lead to a regular file).
bool is_stream(const std::string& typed) {
    if (typed.empty()) return false;
    return typed == "-" || fs::path(typed).lexically_normal() == "/dev/stdin" || is_special_file(typed);
}

bool is_standard_input(const std::string& typed) {
    if (typed == "-") return true;
    struct stat path {}, standard {};
    return is_stream(typed) && ::stat(typed.c_str(), &path) == 0 && ::fstat(STDIN_FILENO, &standard) == 0 &&
           path.st_dev == standard.st_dev && path.st_ino == standard.st_ino;
}

// The name of the copy without its extension: what annotator names are made of (agree), as for a
// file of that name: "stdin" for standard input, "63" for /dev/fd/63, "ann" for a pipe ann.csv.
std::string copy_stem(const std::string& typed) {
    if (is_standard_input(typed)) return "stdin";
    const std::string stem = fs::path(typed).stem().string();
    return stem.empty() || stem == "." || stem == ".." ? "input" : stem;
}

// JSON Lines: a first line that is a whole object, and another object on the next line.
bool is_json_lines(std::string_view text) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return false;
    const std::string_view first = trim(text.substr(0, end));
    const std::string_view rest = trim(text.substr(end + 1));
    return first.starts_with('{') && first.ends_with('}') && rest.starts_with('{');
}

// A line of numbers only (MOT's gt.txt, det.txt): a table without a header.
bool is_numeric_line(std::string_view line) {
    return !line.empty() && line.find_first_not_of("0123456789.,-+eE \t\r") == std::string_view::npos;
}

// The extension the content calls for, as readers and detection go by it: .xml, .json, .jsonl
// (.json for one object alone), .tsv and .csv by the separator of the first line that is not a
// '#' comment, .txt otherwise.
std::string extension_of_content(std::string_view head) {
    head = without_byte_order_mark(head);
    const std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return ".txt";
    head.remove_prefix(first);
    if (head.front() == '<') return ".xml";
    if (head.front() == '[') return ".json";
    if (head.front() == '{') return is_json_lines(head) ? ".jsonl" : ".json";
    // A table's '#' lines before its header are comments (README: CSV tables), not its first line.
    while (head.starts_with('#') && head.find('\n') != std::string_view::npos) head.remove_prefix(head.find('\n') + 1);
    const std::string_view line = head.substr(0, head.find('\n'));
    if (is_numeric_line(line)) return ".txt";
    if (line.find('\t') != std::string_view::npos) return ".tsv";
    if (line.find(',') != std::string_view::npos) return ".csv";
    return ".txt";
}

void refuse_folder_format(const std::string& from, const std::string& typed) {
    if (from.empty()) return;
    const std::vector<Format> formats = all_formats();
    const Format& format = find_format(formats, from);
    if (std::ranges::find(folder_formats, format.name) == folder_formats.end()) return;
    throw Error(fmt::format("{} reads a folder ({}); {} holds one file: give the folder's path", format.name,
                            format.description, is_standard_input(typed) ? "standard input" : "a pipe"),
                {shown_input(typed)});
}

// Reads up to `size` bytes, fewer only at the end of the stream. Throws labelkit::Error.
std::size_t read_fully(int fd, char* buffer, std::size_t size, const std::string& name) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::read(fd, buffer + done, size - done);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            throw Error(fmt::format("cannot read: {}", error_text(errno)), {name});
        }
        done += static_cast<std::size_t>(got);
    }
    return done;
}

void write_fully(int fd, const char* data, std::size_t size, const fs::path& copy, const std::string& name) {
    while (size > 0) {
        const ssize_t put = ::write(fd, data, size);
        if (put < 0) {
            if (errno == EINTR) continue;
            throw Error(fmt::format("cannot copy it into {}: {}", copy.parent_path().string(), error_text(errno)), {name});
        }
        data += put;
        size -= static_cast<std::size_t>(put);
    }
}

struct ClosedAtEnd {
    int fd;
    ~ClosedAtEnd() { ::close(fd); }
};

// Opens what the user typed for reading ("-": standard input, not closed). A named pipe waits for
// its writer, as `cat` does.
class OpenStream {
public:
    explicit OpenStream(const std::string& typed) : fd_(typed == "-" ? STDIN_FILENO : ::open(typed.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0) {
            if (errno == ENOENT || errno == ENOTDIR) throw Error("input does not exist", {typed});
            throw Error(fmt::format("cannot open the input: {}", error_text(errno)), {typed});
        }
        owned_ = typed != "-";
    }
    ~OpenStream() {
        if (owned_) ::close(fd_);
    }
    OpenStream(const OpenStream&) = delete;
    OpenStream& operator=(const OpenStream&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
    bool owned_ = false;
};

}  // namespace

bool is_stream_input(const fs::path& typed) { return is_stream(typed.string()); }

std::string shown_input(const fs::path& typed) { return typed == "-" ? standard_input_name : typed.string(); }

void StreamInputs::take(fs::path& input, const std::string& from) {
    const std::string typed = input.string();
    if (!is_stream(typed)) return;
    if (is_standard_input(typed)) {
        if (!standard_input_typed_.empty())
            throw Error(fmt::format("standard input is given twice ('{}' and '{}'): it can be read once",
                                    standard_input_typed_, typed));
        standard_input_typed_ = typed;
    }
    refuse_folder_format(from, typed);
    input = copy_stream(typed);
}

void StreamInputs::take(std::vector<fs::path>& inputs, const std::string& from) {
    for (fs::path& input : inputs) take(input, from);
}

fs::path StreamInputs::new_copy_path(const std::string& stem, const std::string& extension) {
    if (!folder_) folder_.emplace();
    fs::path path = folder_->path() / (stem + extension);
    for (int n = 2; fs::exists(fs::symlink_status(path)); ++n) path = folder_->path() / fmt::format("{}-{}{}", stem, n, extension);
    return path;
}

fs::path StreamInputs::copy_stream(const fs::path& typed_path) {
    const std::string typed = typed_path.string();
    const std::string name = shown_input(typed);
    const OpenStream stream(typed);
    if (::isatty(stream.fd()) != 0)
        throw Error(is_standard_input(typed) ? "standard input is a terminal; pipe a file or give a path"
                                             : "a terminal; pipe a file or give a path",
                    {name});
    struct stat info {};
    if (::fstat(stream.fd(), &info) != 0) throw Error(fmt::format("cannot read: {}", error_text(errno)), {name});
    std::string head(head_bytes, '\0');
    // A regular file (standard input redirected from one) is read where it is, through a link.
    if (S_ISREG(info.st_mode) && ::lseek(stream.fd(), 0, SEEK_CUR) == 0) {
        const ssize_t got = ::pread(stream.fd(), head.data(), head.size(), 0);
        head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        const fs::path link = new_copy_path(copy_stem(typed), extension_of_content(head));
        const fs::path target = typed == "-" ? fs::path("/dev/stdin") : fs::absolute(typed_path);
        std::error_code error;
        fs::create_symlink(target, link, error);
        if (error) throw Error(fmt::format("cannot link to it from {}: {}", link.parent_path().string(), error.message()), {name});
        copies_.push_back({link.string(), name});
        return link;
    }
    head.resize(read_fully(stream.fd(), head.data(), head.size(), name));
    const fs::path copy = new_copy_path(copy_stem(typed), extension_of_content(head));
    const int out = ::open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) throw Error(fmt::format("cannot copy it into {}: {}", copy.parent_path().string(), error_text(errno)), {name});
    copies_.push_back({copy.string(), name});
    const ClosedAtEnd closed_at_end{out};
    write_fully(out, head.data(), head.size(), copy, name);
    if (head.size() < head_bytes) return copy;  // the whole stream
    std::string chunk(chunk_bytes, '\0');
    std::uint64_t total = head.size();
    while (const std::size_t got = read_fully(stream.fd(), chunk.data(), chunk.size(), name)) {
        total += got;
        if (total > max_stream_bytes)
            throw Error(fmt::format("holds more than {} GiB, the most labelkit copies from a pipe: give a file",
                                    max_stream_bytes >> 30),
                        {name});
        write_fully(out, chunk.data(), got, copy, name);
    }
    return copy;
}

std::string StreamInputs::shown(std::string text) const {
    for (const Copy& copy : copies_)
        for (std::size_t at = text.find(copy.path); at != std::string::npos; at = text.find(copy.path, at + copy.name.size()))
            text.replace(at, copy.path.size(), copy.name);
    // Other places under the copies' folder (where images beside the file were looked for): a
    // stream has no folder, which the message says instead of the private one.
    if (folder_) {
        const std::string folder = folder_->path().string();
        const std::string instead = "<no folder: a stream>";
        for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at + instead.size()))
            text.replace(at, folder.size(), instead);
    }
    return text;
}

void StreamInputs::rename(Location& where) const { where.path = shown(std::move(where.path)); }

void StreamInputs::rename(Diagnostic& diagnostic) const {
    rename(diagnostic.location);
    diagnostic.message = shown(std::move(diagnostic.message));
}

void StreamInputs::rename(ReportInput& report) const {
    for (Diagnostic& diagnostic : report.diagnostics) rename(diagnostic);
    for (std::string& file : report.files) file = shown(std::move(file));
    report.input = shown(std::move(report.input));
    if (report.failure) {
        report.failure->message = shown(std::move(report.failure->message));
        rename(report.failure->where);
    }
}

Error StreamInputs::renamed(const Error& error) const {
    Location where = error.where();
    rename(where);
    return Error(shown(error.message()), std::move(where), error.rule());
}

void StreamInputs::rename_in(DiagnosticSink& sink) const {
    sink.set_filter(
        [this](Diagnostic& diagnostic) {
            rename(diagnostic);
            return true;
        },
        {});
}

}  // namespace labelkit::cli
