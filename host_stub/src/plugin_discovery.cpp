#include "plugin_discovery.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "file_trust.hpp"
#include "sha256.hpp"
#include "text_codec.hpp"

namespace iru::host {
namespace {

namespace fs = std::filesystem;

std::string join(const std::set<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out.empty() ? "(none)" : out;
}

// "" when the descriptor agrees with the manifest; otherwise what differs.
std::string compare_with_manifest(const PluginDescription& d, const PluginManifest& m) {
    if (d.id != m.id)
        return "descriptor id \"" + d.id + "\" disagrees with manifest id \"" + m.id + "\"";
    if (d.version != m.version)
        return "descriptor version " + d.version + " disagrees with manifest version " + m.version;
    if (d.abi.major != m.abi_major || d.abi.minor != m.abi_minor)
        return "plugin's ABI " + std::to_string(d.abi.major) + "." + std::to_string(d.abi.minor) +
               " disagrees with manifest ABI " + std::to_string(m.abi_major) + "." +
               std::to_string(m.abi_minor);
    const std::set<std::string> d_types(d.record_types.begin(), d.record_types.end());
    const std::set<std::string> m_types(m.record_types.begin(), m.record_types.end());
    if (d_types != m_types)
        return "descriptor record types {" + join(d_types) + "} disagree with the manifest's {" +
               join(m_types) + "}";
    std::set<std::string> m_creds;
    for (const auto& c : m.credentials) m_creds.insert(c.name);
    const std::set<std::string> d_creds(d.credential_names.begin(), d.credential_names.end());
    if (d_creds != m_creds)
        return "descriptor credentials {" + join(d_creds) + "} disagree with the manifest's {" +
               join(m_creds) + "}";
    return "";
}

DiscoveredPlugin read_manifest_of(const fs::path& manifest_file) {
    DiscoveredPlugin found;
    found.manifest_file = fs::absolute(manifest_file).lexically_normal();
    try {
        found.manifest = read_plugin_manifest(found.manifest_file);
    } catch (const ManifestError& e) {
        found.refusal = found.manifest_file.string() + ": manifest refused: " + e.what();
    }
    return found;
}

DiscoveredPlugin load_verified(DiscoveredPlugin found, const LoadHooks& hooks) {
    auto refuse = [&found](const std::string& reason) {
        found.plugin.reset();
        found.refusal = found.manifest_file.string() + ": " + reason;
        return found;
    };
    if (!found.manifest) return found;
    const PluginManifest& m = *found.manifest;
    if (m.abi_major != host_abi_version.major)
        return refuse("manifest declares ABI " + std::to_string(m.abi_major) + "." +
                      std::to_string(m.abi_minor) + "; the host speaks ABI " +
                      std::to_string(host_abi_version.major) + ".x");
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(m.library, ec)))
        return refuse("library " + m.library.string() + " is missing");
    // One descriptor for everything: checked, hashed, then loaded through /proc/self/fd, so the
    // file cannot be swapped between the hash and the load.
    TrustedFile library;
    try {
        library = open_trusted_file(m.library);
    } catch (const TrustError& e) {
        return refuse(std::string("library refused: ") + e.what());
    }
    std::string actual;
    try {
        actual = sha256_fd_hex(library.fd.get(), m.library);
    } catch (const std::exception& e) {
        return refuse(e.what());
    }
    if (actual != m.sha256)
        return refuse("library " + m.library.string() + " has sha256 " + actual +
                      " but the manifest says " + m.sha256);
    if (hooks.between_hash_and_load) hooks.between_hash_and_load(m.library);
    try {
        found.plugin = LoadedPlugin::load(library.unique_descriptor_path(), m.library);
    } catch (const std::exception& e) {
        return refuse(m.library.filename().string() + ": " + e.what());
    }
    const std::string disagreement = compare_with_manifest(found.plugin->description(), m);
    if (!disagreement.empty()) return refuse(disagreement);
    return found;
}

}  // namespace

DiscoveredPlugin verify_plugin(const fs::path& manifest_file, const LoadHooks& hooks) {
    return load_verified(read_manifest_of(manifest_file), hooks);
}

std::vector<DiscoveredPlugin> discover_plugins(const fs::path& plugin_dir,
                                               const std::set<std::string>* load_only) {
    std::error_code ec;
    if (!fs::is_directory(plugin_dir, ec))
        throw std::runtime_error("plugin_dir " + plugin_dir.string() + " is not a directory");
    std::vector<fs::path> manifests;
    for (const auto& item : fs::directory_iterator(plugin_dir, ec)) {
        if (item.path().extension() == ".json" && item.is_regular_file(ec))
            manifests.push_back(item.path());
    }
    if (ec)
        throw std::runtime_error("plugin_dir " + plugin_dir.string() +
                                 " cannot be listed: " + ec.message());
    std::sort(manifests.begin(), manifests.end());
    std::vector<DiscoveredPlugin> found;
    found.reserve(manifests.size());
    for (const auto& file : manifests) {
        DiscoveredPlugin plugin = read_manifest_of(file);
        if (load_only != nullptr && plugin.manifest && load_only->count(plugin.manifest->id) == 0)
            continue;
        found.push_back(load_verified(std::move(plugin), {}));
    }
    return found;
}

const DiscoveredPlugin* find_plugin(const std::vector<DiscoveredPlugin>& plugins,
                                    const std::string& id) {
    for (const auto& p : plugins)
        if (p.loadable() && p.manifest && p.manifest->id == id) return &p;
    return nullptr;
}

}  // namespace iru::host
