#include "labelkit/version.hpp"

namespace labelkit {

const char* version() { return LABELKIT_VERSION; }

}  // namespace labelkit
