# Installs headers, libraries and the `rvoip` CMake package (find_package(rvoip) -> rvoip::sip-core).
include(CMakePackageConfigHelpers)

install(EXPORT rvoip-targets
    NAMESPACE rvoip::
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rvoip)

configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/rvoipConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/rvoipConfig.cmake
    INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rvoip)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/rvoipConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES
    ${CMAKE_CURRENT_BINARY_DIR}/rvoipConfig.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/rvoipConfigVersion.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rvoip)
