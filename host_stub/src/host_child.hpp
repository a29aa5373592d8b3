// The child process the host starts for one source (supervisor.hpp, options_probe.hpp): the host
// binary re-executed as `COMMAND --config FILE --source ID [EXTRA...] --result-fd 3`, under the
// scheduler's memory limit (scheduler.child_memory_limit_mb) when one is set. Pure.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "host_config.hpp"

namespace iru::host {

inline constexpr int host_child_report_fd = 3;  // the pipe's write end, as the child sees it

ChildSpec host_child_spec(const std::filesystem::path& executable, const char* command,
                          const HostConfig& config, const SourceConfig& source,
                          const std::vector<std::string>& extra_args = {});

}  // namespace iru::host
