// An image file's header through probe_image with the EXIF / TIFF orientation (what lint
// --check-images reads), and without it (what every reader does). It reads a file.
#include <cstddef>
#include <cstdint>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("image_header");
    const auto file = folder.write("image", data, size);
    try {
        labelkit::probe_image(file, true);
        labelkit::probe_image(file, false);
    } catch (const labelkit::Error&) {  // documented never to happen for what the file holds
    }
    return 0;
}
