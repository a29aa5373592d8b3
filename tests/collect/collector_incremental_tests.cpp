// Incremental collection against the fake Heroku: an account larger than a run's request budget
// reaches a complete snapshot over several runs, each run re-reading what needs it and carrying
// the other apps forward; a host without carry-forward, a corrupt state store and a cancelled run.
// The host's carry-forward is modelled in memory (incremental_harness.hpp).
#include <catch2/catch.hpp>

#include <set>

#include "collect/app_read_history.hpp"
#include "collect/collector.hpp"
#include "collect/incremental_reads.hpp"
#include "collect/time_format.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "incremental_harness.hpp"

using namespace iru::heroku;
using namespace iru::test::incremental;
using iru::fake::FakeHeroku;
using nlohmann::json;

TEST_CASE(
    "incremental: an account larger than its budget reaches a complete snapshot, then keeps it",
    "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(30));
    fake.start();

    // What a full collection holds: the reference every complete snapshot must equal.
    CarryingSink plain(false);
    const Run full = collect(fake, plain, nullptr, {});
    REQUIRE(full.outcome.status == Status::ok);
    CHECK(full.incremental.at("mode") == "full");
    const auto expected = full.per_app();
    REQUIRE(listed_apps(full).size() == 30);

    CarryingSink sink(true);
    MemoryState state;
    CollectOptions options;
    options.max_requests_per_run = 200;  // the account-wide reads, then about ten apps a run

    std::set<std::string> observed;
    std::uint64_t not_observed = 30;
    int runs = 0;
    Run last;
    while (not_observed > 0) {
        REQUIRE(++runs <= 10);
        last = collect(fake, sink, &state, options);
        INFO("run " << runs << ": " << last.incremental.dump());
        CHECK(last.incremental.at("mode") == "incremental");
        CHECK(last.incremental.at("request_budget") == 200);
        const std::uint64_t read = last.incremental.at("apps_read");
        REQUIRE(read >= 1);
        // Apps never read go first; what the budget leaves re-reads the oldest reads.
        CHECK(last.incremental.at("read_reasons").at("never_read") == std::min(read, not_observed));
        CHECK(names_read_for(last, "never_read").size() == std::min(read, not_observed));
        // Every app observed before is carried, unless it is read again; none is both.
        std::set<std::string> seen = last.scopes(true);
        CHECK(last.incremental.at("apps_carried") == seen.size());
        for (const std::string& id : last.scopes(false)) {
            CHECK(seen.count(id) == 0);
            if (observed.count(id) != 0) seen.insert(id);
        }
        CHECK(seen == observed);
        const std::uint64_t now_not_observed = last.incremental.at("apps_not_observed");
        CHECK(now_not_observed < not_observed);
        not_observed = now_not_observed;
        for (const std::string& id : last.scopes(false)) observed.insert(id);
        if (not_observed > 0) {
            CHECK(last.outcome.status == Status::partial);
            CHECK(has_gap(last, "apps_not_observed"));
            CHECK(last.incremental.at("snapshot_complete") == false);
        }
    }
    CHECK(runs >= 3);
    CHECK(last.outcome.status == Status::ok);
    CHECK(last.incremental.at("snapshot_complete") == true);
    CHECK(observed == listed_apps(full));
    // The complete snapshot holds what a full collection holds, record for record.
    CHECK(last.per_app() == expected);

    // Steady state: the budget re-reads the oldest reads (revalidated: the fake's apps did not
    // change, so they answer 304 and count as not modified); the rest is carried; still complete.
    const Run steady = collect(fake, sink, &state, options);
    CHECK(steady.outcome.status == Status::ok);
    CHECK(steady.incremental.at("snapshot_complete") == true);
    CHECK(steady.incremental.at("apps_not_observed") == 0);
    const std::uint64_t reread = steady.incremental.at("apps_read").get<std::uint64_t>() +
                                 steady.incremental.at("apps_not_modified").get<std::uint64_t>();
    CHECK(reread >= 1);
    CHECK(reread < 30);
    CHECK(steady.incremental.at("read_reasons").at("refresh") == reread);
    const std::set<std::string> refreshed = names_read_for(steady, "refresh");
    CHECK(refreshed.size() == reread);  // the apps read, and those revalidated (carried)
    for (const std::string& name : app_names(steady, steady.scopes(false)))
        CHECK(refreshed.count(name) == 1);
    CHECK(names_read_for(steady, "never_read").empty());
    CHECK(steady.incremental.at("apps_carried") ==
          30 - steady.incremental.at("apps_read").get<std::uint64_t>());
    CHECK(steady.per_app() == expected);
    // Every app's history is in the state store, readable.
    for (const std::string& id : observed) {
        const auto value = state.get(app_history_key(id));
        REQUIRE(value);
        CHECK(decode_app_history(*value));
    }
}

TEST_CASE("incremental: a host without carry-forward gets a full collection",
          "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(12));
    fake.start();
    CarryingSink sink(false);
    MemoryState state;
    CollectOptions options;
    options.max_requests_per_run = 20;  // ignored: nothing could be carried
    const Run run = collect(fake, sink, &state, options);
    CHECK(run.outcome.status == Status::ok);
    CHECK(run.incremental.at("mode") == "full");
    CHECK(run.incremental.at("full_because").get<std::string>().find("iru.carry_forward/1") !=
          std::string::npos);
    CHECK(run.incremental.at("apps_read") == 12);
    CHECK(run.incremental.at("request_budget").is_null());
    CHECK(run.scopes(false).size() == 12);
    // The state is kept all the same: a later host with carry-forward starts from it.
    CHECK(state.get(std::string(incremental_state_key)));
}

TEST_CASE("incremental: a corrupt state store makes the next run read every app again",
          "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(12));
    fake.start();
    CarryingSink sink(true);
    MemoryState state;
    const Run first = collect(fake, sink, &state, {});
    REQUIRE(first.outcome.status == Status::ok);
    REQUIRE(first.incremental.at("apps_read") == 12);

    const Run second = collect(fake, sink, &state, {});
    CHECK(second.incremental.at("read_reasons").at("refresh") == 12);  // default budget: all

    state.corrupt_every_value();
    const Run third = collect(fake, sink, &state, {});
    CHECK(third.outcome.status == Status::ok);
    CHECK(third.incremental.at("read_reasons").at("never_read") == 12);
    CHECK(third.incremental.at("apps_carried") == 0);
    CHECK(third.per_app() == first.per_app());
}

TEST_CASE("incremental: a cancelled run leaves the state store as it was",
          "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(20));
    fake.start();
    CarryingSink sink(true);
    MemoryState state;
    CollectOptions options;
    options.max_requests_per_run = 100;
    const Run first = collect(fake, sink, &state, options);
    REQUIRE(first.outcome.status == Status::partial);
    const auto before = state.values();
    REQUIRE_FALSE(before.empty());

    sink.cancel_after(40);
    const Run cancelled = collect(fake, sink, &state, options);
    REQUIRE(cancelled.outcome.status == Status::cancelled);
    CHECK(state.values() == before);

    // The next run starts from the last finished run: it reads the apps that run did not.
    const Run next = collect(fake, sink, &state, options);
    CHECK(next.incremental.at("apps_carried") == first.incremental.at("apps_read"));
    for (const std::string& id : next.scopes(false)) CHECK(first.scopes(false).count(id) == 0);
}

TEST_CASE("incremental: an app gone from the lists is not carried forward",
          "[collector][fake][incremental]") {
    CarryingSink sink(true);
    MemoryState state;
    std::set<std::string> before;
    {
        FakeHeroku fake(small_account(12));
        fake.start();
        const Run run = collect(fake, sink, &state, {});
        REQUIRE(run.outcome.status == Status::ok);
        before = listed_apps(run);
    }
    FakeHeroku fake(small_account(11));
    fake.start();
    CollectOptions options;
    options.max_requests_per_run = 1;  // nothing re-read: every listed app is carried
    const Run run = collect(fake, sink, &state, options);
    const std::set<std::string> now = listed_apps(run);
    REQUIRE(now.size() == 11);
    std::set<std::string> gone;
    for (const std::string& id : before)
        if (now.count(id) == 0) gone.insert(id);
    REQUIRE(gone.size() == 1);  // the fake's ids are stable: the 12th app is gone
    CHECK(run.scopes(true) == now);
    for (const Kept& r : run.records) CHECK(gone.count(r.scope) == 0);
    CHECK(run.outcome.status == Status::ok);
}

TEST_CASE("incremental: apps with audit events since their last read are read first",
          "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(30));
    fake.start();
    CarryingSink sink(true);
    MemoryState state;
    const auto first_read = std::chrono::system_clock::now();
    fake.set_clock(first_read);
    CollectOptions options;
    options.clock = [&fake] { return fake.now(); };
    const Run first = collect(fake, sink, &state, options);
    REQUIRE(first.outcome.status == Status::ok);
    REQUIRE(first.incremental.at("apps_read") == 30);  // the default budget reads them all
    Seconds last_read{};  // what the state store says of the first run's reads
    for (const std::string& id : first.scopes(false)) {
        const auto history = decode_app_history(state.get(app_history_key(id)).value_or(""));
        REQUIRE(history);
        last_read = std::max(last_read, history->read_at);
    }

    // Two days on: the audit trail has events for some apps after their read.
    fake.set_clock(first_read + std::chrono::hours(48));
    options.max_requests_per_run = 60;
    const Run second = collect(fake, sink, &state, options);
    std::set<std::string> changed;
    for (const Kept& r : second.records) {
        if (r.type != "heroku.audit_event") continue;
        const json event = json::parse(r.data);
        const auto when = parse_rfc3339_utc(event.value("created_at", ""));
        if (when && *when > last_read && event.contains("app") && event["app"].is_object())
            changed.insert(event["app"].value("id", ""));
    }
    INFO(second.incremental.dump());
    REQUIRE_FALSE(changed.empty());
    const std::uint64_t by_events = second.incremental.at("read_reasons").at("audit_events");
    CHECK(by_events == std::min<std::uint64_t>(changed.size(), second.incremental.at("apps_read")));
    // The summary names them, under the reason they were read for.
    const std::set<std::string> named = names_read_for(second, "audit_events");
    CHECK(named.size() == by_events);
    const std::set<std::string> changed_names = app_names(second, changed);
    for (const std::string& name : named) CHECK(changed_names.count(name) == 1);
    // Within the budget, the apps read are the ones the audit trail says changed.
    const std::set<std::string> read = second.scopes(false);
    REQUIRE_FALSE(read.empty());
    if (changed.size() >= read.size())
        for (const std::string& id : read) CHECK(changed.count(id) == 1);
    else
        for (const std::string& id : changed) CHECK(read.count(id) == 1);
}

TEST_CASE("incremental: carried apps are judged by the findings as of their last read",
          "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(30));  // a drain on every third app, some certificates expiring
    fake.start();
    CarryingSink sink(true);
    MemoryState state;
    const Run first = collect(fake, sink, &state, {});
    REQUIRE(first.outcome.status == Status::ok);
    REQUIRE(first.incremental.at("apps_read") == 30);

    CollectOptions options;
    options.max_requests_per_run = 60;  // a few apps; the others are carried
    const Run second = collect(fake, sink, &state, options);
    REQUIRE(second.outcome.status == Status::ok);
    REQUIRE(second.incremental.at("apps_carried") >= 20);

    // The account's findings about per-app records: the same whether an app was read or carried.
    auto finding = [](const Run& run, const std::string& about) {
        for (const json& f : run.summary.at("findings"))
            if (f.at("message").get<std::string>().find(about) != std::string::npos) return f;
        return json();
    };
    const json drains = finding(first, "without a log drain");
    REQUIRE(drains.is_object());
    CHECK(drains.at("count") == 20);
    CHECK(finding(second, "without a log drain") == drains);
    const json certificates = finding(first, "certificate(s) expired or expiring");
    REQUIRE(certificates.is_object());
    CHECK(certificates.at("count") >= 1);
    CHECK(finding(second, "certificate(s) expired or expiring").value("count", 0) ==
          certificates.at("count"));
}

TEST_CASE("incremental: apps the budget no longer covers are deferred and carried, not read",
          "[collector][fake][incremental]") {
    FakeHeroku fake(small_account(30));
    fake.start();
    CarryingSink sink(true);
    MemoryState state;
    const Run first = collect(fake, sink, &state, {});
    REQUIRE(first.outcome.status == Status::ok);
    REQUIRE(first.incremental.at("apps_read") == 30);

    // The last run's cost per app, as the state says, is far too low: the plan picks every app,
    // and the run's requests stop the reads when they reach the budget.
    json figures = json::parse(state.get(std::string(incremental_state_key)).value());
    figures["requests_per_app"] = 1.0;
    state.set(std::string(incremental_state_key), figures.dump());
    CollectOptions options;
    options.max_requests_per_run = 150;
    const Run second = collect(fake, sink, &state, options);
    INFO(second.incremental.dump());
    CHECK(second.outcome.status == Status::ok);
    // Read: in full, or revalidated as not modified (then carried too).
    const std::uint64_t read = second.incremental.at("apps_read").get<std::uint64_t>() +
                               second.incremental.at("apps_not_modified").get<std::uint64_t>();
    const std::uint64_t deferred = second.incremental.at("apps_deferred");
    CHECK(deferred > 0);
    CHECK(read + deferred == 30);
    CHECK(second.incremental.at("apps_carried") ==
          deferred + second.incremental.at("apps_not_modified").get<std::uint64_t>());
    CHECK(second.incremental.at("read_reasons").at("refresh") == read);
    CHECK(names_read_for(second, "refresh").size() == read);
    CHECK(second.incremental.at("snapshot_complete") == true);
    CHECK(second.per_app() == first.per_app());
    // Over the budget by at most what the apps in flight (4 workers) sent past the estimate.
    const std::uint64_t requests = second.summary.at("requests").at("total");
    CHECK(requests <= 150 + 4 * 12);
}
