// The frame size and the EXIF Orientation tag of a JPEG, and the size of a binary PNM (the
// other formats' sizes are read in image_probe.cpp).
//
// A JPEG is walked marker segment by marker segment from SOI up to the first SOF or SOS. The
// SOF segment holds the size; the first APP1 segment before it that starts with "Exif\0\0"
// holds a TIFF structure whose IFD0 may carry tag 0x0112 (Orientation). Only the segments
// before the frame are read, never the pixels, and none of them is interpreted but these two:
// stb_image's JPEG header reader builds the Huffman tables it meets on the way and overflows
// them when a table declares more than 256 codes. Its PNM reader overflows an int on a width of
// ten digits.
// Every read from the EXIF bytes goes through read_uint, which checks its bounds, so a
// malformed segment yields orientation 1 instead of a read past its end.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/image_bytes.hpp"

namespace labelkit {

namespace {

constexpr int kDefaultOrientation = 1;
constexpr std::uint16_t kOrientationTag = 0x0112;
constexpr std::uint16_t kTypeShort = 3;
constexpr std::size_t kIfdEntrySize = 12;
constexpr std::string_view kExifSignature{"Exif\0\0", 6};

struct Tiff {
    std::span<const std::uint8_t> bytes;
    bool little_endian = true;
};

// The unsigned integer of `width` bytes (2 or 4) at offset, or nothing when it does not fit.
std::optional<std::uint32_t> read_uint(const Tiff& tiff, std::size_t offset, std::size_t width) {
    if (offset > tiff.bytes.size() || tiff.bytes.size() - offset < width) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const std::size_t at = tiff.little_endian ? offset + width - 1 - i : offset + i;
        value = value << 8 | tiff.bytes[at];
    }
    return value;
}

std::optional<bool> tiff_is_little_endian(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 2 || bytes[0] != bytes[1]) return std::nullopt;
    if (bytes[0] == 'I') return true;
    if (bytes[0] == 'M') return false;
    return std::nullopt;
}

// The Orientation value of the IFD entry at offset: a SHORT, count 1, from 1 to 8.
int orientation_of_entry(const Tiff& tiff, std::size_t entry) {
    const auto type = read_uint(tiff, entry + 2, 2);
    const auto count = read_uint(tiff, entry + 4, 4);
    const auto value = read_uint(tiff, entry + 8, 2);  // a SHORT sits in the first 2 bytes
    if (type != kTypeShort || count != 1u || !value) return kDefaultOrientation;
    return *value >= 1 && *value <= 8 ? static_cast<int>(*value) : kDefaultOrientation;
}

// The Orientation tag of IFD0 in a TIFF structure (the EXIF payload after its signature).
int orientation_from_tiff(std::span<const std::uint8_t> bytes) {
    const auto little_endian = tiff_is_little_endian(bytes);
    if (!little_endian) return kDefaultOrientation;
    const Tiff tiff{bytes, *little_endian};
    if (read_uint(tiff, 2, 2) != 42u) return kDefaultOrientation;
    const auto ifd0 = read_uint(tiff, 4, 4);
    const auto entry_count = ifd0 ? read_uint(tiff, *ifd0, 2) : std::nullopt;
    if (!entry_count) return kDefaultOrientation;
    const std::size_t first_entry = std::size_t{*ifd0} + 2;  // within bytes: entry_count was read
    // An IFD whose entries run past the segment is malformed as a whole.
    if ((bytes.size() - first_entry) / kIfdEntrySize < *entry_count) return kDefaultOrientation;
    for (std::size_t i = 0; i < *entry_count; ++i) {
        const std::size_t entry = first_entry + i * kIfdEntrySize;
        if (read_uint(tiff, entry, 2) == kOrientationTag) return orientation_of_entry(tiff, entry);
    }
    return kDefaultOrientation;
}

bool is_exif_payload(std::span<const std::uint8_t> payload) {
    return payload.size() >= kExifSignature.size() &&
           std::equal(kExifSignature.begin(), kExifSignature.end(), payload.begin());
}

// Reads a file forward from its start, through a window of at most 4096 bytes: the head
// probe_image already read, then pieces read on demand.
class Cursor {
public:
    explicit Cursor(const ImageBytes& file) : file_(file), window_(file.head()) {}

    std::optional<std::uint8_t> byte() {
        if (offset_ - window_start_ >= window_.size()) {
            const std::size_t got = file_.read_at(offset_, buffer_);
            window_ = std::span<const std::uint8_t>(buffer_.data(), got);
            window_start_ = offset_;
            if (got == 0) return std::nullopt;
        }
        return window_[offset_++ - window_start_];
    }
    void skip(std::size_t count) { offset_ += count; }
    bool read(std::span<std::uint8_t> out) {
        const std::size_t got = file_.read_at(offset_, out);
        offset_ += got;
        return got == out.size();
    }

private:
    const ImageBytes& file_;
    std::uint64_t offset_ = 0;
    std::span<const std::uint8_t> window_;  // the bytes from window_start_ on
    std::uint64_t window_start_ = 0;
    std::array<std::uint8_t, 4096> buffer_;
};

// The marker after the current position (skipping 0xFF fill bytes), or nothing when the
// next byte does not start a marker.
std::optional<std::uint8_t> read_marker(Cursor& in) {
    if (in.byte() != std::uint8_t{0xFF}) return std::nullopt;
    auto marker = in.byte();
    while (marker == std::uint8_t{0xFF}) marker = in.byte();
    return marker;
}

bool is_standalone_marker(std::uint8_t marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);  // TEM, RST0 to RST7
}

// SOF0 to SOF15, except DHT, JPG and DAC.
bool is_start_of_frame(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Where the segments we read end: start of frame, start of scan, end of image.
bool ends_header(std::uint8_t marker) { return is_start_of_frame(marker) || marker == 0xDA || marker == 0xD9; }

// The payload of the first APP1 "Exif" segment before the frame, if any.
std::optional<std::vector<std::uint8_t>> read_exif_payload(Cursor& in) {
    constexpr std::uint8_t kApp1 = 0xE1;
    while (true) {
        const auto marker = read_marker(in);
        if (!marker || *marker == 0x00 || ends_header(*marker)) return std::nullopt;
        if (is_standalone_marker(*marker)) continue;
        const auto high = in.byte(), low = in.byte();
        if (!high || !low) return std::nullopt;
        const std::size_t length = std::size_t{*high} << 8 | *low;  // includes its own 2 bytes
        if (length < 2) return std::nullopt;
        if (*marker != kApp1) {
            in.skip(length - 2);
            continue;
        }
        std::vector<std::uint8_t> payload(length - 2);  // at most 65533 bytes
        if (!in.read(payload)) return std::nullopt;
        if (is_exif_payload(payload)) return payload;
    }
}

}  // namespace

std::optional<ImageSize> jpeg_frame_size(const ImageBytes& file) {
    Cursor in(file);
    if (in.byte() != std::uint8_t{0xFF} || in.byte() != std::uint8_t{0xD8}) return std::nullopt;  // no SOI
    while (true) {
        const auto marker = read_marker(in);
        if (!marker || *marker == 0x00 || *marker == 0xDA || *marker == 0xD9) return std::nullopt;  // no frame
        if (is_standalone_marker(*marker)) continue;
        // Segment length (counting its own 2 bytes), then for a frame: precision, height, width.
        std::array<std::uint8_t, 7> start;
        if (!in.read(std::span(start).first(2))) return std::nullopt;
        const std::size_t length = std::size_t{start[0]} << 8 | start[1];
        if (length < 2) return std::nullopt;
        if (!is_start_of_frame(*marker)) {
            in.skip(length - 2);
            continue;
        }
        if (length < start.size() || !in.read(std::span(start).subspan(2))) return std::nullopt;
        const std::uint32_t height = std::uint32_t{start[3]} << 8 | start[4];
        const std::uint32_t width = std::uint32_t{start[5]} << 8 | start[6];
        // Height 0 means that a DNL segment after the first scan gives it: not a header's size.
        if (width == 0 || height == 0) return std::nullopt;
        return ImageSize{width, height};
    }
}

std::optional<ImageSize> pnm_size(const ImageBytes& file) {
    Cursor in(file);
    if (in.byte() != std::uint8_t{'P'}) return std::nullopt;
    const auto type = in.byte();
    if (type != std::uint8_t{'5'} && type != std::uint8_t{'6'}) return std::nullopt;  // binary PGM, PPM
    const auto is_space = [](std::uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    const auto is_digit = [](std::uint8_t c) { return c >= '0' && c <= '9'; };
    std::array<std::uint64_t, 3> values{};  // width, height, maximum value
    auto c = in.byte();
    for (std::uint64_t& value : values) {
        // Whitespace and comments (from '#' to the end of the line) before each number.
        while (c && (is_space(*c) || *c == '#')) {
            if (*c == '#')
                while (c && *c != '\n' && *c != '\r') c = in.byte();
            else
                c = in.byte();
        }
        if (!c || !is_digit(*c)) return std::nullopt;
        for (; c && is_digit(*c); c = in.byte()) {
            value = value * 10 + (*c - '0');
            if (value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
        }
    }
    const auto [width, height, maximum] = values;
    if (width == 0 || height == 0 || maximum == 0 || maximum > 65535) return std::nullopt;
    return ImageSize{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
}

int jpeg_exif_orientation(const ImageBytes& file) {
    Cursor in(file);
    if (in.byte() != std::uint8_t{0xFF} || in.byte() != std::uint8_t{0xD8})
        return kDefaultOrientation;  // not a JPEG (no SOI marker)
    const auto payload = read_exif_payload(in);
    if (!payload) return kDefaultOrientation;
    return orientation_from_tiff(std::span(*payload).subspan(kExifSignature.size()));
}

}  // namespace labelkit
