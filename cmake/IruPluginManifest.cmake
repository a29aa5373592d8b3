# Helpers for source plugins: the manifest the host verifies carries the library's file name and
# sha256, so it is written from the library itself, both in the build tree and when installed.
# Part of the IruPluginApi package (find_package(IruPluginApi) includes it).
#
#   iru_plugin_manifest(<target> TEMPLATE <manifest.json>)
#       After every link of the MODULE <target>, writes <manifest.json>'s file name beside the
#       library, with "library" and "sha256" filled in.
#   iru_install_plugin(<target> TEMPLATE <manifest.json> DESTINATION <dir>)
#       Installs the library into <dir> (relative to the prefix, or absolute), then writes the
#       manifest beside it from the library as installed: after `cmake --install --strip` or
#       CPACK_STRIP_FILES the sha256 is the stripped file's. Nothing may change the library after
#       that (a distribution's own strip step would make the host refuse it).
include_guard(GLOBAL)

function(iru_plugin_manifest target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TEMPLATE" "")
  if(NOT ARG_TEMPLATE)
    message(FATAL_ERROR "iru_plugin_manifest(${target}): TEMPLATE is required")
  endif()
  get_filename_component(template "${ARG_TEMPLATE}" ABSOLUTE)
  get_filename_component(manifest_name "${template}" NAME)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DLIBRARY=$<TARGET_FILE:${target}> -DTEMPLATE=${template}
      -DOUTPUT=$<TARGET_FILE_DIR:${target}>/${manifest_name}
      -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/write_manifest.cmake
    VERBATIM)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${template}")
endfunction()

function(iru_install_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TEMPLATE;DESTINATION" "")
  if(NOT ARG_TEMPLATE OR NOT ARG_DESTINATION)
    message(FATAL_ERROR "iru_install_plugin(${target}): TEMPLATE and DESTINATION are required")
  endif()
  get_filename_component(template "${ARG_TEMPLATE}" ABSOLUTE)
  get_filename_component(manifest_name "${template}" NAME)
  install(TARGETS ${target} LIBRARY DESTINATION "${ARG_DESTINATION}")
  # Runs at install time, after the library was copied (and stripped): the same writer as the
  # build tree's, fed the installed file. DESTDIR and --prefix are honoured as for any file.
  install(CODE "
    set(_iru_dir \"${ARG_DESTINATION}\")
    if(NOT IS_ABSOLUTE \"\${_iru_dir}\")
      set(_iru_dir \"\${CMAKE_INSTALL_PREFIX}/\${_iru_dir}\")
    endif()
    set(LIBRARY \"\$ENV{DESTDIR}\${_iru_dir}/$<TARGET_FILE_NAME:${target}>\")
    set(TEMPLATE \"${template}\")
    set(OUTPUT \"\$ENV{DESTDIR}\${_iru_dir}/${manifest_name}\")
    set(BAD_HASH OFF)
    message(STATUS \"Installing: \${OUTPUT} (sha256 of the library as installed)\")
    include(\"${CMAKE_CURRENT_FUNCTION_LIST_DIR}/write_manifest.cmake\")
    file(CHMOD \"\${OUTPUT}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    file(CHMOD \"\$ENV{DESTDIR}\${_iru_dir}\" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
      GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${OUTPUT}\")
  ")
endfunction()
