// Conditional requests against the fake Heroku: an incremental run revalidates the apps it
// re-reads for age or refresh with If-None-Match (the ETags of their last complete read); the
// unchanged ones answer 304 and are carried forward, a changed one is read in full; a paged list
// (the releases) is never asked conditionally; the run measures what a 304 costs the bucket; and a
// host without carry-forward gets no conditional request at all.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "collect/app_etags.hpp"
#include "collect/incremental_reads.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "incremental_harness.hpp"

using namespace iru::heroku;
using namespace iru::test::incremental;
using iru::fake::FakeHeroku;
using nlohmann::json;

namespace {

iru::fake::Config account_for(iru::fake::NotModifiedCost cost) {
    iru::fake::Config config = small_account(12);
    config.server.refill_per_minute = 0;  // RateLimit-Remaining moves by the run's requests only
    config.server.not_modified_cost = cost;
    return config;
}

// The per-app records of a run, by "type key", for the apps in (or not in) ids.
std::map<std::string, std::string> records_of(const Run& run, const std::set<std::string>& ids,
                                              bool in) {
    std::map<std::string, std::string> out;
    for (const Kept& r : run.records)
        if (!r.scope.empty() && (ids.count(r.scope) != 0) == in) out[r.type + " " + r.key] = r.data;
    return out;
}

std::size_t apps_with_etags(MemoryState& state, const std::set<std::string>& ids) {
    std::size_t n = 0;
    for (const std::string& id : ids) {
        const auto value = state.get(app_etags_key(id));
        const auto etags = value ? decode_app_etags(*value) : std::nullopt;
        n += etags && !etags->empty() ? 1 : 0;
    }
    return n;
}

}  // namespace

TEST_CASE("conditional: unchanged apps answer 304 and are carried, a changed app is read in full",
          "[collector][fake][incremental][conditional]") {
    const bool free = GENERATE(true, false);
    INFO((free ? "a 304 is free" : "a 304 costs a token"));
    FakeHeroku fake(
        account_for(free ? iru::fake::NotModifiedCost::free : iru::fake::NotModifiedCost::one));
    fake.start();
    CarryingSink sink(true);
    MemoryState state;

    const Run first = collect(fake, sink, &state, {});
    REQUIRE(first.outcome.status == Status::ok);
    const std::set<std::string> apps = first.scopes(false);
    REQUIRE(apps.size() == 12);
    for (const auto& rec : fake.requests()) CHECK(rec.if_none_match.empty());
    CHECK(first.incremental.at("conditional").at("conditional_requests") == 0);
    // What run 1 sent each path with (its Range), and how often: a list of one page is one GET.
    std::map<std::string, std::pair<std::string, int>> first_requests;
    for (const auto& rec : fake.requests()) {
        auto& [range, count] = first_requests[rec.path];
        range = rec.range;
        ++count;
    }
    const std::size_t revalidatable = apps_with_etags(state, apps);
    REQUIRE(revalidatable >= 10);  // a small account's lists are one page each

    // Between the runs one app's config var set changes (its updated_at does not).
    std::string changed;
    for (const std::string& id : apps)
        if (apps_with_etags(state, {id}) == 1) changed = id;
    REQUIRE_FALSE(changed.empty());
    fake.set_config_var(changed, "ADDED_BETWEEN_RUNS", "IRU-SECRET-MARKER-added-var");
    fake.clear_requests();

    const Run second = collect(fake, sink, &state, {});
    INFO(second.incremental.dump());
    REQUIRE(second.outcome.status == Status::ok);
    CHECK(second.incremental.at("read_reasons").at("refresh") == 12);
    CHECK(second.incremental.at("apps_not_modified") == revalidatable - 1);
    CHECK(second.incremental.at("apps_read") == 12 - (revalidatable - 1));
    CHECK(second.incremental.at("apps_carried") == revalidatable - 1);
    CHECK(second.incremental.at("snapshot_complete") == true);
    const json& conditional = second.incremental.at("conditional");
    CHECK(conditional.at("conditional_requests") > 0);
    CHECK(conditional.at("not_modified_answers") > 0);
    CHECK(conditional.at("not_modified_answers") < conditional.at("conditional_requests"));
    CHECK(conditional.at("not_modified_cost_samples") >= 3);
    CHECK(conditional.at("not_modified_cost") == (free ? "free" : "one_token"));
    CHECK(second.summary.at("requests").at("duplicate_urls") == 0);

    // The unchanged apps' records are run 1's; the changed app's were read again, with its new var.
    CHECK(records_of(second, {changed}, false) == records_of(first, {changed}, false));
    for (const Kept& r : second.records)
        if (r.scope == changed) CHECK_FALSE(r.carried);
    bool saw_new_var = false;
    for (const Kept& r : second.records)
        if (r.scope == changed && r.type == "heroku.config_vars")
            saw_new_var = r.data.find("ADDED_BETWEEN_RUNS") != std::string::npos;
    CHECK(saw_new_var);

    // If-None-Match only on what run 1 read as one answer, sent exactly as run 1 sent it: never
    // on a paged list, never on the releases.
    std::size_t conditional_seen = 0;
    for (const auto& rec : fake.requests()) {
        if (rec.if_none_match.empty()) continue;
        ++conditional_seen;
        INFO(rec.path << " Range: " << rec.range);
        CHECK(rec.path.find("/releases") == std::string::npos);
        const auto before = first_requests.find(rec.path);
        REQUIRE(before != first_requests.end());
        CHECK(before->second.second == 1);
        CHECK(rec.range == before->second.first);
        CHECK((rec.status == 304 || rec.status == 200));
    }
    CHECK(conditional_seen == conditional.at("conditional_requests"));

    // Run 3: the changed app's new ETags were kept; now every app is unchanged, and the verdict
    // is in the state store.
    const Run third = collect(fake, sink, &state, {});
    CHECK(third.outcome.status == Status::ok);
    CHECK(third.incremental.at("apps_not_modified") == revalidatable);
    CHECK(third.per_app() == second.per_app());
    const auto kept = json::parse(state.get(std::string(incremental_state_key)).value_or("{}"));
    CHECK(kept.value("not_modified_cost", "") == (free ? "free" : "one_token"));
    // Every app revalidated, about ten 304s each: free, an app costs the next run's plan little
    // more than its share of the account-wide lists; charged, at least its 304s.
    const double per_app = kept.value("requests_per_app", 0.0);
    if (free)
        CHECK(per_app < 5.0);
    else
        CHECK(per_app >= 9.0);
}

TEST_CASE("conditional: a host without carry-forward sends no If-None-Match",
          "[collector][fake][incremental][conditional]") {
    FakeHeroku fake(account_for(iru::fake::NotModifiedCost::free));
    fake.start();
    CarryingSink sink(false);
    MemoryState state;
    for (int run = 0; run < 2; ++run) {
        const Run r = collect(fake, sink, &state, {});
        CHECK(r.outcome.status == Status::ok);
        CHECK(r.incremental.at("apps_read") == 12);
        CHECK(r.incremental.at("apps_not_modified") == 0);
        CHECK(r.incremental.at("conditional").at("conditional_requests") == 0);
    }
    for (const auto& rec : fake.requests()) CHECK(rec.if_none_match.empty());
}

TEST_CASE("conditional: an app read with gaps forgets its ETags and is read in full next",
          "[collector][fake][incremental][conditional]") {
    FakeHeroku fake(account_for(iru::fake::NotModifiedCost::one));
    fake.start();
    CarryingSink sink(true);
    MemoryState state;
    const Run first = collect(fake, sink, &state, {});
    REQUIRE(first.outcome.status == Status::ok);
    const std::string app = *first.scopes(false).begin();
    REQUIRE(apps_with_etags(state, {app}) == 1);

    iru::fake::FaultSpec faults;
    faults.server_errors = 100;
    faults.server_error_path_prefix = "/apps/" + app + "/webhooks";
    fake.set_faults(faults);
    const Run second = collect(fake, sink, &state, {});
    CHECK(second.outcome.status == Status::partial);
    CHECK(apps_with_etags(state, {app}) == 0);
    CHECK(second.scopes(false).count(app) == 1);  // read, not carried

    fake.set_faults({});
    fake.clear_requests();
    const Run third = collect(fake, sink, &state, {});
    CHECK(third.outcome.status == Status::ok);
    CHECK(third.scopes(false).count(app) == 1);
    for (const auto& rec : fake.requests())
        if (rec.path.rfind("/apps/" + app + "/", 0) == 0) CHECK(rec.if_none_match.empty());
    CHECK(apps_with_etags(state, {app}) == 1);
}
