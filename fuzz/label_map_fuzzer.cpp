// A merge label map (--label-map: YAML `source: target`, `source: null`) through read_label_map,
// then applied to a few class names.
#include <cstddef>
#include <cstdint>

#include "labelkit/error.hpp"
#include "labelkit/ops/merge.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("label_map");
    const auto file = folder.write("label_map.yaml", data, size);
    try {
        const labelkit::LabelMap map = labelkit::read_label_map(file);
        for (const char* name : {"person", "car", "", "null"}) map.apply(name);
    } catch (const labelkit::Error&) {
    }
    return 0;
}
