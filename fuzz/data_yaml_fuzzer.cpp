// An Ultralytics data.yaml through read_data_yaml, strictly (convert) and leniently (lint), and
// through the format detection's data_yaml_has_names. Both read a file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/yolo/data_yaml.hpp"
#include "labelkit/error.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("data_yaml");
    const auto file = folder.write("data.yaml", data, size);
    for (const bool lenient : {false, true}) {
        labelkit::ReadOptions options;
        options.lenient = lenient;
        labelkit::DiagnosticSink sink;
        try {
            labelkit::yolo::read_data_yaml(file, options, sink);
        } catch (const labelkit::Error&) {
        }
    }
    std::string reason;
    labelkit::yolo::data_yaml_has_names(file, reason);
    return 0;
}
