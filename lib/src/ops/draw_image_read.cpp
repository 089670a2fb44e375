// Decoding the image files `labelkit draw` draws on. JPEG through libjpeg(-turbo), not
// stb_image, whose JPEG decoder overflows on malformed Huffman tables (see image_header.cpp);
// PNG, BMP, GIF and TGA through stb_image (implemented in image_probe.cpp); WebP through libwebp;
// TIFF through libtiff. The size is read from the header first (probe_image) and checked
// against limits::max_raster_pixels before any pixel is decoded.
#include <csetjmp>
#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <memory>

#include <fmt/format.h>
#include <jpeglib.h>
#include <stb_image.h>
#include <tiffio.h>
#include <webp/decode.h>

#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"
#include "core/tiff_open.hpp"
#include "labelkit/ops/draw.hpp"

namespace labelkit {

namespace {

// Image files larger than this are not read whole (a 16384 x 16384 PNG of noise is ~800 MB).
constexpr std::uint64_t max_image_file_bytes = std::uint64_t{1} << 30;

std::optional<std::vector<std::uint8_t>> read_bytes(const std::filesystem::path& file, std::string& error) {
    std::error_code code;
    const std::uint64_t size = std::filesystem::file_size(file, code);
    if (code) {
        error = code.message();
        return std::nullopt;
    }
    if (size > max_image_file_bytes) {
        error = fmt::format("the file has {} bytes, more than the {} labelkit reads", size, max_image_file_bytes);
        return std::nullopt;
    }
    std::ifstream stream(file, std::ios::binary);
    std::vector<std::uint8_t> bytes(size);
    if (!stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        error = "the file could not be read";
        return std::nullopt;
    }
    return bytes;
}

// libjpeg-turbo's advice for untrusted progressive JPEGs: stop past a few hundred scans (each
// scan makes the decoder go over the whole coefficient buffer; thousands of tiny scans make a
// small file take minutes).
constexpr int max_jpeg_scans = 500;

struct JpegError {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int warnings = 0;                    // corrupt data libjpeg decoded past
    char first_warning[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpeg_fail(j_common_ptr info) {
    auto* error = reinterpret_cast<JpegError*>(info->err);
    (*info->err->format_message)(info, error->message);
    std::longjmp(error->jump, 1);
}

// Level -1 is a warning (corrupt data, decoded past); the others are trace messages.
void jpeg_count_warning(j_common_ptr info, int level) {
    auto* error = reinterpret_cast<JpegError*>(info->err);
    if (level < 0 && error->warnings++ == 0) (*info->err->format_message)(info, error->first_warning);
}

void jpeg_limit_scans(j_common_ptr info) {
    if (!info->is_decompressor || reinterpret_cast<j_decompress_ptr>(info)->input_scan_number <= max_jpeg_scans) return;
    auto* error = reinterpret_cast<JpegError*>(info->err);
    std::snprintf(error->message, sizeof error->message, "a progressive JPEG of more than %d scans", max_jpeg_scans);
    std::longjmp(error->jump, 1);
}

// No object with a destructor lives in this frame across setjmp: `out` and `damage` belong to
// the caller. `damage` gets libjpeg's first warning (and their count) when there were any.
bool decode_jpeg(const std::vector<std::uint8_t>& bytes, Picture& out, std::string& error, std::string& damage) {
    jpeg_decompress_struct info{};
    JpegError handler{};
    jpeg_progress_mgr progress{};
    info.err = jpeg_std_error(&handler.manager);
    handler.manager.error_exit = jpeg_fail;
    handler.manager.emit_message = jpeg_count_warning;
    progress.progress_monitor = jpeg_limit_scans;
    if (setjmp(handler.jump)) {
        jpeg_destroy_decompress(&info);
        error = handler.message;
        return false;
    }
    jpeg_create_decompress(&info);
    info.progress = &progress;
    jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    if (info.output_components != 3 ||
        std::uint64_t{info.output_width} * info.output_height > limits::max_raster_pixels) {
        jpeg_destroy_decompress(&info);
        error = "a JPEG of more pixels or channels than labelkit draws on";
        return false;
    }
    out.width = info.output_width;
    out.height = info.output_height;
    out.rgb.resize(std::size_t{out.width} * out.height * 3);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out.rgb.data() + std::size_t{info.output_scanline} * out.width * 3;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    if (handler.warnings > 0)
        damage = handler.warnings == 1 ? std::string(handler.first_warning)
                                       : fmt::format("{}, and {} more warnings of libjpeg", handler.first_warning,
                                                     handler.warnings - 1);
    return true;
}

bool decode_stb(const std::vector<std::uint8_t>& bytes, Picture& out, std::string& error) {
    int width = 0, height = 0, channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels, 3),
        stbi_image_free);
    if (!pixels) {
        error = stbi_failure_reason() ? stbi_failure_reason() : "cannot decode";
        return false;
    }
    out.width = static_cast<std::uint32_t>(width);
    out.height = static_cast<std::uint32_t>(height);
    out.rgb.assign(pixels.get(), pixels.get() + std::size_t{out.width} * out.height * 3);
    return true;
}

bool decode_webp(const std::vector<std::uint8_t>& bytes, const ImageSize& size, Picture& out, std::string& error) {
    out.width = size.width;
    out.height = size.height;
    out.rgb.resize(std::size_t{out.width} * out.height * 3);
    if (!WebPDecodeRGBInto(bytes.data(), bytes.size(), out.rgb.data(), out.rgb.size(), static_cast<int>(out.width * 3))) {
        error = "libwebp cannot decode it";
        return false;
    }
    return true;
}

bool decode_tiff(const std::filesystem::path& file, Picture& out, std::string& error) {
    const TiffOptions options = tiff_open_options();
    const TiffHandle tiff(options ? TIFFOpenExt(file.c_str(), "r", options.get()) : nullptr);
    std::uint32_t width = 0, height = 0;
    if (!tiff || TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &width) != 1 ||
        TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &height) != 1) {
        error = "libtiff cannot read it";
        return false;
    }
    if (std::uint64_t{width} * height > limits::max_raster_pixels) {
        error = "a TIFF of more pixels than labelkit draws on";
        return false;
    }
    std::vector<std::uint32_t> raster(std::size_t{width} * height);
    if (!TIFFReadRGBAImageOriented(tiff.get(), width, height, raster.data(), ORIENTATION_TOPLEFT, 0)) {
        error = "libtiff cannot decode it";
        return false;
    }
    out.width = width;
    out.height = height;
    out.rgb.resize(raster.size() * 3);
    for (std::size_t i = 0; i < raster.size(); ++i) {
        out.rgb[i * 3] = static_cast<std::uint8_t>(TIFFGetR(raster[i]));
        out.rgb[i * 3 + 1] = static_cast<std::uint8_t>(TIFFGetG(raster[i]));
        out.rgb[i * 3 + 2] = static_cast<std::uint8_t>(TIFFGetB(raster[i]));
    }
    return true;
}

}  // namespace

std::optional<Picture> read_picture(const std::filesystem::path& file, std::string& error, std::string& damage) {
    const ImageProbe probe = probe_image(file);
    if (!probe.exists) {
        error = probe.open_error.empty() ? "not found" : probe.open_error;
        return std::nullopt;
    }
    if (!probe.size) {
        error = fmt::format("a {} file whose size cannot be read", to_string(probe.kind));
        return std::nullopt;
    }
    if (std::uint64_t{probe.size->width} * probe.size->height > limits::max_raster_pixels) {
        error = fmt::format("{}x{} is more than the {} pixels labelkit draws on", probe.size->width,
                            probe.size->height, limits::max_raster_pixels);
        return std::nullopt;
    }
    Picture picture;
    if (probe.kind == ImageKind::tiff) return decode_tiff(file, picture, error) ? std::optional(std::move(picture)) : std::nullopt;
    const auto bytes = read_bytes(file, error);
    if (!bytes) return std::nullopt;
    bool decoded = false;
    switch (probe.kind) {
    case ImageKind::jpeg: decoded = decode_jpeg(*bytes, picture, error, damage); break;
    case ImageKind::png:
    case ImageKind::bmp:
    case ImageKind::gif:
    case ImageKind::tga: decoded = decode_stb(*bytes, picture, error); break;
    case ImageKind::webp: decoded = decode_webp(*bytes, *probe.size, picture, error); break;
    default: error = fmt::format("labelkit does not decode {} images", to_string(probe.kind));
    }
    if (!decoded) return std::nullopt;
    return picture;
}

}  // namespace labelkit
