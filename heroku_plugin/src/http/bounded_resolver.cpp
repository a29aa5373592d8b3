#include "http/bounded_resolver.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <system_error>

#include <arpa/inet.h>

#include <Poco/Net/IPAddress.h>

#include "http/transport_error.hpp"

namespace iru::heroku::http {
namespace {

// Everything getaddrinfo_a reads or writes, in one allocation: while a lookup runs, the C library's
// thread owns it; it is freed only once the lookup is known to be over.
struct LookupState {
    std::string host;
    addrinfo hints{};
    gaicb request{};
    gaicb* list[1] = {&request};
};

std::string numeric(const addrinfo* ai) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* where =
        ai->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if (!inet_ntop(ai->ai_family, where, text, sizeof(text))) return {};
    return text;
}

class SystemLookup final : public AsyncLookup {
public:
    explicit SystemLookup(const std::string& host) : state_(new LookupState) {
        state_->host = host;
        state_->hints.ai_family = AF_UNSPEC;
        state_->hints.ai_socktype = SOCK_STREAM;
        state_->request.ar_name = state_->host.c_str();
        state_->request.ar_request = &state_->hints;
        const int rc = getaddrinfo_a(GAI_NOWAIT, state_->list, 1, nullptr);
        if (rc != 0) {
            error_ = gai_strerror(rc);
            started_ = false;
        }
    }

    ~SystemLookup() override {
        if (!started_) {
            delete state_;
            return;
        }
        if (gai_error(&state_->request) == EAI_INPROGRESS &&
            gai_cancel(&state_->request) == EAI_NOTCANCELED) {
            return;  // still running on the C library's thread: its memory stays with it (leaked)
        }
        if (state_->request.ar_result) freeaddrinfo(state_->request.ar_result);
        delete state_;
    }

    SystemLookup(const SystemLookup&) = delete;
    SystemLookup& operator=(const SystemLookup&) = delete;

    bool wait(std::chrono::milliseconds slice) override {
        if (!started_) return true;
        if (gai_error(&state_->request) != EAI_INPROGRESS) return true;
        timespec ts{};
        ts.tv_sec = static_cast<time_t>(slice.count() / 1000);
        ts.tv_nsec = static_cast<long>((slice.count() % 1000) * 1'000'000);
        const gaicb* const waiting[1] = {&state_->request};
        gai_suspend(waiting, 1, &ts);
        return gai_error(&state_->request) != EAI_INPROGRESS;
    }

    std::optional<std::string> address() override {
        if (!started_) return std::nullopt;
        const int rc = gai_error(&state_->request);
        if (rc != 0) {
            error_ = rc == EAI_SYSTEM ? std::error_code(errno, std::generic_category()).message()
                                      : std::string(gai_strerror(rc));
            return std::nullopt;
        }
        const addrinfo* best = nullptr;
        for (const addrinfo* ai = state_->request.ar_result; ai; ai = ai->ai_next) {
            if (ai->ai_family == AF_INET) {
                best = ai;
                break;
            }
            if (ai->ai_family == AF_INET6 && !best) best = ai;
        }
        if (!best) {
            error_ = "no IPv4 or IPv6 address";
            return std::nullopt;
        }
        std::string text = numeric(best);
        if (text.empty()) {
            error_ = "unusable address";
            return std::nullopt;
        }
        return text;
    }

    std::string error() override { return error_; }

private:
    LookupState* state_;
    bool started_ = true;
    std::string error_;
};

}  // namespace

std::unique_ptr<AsyncLookup> start_system_lookup(const std::string& host) {
    return std::make_unique<SystemLookup>(host);
}

std::string resolve_bounded(const std::string& host, std::chrono::milliseconds timeout,
                            const std::function<bool()>& aborted, const LookupStarter& start) {
    Poco::Net::IPAddress ip;
    if (Poco::Net::IPAddress::tryParse(host, ip)) return host;
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    auto lookup = start(host);
    for (;;) {
        if (aborted && aborted())
            throw TransportError(TransportError::Kind::aborted, "the request was aborted");
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            throw TransportError(TransportError::Kind::timeout,
                                 "resolving the host name '" + host +
                                     "' took longer than connect_timeout (" +
                                     std::to_string(timeout.count()) + " ms)");
        if (lookup->wait(std::min(left, std::chrono::milliseconds(50)))) break;
    }
    if (auto address = lookup->address()) return *address;
    throw TransportError(TransportError::Kind::connection,
                         "cannot resolve the host name '" + host + "': " + lookup->error());
}

}  // namespace iru::heroku::http
