#pragma once
// The version of labelkit, as CMake's project() declares it: the one place it is written.

namespace labelkit {

const char* version();

}  // namespace labelkit
