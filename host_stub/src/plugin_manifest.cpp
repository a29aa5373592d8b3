#include "plugin_manifest.hpp"

#include "host_config.hpp"
#include "json_file.hpp"

namespace iru::host {
namespace {

using nlohmann::json;

std::string required_string(const json& doc, const char* key) {
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_string() || it->get<std::string>().empty())
        throw ManifestError(std::string("\"") + key + "\" must be a non-empty string");
    return it->get<std::string>();
}

std::uint32_t abi_part(const json& abi, const char* key) {
    const auto it = abi.find(key);
    if (it == abi.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() > 0xffffffffu)
        throw ManifestError(std::string("\"abi.") + key + "\" must be a non-negative integer");
    return it->get<std::uint32_t>();
}

std::vector<std::string> string_list(const json& doc, const char* key) {
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_array())
        throw ManifestError(std::string("\"") + key + "\" must be an array");
    std::vector<std::string> out;
    for (const auto& item : *it) {
        if (!item.is_string() || item.get<std::string>().empty())
            throw ManifestError(std::string("\"") + key + "\" must hold non-empty strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

bool is_hex64(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

bool PluginManifest::declares_credential(const std::string& credential_name) const {
    for (const auto& c : credentials)
        if (c.name == credential_name) return true;
    return false;
}

PluginManifest read_plugin_manifest(const std::filesystem::path& file) {
    json doc;
    try {
        doc = read_json_file(file);
    } catch (const JsonFileError& e) {
        throw ManifestError(e.what());
    }
    if (!doc.is_object()) throw ManifestError("must be a JSON object");

    PluginManifest m;
    m.file = std::filesystem::absolute(file).lexically_normal();
    m.id = required_string(doc, "id");
    if (!is_valid_identifier(m.id))
        throw ManifestError("\"id\" must be letters, digits, '.', '_' or '-'");
    m.name =
        doc.contains("name") && doc["name"].is_string() ? doc["name"].get<std::string>() : m.id;
    m.version = required_string(doc, "version");
    const auto abi = doc.find("abi");
    if (abi == doc.end() || !abi->is_object())
        throw ManifestError("\"abi\" must be an object {major, minor}");
    m.abi_major = abi_part(*abi, "major");
    m.abi_minor = abi_part(*abi, "minor");
    const std::string library = required_string(doc, "library");
    if (library.find('/') != std::string::npos || library == "." || library == "..")
        throw ManifestError("\"library\" must be a file name in the manifest's folder, got \"" +
                            library + "\"");
    m.library = m.file.parent_path() / library;
    m.sha256 = required_string(doc, "sha256");
    if (!is_hex64(m.sha256)) throw ManifestError("\"sha256\" must be 64 lowercase hex digits");
    const auto creds = doc.find("credentials");
    if (creds != doc.end()) {
        if (!creds->is_array()) throw ManifestError("\"credentials\" must be an array");
        for (const auto& c : *creds) {
            if (!c.is_object())
                throw ManifestError("\"credentials\" entries must be objects {name, required}");
            ManifestCredential mc;
            mc.name = required_string(c, "name");
            mc.required =
                c.contains("required") && c["required"].is_boolean() && c["required"].get<bool>();
            if (c.contains("description") && c["description"].is_string())
                mc.description = c["description"].get<std::string>();
            m.credentials.push_back(std::move(mc));
        }
    }
    m.record_types = string_list(doc, "record_types");
    if (doc.contains("options")) m.options_schema = doc["options"];
    return m;
}

}  // namespace iru::host
