#include "collect/run_control.hpp"

namespace iru::heroku {

FailureClass classify_failure(Status status, int http_status, bool bad_answer) noexcept {
    FailureClass c;
    c.answered = http_status != 0 && status != Status::network;
    switch (status) {
        case Status::cancelled:
            c.outcome = Outcome::stopped;
            c.stop = Status::cancelled;
            return c;
        case Status::auth_failed:
            c.outcome = Outcome::stopped;
            c.stop = Status::auth_failed;
            return c;
        case Status::rate_limited:
            c.outcome = Outcome::stopped;
            if (http_status == 0) {
                c.deadline = true;  // the throttle could not fit the request before max_run_time
                c.stop = Status::partial;
            } else {
                c.stop = Status::rate_limited;  // 429s beyond max_rate_limit_wait
            }
            return c;
        default:
            break;
    }
    if (bad_answer) {
        c.outcome = Outcome::rejected;
        return c;
    }
    if (http_status == 403) {
        c.outcome = Outcome::denied;
        return c;
    }
    if (http_status == 404) {
        c.outcome = Outcome::missing;
        return c;
    }
    if (http_status == 422) {
        c.outcome = Outcome::unprocessable;
        return c;
    }
    c.network = status == Status::network;
    c.outcome = Outcome::failed;
    return c;
}

RunControl::RunControl(ApiClient& client, std::function<bool()> cancelled,
                       const LeakScanner& scanner)
    : client_(client),
      cancelled_(std::move(cancelled)),
      scanner_(scanner),
      started_(std::chrono::steady_clock::now()) {}

bool RunControl::stopping() {
    if (stop_.load()) return true;
    if (std::chrono::steady_clock::now() - started_ >= client_.options().max_run_time) {
        deadline_reached("", "the run took longer than max_run_time");
        return true;
    }
    if (client_.cancelled() || (cancelled_ && cancelled_())) {
        stop(Status::cancelled, "the collection was cancelled");
        return true;
    }
    return false;
}

void RunControl::stop(Status status, std::string message) {
    {
        std::lock_guard lock(mutex_);
        if (!stop_status_) {
            stop_status_ = status;
            stop_message_ = std::move(message);
        }
    }
    stop_.store(true);
}

void RunControl::deadline_reached(std::string_view resource, std::string reason) {
    {
        std::lock_guard lock(mutex_);
        if (stop_.load() || deadline_) return;
        deadline_ = std::make_pair(std::string(resource), std::move(reason));
    }
    stop(Status::partial, "the run reached max_run_time and stopped; what was collected is kept");
}

std::string RunControl::safe(std::string_view text) const { return scanner_.redact(text); }

Attempt RunControl::attempt(std::string_view resource, const std::function<void()>& request) {
    if (stopping()) return {Outcome::stopped, {}, Status::ok, {}};
    try {
        request();
        network_failures_.store(0);
        return {};
    } catch (const ApiError& e) {
        std::string reason = safe(e.what());
        const FailureClass c = classify_failure(e.status(), e.http_status(), e.bad_answer());
        if (c.answered) network_failures_.store(0);
        if (c.deadline) {
            deadline_reached(resource, reason);
        } else if (c.stop) {
            stop(*c.stop, *c.stop == Status::cancelled ? "the collection was cancelled" : reason);
        } else if (c.network &&
                   network_failures_.fetch_add(1) + 1 >= max_consecutive_network_failures) {
            stop(Status::network, reason);
            return {Outcome::stopped, std::move(reason), Status::network, {}};
        }
        const Status status = e.status() == Status::ok ? Status::internal : e.status();
        return {c.outcome, std::move(reason), status, safe(e.oauth_scope_accepted()), c.answered};
    } catch (const std::exception& e) {
        // An unexpected answer: the message names the field, never a value.
        return {Outcome::failed,
                safe("unexpected answer to GET " + std::string(resource) + ": " + e.what()),
                Status::internal,
                {}};
    }
}

std::optional<Status> RunControl::stop_status() const {
    std::lock_guard lock(mutex_);
    return stop_status_;
}

std::string RunControl::stop_message() const {
    std::lock_guard lock(mutex_);
    return stop_message_;
}

std::optional<std::pair<std::string, std::string>> RunControl::deadline() const {
    std::lock_guard lock(mutex_);
    return deadline_;
}

}  // namespace iru::heroku
