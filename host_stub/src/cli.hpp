// Command-line parsing for iru-host-stub. Pure: no I/O beyond the returned texts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace iru::host {

struct CommandLine {
    enum class Command { none, plugins, run, check };
    Command command = Command::none;
    std::string config_file;
    std::optional<std::string> source_id;
    bool once = false;
    bool show_help = false;
    bool show_version = false;
    std::string error;  // non-empty: a usage error to print with the usage text
};

CommandLine parse_command_line(const std::vector<std::string>& args);  // args exclude argv[0]

std::string usage_text(CommandLine::Command command);  // command none: the general usage
std::string version_text();

}  // namespace iru::host
