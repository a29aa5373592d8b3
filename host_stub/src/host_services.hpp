// The iru_host services table lent to one plugin instance for one run: log, credentials, records,
// progress, cancellation and state. The C callbacks are noexcept and catch everything.
// Lifetime: the session outlives the plugin instance (destroy() is called before it goes away).
// Threads: the plugin serializes its calls; request_cancel() may come from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <iru/source_plugin.h>
#include <nlohmann/json.hpp>

#include "carry_forward.hpp"
#include "credentials.hpp"
#include "envelope.hpp"
#include "run_output.hpp"
#include "state_store.hpp"
#include "terminal.hpp"

namespace iru::host {

struct SessionSetup {
    EnvelopeContext envelope;  // source id, run id, plugin description
    CredentialVault* credentials = nullptr;
    StateStore* state = nullptr;  // nullptr: no state (get finds nothing, set is refused)
    RunOutput* output = nullptr;  // nullptr: records are validated and counted, not written
    Terminal* terminal = nullptr;
    // output_dir/<source>: where iru.carry_forward/1 finds the last snapshot. Empty: the host does
    // not offer the extension.
    std::filesystem::path source_dir;
};

// What the session saw, read after collect returns.
struct SessionTally {
    std::map<std::string, std::uint64_t> counts;  // accepted records by type
    std::uint64_t accepted = 0;
    std::uint64_t invalid = 0;
    std::map<std::string, std::uint64_t> invalid_reasons;  // reason -> count (no record data)
    std::optional<nlohmann::json>
        collection_summary;    // data of the last record of the descriptor's
                               // summary_record_type (none for a plugin without)
    std::string output_error;  // writing evidence failed (the run is stopped)
    std::uint64_t requests = 0;
    std::int64_t rate_limit_remaining = -1;
    std::uint64_t log_errors = 0;
    CarryTally carried;  // iru.carry_forward/1; its records are in counts and accepted too
};

class HostSession {
public:
    explicit HostSession(SessionSetup setup);
    HostSession(const HostSession&) = delete;
    HostSession& operator=(const HostSession&) = delete;

    const iru_host* table() const noexcept { return &host_; }
    void request_cancel() noexcept { cancel_.store(true); }
    bool cancel_requested() const noexcept { return cancel_.load(); }
    SessionTally tally() const;

private:
    static HostSession* self(const iru_host* host) noexcept;
    static void on_log(const iru_host* host, std::int32_t level, const char* msg) noexcept;
    static std::int32_t on_get_credential(const iru_host* host, const char* name, iru_lend_fn use,
                                          void* ctx) noexcept;
    static std::int32_t on_emit(const iru_host* host, const iru_record* record) noexcept;
    static void on_progress(const iru_host* host, const iru_progress* progress) noexcept;
    static std::int32_t on_should_cancel(const iru_host* host) noexcept;
    static std::int32_t on_state_get(const iru_host* host, const char* key, iru_lend_fn use,
                                     void* ctx) noexcept;
    static std::int32_t on_state_set(const iru_host* host, const char* key, const char* value,
                                     std::uint64_t value_len) noexcept;
    static const void* on_get_extension(const iru_host* host, const char* id) noexcept;
    // iru.carry_forward/1 (host_carry_forward.cpp).
    static std::int32_t on_emit_scoped(const iru_host* host, const iru_record* record,
                                       const char* scope) noexcept;
    static std::int32_t on_carry_forward(const iru_host* host, const char* scope,
                                         std::uint64_t* copied) noexcept;
    static std::int32_t on_last_snapshot(const iru_host* host, iru_snapshot_info* info) noexcept;
    static const iru_carry_forward_ext carry_forward_table;

    // scope: written into the envelope (emit_scoped); nullopt for emit.
    std::int32_t emit(const iru_record* record, std::optional<std::string_view> scope);
    std::int32_t carry_forward(const char* scope, std::uint64_t* copied);
    // Writes one carried line and counts it (under mutex_).
    SinkAnswer write_carried(std::string_view line, const CarriedLine& checked);
    // What emit and state_set answer for a refused record or value: IRU_STATUS_REJECTED, or
    // IRU_STATUS_BAD_CONFIG to a 1.0 plugin (which knows no REJECTED).
    std::int32_t refused_code() const noexcept;
    void reject(const std::string& reason);

    SessionSetup setup_;
    iru_host host_{};
    std::atomic<bool> cancel_{false};
    mutable std::mutex mutex_;
    SessionTally tally_;
    mutable std::mutex carry_mutex_;       // guards carry_; taken before mutex_, never inside it
    std::unique_ptr<CarryForward> carry_;  // nullptr when the extension is not offered
};

}  // namespace iru::host
