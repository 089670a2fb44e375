#pragma once
#include <vector>

#include "labelkit/report.hpp"

namespace labelkit::voc {
// The rules the VOC reader reports when it reads leniently.
std::vector<RuleInfo> rules();
}  // namespace labelkit::voc
