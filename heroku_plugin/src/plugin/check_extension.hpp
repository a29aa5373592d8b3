// The Heroku plugin's troubleshooting report (the iru.check/1 extension; shape in
// plugin_api/README.md): who the token belongs to, its teams and roles with their app counts, the
// token's expiry and scope, the rate budget, and what to do about what went wrong (a 401
// explained). It says what it looked at (one probe per read, on the catalogue's paths): one page
// each of the authorizations, teams and apps; per team (at most max_teams_probed) one page of its
// apps, of its members and, for an admin, of its access matrix; one sample app's details. Each read
// that fails is named with the collector's gap kind, its cause and remedy; the result comes from
// the probes (check_result). The requests it may send are bounded (check_request_bound) and stated.
// Emits no records. No ABI types here.
//
// Threads: build_check_report() blocks on the caller's thread; the client's cancel() stops it.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/api_client.hpp"
#include "core/status.hpp"

namespace iru::heroku {

struct CheckOutcome {
    Status status = Status::ok;  // check_result() of the probes: ok only when every probe answered
    std::string message;         // why not ok, one line, never the token
    nlohmann::json report;       // always an object, also when not ok
};

// The caller has set the client's token and called begin_run(). token is used only to find the
// token's own authorization among the account's (never written into the report).
CheckOutcome build_check_report(ApiClient& client, std::string_view token,
                                std::chrono::system_clock::time_point now);

// A finding object {level, message, remedy}; remedy "" becomes null.
nlohmann::json check_finding(std::string_view level, std::string message, std::string_view remedy);

// The finding that explains a rejected token and how to make a new one.
nlohmann::json rejected_token_finding();

}  // namespace iru::heroku
