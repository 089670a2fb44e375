// A Darknet obj.data through read_darknet, strictly (convert) and leniently (lint), in a folder
// that has obj.names, train.txt, valid.txt and their images and labels for it to name.
#include <cstddef>
#include <cstdint>

#include "both_readings.hpp"
#include "darknet_folder.hpp"
#include "formats/yolo/yolo_private.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const DarknetFolder folder("darknet");
    folder.write("obj.data", data, size);
    read_strictly_and_leniently([&](const labelkit::ReadOptions& options, labelkit::DiagnosticSink& sink) {
        labelkit::yolo::read_darknet(folder.path(), options, sink);
    });
    return 0;
}
