#include "labelkit/io.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit {

namespace fs = std::filesystem;

void check_relative_path(std::string_view path, const Location& where) {
    const auto escapes = [&] {
        if (path.empty() || path.front() == '/' || path.front() == '\\') return true;
        if (path.size() >= 2 && path[1] == ':') return true;  // C:...
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t end = path.find_first_of("/\\", start);
            if (end == std::string_view::npos) end = path.size();
            if (path.substr(start, end - start) == "..") return true;
            start = end + 1;
        }
        return false;
    }();
    if (escapes)
        throw Error(fmt::format("file name '{}' would escape the dataset directory "
                                "(absolute paths and '..' are not allowed)", path),
                    where);
}

std::string read_text_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open file", {path.string()});
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
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

std::string format_number(double value) { return fmt::format("{}", value); }

bool place_image(const Item& item, const fs::path& destination, ImageMode mode) {
    if (mode == ImageMode::none) return true;
    if (item.image_file.empty()) return false;
    std::error_code error;
    const fs::path source = fs::absolute(item.image_file, error);
    if (error || !fs::is_regular_file(source, error)) return false;
    fs::create_directories(destination.parent_path(), error);
    if (mode == ImageMode::link)
        fs::create_symlink(source, destination, error);
    else
        fs::copy_file(source, destination, fs::copy_options::overwrite_existing, error);
    if (error)
        throw Error(fmt::format("cannot {} image: {}", mode == ImageMode::link ? "link" : "copy",
                                error.message()),
                    {destination.string()});
    return true;
}

}  // namespace labelkit
