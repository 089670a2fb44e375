#pragma once
// Adapting a dataset to what a target format can store. Pure: no files are touched.
#include <optional>
#include <string>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

// The shape kind of a YOLO-like target that holds one kind per dataset.
enum class ShapeTask { detect, segment, obb, pose };

const char* to_string(ShapeTask task);
std::optional<ShapeTask> parse_shape_task(const std::string& text);

struct AdaptOptions {
    std::optional<ShapeTask> task;  // for one_shape_kind targets: overrides the choice from data
};

// The task a one-shape-kind target gets for this dataset: pose when keypoints exist, obb when
// oriented boxes do, segment when polygons or masks do, detect otherwise.
ShapeTask choose_task(const Dataset& dataset);

// Changes whatever `target` cannot store into what it can, and reports every change with
// counts through sink (rule ids "convert/<what>"), naming the target format.
void adapt_to_target(Dataset& dataset, const Format& target, const AdaptOptions& options,
                     DiagnosticSink& sink);

}  // namespace labelkit
