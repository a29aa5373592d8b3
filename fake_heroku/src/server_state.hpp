// What the HTTP handler threads share: the immutable account, the mutable faults, the rate-limit
// bucket and the request log. Owned by FakeHeroku, outlives the server threads. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "api_router.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "rate_limit.hpp"
#include "request_log.hpp"

namespace iru::fake {

class ServerState {
public:
    explicit ServerState(const Config& config);

    const Account& account() const { return account_; }
    const std::string& token() const { return account_.spec.token; }

    FaultSpec faults() const;
    void set_faults(FaultSpec faults);
    // True (and one injected error used up) when this request should fail now; status set.
    bool take_server_error(const std::string& path, const std::string& query, int& status);

    // The server's clock, Unix seconds: the system clock unless set.
    std::int64_t now() const;
    void set_clock(std::optional<std::int64_t> unix_seconds);

    std::chrono::milliseconds latency() const {
        return std::chrono::milliseconds(latency_ms_.load());
    }
    void set_latency(std::chrono::milliseconds latency) { latency_ms_.store(latency.count()); }

    RateLimitBucket& bucket() { return bucket_; }
    NotModifiedCost not_modified_cost() const { return not_modified_cost_; }
    // The most items a page of `answer` may hold: its own limit and the server's cap, the lower
    // of the two when both are set; 0 when neither is.
    std::size_t page_size(const ApiAnswer& answer) const;

    // Config vars set after start (FakeHeroku::set_config_var), by app id: name -> value.
    void set_config_var(const std::string& app_id, const std::string& name,
                        const std::string& value);
    nlohmann::json config_var_changes(const std::string& app_id) const;  // {} when none
    std::vector<std::string> config_var_values() const;                  // every value set
    RequestLog& log() { return log_; }
    std::string next_request_id();

    // The answer stored under `key`, computed by `build` on first use (cache of answers that
    // depend on the immutable account only; only 200 answers are kept). Thread-safe; `build` may
    // run twice under a race.
    std::shared_ptr<const ApiAnswer> cached_answer(const std::string& key,
                                                   const std::function<ApiAnswer()>& build);

private:
    const Account account_;
    mutable std::mutex faults_mutex_;
    FaultSpec faults_;
    std::atomic<std::int64_t> latency_ms_;
    static constexpr std::int64_t real_time = INT64_MIN;
    std::atomic<std::int64_t> clock_{real_time};
    RateLimitBucket bucket_;
    const NotModifiedCost not_modified_cost_;
    const std::size_t max_page_size_;
    mutable std::mutex changes_mutex_;
    std::unordered_map<std::string, nlohmann::json> config_var_changes_;
    RequestLog log_;
    std::atomic<std::uint64_t> request_counter_{0};
    std::mutex cache_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const ApiAnswer>> cache_;
};

}  // namespace iru::fake
