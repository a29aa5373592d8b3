#include "run_status.hpp"

#include <iru/source_plugin.h>

#include "exit_codes.hpp"

namespace iru::host {

RunStatus run_status_from_abi(std::int32_t abi_status) noexcept {
    switch (abi_status) {
        case IRU_STATUS_OK:
            return RunStatus::complete;
        case IRU_STATUS_PARTIAL:
            return RunStatus::partial;
        case IRU_STATUS_AUTH_FAILED:
            return RunStatus::auth_failed;
        case IRU_STATUS_PERMISSION_DENIED:
            return RunStatus::permission_denied;
        case IRU_STATUS_RATE_LIMITED:
            return RunStatus::rate_limited;
        case IRU_STATUS_NETWORK:
            return RunStatus::network;
        case IRU_STATUS_BAD_CONFIG:
            return RunStatus::bad_config;
        case IRU_STATUS_CANCELLED:
            return RunStatus::cancelled;
        case IRU_STATUS_UNSUPPORTED:
            return RunStatus::unsupported;
        default:
            return RunStatus::internal;
    }
}

std::string_view to_string(RunStatus status) noexcept {
    switch (status) {
        case RunStatus::complete:
            return "complete";
        case RunStatus::partial:
            return "partial";
        case RunStatus::auth_failed:
            return "auth_failed";
        case RunStatus::permission_denied:
            return "permission_denied";
        case RunStatus::rate_limited:
            return "rate_limited";
        case RunStatus::network:
            return "network";
        case RunStatus::bad_config:
            return "bad_config";
        case RunStatus::cancelled:
            return "cancelled";
        case RunStatus::internal:
            return "internal";
        case RunStatus::unsupported:
            return "unsupported";
        case RunStatus::plugin_error:
            return "plugin_error";
        case RunStatus::host_error:
            return "host_error";
        case RunStatus::crashed:
            return "crashed";
    }
    return "internal";
}

std::optional<RunStatus> run_status_from_name(std::string_view name) noexcept {
    for (int i = static_cast<int>(RunStatus::complete); i <= static_cast<int>(RunStatus::crashed);
         ++i) {
        const auto status = static_cast<RunStatus>(i);
        if (to_string(status) == name) return status;
    }
    return std::nullopt;
}

int exit_code_for(RunStatus status) noexcept {
    switch (status) {
        case RunStatus::complete:
            return exit_complete;
        case RunStatus::partial:
            return exit_partial;
        case RunStatus::auth_failed:
            return exit_auth_failure;
        case RunStatus::bad_config:
        case RunStatus::internal:
        case RunStatus::unsupported:
        case RunStatus::plugin_error:
        case RunStatus::crashed:
            return exit_config_error;
        case RunStatus::permission_denied:
        case RunStatus::rate_limited:
        case RunStatus::network:
        case RunStatus::cancelled:
        case RunStatus::host_error:
            return exit_other_failure;
    }
    return exit_other_failure;
}

bool is_usable(RunStatus status) noexcept {
    return status == RunStatus::complete || status == RunStatus::partial;
}

LogLevel log_level_from_abi(std::int32_t abi_level) noexcept {
    switch (abi_level) {
        case IRU_LOG_DEBUG:
            return LogLevel::debug;
        case IRU_LOG_WARN:
            return LogLevel::warn;
        case IRU_LOG_ERROR:
            return LogLevel::error;
        default:
            return LogLevel::info;
    }
}

std::string_view to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::debug:
            return "debug";
        case LogLevel::info:
            return "info";
        case LogLevel::warn:
            return "warn";
        case LogLevel::error:
            return "error";
    }
    return "info";
}

}  // namespace iru::host
