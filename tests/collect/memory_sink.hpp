// Test doubles for the collector: a RecordSink and a Logger that keep everything in memory.
// Thread-safe, as the collector's contract requires.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/record_sink.hpp"
#include "core/logger.hpp"

namespace iru::test {

struct EmittedRecord {
    std::string type;
    std::string key;
    std::string data;  // as serialized by the sink (what a host would receive)
    nlohmann::json json() const { return nlohmann::json::parse(data); }
};

class MemorySink final : public heroku::RecordSink {
public:
    bool emit(std::string_view type, std::string_view key, const nlohmann::json& data) override {
        std::function<void()> hook;
        {
            std::lock_guard lock(mutex_);
            records_.push_back({std::string(type), std::string(key), data.dump()});
            hook = on_emit_;
        }
        if (hook) hook();
        return !refuse_.load();
    }
    void progress(const heroku::ProgressReport& report) override {
        std::lock_guard lock(mutex_);
        phases_.emplace_back(report.phase);
    }
    bool should_cancel() override { return cancel_.load(); }

    std::vector<EmittedRecord> records() const {
        std::lock_guard lock(mutex_);
        return records_;
    }
    std::vector<EmittedRecord> of_type(const std::string& type) const {
        std::vector<EmittedRecord> out;
        for (auto& r : records())
            if (r.type == type) out.push_back(r);
        return out;
    }
    std::vector<std::string> phases() const {
        std::lock_guard lock(mutex_);
        return phases_;
    }
    // Called (outside the lock) after each record; used to cancel mid-run.
    void on_emit(std::function<void()> hook) {
        std::lock_guard lock(mutex_);
        on_emit_ = std::move(hook);
    }
    std::atomic<bool> cancel_{false};
    std::atomic<bool> refuse_{false};

private:
    mutable std::mutex mutex_;
    std::vector<EmittedRecord> records_;
    std::vector<std::string> phases_;
    std::function<void()> on_emit_;
};

class MemoryLogger final : public heroku::Logger {
public:
    void log(heroku::LogLevel, std::string_view message) override {
        std::lock_guard lock(mutex_);
        lines_.emplace_back(message);
    }
    std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

}  // namespace iru::test
