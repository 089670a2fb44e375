#pragma once
// The bytes of an open image file for the header readers: its first bytes, read once by
// probe_image, and the rest on demand (pread), for the few headers that lie further in.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "labelkit/io.hpp"

namespace labelkit {

class ImageBytes {
public:
    ImageBytes(int fd, std::uint64_t file_size, std::span<const std::uint8_t> head)
        : fd_(fd), file_size_(file_size), head_(head) {}

    std::uint64_t size() const { return file_size_; }
    std::span<const std::uint8_t> head() const { return head_; }

    // Copies the bytes at offset into out, from the head when it holds them all; returns how
    // many were copied (fewer at the end of the file or on a read error).
    std::size_t read_at(std::uint64_t offset, std::span<std::uint8_t> out) const;

private:
    int fd_;
    std::uint64_t file_size_;
    std::span<const std::uint8_t> head_;
};

// The size in a JPEG's frame header (SOF), empty when it has none before its first scan, or
// one of 0 pixels (image_header.cpp).
std::optional<ImageSize> jpeg_frame_size(const ImageBytes& file);

// The size in the header of a binary PGM or PPM (P5, P6), empty when it cannot be read
// (image_header.cpp).
std::optional<ImageSize> pnm_size(const ImageBytes& file);

// The EXIF Orientation (1 to 8) of a JPEG, 1 when it has none (image_header.cpp).
int jpeg_exif_orientation(const ImageBytes& file);

}  // namespace labelkit
