#include "formats/coco/coco_private.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/output.hpp"

namespace labelkit::coco {

namespace {

// The escape for a byte that JSON does not allow raw in a string, or null.
const char* short_escape(unsigned char c) {
    switch (c) {
        case '"': return "\\\"";
        case '\\': return "\\\\";
        case '\b': return "\\b";
        case '\f': return "\\f";
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: return nullptr;
    }
}

// Writes value exactly as fmt's "{}" does, for the common case of a short decimal (at most
// 6 decimals, magnitude in [1e-4, 1e15)); returns null otherwise. The decimal with the fewest
// decimals that parses back to value is, below 2^50, the only one of that length that does,
// so it is the shortest round-trip form that fmt (Dragonbox) prints, at less than half the cost.
char* write_short_decimal(double value, char* out) {
    static constexpr double scale[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    static constexpr std::uint64_t divisor[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    if (value == 0 && !std::signbit(value)) {
        *out++ = '0';
        return out;
    }
    const double magnitude = std::fabs(value);
    if (!(magnitude < 1e15) || magnitude < 1e-4) return nullptr;
    for (int k = 0; k <= 6; ++k) {
        const double scaled = std::nearbyint(magnitude * scale[k]);
        if (scaled >= 1125899906842624.0) return nullptr;  // 2^50
        if (scaled / scale[k] != magnitude) continue;
        const auto digits = static_cast<std::uint64_t>(scaled);
        if (value < 0) *out++ = '-';
        out = fmt::format_to(out, FMT_COMPILE("{}"), digits / divisor[k]);
        if (k > 0) {
            *out++ = '.';
            std::uint64_t fraction = digits % divisor[k];
            for (int i = k - 1; i >= 0; --i) {
                out[i] = static_cast<char>('0' + fraction % 10);
                fraction /= 10;
            }
            out += k;
        }
        return out;
    }
    return nullptr;
}

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

template <typename Append>
void escape_into(std::string_view text, Append&& append) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!needs_escape(c)) continue;
        append(text.substr(start, i - start));
        if (const char* escape = short_escape(c)) {
            append(std::string_view(escape));
        } else {
            char code[8];
            const auto end = fmt::format_to(code, FMT_COMPILE("\\u{:04x}"), static_cast<unsigned>(c));
            append(std::string_view(code, static_cast<std::size_t>(end - code)));
        }
        start = i + 1;
    }
    append(text.substr(start));
}

}  // namespace

void JsonText::grow(std::size_t bytes) {
    const std::size_t capacity = std::max({capacity_ * 2, size_ + bytes, std::size_t{1} << 16});
    std::unique_ptr<char[]> data(new char[capacity]);
    if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
}

void JsonText::append(const char* text, std::size_t size) {
    std::memcpy(reserve(size), text, size);
    size_ += size;
}

void JsonText::number(double value) {
    if (!std::isfinite(value)) throw Error(fmt::format("cannot write {} in JSON (numbers must be finite)", value));
    char* at = reserve(32);
    char* end = write_short_decimal(value, at);
    if (!end) end = fmt::format_to(at, FMT_COMPILE("{}"), value);
    size_ += static_cast<std::size_t>(end - at);
}

void JsonText::integer(std::int64_t value) {
    char* at = reserve(24);
    size_ += static_cast<std::size_t>(fmt::format_to(at, FMT_COMPILE("{}"), value) - at);
}

void JsonText::string(std::string_view text) {
    raw('"');
    escape_into(text, [this](std::string_view part) { raw(part); });
    raw('"');
}

void JsonText::json(const nlohmann::json& value) {
    raw(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

JsonFile::JsonFile(const std::filesystem::path& path) : path_(path.string()) {
    const OutputFile file = open_output_file(path);
    fd_ = file.fd;
    struct stat info {};
    seekable_ = !file.stream && ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode);
}

JsonFile::~JsonFile() {
    if (fd_ >= 0) ::close(fd_);
}

void JsonFile::write(std::string_view text) {
    write_at(text, size_);
    size_ += text.size();
}

void JsonFile::write_at(std::string_view text, std::uint64_t offset) {
    if (seekable_) {
        write_all(text, offset);
        return;
    }
    std::unique_lock lock(order_);
    if (offset < streamed_) throw Error("cannot go back in a pipe or device to rewrite what was written", {path_});
    turn_.wait(lock, [&] { return streamed_ == offset || failed_; });
    if (failed_) throw Error("an earlier write into this pipe or device failed", {path_});
    try {
        write_all(text, offset);
    } catch (...) {
        failed_ = true;
        turn_.notify_all();
        throw;
    }
    streamed_ += text.size();
    turn_.notify_all();
}

void JsonFile::write_all(std::string_view text, std::uint64_t offset) const {
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t written = seekable_ ? ::pwrite(fd_, data, left, static_cast<off_t>(offset))
                                          : ::write(fd_, data, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            throw Error(fmt::format("cannot write file: {}", error_text(errno)), {path_});
        }
        data += written;
        offset += static_cast<std::uint64_t>(written);
        left -= static_cast<std::size_t>(written);
    }
}

std::string JsonFile::read_at(std::uint64_t offset, std::size_t length) const {
    std::string text(length, '\0');
    std::size_t done = 0;
    while (done < length) {
        const ssize_t got = ::pread(fd_, text.data() + done, length - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) throw Error(fmt::format("cannot read back what was written: {}", error_text(errno)), {path_});
        done += static_cast<std::size_t>(got);
    }
    return text;
}

void JsonFile::close() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error(fmt::format("cannot write file: {}", error_text(errno)), {path_});
}

}  // namespace labelkit::coco
