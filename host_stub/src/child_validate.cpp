// `iru-host-stub child-validate`: the option check of one source (source_validation.hpp) in a
// process of its own, for the scheduler (options_probe.hpp). It loads and verifies the
// configuration and the source's plugin as `run` does, creates an instance with the options and
// destroys it, and writes one report to the inherited descriptor --result-fd. Writes nothing else.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>
#include <set>

#include "child_process.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "host_config.hpp"
#include "options_probe.hpp"
#include "plugin_discovery.hpp"
#include "source_validation.hpp"
#include "terminal.hpp"

namespace iru::host {

namespace {

// The plugin's create error ("" when it accepted the options), or why it could not be asked.
std::string check_options(const CommandLine& cl, Terminal& terminal) {
    const HostConfig config = load_host_config(cl.config_file);  // throws ConfigError
    const SourceConfig* source = config.find_source(*cl.source_id);
    if (source == nullptr) return no_such_source(*cl.source_id, config);
    const std::set<std::string> used = {source->plugin};
    const auto plugins = discover_plugins(config.plugin_dir, &used);
    const DiscoveredPlugin* plugin = find_plugin(plugins, source->plugin);
    if (plugin == nullptr || !plugin->loadable())
        return "plugin \"" + source->plugin + "\" is not loadable from " +
               config.plugin_dir.string();
    return plugin_options_error(*source, *plugin->plugin, terminal);
}

}  // namespace

int child_validate_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    // The descriptor stays out of the processes this one starts (credential helpers).
    if (::fcntl(cl.result_fd, F_SETFD, FD_CLOEXEC) != 0) {
        err << "iru-host-stub: " << child_validate_command_name
            << " is started by the scheduler (no --result-fd)\n";
        return exit_config_error;
    }
    Terminal terminal(out, err, false);
    std::string error;
    try {
        error = check_options(cl, terminal);
    } catch (const std::exception& e) {
        error = std::string("the option check failed: ") + e.what();
    }
    const bool reported =
        write_report(cl.result_fd, options_probe_report(*cl.source_id, error).dump());
    (void)::close(cl.result_fd);
    return reported ? exit_complete : exit_other_failure;
}

}  // namespace iru::host
