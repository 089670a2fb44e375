#pragma once
#include <span>
#include <vector>

#include "labelkit/format.hpp"

namespace labelkit::coco {

std::vector<RuleInfo> rules();
// Items and annotations are located by JSON pointer (/images/N, /annotations/N).
Location locate(const Dataset& dataset, const Origin& origin, OriginKind kind);
// Adds the line and column of the element each JSON pointer names, one pass per file.
void add_lines(std::span<Diagnostic> diagnostics);

}  // namespace labelkit::coco
