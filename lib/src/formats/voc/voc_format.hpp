#pragma once
#include "labelkit/format.hpp"

namespace labelkit {
Format make_voc_format();
}
