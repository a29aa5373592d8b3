# Install rules (GNUInstallDirs). Under the prefix:
#   bin/iru-host-stub
#   lib/iru/plugins/heroku/libiru_heroku.so, heroku.json   a plugin's folder: manifest beside library
#   share/iru/schemas/                                      envelope, host configuration, records
#   include/iru/source_plugin.h, share/cmake/IruPluginApi/  the plugin API: find_package(IruPluginApi)
#   share/doc/iru-heroku-source/                            README files, examples/
#   etc/iru/host.json, lib/systemd/system/iru-host.service  the service (with prefix /usr: /etc/iru)
# Folders are created 0755 whatever the umask: the host refuses plugin folders writable by others.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(IRU_INSTALL_PLUGINDIR "lib/iru/plugins" CACHE STRING
  "Folder of the plugin folders (one per plugin, manifest beside library), relative to the prefix")
set(IRU_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/IruPluginApi")
include(${CMAKE_CURRENT_LIST_DIR}/IruPluginManifest.cmake)

install(TARGETS iru-host-stub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
iru_install_plugin(iru_heroku TEMPLATE ${PROJECT_SOURCE_DIR}/manifests/heroku.json
  DESTINATION ${IRU_INSTALL_PLUGINDIR}/heroku)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/manifests/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/iru/schemas)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/host_stub/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}
  RENAME host-stub.md)
install(FILES ${PROJECT_SOURCE_DIR}/plugin_api/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}
  RENAME plugin-api.md)

# The plugin API: header-only, exported as iru::plugin_api; its package version is the ABI version
# (SameMajorVersion: a plugin built for 1.x finds any 1.y header).
file(STRINGS ${PROJECT_SOURCE_DIR}/plugin_api/include/iru/source_plugin.h abi_defines
  REGEX "^#define IRU_PLUGIN_ABI_(MAJOR|MINOR) ")
string(REGEX REPLACE ".*IRU_PLUGIN_ABI_MAJOR ([0-9]+)u.*" "\\1" abi_major "${abi_defines}")
string(REGEX REPLACE ".*IRU_PLUGIN_ABI_MINOR ([0-9]+)u.*" "\\1" abi_minor "${abi_defines}")
set_target_properties(iru_plugin_api PROPERTIES EXPORT_NAME plugin_api)
install(TARGETS iru_plugin_api EXPORT IruPluginApiTargets INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/plugin_api/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT IruPluginApiTargets NAMESPACE iru:: DESTINATION ${IRU_INSTALL_CMAKEDIR})
include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/IruPluginApiConfig.cmake.in
  ${CMAKE_BINARY_DIR}/IruPluginApiConfig.cmake INSTALL_DESTINATION ${IRU_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/IruPluginApiConfigVersion.cmake
  VERSION ${abi_major}.${abi_minor} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES ${CMAKE_BINARY_DIR}/IruPluginApiConfig.cmake ${CMAKE_BINARY_DIR}/IruPluginApiConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/IruPluginManifest.cmake ${CMAKE_CURRENT_LIST_DIR}/write_manifest.cmake
  DESTINATION ${IRU_INSTALL_CMAKEDIR})

# The service's files and the example configurations are written at install time, so the paths
# in them follow the prefix actually installed to (--prefix, cpack's) and never name DESTDIR.
install(CODE "
  set(IRU_CONFIGURED_PREFIX \"${CMAKE_INSTALL_PREFIX}\")
  set(IRU_CONFIGURED_SYSCONFDIR \"${CMAKE_INSTALL_FULL_SYSCONFDIR}\")
  set(IRU_CONFIGURED_LOCALSTATEDIR \"${CMAKE_INSTALL_FULL_LOCALSTATEDIR}\")
  set(IRU_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(IRU_DOCDIR \"${CMAKE_INSTALL_DOCDIR}\")
  set(IRU_PLUGIN_FOLDER \"${IRU_INSTALL_PLUGINDIR}/heroku\")
  set(IRU_PACKAGING_DIR \"${PROJECT_SOURCE_DIR}/packaging\")
  set(IRU_EXAMPLES_DIR \"${PROJECT_SOURCE_DIR}/manifests/examples\")
  set(IRU_GENERATED_DIR \"${CMAKE_BINARY_DIR}/install-generated\")
")
install(SCRIPT ${CMAKE_CURRENT_LIST_DIR}/install_service_files.cmake)
