# The EscapeCheck CMake package: find_package(EscapeCheck) from an install
# prefix (cmake --install) or straight from this build tree, giving
# EscapeCheck::escape-check, EscapeCheck::trace and escape_check_lint().
include(CMakePackageConfigHelpers)

set(ESCAPE_CHECK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/EscapeCheck)

# tool/ and passes/ install their files; the export set only records them
# (a second install rule for the same file is harmless).
install(TARGETS escape-check EXPORT EscapeCheckTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET EscapeCheckPasses)
  install(TARGETS EscapeCheckPasses EXPORT EscapeCheckTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()

install(EXPORT EscapeCheckTargets NAMESPACE EscapeCheck::
  DESTINATION ${ESCAPE_CHECK_CMAKE_DIR})
install(EXPORT EscapeCheckTraceTargets NAMESPACE EscapeCheck::
  DESTINATION ${ESCAPE_CHECK_CMAKE_DIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/EscapeCheckConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake-install/EscapeCheckConfig.cmake
  INSTALL_DESTINATION ${ESCAPE_CHECK_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/EscapeCheckConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  # 0.x: a minor release may change the interface.
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake-install/EscapeCheckConfig.cmake
  ${PROJECT_BINARY_DIR}/EscapeCheckConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/EscapeCheck.cmake
  DESTINATION ${ESCAPE_CHECK_CMAKE_DIR})

# Build tree: EscapeCheck_DIR=<build-dir> finds the same package, with the
# targets pointing into bin/ and lib/ here.
export(EXPORT EscapeCheckTargets NAMESPACE EscapeCheck::
  FILE ${PROJECT_BINARY_DIR}/EscapeCheckTargets.cmake)
export(EXPORT EscapeCheckTraceTargets NAMESPACE EscapeCheck::
  FILE ${PROJECT_BINARY_DIR}/EscapeCheckTraceTargets.cmake)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/EscapeCheckConfig.cmake.in
  ${PROJECT_BINARY_DIR}/EscapeCheckConfig.cmake
  INSTALL_DESTINATION ${PROJECT_BINARY_DIR}
  INSTALL_PREFIX ${PROJECT_BINARY_DIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/EscapeCheck.cmake
  ${PROJECT_BINARY_DIR}/EscapeCheck.cmake COPYONLY)
