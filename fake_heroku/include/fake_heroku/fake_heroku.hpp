// FakeHeroku: a simulated Heroku Platform API v3 on 127.0.0.1 for tests, the demo and the
// benchmark. Serves a generated Account (see account.hpp) read-only: GET only, Heroku's
// Accept/Authorization checks, Range pagination (206 + Next-Range), a RateLimit-Remaining token
// bucket, Request-Id, ETag, and injectable faults. Every secret it serves contains
// "IRU-SECRET-MARKER-".
//
// Threads: start()/stop() from one controlling thread; every other member is thread-safe and may be
// called while requests are served. The server uses its own thread pool (one thread per open
// keep-alive connection, up to max_connections).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_heroku/account.hpp"
#include "fake_heroku/hostile.hpp"

namespace iru::fake {

// Faults to inject. App entries match an app's id or name; team entries a team's id or name.
struct FaultSpec {
    std::set<std::string> forbidden_apps;  // 403 forbidden on per-app endpoints
    std::set<std::string> deleted_apps;    // still listed, 404 not_found on per-app endpoints
    std::set<std::string> teams_denying_members;  // 403 on /teams/{t}/members
    std::set<std::string>
        teams_denying_permissions;  // 403 on /teams/{t}/permissions (besides non-admin)
    std::set<std::string> teams_denying_invitations;  // 403 on /teams/{t}/invitations
    bool token_expired = false;                       // every request: 401 unauthorized
    // Answer the next `server_errors` requests whose path starts with server_error_path_prefix
    // ("" = any path) with server_error_status (a 5xx) instead of serving them.
    int server_errors = 0;
    std::string server_error_path_prefix;
    std::string server_error_query;  // and whose raw query contains this ("" = any)
    int server_error_skip = 0;       // matching requests answered normally before the errors
    int server_error_status = 503;
    // Set: every identity provider serves a certificate generated at the request that expires this
    // many days from now (negative: expired) instead of the fixed one valid until 2125.
    std::optional<std::int64_t> idp_certificate_expires_in_days;
    // Enterprise accounts (id or name) whose members, teams, audit events and archives answer 403;
    // those "without view" are also listed without "view" among the token's permissions.
    std::set<std::string> enterprise_accounts_denying_view;
    std::set<std::string> enterprise_accounts_without_view;
    HostileSpec hostile;  // hostile and secret-laden answers (hostile.hpp)
};

// What a 304 Not Modified costs in the rate-limit bucket. Heroku does not document it; `one`, the
// default, is the conservative guess (every answered request costs a token).
enum class NotModifiedCost { one, free };

struct ServerConfig {
    std::string host = "127.0.0.1";           // 127.0.0.1, ::1 or localhost only
    std::uint16_t port = 0;                   // 0: any free port (read back with port())
    std::chrono::milliseconds latency{0};     // added to every request before it is answered
    std::int64_t rate_limit_start = 4500;     // initial RateLimit-Remaining
    std::int64_t rate_limit_capacity = 4500;  // the bucket never refills beyond this
    double refill_per_minute = 75.0;          // per simulated minute
    // A simulated customer (deploys, CLI) spending the same bucket, tokens per simulated minute.
    double customer_per_minute = 0.0;
    // Simulated seconds per real second for the bucket (refill and customer): 60 makes a real
    // second a simulated minute. > 0.
    double time_scale = 1.0;
    // The bucket's time stands still (no refill, no customer) until
    // set_rate_limit_time_running(true): a test can let a client reach its reserve first.
    bool rate_limit_time_held = false;
    NotModifiedCost not_modified_cost = NotModifiedCost::one;
    // > 0: no page of any list holds more items than this (Heroku's own cap is 1000), so tests
    // can make every list span many pages. 0: Heroku's cap only.
    std::size_t max_page_size = 0;
    int max_connections = 32;  // concurrent keep-alive connections served
    std::chrono::milliseconds keep_alive_timeout{10'000};
    std::string tls_cert_file;  // PEM; both set: HTTPS, both empty: plain HTTP
    std::string tls_key_file;
};

struct Config {
    AccountSpec account;
    FaultSpec faults;
    ServerConfig server;
};

// One request as received. The Authorization value is never kept (it is a secret).
struct RecordedRequest {
    std::string method;
    std::string path;   // decoded path, no query
    std::string query;  // raw query string without '?'
    std::string range;  // Range header, "" when absent
    std::string accept;
    std::string user_agent;
    std::string request_id;  // the client's Request-Id header, "" when absent
    std::string if_none_match;
    bool has_authorization = false;  // an Authorization header was present (any scheme)
    int status = 0;                  // status answered
    std::chrono::system_clock::time_point received_at;
};

// What the rate-limit bucket went through since the server was made.
struct RateLimitStats {
    std::int64_t remaining = 0;
    std::uint64_t served = 0;  // tokens taken by requests answered (/account/rate-limits is free)
    // The lowest remaining any answered request left the bucket at (the customer's spending is
    // not a request); INT64_MAX when none was answered.
    std::int64_t lowest_after_request = 0;
    std::int64_t customer_spent = 0;    // whole tokens the simulated customer spent
    std::int64_t customer_refused = 0;  // whole tokens it wanted while the bucket was empty
};

class FakeHeroku {
public:
    // Generates the account now (throws std::invalid_argument for a bad spec or host).
    explicit FakeHeroku(Config config);
    ~FakeHeroku();  // stops the server
    FakeHeroku(const FakeHeroku&) = delete;
    FakeHeroku& operator=(const FakeHeroku&) = delete;

    // Binds and starts serving; throws std::runtime_error when the socket or TLS files fail.
    void start();
    // Stops accepting, aborts open connections, joins the server threads. Idempotent.
    void stop();

    std::uint16_t port() const;    // bound port, 0 before start()
    std::string base_url() const;  // "http://127.0.0.1:PORT" (https with TLS), no trailing slash
    const std::string& token() const;

    const Account& account() const;  // immutable for the server's lifetime
    // Every secret value served anywhere (token in use included); each contains
    // "IRU-SECRET-MARKER-".
    std::vector<std::string> planted_secrets() const;

    std::vector<RecordedRequest> requests() const;
    void clear_requests();

    void set_faults(FaultSpec faults);
    FaultSpec faults() const;
    void set_latency(std::chrono::milliseconds latency);
    void set_rate_limit_remaining(std::int64_t remaining);
    std::int64_t rate_limit_remaining() const;
    RateLimitStats rate_limit_stats() const;
    void set_customer_per_minute(double tokens_per_minute);  // from now on
    void set_rate_limit_time_running(bool running);          // from now on

    // Changes the account after start: sets config var `name` of app `app` (its id or name) to
    // `value`, over the generated ones, from the next request on (its ETag changes with it). The
    // value is served as a secret: it should contain "IRU-SECRET-MARKER-" (planted_secrets()
    // lists it). Throws std::invalid_argument for an unknown app.
    void set_config_var(const std::string& app, const std::string& name, const std::string& value);

    // The server's clock (the audit trail's "today" and which of today's events exist yet):
    // the system clock until set; nullopt goes back to it.
    void set_clock(std::optional<std::chrono::system_clock::time_point> now);
    std::chrono::system_clock::time_point now() const;
    // Every audit event of enterprise account `ea` (an index) on the UTC day of `day`, up to the
    // server's clock, as GET /enterprise-accounts/{ea}/events?day= serves them (page after page).
    std::vector<nlohmann::json> audit_events(std::size_t ea,
                                             std::chrono::system_clock::time_point day) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace iru::fake
