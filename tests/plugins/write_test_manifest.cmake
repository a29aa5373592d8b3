# Writes a test plugin's manifest beside its library: library file name and sha256 filled in.
# Inputs: LIBRARY, TEMPLATE, OUTPUT; BAD_HASH=ON writes a sha256 that cannot match.
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
