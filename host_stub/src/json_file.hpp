// Reads and parses a JSON file: the one way the host reads its configuration and plugin manifests.
#pragma once

#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace iru::host {

// Says what is wrong without naming the file; callers add the file to their own error type.
class JsonFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws JsonFileError: "cannot be read (does it exist?)" or "not valid JSON: <parser message>".
nlohmann::json read_json_file(const std::filesystem::path& file);

}  // namespace iru::host
