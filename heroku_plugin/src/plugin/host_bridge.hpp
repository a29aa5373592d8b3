// Adapters from the plugin's insides (Logger, RecordSink) to the host's C services (iru_host).
// The ABI promises the host that one instance never runs two service calls at once: every call goes
// through one mutex here. The host pointer is borrowed; it outlives the instance.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <iru/source_plugin.h>

#include "collect/record_sink.hpp"
#include "collect/state_store.hpp"
#include "core/logger.hpp"
#include "core/secret.hpp"

namespace iru::heroku {

class HostBridge final : public Logger, public RecordSink, public StateStore {
public:
    explicit HostBridge(const iru_host* host) : host_(host) {}

    // Logger
    void log(LogLevel level, std::string_view message) override;

    // RecordSink
    bool emit(std::string_view type, std::string_view key, const nlohmann::json& data) override;
    void progress(const ProgressReport& report) override;
    bool should_cancel() override;
    // Carry-forward through the host's iru.carry_forward/1, when it offers it.
    bool emit_scoped(std::string_view type, std::string_view key, const nlohmann::json& data,
                     std::string_view scope) override;
    bool can_carry_forward() override;
    CarryResult carry_forward(std::string_view scope) override;

    // The credential `name`, copied out of the host's lent buffer; nullopt with *status set when
    // the host has none.
    std::optional<Secret> credential(const char* name, std::int32_t* status);

    // Source-scoped state; nullopt when absent or when the host offers no state store.
    std::optional<std::string> state_get(const char* key);
    void state_set(const char* key, std::string_view value);

    // StateStore (the collection's cursors)
    std::optional<std::string> get(std::string_view key) override {
        return state_get(std::string(key).c_str());
    }
    void set(std::string_view key, std::string_view value) override {
        state_set(std::string(key).c_str(), value);
    }

    // Records emitted per type since the last reset (the host's view, for the run's bookkeeping).
    std::map<std::string, std::uint64_t> emitted_counts() const;
    std::uint64_t rejected_records() const;
    void reset_counts();

private:
    // The host's carry-forward table, looked up once; nullptr when it offers none. mutex_ held.
    const iru_carry_forward_ext* carry_table();
    bool count_emitted(std::string_view type, std::int32_t status);  // mutex_ held

    const iru_host* host_;
    bool carry_looked_up_ = false;
    const iru_carry_forward_ext* carry_ = nullptr;
    mutable std::mutex mutex_;  // serializes every host service call
    std::map<std::string, std::uint64_t> emitted_;
    std::uint64_t rejected_ = 0;
};

}  // namespace iru::heroku
