// Failures below HTTP: connect, name resolution, TLS, proxy, timeout, reset, an answer too large.
#pragma once

#include <stdexcept>
#include <string>

namespace iru::heroku::http {

class TransportError : public std::runtime_error {
public:
    enum class Kind { timeout, connection, tls, proxy, too_large, aborted };
    TransportError(Kind kind, const std::string& message, bool on_reused_connection = false)
        : std::runtime_error(message), kind_(kind), reused_(on_reused_connection) {}
    Kind kind() const noexcept { return kind_; }
    // Worth sending again: timeouts and dropped or refused connections.
    bool retryable() const noexcept { return kind_ == Kind::timeout || kind_ == Kind::connection; }
    // The failure happened on a kept-alive connection the server may have closed while idle.
    bool on_reused_connection() const noexcept { return reused_; }

private:
    Kind kind_;
    bool reused_;
};

}  // namespace iru::heroku::http
