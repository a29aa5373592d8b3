// Settings the host applies to its own process before it reads any secret or loads any plugin:
// no core dumps and no ptrace by other processes of the same user (PR_SET_DUMPABLE 0, RLIMIT_CORE
// 0), and SIGPIPE ignored so a peer that closes a socket or pipe gives EPIPE instead of killing the
// host. Call once from main(), before other threads start.
#pragma once

#include <string>
#include <vector>

namespace iru::host {

// Applies the settings; returns what could not be applied (empty when all were), never throws.
std::vector<std::string> harden_process() noexcept;

}  // namespace iru::host
