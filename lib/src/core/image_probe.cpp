// Image headers: what a file holds (by its first bytes) and its size, without decoding pixels.
//
// The file is opened once and its first 4096 bytes are read once; every format's size is found
// in them in the common case. Only a JPEG whose frame header lies further in (big APP segments
// before it), a PNM with long comments, and a TIFF whose first directory lies further in read
// more, on demand. Sizes come from stb_image (PNG, BMP, GIF, TGA), libwebp, libtiff, and for
// JPEG and PNM from labelkit's own header readers (image_header.cpp).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdarg>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string_view>
#include <system_error>

#include <tiffio.h>
#include <webp/decode.h>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
// Not JPEG nor PNM: their header readers overflow (see image_header.cpp).
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_TGA
#include <stb_image.h>

#include "core/file_descriptor.hpp"
#include "core/image_bytes.hpp"
#include "core/tiff_open.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHeadSize = 4096;


bool starts_with(std::span<const std::uint8_t> bytes, std::string_view prefix, std::size_t at = 0) {
    return bytes.size() >= at + prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                      [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; });
}

// "BM" alone is too common a start for text: a BMP's file header is followed by an info header
// whose first field is its own size, one of the sizes its versions have.
bool has_bmp_info_header(std::span<const std::uint8_t> head) {
    if (head.size() < 18) return false;
    const std::uint32_t size = head[14] | head[15] << 8 | head[16] << 16 | std::uint32_t{head[17]} << 24;
    for (const std::uint32_t known : {12u, 16u, 40u, 52u, 56u, 64u, 108u, 124u})
        if (size == known) return true;
    return false;
}

// The kind from the magic bytes. TGA has none: it is recognised later, by stb reading its header.
ImageKind kind_from_magic(std::span<const std::uint8_t> head) {
    using namespace std::string_view_literals;
    if (starts_with(head, "\xFF\xD8\xFF"sv)) return ImageKind::jpeg;
    if (starts_with(head, "\x89PNG\r\n\x1A\n"sv)) return ImageKind::png;
    if (starts_with(head, "GIF87a"sv) || starts_with(head, "GIF89a"sv)) return ImageKind::gif;
    if (starts_with(head, "BM"sv) && has_bmp_info_header(head)) return ImageKind::bmp;
    if (starts_with(head, "RIFF"sv) && starts_with(head, "WEBP"sv, 8)) return ImageKind::webp;
    if (starts_with(head, "II*\0"sv) || starts_with(head, "MM\0*"sv) ||  // classic TIFF
        starts_with(head, "II+\0"sv) || starts_with(head, "MM\0+"sv))    // BigTIFF
        return ImageKind::tiff;
    if (starts_with(head, "version https://git-lfs.github.com/spec/v1"sv)) return ImageKind::lfs_pointer;
    // P1 to P6 (ASCII and binary bitmaps, greymaps, pixmaps), then whitespace before the width.
    if (head.size() >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' &&
        std::string_view(" \t\r\n").find(static_cast<char>(head[2])) != std::string_view::npos)
        return ImageKind::pnm;
    return ImageKind::unknown;
}

std::optional<ImageSize> valid_size(long long width, long long height) {
    constexpr long long kMax = std::numeric_limits<std::uint32_t>::max();
    if (width <= 0 || height <= 0 || width > kMax || height > kMax) return std::nullopt;
    return ImageSize{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
}

// The size stb_image reads from the head (PNG, BMP, GIF and TGA headers all lie within it).
std::optional<ImageSize> stb_size(const ImageBytes& file) {
    int width = 0, height = 0, channels = 0;
    const std::span<const std::uint8_t> head = file.head();
    if (!stbi_info_from_memory(head.data(), static_cast<int>(head.size()), &width, &height, &channels))
        return std::nullopt;
    return valid_size(width, height);
}

// The size in a PNG's IHDR chunk, when it comes first (length 13, "IHDR", width, height, all
// big-endian). stb_image refuses a header of more pixels than it would decode (2^30 bytes, or
// 2^24 on a side), although the size is there to read: it is read here then.
std::optional<ImageSize> png_ihdr_size(const ImageBytes& file) {
    using namespace std::string_view_literals;
    const std::span<const std::uint8_t> head = file.head();
    if (head.size() < 24 || !starts_with(head, "\0\0\0\x0DIHDR"sv, 8)) return std::nullopt;
    const auto big_endian = [&](std::size_t at) {
        return std::uint32_t{head[at]} << 24 | std::uint32_t{head[at + 1]} << 16 | std::uint32_t{head[at + 2]} << 8 |
               head[at + 3];
    };
    constexpr std::uint32_t png_max = 0x7FFFFFFF;  // the PNG specification's largest side
    const std::uint32_t width = big_endian(16), height = big_endian(20);
    if (width > png_max || height > png_max) return std::nullopt;
    return valid_size(width, height);
}

// WebPGetInfo needs only the RIFF header and the first chunk's header: the VP8 or VP8L frame
// header, or the canvas size of an extended (VP8X) file, all within the first 30 bytes.
std::optional<ImageSize> webp_size(const ImageBytes& file) {
    int width = 0, height = 0;
    const std::span<const std::uint8_t> head = file.head();
    if (!WebPGetInfo(head.data(), head.size(), &width, &height)) return std::nullopt;
    return valid_size(width, height);
}

// libtiff reading the open file through ImageBytes, so that it is not opened a second time.
struct TiffReader {
    const ImageBytes* file;
    std::uint64_t position = 0;

    static tmsize_t read(thandle_t handle, void* data, tmsize_t size) {
        auto& self = *static_cast<TiffReader*>(handle);
        if (size <= 0) return 0;
        const std::size_t got =
            self.file->read_at(self.position, std::span(static_cast<std::uint8_t*>(data), static_cast<std::size_t>(size)));
        self.position += got;
        return static_cast<tmsize_t>(got);
    }
    static tmsize_t write(thandle_t, void*, tmsize_t) { return -1; }
    // Offsets are unsigned: a negative SEEK_CUR offset arrives wrapped, and wraps back here.
    static toff_t seek(thandle_t handle, toff_t offset, int whence) {
        auto& self = *static_cast<TiffReader*>(handle);
        switch (whence) {
            case SEEK_SET: self.position = offset; break;
            case SEEK_CUR: self.position += offset; break;
            case SEEK_END: self.position = self.file->size() + offset; break;
            default: return static_cast<toff_t>(-1);
        }
        return self.position;
    }
    static int close(thandle_t) { return 1; }  // the file belongs to probe_image
    static toff_t size(thandle_t handle) { return static_cast<TiffReader*>(handle)->file->size(); }
    static int map(thandle_t, void**, toff_t*) { return 0; }  // not mapped: libtiff reads through read()
    static void unmap(thandle_t, void*, toff_t) {}
};

// The size of IFD0 (ImageWidth, ImageLength), and its Orientation tag when asked for.
void read_tiff(const ImageBytes& file, bool with_orientation, ImageProbe& probe) {
    const TiffOptions options = tiff_open_options();
    if (!options) return;
    TiffReader reader{&file};
    // r: read only; m: no memory mapping; D: strip and tile offsets are not loaded with the directory.
    const TiffHandle tiff(TIFFClientOpenExt(
        "image", "rmD", &reader, &TiffReader::read, &TiffReader::write, &TiffReader::seek, &TiffReader::close,
        &TiffReader::size, &TiffReader::map, &TiffReader::unmap, options.get()));
    if (!tiff) return;
    std::uint32_t width = 0, height = 0;
    if (TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &width) == 1 &&
        TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &height) == 1)
        probe.size = valid_size(width, height);
    std::uint16_t orientation = 1;
    if (with_orientation && TIFFGetField(tiff.get(), TIFFTAG_ORIENTATION, &orientation) == 1 && orientation >= 1 &&
        orientation <= 8)
        probe.exif_orientation = orientation;
}

// Reads up to out.size() bytes from the start of the file; fewer only at its end or on an error.
std::size_t read_head(int fd, std::span<std::uint8_t> out) {
    std::size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = ::pread(fd, out.data() + got, out.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    return got;
}

}  // namespace

std::size_t ImageBytes::read_at(std::uint64_t offset, std::span<std::uint8_t> out) const {
    if (offset <= head_.size() && head_.size() - offset >= out.size()) {
        std::copy_n(head_.begin() + static_cast<std::ptrdiff_t>(offset), out.size(), out.begin());
        return out.size();
    }
    if (offset >= file_size_) return 0;
    out = out.first(static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), file_size_ - offset)));
    std::size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = ::pread(fd_, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    return got;
}

const char* to_string(ImageKind kind) {
    switch (kind) {
        case ImageKind::unknown: return "unknown";
        case ImageKind::jpeg: return "JPEG";
        case ImageKind::png: return "PNG";
        case ImageKind::bmp: return "BMP";
        case ImageKind::gif: return "GIF";
        case ImageKind::pnm: return "PNM";
        case ImageKind::tga: return "TGA";
        case ImageKind::webp: return "WebP";
        case ImageKind::tiff: return "TIFF";
        case ImageKind::lfs_pointer: return "Git LFS pointer";
    }
    return "unknown";
}

const char* readable_image_formats() { return "JPEG, PNG, BMP, GIF, PNM, TGA, WebP and TIFF"; }

bool extension_fits(const fs::path& image, ImageKind kind) {
    std::string extension = image.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto one_of = [&](std::initializer_list<std::string_view> extensions) {
        return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
    };
    switch (kind) {
        case ImageKind::jpeg: return one_of({".jpg", ".jpeg", ".jpe", ".jfif", ".mpo"});
        case ImageKind::png: return one_of({".png"});
        case ImageKind::bmp: return one_of({".bmp", ".dib"});
        case ImageKind::gif: return one_of({".gif"});
        case ImageKind::pnm: return one_of({".pgm", ".ppm", ".pbm", ".pnm"});
        case ImageKind::tga: return one_of({".tga"});
        case ImageKind::webp: return one_of({".webp"});
        case ImageKind::tiff: return one_of({".tif", ".tiff", ".dng"});
        case ImageKind::unknown:
        case ImageKind::lfs_pointer: return true;
    }
    return true;
}

ImageProbe probe_image(const fs::path& image, bool with_orientation) {
    ImageProbe probe;
    // O_NONBLOCK: opening a FIFO without a writer (or a device) must not wait; only regular
    // files are read, and for them the flag changes nothing.
    const FileDescriptor fd(::open(image.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) {
        probe.open_error = error_text(errno);
        return probe;
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) {
        probe.open_error = error_text(errno);
        return probe;
    }
    if (!S_ISREG(status.st_mode)) {
        probe.open_error = S_ISDIR(status.st_mode) ? error_text(EISDIR) : "Not a regular file";
        return probe;
    }
    probe.exists = true;

    std::array<std::uint8_t, kHeadSize> buffer;
    const auto file_size = static_cast<std::uint64_t>(status.st_size);
    const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(kHeadSize, file_size));
    const std::size_t got = read_head(fd.get(), std::span(buffer).first(wanted));
    const ImageBytes file(fd.get(), file_size, std::span<const std::uint8_t>(buffer.data(), got));

    probe.kind = kind_from_magic(file.head());
    switch (probe.kind) {
        case ImageKind::lfs_pointer: break;
        case ImageKind::webp: probe.size = webp_size(file); break;
        case ImageKind::tiff: read_tiff(file, with_orientation, probe); break;
        case ImageKind::jpeg:
            probe.size = jpeg_frame_size(file);
            if (with_orientation && probe.size) probe.exif_orientation = jpeg_exif_orientation(file);
            break;
        case ImageKind::pnm: probe.size = pnm_size(file); break;
        case ImageKind::png:
            probe.size = stb_size(file);
            if (!probe.size) probe.size = png_ihdr_size(file);
            break;
        case ImageKind::bmp:
        case ImageKind::gif:
        case ImageKind::tga: probe.size = stb_size(file); break;
        case ImageKind::unknown:
            // Every other format stb reads has a magic number that did not match: a header
            // that stb reads now is a TGA's.
            probe.size = stb_size(file);
            if (probe.size) probe.kind = ImageKind::tga;
            break;
    }
    return probe;
}


}  // namespace labelkit
