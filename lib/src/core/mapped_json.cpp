#include "core/mapped_json.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "core/file_descriptor.hpp"
#include "labelkit/error.hpp"
#include "labelkit/limits.hpp"

namespace labelkit {

namespace {

constexpr std::size_t padding = 64;  // >= SIMDJSON_PADDING

std::size_t page_size() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

// nlohmann's message without its "[json.exception...] parse error at line 1, column 9: " prefix.
std::string parse_error_reason(const char* what) {
    std::string_view text = what;
    if (const std::size_t id_end = text.find("] "); text.starts_with("[json.exception.") && id_end != text.npos)
        text.remove_prefix(id_end + 2);
    const std::size_t at = text.find("parse error");
    const std::size_t colon = at == std::string_view::npos ? at : text.find(": ", at);
    return shorten(colon == std::string_view::npos ? text : text.substr(colon + 2), 200);
}

[[noreturn]] void fail_errno(const std::string& path, const char* what) {
    throw Error(fmt::format("cannot {}: {}", what, error_text(errno)), {path});
}

}  // namespace

MappedJson::MappedJson(const std::filesystem::path& path) : path_(path.string()) {
    const FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) fail_errno(path_, "open file");
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) fail_errno(path_, "read file");
    if (!S_ISREG(info.st_mode)) throw Error("not a regular file", {path_});
    size_ = static_cast<std::size_t>(info.st_size);
    const std::size_t page = page_size();
    mapped_ = (size_ + padding + page - 1) / page * page;
    // Reserve size + padding of zero pages, then map the file over the start of it.
    void* base = ::mmap(nullptr, mapped_, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) fail_errno(path_, "map memory for file");
    data_ = static_cast<char*>(base);
    if (size_ == 0) return;
    if (::mmap(base, size_, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd.get(), 0) == MAP_FAILED) {
        const int saved = errno;
        ::munmap(base, mapped_);
        errno = saved;
        fail_errno(path_, "map file");
    }
}

MappedJson::~MappedJson() {
    if (data_) ::munmap(data_, mapped_);
}

void MappedJson::release(std::size_t begin, std::size_t end) const {
    const std::size_t page = page_size();
    begin = (begin + page - 1) / page * page;
    end = std::min(end, size_) / page * page;
    if (end > begin) ::madvise(data_ + begin, end - begin, MADV_DONTNEED);
}

std::size_t too_deep_at(std::string_view text) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limits::max_json_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}

nlohmann::json MappedJson::parse_value(std::size_t begin, std::size_t end, const std::string& json_pointer,
                                       const std::string& format_name) const {
    if (const std::size_t deep = too_deep_at({data_ + begin, end - begin}); deep != std::string_view::npos)
        throw Error(fmt::format("nested more than {} levels deep, more than labelkit keeps", limits::max_json_depth),
                    location(begin + deep, json_pointer), format_name + "/schema");
    try {
        return nlohmann::json::parse(data_ + begin, data_ + end);
    } catch (const nlohmann::json::parse_error& e) {
        const std::size_t offset = begin + (e.byte > 0 ? e.byte - 1 : 0);
        throw Error("invalid JSON: " + parse_error_reason(e.what()), location(offset, json_pointer), format_name + "/json-syntax");
    } catch (const nlohmann::json::out_of_range& e) {  // a number beyond a double's range, like 1e309
        throw Error("invalid JSON: " + parse_error_reason(e.what()), location(begin, json_pointer), format_name + "/json-syntax");
    }
}

Location MappedJson::location(std::size_t offset, std::string json_pointer) const {
    offset = std::min(offset, size_);
    const char* begin = data_;
    const char* at = data_ + offset;
    const auto line = static_cast<std::uint32_t>(std::count(begin, at, '\n') + 1);
    const char* line_start = at;
    while (line_start > begin && line_start[-1] != '\n') --line_start;
    const auto column = static_cast<std::uint32_t>(at - line_start + 1);
    return Location{path_, line, column, std::move(json_pointer)};
}

}  // namespace labelkit
