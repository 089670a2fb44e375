# cmake --install <build> --prefix <prefix>: the labelkit command with its man page and shell
# completions, the static library liblabelkit with its headers, the CMake package
# (find_package(labelkit) -> labelkit::labelkit) and labelkit.pc. Tests, benchmark and fuzz
# targets are not installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LABELKIT_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/labelkit)

install(TARGETS labelkit)
# Generated when labelkit is built (CMakeLists.txt, generate_shell_files.cmake). The folders the
# shells search: bash-completion's, fish's vendor folder, and for zsh Debian's
# vendor-completions (upstream zsh's is site-functions).
install(FILES ${CMAKE_BINARY_DIR}/share/man/man1/labelkit.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/share/bash-completion/completions/labelkit
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${CMAKE_BINARY_DIR}/share/zsh/vendor-completions/_labelkit
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${CMAKE_BINARY_DIR}/share/fish/vendor_completions.d/labelkit.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
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
