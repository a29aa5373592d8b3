#include "source_validation.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "credentials.hpp"
#include "host_services.hpp"
#include "plugin_manifest.hpp"
#include "source_runner.hpp"
#include "text_codec.hpp"

namespace iru::host {

std::string option_path(const std::string& source_path, const std::string& create_error) {
    std::string base = source_path + "/options";
    for (const std::string_view marker :
         {std::string_view("option '"), std::string_view("option \"")}) {
        const std::size_t at = create_error.find(marker);
        if (at == std::string::npos) continue;
        const std::size_t begin = at + marker.size();
        const std::size_t end = create_error.find(marker.back(), begin);
        if (end == std::string::npos || end == begin) continue;
        return base + "/" + create_error.substr(begin, end - begin);
    }
    return base;
}

std::string no_such_plugin(const std::string& plugin_id,
                           const std::vector<std::string>& available_ids) {
    std::string available;
    for (const auto& id : available_ids) available += (available.empty() ? "" : ", ") + id;
    return "no such plugin \"" + plugin_id +
           "\" (available: " + (available.empty() ? "none" : available) + ")";
}

std::string no_such_source(const std::string& source_id, const HostConfig& config) {
    std::string ids;
    for (const auto& s : config.sources) ids += (ids.empty() ? "" : ", ") + s.id;
    return "no source with id \"" + source_id + "\" (sources: " + (ids.empty() ? "none" : ids) +
           ")";
}

std::string plugin_options_error(const SourceConfig& source, const LoadedPlugin& plugin,
                                 Terminal& terminal) {
    CredentialVault credentials(source.credentials);
    SessionSetup setup;
    setup.envelope = {source.id, "validation", &plugin.description()};
    setup.credentials = &credentials;
    setup.terminal = &terminal;
    HostSession session(setup);
    const std::string options = source.options.dump();
    const iru_source_plugin& functions = plugin.functions();
    iru_instance* instance = nullptr;
    const std::int32_t status =
        functions.create(session.table(), options.data(), options.size(), &instance);
    if (status == IRU_STATUS_OK && instance != nullptr) {
        functions.destroy(instance);
        return "";
    }
    const char* why = functions.last_error(nullptr);
    std::string text = why != nullptr && *why != '\0' ? why : "the plugin refused its options";
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return printable(credentials.redact(text));
}

std::string options_mistake(const HostConfig& config, const SourceConfig& source,
                            const std::string& create_error) {
    return config.file.string() + ": " + option_path(source.json_path, create_error) + ": " +
           create_error;
}

namespace {

// The ids of the manifests in plugin_dir that can be read, sorted (read only: nothing is loaded).
std::vector<std::string> available_plugin_ids(const std::filesystem::path& plugin_dir) {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& item : std::filesystem::directory_iterator(plugin_dir, ec)) {
        if (item.path().extension() != ".json") continue;
        try {
            ids.push_back(read_plugin_manifest(item.path()).id);
        } catch (const std::exception&) {  // an unreadable manifest names no plugin
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::string missing_env_var(const CredentialSpec& spec) {
    if (spec.kind != CredentialSpec::Kind::env) return "";
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the host never changes its environment after start.
    const char* value = std::getenv(spec.env_var.c_str());
    if (value != nullptr && *value != '\0') return "";
    return "environment variable " + spec.env_var + " is not set or empty";
}

}  // namespace

std::vector<std::string> validate_source(const HostConfig& config, const SourceConfig& source,
                                         const std::vector<DiscoveredPlugin>& plugins,
                                         Terminal& terminal, OptionsCheck options) {
    const std::string file = config.file.string() + ": ";
    bool has_manifest = false;
    for (const auto& p : plugins)
        has_manifest = has_manifest || (p.manifest && p.manifest->id == source.plugin);
    if (!has_manifest)
        return {file + source.json_path + "/plugin: " +
                no_such_plugin(source.plugin, available_plugin_ids(config.plugin_dir))};
    const DiscoveredPlugin* plugin = find_plugin(plugins, source.plugin);
    if (plugin == nullptr || !plugin->manifest)
        return {};  // refused: a plugin error, reported as such
    std::vector<std::string> problems;
    if (const std::string why = check_source_credentials(config, source, *plugin->manifest);
        !why.empty())
        problems.push_back(why);
    for (const auto& [name, spec] : source.credentials)
        if (const std::string why = missing_env_var(spec); !why.empty())
            problems.push_back(
                std::string(file).append(spec.json_path).append("/env: ").append(why));
    if (options == OptionsCheck::skipped) return problems;
    if (const std::string why = plugin_options_error(source, *plugin->plugin, terminal);
        !why.empty())
        problems.push_back(options_mistake(config, source, why));
    return problems;
}

}  // namespace iru::host
