#pragma once
#include "labelkit/format.hpp"

namespace labelkit {
Format make_scale_format();
Format make_nucleus_format();
}
