// Host name resolution bounded in time. The system resolver (getaddrinfo) blocks for as long as the
// DNS servers take; here a lookup runs asynchronously (glibc's getaddrinfo_a, on the C library's
// own threads) and is given up after connect_timeout, or at once when the caller aborts.
//
// Threads: resolve_bounded() is called from any thread; each call uses its own lookup.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace iru::heroku::http {

// One asynchronous lookup of one host name.
class AsyncLookup {
public:
    virtual ~AsyncLookup() = default;
    // Waits up to `slice` for the answer; true when the lookup has finished (either way).
    virtual bool wait(std::chrono::milliseconds slice) = 0;
    // After wait() returned true: the numeric address (IPv4 preferred), or nullopt with error()
    // set.
    virtual std::optional<std::string> address() = 0;
    virtual std::string error() = 0;
};

// Starts a lookup; the returned object may be destroyed before it finished.
using LookupStarter = std::function<std::unique_ptr<AsyncLookup>(const std::string& host)>;

// getaddrinfo_a. A lookup given up before it finished is cancelled, or left to finish on the C
// library's thread with its memory left to it (a few hundred bytes) when it cannot be cancelled.
std::unique_ptr<AsyncLookup> start_system_lookup(const std::string& host);

// The numeric address of host: a numeric host is returned as it is, without a lookup. Throws
// TransportError: timeout after `timeout`, connection when the name does not resolve, aborted when
// `aborted` returns true (polled every 50 ms).
std::string resolve_bounded(const std::string& host, std::chrono::milliseconds timeout,
                            const std::function<bool()>& aborted,
                            const LookupStarter& start = start_system_lookup);

}  // namespace iru::heroku::http
