# Fills a plugin manifest template with the library's file name and sha256.
# Inputs: LIBRARY (path), TEMPLATE, OUTPUT, PLUGIN_VERSION.
file(SHA256 "${LIBRARY}" LIBRARY_SHA256)
get_filename_component(LIBRARY_FILE "${LIBRARY}" NAME)
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
