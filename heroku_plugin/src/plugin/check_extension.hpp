// The Heroku plugin's troubleshooting report (the iru.check/1 extension; shape in
// plugin_api/README.md): who the token belongs to, its teams and roles with their app counts, the
// token's expiry, the rate budget, and what to do about what went wrong (a 401 explained). Made with
// a few GETs through the API client; emits no records. No ABI types here.
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
    Status status = Status::ok;  // auth_failed when the token was rejected; ok when the report is whole
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
