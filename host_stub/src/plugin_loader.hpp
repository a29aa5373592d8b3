// Loads one plugin library with Boost.DLL and negotiates the ABI. The LoadedPlugin keeps the
// library mapped; everything obtained from it (tables, descriptor, instances) must not outlive it,
// which is why instances hold a shared_ptr to it.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <iru/source_plugin.h>
#include <boost/dll/shared_library.hpp>

namespace iru::host {

class PluginLoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The descriptor copied into host memory (the plugin's pointers are not kept).
struct PluginDescription {
    std::string id;
    std::string name;
    std::string version;
    std::string description;
    std::vector<std::string> record_types;
    std::vector<std::string> credential_names;
    std::string options_schema;
    std::string summary_record_type;  // the run summary's type; "" when none (a 1.0 plugin)
    iru_abi_version abi{0, 0};        // the plugin's ABI version (from its entry)

    bool emits(const std::string& record_type) const;
};

// A loaded, negotiated plugin. Thread-safe to share (const after load). Unloads on destruction.
class LoadedPlugin {
public:
    // Absolute path required. Loads with rtld_now | rtld_local, reads the entry's ABI version,
    // negotiates and checks the function table. Throws PluginLoadError with the reason.
    static std::shared_ptr<LoadedPlugin> load(const std::filesystem::path& library);
    // Loads `library` (e.g. "/proc/self/fd/N" of a checked, open file) and reports it as shown_as.
    static std::shared_ptr<LoadedPlugin> load(const std::filesystem::path& library,
                                              const std::filesystem::path& shown_as);

    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;
    ~LoadedPlugin() = default;

    const iru_source_plugin& functions() const { return *functions_; }
    // The plugin's table for extension id (for instance, or the library when nullptr), or nullptr
    // when it offers none or its table predates get_extension. Valid while this object lives.
    const void* extension(const iru_instance* instance, const char* id) const noexcept;
    const PluginDescription& description() const { return description_; }
    const std::filesystem::path& library_path() const { return path_; }  // shown_as

private:
    LoadedPlugin() = default;
    std::filesystem::path path_;
    boost::dll::shared_library library_;  // declared first of the plugin's things: destroyed last
    const iru_source_plugin* functions_ = nullptr;
    PluginDescription description_;
};

// The host's ABI version.
inline constexpr iru_abi_version host_abi_version{IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR};

}  // namespace iru::host
