// Poco's HTTP(S) client sessions with what the client adds: once a request's deadline passed, the
// session refuses to connect again (Poco reconnects by itself after a failed write, which would
// start the wait over), and the answer's bytes can be read raw (for chunked bodies, see
// chunked_decoder.hpp).
//
// Threads: expire() from any thread; the rest from the thread using the session.
#pragma once

#include <atomic>
#include <ios>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPSClientSession.h>

namespace iru::heroku::http {

class SessionControls {
public:
    virtual ~SessionControls() = default;
    virtual void expire() noexcept = 0;
    virtual void renew() noexcept = 0;
    // After receiveResponse(): up to `length` bytes of the answer as sent; 0 when the peer closed.
    virtual int read_raw(char* buffer, std::streamsize length) = 0;
};

template <class Session>
class GuardedSession final : public Session, public SessionControls {
public:
    using Session::Session;

    void expire() noexcept override { expired_.store(true); }
    void renew() noexcept override { expired_.store(false); }
    int read_raw(char* buffer, std::streamsize length) override {
        return this->read(buffer, length);
    }

protected:
    void connect(const Poco::Net::SocketAddress& address) override {
        if (expired_.load()) throw Poco::TimeoutException("the request's deadline passed");
        Session::connect(address);
    }

private:
    std::atomic<bool> expired_{false};
};

using PlainSession = GuardedSession<Poco::Net::HTTPClientSession>;
using SecureSession = GuardedSession<Poco::Net::HTTPSClientSession>;

// The controls of a session the pool made (every one of them has them).
inline SessionControls& controls_of(Poco::Net::HTTPClientSession& session) {
    return dynamic_cast<SessionControls&>(session);
}

}  // namespace iru::heroku::http
