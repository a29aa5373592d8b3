#include "support/connect_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Net/SocketAddress.h>

#include <sstream>

namespace iru::test {
namespace {

constexpr int poll_ms = 100;

// Polls one fd for the events; false on timeout after total_ms or when stopping.
bool wait_fd(int fd, short events, int total_ms, const std::atomic<bool>& stopping) {
    for (int waited = 0; waited < total_ms && !stopping.load(); waited += poll_ms) {
        pollfd p{fd, events, 0};
        const int rc = ::poll(&p, 1, poll_ms);
        if (rc > 0) return true;
        if (rc < 0 && errno != EINTR) return false;
    }
    return false;
}

bool send_all(int fd, const char* data, std::size_t size, const std::atomic<bool>& stopping) {
    while (size > 0) {
        if (!wait_fd(fd, POLLOUT, 5000, stopping)) return false;
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

void send_status(int fd, int status, const std::atomic<bool>& stopping,
                 const std::string& extra = {}) {
    const std::string text =
        "HTTP/1.1 " + std::to_string(status) +
        (status == 200 ? " Connection established" : " Refused") + "\r\n" + extra +
        (status == 200 ? "" : "Content-Length: 0\r\nConnection: close\r\n") + "\r\n";
    send_all(fd, text.data(), text.size(), stopping);
}

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << text;
    encoder.close();
    return out.str();
}

// The user part of a "Basic <base64 user:password>" value; "" when absent or malformed.
std::string basic_user(const std::string& authorization) {
    if (authorization.rfind("Basic ", 0) != 0) return {};
    try {
        std::istringstream in(authorization.substr(6));
        Poco::Base64Decoder decoder(in);
        std::string decoded((std::istreambuf_iterator<char>(decoder)),
                            std::istreambuf_iterator<char>());
        return decoded.substr(0, decoded.find(':'));
    } catch (...) {
        return {};
    }
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int connect_loopback(const std::string& host, std::uint16_t port) {
    if (host != "127.0.0.1" && host != "localhost") return -1;  // tests never tunnel anywhere else
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

ConnectProxy::ConnectProxy(ConnectProxyOptions options) : options_(std::move(options)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) throw std::runtime_error("ConnectProxy: socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(listen_fd_);
        throw std::runtime_error("ConnectProxy: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

ConnectProxy::~ConnectProxy() { stop(); }

std::string ConnectProxy::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<ProxyTunnelRecord> ConnectProxy::tunnels() const {
    std::lock_guard lock(mutex_);
    return tunnels_;
}

void ConnectProxy::stop() {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(mutex_);
        workers.swap(workers_);
    }
    for (auto& t : workers)
        if (t.joinable()) t.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
}

void ConnectProxy::accept_loop() {
    while (!stopping_.load()) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, poll_ms) <= 0) continue;
        const int client = ::accept(listen_fd_, nullptr, nullptr);
        if (client < 0) continue;
        std::lock_guard lock(mutex_);
        workers_.emplace_back([this, client] { serve(client); });
    }
}

void ConnectProxy::serve(int client) {
    ProxyTunnelRecord record;
    int upstream = -1;
    auto note = [&](int status) {
        record.answered_status = status;
        std::lock_guard lock(mutex_);
        tunnels_.push_back(record);
    };
    auto finish = [&] {
        if (upstream >= 0) ::close(upstream);
        ::close(client);
    };

    // The request head, up to the blank line (16 KiB at most).
    std::string head;
    char buffer[16384];
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (head.size() > 16384 || !wait_fd(client, POLLIN, 5000, stopping_)) return finish();
        const ssize_t n = ::recv(client, buffer, sizeof(buffer), 0);
        if (n <= 0) return finish();
        head.append(buffer, static_cast<std::size_t>(n));
    }
    const std::size_t end = head.find("\r\n\r\n") + 4;
    std::string early = head.substr(end);  // bytes the client sent after the head (TLS hello)
    head.resize(end);

    std::istringstream lines(head);
    std::string method, target, version;
    lines >> method >> target >> version;
    record.target = target;
    std::string line;
    std::string authorization;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        if (lower(line.substr(0, colon)) == "proxy-authorization") {
            record.had_proxy_authorization = true;
            authorization = line.substr(colon + 1);
            while (!authorization.empty() && (authorization.front() == ' '))
                authorization.erase(0, 1);
            while (!authorization.empty() &&
                   (authorization.back() == '\r' || authorization.back() == ' '))
                authorization.pop_back();
        }
    }

    record.proxy_user = basic_user(authorization);
    if (method != "CONNECT") {
        note(405);
        send_status(client, 405, stopping_);
        return finish();
    }
    if (options_.refuse_with_status != 0) {
        note(options_.refuse_with_status);
        send_status(client, options_.refuse_with_status, stopping_);
        return finish();
    }
    if (options_.required_basic_credentials &&
        authorization != "Basic " + base64(*options_.required_basic_credentials)) {
        note(407);
        send_status(client, 407, stopping_, "Proxy-Authenticate: Basic realm=\"test\"\r\n");
        return finish();
    }
    const auto colon = target.rfind(':');
    int port = 0;
    try {
        port = colon == std::string::npos ? 0 : std::stoi(target.substr(colon + 1));
    } catch (...) {
        port = 0;
    }
    if (port > 0 && port < 65536)
        upstream = connect_loopback(target.substr(0, colon), static_cast<std::uint16_t>(port));
    if (upstream < 0) {
        note(502);
        send_status(client, 502, stopping_);
        return finish();
    }
    note(200);
    send_status(client, 200, stopping_);
    if (!early.empty() && !send_all(upstream, early.data(), early.size(), stopping_))
        return finish();

    // Relay until either side closes or the proxy stops.
    while (!stopping_.load()) {
        pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
        const int rc = ::poll(fds, 2, poll_ms);
        if (rc < 0 && errno != EINTR) break;
        if (rc <= 0) continue;
        bool closed = false;
        for (int i = 0; i < 2 && !closed; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const int from = fds[i].fd;
            const int to = i == 0 ? upstream : client;
            const ssize_t n = ::recv(from, buffer, sizeof(buffer), 0);
            if (n <= 0 || !send_all(to, buffer, static_cast<std::size_t>(n), stopping_))
                closed = true;
        }
        if (closed) break;
    }
    ::shutdown(client, SHUT_RDWR);
    ::shutdown(upstream, SHUT_RDWR);
    finish();
}

}  // namespace iru::test
