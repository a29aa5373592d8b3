// The plugin's transport to the Heroku Platform API: GET only, every page, a rate-limit budget,
// retries, errors a user can act on. No ABI types here; unit-testable on its own.
//
// Thread contract: get(), list() and read_rate_limit() may be called from up to
// options.concurrency threads at once (each call borrows one pooled connection); cancel() from any
// thread at any time. Errors are thrown as ApiError; a message never contains the token.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/api_error.hpp"
#include "api/client_options.hpp"
#include "core/logger.hpp"
#include "core/secret.hpp"
#include "core/status.hpp"

namespace iru::heroku {

// How to walk a list endpoint.
struct ListSpec {
    std::string sort_attribute =
        "id";                 // must be one the endpoint accepts: "email" for team members
    bool descending = false;  // "order=desc"
    std::size_t limit = 0;    // 0: every item; N: only the first N (newest releases)
};

struct ClientStats {
    std::uint64_t requests = 0;                   // HTTP requests sent, retries included
    std::uint64_t pages = 0;                      // list pages read
    std::uint64_t retries = 0;                    // re-sent after 5xx, reset or timeout
    std::uint64_t rate_limited = 0;               // 429 answers
    std::uint64_t throttled_waits = 0;            // requests that waited to protect the reserve
    std::chrono::milliseconds reserve_waited{0};  // time the run held at the reserve, waiting
    std::uint64_t rate_limit_polls = 0;       // GET /account/rate-limits sent while holding (free)
    std::int64_t budget_spent_by_others = 0;  // tokens someone else spent at least, this run
    std::int64_t rate_limit_reserve = 0;      // the reserve the run kept (the option)
    std::uint64_t duplicate_urls = 0;  // URLs requested more than once in this run (should be 0)
    std::int64_t rate_limit_remaining = -1;  // last RateLimit-Remaining seen; -1 unknown
    std::int64_t lowest_rate_limit_remaining =
        -1;                   // lowest the server reported this run; -1 unknown
    std::string oauth_scope;  // last OAuth-Scope answer header seen ("global",
                              // "read identity", ...); "" when unknown
};

class ApiClient {
public:
    // Throws ApiError(Status::bad_config) for an unusable api_url, proxy or ca_file.
    ApiClient(ClientOptions options, Logger& logger);
    ~ApiClient();
    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    // The token used for Authorization. Held until clear_token() or destruction, then wiped.
    void set_token(Secret token);
    void clear_token();

    // Starts a run: resets stats and the duplicate-URL record, and sets the max_run_time deadline.
    // A request waiting at the rate-limit reserve (rate_limiter.hpp) when the run's deadline
    // (max_run_time from begin_run()) passes, throws ApiError(Status::rate_limited) with
    // http_status() == 0 (a 429 that outlasted max_rate_limit_wait has http_status() == 429). So
    // does a request that could not be sent, or completed, or retried before that deadline: every
    // request's total time (connect_timeout plus twice read_timeout) ends there at the latest.
    void begin_run();

    // GET one resource (path like "/account", query allowed). Throws ApiError.
    nlohmann::json get(std::string_view path);

    // GET a list to its end, following 206 + Next-Range; on_page receives each page's array (with
    // ListSpec.limit, trimmed so no more than limit items are delivered in all). An exception
    // thrown by on_page stops the list and reaches the caller unchanged. A list that cannot be read
    // to its end throws: never a silent truncation.
    void list(std::string_view path, const ListSpec& spec,
              const std::function<void(nlohmann::json& items)>& on_page);

    // Like list(), but parses and delivers one item at a time, so a page costs the memory of its
    // text and one item rather than its whole parsed tree. The collector uses this for every list.
    void list_items(std::string_view path, const ListSpec& spec,
                    const std::function<void(nlohmann::json& item)>& on_item);

    // Convenience: the whole list as one array.
    nlohmann::json list_all(std::string_view path, const ListSpec& spec = {});

    // GET /account/rate-limits (costs no budget): the remaining budget, or nullopt on failure.
    std::optional<std::int64_t> read_rate_limit();

    // Polled while a request waits at the reserve (at least every 100 ms): true ends the wait with
    // ApiError(Status::cancelled). Set it before the run's requests start; it must outlive them
    // (an empty function removes it).
    void set_stop_check(std::function<bool()> stop_check);

    // Bounds how long one request may wait at the rate-limit reserve (nullopt, the default: until
    // the run's deadline). Past it the request throws ApiError(Status::rate_limited) with
    // http_status() == 0.
    void set_max_reserve_wait(std::optional<std::chrono::milliseconds> max_wait);

    // Aborts in-flight requests and makes every later call throw ApiError(Status::cancelled).
    void cancel() noexcept;
    bool cancelled() const noexcept;

    ClientStats stats() const;
    const ClientOptions& options() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace iru::heroku
