// Where the collector sends records. plugin/ implements it over the host's emit(); tests implement
// it in memory. Implementations are thread-safe (the collector emits from its worker threads).
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/logger.hpp"

namespace iru::heroku {

// What a carry-forward request came to (see RecordSink::carry_forward).
enum class CarryResult {
    carried,    // the scope's records from the last snapshot are in this run
    not_found,  // no usable snapshot, or it holds nothing of the scope: read the scope instead
    refused,    // the host refused the scope (invalid, or already emitted or carried this run)
    stopped,    // the host wants the collection to stop
};

struct ProgressReport {
    std::uint64_t records_emitted = 0;
    std::uint64_t requests_made = 0;
    std::int64_t rate_limit_remaining = -1;
    std::string_view phase;
};

class RecordSink {
public:
    virtual ~RecordSink() = default;
    // Hands one redacted record on. Returns false when the host asked the collection to stop.
    virtual bool emit(std::string_view type, std::string_view key, const nlohmann::json& data) = 0;
    virtual void progress(const ProgressReport& report) = 0;
    // True when the host wants the collection to stop (polled between requests).
    virtual bool should_cancel() = 0;

    // Incremental collection, where the host offers it (iru.carry_forward/1). A scope names one
    // part of the account whose records are read, or carried, together: an app's id.
    // Like emit(), for a record of scope: the host keeps the scope so a later run can carry the
    // record forward. A sink without carry-forward emits it as any record.
    virtual bool emit_scoped(std::string_view type, std::string_view key,
                             const nlohmann::json& data, std::string_view scope) {
        (void)scope;
        return emit(type, key, data);
    }
    // True when the host carries records forward (whether or not it has a snapshot yet); false:
    // every scope must be read (a full collection).
    virtual bool can_carry_forward() { return false; }
    // Asks the host to copy scope's records from the last snapshot into this run, unchanged.
    virtual CarryResult carry_forward(std::string_view scope) {
        (void)scope;
        return CarryResult::not_found;
    }
};

}  // namespace iru::heroku
