#pragma once
// PNGs as the tests read them back: decoded by stb_image, not by labelkit's own encoder, so that
// a test sees the pixels a user's viewer shows.
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "labelkit/ops/draw.hpp"

namespace labelkit::test {

struct Png {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;
    Rgb at(int x, int y) const {
        const std::uint8_t* p = rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
        return {p[0], p[1], p[2]};
    }
};

// The PNG's pixels as RGB; the test fails (REQUIRE) when stb_image cannot decode it.
Png decode_png(std::string_view bytes);
Png read_png(const std::filesystem::path& path);
Png decode_png(const std::vector<std::uint8_t>& bytes);

}  // namespace labelkit::test
