// The commands of iru-host-stub. Each returns the process exit code (exit_codes.hpp) and
// writes only to the given streams.
#pragma once

#include <iosfwd>

#include "cli.hpp"

namespace iru::host {

int plugins_command(const CommandLine& cl, std::ostream& out, std::ostream& err);
int run_command(const CommandLine& cl, std::ostream& out, std::ostream& err);
int check_command(const CommandLine& cl, std::ostream& out, std::ostream& err);
// Internal: one supervised collection, started by the scheduler (child_run.cpp).
int child_run_command(const CommandLine& cl, std::ostream& out, std::ostream& err);
// Internal: one source's option check in a process of its own (child_validate.cpp).
int child_validate_command(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace iru::host
