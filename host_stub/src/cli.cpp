#include "cli.hpp"

#include "host_config.hpp"

#include <iru/source_plugin.h>

#ifndef IRU_HOST_VERSION
#define IRU_HOST_VERSION "0.0.0"
#endif

namespace iru::host {

namespace {

// A descriptor number above stderr, or -1.
int descriptor_number(const std::string& text) {
    if (text.empty() || text.size() > 6 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    const int fd = std::stoi(text);
    return fd > 2 ? fd : -1;
}

}  // namespace

std::string version_text() {
    return std::string("iru-host-stub ") + IRU_HOST_VERSION + " (plugin ABI " +
           std::to_string(IRU_PLUGIN_ABI_MAJOR) + "." + std::to_string(IRU_PLUGIN_ABI_MINOR) +
           ")\n";
}

std::string usage_text(CommandLine::Command command) {
    switch (command) {
        case CommandLine::Command::plugins:
            return "Usage: iru-host-stub plugins --config FILE\n\n"
                   "Lists the plugins found in the configuration's plugin_dir with their id, "
                   "version, ABI\n"
                   "and status (loadable, or refused with the reason). Exit 0 when all are "
                   "loadable,\n"
                   "4 when one is refused or the configuration is wrong.\n";
        case CommandLine::Command::run:
            return "Usage: iru-host-stub run --config FILE [--once] [--source ID]\n\n"
                   "Runs the enabled sources (or only ID). Without --once each source runs on its\n"
                   "schedule.every (with jitter) until SIGINT or SIGTERM. Evidence goes to\n"
                   "output_dir/<source>/<run id>/{records.jsonl,summary.json}; "
                   "output_dir/<source>/latest\n"
                   "points at the latest complete run.\n"
                   "Exit codes: 0 complete, 2 partial, 3 authentication failure,\n"
                   "4 configuration or plugin error, 1 any other failure.\n";
        case CommandLine::Command::check:
            return "Usage: iru-host-stub check --config FILE [--source ID]\n\n"
                   "Verifies a source's credential and shows who the token belongs to, its teams "
                   "and\n"
                   "roles with app counts, the token's expiry and the rate-limit budget left. "
                   "Writes no\n"
                   "evidence. Exit codes as for run.\n";
        case CommandLine::Command::child_run:
        case CommandLine::Command::child_validate:
        case CommandLine::Command::none:
            break;
    }
    return "Usage: iru-host-stub COMMAND [OPTIONS]\n\n"
           "Commands:\n"
           "  run      --config FILE [--once] [--source ID]   collect evidence\n"
           "  check    --config FILE [--source ID]            verify a source's credential and "
           "access\n"
           "  plugins  --config FILE                          list plugins and whether they "
           "load\n\n"
           "Options:\n"
           "  --help     show help (also after a command)\n"
           "  --version  show the version\n";
}

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine cl;
    std::size_t i = 0;
    if (i < args.size()) {
        const std::string& first = args[i];
        if (first == "--help" || first == "-h") {
            cl.show_help = true;
            return cl;
        }
        if (first == "--version") {
            cl.show_version = true;
            return cl;
        }
        if (first == "plugins")
            cl.command = CommandLine::Command::plugins;
        else if (first == "run")
            cl.command = CommandLine::Command::run;
        else if (first == "check")
            cl.command = CommandLine::Command::check;
        else if (first == child_run_command_name)
            cl.command = CommandLine::Command::child_run;
        else if (first == child_validate_command_name)
            cl.command = CommandLine::Command::child_validate;
        else {
            cl.error = "unknown command \"" + first + "\"";
            return cl;
        }
        ++i;
    } else {
        cl.error = "no command given";
        return cl;
    }
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&](const std::string& name) -> std::optional<std::string> {
            if (i + 1 >= args.size() || args[i + 1].empty()) {
                cl.error = name + " needs a value";
                return std::nullopt;
            }
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") {
            cl.show_help = true;
        } else if (arg == "--version") {
            cl.show_version = true;
        } else if (arg == "--config") {
            if (auto v = value(arg))
                cl.config_file = *v;
            else
                return cl;
        } else if (arg.rfind("--config=", 0) == 0) {
            cl.config_file = arg.substr(9);
        } else if (arg == "--source" && cl.command != CommandLine::Command::plugins) {
            if (auto v = value(arg))
                cl.source_id = *v;
            else
                return cl;
        } else if (arg.rfind("--source=", 0) == 0 && cl.command != CommandLine::Command::plugins) {
            cl.source_id = arg.substr(9);
        } else if (arg == "--once" && cl.command == CommandLine::Command::run) {
            cl.once = true;
        } else if (arg == "--run-id" && cl.command == CommandLine::Command::child_run) {
            if (auto v = value(arg))
                cl.run_id = *v;
            else
                return cl;
        } else if (arg == "--result-fd" && (cl.command == CommandLine::Command::child_run ||
                                            cl.command == CommandLine::Command::child_validate)) {
            auto v = value(arg);
            if (!v) return cl;
            cl.result_fd = descriptor_number(*v);
        } else {
            cl.error = "unknown argument \"" + arg + "\"";
            return cl;
        }
    }
    if (!cl.show_help && !cl.show_version && cl.config_file.empty())
        cl.error = "--config FILE is required";
    if (cl.error.empty() && cl.command == CommandLine::Command::child_run &&
        (!cl.source_id || !is_valid_identifier(cl.run_id) || cl.result_fd < 0))
        cl.error = std::string(child_run_command_name) +
                   " needs --source ID, --run-id RUN and --result-fd N";
    if (cl.error.empty() && cl.command == CommandLine::Command::child_validate &&
        (!cl.source_id || cl.result_fd < 0))
        cl.error =
            std::string(child_validate_command_name) + " needs --source ID and --result-fd N";
    return cl;
}

}  // namespace iru::host
