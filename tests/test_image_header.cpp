// Tests of lib/src/core/image_header.cpp: JPEGs written by OpenCV (40x30) with an APP1 EXIF
// segment built by hand and spliced in after the SOI marker, in both byte orders, well formed
// and malformed; other images; a corpus JPEG; and a light fuzz for crashes.
#include <doctest/doctest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/io.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::corpus;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kWidth = 40;
constexpr std::uint32_t kHeight = 30;

// Encoded bytes of a kWidth x kHeight image with a gradient, in OpenCV's format for `extension`.
std::string encoded_image(const std::string& extension) {
    cv::Mat image(static_cast<int>(kHeight), static_cast<int>(kWidth), CV_8UC3);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(6 * x),
                                                  static_cast<std::uint8_t>(8 * y), 128);
    std::vector<std::uint8_t> bytes;
    REQUIRE(cv::imencode(extension, image, bytes));
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

std::optional<ImageHeader> header_of(const std::string& bytes,
                                     const std::string& name = "image.jpg") {
    TempDir dir;
    write_file(dir / name, bytes);
    return read_image_header(dir / name);
}

// The orientation of a JPEG carrying these segments, checking the stored size on the way.
int orientation_with(const std::string& segments) {
    const auto header = header_of(jpeg_with(segments));
    REQUIRE(header);
    CHECK(header->width == kWidth);
    CHECK(header->height == kHeight);
    return header->exif_orientation;
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
    REQUIRE(header);
    CHECK(header->exif_orientation == 6);
    CHECK(header->width == kWidth);
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
            if (header) CHECK(header->exif_orientation == 1);
        }
        // Longer than the file: the segment is truncated.
        const std::string truncated = "\xFF\xD8" + segment(0xE1, std::string("Exif\0\0", 6) +
                                                                     tiff_bytes(tiff), 0xFFFF);
        CHECK_FALSE(header_of(truncated));
    }
}

TEST_CASE("image header: a PNG has orientation 1") {
    const auto header = header_of(encoded_image(".png"), "image.png");
    REQUIRE(header);
    CHECK(header->width == kWidth);
    CHECK(header->height == kHeight);
    CHECK(header->exif_orientation == 1);
}

TEST_CASE("image header: missing and unreadable files have no header") {
    TempDir dir;
    CHECK_FALSE(read_image_header(dir / "missing.jpg"));
    CHECK_FALSE(read_image_header(dir.path()));  // a directory
    CHECK_FALSE(header_of("this is not an image\x01\x02\x03", "garbage.jpg"));
    CHECK_FALSE(header_of(""));
    CHECK_FALSE(header_of("\xFF\xD8\xFF"));
    CHECK_FALSE(header_of("\xFF\xD8" + exif_segment(orientation_tiff(true, 6))));  // no frame
}

TEST_CASE("image header: a JPEG from the corpus") {
    // a.jpg is JFIF, then two DQT segments, then SOF0 with height 5 and width 10 (read by hand).
    const fs::path image = corpus("datumaro/coco_dataset/coco/images/train/a.jpg");
    REQUIRE(fs::exists(image));
    const auto header = read_image_header(image);
    REQUIRE(header);
    CHECK(header->width == 10);
    CHECK(header->height == 5);
    CHECK(header->exif_orientation == 1);
}

TEST_CASE("image header: corrupted bytes and truncations never crash") {
    const std::string valid = jpeg_with(exif_segment(orientation_tiff(false, 6)));
    const auto original = header_of(valid);
    REQUIRE(original);
    REQUIRE(original->exif_orientation == 6);
    TempDir dir;
    const fs::path path = dir / "fuzz.jpg";
    const auto check = [&](const std::string& bytes) {
        write_file(path, bytes);
        const auto header = read_image_header(path);
        if (header) CHECK((header->exif_orientation >= 1 && header->exif_orientation <= 8));
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
