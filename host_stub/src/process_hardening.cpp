#include "process_hardening.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>

#include "text_codec.hpp"

namespace iru::host {

std::vector<std::string> harden_process() noexcept {
    std::vector<std::string> problems;
    try {
        if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
            problems.push_back("cannot turn off core dumps (PR_SET_DUMPABLE): " +
                               system_error_text(errno));
        const rlimit no_core{0, 0};
        if (::setrlimit(RLIMIT_CORE, &no_core) != 0)
            problems.push_back("cannot set RLIMIT_CORE to 0: " + system_error_text(errno));
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        if (::sigaction(SIGPIPE, &ignore, nullptr) != 0)
            problems.push_back("cannot ignore SIGPIPE: " + system_error_text(errno));
    } catch (...) {  // only allocation can fail here; the settings that were applied stay
    }
    return problems;
}

}  // namespace iru::host
