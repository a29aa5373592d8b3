#include "plugin/host_bridge.hpp"

#include <string>

namespace iru::heroku {
namespace {

std::int32_t to_abi_level(LogLevel level) {
    switch (level) {
        case LogLevel::debug:
            return IRU_LOG_DEBUG;
        case LogLevel::info:
            return IRU_LOG_INFO;
        case LogLevel::warn:
            return IRU_LOG_WARN;
        case LogLevel::error:
            return IRU_LOG_ERROR;
    }
    return IRU_LOG_INFO;
}

void copy_into_secret(void* ctx, const char* value, std::uint64_t len) {
    *static_cast<Secret*>(ctx) = Secret(std::string_view(value, static_cast<std::size_t>(len)));
}

void copy_into_string(void* ctx, const char* value, std::uint64_t len) {
    static_cast<std::string*>(ctx)->assign(value, static_cast<std::size_t>(len));
}

}  // namespace

void HostBridge::log(LogLevel level, std::string_view message) {
    if (!IRU_STRUCT_HAS(host_, iru_host, log) || host_->log == nullptr) return;
    const std::string text(message);
    std::lock_guard lock(mutex_);
    host_->log(host_, to_abi_level(level), text.c_str());
}

bool HostBridge::count_emitted(std::string_view type, std::int32_t status) {
    if (status == IRU_STATUS_CANCELLED) return false;
    if (status != IRU_STATUS_OK) {
        ++rejected_;
        return true;  // the host counts and reports the rejected record; collection carries on
    }
    ++emitted_[std::string(type)];
    return true;
}

bool HostBridge::emit(std::string_view type, std::string_view key, const nlohmann::json& data) {
    return emit_scoped(type, key, data, {});
}

bool HostBridge::emit_scoped(std::string_view type, std::string_view key,
                             const nlohmann::json& data, std::string_view scope) {
    const std::string type_text(type), key_text(key), scope_text(scope), body = data.dump();
    iru_record record{};
    record.struct_size = sizeof(iru_record);
    record.type = type_text.c_str();
    record.key = key_text.c_str();
    record.data = body.data();
    record.data_len = body.size();
    std::lock_guard lock(mutex_);
    const iru_carry_forward_ext* carry = scope.empty() ? nullptr : carry_table();
    const std::int32_t status = carry != nullptr
                                    ? carry->emit_scoped(host_, &record, scope_text.c_str())
                                    : host_->emit(host_, &record);
    return count_emitted(type, status);
}

const iru_carry_forward_ext* HostBridge::carry_table() {
    if (carry_looked_up_) return carry_;
    carry_looked_up_ = true;
    if (!IRU_STRUCT_HAS(host_, iru_host, get_extension) || host_->get_extension == nullptr)
        return nullptr;
    const auto* table = static_cast<const iru_carry_forward_ext*>(
        host_->get_extension(host_, IRU_EXT_CARRY_FORWARD));
    if (IRU_STRUCT_HAS(table, iru_carry_forward_ext, last_snapshot) &&
        table->emit_scoped != nullptr && table->carry_forward != nullptr &&
        table->last_snapshot != nullptr)
        carry_ = table;
    return carry_;
}

bool HostBridge::can_carry_forward() {
    std::lock_guard lock(mutex_);
    return carry_table() != nullptr;
}

CarryResult HostBridge::carry_forward(std::string_view scope) {
    const std::string scope_text(scope);
    std::lock_guard lock(mutex_);
    const iru_carry_forward_ext* carry = carry_table();
    if (carry == nullptr) return CarryResult::not_found;
    std::uint64_t copied = 0;
    switch (carry->carry_forward(host_, scope_text.c_str(), &copied)) {
        case IRU_STATUS_OK:
            return CarryResult::carried;
        case IRU_STATUS_CANCELLED:
            return CarryResult::stopped;
        case IRU_STATUS_NOT_FOUND:
            return CarryResult::not_found;
        default:
            return CarryResult::refused;
    }
}

void HostBridge::progress(const ProgressReport& report) {
    if (!IRU_STRUCT_HAS(host_, iru_host, progress) || host_->progress == nullptr) return;
    const std::string phase(report.phase);
    iru_progress p{};
    p.struct_size = sizeof(iru_progress);
    p.records_emitted = report.records_emitted;
    p.requests_made = report.requests_made;
    p.rate_limit_remaining = report.rate_limit_remaining;
    p.phase = phase.empty() ? nullptr : phase.c_str();
    std::lock_guard lock(mutex_);
    host_->progress(host_, &p);
}

bool HostBridge::should_cancel() {
    if (!IRU_STRUCT_HAS(host_, iru_host, should_cancel) || host_->should_cancel == nullptr)
        return false;
    std::lock_guard lock(mutex_);
    return host_->should_cancel(host_) != 0;
}

std::optional<Secret> HostBridge::credential(const char* name, std::int32_t* status) {
    Secret secret;
    std::lock_guard lock(mutex_);
    *status = host_->get_credential(host_, name, &copy_into_secret, &secret);
    if (*status != IRU_STATUS_OK) return std::nullopt;
    return secret;
}

std::optional<std::string> HostBridge::state_get(const char* key) {
    if (!IRU_STRUCT_HAS(host_, iru_host, state_get) || host_->state_get == nullptr)
        return std::nullopt;
    std::string value;
    std::lock_guard lock(mutex_);
    if (host_->state_get(host_, key, &copy_into_string, &value) != IRU_STATUS_OK)
        return std::nullopt;
    return value;
}

void HostBridge::state_set(const char* key, std::string_view value) {
    if (!IRU_STRUCT_HAS(host_, iru_host, state_set) || host_->state_set == nullptr) return;
    std::lock_guard lock(mutex_);
    host_->state_set(host_, key, value.data(), value.size());
}

std::map<std::string, std::uint64_t> HostBridge::emitted_counts() const {
    std::lock_guard lock(mutex_);
    return emitted_;
}

std::uint64_t HostBridge::rejected_records() const {
    std::lock_guard lock(mutex_);
    return rejected_;
}

void HostBridge::reset_counts() {
    std::lock_guard lock(mutex_);
    emitted_.clear();
    rejected_ = 0;
}

}  // namespace iru::heroku
