#pragma once
#include "labelkit/format.hpp"

namespace labelkit {
Format make_mot_format();
}
