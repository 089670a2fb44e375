#pragma once
#include "labelkit/format.hpp"

namespace labelkit {
Format make_cvat_format();
}
