// An HTTP or HTTPS server on 127.0.0.1 (port chosen by the system) whose answers a test scripts
// with a handler function. Every request is recorded. Built on Poco's HTTPServer with keep-alive,
// so connection reuse is observable (connections_accepted()).
//
// Threads: the handler runs on the server's threads (several at once); the recorded requests can be
// read from any thread. The destructor stops the server, cutting delays short and aborting
// connections, and returns when the server threads have finished.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iru::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct RecordedRequest {
    std::string method;
    std::string target;  // as sent: path and query
    std::string path;
    std::string query;   // without '?'
    HeaderList headers;  // in arrival order, names as sent
    std::string body;

    // Case-insensitive header lookup; "" when absent.
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
};

struct ScriptedResponse {
    int status = 200;
    HeaderList headers;
    std::string body;
    std::chrono::milliseconds delay{0};  // wait before answering (cut short when the server stops)
    bool reset_connection = false;       // answer nothing: drop the connection with a TCP reset

    // A JSON answer (Content-Type application/json).
    static ScriptedResponse json(int status, std::string body, HeaderList headers = {});
    static ScriptedResponse reset();
};

// index: 0-based number of the request in arrival order.
using RequestHandler =
    std::function<ScriptedResponse(const RecordedRequest& request, std::size_t index)>;

struct TlsIdentity {
    std::filesystem::path certificate;  // PEM server certificate (chain)
    std::filesystem::path private_key;  // PEM key
};

class ScriptedHttpServer {
public:
    // Starts listening at once. With tls, serves HTTPS with that identity.
    explicit ScriptedHttpServer(RequestHandler handler,
                                std::optional<TlsIdentity> tls = std::nullopt);
    ~ScriptedHttpServer();
    ScriptedHttpServer(const ScriptedHttpServer&) = delete;
    ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

    std::uint16_t port() const noexcept;
    // "http://127.0.0.1:<port>" or "https://127.0.0.1:<port>"; host replaces 127.0.0.1 when given.
    std::string base_url(const std::string& host = "127.0.0.1") const;

    void set_handler(RequestHandler handler);
    std::vector<RecordedRequest> requests() const;
    std::size_t request_count() const;
    std::size_t connections_accepted() const;

    // Idempotent; the destructor calls it.
    void stop();

    // Implementation detail, shared with the server's handler threads.
    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace iru::test
