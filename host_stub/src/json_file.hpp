// Reads and parses a JSON file: the one way the host reads its configuration and plugin manifests.
// The file is opened once and must be trusted (file_trust.hpp) before its bytes are parsed.
#pragma once

#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "file_trust.hpp"

namespace iru::host {

// Says what is wrong; callers add the file to their own error type.
class JsonFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// At most 4 MiB (a configuration or manifest is far smaller).
inline constexpr std::size_t max_json_file_bytes = std::size_t{4} << 20;

// Throws JsonFileError: "cannot be read (does it exist?)", the trust refusal (which names the file
// or folder at fault), or "not valid JSON: <parser message>".
nlohmann::json read_json_file(const std::filesystem::path& file, TrustRule rule = {});

}  // namespace iru::host
