#include "server_state.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace iru::fake {

ServerState::ServerState(const Config& config)
    : account_(generate_account(config.account)),
      faults_(config.faults),
      latency_ms_(config.server.latency.count()),
      bucket_(BucketSpec{config.server.rate_limit_start, config.server.rate_limit_capacity,
                         config.server.refill_per_minute, config.server.customer_per_minute,
                         config.server.time_scale, config.server.rate_limit_time_held}),
      not_modified_cost_(config.server.not_modified_cost),
      max_page_size_(config.server.max_page_size) {}

std::size_t ServerState::page_size(const ApiAnswer& answer) const {
    if (answer.single_page || max_page_size_ == 0) return answer.page_size;
    return answer.page_size == 0 ? max_page_size_ : std::min(answer.page_size, max_page_size_);
}

void ServerState::set_config_var(const std::string& app_id, const std::string& name,
                                 const std::string& value) {
    std::lock_guard lock(changes_mutex_);
    auto& vars = config_var_changes_[app_id];
    if (!vars.is_object()) vars = nlohmann::json::object();
    vars[name] = value;
}

nlohmann::json ServerState::config_var_changes(const std::string& app_id) const {
    std::lock_guard lock(changes_mutex_);
    const auto found = config_var_changes_.find(app_id);
    return found == config_var_changes_.end() ? nlohmann::json::object() : found->second;
}

std::vector<std::string> ServerState::config_var_values() const {
    std::lock_guard lock(changes_mutex_);
    std::vector<std::string> out;
    for (const auto& [app, vars] : config_var_changes_)
        for (const auto& value : vars) out.push_back(value.get<std::string>());
    return out;
}

FaultSpec ServerState::faults() const {
    std::lock_guard lock(faults_mutex_);
    return faults_;
}

void ServerState::set_faults(FaultSpec faults) {
    std::lock_guard lock(faults_mutex_);
    faults_ = std::move(faults);
}

bool ServerState::take_server_error(const std::string& path, const std::string& query,
                                    int& status) {
    std::lock_guard lock(faults_mutex_);
    if (faults_.server_errors <= 0) return false;
    if (path.compare(0, faults_.server_error_path_prefix.size(),
                     faults_.server_error_path_prefix) != 0)
        return false;
    if (query.find(faults_.server_error_query) == std::string::npos) return false;
    if (faults_.server_error_skip > 0) {  // answered normally before the errors start
        --faults_.server_error_skip;
        return false;
    }
    --faults_.server_errors;
    status = faults_.server_error_status;
    return true;
}

std::int64_t ServerState::now() const {
    const std::int64_t set = clock_.load();
    if (set != real_time) return set;
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void ServerState::set_clock(std::optional<std::int64_t> unix_seconds) {
    clock_.store(unix_seconds.value_or(real_time));
}

std::shared_ptr<const ApiAnswer> ServerState::cached_answer(
    const std::string& key, const std::function<ApiAnswer()>& build) {
    {
        std::lock_guard lock(cache_mutex_);
        if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    auto answer = std::make_shared<const ApiAnswer>(build());  // outside the lock: may be slow
    if (answer->status != 200) return answer;  // errors are not kept (bounded cache)
    std::lock_guard lock(cache_mutex_);
    return cache_.emplace(key, std::move(answer)).first->second;
}

std::string ServerState::next_request_id() {
    const std::uint64_t n = ++request_counter_;
    char buf[40];
    (void)std::snprintf(buf, sizeof buf, "fa6e0000-0000-4000-8000-%012llx",
                        static_cast<unsigned long long>(n));
    return buf;
}

}  // namespace iru::fake
