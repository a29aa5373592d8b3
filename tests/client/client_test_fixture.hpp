// Shared pieces of the client tests: a capturing logger, options with short timeouts, the token
// marker, and checks that run after every scenario (headers the server saw, no token anywhere).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "api/api_client.hpp"
#include "core/logger.hpp"
#include "support/scripted_http_server.hpp"

namespace iru::test {

// Unique, searchable; never legitimately appears in output.
inline const std::string token_marker = "HRKU-client-IRU-SECRET-MARKER-4f1c9d";
inline const std::string test_user_agent = "iru-heroku-source/1.0.0 (client-tests/1)";

class CapturingLogger final : public heroku::Logger {
public:
    void log(heroku::LogLevel level, std::string_view message) override {
        std::lock_guard lock(mutex_);
        lines_.push_back({level, std::string(message)});
    }
    std::vector<std::pair<heroku::LogLevel, std::string>> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    bool contains(std::string_view text) const {
        std::lock_guard lock(mutex_);
        for (const auto& l : lines_)
            if (l.second.find(text) != std::string::npos) return true;
        return false;
    }
    std::size_t count(heroku::LogLevel level) const {
        std::lock_guard lock(mutex_);
        std::size_t n = 0;
        for (const auto& l : lines_) n += l.first == level ? 1 : 0;
        return n;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<heroku::LogLevel, std::string>> lines_;
};

// Short timeouts and back-offs so the suite stays fast.
inline heroku::ClientOptions fast_options(const std::string& api_url) {
    heroku::ClientOptions o;
    o.api_url = api_url;
    o.concurrency = 4;
    o.connect_timeout = std::chrono::milliseconds(2000);
    o.read_timeout = std::chrono::milliseconds(2000);
    o.max_retries = 3;
    o.rate_limit_reserve = 100;
    o.max_rate_limit_wait = std::chrono::milliseconds(2000);
    o.max_run_time = std::chrono::milliseconds(60'000);
    o.backoff_base = std::chrono::milliseconds(10);
    o.user_agent = test_user_agent;
    return o;
}

// Runs fn, which must throw ApiError; checks the message is free of the token; returns the error.
inline heroku::ApiError expect_api_error(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const heroku::ApiError& e) {
        INFO("message: " << e.what());
        CHECK(std::string(e.what()).find("IRU-SECRET-MARKER") == std::string::npos);
        return e;
    }
    FAIL("expected an ApiError");
    throw std::logic_error("unreachable");
}

// Every request a server saw was a GET with the client's headers; Request-Ids are UUIDs, unique.
inline void check_requests_well_formed(const ScriptedHttpServer& server) {
    std::vector<std::string> ids;
    for (const auto& r : server.requests()) {
        INFO("request " << r.target);
        CHECK(r.method == "GET");
        CHECK(r.body.empty());
        CHECK(r.header("Accept") == "application/vnd.heroku+json; version=3");
        CHECK(r.header("Authorization") == "Bearer " + token_marker);
        CHECK(r.header("User-Agent") == test_user_agent);
        const std::string id = r.header("Request-Id");
        CHECK(id.size() == 36);
        CHECK(std::count(id.begin(), id.end(), '-') == 4);
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

inline void check_log_free_of_token(const CapturingLogger& logger) {
    for (const auto& line : logger.lines()) {
        INFO("log line: " << line.second);
        CHECK(line.second.find("IRU-SECRET-MARKER") == std::string::npos);
        CHECK(line.second.find("Bearer") == std::string::npos);
    }
}

inline std::unique_ptr<heroku::ApiClient> make_client(const heroku::ClientOptions& options,
                                                      heroku::Logger& logger) {
    auto client = std::make_unique<heroku::ApiClient>(options, logger);
    client->set_token(heroku::Secret(token_marker));
    client->begin_run();
    return client;
}

// "[{"id":"<prefix>0"},...]" with n items.
inline std::string json_items(const std::string& prefix, int n) {
    std::string out = "[";
    for (int i = 0; i < n; ++i) {
        if (i > 0) out += ',';
        out.append("{\"id\":\"").append(prefix).append(std::to_string(i)).append("\"}");
    }
    return out + "]";
}

using Clock = std::chrono::steady_clock;
inline long long ms_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace iru::test
