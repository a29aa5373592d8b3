// How long one request (connect, TLS, the whole answer) may take: connect_timeout plus twice
// read_timeout, and never past the run's deadline (max_run_time). read_timeout alone bounds each
// wait for a byte, so without this a server dripping a byte at a time would hold a request forever.
// Pure function.
#pragma once

#include <algorithm>
#include <chrono>

namespace iru::heroku {

inline std::chrono::steady_clock::time_point request_deadline(
    std::chrono::steady_clock::time_point now, std::chrono::milliseconds connect_timeout,
    std::chrono::milliseconds read_timeout, std::chrono::steady_clock::time_point run_deadline) {
    return std::min(now + connect_timeout + 2 * read_timeout, run_deadline);
}

}  // namespace iru::heroku
