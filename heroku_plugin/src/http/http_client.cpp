#include "http/http_client.hpp"

#include <algorithm>

#include <cstdlib>
#include <istream>

#include <openssl/err.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

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

}  // namespace

HttpClient::HttpClient(ApiUrl url, const HttpClientSettings& settings, const EnvironmentLookup& getenv)
    : url_(std::move(url)), settings_(settings) {
    Endpoint endpoint;
    endpoint.secure = url_.secure;
    endpoint.host = url_.host;
    endpoint.port = url_.port;
    endpoint.connect_timeout = settings_.connect_timeout;
    endpoint.read_timeout = settings_.read_timeout;
    if (url_.secure) {
        endpoint.tls = make_client_tls_context(settings_.ca_file, url_.host);
        // getenv is read once, while the plugin instance is created, before any worker thread runs.
        EnvironmentLookup lookup =
            getenv ? getenv
                   : EnvironmentLookup([](const char* n) { return std::getenv(n); });  // NOLINT(concurrency-mt-unsafe)
        proxy_ = resolve_proxy(settings_.proxy, url_.host, lookup);
        endpoint.proxy = proxy_;
    } else if (!settings_.proxy.empty()) {
        parse_proxy_url(settings_.proxy);  // validated even though plain loopback http is never proxied
    }
    pool_ = std::make_unique<ConnectionPool>(std::move(endpoint), settings_.pool_size);
}

std::string HttpClient::route() const {
    std::string out = url_.display();
    if (proxy_) out += " via proxy " + proxy_->display();
    return out;
}

void HttpClient::abort_all() noexcept { pool_->abort_all(); }

HttpResponse HttpClient::get(const std::string& target, const std::vector<Header>& headers) {
    ConnectionPool::Lease lease = [&] {
        try {
            return pool_->acquire();
        } catch (const PoolAborted&) {
            throw TransportError(TransportError::Kind::aborted, "the request was aborted");
        }
    }();
    const bool reused = lease.reused();
    try {
        return perform(lease.session(), target, headers);
    } catch (const TransportError&) {
        lease.discard();
        throw;
    } catch (const std::exception& e) {
        lease.discard();
        ERR_clear_error();  // leave no stale OpenSSL error behind on this thread
        if (pool_->aborted()) throw TransportError(TransportError::Kind::aborted, "the request was aborted");
        throw classify(e, reused);
    }
}

HttpResponse HttpClient::perform(Poco::Net::HTTPClientSession& session, const std::string& target,
                                 const std::vector<Header>& headers) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, url_.base_path + target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    for (const auto& [name, value] : headers) {
        if (!header_value_ok(name) || !header_value_ok(value))
            throw TransportError(TransportError::Kind::connection, "refused to send a header with a line break");
        request.set(name, value);
    }
    // Checked before and after connecting: an abort_all() that ran while this session had no socket
    // yet could not shut it down, but it has set the flag by then.
    if (pool_->aborted()) throw TransportError(TransportError::Kind::aborted, "the request was aborted");
    session.sendRequest(request);
    if (pool_->aborted()) throw TransportError(TransportError::Kind::aborted, "the request was aborted");

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    in.exceptions(std::ios::badbit);  // a read error surfaces as Poco's exception

    HttpResponse out;
    out.status = static_cast<int>(response.getStatus());
    out.reason = sanitise(response.getReason());
    out.request_id = sanitise(response.get("Request-Id", ""), 100);
    out.next_range = response.get("Next-Range", "");
    out.rate_limit_remaining = parse_remaining(response.get("RateLimit-Remaining", ""));
    out.oauth_scope = sanitise(response.get("OAuth-Scope", ""), 200);
    out.oauth_scope_accepted = sanitise(response.get("OAuth-Scope-Accepted", ""), 200);

    // Size the body once from Content-Length (bounded), rather than growing it by doubling: a
    // 1.5 MB list page then costs 1.5 MB, not the ~3 MB of its growth steps.
    if (response.hasContentLength() && response.getContentLength64() > 0)
        out.body.reserve(static_cast<std::size_t>(std::min<std::int64_t>(
            response.getContentLength64(), static_cast<std::int64_t>(settings_.max_body_bytes))));

    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof(buffer));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        if (out.body.size() + got > settings_.max_body_bytes)
            throw TransportError(TransportError::Kind::too_large,
                                 "the answer from " + url_.display() + " is larger than " +
                                     std::to_string(settings_.max_body_bytes >> 20) + " MiB");
        out.body.append(buffer, got);
    }
    if (response.hasContentLength() &&
        static_cast<std::int64_t>(out.body.size()) != response.getContentLength64())
        throw TransportError(TransportError::Kind::connection,
                             "the connection to " + url_.display() + " closed before the whole answer arrived");
    return out;
}

TransportError HttpClient::classify(const std::exception& error, bool reused) const {
    using Kind = TransportError::Kind;
    const std::string where = route();
    const auto* poco = dynamic_cast<const Poco::Exception*>(&error);
    const std::string detail = sanitise(poco ? poco->displayText() : std::string(error.what()), 300);
    if (dynamic_cast<const Poco::TimeoutException*>(&error))
        return TransportError(Kind::timeout,
                              "no answer from " + where + " within the timeout (connect_timeout " +
                                  std::to_string(settings_.connect_timeout.count()) + " ms, read_timeout " +
                                  std::to_string(settings_.read_timeout.count()) + " ms)",
                              reused);
    if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&error))
        return TransportError(Kind::connection, "the TLS connection to " + where + " was closed: " + detail, reused);
    if (dynamic_cast<const Poco::Net::SSLException*>(&error)) {
        if (detail.find("unexpectedly closed") != std::string::npos)
            return TransportError(Kind::connection, "the TLS connection to " + where + " was closed: " + detail,
                                  reused);
        return TransportError(Kind::tls,
                              "TLS with " + where + " failed: " + detail +
                                  ". The server's certificate must chain to a trusted CA (the system bundle, or "
                                  "ca_file for a private CA) and name the host '" + url_.host + "'");
    }
    if (dynamic_cast<const Poco::Net::HTTPException*>(&error) && proxy_ &&
        detail.find("proxy") != std::string::npos)
        return TransportError(Kind::proxy,
                              "the proxy " + proxy_->display() + " refused the tunnel to " + url_.display() + ": " +
                                  detail);
    if (dynamic_cast<const Poco::Net::NoMessageException*>(&error))
        return TransportError(Kind::connection, where + " closed the connection without an answer", reused);
    if (dynamic_cast<const Poco::Net::NetException*>(&error) || dynamic_cast<const Poco::IOException*>(&error))
        return TransportError(Kind::connection, "connection to " + where + " failed: " + detail, reused);
    return TransportError(Kind::connection, "request to " + where + " failed: " + detail, false);
}

}  // namespace iru::heroku::http
