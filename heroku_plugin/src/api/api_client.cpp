#include "api/api_client.hpp"
#include "api/fingerprint_set.hpp"
#include "api/json_array_stream.hpp"
#include "api/json_depth.hpp"

#include <algorithm>
#include <functional>
#include <mutex>
#include <unordered_set>
#include <vector>

#include <Poco/UUIDGenerator.h>

#include "api/alone_gate.hpp"
#include "api/api_error_mapping.hpp"
#include "api/backoff.hpp"
#include "api/cancel_signal.hpp"
#include "api/etag.hpp"
#include "api/pagination.hpp"
#include "api/rate_limiter.hpp"
#include "api/request_deadline.hpp"
#include "http/http_client.hpp"
#include "http/url.hpp"

namespace iru::heroku {
namespace {

using std::chrono::milliseconds;

thread_local std::uint64_t requests_sent_by_thread = 0;

constexpr const char* accept_header = "application/vnd.heroku+json; version=3";
constexpr milliseconds max_retry_delay{30'000};
// Far beyond any Heroku object (the deepest nest a few levels); a deeper answer is refused unread.
constexpr std::size_t max_answer_depth = 64;

// Carries an exception thrown by a caller's on_page callback past the client's error mapping, so
// the caller gets its own exception back unchanged. Not a std::exception on purpose.
struct CallbackFailure {
    std::exception_ptr error;
};

ApiError cancelled_error() { return ApiError(Status::cancelled, "the collection was cancelled"); }

std::string printable(std::string_view text, std::size_t max = 300) {
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= max) break;
        out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
    }
    return out;
}

void validate_path(std::string_view path) {
    const bool ok = !path.empty() && path.front() == '/' && path.size() <= 2048 &&
                    path.substr(0, 2) != "//" &&
                    std::none_of(path.begin(), path.end(), [](unsigned char c) {
                        return c <= 0x20 || c == 0x7f || c == '#' || c == '\\';
                    });
    if (!ok) throw ApiError(Status::internal, "invalid API path '" + printable(path, 100) + "'");
}

std::string describe_wait(milliseconds waited) {
    return waited.count() < 10'000 ? std::to_string(waited.count()) + " ms"
                                   : std::to_string(waited.count() / 1000) + " s";
}

std::string with_request_id(std::string message, const std::string& request_id) {
    if (!request_id.empty()) message += " (Request-Id: " + request_id + ")";
    return message;
}

// Samples kept per run of what a 304 cost (api/not_modified_cost.hpp needs a few).
constexpr std::size_t max_not_modified_samples = 64;

// Inside the client's AloneGate for one request (its limiter ticket and exchange); reset() before
// any sleep, so a thread taking the gate alone never waits for a sleeper.
class GatePass {
public:
    GatePass() = default;
    ~GatePass() { reset(); }
    GatePass(const GatePass&) = delete;
    GatePass& operator=(const GatePass&) = delete;

    void enter(AloneGate& gate) {
        gate.enter();
        gate_ = &gate;
    }
    void reset() noexcept {
        if (gate_ != nullptr) gate_->leave();
        gate_ = nullptr;
    }

private:
    AloneGate* gate_ = nullptr;
};

// Wipes a string holding a secret before it is released.
struct WipeOnExit {
    std::string& value;
    ~WipeOnExit() { secure_wipe(value); }
};

http::HttpClientSettings http_settings(const ClientOptions& options) {
    if (options.concurrency < 1 || options.concurrency > 32)
        throw ApiError(Status::bad_config, "concurrency must be between 1 and 32");
    if (options.connect_timeout.count() <= 0 || options.read_timeout.count() <= 0)
        throw ApiError(Status::bad_config, "connect_timeout and read_timeout must be positive");
    if (options.max_retries < 0 || options.max_retries > 10)
        throw ApiError(Status::bad_config, "max_retries must be between 0 and 10");
    if (options.rate_limit_reserve < 0)
        throw ApiError(Status::bad_config, "rate_limit_reserve must not be negative");
    if (options.rate_limit_resume_margin < 0)
        throw ApiError(Status::bad_config, "rate_limit_resume_margin must not be negative");
    if (options.rate_limit_poll_interval.count() <= 0)
        throw ApiError(Status::bad_config, "rate_limit_poll_interval must be positive");
    http::HttpClientSettings settings;
    settings.ca_file = options.ca_file;
    settings.proxy = options.proxy;
    settings.pool_size = static_cast<std::size_t>(options.concurrency);
    settings.connect_timeout = options.connect_timeout;
    settings.read_timeout = options.read_timeout;
    if (options.max_response_bytes < 1024)
        throw ApiError(Status::bad_config, "max_response_bytes must be at least 1024");
    settings.max_body_bytes = options.max_response_bytes;
    settings.max_in_flight_bytes =
        std::max(options.max_in_flight_bytes, options.max_response_bytes);
    return settings;
}

}  // namespace

struct ApiClient::Impl {
    Impl(ClientOptions opts, Logger& log)
        : options(std::move(opts)),
          logger(log),
          url(http::parse_api_url(options.api_url)),
          limiter(options.rate_limit_reserve, options.rate_limit_resume_margin,
                  options.rate_limit_poll_interval, cancel),
          gate(cancel),
          http(url, http_settings(options)) {
        limiter.set_poll([this] { return poll_rate_limit(); });
        start_run_clock();
    }

    ClientOptions options;
    Logger& logger;
    http::ApiUrl url;
    CancelSignal cancel;
    RateLimiter limiter;
    AloneGate gate;  // paced requests only: polls spend nothing and are never held back
    http::HttpClient http;

    mutable std::mutex token_mutex;
    Secret token;

    using Clock = std::chrono::steady_clock;
    std::atomic<Clock::rep> run_deadline{0};  // max_run_time from begin_run(), as time_since_epoch

    void start_run_clock() {
        const auto deadline = Clock::now() + options.max_run_time;
        run_deadline.store(deadline.time_since_epoch().count());
        limiter.begin_run(deadline, options.max_run_time);
    }

    Clock::time_point run_deadline_point() const {
        return Clock::time_point(Clock::duration(run_deadline.load()));
    }

    // A request that cannot be sent, or sent again, before max_run_time. The collector's contract
    // for this is Status::rate_limited without an HTTP status, as for a paced request past the
    // deadline.
    ApiError run_time_over(const std::string& label) const {
        return ApiError(Status::rate_limited,
                        label + " was not completed: the run reached max_run_time (" +
                            std::to_string(options.max_run_time.count() / 1000) +
                            " s); what was collected is kept");
    }

    // Sleeps before a retry, unless the retry could not start before max_run_time.
    void sleep_before_retry(milliseconds delay, const std::string& label) {
        if (Clock::now() + delay >= run_deadline_point()) throw run_time_over(label);
        sleep(delay);
    }

    std::atomic<std::uint64_t> requests{0}, pages{0}, retries{0}, rate_limited{0},
        duplicate_urls{0}, rate_limit_polls{0}, conditional_requests{0}, not_modified{0};

    // Written by the thread holding the gate alone only (the mutex is for stats readers).
    mutable std::mutex samples_mutex;
    std::vector<RemainingSample> samples;              // this run's
    std::optional<std::int64_t> alone_last_remaining;  // of the last answer while alone

    // The gate was taken alone: the answer before its first request is not the holder's.
    void alone_started() {
        std::lock_guard lock(samples_mutex);
        alone_last_remaining.reset();
    }

    // An answer (or none) of a paced request: a 304 sent alone right after another answer had
    // alone is a sample of what a 304 costs.
    void note_alone_answer(const http::HttpResponse* response) {
        if (!gate.alone_here()) return;
        std::lock_guard lock(samples_mutex);
        const std::optional<std::int64_t> now =
            response != nullptr ? response->rate_limit_remaining : std::nullopt;
        if (response != nullptr && response->status == 304 && alone_last_remaining && now &&
            samples.size() < max_not_modified_samples)
            samples.push_back({*alone_last_remaining, *now});
        alone_last_remaining = now;
    }
    // 64-bit fingerprints of the URLs requested this run (8 bytes a URL, not the URL itself, so the
    // record does not grow the run's memory with the account); a collision only over-counts.
    std::mutex urls_mutex;
    FingerprintSet urls;

    std::atomic<std::int64_t> lowest_remaining{
        -1};                                       // this run's lowest reported RateLimit-Remaining
    std::atomic<std::int64_t> last_remaining{-1};  // the last reported RateLimit-Remaining

    mutable std::mutex scope_mutex;
    std::string oauth_scope;  // the last OAuth-Scope answer header seen

    void log(LogLevel level, const std::string& message) {
        try {
            logger.log(level, scrub(message));
        } catch (...) {}
    }

    // Removes the token from text that is about to leave the client (defence in depth).
    std::string scrub(std::string text) const {
        std::lock_guard lock(token_mutex);
        const std::string_view secret = token.reveal();
        if (secret.size() < 4) return text;
        for (std::size_t at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at))
            text.replace(at, secret.size(), "[redacted]");
        return text;
    }

    ApiError scrubbed(const ApiError& e) const { return e.with_message(scrub(e.what())); }

    void throw_if_cancelled() const {
        if (cancel.cancelled()) throw cancelled_error();
    }

    void sleep(milliseconds delay) {
        if (!cancel.wait_for(delay)) throw cancelled_error();
    }

    // A RateLimit-Remaining the server reported (not one inferred from a 429), for the stats; the
    // limiter learns it through the request's ticket or its poll.
    void note_remaining(std::int64_t remaining) {
        last_remaining.store(remaining);
        std::int64_t lowest = lowest_remaining.load();
        while ((lowest < 0 || remaining < lowest) &&
               !lowest_remaining.compare_exchange_weak(lowest, remaining)) {}
    }

    void note_oauth_scope(const std::string& scope) {
        std::lock_guard lock(scope_mutex);
        if (oauth_scope != scope) oauth_scope = scope;
    }

    std::string last_oauth_scope() const {
        std::lock_guard lock(scope_mutex);
        return oauth_scope;
    }

    void note_url(const std::string& path) {
        std::lock_guard lock(urls_mutex);
        if (!urls.insert(std::hash<std::string>{}(path))) {
            ++duplicate_urls;
            log(LogLevel::debug, "GET " + path + " requested again in this run");
        }
    }

    std::vector<http::Header> headers_for(const std::optional<std::string>& range,
                                          const std::string& if_none_match) {
        std::vector<http::Header> headers;
        headers.emplace_back("Accept", accept_header);
        {
            std::lock_guard lock(token_mutex);
            if (token.empty())
                throw ApiError(Status::auth_failed,
                               "no Heroku API token was given (the credential named \"token\"); "
                               "create one with "
                               "`heroku authorizations:create --description \"Iru Compliance\"`");
            std::string value = "Bearer ";
            value += token.reveal();
            headers.emplace_back("Authorization", std::move(value));
        }
        headers.emplace_back("User-Agent", options.user_agent);
        headers.emplace_back("Request-Id",
                             Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
        if (range) headers.emplace_back("Range", *range);
        if (!if_none_match.empty()) headers.emplace_back("If-None-Match", if_none_match);
        return headers;
    }

    // One logical request with its retries. Returns 2xx answers (and 416 when accept_416, 304 when
    // if_none_match is set); throws ApiError for everything else, a 304 to a request that was not
    // conditional included. paced: subject to the reserve and the gate (not for free endpoints).
    http::HttpResponse send(const std::string& path, const std::optional<std::string>& range,
                            bool accept_416, bool paced, const std::string& if_none_match = {}) {
        const std::string label = "GET " + path;
        Backoff retry_backoff(options.backoff_base,
                              std::max(options.backoff_base, max_retry_delay));
        Backoff rate_backoff(options.backoff_base,
                             std::max(options.backoff_base, options.max_rate_limit_wait));
        milliseconds rate_limit_waited{0};
        int failures = 0;
        bool stale_retry_left = true;

        for (;;) {
            throw_if_cancelled();
            std::vector<http::Header> headers = headers_for(range, if_none_match);
            WipeOnExit wipe{headers[1].second};
            GatePass pass;
            std::optional<RateLimiter::Ticket> ticket;
            if (paced) {
                pass.enter(gate);
                ticket.emplace(limiter.acquire());
            }
            const auto now = Clock::now();
            if (now >= run_deadline_point()) {
                if (ticket) ticket->not_sent();
                throw run_time_over(label);
            }
            ++requests;
            ++requests_sent_by_thread;

            http::HttpResponse response;
            try {
                response = http.get(path, headers,
                                    request_deadline(now, options.connect_timeout,
                                                     options.read_timeout, run_deadline_point()));
            } catch (const http::TransportError& e) {
                if (paced) note_alone_answer(nullptr);
                pass.reset();
                if (cancel.cancelled() || e.kind() == http::TransportError::Kind::aborted)
                    throw cancelled_error();
                if (e.retryable() && e.on_reused_connection() && stale_retry_left) {
                    stale_retry_left =
                        false;  // a kept-alive connection the server had closed: free retry
                    ++retries;
                    log(LogLevel::debug,
                        label + ": kept-alive connection was closed; resending on a new one");
                    continue;
                }
                if (e.retryable() && failures < options.max_retries) {
                    ++failures;
                    ++retries;
                    const auto delay = retry_backoff.next();
                    log(LogLevel::warn, label + ": " + e.what() + "; retry " +
                                            std::to_string(failures) + " of " +
                                            std::to_string(options.max_retries) + " in " +
                                            std::to_string(delay.count()) + " ms");
                    sleep_before_retry(delay, label);
                    continue;
                }
                if (e.kind() == http::TransportError::Kind::timeout &&
                    Clock::now() >= run_deadline_point())
                    throw run_time_over(label);
                const bool too_large = e.kind() == http::TransportError::Kind::too_large;
                std::string message = label + " failed: " + e.what();
                if (failures > 0)
                    message += " (after " + std::to_string(failures + 1) + " attempts)";
                ApiError error(too_large ? Status::internal : Status::network, message);
                if (too_large) error.as_bad_answer();
                throw error;
            }

            if (response.rate_limit_remaining) note_remaining(*response.rate_limit_remaining);
            if (!response.oauth_scope.empty()) note_oauth_scope(response.oauth_scope);
            if (ticket) {
                // A 429 without the header still tells the bucket is empty.
                const bool inferred = response.status == 429 && !response.rate_limit_remaining;
                ticket->settle(
                    inferred ? std::optional<std::int64_t>(0) : response.rate_limit_remaining,
                    inferred);
            }
            if (paced) note_alone_answer(&response);
            pass.reset();

            if (response.status == 429) {
                ++rate_limited;
                auto delay = rate_backoff.next();
                const milliseconds left = options.max_rate_limit_wait - rate_limit_waited;
                if (left.count() <= 0) {
                    const ApiError base = answer_error(response, label);
                    throw base.with_message(std::string(base.what()) + " Waited " +
                                            describe_wait(rate_limit_waited) +
                                            " (max_rate_limit_wait) without the budget refilling.");
                }
                delay = std::min(delay, left);
                log(LogLevel::warn,
                    with_request_id(label + ": rate limited by Heroku (429); waiting " +
                                        std::to_string(delay.count()) + " ms",
                                    response.request_id));
                sleep_before_retry(delay, label);
                rate_limit_waited += delay;
                continue;
            }
            if (response.status >= 500) {
                if (failures < options.max_retries) {
                    ++failures;
                    ++retries;
                    const auto delay = retry_backoff.next();
                    log(LogLevel::warn,
                        with_request_id(label + ": Heroku answered " +
                                            std::to_string(response.status) + "; retry " +
                                            std::to_string(failures) + " of " +
                                            std::to_string(options.max_retries) + " in " +
                                            std::to_string(delay.count()) + " ms",
                                        response.request_id));
                    sleep_before_retry(delay, label);
                    continue;
                }
                throw answer_error(response, label, failures + 1);
            }
            if ((response.status >= 200 && response.status < 300) ||
                (response.status == 416 && accept_416))
                return response;
            if (response.status == 304) {
                if (if_none_match.empty())
                    throw bad_answer(response, label,
                                     "304 Not Modified to a request that was not conditional");
                ++not_modified;
                return response;
            }
            throw answer_error(response, label);
        }
    }

    static void check_depth(const http::HttpResponse& response, const std::string& label) {
        if (!json_depth_within(response.body, max_answer_depth))
            throw bad_answer(response, label,
                             "JSON nested more than " + std::to_string(max_answer_depth) +
                                 " levels deep; the answer was refused unread");
    }

    nlohmann::json parse_json(const http::HttpResponse& response, const std::string& label) {
        check_depth(response, label);
        auto json = nlohmann::json::parse(response.body, nullptr, false);
        if (json.is_discarded()) throw not_json(response, label);
        return json;
    }

    nlohmann::json get(const std::string& path) { return get_conditional(path, {}).body; }

    ConditionalAnswer get_conditional(const std::string& path, const std::string& if_none_match) {
        throw_if_cancelled();
        validate_path(path);
        if (!if_none_match.empty()) check_if_none_match(if_none_match, path);
        if (if_none_match.empty()) note_url(path);
        const auto response = send(path, std::nullopt, false, true, if_none_match);
        log(LogLevel::debug, "GET " + path + " (" + std::to_string(response.status) + ")");
        ConditionalAnswer answer;
        if (response.status == 304) {
            answer.not_modified = true;
            return answer;
        }
        if (!if_none_match.empty()) note_url(path);
        answer.body = parse_json(response, "GET " + path);
        answer.etag = response.etag;
        return answer;
    }

    void check_if_none_match(const std::string& etag, const std::string& path) {
        if (!etag_usable(etag))
            throw ApiError(Status::internal, "GET " + path + ": unusable If-None-Match value");
        ++conditional_requests;
    }

    // The first Range of a list read by spec.
    std::string first_range(const ListSpec& spec, const std::string& label) const {
        try {
            return build_range(spec.sort_attribute, spec.descending, page_size_for(spec.limit));
        } catch (const std::invalid_argument&) {
            throw ApiError(Status::internal, label + ": invalid sort attribute '" +
                                                 printable(spec.sort_attribute, 64) + "'");
        }
    }

    ConditionalAnswer list_conditional(const std::string& path, const ListSpec& spec,
                                       const std::string& if_none_match) {
        throw_if_cancelled();
        validate_path(path);
        const std::string label = "GET " + path;
        check_if_none_match(if_none_match, path);
        const auto response = send(path, first_range(spec, label), false, true, if_none_match);
        log(LogLevel::debug, label + " (" + std::to_string(response.status) + ", conditional)");
        ConditionalAnswer answer;
        if (response.status == 304) {
            answer.not_modified = true;
            return answer;
        }
        if (response.status != 200 || !response.next_range.empty()) {
            answer.single_page = false;
            return answer;
        }
        note_url(path);
        ++pages;
        answer.body = parse_json(response, label);
        if (!answer.body.is_array()) throw not_a_list(response, label);
        answer.etag = response.etag;
        return answer;
    }

    // Consumes one page: delivers its items (at most `wanted` when wanted > 0), adds each item's
    // value of the sort attribute to `tail` before delivering it, and returns how many it
    // delivered. Exceptions from the caller's callbacks are wrapped in CallbackFailure.
    using PageConsumer = std::function<std::size_t(
        const http::HttpResponse&, const std::string& label, std::size_t wanted, PageTail& tail)>;

    void list(const std::string& path, const ListSpec& spec,
              const std::function<void(nlohmann::json&)>& on_page) {
        walk(path, spec,
             [&](const http::HttpResponse& response, const std::string& label, std::size_t wanted,
                 PageTail& tail) {
                 nlohmann::json items = parse_json(response, label);
                 if (!items.is_array()) throw not_a_list(response, label);
                 if (wanted > 0 && items.size() > wanted)
                     items.erase(items.begin() + static_cast<std::ptrdiff_t>(wanted), items.end());
                 const std::size_t n = items.size();
                 for (std::size_t i = n >= 2 ? n - 2 : 0; i < n; ++i)
                     tail.add(sort_value(items[i], spec.sort_attribute));
                 try {
                     on_page(items);
                 } catch (...) {
                     throw CallbackFailure{std::current_exception()};
                 }
                 return n;
             });
    }

    // Like list(), but parses and delivers one item at a time: a page's memory is its text, not its
    // parsed tree.
    void list_items(const std::string& path, const ListSpec& spec,
                    const std::function<void(nlohmann::json&)>& on_item,
                    std::string* single_page_etag) {
        walk(
            path, spec,
            [&](const http::HttpResponse& response, const std::string& label, std::size_t wanted,
                PageTail& tail) {
                std::size_t delivered = 0;
                check_depth(response, label);
                try {
                    for_each_array_element(response.body, [&](std::string_view text) {
                        auto item = nlohmann::json::parse(text, nullptr, false);
                        if (item.is_discarded()) throw not_json(response, label);
                        tail.add(sort_value(item, spec.sort_attribute));
                        try {
                            on_item(item);
                        } catch (...) {
                            throw CallbackFailure{std::current_exception()};
                        }
                        ++delivered;
                        return wanted == 0 || delivered < wanted;
                    });
                } catch (const JsonArrayError&) {
                    throw not_a_list(response, label);
                }
                return delivered;
            },
            single_page_etag);
    }

    // An answer the client refuses to use: named by its request and the reason, never its content.
    static ApiError bad_answer(const http::HttpResponse& response, const std::string& label,
                               const std::string& reason) {
        ApiError error(
            Status::internal,
            with_request_id("Heroku answered " + label + " with " + reason, response.request_id),
            response.status, {}, response.request_id);
        return error.with_oauth_scope_accepted(response.oauth_scope_accepted).as_bad_answer();
    }

    static ApiError not_json(const http::HttpResponse& response, const std::string& label) {
        return bad_answer(response, label, "a body that is not JSON");
    }

    static ApiError not_a_list(const http::HttpResponse& response, const std::string& label) {
        return bad_answer(response, label, "something that is not a list");
    }

    // An HTTP error answer as an ApiError, with the scopes the endpoint accepts.
    static ApiError answer_error(const http::HttpResponse& response, const std::string& label,
                                 int attempts = 1) {
        return error_for_response(response.status, response.body, response.request_id, label,
                                  attempts)
            .with_oauth_scope_accepted(response.oauth_scope_accepted);
    }

    // Follows a list from its first Range to its end (or to spec.limit items), page by page.
    // single_page_etag, when set: the ETag of a list that came as one page (200, no Next-Range).
    void walk(const std::string& path, const ListSpec& spec, const PageConsumer& consume,
              std::string* single_page_etag = nullptr) {
        throw_if_cancelled();
        validate_path(path);
        const std::string label = "GET " + path;
        if (single_page_etag != nullptr) single_page_etag->clear();
        std::string range = first_range(spec, label);
        note_url(path);
        Paginator paginator;
        paginator.note_sent(range);
        bool use_range = true;
        bool fell_back = false;
        std::size_t delivered = 0;
        std::optional<std::size_t> tie_page;  // the first page that ended in a tie

        for (;;) {
            const bool first = paginator.pages() == 0;
            const auto response =
                send(path, use_range ? std::optional<std::string>(range) : std::nullopt,
                     use_range && first && !fell_back, true);
            if (response.status == 416) {
                log(LogLevel::warn,
                    with_request_id(label + ": Heroku refused the Range \"" + printable(range) +
                                        "\" (416); retrying once without a Range header",
                                    response.request_id));
                fell_back = true;
                use_range = false;
                continue;
            }
            ++pages;
            if (single_page_etag != nullptr && first && response.status == 200 &&
                response.next_range.empty())
                *single_page_etag = response.etag;
            const std::size_t wanted = spec.limit > 0 ? spec.limit - delivered : 0;
            PageTail tail;
            const std::size_t n = consume(response, label, wanted, tail);
            log(LogLevel::debug, label + " page " + std::to_string(paginator.pages() + 1) + " (" +
                                     std::to_string(response.status) + ", " + std::to_string(n) +
                                     " items)");
            delivered += n;
            if (spec.limit > 0 && delivered >= spec.limit) return;
            std::optional<std::string> next;
            try {
                next = paginator.after_page(response.status, response.next_range);
            } catch (const PaginationError& e) {
                throw ApiError(Status::internal,
                               with_request_id(label + ": stopped after page " +
                                                   std::to_string(paginator.pages()) + ": " +
                                                   e.what() + "; the list is incomplete",
                                               response.request_id),
                               response.status, {}, response.request_id);
            }
            // Sorted by our own attribute (not the server's default after a 416), a page that
            // ends in a tie resumes past items not yet read: read on, then report the list.
            if (next && !fell_back && tail.ends_in_tie() && !tie_page) tie_page = paginator.pages();
            if (!next) break;
            range = std::move(*next);
            use_range = true;
        }
        if (tie_page)
            throw ApiError(Status::internal,
                           label + ": page " + std::to_string(*tie_page) +
                               " ended between items that share their \"" +
                               printable(spec.sort_attribute, 64) +
                               "\" value, and the next page started after it, so items that "
                               "share it may be missing; the list is incomplete");
    }

    // GET /account/rate-limits (free: not paced): its "remaining", or the answer's
    // RateLimit-Remaining when the body lacks it; nullopt when neither could be read. Throws only
    // ApiError(cancelled).
    std::optional<std::int64_t> fetch_rate_limit() {
        const std::string path = "/account/rate-limits";
        try {
            throw_if_cancelled();
            const auto response = send(path, std::nullopt, false, false);
            const auto json = parse_json(response, "GET " + path);
            std::optional<std::int64_t> remaining;
            if (json.is_object() && json.contains("remaining") &&
                json["remaining"].is_number_integer())
                remaining = json["remaining"].get<std::int64_t>();
            else if (response.rate_limit_remaining)
                remaining = *response.rate_limit_remaining;
            if (!remaining) {
                log(LogLevel::warn, "GET " + path + " answered without an integer \"remaining\"");
                return std::nullopt;
            }
            note_remaining(*remaining);
            log(LogLevel::debug,
                "GET " + path + ": " + std::to_string(*remaining) + " requests remaining");
            return remaining;
        } catch (const ApiError& e) {
            if (e.status() == Status::cancelled) throw;
            log(LogLevel::warn, std::string("could not read the rate limit: ") + e.what());
            return std::nullopt;
        }
    }

    // The limiter's poll: called from a thread waiting in acquire(), without the limiter's lock.
    // Counts the polls answered: one the run's deadline stopped before or while it was sent is not.
    std::optional<std::int64_t> poll_rate_limit() {
        auto remaining = fetch_rate_limit();
        if (remaining) ++rate_limit_polls;
        return remaining;
    }

    std::optional<std::int64_t> read_rate_limit() {
        const auto mark = limiter.poll_started();
        const auto remaining = fetch_rate_limit();
        if (remaining) limiter.poll_answered(mark, *remaining);
        return remaining;
    }

    // Runs a public operation: every error leaves as an ApiError with the token scrubbed out.
    template <typename F>
    auto guarded(F&& operation) -> decltype(operation()) {
        try {
            return operation();
        } catch (const ApiError& e) {
            if (cancel.cancelled() && e.status() != Status::cancelled) throw cancelled_error();
            throw scrubbed(e);
        } catch (const std::bad_alloc&) {
            throw ApiError(Status::internal, "out of memory while talking to the Heroku API");
        } catch (const std::exception& e) {
            if (cancel.cancelled()) throw cancelled_error();
            throw ApiError(
                Status::internal,
                scrub(std::string("unexpected error in the Heroku API client: ") + e.what()));
        }
    }
};

ApiClient::ApiClient(ClientOptions options, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), logger)) {}

ApiClient::~ApiClient() {
    cancel();
    clear_token();
}

void ApiClient::set_token(Secret token) {
    std::lock_guard lock(impl_->token_mutex);
    impl_->token = std::move(token);
}

void ApiClient::clear_token() {
    std::lock_guard lock(impl_->token_mutex);
    impl_->token.clear();
}

void ApiClient::begin_run() {
    impl_->requests = 0;
    impl_->pages = 0;
    impl_->retries = 0;
    impl_->rate_limited = 0;
    impl_->rate_limit_polls = 0;
    impl_->duplicate_urls = 0;
    impl_->conditional_requests = 0;
    impl_->not_modified = 0;
    {
        std::lock_guard lock(impl_->samples_mutex);
        impl_->samples.clear();
        impl_->alone_last_remaining.reset();
    }
    impl_->note_oauth_scope({});
    impl_->lowest_remaining = -1;
    {
        std::lock_guard lock(impl_->urls_mutex);
        impl_->urls.clear();
    }
    impl_->start_run_clock();
}

nlohmann::json ApiClient::get(std::string_view path) {
    return impl_->guarded([&] { return impl_->get(std::string(path)); });
}

ConditionalAnswer ApiClient::get_conditional(std::string_view path,
                                             std::string_view if_none_match) {
    return impl_->guarded(
        [&] { return impl_->get_conditional(std::string(path), std::string(if_none_match)); });
}

ConditionalAnswer ApiClient::list_conditional(std::string_view path, const ListSpec& spec,
                                              std::string_view if_none_match) {
    return impl_->guarded([&] {
        return impl_->list_conditional(std::string(path), spec, std::string(if_none_match));
    });
}

void ApiClient::list(std::string_view path, const ListSpec& spec,
                     const std::function<void(nlohmann::json& items)>& on_page) {
    try {
        impl_->guarded([&] { impl_->list(std::string(path), spec, on_page); });
    } catch (const CallbackFailure& failure) {
        std::rethrow_exception(failure.error);
    }
}

void ApiClient::list_items(std::string_view path, const ListSpec& spec,
                           const std::function<void(nlohmann::json& item)>& on_item,
                           std::string* single_page_etag) {
    try {
        impl_->guarded(
            [&] { impl_->list_items(std::string(path), spec, on_item, single_page_etag); });
    } catch (const CallbackFailure& failure) {
        std::rethrow_exception(failure.error);
    }
}

nlohmann::json ApiClient::list_all(std::string_view path, const ListSpec& spec) {
    nlohmann::json all = nlohmann::json::array();
    list(path, spec, [&](nlohmann::json& items) {
        for (auto& item : items) all.push_back(std::move(item));
    });
    return all;
}

std::optional<std::int64_t> ApiClient::read_rate_limit() {
    return impl_->guarded([&] { return impl_->read_rate_limit(); });
}

void ApiClient::set_stop_check(std::function<bool()> stop_check) {
    impl_->limiter.set_stop_check(std::move(stop_check));
}

void ApiClient::set_max_reserve_wait(std::optional<std::chrono::milliseconds> max_wait) {
    impl_->limiter.set_max_wait(max_wait);
}

ApiClient::Alone::Alone(ApiClient& client) : client_(client) {
    client_.impl_->guarded([&] { client_.impl_->gate.hold_alone(); });
    client_.impl_->alone_started();
}

ApiClient::Alone::~Alone() { client_.impl_->gate.release_alone(); }

std::vector<RemainingSample> ApiClient::not_modified_samples() const {
    std::lock_guard lock(impl_->samples_mutex);
    return impl_->samples;
}

void ApiClient::cancel() noexcept {
    impl_->cancel.cancel();
    impl_->limiter.wake_all();
    impl_->gate.wake_all();
    impl_->http.abort_all();
}

bool ApiClient::cancelled() const noexcept { return impl_->cancel.cancelled(); }

std::uint64_t ApiClient::requests_sent_by_this_thread() noexcept { return requests_sent_by_thread; }

ClientStats ApiClient::stats() const {
    ClientStats s;
    s.requests = impl_->requests.load();
    s.pages = impl_->pages.load();
    s.retries = impl_->retries.load();
    s.rate_limited = impl_->rate_limited.load();
    const ReserveStats reserve = impl_->limiter.stats();
    s.throttled_waits = reserve.waits;
    s.reserve_waited = reserve.waited;
    s.rate_limit_polls = impl_->rate_limit_polls.load();
    s.budget_spent_by_others = reserve.spent_by_others;
    s.rate_limit_reserve = impl_->options.rate_limit_reserve;
    s.duplicate_urls = impl_->duplicate_urls.load();
    s.conditional_requests = impl_->conditional_requests.load();
    s.not_modified = impl_->not_modified.load();
    s.rate_limit_remaining = impl_->last_remaining.load();
    s.lowest_rate_limit_remaining = impl_->lowest_remaining.load();
    s.oauth_scope = impl_->last_oauth_scope();
    return s;
}

const ClientOptions& ApiClient::options() const noexcept { return impl_->options; }

}  // namespace iru::heroku
