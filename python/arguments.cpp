// Read options from Python arguments, checked as the CLI checks --image-size.
#include "arguments.hpp"

#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"

namespace labelkit::python {

std::string quoted_choices(const std::vector<std::string>& choices) {
    std::vector<std::string> quoted;
    for (const std::string& choice : choices) quoted.push_back("'" + choice + "'");
    return or_list(quoted);
}

ReadOptions read_options(const std::optional<std::filesystem::path>& image_root,
                         const std::optional<PythonImageSize>& image_size, const std::string& voc_coordinates) {
    ReadOptions options;
    options.image_root = path_or_empty(image_root);
    if (image_size) {
        const auto [width, height] = *image_size;
        if (!valid_image_size(width, height))
            throw py::value_error(fmt::format("image_size ({}, {}): expected (width, height) in pixels, from 1 to {}",
                                              width, height, limits::max_image_side));
        options.image_size = ImageSize{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
    }
    options.voc_coordinates = parse_choice<VocCoordinates>("voc_coordinates", voc_coordinates);
    return options;
}

}  // namespace labelkit::python
