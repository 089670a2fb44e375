// Tests of lib/src/core/image_header.cpp and image_probe.cpp: JPEGs written by OpenCV (40x30)
// with an APP1 EXIF segment built by hand and spliced in after the SOI marker, in both byte
// orders, well formed and malformed; the kind and size of every format labelkit reads, from
// OpenCV's encoders, from hand-built headers and from the corpus; files that are not images,
// special files, and a light fuzz for crashes and for messages on stderr.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/io.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::read_file;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kWidth = 40;
constexpr std::uint32_t kHeight = 30;

// Encoded bytes of a kWidth x kHeight image with a gradient, in OpenCV's format for `extension`.
std::string encoded_image(const std::string& extension, const std::vector<int>& parameters = {}) {
    cv::Mat image(static_cast<int>(kHeight), static_cast<int>(kWidth), CV_8UC3);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(6 * x),
                                                  static_cast<std::uint8_t>(8 * y), 128);
    std::vector<std::uint8_t> bytes;
    REQUIRE(cv::imencode(extension, image, bytes, parameters));
    return std::string(bytes.begin(), bytes.end());
}

const std::string& plain_jpeg() {
    static const std::string bytes = encoded_image(".jpg");
    return bytes;
}

// Writes integers of a TIFF structure in one byte order.
class TiffBytes {
public:
    explicit TiffBytes(bool little_endian) : little_endian_(little_endian) {}
    TiffBytes& u16(std::uint32_t value) { return put(value, 2); }
    TiffBytes& u32(std::uint32_t value) { return put(value, 4); }
    TiffBytes& u64(std::uint64_t value) {
        const auto low = static_cast<std::uint32_t>(value), high = static_cast<std::uint32_t>(value >> 32);
        return little_endian_ ? u32(low).u32(high) : u32(high).u32(low);
    }
    TiffBytes& raw(const std::string& bytes) {
        bytes_ += bytes;
        return *this;
    }
    const std::string& bytes() const { return bytes_; }

private:
    TiffBytes& put(std::uint32_t value, int width) {
        for (int i = 0; i < width; ++i) {
            const int shift = 8 * (little_endian_ ? i : width - 1 - i);
            bytes_ += static_cast<char>((value >> shift) & 0xFF);
        }
        return *this;
    }
    bool little_endian_;
    std::string bytes_;
};

struct Entry {
    std::uint16_t tag = 0x0112;
    std::uint16_t type = 3;  // SHORT
    std::uint32_t count = 1;
    std::uint32_t value = 1;
};

// A TIFF structure: header, then IFD0 at offset 8 (unless ifd0_offset says otherwise) with
// `entries` (or an entry count that lies), then a next-IFD offset of 0.
struct Tiff {
    bool little_endian = true;
    std::uint16_t magic = 42;
    std::uint32_t ifd0_offset = 8;
    std::optional<std::uint16_t> entry_count;
    std::vector<Entry> entries;
};

std::string tiff_bytes(const Tiff& tiff) {
    TiffBytes out(tiff.little_endian);
    out.raw(tiff.little_endian ? "II" : "MM").u16(tiff.magic).u32(tiff.ifd0_offset);
    out.u16(tiff.entry_count.value_or(static_cast<std::uint16_t>(tiff.entries.size())));
    for (const Entry& e : tiff.entries) {
        out.u16(e.tag).u16(e.type).u32(e.count);
        if (e.type == 3 && e.count == 1)
            out.u16(e.value).u16(0);  // a single SHORT is left-justified in the value field
        else
            out.u32(e.value);
    }
    return out.u32(0).bytes();
}

std::string orientation_tiff(bool little_endian, int orientation) {
    Tiff tiff;
    tiff.little_endian = little_endian;
    tiff.entries = {{0x0100, 4, 1, kWidth},   // ImageWidth, LONG
                    {0x0112, 3, 1, static_cast<std::uint32_t>(orientation)},
                    {0x0131, 2, 4, 0x00414141}};  // Software, ASCII "AAA\0" inline
    return tiff_bytes(tiff);
}

// A marker segment: FF marker, a big-endian length of `length` (default: the real one), payload.
std::string segment(std::uint8_t marker, const std::string& payload,
                    std::optional<std::uint16_t> length = std::nullopt) {
    const std::uint16_t n = length.value_or(static_cast<std::uint16_t>(payload.size() + 2));
    std::string out{'\xFF', static_cast<char>(marker)};
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
    return out + payload;
}

std::string exif_segment(const std::string& tiff) {
    return segment(0xE1, std::string("Exif\0\0", 6) + tiff);
}

// OpenCV's JPEG with `segments` inserted right after its SOI marker.
std::string jpeg_with(const std::string& segments) {
    return plain_jpeg().substr(0, 2) + segments + plain_jpeg().substr(2);
}

ImageProbe header_of(const std::string& bytes,
                                     const std::string& name = "image.jpg") {
    TempDir dir;
    write_file(dir / name, bytes);
    return probe_image(dir / name, true);
}

// The orientation of a JPEG carrying these segments, checking the stored size on the way.
int orientation_with(const std::string& segments) {
    const auto header = header_of(jpeg_with(segments));
    REQUIRE(header.size);
    CHECK(header.size->width == kWidth);
    CHECK(header.size->height == kHeight);
    return header.exif_orientation;
}

}  // namespace

TEST_CASE("image header: the OpenCV JPEG without EXIF is 40x30 with orientation 1") {
    REQUIRE(plain_jpeg().substr(0, 2) == "\xFF\xD8");
    CHECK(orientation_with("") == 1);
}

TEST_CASE("image header: EXIF orientation in both byte orders") {
    for (const bool little_endian : {true, false}) {
        for (const int orientation : {1, 3, 6, 8}) {
            CAPTURE(little_endian);
            CAPTURE(orientation);
            const std::string tiff = orientation_tiff(little_endian, orientation);
            REQUIRE(tiff.substr(0, 2) == (little_endian ? "II" : "MM"));
            CHECK(orientation_with(exif_segment(tiff)) == orientation);
        }
    }
}

TEST_CASE("image header: every valid orientation, and which ones swap the sides") {
    for (int orientation = 1; orientation <= 8; ++orientation) {
        CAPTURE(orientation);
        CHECK(orientation_with(exif_segment(orientation_tiff(false, orientation))) == orientation);
        CHECK(orientation_swaps_sides(orientation) == (orientation >= 5));
    }
    CHECK_FALSE(orientation_swaps_sides(0));
    CHECK_FALSE(orientation_swaps_sides(9));
}

TEST_CASE("image header: the EXIF segment is found after other segments") {
    const std::string xmp = segment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0<x/>", 33));
    const std::string comment = segment(0xFE, "a comment");
    const std::string exif = exif_segment(orientation_tiff(true, 6));
    CHECK(orientation_with(comment + xmp + exif) == 6);
    // After OpenCV's own APP0 (JFIF) segment, with fill bytes before the APP1 marker.
    const std::size_t app0_length = static_cast<std::uint8_t>(plain_jpeg()[4]) << 8 |
                                    static_cast<std::uint8_t>(plain_jpeg()[5]);
    REQUIRE(plain_jpeg().substr(2, 2) == "\xFF\xE0");
    const std::size_t after_app0 = 4 + app0_length;
    const std::string bytes = plain_jpeg().substr(0, after_app0) + "\xFF\xFF" + exif +
                              plain_jpeg().substr(after_app0);
    const auto header = header_of(bytes);
    REQUIRE(header.size);
    CHECK(header.exif_orientation == 6);
    CHECK(header.size->width == kWidth);
}

TEST_CASE("image header: only the first EXIF segment counts") {
    const std::string first = exif_segment(orientation_tiff(true, 3));
    const std::string second = exif_segment(orientation_tiff(true, 8));
    CHECK(orientation_with(first + second) == 3);
}

TEST_CASE("image header: EXIF without an orientation tag, or with an unusable one, gives 1") {
    Tiff tiff;
    tiff.entries = {{0x0100, 4, 1, kWidth}, {0x0101, 4, 1, kHeight}};
    CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);  // absent
    tiff.entries = {};
    CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);  // empty IFD0

    SUBCASE("out of range values") {
        for (const std::uint32_t value : {0u, 9u, 0xFFFFu}) {
            tiff.entries = {{0x0112, 3, 1, value}};
            CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
        }
    }
    SUBCASE("not a single SHORT") {
        tiff.entries = {{0x0112, 4, 1, 6}};  // LONG
        CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
        tiff.entries = {{0x0112, 3, 2, 6}};  // two SHORTs
        CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
        tiff.entries = {{0x0112, 3, 0xFFFFFFFF, 6}};  // a value count that overflows
        CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
    }
}

TEST_CASE("image header: malformed EXIF segments give orientation 1") {
    Tiff tiff;
    tiff.entries = {{0x0112, 3, 1, 6}};
    REQUIRE(orientation_with(exif_segment(tiff_bytes(tiff))) == 6);

    SUBCASE("wrong magic or byte order") {
        tiff.magic = 43;
        CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
        std::string mixed = tiff_bytes(Tiff{.entries = tiff.entries});
        mixed[1] = 'M';  // "IM"
        CHECK(orientation_with(exif_segment(mixed)) == 1);
        mixed[0] = mixed[1] = 'X';
        CHECK(orientation_with(exif_segment(mixed)) == 1);
    }
    SUBCASE("IFD0 offset past the segment") {
        for (const std::uint32_t offset : {26u, 27u, 1000u, 0xFFFFFFF0u, 0xFFFFFFFFu}) {
            CAPTURE(offset);
            tiff.ifd0_offset = offset;
            CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
        }
    }
    SUBCASE("an entry count that runs past the segment") {
        for (const std::uint16_t count : {2, 100, 0xFFFF}) {
            CAPTURE(count);
            tiff.entry_count = count;
            CHECK(orientation_with(exif_segment(tiff_bytes(tiff))) == 1);
        }
    }
    SUBCASE("the segment ends before the end of the orientation entry") {
        const std::string whole = tiff_bytes(tiff);
        for (std::size_t size = 0; size < whole.size() - 4; ++size) {
            CAPTURE(size);
            CHECK(orientation_with(exif_segment(whole.substr(0, size))) == 1);
        }
    }
    SUBCASE("a segment length shorter than the EXIF header") {
        CHECK(orientation_with(segment(0xE1, "")) == 1);
        CHECK(orientation_with(segment(0xE1, "Exif")) == 1);
        CHECK(orientation_with(segment(0xE1, std::string("Exif\0\0", 6))) == 1);
        CHECK(orientation_with(segment(0xE1, std::string("Exif\0\0II", 8))) == 1);
    }
    SUBCASE("a segment length that lies") {
        // Shorter than what follows: the rest of the segment reads as garbage between markers.
        for (const std::uint16_t length : {0, 1, 2, 8, 14}) {
            CAPTURE(length);
            const auto header = header_of(jpeg_with(segment(0xE1, std::string("Exif\0\0", 6) +
                                                                      tiff_bytes(tiff), length)));
            if (header.size) CHECK(header.exif_orientation == 1);
        }
        // Longer than the file: the segment is truncated.
        const std::string truncated = "\xFF\xD8" + segment(0xE1, std::string("Exif\0\0", 6) +
                                                                     tiff_bytes(tiff), 0xFFFF);
        CHECK_FALSE(header_of(truncated).size);
    }
}

TEST_CASE("image header: a PNG has orientation 1") {
    const auto header = header_of(encoded_image(".png"), "image.png");
    REQUIRE(header.size);
    CHECK(header.size->width == kWidth);
    CHECK(header.size->height == kHeight);
    CHECK(header.exif_orientation == 1);
}

TEST_CASE("image header: missing and unreadable files have no header") {
    TempDir dir;
    CHECK_FALSE(probe_image(dir / "missing.jpg", true).size);
    CHECK_FALSE(probe_image(dir.path(), true).size);  // a directory
    CHECK_FALSE(header_of("this is not an image\x01\x02\x03", "garbage.jpg").size);
    CHECK_FALSE(header_of("").size);
    CHECK_FALSE(header_of("\xFF\xD8\xFF").size);
    CHECK_FALSE(header_of("\xFF\xD8" + exif_segment(orientation_tiff(true, 6))).size);  // no frame
}

TEST_CASE("image header: a JPEG from the corpus" * needs_shared) {
    // a.jpg is JFIF, then two DQT segments, then SOF0 with height 5 and width 10 (read by hand).
    const fs::path image = corpus("datumaro/coco_dataset/coco/images/train/a.jpg");
    REQUIRE(fs::exists(image));
    const auto header = probe_image(image, true);
    REQUIRE(header.size);
    CHECK(header.size->width == 10);
    CHECK(header.size->height == 5);
    CHECK(header.exif_orientation == 1);
}

TEST_CASE("image header: corrupted bytes and truncations never crash") {
    const std::string valid = jpeg_with(exif_segment(orientation_tiff(false, 6)));
    const auto original = header_of(valid);
    REQUIRE(original.size);
    REQUIRE(original.exif_orientation == 6);
    TempDir dir;
    const fs::path path = dir / "fuzz.jpg";
    const auto check = [&](const std::string& bytes) {
        write_file(path, bytes);
        const auto header = probe_image(path, true);
        if (header.size) CHECK((header.exif_orientation >= 1 && header.exif_orientation <= 8));
    };
    for (std::size_t at = 0; at < 200 && at < valid.size(); ++at) {
        for (const unsigned char value : {0x00, 0x01, 0x2A, 0x7F, 0x80, 0xD8, 0xFE, 0xFF}) {
            std::string bytes = valid;
            bytes[at] = static_cast<char>(value);
            check(bytes);
        }
    }
    for (std::size_t size = 0; size < 200 && size < valid.size(); ++size)
        check(valid.substr(0, size));
}

// ---------------------------------------------------------------------------------------------
// probe_image: the kind by content, the size, special files.

namespace {

ImageProbe probe_of(const std::string& bytes, const std::string& name, bool with_orientation = false) {
    TempDir dir;
    write_file(dir / name, bytes);
    return probe_image(dir / name, with_orientation);
}

void check_probe(const ImageProbe& probe, ImageKind kind, std::uint32_t width, std::uint32_t height) {
    CHECK(probe.exists);
    CHECK(probe.open_error.empty());
    CHECK(probe.kind == kind);
    REQUIRE(probe.size);
    CHECK(probe.size->width == width);
    CHECK(probe.size->height == height);
}

// A grey 8-bit TIFF of kWidth x kHeight in one strip, built by hand in either byte order, with
// an Orientation tag; checked against OpenCV's TIFF decoder below.
std::string grey_tiff(bool little_endian, int orientation) {
    const std::uint32_t pixels = kWidth * kHeight;
    const std::uint32_t entries = 10;
    const std::uint32_t strip_offset = 8 + 2 + entries * 12 + 4;  // right after IFD0
    Tiff tiff;
    tiff.little_endian = little_endian;
    tiff.entries = {{0x0100, 4, 1, kWidth},       // ImageWidth
                    {0x0101, 4, 1, kHeight},      // ImageLength
                    {0x0102, 3, 1, 8},            // BitsPerSample
                    {0x0103, 3, 1, 1},            // Compression: none
                    {0x0106, 3, 1, 1},            // PhotometricInterpretation: BlackIsZero
                    {0x0111, 4, 1, strip_offset}, // StripOffsets
                    {0x0112, 3, 1, static_cast<std::uint32_t>(orientation)},
                    {0x0115, 3, 1, 1},            // SamplesPerPixel
                    {0x0116, 4, 1, kHeight},      // RowsPerStrip
                    {0x0117, 4, 1, pixels}};      // StripByteCounts
    REQUIRE(tiff.entries.size() == entries);
    std::string bytes = tiff_bytes(tiff);
    REQUIRE(bytes.size() == strip_offset);
    for (std::uint32_t i = 0; i < pixels; ++i) bytes += static_cast<char>(i % 251);
    return bytes;
}

// The same image as a little-endian BigTIFF: 8-byte offsets and counts, 20-byte IFD entries.
std::string grey_bigtiff() {
    struct Big {
        std::uint16_t tag, type;
        std::uint64_t value;
    };
    const std::uint64_t pixels = kWidth * kHeight;
    const std::vector<Big> entries = {{0x0100, 4, kWidth}, {0x0101, 4, kHeight}, {0x0102, 3, 8},
                                      {0x0103, 3, 1},      {0x0106, 3, 1},       {0x0111, 16, 0},
                                      {0x0115, 3, 1},      {0x0116, 4, kHeight}, {0x0117, 16, pixels}};
    const std::uint64_t strip_offset = 16 + 8 + entries.size() * 20 + 8;
    TiffBytes out(true);
    out.raw("II").u16(43).u16(8).u16(0).u64(16);
    out.u64(entries.size());
    for (const Big& e : entries) {
        out.u16(e.tag).u16(e.type).u64(1);
        const std::uint64_t value = e.tag == 0x0111 ? strip_offset : e.value;
        if (e.type == 3)
            out.u16(static_cast<std::uint32_t>(value)).u16(0).u32(0);  // SHORT, left-justified
        else if (e.type == 4)
            out.u32(static_cast<std::uint32_t>(value)).u32(0);  // LONG, left-justified
        else
            out.u64(value);  // LONG8
    }
    std::string bytes = out.u64(0).bytes();
    REQUIRE(bytes.size() == strip_offset);
    for (std::uint64_t i = 0; i < pixels; ++i) bytes += static_cast<char>(i % 251);
    return bytes;
}

std::string little_endian_u32(std::uint32_t value) {
    std::string out;
    for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
    return out;
}

// OpenCV's lossy WebP (a "VP8 " chunk) made into an extended file: a VP8X chunk with the ICC
// flag, then an ICCP chunk of `icc_size` bytes, then the VP8 chunk, as cwebp -metadata icc
// writes it. A large profile puts the frame header past the first 4096 bytes.
std::string webp_with_icc_profile(std::size_t icc_size) {
    const std::string simple = encoded_image(".webp", {cv::IMWRITE_WEBP_QUALITY, 75});
    REQUIRE(simple.substr(12, 4) == "VP8 ");
    const std::string frame_chunk = simple.substr(12);
    std::string vp8x = "VP8X" + little_endian_u32(10);
    vp8x += '\x20';  // flags: ICC profile
    vp8x += std::string(3, '\0');
    vp8x += little_endian_u32(kWidth - 1).substr(0, 3);
    vp8x += little_endian_u32(kHeight - 1).substr(0, 3);
    std::string icc = "ICCP" + little_endian_u32(static_cast<std::uint32_t>(icc_size)) + std::string(icc_size, 'p');
    if (icc_size % 2 == 1) icc += '\0';  // chunks are padded to an even size
    const std::string body = "WEBP" + vp8x + icc + frame_chunk;
    return "RIFF" + little_endian_u32(static_cast<std::uint32_t>(body.size())) + body;
}

// A minimal uncompressed 24-bit TGA: the 18-byte header, then the pixels.
std::string tga_image() {
    std::string bytes(18, '\0');
    bytes[2] = 2;  // uncompressed true-colour
    bytes[12] = static_cast<char>(kWidth);
    bytes[14] = static_cast<char>(kHeight);
    bytes[16] = 24;
    return bytes + std::string(kWidth * kHeight * 3, '\x40');
}

// A GIF header (logical screen of kWidth x kHeight, no colour table), an empty image and the trailer.
std::string gif_header() {
    std::string bytes = "GIF89a";
    bytes += static_cast<char>(kWidth);
    bytes += '\0';
    bytes += static_cast<char>(kHeight);
    bytes += std::string("\0\0\0\0", 4);
    return bytes + ";";
}

const std::string lfs_pointer =
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 123456\n";

// Runs `work` with the process's stderr sent to a file, and returns what was written there.
std::string stderr_of(const std::function<void()>& work) {
    TempDir dir;
    const fs::path captured = dir / "stderr.txt";
    std::fflush(stderr);
    const int saved = ::dup(2);
    const int file = ::open(captured.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(saved >= 0);
    REQUIRE(file >= 0);
    ::dup2(file, 2);
    ::close(file);
    work();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    return read_file(captured);
}

}  // namespace

TEST_CASE("image probe: names of kinds and formats") {
    CHECK(std::string(to_string(ImageKind::jpeg)) == "JPEG");
    CHECK(std::string(to_string(ImageKind::webp)) == "WebP");
    CHECK(std::string(to_string(ImageKind::tiff)) == "TIFF");
    CHECK(std::string(to_string(ImageKind::lfs_pointer)) == "Git LFS pointer");
    CHECK(std::string(to_string(ImageKind::unknown)) == "unknown");
    CHECK(std::string(readable_image_formats()) == "JPEG, PNG, BMP, GIF, PNM, TGA, WebP and TIFF");
}

TEST_CASE("image probe: real files from the corpus, by content whatever their names" * needs_shared) {
    // Sizes checked independently: `file` says "TIFF image data, little-endian, ... height=48,
    // ... width=64" for scan.tif and "JPEG image data, ... 64x48" for ok.jpg; the two WebP
    // files are "VP8L" (lossless) and their 14-bit width-1 and height-1 fields after the 0x2F
    // signature byte, decoded with python3, are 63 and 47.
    const fs::path root = corpus("realworld/yolo-webp-images-unreadable/images");
    const ImageProbe webp = probe_image(root / "train/real.webp");
    check_probe(webp, ImageKind::webp, 64, 48);
    CHECK(extension_fits(root / "train/real.webp", webp.kind));

    const ImageProbe webp_as_jpg = probe_image(root / "train/Image_17.jpg");
    check_probe(webp_as_jpg, ImageKind::webp, 64, 48);
    CHECK_FALSE(extension_fits(root / "train/Image_17.jpg", webp_as_jpg.kind));

    const ImageProbe tiff = probe_image(root / "val/scan.tif", true);
    check_probe(tiff, ImageKind::tiff, 64, 48);
    CHECK(tiff.exif_orientation == 1);  // no Orientation tag (listed with python3)
    CHECK(extension_fits(root / "val/scan.tif", tiff.kind));

    check_probe(probe_image(root / "val/ok.jpg", true), ImageKind::jpeg, 64, 48);

    // A 131-byte text file named a.jpg: "version https://git-lfs.github.com/spec/v1", oid, size.
    const fs::path pointer = corpus("realworld/yolo-lfs-pointer-images/images/train/a.jpg");
    const ImageProbe lfs = probe_image(pointer, true);
    CHECK(lfs.exists);
    CHECK(lfs.kind == ImageKind::lfs_pointer);
    CHECK_FALSE(lfs.size);
    CHECK(extension_fits(pointer, lfs.kind));  // the extension is the real image's
    CHECK_FALSE(probe_image(pointer).size);
}

TEST_CASE("image probe: every format from OpenCV's encoders, under any name") {
    struct Case {
        std::string extension;
        std::vector<int> parameters;
        ImageKind kind;
    };
    const std::vector<Case> cases = {
        {".jpg", {}, ImageKind::jpeg},
        {".png", {}, ImageKind::png},
        {".bmp", {}, ImageKind::bmp},
        {".ppm", {}, ImageKind::pnm},
        {".webp", {cv::IMWRITE_WEBP_QUALITY, 75}, ImageKind::webp},   // lossy: a "VP8 " chunk
        {".webp", {cv::IMWRITE_WEBP_QUALITY, 101}, ImageKind::webp},  // lossless: "VP8L"
        {".tiff", {}, ImageKind::tiff},
    };
    for (const Case& c : cases) {
        CAPTURE(c.extension);
        const std::string bytes = encoded_image(c.extension, c.parameters);
        check_probe(probe_of(bytes, "image" + c.extension), c.kind, kWidth, kHeight);
        check_probe(probe_of(bytes, "image.data"), c.kind, kWidth, kHeight);
        CHECK(extension_fits("image" + c.extension, c.kind));
        CHECK_FALSE(extension_fits("image.data", c.kind));
    }
    CHECK(encoded_image(".webp", {cv::IMWRITE_WEBP_QUALITY, 75}).substr(12, 4) == "VP8 ");
    CHECK(encoded_image(".webp", {cv::IMWRITE_WEBP_QUALITY, 101}).substr(12, 4) == "VP8L");
    // OpenCV writes a TIFF in the machine's byte order.
    CHECK(encoded_image(".tiff").substr(0, 4) == std::string("II*\0", 4));
}

TEST_CASE("image probe: TIFF in both byte orders with its Orientation tag, and BigTIFF") {
    for (const bool little_endian : {true, false}) {
        for (const int orientation : {1, 3, 6, 8}) {
            CAPTURE(little_endian);
            CAPTURE(orientation);
            const std::string bytes = grey_tiff(little_endian, orientation);
            REQUIRE(bytes.substr(0, 4) == (little_endian ? std::string("II*\0", 4) : std::string("MM\0*", 4)));
            // The hand-built file is a real TIFF: OpenCV's decoder (libtiff) reads it whole, and
            // applies the orientation, so it also confirms the tag.
            const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
            const cv::Mat decoded = cv::imdecode(data, cv::IMREAD_UNCHANGED);
            const bool swapped = orientation_swaps_sides(orientation);
            CHECK(decoded.cols == static_cast<int>(swapped ? kHeight : kWidth));
            CHECK(decoded.rows == static_cast<int>(swapped ? kWidth : kHeight));

            const ImageProbe probe = probe_of(bytes, "scan.tif", true);
            check_probe(probe, ImageKind::tiff, kWidth, kHeight);
            CHECK(probe.exif_orientation == orientation);
            CHECK(probe_of(bytes, "scan.tif").exif_orientation == 1);  // only when asked for
            const auto header = header_of(bytes, "scan.tif");
            REQUIRE(header.size);
            CHECK(header.exif_orientation == orientation);
        }
    }
    const std::string big = grey_bigtiff();
    REQUIRE(big.substr(0, 4) == std::string("II+\0", 4));
    check_probe(probe_of(big, "big.tif", true), ImageKind::tiff, kWidth, kHeight);
}

TEST_CASE("image probe: a TIFF whose first directory lies past the first 4096 bytes") {
    // Pixels first, then IFD0 at the end, as many writers lay it out.
    Tiff tiff;
    const std::uint32_t pixels = 100 * 60;
    tiff.ifd0_offset = 8 + pixels;
    tiff.entries = {{0x0100, 4, 1, 100}, {0x0101, 4, 1, 60}, {0x0102, 3, 1, 8},  {0x0103, 3, 1, 1},
                    {0x0106, 3, 1, 1},   {0x0111, 4, 1, 8},  {0x0115, 3, 1, 1},  {0x0116, 4, 1, 60},
                    {0x0117, 4, 1, pixels}};
    const std::string directory = tiff_bytes(tiff);
    const std::string bytes = directory.substr(0, 8) + std::string(pixels, '\x10') + directory.substr(8);
    const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    CHECK(cv::imdecode(data, cv::IMREAD_UNCHANGED).cols == 100);
    check_probe(probe_of(bytes, "late.tif"), ImageKind::tiff, 100, 60);
}

TEST_CASE("image probe: an extended WebP whose frame lies past the first 4096 bytes") {
    for (const std::size_t icc_size : {std::size_t{100}, std::size_t{6001}}) {
        CAPTURE(icc_size);
        const std::string bytes = webp_with_icc_profile(icc_size);
        const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
        const cv::Mat decoded = cv::imdecode(data, cv::IMREAD_UNCHANGED);  // libwebp takes it
        CHECK(decoded.cols == static_cast<int>(kWidth));
        CHECK(decoded.rows == static_cast<int>(kHeight));
        check_probe(probe_of(bytes, "icc.webp"), ImageKind::webp, kWidth, kHeight);
    }
}

TEST_CASE("image probe: a JPEG whose frame header lies past the first 4096 bytes") {
    // An APP2 segment (as an ICC profile is stored) of 60000 bytes, then EXIF, then the frame.
    const std::string icc = segment(0xE2, std::string("ICC_PROFILE\0", 12) + std::string(60000, 'i'));
    const std::string bytes = jpeg_with(icc + exif_segment(orientation_tiff(true, 6)));
    const ImageProbe probe = probe_of(bytes, "big.jpg", true);
    check_probe(probe, ImageKind::jpeg, kWidth, kHeight);
    CHECK(probe.exif_orientation == 6);
}

TEST_CASE("image probe: a JPEG whose Huffman table declares more than 256 codes is sized by its frame header") {
    // stb_image's JPEG header reader built this table before reaching the frame and wrote past
    // its arrays (found by fuzz/image_header_fuzzer; UBSan: index 257 out of bounds).
    const std::string table = segment(0xC4, std::string(1, '\0') + std::string(16, '\xFF'));
    check_probe(probe_of(jpeg_with(table), "image.jpg", true), ImageKind::jpeg, kWidth, kHeight);
    // Nor is a stream that starts with a fill byte before SOI handed to it as another kind.
    const ImageProbe filled = probe_of("\xFF" + jpeg_with(table), "image.jpg", true);
    CHECK(filled.kind == ImageKind::unknown);
    CHECK_FALSE(filled.size);
}

TEST_CASE("image probe: a JPEG's size is that of its first frame header, whatever comes before it") {
    // Lossless (SOF3) and arithmetic (SOF9) frames have sizes too; a height of 0 (given later
    // by a DNL segment) is not a size, nor is a frame header cut short.
    for (const char sof : {'\xC0', '\xC3', '\xC9'}) {
        const std::string frame = segment(static_cast<std::uint8_t>(sof), std::string("\x08\x00\x1E\x00\x28\x01\x01\x11\x00", 9));
        check_probe(probe_of("\xFF\xD8" + segment(0xDD, std::string(2, '\0')) + frame, "image.jpg"), ImageKind::jpeg, 40, 30);
    }
    const std::string no_height = segment(0xC0, std::string("\x08\x00\x00\x00\x28\x01\x01\x11\x00", 9));
    CHECK_FALSE(probe_of("\xFF\xD8" + no_height, "image.jpg").size);
    CHECK_FALSE(probe_of("\xFF\xD8\xFF\xC0\x00\x11\x08\x00\x1E", "image.jpg").size);
    CHECK_FALSE(probe_of("\xFF\xD8\xFF\xC0\x00\x04\x08\x00\x1E\x00\x28", "image.jpg").size);
    CHECK_FALSE(probe_of("\xFF\xD8\xFF\xDA\x00\x11\x08\x00\x1E\x00\x28", "image.jpg").size);
}

TEST_CASE("image probe: a PNM's size is read from its header, and a number too large for it is no size") {
    // stb_image's PNM reader overflowed an int on ten digits (found by fuzz/image_header_fuzzer).
    check_probe(probe_of("P5\n2222222222 30\n255\n", "image.pgm"), ImageKind::pnm, 2222222222, 30);
    CHECK_FALSE(probe_of("P5\n4294967296 30\n255\n", "image.pgm").size);
    CHECK_FALSE(probe_of("P5\n40 99999999999999999999999\n255\n", "image.pgm").size);
    check_probe(probe_of("P6 # a comment\r40\n#\n\t30 65535\n", "image.ppm"), ImageKind::pnm, 40, 30);
    CHECK_FALSE(probe_of("P5 40 30 65536\n", "image.pgm").size);
    CHECK_FALSE(probe_of("P5 40 30 0\n", "image.pgm").size);
    CHECK_FALSE(probe_of("P5 0 30 255\n", "image.pgm").size);
    CHECK_FALSE(probe_of("P5 40 x 255\n", "image.pgm").size);
    const ImageProbe ascii = probe_of("P2 40 30 255\n", "image.pgm");  // only binary PNMs are read
    CHECK(ascii.kind == ImageKind::pnm);
    CHECK_FALSE(ascii.size);
}

TEST_CASE("image probe: formats without encoders here, built by hand") {
    const ImageProbe tga = probe_of(tga_image(), "image.tga");
    check_probe(tga, ImageKind::tga, kWidth, kHeight);
    CHECK(extension_fits("IMAGE.TGA", tga.kind));
    check_probe(probe_of(gif_header(), "image.gif"), ImageKind::gif, kWidth, kHeight);
    // A PNM header with a comment longer than the first 4096 bytes.
    const std::string pgm = "P5\n# " + std::string(5000, 'c') + "\n40 30\n255\n" + std::string(kWidth * kHeight, 'g');
    check_probe(probe_of(pgm, "image.pgm"), ImageKind::pnm, kWidth, kHeight);
}

TEST_CASE("image probe: PNG headers of any size the format allows, also past what stb_image decodes") {
    TempDir dir;
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> sizes = {
        {1, 1}, {32768, 32768}, {40000, 30000}, {(1u << 24) + 1, 3}, {3, 0x7FFFFFFF}};
    for (const auto& [width, height] : sizes) {
        CAPTURE(width);
        CAPTURE(height);
        labelkit::test::write_png(dir / "image.png", width, height);
        check_probe(probe_image(dir / "image.png"), ImageKind::png, width, height);
    }
    labelkit::test::write_png(dir / "image.png", 0x80000000u, 3);  // past PNG's largest side
    CHECK_FALSE(probe_image(dir / "image.png").size);
}

TEST_CASE("image probe: Git LFS pointers and text are not images") {
    const ImageProbe lfs = probe_of(lfs_pointer, "photo.jpg", true);
    CHECK(lfs.exists);
    CHECK(lfs.kind == ImageKind::lfs_pointer);
    CHECK_FALSE(lfs.size);
    CHECK(lfs.exif_orientation == 1);
    const std::vector<std::string> texts = {"hello", "BMW, not a bitmap: a text that starts with BM",
                                            "P7\nWIDTH 4\n", "version 1\n", std::string("RIFF\x10\0\0\0WAVEfmt ", 16)};
    for (const std::string& text : texts) {
        CAPTURE(text);
        const ImageProbe probe = probe_of(text, "text.jpg");
        CHECK(probe.exists);
        CHECK(probe.kind == ImageKind::unknown);
        CHECK_FALSE(probe.size);
    }
}

TEST_CASE("image probe: extensions that fit each kind, in any case") {
    CHECK(extension_fits("a.JPG", ImageKind::jpeg));
    CHECK(extension_fits("a.jpe", ImageKind::jpeg));
    CHECK(extension_fits("a.jfif", ImageKind::jpeg));
    CHECK(extension_fits("a.MPO", ImageKind::jpeg));
    CHECK_FALSE(extension_fits("a.png", ImageKind::jpeg));
    CHECK_FALSE(extension_fits("a.jpg", ImageKind::webp));
    CHECK(extension_fits("a.WebP", ImageKind::webp));
    CHECK(extension_fits("a.TiF", ImageKind::tiff));
    CHECK(extension_fits("a.dng", ImageKind::tiff));
    CHECK(extension_fits("a.dib", ImageKind::bmp));
    CHECK(extension_fits("a.pbm", ImageKind::pnm));
    CHECK_FALSE(extension_fits("a", ImageKind::png));
    CHECK_FALSE(extension_fits("dir.png/a", ImageKind::png));
    CHECK(extension_fits("a.anything", ImageKind::unknown));
    CHECK(extension_fits("a.jpg", ImageKind::lfs_pointer));
}

TEST_CASE("image probe: empty, truncated and damaged files give no size, and nothing on stderr") {
    CHECK(stderr_of([] { std::fputs("captured", stderr); }) == "captured");  // the capture works

    const ImageProbe empty = probe_of("", "empty.jpg");
    CHECK(empty.exists);
    CHECK(empty.kind == ImageKind::unknown);
    CHECK_FALSE(empty.size);

    // (JPEGs have their own test above.)
    const std::vector<std::pair<std::string, ImageKind>> images = {
        {grey_tiff(true, 6), ImageKind::tiff},
        {grey_tiff(false, 6), ImageKind::tiff},
        {grey_bigtiff(), ImageKind::tiff},
        {encoded_image(".webp", {cv::IMWRITE_WEBP_QUALITY, 75}), ImageKind::webp},
        {encoded_image(".webp", {cv::IMWRITE_WEBP_QUALITY, 101}), ImageKind::webp},
        {encoded_image(".png"), ImageKind::png},
        {encoded_image(".bmp"), ImageKind::bmp}};
    TempDir dir;
    const fs::path path = dir / "image";
    const auto check = [&](const std::string& bytes) {
        write_file(path, bytes);
        const ImageProbe probe = probe_image(path, true);
        CHECK(probe.exists);
        CHECK((probe.exif_orientation >= 1 && probe.exif_orientation <= 8));
        if (probe.size) CHECK((probe.size->width > 0 && probe.size->height > 0));
    };
    const std::string messages = stderr_of([&] {
        for (const auto& [valid, kind] : images) {
            const char* kind_name = to_string(kind);  // clang 14: CAPTURE cannot take a structured binding
            CAPTURE(kind_name);
            // Cut before the size is complete: the kind may be known, the size is not.
            for (std::size_t size = 0; size < 8; ++size) {
                write_file(path, valid.substr(0, size));
                CHECK_FALSE(probe_image(path).size);
            }
            // Every cut within the headers, then some further in (each file written costs time).
            for (std::size_t size = 0; size < valid.size() && size < 300; size += size < 40 ? 1 : 13)
                check(valid.substr(0, size));
            // Every byte of the headers (the TIFF directories end at bytes 134 and 212) flipped.
            for (std::size_t at = 0; at < valid.size() && at < 212; ++at) {
                std::string bytes = valid;
                bytes[at] = static_cast<char>(~bytes[at]);
                check(bytes);
            }
        }
        // Damaged directories: unsorted and unknown tags, a missing ImageLength, a width of 0.
        Tiff tiff;
        tiff.entries = {{0x0101, 4, 1, kHeight}, {0x0100, 4, 1, kWidth}, {0xFDE8, 4, 1, 7}};
        check(tiff_bytes(tiff));
        tiff.entries = {{0x0100, 4, 1, kWidth}};
        write_file(path, tiff_bytes(tiff));
        CHECK_FALSE(probe_image(path).size);
        tiff.entries = {{0x0100, 4, 1, 0}, {0x0101, 4, 1, kHeight}};
        write_file(path, tiff_bytes(tiff));
        CHECK_FALSE(probe_image(path).size);
    });
    CHECK(messages.empty());
}

TEST_CASE("image probe: directories, FIFOs, devices and unreadable files are not read") {
    TempDir dir;
    const ImageProbe directory = probe_image(dir.path());
    CHECK_FALSE(directory.exists);
    CHECK(directory.open_error == "Is a directory");
    CHECK_FALSE(directory.size);

    const ImageProbe missing = probe_image(dir / "missing.jpg");
    CHECK_FALSE(missing.exists);
    CHECK(missing.open_error == "No such file or directory");

    const ImageProbe device = probe_image("/dev/null");
    CHECK_FALSE(device.exists);
    CHECK_FALSE(device.open_error.empty());

    // A FIFO without a writer: opening it for reading would wait for one, reading it too.
    const fs::path fifo = dir / "fifo.jpg";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto probing = std::async(std::launch::async, [&] { return probe_image(fifo, true); });
    if (probing.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // releases the reader
        if (writer >= 0) ::close(writer);
        FAIL("probe_image waited on a FIFO");
    }
    const ImageProbe from_fifo = probing.get();
    CHECK_FALSE(from_fifo.exists);
    CHECK(from_fifo.open_error == "Not a regular file");
    CHECK_FALSE(from_fifo.size);

    // A link to an image is the image; a dangling link is a missing file.
    write_file(dir / "real.png", encoded_image(".png"));
    fs::create_symlink(dir / "real.png", dir / "link.png");
    check_probe(probe_image(dir / "link.png"), ImageKind::png, kWidth, kHeight);
    fs::create_symlink(dir / "gone.png", dir / "dangling.png");
    CHECK_FALSE(probe_image(dir / "dangling.png").exists);

    // Without read permission (root reads it anyway: then only the size is checked).
    const fs::path locked = dir / "locked.png";
    write_file(locked, encoded_image(".png"));
    REQUIRE(::chmod(locked.c_str(), 0) == 0);
    const ImageProbe unreadable = probe_image(locked);
    if (::geteuid() != 0) {
        CHECK_FALSE(unreadable.exists);
        CHECK(unreadable.open_error == "Permission denied");
        CHECK_FALSE(unreadable.size);
    } else {
        check_probe(unreadable, ImageKind::png, kWidth, kHeight);
    }
}
