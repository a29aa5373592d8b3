// A TCP (or TLS) server on 127.0.0.1 that hands each accepted connection to a test's function, for
// answers no HTTP server library sends: bytes dripped one at a time, bodies torn off mid-way, a
// header and a body written as separate segments, a TLS connection dropped without close_notify.
//
// Threads: one acceptor thread, and one thread per connection running the handler. The destructor
// (or stop()) cuts waits short, shuts every connection down and joins all threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "support/scripted_http_server.hpp"

namespace iru::test {

class RawTcpServer {
public:
    using ConnectionHandler =
        std::function<void(Poco::Net::StreamSocket& socket, RawTcpServer& server)>;

    // Starts listening at once. With tls, the handshake is done before the handler runs.
    explicit RawTcpServer(ConnectionHandler handler, std::optional<TlsIdentity> tls = std::nullopt);
    ~RawTcpServer();
    RawTcpServer(const RawTcpServer&) = delete;
    RawTcpServer& operator=(const RawTcpServer&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    std::string base_url() const;
    std::size_t connections_accepted() const noexcept { return accepted_.load(); }
    std::size_t requests_seen() const noexcept { return requests_.load(); }

    // Sleeps; false when the server is stopping (the handler should return).
    bool wait(std::chrono::milliseconds delay);
    bool stopping() const noexcept { return stopping_.load(); }

    // Reads one request head (through the blank line), counting it; "" when the peer closed first.
    std::string read_request_head(Poco::Net::StreamSocket& socket);

    void stop();

private:
    void accept_loop();

    ConnectionHandler handler_;
    bool secure_ = false;
    bool ssl_initialised_ = false;
    Poco::Net::ServerSocket listener_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> accepted_{0};
    std::atomic<std::size_t> requests_{0};
    std::mutex mutex_;
    std::condition_variable stop_cv_;
    std::vector<std::thread> connection_threads_;
    std::vector<Poco::Net::StreamSocket> open_sockets_;
    std::thread acceptor_;
};

// Sends all of text, ignoring a peer that went away.
void send_all(Poco::Net::StreamSocket& socket, const std::string& text) noexcept;

}  // namespace iru::test
