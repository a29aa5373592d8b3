// Where the collector sends records. plugin/ implements it over the host's emit(); tests implement
// it in memory. Implementations are thread-safe (the collector emits from its worker threads).
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/logger.hpp"

namespace iru::heroku {

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
};

}  // namespace iru::heroku
