# Copies a plugin manifest next to its library with the library's file name and sha256 filled in.
# Inputs: LIBRARY (path to the built library), TEMPLATE (the checked-in manifest), OUTPUT;
# BAD_HASH=ON writes a sha256 that cannot match (for the host's refusal tests).
file(SHA256 "${LIBRARY}" library_sha256)
if(BAD_HASH)
  set(library_sha256 "0000000000000000000000000000000000000000000000000000000000000000")
endif()
get_filename_component(library_file "${LIBRARY}" NAME)
file(READ "${TEMPLATE}" manifest)
string(JSON manifest SET "${manifest}" library "\"${library_file}\"")
string(JSON manifest SET "${manifest}" sha256 "\"${library_sha256}\"")
file(WRITE "${OUTPUT}.tmp" "${manifest}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
