# `cpack -G DEB` (the `package` preset): one .deb for Debian 12 holding everything the install rules
# install, with its dependencies from dpkg-shlibdeps (needs dpkg-dev and file), the service's
# maintainer scripts and /etc/iru/host.json as a conffile.
# The package is staged with DESTDIR at the configured prefix (/usr in the preset), so the install
# step writes the manifest and the service files with the paths the package installs to. cpack
# strips while installing (CPACK_STRIP_FILES), before the manifest is hashed; nothing strips after.
set(CPACK_PACKAGE_NAME ${IRU_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "Iru Compliance")
set(CPACK_PACKAGE_CONTACT "Iru Compliance <packaging@iru.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Iru Heroku source: read-only audit evidence from the Heroku Platform API")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
 The Heroku source plugin of Iru Compliance collects audit evidence (SOC 2, ISO 27001) from a
 Heroku account through the Heroku Platform API with a Bearer token, strictly read-only.
 .
 This package holds the plugin, the iru-host-stub host that verifies, loads and schedules it
 (as the iru-host systemd service), the record schemas and the plugin API for other plugins.")
set(CPACK_GENERATOR DEB)
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/conffiles.in
  ${CMAKE_BINARY_DIR}/packaging/debian/conffiles @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/packaging/debian/conffiles
  ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
  ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
include(CPack)
