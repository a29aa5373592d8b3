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
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_error.hpp"
#include "api/client_options.hpp"
#include "api/not_modified_cost.hpp"
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
    std::uint64_t rate_limit_polls = 0;  // GET /account/rate-limits answered while holding (free)
    std::int64_t budget_spent_by_others = 0;  // tokens someone else spent at least, this run
    std::int64_t rate_limit_reserve = 0;      // the reserve the run kept (the option)
    std::uint64_t duplicate_urls = 0;  // URLs requested more than once in this run (should be 0)
    std::uint64_t conditional_requests = 0;  // GETs sent with If-None-Match, retries not counted
    std::uint64_t not_modified = 0;          // of those, answered 304 Not Modified
    std::int64_t rate_limit_remaining = -1;  // last RateLimit-Remaining seen; -1 unknown
    std::int64_t lowest_rate_limit_remaining =
        -1;                   // lowest the server reported this run; -1 unknown
    std::string oauth_scope;  // last OAuth-Scope answer header seen ("global",
                              // "read identity", ...); "" when unknown
};

// What a conditional GET came to (ApiClient::get_conditional, list_conditional).
struct ConditionalAnswer {
    bool not_modified = false;  // 304: the resource still has the ETag sent; no body
    bool single_page = true;    // a list: false when the answer was one page of several
    nlohmann::json body;        // the answer; null when not_modified or !single_page
    std::string etag;           // the answer's ETag when usable (api/etag.hpp), else ""
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

    // GET one resource, and the answer's ETag. With if_none_match (an ETag of an earlier answer)
    // the GET is conditional: 304 is not an error but not_modified (no body). Throws ApiError as
    // get(). A conditional request answered 304 is not in the duplicate-URL record (no body came).
    ConditionalAnswer get_conditional(std::string_view path, std::string_view if_none_match = {});

    // The first page of a list sent exactly as list_items() sends it (the same Range), conditional
    // on if_none_match (an ETag list_items() reported for a list of one page). 304: not_modified.
    // 200 without Next-Range: the whole list in body (an array) with its ETag. One page of several
    // (206, or a Next-Range): single_page false, no body, no ETag: the caller reads the list with
    // list_items(). Only a list of one page may be judged by its ETag: list() and list_items()
    // never send If-None-Match and refuse a 304.
    ConditionalAnswer list_conditional(std::string_view path, const ListSpec& spec,
                                       std::string_view if_none_match);

    // GET a list to its end, following 206 + Next-Range; on_page receives each page's array (with
    // ListSpec.limit, trimmed so no more than limit items are delivered in all). An exception
    // thrown by on_page stops the list and reaches the caller unchanged. A list that cannot be read
    // to its end throws: never a silent truncation. A page that ended between items sharing their
    // sort value (the next page resumes after it, skipping the rest of them) is read on to the end,
    // then throws ApiError(internal) naming the page.
    void list(std::string_view path, const ListSpec& spec,
              const std::function<void(nlohmann::json& items)>& on_page);

    // Like list(), but parses and delivers one item at a time, so a page costs the memory of its
    // text and one item rather than its whole parsed tree. The collector uses this for every list.
    // single_page_etag, when given, receives the answer's ETag when the list came as one page
    // (200, no Next-Range), else "".
    void list_items(std::string_view path, const ListSpec& spec,
                    const std::function<void(nlohmann::json& item)>& on_item,
                    std::string* single_page_etag = nullptr);

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

    // While an Alone lives, the requests of the thread that made it are the client's only ones
    // (it waits until none is in flight; the other threads' requests wait until it is destroyed;
    // rate-limit polls go on), so the RateLimit-Remaining of one of its answers and of its 304
    // right after tell what that 304 cost: a sample of not_modified_samples(). Keep it short: the
    // other threads wait. Not reentrant; throws ApiError(Status::cancelled) once cancelled.
    class Alone {
    public:
        explicit Alone(ApiClient& client);
        ~Alone();
        Alone(const Alone&) = delete;
        Alone& operator=(const Alone&) = delete;

    private:
        ApiClient& client_;
    };

    // This run's samples of what a 304 cost (at most 64; see Alone and api/not_modified_cost.hpp).
    std::vector<RemainingSample> not_modified_samples() const;

    ClientStats stats() const;
    const ClientOptions& options() const noexcept;

    // Requests the calling thread has sent through any ApiClient, retries included. A request is
    // sent on the thread that asked for it, so the difference across a call is what that call sent.
    static std::uint64_t requests_sent_by_this_thread() noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace iru::heroku
