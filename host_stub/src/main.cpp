// iru-host-stub: stands in for the Iru agent. Parses the command line and dispatches.
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "process_hardening.hpp"

int main(int argc, char** argv) {
    using namespace iru::host;
    for (const std::string& problem : harden_process())
        std::cerr << "iru-host-stub: warning: " << problem << "\n";
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const CommandLine cl = parse_command_line(args);
        if (cl.show_version) {
            std::cout << version_text();
            return exit_complete;
        }
        if (cl.show_help) {
            std::cout << usage_text(cl.command);
            return exit_complete;
        }
        if (!cl.error.empty()) {
            std::cerr << "iru-host-stub: " << cl.error << "\n\n" << usage_text(cl.command);
            return exit_config_error;
        }
        switch (cl.command) {
            case CommandLine::Command::plugins:
                return plugins_command(cl, std::cout, std::cerr);
            case CommandLine::Command::run:
                return run_command(cl, std::cout, std::cerr);
            case CommandLine::Command::check:
                return check_command(cl, std::cout, std::cerr);
            case CommandLine::Command::child_run:
                return child_run_command(cl, std::cout, std::cerr);
            case CommandLine::Command::child_validate:
                return child_validate_command(cl, std::cout, std::cerr);
            case CommandLine::Command::none:
                break;
        }
        std::cerr << usage_text(cl.command);
        return exit_config_error;
    } catch (const std::bad_alloc&) {
        std::cerr << "iru-host-stub: internal error: out of memory\n";
        return exit_other_failure;
    } catch (const std::exception& e) {
        std::cerr << "iru-host-stub: internal error: " << e.what() << "\n";
        return exit_other_failure;
    } catch (...) {
        std::cerr << "iru-host-stub: internal error: unknown exception\n";
        return exit_other_failure;
    }
}
