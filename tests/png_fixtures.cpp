#include "png_fixtures.hpp"

#include <memory>

#include <doctest/doctest.h>
#include <stb/stb_image.h>

#include "support.hpp"

namespace labelkit::test {

Png decode_png(std::string_view bytes) {
    Png png;
    int channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()), &png.width,
                              &png.height, &channels, 3),
        stbi_image_free);
    REQUIRE_MESSAGE(pixels, "not a PNG stb_image reads");
    png.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(png.width) * png.height * 3);
    return png;
}

Png decode_png(const std::vector<std::uint8_t>& bytes) {
    return decode_png(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Png read_png(const std::filesystem::path& path) {
    INFO("reading " << path);
    return decode_png(read_file(path));
}

}  // namespace labelkit::test
