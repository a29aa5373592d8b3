#include "host_child.hpp"

namespace iru::host {

ChildSpec host_child_spec(const std::filesystem::path& executable, const char* command,
                          const HostConfig& config, const SourceConfig& source,
                          const std::vector<std::string>& extra_args) {
    ChildSpec spec;
    spec.executable = executable;
    spec.args = {command, "--config", config.file.string(), "--source", source.id};
    spec.args.insert(spec.args.end(), extra_args.begin(), extra_args.end());
    spec.args.insert(spec.args.end(), {"--result-fd", std::to_string(host_child_report_fd)});
    spec.report_fd = host_child_report_fd;
    if (config.scheduler.child_memory_limit_mb)
        spec.memory_limit_bytes = *config.scheduler.child_memory_limit_mb * 1024 * 1024;
    return spec;
}

}  // namespace iru::host
