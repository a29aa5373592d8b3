// Command-line parsing for iru-host-stub. Pure: no I/O beyond the returned texts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace iru::host {

struct CommandLine {
    // child_run is internal (not in the usage): the scheduler re-executes the host with
    // `child-run --config FILE --source ID --run-id RUN --result-fd N` for each collection.
    enum class Command { none, plugins, run, check, child_run };
    Command command = Command::none;
    std::string config_file;
    std::optional<std::string> source_id;
    bool once = false;
    std::string run_id;  // child_run: the run to make (a make_run_id() name)
    int result_fd = -1;  // child_run: the inherited descriptor its result goes to
    bool show_help = false;
    bool show_version = false;
    std::string error;  // non-empty: a usage error to print with the usage text
};

inline constexpr const char* child_run_command_name = "child-run";

CommandLine parse_command_line(const std::vector<std::string>& args);  // args exclude argv[0]

std::string usage_text(CommandLine::Command command);  // command none: the general usage
std::string version_text();

}  // namespace iru::host
