#include "support/raw_tcp_server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Timespan.h>

namespace iru::test {

RawTcpServer::RawTcpServer(ConnectionHandler handler, std::optional<TlsIdentity> tls)
    : handler_(std::move(handler)) {
    const Poco::Net::SocketAddress address("127.0.0.1", 0);
    if (tls) {
        Poco::Net::initializeSSL();
        ssl_initialised_ = true;
        secure_ = true;
        Poco::Net::Context::Params params;
        params.certificateFile = tls->certificate.string();
        params.privateKeyFile = tls->private_key.string();
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        listener_ = Poco::Net::SecureServerSocket(address, 64, context);
    } else {
        listener_ = Poco::Net::ServerSocket(address, 64);
    }
    port_ = listener_.address().port();
    acceptor_ = std::thread([this] { accept_loop(); });
}

RawTcpServer::~RawTcpServer() { stop(); }

std::string RawTcpServer::base_url() const {
    return std::string(secure_ ? "https://" : "http://") + "127.0.0.1:" + std::to_string(port_);
}

void RawTcpServer::accept_loop() {
    while (!stopping_.load()) {
        try {
            if (!listener_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ))
                continue;
            Poco::Net::StreamSocket socket = listener_.acceptConnection();
            ++accepted_;
            std::lock_guard lock(mutex_);
            if (stopping_.load()) break;
            open_sockets_.push_back(socket);
            connection_threads_.emplace_back([this, socket]() mutable {
                try {
                    socket.setReceiveTimeout(Poco::Timespan(10, 0));
                    handler_(socket, *this);
                } catch (...) {}
                try {
                    socket.close();
                } catch (...) {}
            });
        } catch (...) {
            // A failed handshake or accept: the next connection is served.
        }
    }
}

bool RawTcpServer::wait(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !stop_cv_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

std::string RawTcpServer::read_request_head(Poco::Net::StreamSocket& socket) {
    std::string head;
    char c = 0;
    while (head.size() < 65536) {
        int got = 0;
        try {
            got = socket.receiveBytes(&c, 1);
        } catch (...) {
            return {};
        }
        if (got <= 0) return {};
        head.push_back(c);
        if (head.size() >= 4 && head.compare(head.size() - 4, 4, "\r\n\r\n") == 0) break;
    }
    ++requests_;
    return head;
}

void RawTcpServer::stop() {
    if (stopping_.exchange(true)) return;
    stop_cv_.notify_all();
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        for (auto& socket : open_sockets_) {
            try {
                socket.shutdown();
            } catch (...) {}
        }
        threads.swap(connection_threads_);
    }
    for (auto& t : threads) t.join();
    open_sockets_.clear();
    try {
        listener_.close();
    } catch (...) {}
    if (ssl_initialised_) Poco::Net::uninitializeSSL();
}

void send_all(Poco::Net::StreamSocket& socket, const std::string& text) noexcept {
    try {
        std::size_t sent = 0;
        while (sent < text.size()) {
            const int n =
                socket.sendBytes(text.data() + sent, static_cast<int>(text.size() - sent));
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    } catch (...) {}
}

}  // namespace iru::test
