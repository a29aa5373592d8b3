#include "support/scripted_http_server.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

namespace iru::test {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (iequals(key, name)) return value;
    return {};
}

bool RecordedRequest::has_header(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return iequals(h.first, name); });
}

ScriptedResponse ScriptedResponse::json(int status, std::string body, HeaderList headers) {
    ScriptedResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.headers.emplace_back("Content-Type", "application/json");
    return r;
}

ScriptedResponse ScriptedResponse::reset() {
    ScriptedResponse r;
    r.reset_connection = true;
    return r;
}

struct ScriptedHttpServer::State {
    mutable std::mutex mutex;
    std::condition_variable stopping_cv;
    bool stopping = false;
    RequestHandler handler;
    std::vector<RecordedRequest> requests;
    bool ssl_initialised = false;
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::uint16_t port = 0;
    bool secure = false;

    // Returns false when the server is stopping.
    bool wait(std::chrono::milliseconds delay) {
        std::unique_lock lock(mutex);
        return !stopping_cv.wait_for(lock, delay, [this] { return stopping; });
    }
};

namespace {

class ScriptedHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit ScriptedHandler(std::shared_ptr<ScriptedHttpServer::State> state)
        : state_(std::move(state)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        RecordedRequest recorded;
        recorded.method = request.getMethod();
        recorded.target = request.getURI();
        const auto question = recorded.target.find('?');
        recorded.path = recorded.target.substr(0, question);
        if (question != std::string::npos) recorded.query = recorded.target.substr(question + 1);
        for (const auto& [name, value] : request) recorded.headers.emplace_back(name, value);
        Poco::StreamCopier::copyToString(request.stream(), recorded.body);

        RequestHandler handler;
        std::size_t index = 0;
        {
            std::lock_guard lock(state_->mutex);
            index = state_->requests.size();
            state_->requests.push_back(recorded);
            handler = state_->handler;
        }
        ScriptedResponse scripted =
            handler ? handler(recorded, index) : ScriptedResponse::json(404, "{}");

        if (scripted.delay.count() > 0 && !state_->wait(scripted.delay)) {
            scripted.reset_connection = true;
        }
        if (scripted.reset_connection) {
            auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
            socket.setLinger(true, 0);  // close() now sends a TCP reset
            socket.close();
            return;
        }
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(scripted.status));
        for (const auto& [name, value] : scripted.headers) response.set(name, value);
        response.setContentLength(static_cast<std::streamsize>(scripted.body.size()));
        response.sendBuffer(scripted.body.data(), scripted.body.size());
    }

private:
    std::shared_ptr<ScriptedHttpServer::State> state_;
};

class ScriptedHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ScriptedHandlerFactory(std::shared_ptr<ScriptedHttpServer::State> state)
        : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new ScriptedHandler(state_);
    }

private:
    std::shared_ptr<ScriptedHttpServer::State> state_;
};

}  // namespace

ScriptedHttpServer::ScriptedHttpServer(RequestHandler handler, std::optional<TlsIdentity> tls)
    : state_(std::make_shared<State>()) {
    state_->handler = std::move(handler);
    const Poco::Net::SocketAddress address("127.0.0.1", 0);
    Poco::Net::ServerSocket socket;
    if (tls) {
        Poco::Net::initializeSSL();
        state_->ssl_initialised = true;
        state_->secure = true;
        Poco::Net::Context::Params params;
        params.certificateFile = tls->certificate.string();
        params.privateKeyFile = tls->private_key.string();
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        socket = Poco::Net::SecureServerSocket(address, 64, context);
    } else {
        socket = Poco::Net::ServerSocket(address, 64);
    }
    state_->port = socket.address().port();

    auto params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    params->setMaxKeepAliveRequests(10000);
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    params->setTimeout(Poco::Timespan(10, 0));
    state_->pool = std::make_unique<Poco::ThreadPool>(2, 32);
    state_->server = std::make_unique<Poco::Net::HTTPServer>(new ScriptedHandlerFactory(state_),
                                                             *state_->pool, socket, params);
    state_->server->start();
}

ScriptedHttpServer::~ScriptedHttpServer() { stop(); }

void ScriptedHttpServer::stop() {
    if (!state_ || !state_->server) return;
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->stopping_cv.notify_all();
    state_->server->stopAll(true);
    state_->pool->joinAll();
    state_->server.reset();
    if (state_->ssl_initialised) {
        Poco::Net::uninitializeSSL();
        state_->ssl_initialised = false;
    }
}

std::uint16_t ScriptedHttpServer::port() const noexcept { return state_->port; }

std::string ScriptedHttpServer::base_url(const std::string& host) const {
    return std::string(state_->secure ? "https://" : "http://") + host + ":" +
           std::to_string(state_->port);
}

void ScriptedHttpServer::set_handler(RequestHandler handler) {
    std::lock_guard lock(state_->mutex);
    state_->handler = std::move(handler);
}

std::vector<RecordedRequest> ScriptedHttpServer::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests;
}

std::size_t ScriptedHttpServer::request_count() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests.size();
}

std::size_t ScriptedHttpServer::connections_accepted() const {
    return state_->server ? static_cast<std::size_t>(state_->server->totalConnections()) : 0;
}

}  // namespace iru::test
