# Install-time part of the install rules: writes the files that name installed paths, with the
# prefix actually installed to (`cmake --install --prefix`, cpack's), never with DESTDIR.
#   <sysconfdir>/iru/host.json                    default host configuration (a Debian conffile):
#                                                 the installed plugin folder, its source disabled
#   <prefix>/lib/systemd/system/iru-host.service  the scheduler as a hardened service
#   <docdir>/examples/*.json                      the examples, plugin_dir the installed plugin folder
# At the configured prefix, sysconfdir and localstatedir are GNUInstallDirs' (/etc and /var for the
# prefix /usr); at another prefix they are <prefix>/etc and <prefix>/var.
# Set by the install rules: IRU_CONFIGURED_PREFIX, IRU_CONFIGURED_SYSCONFDIR,
# IRU_CONFIGURED_LOCALSTATEDIR, IRU_BINDIR, IRU_DOCDIR, IRU_PLUGIN_FOLDER, IRU_PACKAGING_DIR,
# IRU_EXAMPLES_DIR, IRU_GENERATED_DIR (scratch folder in the build tree).
set(prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix STREQUAL IRU_CONFIGURED_PREFIX)
  set(sysconfdir "${IRU_CONFIGURED_SYSCONFDIR}")
  set(localstatedir "${IRU_CONFIGURED_LOCALSTATEDIR}")
else()
  set(sysconfdir "${prefix}/etc")
  set(localstatedir "${prefix}/var")
endif()

# Template variables.
set(IRU_HOST_BINARY "${prefix}/${IRU_BINDIR}/iru-host-stub")
set(IRU_HOST_CONFIG "${sysconfdir}/iru/host.json")
set(IRU_PLUGIN_DIR "${prefix}/${IRU_PLUGIN_FOLDER}")
set(IRU_STATE_DIR "${localstatedir}/lib/iru-host/state")
set(IRU_OUTPUT_DIR "${localstatedir}/lib/iru-host/evidence")
set(IRU_TOKEN_FILE "${sysconfdir}/iru/heroku.token")
set(IRU_DOC_README "${prefix}/${IRU_DOCDIR}/README.md")

# file(INSTALL) adds DESTDIR, lists the file in install_manifest.txt, sets the file's mode and
# creates folders with CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS.
macro(iru_install_generated generated destination)
  file(INSTALL DESTINATION "${destination}" TYPE FILE FILES "${generated}"
    PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endmacro()

configure_file("${IRU_PACKAGING_DIR}/host.json.in" "${IRU_GENERATED_DIR}/host.json" @ONLY)
iru_install_generated("${IRU_GENERATED_DIR}/host.json" "${sysconfdir}/iru")
configure_file("${IRU_PACKAGING_DIR}/iru-host.service.in" "${IRU_GENERATED_DIR}/iru-host.service" @ONLY)
iru_install_generated("${IRU_GENERATED_DIR}/iru-host.service" "${prefix}/lib/systemd/system")

# Examples: plugin_dir becomes the installed plugin folder; state and output folders that pointed
# into the source tree become relative to wherever the example is copied.
file(GLOB examples "${IRU_EXAMPLES_DIR}/*.json")
file(MAKE_DIRECTORY "${IRU_GENERATED_DIR}/examples")
foreach(example IN LISTS examples)
  get_filename_component(name "${example}" NAME)
  file(READ "${example}" text)
  string(REGEX REPLACE "\"plugin_dir\": \"[^\"]*\"" "\"plugin_dir\": \"${IRU_PLUGIN_DIR}\"" text "${text}")
  string(REGEX REPLACE "\"(state_dir|output_dir)\": \"(\\.\\./)+" "\"\\1\": \"" text "${text}")
  file(WRITE "${IRU_GENERATED_DIR}/examples/${name}" "${text}")
  iru_install_generated("${IRU_GENERATED_DIR}/examples/${name}" "${prefix}/${IRU_DOCDIR}/examples")
endforeach()
