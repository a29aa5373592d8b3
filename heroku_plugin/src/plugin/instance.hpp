// One configured Heroku source: what an iru_instance handle points to. Owns the API client; borrows
// the host. collect() runs on the host's thread; cancel() may come from any thread meanwhile.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <iru/source_plugin.h>

#include "api/api_client.hpp"
#include "plugin/host_bridge.hpp"
#include "plugin/options.hpp"

namespace iru::heroku {

class SourceInstance {
public:
    // Throws OptionsError or ApiError(bad_config) for unusable options.
    SourceInstance(const iru_host* host, std::string_view options_json);

    // Runs one collection; returns an IRU_STATUS_* code. Never throws.
    std::int32_t collect() noexcept;
    // Builds the troubleshooting report (JSON text, also when not ok) with a few GETs; returns an
    // IRU_STATUS_* code. Emits no records and sets no state. Never throws. Like collect().
    std::int32_t check(std::string& report) noexcept;
    void cancel() noexcept;

    const std::string& last_error() const noexcept { return last_error_; }

private:
    std::int32_t run_collection();
    // The token lent by the host, copied; nullopt with *status and last_error_ set when
    // missing/empty.
    std::optional<Secret> take_token(std::int32_t* status);

    HostBridge bridge_;
    PluginOptions options_;
    std::unique_ptr<ApiClient> client_;
    std::string last_error_;
};

std::int32_t to_abi_status(Status status) noexcept;

}  // namespace iru::heroku
