// Finds the plugins in a plugin directory and verifies each before trusting it: manifest, library
// present, file and every folder up to / trusted (file_trust.hpp), sha256, ABI major, entry symbol,
// descriptor agreeing with the manifest. A refused plugin is reported with its file and reason; the
// others go on.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plugin_loader.hpp"
#include "plugin_manifest.hpp"

namespace iru::host {

struct DiscoveredPlugin {
    std::filesystem::path manifest_file;
    std::optional<PluginManifest> manifest;  // absent when the manifest itself was refused
    std::shared_ptr<LoadedPlugin> plugin;    // set when loadable
    std::string refusal;                     // "" when loadable; else "<file>: <reason>"

    bool loadable() const { return plugin != nullptr; }
};

// Test seam: called with the library's path after its descriptor was hashed, before it is loaded.
struct LoadHooks {
    std::function<void(const std::filesystem::path&)> between_hash_and_load;
};

// Verifies and loads one manifest's plugin. Never throws for a bad plugin: refusal says why.
// Manifest and library are each opened once and must be trusted (file_trust.hpp): the library is
// hashed through its descriptor and loaded through /proc/self/fd/N of that same descriptor.
DiscoveredPlugin verify_plugin(const std::filesystem::path& manifest_file,
                               const LoadHooks& hooks = {});

// Every *.json file directly in plugin_dir, sorted by name. With load_only, only the plugins with
// those ids are loaded and listed (other manifests are read for their id, nothing of them runs);
// manifests that cannot be read are listed as refused either way. Throws std::runtime_error when
// the directory itself cannot be listed.
std::vector<DiscoveredPlugin> discover_plugins(const std::filesystem::path& plugin_dir,
                                               const std::set<std::string>* load_only = nullptr);

// Finds the loadable plugin with this id (first one wins); nullptr when none.
const DiscoveredPlugin* find_plugin(const std::vector<DiscoveredPlugin>& plugins,
                                    const std::string& id);

}  // namespace iru::host
