#include "http/connection_pool.hpp"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Timespan.h>

#include "http/bounded_resolver.hpp"
#include "http/guarded_session.hpp"

namespace iru::heroku::http {
namespace {

Poco::Timespan to_timespan(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

}  // namespace

ConnectionPool::Lease::Lease(ConnectionPool* pool,
                             std::unique_ptr<Poco::Net::HTTPClientSession> session, bool reused)
    : pool_(pool), session_(std::move(session)), reused_(reused) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      session_(std::move(other.session_)),
      reused_(other.reused_),
      discard_(other.discard_) {
    other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
    if (pool_ && session_) pool_->give_back(std::move(session_), discard_);
}

void ConnectionPool::Lease::discard() noexcept { discard_ = true; }

ConnectionPool::ConnectionPool(Endpoint endpoint, std::size_t max_connections)
    : endpoint_(std::move(endpoint)),
      max_connections_(max_connections == 0 ? 1 : max_connections) {}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<Poco::Net::HTTPClientSession> ConnectionPool::make_session() const {
    // Poco resolves a session's host with a blocking lookup when it connects: it is given the
    // address instead, resolved here within connect_timeout. Through a proxy, the proxy resolves
    // the API host; only the proxy's own name is resolved here.
    const auto resolve = [this](const std::string& host) {
        return resolve_bounded(host, endpoint_.connect_timeout, [this] { return aborted(); });
    };
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (endpoint_.secure) {
        const bool proxied = endpoint_.proxy.has_value();
        auto https = std::make_unique<SecureSession>(
            proxied ? endpoint_.host : resolve(endpoint_.host), endpoint_.port, endpoint_.tls);
        // SNI and the certificate check name the API host, whatever address is connected to.
        Poco::Net::SecureStreamSocket(https->socket()).setPeerHostName(endpoint_.host);
        if (proxied) {
            Poco::Net::HTTPClientSession::ProxyConfig config;
            config.host = resolve(endpoint_.proxy->host);
            config.port = endpoint_.proxy->port;
            config.username = endpoint_.proxy->username;
            config.password = endpoint_.proxy->password;
            https->setProxyConfig(config);
        } else {
            https->setProxyConfig(Poco::Net::HTTPClientSession::ProxyConfig());
        }
        session = std::move(https);
    } else {
        session = std::make_unique<PlainSession>(resolve(endpoint_.host), endpoint_.port);
        session->setProxyConfig(Poco::Net::HTTPClientSession::ProxyConfig());
    }
    session->setTimeout(to_timespan(endpoint_.connect_timeout), to_timespan(endpoint_.read_timeout),
                        to_timespan(endpoint_.read_timeout));
    session->setKeepAlive(true);
    return session;
}

ConnectionPool::Lease ConnectionPool::acquire() {
    std::unique_lock lock(mutex_);
    while (!aborted_ && idle_.empty() && in_use_.size() + connecting_ >= max_connections_)
        freed_.wait_for(lock, std::chrono::milliseconds(200));
    if (aborted_) throw PoolAborted();
    if (!idle_.empty()) {
        std::unique_ptr<Poco::Net::HTTPClientSession> session = std::move(idle_.back());
        idle_.pop_back();
        in_use_.insert(session.get());
        return Lease(this, std::move(session), true);
    }
    ++connecting_;  // the slot is taken while the name resolves, outside the lock
    lock.unlock();
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    try {
        session = make_session();
    } catch (...) {
        lock.lock();
        --connecting_;
        lock.unlock();
        freed_.notify_one();
        throw;
    }
    lock.lock();
    --connecting_;
    ++created_;
    if (aborted_) throw PoolAborted();
    in_use_.insert(session.get());
    return Lease(this, std::move(session), false);
}

void ConnectionPool::give_back(std::unique_ptr<Poco::Net::HTTPClientSession> session,
                               bool discard) noexcept {
    std::unique_ptr<Poco::Net::HTTPClientSession> to_drop;
    {
        std::lock_guard lock(mutex_);
        in_use_.erase(session.get());
        if (discard || aborted_)
            to_drop = std::move(session);
        else
            idle_.push_back(std::move(session));
    }
    freed_.notify_one();
    if (to_drop) {
        try {
            to_drop->reset();
        } catch (...) {}
    }
}

void ConnectionPool::shut_down(Poco::Net::HTTPClientSession& session) noexcept {
    try {
        // Only the TCP socket is shut down (no TLS calls, no close): the owning thread may be
        // inside a read on it; it sees the error, and discards the session itself.
        if (auto* https = dynamic_cast<Poco::Net::HTTPSClientSession*>(&session))
            https->abort();
        else
            session.socket().shutdown();
    } catch (...) {}
}

void ConnectionPool::abort_all() noexcept {
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> idle;
    {
        std::lock_guard lock(mutex_);
        aborted_ = true;
        for (auto* session : in_use_) shut_down(*session);
        idle.swap(idle_);
    }
    freed_.notify_all();
    for (auto& session : idle) {
        try {
            session->reset();
        } catch (...) {}
    }
}

bool ConnectionPool::aborted() const noexcept {
    std::lock_guard lock(mutex_);
    return aborted_;
}

std::size_t ConnectionPool::connections_created() const {
    std::lock_guard lock(mutex_);
    return created_;
}

}  // namespace iru::heroku::http
