// One Pascal VOC annotation XML through parse_annotation: as convert reads it (strict, devkit
// coordinates), as lint reads it (lenient) with a labelmap, and with box-edge coordinates.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/voc/voc_private.hpp"
#include "labelkit/error.hpp"

namespace {

labelkit::voc::Labelmap make_labelmap() {
    labelkit::voc::Labelmap labelmap;
    for (const char* name : {"background", "person", "dog", "cat", "car", "head", "circle", "square", "triangle"}) {
        labelmap.index.emplace(name, static_cast<std::uint32_t>(labelmap.names.size()));
        labelmap.names.push_back(name);
    }
    return labelmap;
}

struct Case {
    bool lenient;
    bool with_labelmap;
    int pixel_offset;  // 1: devkit, 0: edges
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const labelkit::voc::Labelmap labelmap = make_labelmap();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const Case& c : {Case{false, false, 1}, Case{true, true, 1}, Case{false, true, 0}}) {
        try {
            labelkit::voc::parse_annotation(text, "fuzz.xml", c.with_labelmap ? &labelmap : nullptr, c.lenient,
                                            c.pixel_offset);
        } catch (const labelkit::Error&) {
        }
    }
    return 0;
}
