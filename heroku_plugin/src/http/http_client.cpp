#include "http/http_client.hpp"

#include <algorithm>

#include <cstdlib>
#include <istream>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <openssl/err.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBufferAllocator.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "api/etag.hpp"
#include "core/secret.hpp"
#include "http/chunked_decoder.hpp"
#include "http/guarded_session.hpp"

namespace iru::heroku::http {
namespace {

// Printable ASCII only, bounded: header values from the server go into messages and logs.
std::string sanitise(const std::string& value, std::size_t max = 200) {
    std::string out;
    for (unsigned char c : value) {
        if (out.size() >= max) break;
        out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
    }
    return out;
}

std::optional<std::int64_t> parse_remaining(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool header_value_ok(const std::string& value) {
    for (unsigned char c : value)
        if (c == '\r' || c == '\n' || c == 0) return false;
    return true;
}

// Overwrites, when the request is done, the copies of header values Poco's request object holds
// (the Authorization header's is the token), in place: assigning a value of the same length reuses
// the buffer. Then wipes the free blocks of Poco's shared HTTP buffer pool, the most recently
// released first, which the request head and the answer passed through (best effort: another
// thread may hold one at the time).
class RequestWiper {
public:
    explicit RequestWiper(Poco::Net::HTTPRequest& request) : request_(request) {}
    RequestWiper(const RequestWiper&) = delete;
    RequestWiper& operator=(const RequestWiper&) = delete;
    ~RequestWiper() {
        try {
            for (auto& [name, value] : request_) {
                std::string blank(value.size(), ' ');
                request_.set(name, blank);
            }
        } catch (...) {}
        constexpr int blocks = 4;
        char* taken[blocks] = {};
        try {
            for (auto& block : taken) {
                block = Poco::Net::HTTPBufferAllocator::allocate(
                    Poco::Net::HTTPBufferAllocator::BUFFER_SIZE);
                secure_wipe(block, Poco::Net::HTTPBufferAllocator::BUFFER_SIZE);
            }
        } catch (...) {}
        for (char* block : taken)
            if (block)
                Poco::Net::HTTPBufferAllocator::deallocate(
                    block, Poco::Net::HTTPBufferAllocator::BUFFER_SIZE);
    }

private:
    Poco::Net::HTTPRequest& request_;
};

// A server that writes its header and its body as two segments without TCP_NODELAY holds the body
// (Nagle) until the header is acknowledged, and a kept-alive client delays that ACK by ~40 ms.
// TCP_QUICKACK, set once the request is sent, acknowledges at once. TCP_NODELAY keeps the client's
// own request from waiting the same way.
void ack_promptly(Poco::Net::HTTPClientSession& session) noexcept {
    try {
        Poco::Net::StreamSocket& socket = session.socket();
        socket.setNoDelay(true);
        const int on = 1;
        ::setsockopt(socket.impl()->sockfd(), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof(on));
    } catch (...) {}
}

constexpr std::size_t first_chunk_bytes = std::size_t{64} * 1024;

// Grows body's buffer to exactly `capacity` without leaving an unwiped copy behind.
void regrow(std::string& body, std::size_t capacity) {
    std::string bigger;
    bigger.reserve(capacity);
    bigger.append(body);
    secure_wipe(body);
    body.swap(bigger);
}

}  // namespace

HttpResponse::~HttpResponse() { secure_wipe(body); }

HttpClient::HttpClient(ApiUrl url, const HttpClientSettings& settings,
                       const EnvironmentLookup& getenv)
    : url_(std::move(url)),
      settings_(settings),
      budget_(std::max(settings.max_in_flight_bytes, settings.max_body_bytes)) {
    Endpoint endpoint;
    endpoint.secure = url_.secure;
    endpoint.host = url_.host;
    endpoint.port = url_.port;
    endpoint.connect_timeout = settings_.connect_timeout;
    endpoint.read_timeout = settings_.read_timeout;
    if (url_.secure) {
        endpoint.tls = make_client_tls_context(settings_.ca_file, url_.host);
        // getenv is read once, while the plugin instance is created, before any worker thread runs.
        EnvironmentLookup lookup = getenv ? getenv : EnvironmentLookup([](const char* n) {
            return std::getenv(n);  // NOLINT(concurrency-mt-unsafe)
        });
        proxy_ = resolve_proxy(settings_.proxy, url_.host, lookup);
        endpoint.proxy = proxy_;
    } else if (!settings_.proxy.empty()) {
        parse_proxy_url(
            settings_.proxy);  // validated even though plain loopback http is never proxied
    }
    pool_ = std::make_unique<ConnectionPool>(std::move(endpoint), settings_.pool_size);
}

std::string HttpClient::route() const {
    std::string out = url_.display();
    if (proxy_) out += " via proxy " + proxy_->display();
    return out;
}

void HttpClient::abort_all() noexcept {
    pool_->abort_all();
    budget_.abort();
}

TransportError HttpClient::deadline_passed(Clock::time_point started,
                                           Clock::time_point deadline) const {
    const auto allowed = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - started);
    return TransportError(
        TransportError::Kind::timeout,
        "no complete answer from " + route() + " within the request's total time (" +
            std::to_string(allowed.count()) + " ms: connect_timeout plus twice read_timeout, " +
            "and never past max_run_time)");
}

HttpResponse HttpClient::get(const std::string& target, const std::vector<Header>& headers,
                             Clock::time_point deadline) {
    const auto started = Clock::now();
    if (started >= deadline) throw deadline_passed(started, deadline);
    ConnectionPool::Lease lease = [&] {
        try {
            return pool_->acquire();
        } catch (const PoolAborted&) {
            throw TransportError(TransportError::Kind::aborted, "the request was aborted");
        }
    }();
    const bool reused = lease.reused();
    Poco::Net::HTTPClientSession& session = lease.session();
    SessionControls& controls = controls_of(session);
    controls.renew();
    DeadlineWatchdog::Armed watch(watchdog_, deadline, [&session, &controls] {
        controls.expire();
        ConnectionPool::shut_down(session);
    });
    try {
        HttpResponse response = perform(session, target, headers, deadline);
        if (watch.fired()) lease.discard();  // its socket was shut down as the answer completed
        return response;
    } catch (const TransportError&) {
        lease.discard();
        if (watch.fired() && !pool_->aborted()) throw deadline_passed(started, deadline);
        throw;
    } catch (const std::exception& e) {
        lease.discard();
        ERR_clear_error();  // leave no stale OpenSSL error behind on this thread
        if (pool_->aborted())
            throw TransportError(TransportError::Kind::aborted, "the request was aborted");
        if (watch.fired()) throw deadline_passed(started, deadline);
        throw classify(e, reused);
    }
}

HttpResponse HttpClient::perform(Poco::Net::HTTPClientSession& session, const std::string& target,
                                 const std::vector<Header>& headers, Clock::time_point deadline) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, url_.base_path + target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    const RequestWiper wiper(request);
    request.setKeepAlive(true);
    request.setHost(url_.host,
                    url_.port);  // the session may be connected to an address, not the name
    for (const auto& [name, value] : headers) {
        if (!header_value_ok(name) || !header_value_ok(value))
            throw TransportError(TransportError::Kind::connection,
                                 "refused to send a header with a line break");
        request.set(name, value);
    }
    // Checked before and after connecting: an abort_all() that ran while this session had no socket
    // yet could not shut it down, but it has set the flag by then.
    if (pool_->aborted())
        throw TransportError(TransportError::Kind::aborted, "the request was aborted");
    std::ostream& sent = session.sendRequest(request);
    sent.flush();  // sent now, so the ACK settings below apply to this exchange
    if (!sent.good()) {
        if (const Poco::Exception* error = session.networkException()) error->rethrow();
        throw TransportError(TransportError::Kind::connection,
                             "could not send the request to " + route());
    }
    if (settings_.prompt_acks) ack_promptly(session);
    if (pool_->aborted())
        throw TransportError(TransportError::Kind::aborted, "the request was aborted");

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    in.exceptions(std::ios::badbit);  // a read error surfaces as Poco's exception
    if (settings_.prompt_acks) ack_promptly(session);

    HttpResponse out;
    out.status = static_cast<int>(response.getStatus());
    out.reason = sanitise(response.getReason());
    out.request_id = sanitise(response.get("Request-Id", ""), 100);
    out.next_range = response.get("Next-Range", "");
    out.rate_limit_remaining = parse_remaining(response.get("RateLimit-Remaining", ""));
    out.oauth_scope = sanitise(response.get("OAuth-Scope", ""), 200);
    out.oauth_scope_accepted = sanitise(response.get("OAuth-Scope-Accepted", ""), 200);
    out.etag = response.get("ETag", "");
    if (!etag_usable(out.etag)) out.etag.clear();

    out.memory = budget_.lease();
    // A 304 has no body whatever its Content-Length says (RFC 9110 15.4.5); Poco reads none.
    if (out.status == 304) return out;
    if (response.getChunkedTransferEncoding())
        read_chunked_body(controls_of(session), deadline, out);
    else
        read_body(in,
                  response.hasContentLength()
                      ? std::optional<std::int64_t>(response.getContentLength64())
                      : std::nullopt,
                  deadline, out);
    return out;
}

// Appends answer bytes to out.body, holding them from the in-flight budget first: all at once when
// Content-Length is given (a 1.5 MB page then costs 1.5 MB, not the ~3 MB of growth steps), else in
// doubling steps. The buffer only grows through regrow(), which wipes the old one.
class HttpClient::BodyWriter {
public:
    BodyWriter(const HttpClient& client, Clock::time_point deadline, HttpResponse& out)
        : client_(client), deadline_(deadline), out_(out) {}

    void expect(std::int64_t content_length) {
        if (static_cast<std::uint64_t>(content_length) > client_.settings_.max_body_bytes)
            throw too_large();
        hold(static_cast<std::size_t>(content_length));
    }

    void append(std::string_view data) {
        const std::size_t needed = out_.body.size() + data.size();
        if (needed > client_.settings_.max_body_bytes) throw too_large();
        if (needed > out_.memory.held())
            hold(std::min(client_.settings_.max_body_bytes,
                          std::max({needed, out_.memory.held() * 2, first_chunk_bytes})));
        out_.body.append(data);
    }

private:
    TransportError too_large() const {
        return TransportError(TransportError::Kind::too_large,
                              "the answer from " + client_.url_.display() +
                                  " is larger than max_response_bytes (" +
                                  std::to_string(client_.settings_.max_body_bytes) + " bytes)");
    }

    void hold(std::size_t bytes) {
        switch (out_.memory.grow_to(bytes, deadline_)) {
            case ByteBudget::Grant::granted:
                break;
            case ByteBudget::Grant::too_large:
                throw too_large();
            case ByteBudget::Grant::aborted:
                throw TransportError(TransportError::Kind::aborted, "the request was aborted");
            case ByteBudget::Grant::deadline:
            case ByteBudget::Grant::yield:
                throw TransportError(TransportError::Kind::timeout,
                                     "answers from " + client_.url_.display() +
                                         " already hold the memory allowed to answers in flight (" +
                                         std::to_string(client_.budget_.capacity()) + " bytes)");
        }
        if (out_.body.capacity() < bytes) regrow(out_.body, bytes);
    }

    const HttpClient& client_;
    Clock::time_point deadline_;
    HttpResponse& out_;
};

namespace {

// A read buffer on the stack, wiped when the read is over (answer bytes may be config var values).
struct ReadBuffer {
    char data[16384]{};
    ReadBuffer() = default;
    ReadBuffer(const ReadBuffer&) = delete;
    ReadBuffer& operator=(const ReadBuffer&) = delete;
    ~ReadBuffer() { secure_wipe(data, sizeof(data)); }
};

}  // namespace

void HttpClient::read_body(std::istream& in, std::optional<std::int64_t> content_length,
                           Clock::time_point deadline, HttpResponse& out) {
    BodyWriter writer(*this, deadline, out);
    if (content_length && *content_length > 0) writer.expect(*content_length);
    ReadBuffer buffer;
    while (in) {
        in.read(buffer.data, sizeof(buffer.data));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        writer.append(std::string_view(buffer.data, got));
    }
    if (content_length && static_cast<std::int64_t>(out.body.size()) != *content_length)
        throw TransportError(
            TransportError::Kind::connection,
            "the connection to " + url_.display() + " closed before the whole answer arrived");
}

// Chunked: decoded here from the raw bytes, so that a connection closed before the last chunk is a
// torn answer (retried), not a short one.
void HttpClient::read_chunked_body(SessionControls& session, Clock::time_point deadline,
                                   HttpResponse& out) {
    BodyWriter writer(*this, deadline, out);
    ChunkedDecoder decoder;
    ReadBuffer buffer;
    while (!decoder.done()) {
        const int got = session.read_raw(buffer.data, sizeof(buffer.data));
        if (got <= 0)
            throw TransportError(TransportError::Kind::connection,
                                 "the connection to " + url_.display() +
                                     " closed before the whole (chunked) answer arrived");
        try {
            decoder.feed(std::string_view(buffer.data, static_cast<std::size_t>(got)),
                         [&](std::string_view data) { writer.append(data); });
        } catch (const ChunkedError& e) {
            throw TransportError(TransportError::Kind::connection,
                                 "the answer from " + url_.display() +
                                     " is not valid chunked encoding: " + e.what());
        }
    }
}

TransportError HttpClient::classify(const std::exception& error, bool reused) const {
    using Kind = TransportError::Kind;
    const std::string where = route();
    const auto* poco = dynamic_cast<const Poco::Exception*>(&error);
    const std::string detail =
        sanitise(poco ? poco->displayText() : std::string(error.what()), 300);
    if (dynamic_cast<const Poco::TimeoutException*>(&error))
        return TransportError(Kind::timeout,
                              "no answer from " + where + " within the timeout (connect_timeout " +
                                  std::to_string(settings_.connect_timeout.count()) +
                                  " ms, read_timeout " +
                                  std::to_string(settings_.read_timeout.count()) + " ms)",
                              reused);
    if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&error))
        return TransportError(Kind::connection,
                              "the TLS connection to " + where + " was closed: " + detail, reused);
    if (dynamic_cast<const Poco::Net::SSLException*>(&error)) {
        // OpenSSL 3 reports a peer that closed TCP without TLS's close_notify as "unexpected eof
        // while reading": a dropped connection, not a certificate problem.
        if (detail.find("unexpectedly closed") != std::string::npos ||
            detail.find("unexpected eof") != std::string::npos)
            return TransportError(Kind::connection,
                                  "the TLS connection to " + where + " was closed: " + detail,
                                  reused);
        if (detail.find("certificate") == std::string::npos &&
            detail.find("verify") == std::string::npos)
            return TransportError(
                Kind::tls, "TLS with " + where + " failed: " + detail +
                               ". Check that api_url (or the proxy) speaks TLS on that port");
        return TransportError(
            Kind::tls,
            "TLS with " + where + " failed: " + detail +
                ". The server's certificate must chain to a trusted CA (the system bundle, or "
                "ca_file for a private CA) and name the host '" +
                url_.host + "'");
    }
    if (dynamic_cast<const Poco::Net::HTTPException*>(&error) && proxy_ &&
        detail.find("proxy") != std::string::npos)
        return TransportError(Kind::proxy, "the proxy " + proxy_->display() +
                                               " refused the tunnel to " + url_.display() + ": " +
                                               detail);
    if (dynamic_cast<const Poco::Net::NoMessageException*>(&error))
        return TransportError(Kind::connection, where + " closed the connection without an answer",
                              reused);
    if (dynamic_cast<const Poco::Net::NetException*>(&error) ||
        dynamic_cast<const Poco::IOException*>(&error))
        return TransportError(Kind::connection, "connection to " + where + " failed: " + detail,
                              reused);
    return TransportError(Kind::connection, "request to " + where + " failed: " + detail, false);
}

}  // namespace iru::heroku::http
