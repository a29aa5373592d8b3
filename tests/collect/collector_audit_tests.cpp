// The audit trail against the fake Heroku: every event of every day read, across runs, pages and
// day boundaries, none twice in a run and no complete day twice across runs; a day a run could not
// finish read again; an enterprise account the token may not view is a gap naming the permission;
// no secret of an event's data or an archive's link in any record or log line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "collect/audit_cursor.hpp"
#include "collect/collector.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "fixtures_io.hpp"
#include "memory_sink.hpp"
#include "schema_check.hpp"
#include "test_collection.hpp"

using namespace iru::heroku;
using iru::fake::FakeHeroku;
using iru::test::EmittedRecord;
using nlohmann::json;

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::sys_days;
using time_point = std::chrono::system_clock::time_point;

class MemoryState final : public StateStore {
public:
    std::optional<std::string> get(std::string_view key) override {
        std::lock_guard lock(mutex_);
        const auto it = values_.find(std::string(key));
        if (it == values_.end()) return std::nullopt;
        return it->second;
    }
    void set(std::string_view key, std::string_view value) override {
        std::lock_guard lock(mutex_);
        values_[std::string(key)] = std::string(value);
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> values_;
};

iru::fake::Config fake_config() {
    iru::fake::Config config;
    config.account.apps = 4;
    config.account.teams = 2;
    config.account.members_per_team = 2;
    config.server.rate_limit_start = 100'000'000;
    config.server.rate_limit_capacity = 100'000'000;
    return config;
}

const std::set<std::string> audit_only = {"heroku.enterprise_account", "heroku.audit_event",
                                          "heroku.audit_archive"};

struct AuditRun {
    CollectOutcome outcome;
    std::vector<EmittedRecord> records;
    std::vector<std::string> log_lines;
    std::vector<iru::fake::RecordedRequest> requests;

    std::vector<EmittedRecord> of(const std::string& type) const {
        std::vector<EmittedRecord> out;
        for (const auto& r : records)
            if (r.type == type) out.push_back(r);
        return out;
    }
    json summary() const { return records.back().json(); }
    // The days whose events were requested, each once however many pages.
    std::set<std::string> days_requested() const {
        std::set<std::string> out;
        for (const auto& r : requests)
            if (r.path.find("/events") != std::string::npos) out.insert(r.query.substr(4));
        return out;
    }
};

// How a run is cut short: a hook installed before it (may cancel), and its max_run_time.
struct Interruption {
    std::function<void(iru::test::MemorySink&, ApiClient&)> before;
    std::chrono::milliseconds max_run_time{120'000};
};

// One collection with the fake's clock at `now` (the collector's clock follows the fake's).
AuditRun collect(FakeHeroku& fake, StateStore* state, time_point now, int lookback,
                 std::set<std::string> include = audit_only, const Interruption& cut = {}) {
    fake.set_clock(now);
    fake.clear_requests();
    ClientOptions options = iru::test::test_client_options(fake.base_url(), 4);
    options.max_run_time = cut.max_run_time;
    iru::test::TestCollectionSetup setup;
    setup.before = cut.before;
    setup.options.include = std::move(include);
    setup.options.audit_lookback_days = lookback;
    setup.options.clock = [&fake] { return fake.now(); };
    setup.state = state;
    iru::test::TestCollection collected =
        iru::test::run_test_collection(options, fake.token(), setup);
    AuditRun run;
    run.outcome = collected.outcome;
    run.records = std::move(collected.records);
    run.log_lines = std::move(collected.log_lines);
    run.requests = fake.requests();
    return run;
}

time_point at(std::int64_t day, int hour) { return time_point(sys_days{days{day}} + hours{hour}); }

std::string day_text(std::int64_t day) { return format_day(Day{sys_days{days{day}}}); }

// The keys the fake's events of [first, last] have (as of its clock now).
std::set<std::string> fake_keys(const FakeHeroku& fake, std::int64_t first, std::int64_t last) {
    const std::string ea = fake.account().enterprise_accounts.at(0).id;
    std::set<std::string> keys;
    for (std::int64_t d = first; d <= last; ++d)
        for (const auto& e : fake.audit_events(0, at(d, 0)))
            keys.insert(ea + "/" + e["id"].get<std::string>());
    return keys;
}

// The run's event keys; fails when one is emitted twice.
std::set<std::string> event_keys(const AuditRun& run) {
    std::set<std::string> keys;
    for (const auto& r : run.of("heroku.audit_event")) {
        INFO(r.key);
        CHECK(keys.insert(r.key).second);
    }
    return keys;
}

std::optional<std::string> cursor_of(MemoryState& state, const FakeHeroku& fake) {
    const auto value = state.get(audit_cursor_key(fake.account().enterprise_accounts.at(0).id));
    if (!value) return std::nullopt;
    return json::parse(*value).at("complete_through").get<std::string>();
}

void check_summary_schema(const AuditRun& run) {
    const json schema = iru::test::read_json_file(std::filesystem::path(IRU_RECORD_SCHEMAS_DIR) /
                                                  "heroku.collection_summary.schema.json");
    const auto errors = iru::test::schema_errors(schema, run.summary());
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
}

void check_no_secret(const AuditRun& run) {
    std::size_t dirty = 0;
    auto clean = [](const std::string& t) {
        return t.find("IRU-SECRET-MARKER") == std::string::npos &&
               t.find("HRKU-") == std::string::npos;
    };
    for (const auto& r : run.records) dirty += clean(r.key) && clean(r.data) ? 0 : 1;
    for (const auto& l : run.log_lines) dirty += clean(l) ? 0 : 1;
    CHECK(clean(run.outcome.message));
    CHECK(dirty == 0);
}

// A day after `from` of each kind the fake serves: d % 7 == 3 is empty, d % 5 == 0 has three
// pages. t % 35 == 18: t - 1 is empty, t + 2 has three pages.
std::int64_t pick_today(std::int64_t from) {
    while (from % 35 != 18) ++from;
    return from;
}

}  // namespace

TEST_CASE("audit trail: 60 days over several pages are read completely in one run",
          "[collector][fake][audit]") {
    FakeHeroku fake(fake_config());
    fake.start();
    MemoryState state;
    const std::int64_t today = 20'800;
    const AuditRun run = collect(fake, &state, at(today, 12), 60);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::ok);
    const auto expected = fake_keys(fake, today - 59, today);
    CHECK(event_keys(run) == expected);
    CHECK(run.of("heroku.audit_event").size() == expected.size());
    CHECK(run.days_requested().size() == 60);
    // Requests: one a day and one more per further page (100 events a page).
    std::size_t event_requests = 0;
    for (const auto& r : run.requests)
        event_requests += r.path.find("/events") != std::string::npos;
    std::size_t pages = 0;
    std::size_t busy_days = 0;
    for (std::int64_t d = today - 59; d <= today; ++d) {
        const std::size_t n = fake.audit_events(0, at(d, 0)).size();
        pages += std::max<std::size_t>(1, (n + 99) / 100);
        busy_days += n > 100 ? 1 : 0;
    }
    CHECK(event_requests == pages);
    CHECK(busy_days >= 5);
    CHECK(cursor_of(state, fake) == day_text(today - 1));

    const json trail = run.summary().at("audit_trail");
    REQUIRE(trail.size() == 1);
    CHECK(trail[0]["enterprise_account"]["id"] == fake.account().enterprise_accounts[0].id);
    CHECK(trail[0]["first_day"] == day_text(today - 59));
    CHECK(trail[0]["last_day"] == day_text(today));
    CHECK(trail[0]["days_read"] == 60);
    CHECK(trail[0]["days_complete"] == 59);
    CHECK(trail[0]["events"] == expected.size());
    CHECK(trail[0]["cursor_before"].is_null());
    CHECK(trail[0]["cursor"] == day_text(today - 1));
    CHECK(run.of("heroku.audit_archive").size() == 6);
    check_summary_schema(run);
    check_no_secret(run);
}

TEST_CASE("audit trail: runs across day boundaries read every event once, today until it is over",
          "[collector][fake][audit]") {
    FakeHeroku fake(fake_config());
    fake.start();
    MemoryState state;
    const std::int64_t t = pick_today(20'810);
    std::set<std::string> all;
    std::vector<std::set<std::string>> days_per_run;
    auto run_at = [&](time_point now) {
        const AuditRun run = collect(fake, &state, now, 3);
        INFO(run.outcome.message);
        CHECK(run.outcome.status == Status::ok);
        const auto keys = event_keys(run);
        all.insert(keys.begin(), keys.end());
        days_per_run.push_back(run.days_requested());
        check_no_secret(run);
        return run;
    };
    run_at(at(t, 10));
    CHECK(cursor_of(state, fake) == day_text(t - 1));
    run_at(at(t, 18));  // later the same day: today again, and only today
    run_at(at(t + 1, 9));
    CHECK(cursor_of(state, fake) == day_text(t));
    const AuditRun last = run_at(at(t + 3, 1));
    CHECK(cursor_of(state, fake) == day_text(t + 2));

    using days_set = std::set<std::string>;
    REQUIRE(days_per_run.size() == 4);
    CHECK(days_per_run[0] == days_set{day_text(t - 2), day_text(t - 1), day_text(t)});
    CHECK(days_per_run[1] == days_set{day_text(t)});
    CHECK(days_per_run[2] == days_set{day_text(t), day_text(t + 1)});
    CHECK(days_per_run[3] == days_set{day_text(t + 1), day_text(t + 2), day_text(t + 3)});
    // Nothing missing, nothing more: the fake's events of every day through the last clock.
    CHECK(all == fake_keys(fake, t - 2, t + 3));
    // The empty day was read (and is complete); the busy one took several pages.
    CHECK(fake.audit_events(0, at(t - 1, 0)).empty());
    CHECK(fake.audit_events(0, at(t + 2, 0)).size() > 200);
    const json trail = last.summary().at("audit_trail").at(0);
    CHECK(trail["cursor_before"] == day_text(t));
    CHECK(trail["cursor"] == day_text(t + 2));
    CHECK(trail["days_read"] == 3);
}

TEST_CASE("audit trail: a day whose page fails is read again by the next run",
          "[collector][fake][audit]") {
    FakeHeroku fake(fake_config());
    fake.start();
    MemoryState state;
    const std::int64_t t = pick_today(20'850);
    const std::int64_t busy = t + 2;  // three pages
    const std::string ea = fake.account().enterprise_accounts.at(0).id;
    // The first run: today is t + 3; the second page of the busy day fails.
    auto faults = fake.faults();
    faults.server_errors = 5;
    faults.server_error_path_prefix = "/enterprise-accounts/" + ea + "/events";
    faults.server_error_query = "day=" + day_text(busy);
    faults.server_error_skip = 1;
    faults.server_error_status = 500;
    fake.set_faults(faults);
    state.set(audit_cursor_key(ea), cursor_value(Day{sys_days{days{t}}}));
    const AuditRun first = collect(fake, &state, at(t + 3, 6), 7);
    CHECK(first.outcome.status == Status::partial);
    CHECK(first.days_requested() ==
          std::set<std::string>{day_text(t + 1), day_text(busy), day_text(t + 3)});
    bool gap_named = false;
    const json first_summary = first.summary();
    for (const auto& gap : first_summary["gaps"])
        gap_named = gap_named || gap["resource"].get<std::string>().find("day=" + day_text(busy)) !=
                                     std::string::npos;
    CHECK(gap_named);
    CHECK(cursor_of(state, fake) == day_text(t + 1));  // not past the day that failed
    const json trail = first.summary().at("audit_trail").at(0);
    CHECK(trail["days_complete"] == 1);
    CHECK(trail["cursor"] == day_text(t + 1));

    faults.server_errors = 0;
    fake.set_faults(faults);
    const AuditRun second = collect(fake, &state, at(t + 3, 20), 7);
    CHECK(second.outcome.status == Status::ok);
    CHECK(second.days_requested() == std::set<std::string>{day_text(busy), day_text(t + 3)});
    CHECK(cursor_of(state, fake) == day_text(busy));
    std::set<std::string> all = event_keys(first);
    for (const auto& k : event_keys(second)) all.insert(k);
    CHECK(all == fake_keys(fake, t + 1, t + 3));
}

TEST_CASE("audit trail: a run stopped mid-day leaves that day and the later ones to the next run",
          "[collector][fake][audit]") {
    FakeHeroku fake(fake_config());
    fake.start();
    MemoryState state;
    const std::int64_t t = pick_today(20'890);
    const std::int64_t busy = t + 2;  // three pages; today is t + 3
    const std::string ea = fake.account().enterprise_accounts.at(0).id;
    state.set(audit_cursor_key(ea), cursor_value(Day{sys_days{days{t + 1}}}));
    fake.set_clock(at(t + 3, 6));
    REQUIRE(fake.audit_events(0, at(busy, 0)).size() > 200);

    Interruption cut;
    Status stopped_as = Status::ok;
    std::string stopped_gap;
    SECTION("cancelled after the hundredth record") {
        cut.before = [](iru::test::MemorySink& sink, ApiClient& client) {
            sink.on_emit([&client, n = std::make_shared<std::atomic<int>>(0)] {
                if (++*n == 100) client.cancel();
            });
        };
        stopped_as = Status::cancelled;
        stopped_gap = "cancelled";
    }
    SECTION("stopped by max_run_time") {
        // From the hundredth record on, every record holds its thread until the run's time is up:
        // the busy day, over 200 events, cannot end before.
        cut.max_run_time = std::chrono::milliseconds(1'500);
        cut.before = [max = cut.max_run_time](iru::test::MemorySink& sink, ApiClient&) {
            const auto up = std::chrono::steady_clock::now() + max + std::chrono::milliseconds(200);
            sink.on_emit([up, n = std::make_shared<std::atomic<int>>(0)] {
                if (++*n >= 100) std::this_thread::sleep_until(up);
            });
        };
        stopped_as = Status::partial;
        stopped_gap = "run_time_exceeded";
    }
    const AuditRun first = collect(fake, &state, at(t + 3, 6), 7, audit_only, cut);
    INFO(first.outcome.message);
    CHECK(first.outcome.status == stopped_as);
    std::set<std::string> gap_kinds;
    const json first_summary = first.summary();
    for (const auto& gap : first_summary["gaps"]) gap_kinds.insert(gap["kind"]);
    CHECK(gap_kinds.count(stopped_gap) == 1);
    const json trail = first_summary.at("audit_trail").at(0);
    CHECK(trail["days_complete"] == 0);
    CHECK(trail["cursor"] == day_text(t + 1));
    CHECK(first.of("heroku.audit_event").size() < fake.audit_events(0, at(busy, 0)).size());
    CHECK(cursor_of(state, fake) == day_text(t + 1));  // not moved past the day not finished
    check_no_secret(first);

    const AuditRun second = collect(fake, &state, at(t + 3, 20), 7);
    INFO(second.outcome.message);
    CHECK(second.outcome.status == Status::ok);
    CHECK(second.days_requested() == std::set<std::string>{day_text(busy), day_text(t + 3)});
    CHECK(cursor_of(state, fake) == day_text(busy));
    // Nothing of either day is missing; within each run nothing is emitted twice (event_keys).
    std::set<std::string> all = event_keys(first);
    const auto again = event_keys(second);
    all.insert(again.begin(), again.end());
    CHECK(all == fake_keys(fake, busy, t + 3));
    CHECK(again == fake_keys(fake, busy, t + 3));
}

TEST_CASE("audit trail: a cursor that is corrupt or in the future is read as a first run",
          "[collector][fake][audit]") {
    FakeHeroku fake(fake_config());
    fake.start();
    const std::int64_t today = 20'900;
    const std::string ea = fake.account().enterprise_accounts.at(0).id;
    for (const std::string& stored :
         {std::string("{not json"), cursor_value(Day{sys_days{days{today + 5}}})}) {
        INFO(stored);
        MemoryState state;
        state.set(audit_cursor_key(ea), stored);
        const AuditRun run = collect(fake, &state, at(today, 12), 2);
        CHECK(run.outcome.status == Status::ok);
        CHECK(run.days_requested() == std::set<std::string>{day_text(today - 1), day_text(today)});
        bool warned = false;
        const json summary = run.summary();
        for (const auto& w : summary["warnings"])
            warned = warned || w.get<std::string>().find("first run") != std::string::npos;
        CHECK(warned);
        CHECK(cursor_of(state, fake) == day_text(today - 1));  // repaired
    }
}

TEST_CASE("audit trail: events keep what changed, config vars by name, never a value",
          "[collector][fake][audit]") {
    FakeHeroku fake(fake_config());
    fake.start();
    const AuditRun run = collect(fake, nullptr, at(20'950, 23), 5);
    REQUIRE(run.outcome.status == Status::ok);
    std::map<std::string, json> one_of;
    for (const auto& r : run.of("heroku.audit_event")) {
        const json d = r.json();
        one_of.emplace(d["type"].get<std::string>(), d);
    }
    REQUIRE(one_of.size() == 6);
    CHECK(one_of["config_var"]["data"]["config_var_names"] ==
          json::array({"DATABASE_URL", "STRIPE_API_KEY"}));
    CHECK(one_of["config_var"]["data"].size() == 1);
    CHECK(one_of["formation"]["data"].contains("quantity"));
    CHECK(one_of["formation"]["data"].contains("size"));
    CHECK_FALSE(one_of["formation"]["data"].contains("internal_token"));
    CHECK(one_of["domain"]["data"].contains("hostname"));
    CHECK(one_of["collaborator"]["data"]["permissions"] == json::array({"deploy", "view"}));
    CHECK(one_of["sso-session"]["data_keys"] ==
          json::array({"identity_provider", "session_secret"}));
    CHECK_FALSE(one_of["sso-session"].contains("data"));
    CHECK(one_of["formation"]["request"].contains("ip_address"));
    for (const auto& r : run.of("heroku.audit_archive")) {
        CHECK_FALSE(r.json().contains("url"));
        CHECK(r.key.size() == 36 + 1 + 7);  // <enterprise account id>/YYYY-MM
    }
    check_no_secret(run);
}

TEST_CASE("audit trail: an enterprise account the token may not view is a gap naming view",
          "[collector][fake][audit]") {
    for (const bool listed_without_view : {true, false}) {
        INFO((listed_without_view ? "listed without view" : "403"));
        FakeHeroku fake(fake_config());
        fake.start();
        const std::string ea = fake.account().enterprise_accounts.at(0).id;
        auto faults = fake.faults();
        (listed_without_view ? faults.enterprise_accounts_without_view
                             : faults.enterprise_accounts_denying_view)
            .insert(ea);
        fake.set_faults(faults);
        MemoryState state;
        const AuditRun run = collect(fake, &state, at(20'960, 12), 7, {});
        CHECK(run.outcome.status == Status::partial);
        CHECK(run.of("heroku.audit_event").empty());
        CHECK(run.of("heroku.audit_archive").empty());
        std::set<std::string> denied;
        const json summary = run.summary();
        for (const auto& gap : summary["gaps"]) {
            if (gap["kind"] != "enterprise_view_denied") continue;
            CHECK_THAT(gap["reason"].get<std::string>(),
                       Catch::Contains("\"view\" permission on enterprise account"));
            const std::string resource = gap["resource"].get<std::string>();
            denied.insert(resource.substr(0, resource.find('?')));
        }
        const std::string base = "/enterprise-accounts/" + ea;
        CHECK(denied == std::set<std::string>{base + "/events", base + "/archives"});
        // No day was asked for more than once when the first was denied.
        CHECK(run.days_requested().size() == (listed_without_view ? 0U : 1U));
        CHECK_FALSE(cursor_of(state, fake));
        // The rest of the collection is intact.
        CHECK(run.of("heroku.app").size() == fake.account().apps.size());
        CHECK(run.of("heroku.team").size() == fake.account().teams.size());
        CHECK(run.of("heroku.enterprise_account").size() == 1);
        check_summary_schema(run);
        check_no_secret(run);
    }
}
