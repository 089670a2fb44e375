# cmake --install <build> --prefix <prefix>: the labelkit command, the static library liblabelkit
# with its headers, the CMake package (find_package(labelkit) -> labelkit::labelkit) and
# labelkit.pc. Tests, benchmark and fuzz targets are not installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LABELKIT_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/labelkit)

install(TARGETS labelkit)
install(TARGETS liblabelkit EXPORT labelkitTargets FILE_SET HEADERS)
install(EXPORT labelkitTargets NAMESPACE labelkit:: DESTINATION ${LABELKIT_CMAKE_PACKAGE_DIR})

configure_package_config_file(cmake/labelkitConfig.cmake.in labelkitConfig.cmake
  INSTALL_DESTINATION ${LABELKIT_CMAKE_PACKAGE_DIR})
# Before 1.0 a minor version may change the API.
write_basic_package_version_file(labelkitConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/labelkitConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/labelkitConfigVersion.cmake
  cmake/labelkitPrivateDependencies.cmake
  DESTINATION ${LABELKIT_CMAKE_PACKAGE_DIR})

# The prefix relative to the .pc file, so that cmake --install --prefix may choose another one.
cmake_path(RELATIVE_PATH CMAKE_INSTALL_PREFIX BASE_DIRECTORY ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
  OUTPUT_VARIABLE LABELKIT_PC_PREFIX_FROM_PCFILEDIR)
configure_file(cmake/labelkit.pc.in labelkit.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/labelkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
