// The files derived from the catalogue, held against it: the record schemas in
// manifests/schemas/records/, the manifest's record_types, the README's record list (between its
// record-types markers). Used by the drift test and by iru-heroku-catalogue, which rewrites them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iru::test {

// One line per file that differs from what the catalogue gives, naming the file and what differs.
std::vector<std::string> catalogue_drift(const std::filesystem::path& repo);

// Rewrites every derived file from the catalogue. Returns the files written.
std::vector<std::string> write_catalogue_artefacts(const std::filesystem::path& repo);

}  // namespace iru::test
