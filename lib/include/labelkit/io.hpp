#pragma once
// Files: image headers, safe relative paths, atomic outputs, reading whole files, numbers.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "labelkit/diagnostics.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

// What an image file holds, by its first bytes, whatever its extension says.
enum class ImageKind { unknown, jpeg, png, bmp, gif, pnm, tga, webp, tiff, lfs_pointer };

// "JPEG", "PNG", "BMP", "GIF", "PNM", "TGA", "WebP", "TIFF", "Git LFS pointer", "unknown".
const char* to_string(ImageKind kind);

struct ImageProbe {
    bool exists = false;                  // a regular file (or a link to one) that could be opened
    std::string open_error;               // why it could not be opened (e.g. "Permission denied"), empty otherwise
    ImageKind kind = ImageKind::unknown;  // by content
    std::optional<ImageSize> size;        // empty when the header cannot be read
    int exif_orientation = 1;             // JPEG EXIF orientation or TIFF Orientation tag when asked for, else 1
};

// Reads only the header: one open and one read of the first 4096 bytes in the common case
// (PNG, BMP, GIF, TGA through stb_image, JPEG and PNM by labelkit, WebP through libwebp, TIFF
// through libtiff).
// `with_orientation` also reads the EXIF orientation (lint --check-images). Never blocks on a
// FIFO or device, and never throws for what the file holds.
ImageProbe probe_image(const std::filesystem::path& image, bool with_orientation = false);

// Whether the file name's extension fits the content kind (.jpg/.jpeg/.jpe/.jfif/.mpo for JPEG,
// .tif/.tiff/.dng for TIFF, .webp, .png, .bmp/.dib, .gif, .pgm/.ppm/.pbm/.pnm, .tga), ignoring
// case; true for unknown kinds and Git LFS pointers, which have no extension of their own.
bool extension_fits(const std::filesystem::path& image, ImageKind kind);

// The formats whose headers labelkit reads, for messages: "JPEG, PNG, BMP, GIF, PNM, TGA, WebP and TIFF".
const char* readable_image_formats();

// Orientations 5 to 8 rotate by 90 degrees: the displayed width is the stored height.
inline bool orientation_swaps_sides(int exif_orientation) { return exif_orientation >= 5 && exif_orientation <= 8; }

// Throws labelkit::Error when a path taken from an annotation file would escape the
// directory it is joined to (absolute, drive letters, or any ".." component).
void check_relative_path(std::string_view path, const Location& where);

// Whether a path is a regular file (a link to one too) or a folder; false, never an exception,
// when it cannot be looked at (permission denied).
bool is_file(const std::filesystem::path& path) noexcept;
bool is_folder(const std::filesystem::path& path) noexcept;

// Pipes and devices: read (a path the user names: --config <(...)), or refused (a file found
// inside a dataset, where a FIFO would block and /dev/zero would be read to the limit).
enum class SpecialFiles { read, refused };

// Reads a whole file. A folder, a file that cannot be opened (with the reason: permission
// denied, ...) and more than `limit` bytes (also from a pipe or device such as /dev/zero) are
// errors naming the path. A FIFO without a writer reads as empty, never blocks.
std::string read_text_file(const std::filesystem::path& path, std::uint64_t limit = limits::max_text_file_bytes,
                           SpecialFiles special = SpecialFiles::read);
// The same into a buffer kept between calls, for the many files of a dataset; false when the
// file does not exist.
bool read_text_file_into(const std::filesystem::path& path, std::string& text,
                         std::uint64_t limit = limits::max_text_file_bytes,
                         SpecialFiles special = SpecialFiles::refused);

// The first `bytes` of a file (all of a shorter one; "" when it cannot be opened), for telling
// formats apart by content.
std::string read_file_start(const std::filesystem::path& path, std::size_t bytes = 64 * 1024);

// The path without a trailing separator ("data/coco/" -> "data/coco").
std::filesystem::path without_trailing_separator(const std::filesystem::path& path);

// The text without leading and trailing spaces, tabs and line breaks.
inline std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Whether two ASCII texts are equal ignoring case (file extensions, subset and element names).
inline bool iequals(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// The text without a UTF-8 byte order mark at its start (Windows editors write one; it is no part
// of a class, a name or a path).
inline std::string_view without_byte_order_mark(std::string_view text) {
    return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
}

// Parses the whole of text as a number (no leading/trailing junk, finite or not).
std::optional<double> parse_double(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

// "640,480" or "640x480" (--image-size): two whole numbers of pixels from 1 to 2^30. Throws
// labelkit::Error naming the text otherwise.
ImageSize parse_image_size(std::string_view text);
// Whether both sides are whole pixels from 1 to 2^30 (limits::max_image_side).
bool valid_image_size(long long width, long long height);

// Shortest round-trip decimal form of a double (what fmt's "{}" prints).
std::string format_number(double value);

// Puts the item's image at destination according to mode. Returns false when the source
// image is unknown or missing (the caller counts and reports those).
bool place_image(const Item& item, const std::filesystem::path& destination, ImageMode mode);

}  // namespace labelkit
