#pragma once
#include "labelkit/format.hpp"

namespace labelkit {
Format make_trn_format();
}
