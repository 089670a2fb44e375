# The libraries liblabelkit links privately that Debian 12 ships without a CMake package, as
# imported targets labelkit_private::<name>. Included by CMakeLists.txt to build liblabelkit, and
# by the installed labelkitConfig.cmake: the programs that link a static library link these too.
# Sets labelkit_missing_dependencies to the libraries not found.
set(labelkit_missing_dependencies "")

function(labelkit_import_library name header)
  if(TARGET labelkit_private::${name})
    return()
  endif()
  find_library(LABELKIT_${name}_LIBRARY ${name})
  find_path(LABELKIT_${name}_INCLUDE_DIR ${header} ${ARGN})
  if(NOT LABELKIT_${name}_LIBRARY OR NOT LABELKIT_${name}_INCLUDE_DIR)
    set(labelkit_missing_dependencies ${labelkit_missing_dependencies} ${name} PARENT_SCOPE)
    return()
  endif()
  add_library(labelkit_private::${name} UNKNOWN IMPORTED)
  set_target_properties(labelkit_private::${name} PROPERTIES
    IMPORTED_LOCATION "${LABELKIT_${name}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LABELKIT_${name}_INCLUDE_DIR}")
endfunction()

# Only OpenCV's core and imgproc modules: Debian's OpenCVConfig.cmake comes with libopencv-dev,
# which installs every module.
labelkit_import_library(opencv_core opencv2/core.hpp PATH_SUFFIXES opencv4)
labelkit_import_library(opencv_imgproc opencv2/imgproc.hpp PATH_SUFFIXES opencv4)
# WebP image headers (WebPGetInfo).
labelkit_import_library(webp webp/decode.h)
# JPEG pixels (labelkit draw): libjpeg-turbo, not stb_image's decoder (see draw_image_read.cpp).
labelkit_import_library(jpeg jpeglib.h)
# PNG compression (labelkit draw): zlib's deflate, some ten times faster than stb_image_write's.
labelkit_import_library(z zlib.h)
# Users' regular expressions (split --group-by), matched in linear time without recursion.
labelkit_import_library(re2 re2/re2.h)
