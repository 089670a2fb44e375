// A list of image paths (Darknet's train.txt, an Ultralytics subset .txt) through
// read_image_list, strictly and leniently, in a small Darknet dataset whose images it may name.
#include <cstddef>
#include <cstdint>

#include "both_readings.hpp"
#include "darknet_folder.hpp"
#include "formats/yolo/yolo_private.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const DarknetFolder folder("image_list");
    const auto list = folder.write("list.txt", data, size);
    read_strictly_and_leniently([&](const labelkit::ReadOptions& options, labelkit::DiagnosticSink& sink) {
        labelkit::yolo::read_image_list(list, folder.path(), options, sink);
    });
    return 0;
}
