// A Darknet obj.data through read_darknet, strictly (convert) and leniently (lint), in a folder
// that has obj.names, train.txt, valid.txt and their images and labels for it to name.
#include <cstddef>
#include <cstdint>

#include "darknet_folder.hpp"
#include "formats/yolo/yolo_internal.hpp"
#include "labelkit/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const DarknetFolder folder("darknet");
    folder.write("obj.data", data, size);
    for (const bool lenient : {false, true}) {
        labelkit::ReadOptions options;
        options.lenient = lenient;
        labelkit::DiagnosticSink sink;
        try {
            labelkit::yolo::read_darknet(folder.path(), options, sink);
        } catch (const labelkit::Error&) {
        }
    }
    return 0;
}
