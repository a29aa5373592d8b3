// From an HTTP error answer to an ApiError a user can act on: the Status for the ABI, a message
// that says what to do, Heroku's error id and the server's Request-Id. Bodies that are not JSON,
// are huge or hold odd bytes are tolerated (truncated, sanitised). Nothing here ever sees the
// token.
#pragma once

#include <string>
#include <string_view>

#include "api/api_error.hpp"

namespace iru::heroku {

struct HerokuErrorBody {
    std::string id;       // "two_factor", "forbidden", ... ("" when absent or not JSON)
    std::string message;  // sanitised, at most ~300 characters
};

// Never throws for any input.
HerokuErrorBody parse_error_body(std::string_view body) noexcept;

// The Status an answer maps to (also for 2xx: ok).
Status status_for(int http_status, std::string_view heroku_id) noexcept;

// resource: "GET /apps/x/config-vars" style (no host, no token). attempts: how many times the
// request was sent (mentioned for 5xx when > 1).
ApiError error_for_response(int http_status, std::string_view body, std::string_view request_id,
                            std::string_view resource, int attempts = 1);

}  // namespace iru::heroku
