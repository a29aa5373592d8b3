// Keep-alive HTTP(S) sessions to the one API host, reused across requests. At most max_connections
// exist at once; acquire() waits for a free one. A new session connects to an address resolved
// within connect_timeout (the API host's, or the proxy's); TLS still names and verifies the host.
// abort_all() (for cancel) shuts down the sockets of sessions in use from any thread, so a blocked
// read returns at once; the pool then refuses leases.
//
// Threads: every member is thread-safe. A Lease is used by one thread at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include "http/proxy_config.hpp"

namespace iru::heroku::http {

struct Endpoint {
    bool secure = true;
    std::string host;
    std::uint16_t port = 443;
    Poco::Net::Context::Ptr tls;         // required when secure
    std::optional<ProxySettings> proxy;  // CONNECT tunnel; used for secure endpoints only
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{30'000};
};

// Thrown by acquire() once abort_all() was called.
class PoolAborted : public std::runtime_error {
public:
    PoolAborted() : std::runtime_error("the request was aborted") {}
};

class ConnectionPool {
public:
    ConnectionPool(Endpoint endpoint, std::size_t max_connections);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // A session borrowed from the pool; returned on destruction unless discard()ed.
    class Lease {
    public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Poco::Net::HTTPClientSession& session() noexcept { return *session_; }
        bool reused() const noexcept { return reused_; }  // served a request before
        void discard() noexcept;  // drop the session (after an error) instead of returning it

    private:
        friend class ConnectionPool;
        Lease(ConnectionPool* pool, std::unique_ptr<Poco::Net::HTTPClientSession> session,
              bool reused);
        ConnectionPool* pool_;
        std::unique_ptr<Poco::Net::HTTPClientSession> session_;
        bool reused_;
        bool discard_ = false;
    };

    // Throws PoolAborted after abort_all(), TransportError when the host name cannot be resolved
    // within connect_timeout.
    Lease acquire();
    void abort_all() noexcept;
    bool aborted() const noexcept;

    std::size_t connections_created() const;  // sessions ever made (reuse shows as a small number)
    const Endpoint& endpoint() const noexcept { return endpoint_; }

    // Shuts the session's TCP socket down (no TLS calls, no close), from any thread: a thread
    // blocked reading it returns with an error and discards the session itself.
    static void shut_down(Poco::Net::HTTPClientSession& session) noexcept;

private:
    std::unique_ptr<Poco::Net::HTTPClientSession> make_session() const;
    void give_back(std::unique_ptr<Poco::Net::HTTPClientSession> session, bool discard) noexcept;

    const Endpoint endpoint_;
    const std::size_t max_connections_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> idle_;
    std::set<Poco::Net::HTTPClientSession*> in_use_;
    std::size_t created_ = 0;
    std::size_t connecting_ = 0;  // sessions being made outside the lock (resolving)
    bool aborted_ = false;
};

}  // namespace iru::heroku::http
