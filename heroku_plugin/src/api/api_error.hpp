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
    ApiError(Status status, const std::string& message, int http_status = 0,
             std::string heroku_id = {}, std::string request_id = {})
        : std::runtime_error(message),
          status_(status),
          http_status_(http_status),
          heroku_id_(std::move(heroku_id)),
          request_id_(std::move(request_id)) {}

    Status status() const noexcept { return status_; }
    int http_status() const noexcept { return http_status_; }  // 0 when no answer was had
    const std::string& heroku_id() const noexcept { return heroku_id_; }  // e.g. "two_factor"
    const std::string& request_id() const noexcept { return request_id_; }
    // The OAuth-Scope-Accepted header of the failed answer (the scopes the endpoint accepts,
    // e.g. "global"), sanitised; "" when the answer had none or there was no answer.
    const std::string& oauth_scope_accepted() const noexcept { return oauth_scope_accepted_; }
    // True when the client refused an answer it had (nesting too deep, body too large, not the JSON
    // expected). Never retried; one resource's answer is unusable, the rest of the run is not
    // affected.
    bool bad_answer() const noexcept { return bad_answer_; }

    ApiError& with_oauth_scope_accepted(std::string scopes) {
        oauth_scope_accepted_ = std::move(scopes);
        return *this;
    }
    ApiError& as_bad_answer() noexcept {
        bad_answer_ = true;
        return *this;
    }
    // The same error with another message (e.g. scrubbed); every other field is kept.
    ApiError with_message(const std::string& message) const {
        ApiError copy(status_, message, http_status_, heroku_id_, request_id_);
        copy.oauth_scope_accepted_ = oauth_scope_accepted_;
        copy.bad_answer_ = bad_answer_;
        return copy;
    }

private:
    Status status_;
    int http_status_;
    std::string heroku_id_;
    std::string request_id_;
    std::string oauth_scope_accepted_;
    bool bad_answer_ = false;
};

}  // namespace iru::heroku
