// Label Studio's brush masks: thi.ng/rle-pack's bit stream of the image's RGBA bytes (row by
// row), as label-studio-converter's brush.py decodes and encodes them. Header: the number of
// values (32 bits), the word size - 1 (5 bits), four run-length field sizes - 1 (4 bits each);
// then chunks: a flag bit, a 2-bit choice of field size, the chunk length - 1 in that many bits,
// then one word repeated (flag 1) or that many words (flag 0). Bits are read from the most
// significant one of each byte.
#include <array>
#include <cstdint>

#include <fmt/format.h>

#include "formats/label_studio/label_studio_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::label_studio {

namespace {

class BitReader {
public:
    explicit BitReader(const std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}
    std::uint32_t read(unsigned bits) {
        if (position_ + bits > bytes_.size() * 8) throw Error("the brush RLE ends before its data does");
        std::uint32_t value = 0;
        for (unsigned i = 0; i < bits; ++i, ++position_)
            value = (value << 1) | ((bytes_[position_ / 8] >> (7 - position_ % 8)) & 1u);
        return value;
    }

private:
    const std::vector<std::uint8_t>& bytes_;
    std::size_t position_ = 0;
};

class BitWriter {
public:
    void write(std::uint32_t value, unsigned bits) {
        for (unsigned i = bits; i-- > 0;) {
            if (used_ % 8 == 0) bytes_.push_back(0);
            if ((value >> i) & 1u) bytes_.back() |= static_cast<std::uint8_t>(0x80u >> (used_ % 8));
            ++used_;
        }
    }
    std::vector<std::uint8_t> take() { return std::move(bytes_); }

private:
    std::vector<std::uint8_t> bytes_;
    std::size_t used_ = 0;
};

}  // namespace

RleMask decode_brush_rle(const std::vector<std::uint8_t>& rle, std::uint32_t width, std::uint32_t height) {
    const std::uint64_t pixels = std::uint64_t{width} * height;
    if (pixels > limits::max_raster_pixels)
        throw Error(fmt::format("a {}x{} brush mask is larger than labelkit reads", width, height));
    BitReader in(rle);
    const std::uint64_t count = in.read(32);
    if (count != pixels * 4)
        throw Error(fmt::format("the brush RLE holds {} values, not the {} of a {}x{} RGBA image", count, pixels * 4,
                                width, height));
    const unsigned word_size = in.read(5) + 1;
    std::array<unsigned, 4> field_sizes{};
    for (unsigned& size : field_sizes) size = in.read(4) + 1;
    std::vector<std::uint8_t> column_major(pixels, 0);
    const auto put = [&](std::uint64_t index, std::uint32_t value) {
        if (index % 4 != 3 || value == 0) return;  // only the alpha channel says what is inside
        const std::uint64_t pixel = index / 4;
        column_major[(pixel % width) * height + pixel / width] = 1;
    };
    for (std::uint64_t i = 0; i < count;) {
        const bool repeated = in.read(1) != 0;
        const std::uint64_t end = i + 1 + in.read(field_sizes[in.read(2)]);
        if (end > count) throw Error("a run of the brush RLE goes past the end of the image");
        if (repeated) {
            const std::uint32_t value = in.read(word_size);
            for (; i < end; ++i) put(i, value);
        } else {
            for (; i < end; ++i) put(i, in.read(word_size));
        }
    }
    return rle_encode(column_major.data(), height, width);
}

std::vector<std::uint8_t> encode_brush_rle(const RleMask& mask) {
    const std::vector<std::uint8_t> column_major = rle_decode(mask);
    const std::uint64_t count = std::uint64_t{mask.width} * mask.height * 4;
    BitWriter out;
    out.write(static_cast<std::uint32_t>(count), 32);
    constexpr unsigned word_size = 8, field_size = 16;  // runs of up to 65,536 values each
    out.write(word_size - 1, 5);
    for (int i = 0; i < 4; ++i) out.write(field_size - 1, 4);
    const auto value_at = [&](std::uint64_t index) -> std::uint32_t {
        const std::uint64_t pixel = index / 4;
        return column_major[(pixel % mask.width) * mask.height + pixel / mask.width] ? 255 : 0;
    };
    for (std::uint64_t i = 0; i < count;) {
        const std::uint32_t value = value_at(i);
        std::uint64_t end = i + 1;
        while (end < count && end - i < (std::uint64_t{1} << field_size) && value_at(end) == value) ++end;
        out.write(1, 1);
        out.write(0, 2);
        out.write(static_cast<std::uint32_t>(end - i - 1), field_size);
        out.write(value, word_size);
        i = end;
    }
    return out.take();
}

}  // namespace labelkit::label_studio
