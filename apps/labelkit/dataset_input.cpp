#include "dataset_input.hpp"

#include <vector>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::cli {

namespace {

constexpr long long largest_side = 1LL << 30;

// "640,480" or "640x480" -> (640, 480).
std::pair<std::uint32_t, std::uint32_t> parse_image_size(const std::string& text) {
    const std::size_t separator = text.find_first_of(",xX");
    const auto fail = [&] {
        return Error(fmt::format("--image-size '{}': expected W,H (e.g. 640,480), two whole numbers of pixels", text));
    };
    if (separator == std::string::npos) throw fail();
    const auto width = parse_integer(std::string_view(text).substr(0, separator));
    const auto height = parse_integer(std::string_view(text).substr(separator + 1));
    if (!width || !height || *width < 1 || *height < 1 || *width > largest_side || *height > largest_side)
        throw fail();
    return {static_cast<std::uint32_t>(*width), static_cast<std::uint32_t>(*height)};
}

}  // namespace

void add_input_options(CLI::App& command, InputOptions& options) {
    command.add_option("--image-root", options.image_root,
                       "where the images are, when not where the format's layout puts them (DIR, DIR/<subset>/ "
                       "and DIR/images/<subset>/ are searched)");
    command.add_option("--image-size", options.image_size,
                       "W,H: the size of every image whose size cannot be read (YOLO labels without their image), "
                       "for datasets of one fixed size");
    std::vector<std::string> conventions;
    for (const VocCoordinates coordinates : voc_coordinate_conventions) conventions.emplace_back(to_string(coordinates));
    command.add_option("--voc-coordinates", options.voc_coordinates,
                       "VOC boxes read and written as the devkit's 1-based inclusive pixel indices (devkit, the "
                       "default) or as the box's edges (edges: LabelImg, CVAT, globox)")
        ->check(CLI::IsMember(conventions));
}

ReadOptions read_options(const InputOptions& options) {
    ReadOptions read;
    read.image_root = options.image_root;
    if (!options.image_size.empty())
        std::tie(read.image_width, read.image_height) = parse_image_size(options.image_size);
    read.voc_coordinates = *parse_voc_coordinates(options.voc_coordinates);
    read.jobs = options.jobs;
    return read;
}

WriteOptions write_options(ImageMode images, const InputOptions& options) {
    WriteOptions write;
    write.images = images;
    write.voc_coordinates = *parse_voc_coordinates(options.voc_coordinates);
    write.jobs = options.jobs;
    return write;
}

void add_seed_option(CLI::App& command, std::uint64_t& seed, const std::string& description) {
    command.add_option("--seed", seed, description)
        ->check(CLI::Validator(
            [](const std::string& text) {
                return text.find_first_not_of("0123456789") == std::string::npos && !text.empty()
                           ? std::string()
                           : "a seed is a whole number of 0 or more, found '" + text + "'";
            },
            "UINT"));
}

}  // namespace labelkit::cli
