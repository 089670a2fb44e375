// An Ultralytics data.yaml through read_data_yaml, strictly (convert) and leniently (lint), and
// through the format detection's data_yaml_has_names. Both read a file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "both_readings.hpp"
#include "formats/yolo/yolo_private.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("data_yaml");
    const auto file = folder.write("data.yaml", data, size);
    read_strictly_and_leniently([&](const labelkit::ReadOptions& options, labelkit::DiagnosticSink& sink) {
        labelkit::yolo::read_data_yaml(file, options, sink);
    });
    std::string reason;
    labelkit::yolo::data_yaml_has_names(file, reason);
    return 0;
}
