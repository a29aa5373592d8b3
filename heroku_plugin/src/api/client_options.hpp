// Settings of the Heroku API client, already validated (plugin/options.cpp parses them from the
// user's options JSON). Durations are milliseconds so tests can use short ones.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace iru::heroku {

struct ClientOptions {
    std::string api_url = "https://api.heroku.com";  // https, or http to a loopback address only
    std::string ca_file;                             // PEM bundle; empty: the system CA bundle
    std::string proxy;    // "http://host:port"; empty: HTTPS_PROXY/NO_PROXY
    int concurrency = 8;  // connection pool size and worker count, 1..32
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{30'000};
    int max_retries = 4;                     // for 5xx, resets and timeouts
    std::int64_t rate_limit_reserve = 1000;  // tokens left to the account's own tooling
    // At the reserve the collection holds until the budget is above it by this many tokens.
    std::int64_t rate_limit_resume_margin = 100;
    // While holding, GET /account/rate-limits (free) is read once per this period.
    std::chrono::milliseconds rate_limit_poll_interval{5'000};
    std::chrono::milliseconds max_rate_limit_wait{300'000};  // total 429 back-off per request
    std::chrono::milliseconds max_run_time{4 *
                                           3600'000};  // a run that cannot finish stops, partial
    std::size_t max_response_bytes = std::size_t{16}
                                     << 20;  // one answer's body; past it a bad_answer
    std::size_t max_in_flight_bytes = std::size_t{64}
                                      << 20;       // all answers' bodies in memory at once
                                                   // (raised to max_response_bytes if lower)
    std::chrono::milliseconds backoff_base{500};   // first retry delay; doubles, with jitter
    std::string user_agent = "iru-heroku-source";  // "<name>/<version> (<host>/<version>)"
};

}  // namespace iru::heroku
