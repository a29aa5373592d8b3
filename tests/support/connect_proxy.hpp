// A minimal HTTP CONNECT proxy on 127.0.0.1 for tests: it accepts "CONNECT host:port", opens a TCP
// connection to that target (loopback targets only) and relays bytes both ways. It records each
// CONNECT target and whether Proxy-Authorization was sent. Optionally it demands Basic credentials
// (407 otherwise) or refuses every tunnel with a given status.
//
// Threads: one acceptor thread plus one thread per tunnel; every wait is bounded (100 ms polls),
// and the destructor stops and joins them all.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace iru::test {

struct ConnectProxyOptions {
    std::optional<std::string> required_basic_credentials;  // "user:password" the client must send
    int refuse_with_status = 0;                             // e.g. 403: refuse every CONNECT
};

struct ProxyTunnelRecord {
    std::string target;  // "host:port" from the CONNECT line
    bool had_proxy_authorization =
        false;                // note: Poco 1.11 sends "Basic Og==" (":") even without credentials
    std::string proxy_user;   // the Basic user name sent ("" when none); the password is not kept
    int answered_status = 0;  // 200 when the tunnel was opened
};

class ConnectProxy {
public:
    explicit ConnectProxy(ConnectProxyOptions options = {});
    ~ConnectProxy();
    ConnectProxy(const ConnectProxy&) = delete;
    ConnectProxy& operator=(const ConnectProxy&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    std::string url() const;  // "http://127.0.0.1:<port>"
    std::vector<ProxyTunnelRecord> tunnels() const;

    void stop();  // idempotent

private:
    void accept_loop();
    void serve(int client_fd);

    ConnectProxyOptions options_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<ProxyTunnelRecord> tunnels_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace iru::test
