// One YOLO label file through parse_labels under the rules of every kind of dataset: detect and
// segment (any line shape), pose with kpt_shape [17, 3] and [3, 2], Darknet (boxes only), each
// strictly (convert) and leniently (lint).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "formats/yolo/yolo_private.hpp"
#include "labelkit/error.hpp"

namespace {

using labelkit::yolo::LineRules;

LineRules rules(std::optional<std::array<int, 2>> kpt_shape, bool boxes_only, bool lenient) {
    LineRules rules;
    rules.class_count = 3;
    rules.kpt_shape = kpt_shape;
    rules.boxes_only = boxes_only;
    rules.lenient = lenient;
    return rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const bool lenient : {false, true}) {
        for (const LineRules& line_rules : {rules(std::nullopt, false, lenient), rules(std::array{17, 3}, false, lenient),
                                            rules(std::array{3, 2}, false, lenient), rules(std::nullopt, true, lenient)}) {
            labelkit::yolo::ParsedLabels parsed;
            try {
                labelkit::yolo::parse_labels(text, "labels/train/fuzz.txt", 640, 480, line_rules, parsed);
            } catch (const labelkit::Error&) {
            }
        }
    }
    return 0;
}
