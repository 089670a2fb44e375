#include "labelkit/io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "core/file_descriptor.hpp"
#include "labelkit/error.hpp"

namespace labelkit {

namespace fs = std::filesystem;

namespace {

// Whether a segment of the path (between / or \ separators) is "..".
bool has_dot_dot_segment(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find_first_of("/\\", start);
        if (end == std::string_view::npos) end = path.size();
        if (path.substr(start, end - start) == "..") return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

void check_relative_path(std::string_view path, const Location& where) {
    const auto escapes = [&] {
        if (path.empty() || path.front() == '/' || path.front() == '\\') return true;
        if (path.size() >= 2 && path[1] == ':') return true;  // C:...
        return has_dot_dot_segment(path);
    }();
    if (escapes)
        throw Error(fmt::format("file name '{}' would escape the dataset directory "
                                "(absolute paths and '..' are not allowed)", shorten(path, 200)),
                    where);
    // A NUL ends the name for the system (a\0b.png is written as 'a'), a line break cannot be a
    // line of a list, and a name ending in '/' is a folder's: each would lose the image's labels.
    const auto control = std::find_if(path.begin(), path.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control != path.end())
        throw Error(fmt::format("file name '{}' holds a control character ({}): it cannot name a file",
                                shorten(path, 200), shorten(std::string_view(&*control, 1))),
                    where);
    if (path.back() == '/' || path.back() == '\\')
        throw Error(fmt::format("file name '{}' ends with '{}': it names a folder, not an image", shorten(path, 200),
                                path.back()),
                    where);
}

bool is_file(const fs::path& path) noexcept {
    std::error_code error;
    return fs::is_regular_file(path, error);
}

bool is_folder(const fs::path& path) noexcept {
    std::error_code error;
    return fs::is_directory(path, error);
}

fs::path without_trailing_separator(const fs::path& path) {
    fs::path result = path;
    while (!result.has_filename() && result.has_parent_path() && result.parent_path() != result)
        result = result.parent_path();
    return result;
}

std::string read_file_start(const fs::path& path, std::size_t bytes) {
    std::ifstream in(path, std::ios::binary);
    std::string text(bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string read_text_file(const fs::path& path, std::uint64_t limit, SpecialFiles special) {
    std::string text;
    if (!read_text_file_into(path, text, limit, special))
        throw Error("cannot open file: No such file or directory", {path.string()});
    return text;
}

bool read_text_file_into(const fs::path& path, std::string& text, std::uint64_t limit, SpecialFiles special) {
    // Inside a dataset, O_NONBLOCK: opening a FIFO there does not wait for a writer (it is refused
    // below). A FIFO the user names waits for its writer, as with cat.
    const int nonblocking = special == SpecialFiles::refused ? O_NONBLOCK : 0;
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | nonblocking));
    const int fd = file.get();
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return false;
        throw Error(fmt::format("cannot open file: {}", error_text(errno)), {path.string()});
    }
    const auto too_large = [&] {
        return Error(fmt::format("larger than {} MiB, more than labelkit reads as one text file", limit >> 20),
                     {path.string()});
    };
    struct stat info {};
    if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) throw Error("this is a folder, not a file", {path.string()});
    if (!S_ISREG(info.st_mode) && special == SpecialFiles::refused)
        throw Error("not a regular file (a pipe or device inside a dataset is not read)", {path.string()});
    if (S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) > limit) throw too_large();
    // A regular file is read in one go; a pipe or device (--config <(...), /dev/zero) in blocks
    // up to the limit.
    text.resize(S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) : std::size_t{1} << 16);
    std::size_t done = 0;
    while (true) {
        if (done == text.size()) {
            if (S_ISREG(info.st_mode)) break;
            if (done > limit) throw too_large();
            text.resize(std::min<std::uint64_t>(2 * text.size(), limit + 1));
        }
        const ssize_t got = ::read(fd, text.data() + done, text.size() - done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw Error(fmt::format("cannot read file: {}", error_text(errno)), {path.string()});
        if (got == 0) break;  // the end (or a file that shrank while it was read)
        done += static_cast<std::size_t>(got);
    }
    if (done > limit) throw too_large();
    text.resize(done);
    return true;
}

std::optional<double> parse_double(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::optional<long long> parse_integer(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

ImageSize parse_image_size(std::string_view text) {
    const std::size_t separator = text.find_first_of(",xX");
    const auto fail = [&] {
        return Error(fmt::format("--image-size '{}': expected W,H (e.g. 640,480), two whole numbers of pixels", text));
    };
    if (separator == std::string_view::npos) throw fail();
    const auto width = parse_integer(text.substr(0, separator));
    const auto height = parse_integer(text.substr(separator + 1));
    if (!width || !height || !valid_image_size(*width, *height)) throw fail();
    return {static_cast<std::uint32_t>(*width), static_cast<std::uint32_t>(*height)};
}

bool valid_image_size(long long width, long long height) {
    const auto valid_side = [](long long side) { return side >= 1 && side <= limits::max_image_side; };
    return valid_side(width) && valid_side(height);
}

std::string format_number(double value) { return fmt::format("{}", value); }

bool place_image(const Item& item, const fs::path& destination, ImageMode mode) {
    if (mode == ImageMode::none) return true;
    if (item.image_file.empty()) return false;
    std::error_code error;
    const fs::path source = fs::absolute(item.image_file, error);
    if (error || !fs::is_regular_file(source, error)) return false;
    fs::create_directories(destination.parent_path(), error);
    if (mode == ImageMode::link)  // to the file itself, never to another link: no chains through outputs
        fs::create_symlink(fs::canonical(source, error), destination, error);
    else
        fs::copy_file(source, destination, fs::copy_options::overwrite_existing, error);
    if (error)
        throw Error(fmt::format("cannot {} image: {}", mode == ImageMode::link ? "link" : "copy",
                                error.message()),
                    {destination.string()});
    return true;
}

}  // namespace labelkit
