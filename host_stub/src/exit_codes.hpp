// The host stub's process exit codes (issue 5) and how run outcomes map onto them.
#pragma once

namespace iru::host {

enum ExitCode : int {
    exit_complete = 0,       // every run complete
    exit_other_failure = 1,  // network, rate limit, permission, cancelled, anything else
    exit_partial = 2,        // collected with gaps
    exit_auth_failure = 3,   // a credential was rejected
    exit_config_error = 4,   // configuration or plugin error
};

// Combines two outcomes into the one a process reports: config/plugin > auth > other > partial >
// ok.
inline int worse_exit_code(int a, int b) {
    auto rank = [](int code) {
        switch (code) {
            case exit_complete:
                return 0;
            case exit_partial:
                return 1;
            case exit_other_failure:
                return 2;
            case exit_auth_failure:
                return 3;
            default:
                return 4;
        }
    };
    return rank(a) >= rank(b) ? a : b;
}

}  // namespace iru::host
