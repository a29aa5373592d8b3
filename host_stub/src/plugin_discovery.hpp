// Finds the plugins in a plugin directory and verifies each before trusting it: manifest, library
// present, file and folder not writable by group/others, sha256, ABI major, entry symbol, descriptor
// agreeing with the manifest. A refused plugin is reported with its file and reason; the others go on.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
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

// Verifies and loads one manifest's plugin. Never throws for a bad plugin: refusal says why.
DiscoveredPlugin verify_plugin(const std::filesystem::path& manifest_file);

// Every *.json file directly in plugin_dir, sorted by name. Throws std::runtime_error when the
// directory itself cannot be listed.
std::vector<DiscoveredPlugin> discover_plugins(const std::filesystem::path& plugin_dir);

// Finds the loadable plugin with this id (first one wins); nullptr when none.
const DiscoveredPlugin* find_plugin(const std::vector<DiscoveredPlugin>& plugins, const std::string& id);

// "" when neither group nor others may write path; otherwise the reason.
std::string writable_by_others_reason(const std::filesystem::path& path);

}  // namespace iru::host
