// The one exception type the API client throws: a Status for the ABI, the HTTP status and Heroku's
// error id when an answer was had, and the server's Request-Id. Messages never contain the token.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "core/status.hpp"

namespace iru::heroku {

class ApiError : public std::runtime_error {
public:
    ApiError(Status status, const std::string& message, int http_status = 0, std::string heroku_id = {},
             std::string request_id = {})
        : std::runtime_error(message), status_(status), http_status_(http_status),
          heroku_id_(std::move(heroku_id)), request_id_(std::move(request_id)) {}

    Status status() const noexcept { return status_; }
    int http_status() const noexcept { return http_status_; }      // 0 when no answer was had
    const std::string& heroku_id() const noexcept { return heroku_id_; }  // e.g. "two_factor"
    const std::string& request_id() const noexcept { return request_id_; }

private:
    Status status_;
    int http_status_;
    std::string heroku_id_;
    std::string request_id_;
};

}  // namespace iru::heroku
