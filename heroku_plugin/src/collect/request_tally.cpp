#include "collect/request_tally.hpp"

namespace iru::heroku {

namespace {

// Requests this thread's scopes have counted so far (for nested scopes).
thread_local std::uint64_t counted_by_thread = 0;

}  // namespace

RequestTally::Scope::Scope(RequestTally& tally, std::string_view type) noexcept
    : tally_(tally),
      type_(type),
      sent_before_(ApiClient::requests_sent_by_this_thread()),
      counted_before_(counted_by_thread) {}

RequestTally::Scope::~Scope() {
    const std::uint64_t sent = ApiClient::requests_sent_by_this_thread() - sent_before_;
    const std::uint64_t inner = counted_by_thread - counted_before_;
    const std::uint64_t own = sent > inner ? sent - inner : 0;
    counted_by_thread += own;
    try {
        tally_.add(type_, own);
    } catch (...) {  // an allocation failure loses a count, never the run
    }
}

void RequestTally::add(std::string_view type, std::uint64_t requests) {
    if (requests == 0) return;
    std::lock_guard lock(mutex_);
    const auto it = by_type_.find(type);
    if (it != by_type_.end())
        it->second += requests;
    else
        by_type_.emplace(std::string(type), requests);
}

nlohmann::json RequestTally::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [type, requests] : by_type_) out[type] = requests;
    return out;
}

}  // namespace iru::heroku
