// STUB: replaced by the real implementation
#include "formats/yolo/yolo_format.hpp"
#include "labelkit/error.hpp"
namespace labelkit {
Format make_yolo_format() {
    Format format;
    format.name = "yolo";
    format.detect = [](const std::filesystem::path&) { return Detection{0, "not implemented yet"}; };
    format.read = [](const std::filesystem::path&, const ReadOptions&, DiagnosticSink&) -> Dataset { throw Error("not implemented"); };
    format.write = [](const Dataset&, const std::filesystem::path&, const WriteOptions&, DiagnosticSink&) { throw Error("not implemented"); };
    return format;
}
Format make_yolo_darknet_format() {
    Format format;
    format.name = "yolo-darknet";
    format.detect = [](const std::filesystem::path&) { return Detection{0, "not implemented yet"}; };
    format.read = [](const std::filesystem::path&, const ReadOptions&, DiagnosticSink&) -> Dataset { throw Error("not implemented"); };
    format.write = [](const Dataset&, const std::filesystem::path&, const WriteOptions&, DiagnosticSink&) { throw Error("not implemented"); };
    return format;
}
}
