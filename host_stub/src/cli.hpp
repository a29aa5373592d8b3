// Command-line parsing for iru-host-stub. Pure: no I/O beyond the returned texts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace iru::host {

struct CommandLine {
    // child_run and child_validate are internal (not in the usage): the scheduler re-executes the
    // host with `child-run --config FILE --source ID --run-id RUN --result-fd N` for each
    // collection, and with `child-validate --config FILE --source ID --result-fd N` for each
    // source's option check before it starts.
    enum class Command { none, plugins, run, check, child_run, child_validate };
    Command command = Command::none;
    std::string config_file;
    std::optional<std::string> source_id;
    bool once = false;
    std::string run_id;  // child_run: the run to make (a make_run_id() name)
    int result_fd = -1;  // child_run, child_validate: the inherited descriptor the result goes to
    bool show_help = false;
    bool show_version = false;
    std::string error;  // non-empty: a usage error to print with the usage text
};

inline constexpr const char* child_run_command_name = "child-run";
inline constexpr const char* child_validate_command_name = "child-validate";

CommandLine parse_command_line(const std::vector<std::string>& args);  // args exclude argv[0]

std::string usage_text(CommandLine::Command command);  // command none: the general usage
std::string version_text();

}  // namespace iru::host
