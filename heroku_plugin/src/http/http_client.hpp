// GET requests to the API host over pooled keep-alive connections. GET is the only request this
// interface can send: it has no method parameter. Errors below HTTP (connect, TLS, proxy, timeout,
// reset) are thrown as TransportError; any HTTP status is returned, not thrown.
//
// Bounds on what a server controls: each request has a total deadline (its socket is shut down
// when it passes, whatever the server drips), one answer's body is at most max_body_bytes, and the
// bodies of all answers alive at once (read or still held by the caller) at most
// max_in_flight_bytes. Received bodies and the copies of request headers the client made are
// wiped when dropped (they may hold the token or config var values).
//
// Threads: get() from many threads at once (one pooled connection each); abort_all() from any
// thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http/byte_budget.hpp"
#include "http/connection_pool.hpp"
#include "http/deadline_watchdog.hpp"
#include "http/proxy_config.hpp"
#include "http/tls_context.hpp"
#include "http/transport_error.hpp"
#include "http/url.hpp"

namespace iru::heroku::http {

class SessionControls;

struct HttpClientSettings {
    std::string ca_file;  // empty: the system CA bundle
    std::string proxy;    // the proxy option; empty: HTTPS_PROXY / NO_PROXY from the environment
    std::size_t pool_size = 8;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{30'000};
    std::size_t max_body_bytes = 64u << 20;  // a larger answer is an error, not an allocation
    std::size_t max_in_flight_bytes = 256u
                                      << 20;  // all bodies alive at once (at least max_body_bytes)
    bool prompt_acks =
        true;  // TCP_NODELAY, and TCP_QUICKACK once a request is sent (see http_client.cpp)
};

struct HttpResponse {
    HttpResponse() = default;
    HttpResponse(HttpResponse&&) noexcept = default;
    HttpResponse& operator=(HttpResponse&&) noexcept = default;
    HttpResponse(const HttpResponse&) = delete;
    HttpResponse& operator=(const HttpResponse&) = delete;
    ~HttpResponse();  // wipes body, then returns its bytes to the in-flight budget

    int status = 0;
    std::string reason;  // sanitised reason phrase
    std::string body;
    std::string request_id;  // the server's Request-Id, sanitised
    std::string next_range;  // Next-Range, verbatim ("" when absent)
    std::optional<std::int64_t>
        rate_limit_remaining;          // RateLimit-Remaining when present and numeric
    std::string oauth_scope;           // OAuth-Scope (the token's scopes), sanitised
    std::string oauth_scope_accepted;  // OAuth-Scope-Accepted (the endpoint's), sanitised
    std::string etag;                  // ETag when usable (api/etag.hpp), else ""
    ByteBudget::Lease memory;          // body's share of max_in_flight_bytes
};

using Header = std::pair<std::string, std::string>;

class HttpClient {
public:
    // Throws ApiError(Status::bad_config) for an unusable ca_file or proxy.
    HttpClient(ApiUrl url, const HttpClientSettings& settings,
               const EnvironmentLookup& getenv = EnvironmentLookup());
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    using Clock = std::chrono::steady_clock;

    // GET url.base_path + target ("/apps?x=y"), the whole exchange (connect, TLS, answer) done by
    // `deadline`. Throws TransportError (Kind::timeout when the deadline passed).
    HttpResponse get(const std::string& target, const std::vector<Header>& headers,
                     Clock::time_point deadline);

    void abort_all() noexcept;

    const ApiUrl& url() const noexcept { return url_; }
    // "https://api.heroku.com" or "https://api.heroku.com via proxy http://proxy:3128".
    std::string route() const;
    std::size_t connections_created() const { return pool_->connections_created(); }
    const ByteBudget& in_flight() const noexcept { return budget_; }

private:
    HttpResponse perform(Poco::Net::HTTPClientSession& session, const std::string& target,
                         const std::vector<Header>& headers, Clock::time_point deadline);
    class BodyWriter;
    void read_body(std::istream& in, std::optional<std::int64_t> content_length,
                   Clock::time_point deadline, HttpResponse& out);
    void read_chunked_body(SessionControls& session, Clock::time_point deadline, HttpResponse& out);
    TransportError classify(const std::exception& error, bool reused) const;
    TransportError deadline_passed(Clock::time_point started, Clock::time_point deadline) const;

    ApiUrl url_;
    HttpClientSettings settings_;
    SslLibrary ssl_library_;
    std::optional<ProxySettings> proxy_;
    std::unique_ptr<ConnectionPool> pool_;
    ByteBudget budget_;
    DeadlineWatchdog watchdog_;
};

}  // namespace iru::heroku::http
