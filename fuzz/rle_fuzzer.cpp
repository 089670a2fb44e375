// COCO's compressed RLE counts through rle_counts_from_string. The input is "height width" on
// its first line, then the counts string (a first line that is not two numbers is part of the
// counts). Valid counts must read back the same from the string the writer makes of them, and
// when a small mask size is given they are decoded and outlined (rle_decode, rle_to_polygons),
// which throw labelkit::Error when the runs do not cover the mask.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"
#include "labelkit/io.hpp"

namespace {

struct MaskSize {
    std::uint32_t height = 0;
    std::uint32_t width = 0;
};

// "height width", both in 1..65535.
std::optional<MaskSize> parse_size(std::string_view line) {
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const auto height = labelkit::parse_integer(line.substr(0, space));
    const auto width = labelkit::parse_integer(line.substr(space + 1));
    if (!height || !width || *height < 1 || *width < 1 || *height > 65535 || *width > 65535) return std::nullopt;
    return MaskSize{static_cast<std::uint32_t>(*height), static_cast<std::uint32_t>(*width)};
}

constexpr std::uint64_t max_fuzzed_pixels = 1 << 16;  // keeps every run fast

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<MaskSize> mask_size;
    if (const std::size_t newline = text.find('\n'); newline != std::string_view::npos) {
        mask_size = parse_size(text.substr(0, newline));
        if (mask_size) text.remove_prefix(newline + 1);
    }
    std::vector<std::uint32_t> counts;
    try {
        counts = labelkit::rle_counts_from_string(text);
    } catch (const labelkit::Error&) {
        return 0;
    }
    if (labelkit::rle_counts_from_string(labelkit::rle_counts_to_string(counts)) != counts) {
        std::fputs("the counts read back from rle_counts_to_string differ from those written\n", stderr);
        std::abort();
    }
    if (!mask_size || std::uint64_t{mask_size->height} * mask_size->width > max_fuzzed_pixels) return 0;
    const labelkit::RleMask mask{mask_size->height, mask_size->width, std::move(counts)};
    try {
        labelkit::rle_decode(mask);
        labelkit::rle_to_polygons(mask);
    } catch (const labelkit::Error&) {
    }
    return 0;
}
