// A plugin's manifest: the JSON file beside its library the host reads before loading any code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::host {

class ManifestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ManifestCredential {
    std::string name;
    bool required = false;
    std::string description;
};

struct PluginManifest {
    std::filesystem::path file;  // the manifest's absolute path
    std::string id;
    std::string name;
    std::string version;
    std::uint32_t abi_major = 0;
    std::uint32_t abi_minor = 0;
    std::filesystem::path library;  // absolute: the manifest's folder / "library"
    std::string sha256;             // lowercase hex
    std::vector<ManifestCredential> credentials;
    std::vector<std::string> record_types;
    nlohmann::json options_schema;

    bool declares_credential(const std::string& credential_name) const;
};

// Reads and validates a manifest. Throws ManifestError with the reason (without the file name).
PluginManifest read_plugin_manifest(const std::filesystem::path& file);

}  // namespace iru::host
