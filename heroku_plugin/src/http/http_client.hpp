// GET requests to the API host over pooled keep-alive connections. GET is the only request this
// interface can send: it has no method parameter. Errors below HTTP (connect, TLS, proxy, timeout,
// reset) are thrown as TransportError; any HTTP status is returned, not thrown.
//
// Threads: get() from many threads at once (one pooled connection each); abort_all() from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http/connection_pool.hpp"
#include "http/proxy_config.hpp"
#include "http/tls_context.hpp"
#include "http/url.hpp"

namespace iru::heroku::http {

struct HttpClientSettings {
    std::string ca_file;   // empty: the system CA bundle
    std::string proxy;     // the proxy option; empty: HTTPS_PROXY / NO_PROXY from the environment
    std::size_t pool_size = 8;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{30'000};
    std::size_t max_body_bytes = 64u << 20;  // a larger answer is an error, not an allocation
};

struct HttpResponse {
    int status = 0;
    std::string reason;                               // sanitised reason phrase
    std::string body;
    std::string request_id;                           // the server's Request-Id, sanitised
    std::string next_range;                           // Next-Range, verbatim ("" when absent)
    std::optional<std::int64_t> rate_limit_remaining; // RateLimit-Remaining when present and numeric
    std::string oauth_scope;                          // OAuth-Scope (the token's scopes), sanitised
    std::string oauth_scope_accepted;                 // OAuth-Scope-Accepted (the endpoint's), sanitised
};

class TransportError : public std::runtime_error {
public:
    enum class Kind { timeout, connection, tls, proxy, too_large, aborted };
    TransportError(Kind kind, const std::string& message, bool on_reused_connection = false)
        : std::runtime_error(message), kind_(kind), reused_(on_reused_connection) {}
    Kind kind() const noexcept { return kind_; }
    // Worth sending again: timeouts and dropped or refused connections.
    bool retryable() const noexcept { return kind_ == Kind::timeout || kind_ == Kind::connection; }
    // The failure happened on a kept-alive connection the server may have closed while idle.
    bool on_reused_connection() const noexcept { return reused_; }

private:
    Kind kind_;
    bool reused_;
};

using Header = std::pair<std::string, std::string>;

class HttpClient {
public:
    // Throws ApiError(Status::bad_config) for an unusable ca_file or proxy.
    HttpClient(ApiUrl url, const HttpClientSettings& settings,
               const EnvironmentLookup& getenv = EnvironmentLookup());
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GET url.base_path + target ("/apps?x=y"). Throws TransportError.
    HttpResponse get(const std::string& target, const std::vector<Header>& headers);

    void abort_all() noexcept;

    const ApiUrl& url() const noexcept { return url_; }
    // "https://api.heroku.com" or "https://api.heroku.com via proxy http://proxy:3128".
    std::string route() const;
    std::size_t connections_created() const { return pool_->connections_created(); }

private:
    HttpResponse perform(Poco::Net::HTTPClientSession& session, const std::string& target,
                         const std::vector<Header>& headers);
    TransportError classify(const std::exception& error, bool reused) const;

    ApiUrl url_;
    HttpClientSettings settings_;
    SslLibrary ssl_library_;
    std::optional<ProxySettings> proxy_;
    std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace iru::heroku::http
