// Outcome of a collection or a request, mirroring the ABI's IRU_STATUS_* codes without including
// the ABI header: the plugin's insides stay free of ABI types (plugin/ maps between the two).
#pragma once

#include <string_view>

namespace iru::heroku {

enum class Status {
    ok = 0,
    partial = 1,
    auth_failed = 2,
    permission_denied = 3,
    rate_limited = 4,
    network = 5,
    bad_config = 6,
    cancelled = 7,
    internal = 8,
};

std::string_view to_string(Status status) noexcept;

}  // namespace iru::heroku
