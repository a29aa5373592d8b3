// Run control: whether the run goes on (stop, cancel, max_run_time), and what a failed request
// means for the run and for the resource it was for. classify_failure() is the pure policy.
// Thread contract: every member may be called from the worker threads at once.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_client.hpp"
#include "collect/record_sink.hpp"
#include "collect/redaction.hpp"
#include "core/status.hpp"

namespace iru::heroku {

// How a request ended, from the point of view of the resource it was for.
enum class Outcome {
    ok,
    denied,         // 403
    missing,        // 404
    unprocessable,  // 422: the server will not do this for the resource (a space's generation)
    rejected,       // the client refused the answer (too deep, too large, malformed)
    failed,         // anything else that does not stop the run
    stopped,        // the run stops (cancel, authentication, rate limit, deadline, network)
};

// What a failed request means.
struct FailureClass {
    Outcome outcome = Outcome::failed;
    std::optional<Status> stop;  // the run stops with this status
    bool deadline = false;       // the throttle could not fit the request before max_run_time
    bool network = false;        // a network failure: counts towards the consecutive limit
    bool answered = false;       // an HTTP answer was had: the consecutive count restarts
};

// Pure: status and http_status of the client's error (http_status 0: no answer was had);
// bad_answer: the client refused the answer.
FailureClass classify_failure(Status status, int http_status, bool bad_answer) noexcept;

// Network failures in a row after which the run stops (the client already retried each one).
inline constexpr int max_consecutive_network_failures = 20;

struct Attempt {
    Outcome outcome = Outcome::ok;
    std::string reason;          // scanned for leaks, for gaps and logs
    Status status = Status::ok;  // the error's status when failed
    std::string scope_accepted;  // a 403's OAuth-Scope-Accepted, when the server said
    bool answered = false;       // failed with an HTTP answer (false: no answer, or not failed)
};

class RunControl {
public:
    // cancelled: polled with the client's own cancel flag (the host's should_cancel).
    RunControl(ApiClient& client, std::function<bool()> cancelled, const LeakScanner& scanner);

    // True when the run must stop: stopped before, cancelled, or past max_run_time.
    bool stopping();
    bool stopped() const noexcept { return stop_.load(); }
    // The first call's status and message win.
    void stop(Status status, std::string message);

    // Runs request unless the run is stopping; classifies what it threw. A std::exception that
    // is not an ApiError (an unexpected answer) is a failure naming the resource.
    Attempt attempt(std::string_view resource, const std::function<void()>& request);

    // The status and message the run stopped with, if it did.
    std::optional<Status> stop_status() const;
    std::string stop_message() const;
    // Where max_run_time was reached (resource, reason), if it was.
    std::optional<std::pair<std::string, std::string>> deadline() const;

    // text with anything the leak scanner finds replaced (before any truncation).
    std::string safe(std::string_view text) const;

private:
    void deadline_reached(std::string_view resource, std::string reason);

    ApiClient& client_;
    std::function<bool()> cancelled_;
    const LeakScanner& scanner_;
    std::chrono::steady_clock::time_point started_;
    std::atomic<bool> stop_{false};
    std::atomic<int> network_failures_{0};
    mutable std::mutex mutex_;
    std::optional<Status> stop_status_;
    std::string stop_message_;
    std::optional<std::pair<std::string, std::string>> deadline_;
};

}  // namespace iru::heroku
