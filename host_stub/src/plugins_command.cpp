// `iru-host-stub plugins`: lists every manifest in plugin_dir with its verification result, then
// validates each configured source (source_validation.hpp): its plugin creates an instance with the
// source's options and destroys it without collecting.
#include <iomanip>
#include <ostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "host_config.hpp"
#include "plugin_discovery.hpp"
#include "run_setup.hpp"
#include "terminal.hpp"

namespace iru::host {

int plugins_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    HostConfig config;
    try {
        config = load_host_config(cl.config_file);
    } catch (const ConfigError& e) {
        err << "configuration error: " << e.what() << "\n";
        return exit_config_error;
    }
    std::vector<DiscoveredPlugin> plugins;
    try {
        plugins = discover_plugins(config.plugin_dir);
    } catch (const std::exception& e) {
        err << "configuration error: " << config.file.string() << ": /plugin_dir: " << e.what()
            << "\n";
        return exit_config_error;
    }
    out << "Plugins in " << config.plugin_dir.string() << ":\n";
    if (plugins.empty()) out << "  (no manifests *.json found)\n";
    out << std::left << "  " << std::setw(16) << "ID" << std::setw(10) << "VERSION" << std::setw(6)
        << "ABI" << std::setw(10) << "STATUS"
        << "DETAIL\n";
    int code = exit_complete;
    for (const auto& p : plugins) {
        const std::string id = p.manifest ? p.manifest->id : "?";
        const std::string version = p.manifest ? p.manifest->version : "?";
        const std::string abi = p.manifest ? std::to_string(p.manifest->abi_major) + "." +
                                                 std::to_string(p.manifest->abi_minor)
                                           : "?";
        out << "  " << std::setw(16) << id << std::setw(10) << version << std::setw(6) << abi;
        if (p.loadable()) {
            out << std::setw(10) << "loadable" << p.manifest_file.string() << "\n";
        } else {
            out << std::setw(10) << "refused" << p.refusal << "\n";
            err << "plugin refused: " << p.refusal << "\n";
            code = exit_config_error;
        }
    }
    Terminal terminal(out, err, false);
    for (const auto& source : config.sources) {
        const DiscoveredPlugin* plugin = find_plugin(plugins, source.plugin);
        const std::vector<std::string> mistakes =
            configuration_mistakes(config, {&source}, plugins, terminal);
        if (!mistakes.empty()) {
            code = exit_config_error;
        } else if (plugin == nullptr) {
            out << "Source " << source.id << " (" << source.json_path << ") uses plugin \""
                << source.plugin << "\", which is not loadable here\n";
            code = exit_config_error;
        } else {
            out << "Source " << source.id << " (" << source.json_path << "): plugin "
                << source.plugin << " accepts its options and credentials\n";
        }
    }
    return code;
}

}  // namespace iru::host
