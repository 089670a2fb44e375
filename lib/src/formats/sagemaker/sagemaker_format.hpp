#pragma once
#include <string>
#include <vector>

#include "labelkit/format.hpp"

namespace labelkit {
// SageMaker Ground Truth: output manifests and worker-response files.
Format make_sagemaker_format();
// Amazon Mechanical Turk batch results (Batch_*.csv) of the crowd HTML elements.
Format make_mturk_format();
// Whether a CSV header is an MTurk batch's (HITId, WorkerId or Answer.* columns), so that the
// rating-table detection leaves these files to the mturk format.
bool is_mturk_batch_header(const std::vector<std::string>& header);
}  // namespace labelkit
