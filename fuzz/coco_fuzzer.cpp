// A whole COCO file through the real reader (json_splitter, then coco_elements for every
// element), strictly (convert) and leniently (lint). The reader maps a file, so the input is
// written to one first.
#include <cstddef>
#include <cstdint>

#include "both_readings.hpp"
#include "formats/coco/coco_private.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("coco");
    const auto file = folder.write("instances_train.json", data, size);
    read_strictly_and_leniently([&](const labelkit::ReadOptions& options, labelkit::DiagnosticSink& sink) {
        labelkit::coco::read(file, options, sink);
    });
    return 0;
}
