#pragma once
// Files: image headers, safe relative paths, atomic outputs, reading whole files, numbers.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "labelkit/format.hpp"

namespace labelkit {

struct ImageSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

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

// Width and height from the image's header (probe_image), without decoding pixels.
// Empty when the file is missing or its header cannot be read.
std::optional<ImageSize> read_image_size(const std::filesystem::path& image);

// What lint --check-images reads from an image's header, without decoding pixels.
struct ImageHeader {
    std::uint32_t width = 0;   // as stored, before any EXIF rotation
    std::uint32_t height = 0;
    int exif_orientation = 1;  // JPEG EXIF or TIFF Orientation tag, 1 to 8; 1 when absent or another format
};

// The header of an image (probe_image with the orientation).
// Empty when the file is missing or its header cannot be read.
std::optional<ImageHeader> read_image_header(const std::filesystem::path& image);

// Orientations 5 to 8 rotate by 90 degrees: the displayed width is the stored height.
inline bool orientation_swaps_sides(int exif_orientation) { return exif_orientation >= 5 && exif_orientation <= 8; }

// Throws labelkit::Error when a path taken from an annotation file would escape the
// directory it is joined to (absolute, drive letters, or any ".." component).
void check_relative_path(std::string_view path, const Location& where);

std::string read_text_file(const std::filesystem::path& path);

// Parses the whole of text as a number (no leading/trailing junk, finite or not).
std::optional<double> parse_double(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

// Shortest round-trip decimal form of a double (what fmt's "{}" prints).
std::string format_number(double value);

// A directory or file that appears at `target` only when commit() is called: everything is
// written to a temporary sibling first, and removed again if the object dies uncommitted.
class AtomicOutput {
public:
    AtomicOutput(std::filesystem::path target, bool overwrite, bool is_directory);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::filesystem::path& path() const { return temporary_; }  // write here
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    bool overwrite_ = false;
    bool committed_ = false;
};

// Puts the item's image at destination according to mode. Returns false when the source
// image is unknown or missing (the caller counts and reports those).
bool place_image(const Item& item, const std::filesystem::path& destination, ImageMode mode);

}  // namespace labelkit
