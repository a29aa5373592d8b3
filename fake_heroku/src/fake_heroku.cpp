// FakeHeroku: owns the ServerState and the Poco HTTP(S) server that serves it on loopback.
#include "fake_heroku/fake_heroku.hpp"

#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/ThreadPool.h>

#include "app_details.hpp"
#include "audit_trail.hpp"
#include "hostile_answers.hpp"
#include "http_handler.hpp"
#include "ids.hpp"
#include "server_state.hpp"

namespace iru::fake {
namespace {

std::string bind_host(const std::string& host) {
    if (host == "127.0.0.1" || host == "localhost") return "127.0.0.1";
    if (host == "::1") return "::1";
    throw std::invalid_argument(
        "fake-heroku binds to a loopback address only (127.0.0.1, ::1, localhost), not '" + host +
        "'");
}

// The "IRU-SECRET-MARKER-<id>" piece of a value that embeds one (a URL's credential).
std::string marker_in(const std::string& value) {
    const auto begin = value.find(kSecretMarker);
    if (begin == std::string::npos) return value;
    auto end = begin + kSecretMarker.size();
    while (end < value.size() &&
           (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '-'))
        ++end;
    return value.substr(begin, end - begin);
}

}  // namespace

struct FakeHeroku::Impl {
    explicit Impl(Config c)
        : config(std::move(c)), host(bind_host(config.server.host)), state(config) {
        if (config.server.tls_cert_file.empty() != config.server.tls_key_file.empty())
            throw std::invalid_argument("TLS needs both a certificate file and a key file");
        if (config.server.max_connections < 1 || config.server.max_connections > 256)
            throw std::invalid_argument("max_connections must be 1..256");
        if (!(config.server.time_scale > 0) || !std::isfinite(config.server.time_scale))
            throw std::invalid_argument("time_scale must be a positive number");
        if (!(config.server.customer_per_minute >= 0) ||
            !std::isfinite(config.server.customer_per_minute))
            throw std::invalid_argument("customer_per_minute must not be negative");
    }

    Config config;
    std::string host;
    ServerState state;
    std::mutex lifecycle;  // start/stop
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::uint16_t port = 0;
    bool tls() const { return !config.server.tls_cert_file.empty(); }
};

FakeHeroku::FakeHeroku(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}

FakeHeroku::~FakeHeroku() {
    try {
        stop();
    } catch (...) {}
}

void FakeHeroku::start() {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->server) return;
    const auto& sc = impl_->config.server;
    const Poco::Net::SocketAddress address(impl_->host, sc.port);
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(sc.max_connections);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(sc.keep_alive_timeout.count() * 1000));
    params->setTimeout(Poco::Timespan(sc.keep_alive_timeout.count() * 1000));
    params->setServerName("fake-heroku");
    Poco::Net::HTTPServerParams::Ptr params_ptr(params);
    impl_->pool = std::make_unique<Poco::ThreadPool>("fake-heroku", 2, sc.max_connections + 8, 60);
    // The server keeps its own handle on the socket; a SecureServerSocket is passed as the
    // ServerSocket it is (Poco sockets are handles on a shared implementation).
    const auto serve = [&](const Poco::Net::ServerSocket& socket) {
        impl_->port = socket.address().port();
        impl_->server = std::make_unique<Poco::Net::HTTPServer>(new ApiHandlerFactory(impl_->state),
                                                                *impl_->pool, socket, params_ptr);
    };
    try {
        if (impl_->tls()) {
            Poco::Net::initializeSSL();
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_SERVER_USE, sc.tls_key_file, sc.tls_cert_file, "",
                Poco::Net::Context::VERIFY_NONE, 9, false, "HIGH:!aNULL:!MD5:@STRENGTH");
            context->disableProtocols(
                Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
            const Poco::Net::SecureServerSocket socket(address, 64, context);
            serve(socket);
        } else {
            const Poco::Net::ServerSocket socket(address, 64);
            serve(socket);
        }
    } catch (const Poco::Exception& e) {
        impl_->pool.reset();
        throw std::runtime_error("fake-heroku cannot listen on " + impl_->host + ":" +
                                 std::to_string(sc.port) + ": " + e.displayText());
    }
    impl_->server->start();
}

void FakeHeroku::stop() {
    std::lock_guard lock(impl_->lifecycle);
    if (!impl_->server) return;
    // Poco's acceptor polls its socket every 250 ms before it sees the stop flag; a few loopback
    // connections wake it at once. Bounded: the waker ends when stop is done or after 1 s.
    std::atomic<bool> stopped{false};
    std::thread waker([&stopped, address = Poco::Net::SocketAddress(impl_->host, impl_->port)] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        while (!stopped.load() && std::chrono::steady_clock::now() < deadline) {
            try {
                Poco::Net::StreamSocket poke;
                poke.connect(address, Poco::Timespan(0, 100'000));
                poke.close();
            } catch (...) {}
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    impl_->server->stopAll(true);
    stopped.store(true);
    waker.join();
    impl_->pool->joinAll();
    impl_->server.reset();
    impl_->pool.reset();
}

std::uint16_t FakeHeroku::port() const { return impl_->port; }

std::string FakeHeroku::base_url() const {
    const std::string scheme = impl_->tls() ? "https://" : "http://";
    const std::string host = impl_->host == "::1" ? "[::1]" : impl_->host;
    return scheme + host + ":" + std::to_string(impl_->port);
}

const std::string& FakeHeroku::token() const { return impl_->state.token(); }

const Account& FakeHeroku::account() const { return impl_->state.account(); }

std::vector<std::string> FakeHeroku::planted_secrets() const {
    const Account& a = account();
    std::vector<std::string> out;
    for (const auto& auth : a.authorizations) {
        out.push_back(auth.access_token);
        if (!auth.refresh_token.empty()) out.push_back(auth.refresh_token);
        if (!auth.grant_code.empty()) out.push_back(auth.grant_code);
    }
    for (const auto& c : a.oauth_clients) out.push_back(c.secret);
    for (const auto& key : a.ssh_public_keys) out.push_back(marker_in(key));
    for (const auto& s : a.spaces) {
        for (const auto& v : s.vpn_connections) out.push_back(v.pre_shared_key);
        for (const auto& d : s.telemetry_drains) {
            out.push_back(d.api_key);
            out.push_back(marker_in(d.endpoint));                               // the user-info
            out.push_back(marker_in(d.endpoint.substr(d.endpoint.find('?'))));  // the query
        }
    }
    for (const auto& ad : a.addons)
        for (const auto& att : ad.attachments) out.push_back(marker_in(att.log_input_url));
    for (const auto& app : a.apps) {
        auto d = generate_app_details(a, app);
        out.insert(out.end(), std::make_move_iterator(d.secrets.begin()),
                   std::make_move_iterator(d.secrets.end()));
    }
    // The audit trail's secrets of the days a run reads by default (the week up to the clock).
    const std::int64_t now_seconds = impl_->state.now();
    const std::int64_t today = now_seconds / 86400;
    for (std::size_t ea = 0; ea < a.enterprise_accounts.size(); ++ea) {
        for (std::int64_t day = today - 6; day <= today; ++day) {
            auto events = audit_day(a, ea, day, now_seconds);
            out.insert(out.end(), std::make_move_iterator(events.secrets.begin()),
                       std::make_move_iterator(events.secrets.end()));
        }
        auto archives = audit_archives(a, ea, now_seconds);
        out.insert(out.end(), std::make_move_iterator(archives.secrets.begin()),
                   std::make_move_iterator(archives.secrets.end()));
    }
    auto changed = impl_->state.config_var_values();
    out.insert(out.end(), std::make_move_iterator(changed.begin()),
               std::make_move_iterator(changed.end()));
    auto hostile = hostile_secrets(a, faults().hostile);
    out.insert(out.end(), std::make_move_iterator(hostile.begin()),
               std::make_move_iterator(hostile.end()));
    return out;
}

std::vector<RecordedRequest> FakeHeroku::requests() const { return impl_->state.log().snapshot(); }
void FakeHeroku::clear_requests() { impl_->state.log().clear(); }
void FakeHeroku::set_faults(FaultSpec faults) { impl_->state.set_faults(std::move(faults)); }
FaultSpec FakeHeroku::faults() const { return impl_->state.faults(); }
void FakeHeroku::set_latency(std::chrono::milliseconds latency) {
    impl_->state.set_latency(latency);
}
void FakeHeroku::set_rate_limit_remaining(std::int64_t remaining) {
    impl_->state.bucket().set_remaining(remaining);
}
std::int64_t FakeHeroku::rate_limit_remaining() const { return impl_->state.bucket().remaining(); }
RateLimitStats FakeHeroku::rate_limit_stats() const {
    const BucketStats b = impl_->state.bucket().stats();
    return {b.remaining, b.served, b.lowest_after_request, b.customer_spent, b.customer_refused};
}
void FakeHeroku::set_customer_per_minute(double tokens_per_minute) {
    impl_->state.bucket().set_customer_per_minute(tokens_per_minute);
}
void FakeHeroku::set_rate_limit_time_running(bool running) {
    impl_->state.bucket().set_time_running(running);
}

void FakeHeroku::set_config_var(const std::string& app, const std::string& name,
                                const std::string& value) {
    for (const auto& a : account().apps) {
        if (a.id != app && a.name != app) continue;
        impl_->state.set_config_var(a.id, name, value);
        return;
    }
    throw std::invalid_argument("set_config_var: no app '" + app + "'");
}

void FakeHeroku::set_clock(std::optional<std::chrono::system_clock::time_point> now) {
    if (!now) {
        impl_->state.set_clock(std::nullopt);
        return;
    }
    impl_->state.set_clock(
        std::chrono::duration_cast<std::chrono::seconds>(now->time_since_epoch()).count());
}

std::chrono::system_clock::time_point FakeHeroku::now() const {
    return std::chrono::system_clock::time_point(std::chrono::seconds(impl_->state.now()));
}

std::vector<nlohmann::json> FakeHeroku::audit_events(
    std::size_t ea, std::chrono::system_clock::time_point day) const {
    const auto days = std::chrono::floor<std::chrono::days>(day).time_since_epoch().count();
    auto served = audit_day(account(), ea, days, impl_->state.now());
    return {served.events.begin(), served.events.end()};
}

}  // namespace iru::fake
