#include "plugin_loader.hpp"

#include <boost/dll/shared_library_load_mode.hpp>

namespace iru::host {
namespace {

std::string version_text(const iru_abi_version& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor);
}

std::vector<std::string> string_list(const char* const* list, const char* what) {
    std::vector<std::string> out;
    if (list == nullptr) throw PluginLoadError(std::string("descriptor has no ") + what + " list");
    for (std::size_t i = 0; list[i] != nullptr; ++i) {
        if (i > 10000)
            throw PluginLoadError(std::string("descriptor's ") + what +
                                  " list is not NULL-terminated");
        out.emplace_back(list[i]);
    }
    return out;
}

std::string required_text(const char* text, const char* what) {
    if (text == nullptr) throw PluginLoadError(std::string("descriptor has no ") + what);
    return text;
}

}  // namespace

bool PluginDescription::emits(const std::string& record_type) const {
    for (const auto& t : record_types)
        if (t == record_type) return true;
    return false;
}

const void* LoadedPlugin::extension(const iru_instance* instance, const char* id) const noexcept {
    if (functions_ == nullptr || !IRU_STRUCT_HAS(functions_, iru_source_plugin, get_extension) ||
        functions_->get_extension == nullptr)
        return nullptr;
    const void* table = functions_->get_extension(instance, id);
    // Every extension table starts with its size; an empty one is no table.
    if (table == nullptr || *static_cast<const std::uint32_t*>(table) < sizeof(std::uint32_t))
        return nullptr;
    return table;
}

std::shared_ptr<LoadedPlugin> LoadedPlugin::load(const std::filesystem::path& library) {
    return load(library, library);
}

std::shared_ptr<LoadedPlugin> LoadedPlugin::load(const std::filesystem::path& library,
                                                 const std::filesystem::path& shown_as) {
    if (!library.is_absolute())
        throw PluginLoadError("library path is not absolute: " + library.string());
    std::shared_ptr<LoadedPlugin> plugin(new LoadedPlugin());
    plugin->path_ = shown_as;
    try {
        namespace mode = boost::dll::load_mode;
        plugin->library_.load(library, mode::rtld_now | mode::rtld_local);
    } catch (const std::exception& e) {
        throw PluginLoadError(std::string("the library does not load: ") + e.what());
    }
    if (!plugin->library_.has(IRU_SOURCE_PLUGIN_ENTRY_SYMBOL))
        throw PluginLoadError("missing entry symbol " IRU_SOURCE_PLUGIN_ENTRY_SYMBOL);
    const auto& entry = plugin->library_.get<iru_plugin_entry>(IRU_SOURCE_PLUGIN_ENTRY_SYMBOL);
    if (!IRU_STRUCT_HAS(&entry, iru_plugin_entry, abi_version))
        throw PluginLoadError("entry is too small to hold an ABI version");
    if (entry.abi_version.major != host_abi_version.major)
        throw PluginLoadError("plugin speaks ABI " + version_text(entry.abi_version) +
                              ", the host speaks " + version_text(host_abi_version) +
                              " (major differs)");
    if (!IRU_STRUCT_HAS(&entry, iru_plugin_entry, negotiate) || entry.negotiate == nullptr)
        throw PluginLoadError("entry has no negotiate function");
    const iru_source_plugin* functions = entry.negotiate(&host_abi_version);
    if (functions == nullptr)
        throw PluginLoadError("plugin refused the host's ABI " + version_text(host_abi_version));
    if (!IRU_STRUCT_HAS(functions, iru_source_plugin, last_error) ||
        functions->describe == nullptr || functions->create == nullptr ||
        functions->collect == nullptr || functions->cancel == nullptr ||
        functions->destroy == nullptr || functions->last_error == nullptr)
        throw PluginLoadError("plugin's function table is incomplete for ABI 1.0");
    plugin->functions_ = functions;

    const iru_plugin_descriptor* d = functions->describe();
    if (d == nullptr || !IRU_STRUCT_HAS(d, iru_plugin_descriptor, options_schema))
        throw PluginLoadError("describe() returned no complete descriptor");
    PluginDescription& desc = plugin->description_;
    desc.id = required_text(d->id, "id");
    desc.name = d->name != nullptr ? d->name : desc.id;
    desc.version = required_text(d->version, "version");
    desc.description = d->description != nullptr ? d->description : "";
    desc.record_types = string_list(d->record_types, "record type");
    desc.credential_names = string_list(d->credential_names, "credential name");
    desc.options_schema = d->options_schema != nullptr ? d->options_schema : "";
    if (IRU_STRUCT_HAS(d, iru_plugin_descriptor, summary_record_type) &&
        d->summary_record_type != nullptr) {
        desc.summary_record_type = d->summary_record_type;
        if (!desc.emits(desc.summary_record_type))
            throw PluginLoadError("descriptor's summary record type " + desc.summary_record_type +
                                  " is not one of its record types");
    }
    desc.abi = entry.abi_version;
    return plugin;
}

}  // namespace iru::host
