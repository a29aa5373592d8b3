// The incremental collection's test harness: the host's carry-forward modelled in memory
// (CarryingSink, like the host stub's: a run's snapshot is the scoped records of the last finished
// run), a state store in memory, and a run of the collector against the fake Heroku.
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "collect/collector.hpp"
#include "collect/state_store.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "memory_sink.hpp"

namespace iru::test::incremental {

using namespace iru::heroku;
using iru::fake::FakeHeroku;
using nlohmann::json;

struct Kept {
    std::string type, key, data, scope;
    bool carried = false;
};

class CarryingSink final : public RecordSink {
public:
    explicit CarryingSink(bool offered) : offered_(offered) {}

    bool emit(std::string_view type, std::string_view key, const json& data) override {
        return emit_scoped(type, key, data, {});
    }
    bool emit_scoped(std::string_view type, std::string_view key, const json& data,
                     std::string_view scope) override {
        std::lock_guard lock(mutex_);
        if (!scope.empty()) emitted_scopes_.emplace(scope);
        run_.push_back({std::string(type), std::string(key), data.dump(), std::string(scope)});
        return ++emits_ != cancel_after_;
    }
    void progress(const ProgressReport&) override {}
    bool should_cancel() override {
        std::lock_guard lock(mutex_);
        return cancel_after_ != 0 && emits_ >= cancel_after_;
    }
    bool can_carry_forward() override { return offered_; }
    CarryResult carry_forward(std::string_view scope) override {
        std::lock_guard lock(mutex_);
        const std::string id(scope);
        if (emitted_scopes_.count(id) != 0 || !carried_scopes_.insert(id).second)
            return CarryResult::refused;
        const auto found = snapshot_.find(id);
        if (found == snapshot_.end()) return CarryResult::not_found;
        for (Kept record : found->second) {
            record.carried = true;
            run_.push_back(std::move(record));
        }
        return CarryResult::carried;
    }

    // Ends a run: a finished run's scoped records become the snapshot the next run carries from.
    std::vector<Kept> finish_run(bool finished) {
        std::lock_guard lock(mutex_);
        std::vector<Kept> records = std::move(run_);
        run_.clear();
        emitted_scopes_.clear();
        carried_scopes_.clear();
        emits_ = 0;
        cancel_after_ = 0;
        if (!finished) return records;
        snapshot_.clear();
        for (const Kept& record : records)
            if (!record.scope.empty()) snapshot_[record.scope].push_back(record);
        return records;
    }
    void cancel_after(std::uint64_t emits) {
        std::lock_guard lock(mutex_);
        cancel_after_ = emits;
    }

private:
    const bool offered_;
    std::mutex mutex_;
    std::vector<Kept> run_;
    std::set<std::string> emitted_scopes_, carried_scopes_;
    std::map<std::string, std::vector<Kept>> snapshot_;
    std::uint64_t emits_ = 0;
    std::uint64_t cancel_after_ = 0;  // 0: never
};

class MemoryState final : public StateStore {
public:
    std::optional<std::string> get(std::string_view key) override {
        std::lock_guard lock(mutex_);
        const auto found = values_.find(std::string(key));
        if (found == values_.end()) return std::nullopt;
        return found->second;
    }
    void set(std::string_view key, std::string_view value) override {
        std::lock_guard lock(mutex_);
        values_[std::string(key)] = std::string(value);
    }
    std::map<std::string, std::string> values() {
        std::lock_guard lock(mutex_);
        return values_;
    }
    void corrupt_every_value() {
        std::lock_guard lock(mutex_);
        for (auto& [key, value] : values_) value = "{\"read_at\":" + value.substr(0, 3);
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> values_;
};

struct Run {
    CollectOutcome outcome;
    std::vector<Kept> records;
    json summary;
    json incremental;

    // type + key -> data of every per-app record (scoped), as this run's snapshot holds it.
    std::map<std::string, std::string> per_app() const {
        std::map<std::string, std::string> out;
        for (const Kept& r : records)
            if (!r.scope.empty()) out[r.type + " " + r.key] = r.data;
        return out;
    }
    std::set<std::string> scopes(bool carried) const {
        std::set<std::string> out;
        for (const Kept& r : records)
            if (!r.scope.empty() && r.carried == carried) out.insert(r.scope);
        return out;
    }
};

inline iru::fake::Config small_account(int apps) {
    iru::fake::Config config;
    config.account.apps = apps;
    config.account.teams = 2;
    config.account.members_per_team = 3;
    config.account.token_expires_in = std::nullopt;  // expires_at would move with the clock
    config.server.rate_limit_start = 100'000'000;
    config.server.rate_limit_capacity = 100'000'000;
    return config;
}

inline Run collect(FakeHeroku& fake, CarryingSink& sink, StateStore* state,
                   const CollectOptions& options) {
    ClientOptions client_options;
    client_options.api_url = fake.base_url();
    client_options.concurrency = 4;
    client_options.max_retries = 1;
    client_options.backoff_base = std::chrono::milliseconds(1);
    client_options.max_run_time = std::chrono::milliseconds(300'000);
    iru::test::MemoryLogger logger;
    ApiClient client(client_options, logger);
    client.set_token(Secret(fake.token()));
    client.begin_run();
    Run run;
    run.outcome = collect_account(client, sink, logger, options, fake.token(), state);
    const bool finished = run.outcome.status == Status::ok || run.outcome.status == Status::partial;
    run.records = sink.finish_run(finished);
    REQUIRE_FALSE(run.records.empty());
    REQUIRE(run.records.back().type == "heroku.collection_summary");
    run.summary = json::parse(run.records.back().data);
    run.incremental = run.summary.at("incremental");
    return run;
}

inline std::set<std::string> listed_apps(const Run& run) {
    std::set<std::string> ids;
    for (const Kept& r : run.records)
        if (r.type == "heroku.app") ids.insert(r.key);
    return ids;
}

// The names of the apps with these ids, from the run's heroku.app records.
inline std::set<std::string> app_names(const Run& run, const std::set<std::string>& ids) {
    std::set<std::string> names;
    for (const Kept& r : run.records)
        if (r.type == "heroku.app" && ids.count(r.key) != 0)
            names.insert(json::parse(r.data).at("name").get<std::string>());
    return names;
}

// The names the summary lists under a read reason; each name once.
inline std::set<std::string> names_read_for(const Run& run, const char* reason) {
    std::set<std::string> names;
    const json listed = run.incremental.at("apps_read_by_reason").value(reason, json::array());
    for (const json& name : listed) CHECK(names.insert(name.get<std::string>()).second);
    return names;
}

inline bool has_gap(const Run& run, const std::string& kind) {
    for (const json& gap : run.summary.at("gaps"))
        if (gap.at("kind") == kind) return true;
    return false;
}

}  // namespace iru::test::incremental
