// The rate-limit reserve in a whole collection against the fake's bucket, shared with a simulated
// customer spending at several rates. The fake keeps the lowest any request of the collection left
// its bucket at: that, not the client's view, is what must stay at or above the reserve. Compressed
// time makes the refill visible within a test. Where the refill could outpace a slow build (under
// a sanitizer, on a loaded machine) so that it never reached the reserve, the bucket's time is held
// until the collection polls at the reserve. Every assertion is on counts and states.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "collect/collector.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "fixtures_io.hpp"
#include "memory_sink.hpp"
#include "schema_check.hpp"

using namespace iru::heroku;
using iru::fake::FakeHeroku;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t reserve = 1000;

struct Budget {
    std::int64_t start = reserve + 60;
    double customer_per_minute = 0;
    double time_scale = 1;
    bool time_held = false;  // until release_time_at_first_poll()
};

FakeHeroku make_fake(const Budget& budget) {
    iru::fake::Config config;
    config.account.apps = 20;
    config.account.teams = 2;
    config.account.members_per_team = 4;
    config.server.rate_limit_start = budget.start;
    config.server.rate_limit_capacity = 4500;
    config.server.refill_per_minute = 75;
    config.server.customer_per_minute = budget.customer_per_minute;
    config.server.time_scale = budget.time_scale;
    config.server.rate_limit_time_held = budget.time_held;
    return FakeHeroku(config);
}

struct Run {
    CollectOutcome outcome;
    json summary;
    ClientStats stats;
};

// `during` runs on a helper thread while the collection does; `finished` turns true when it ends.
using During = std::function<void(iru::test::MemorySink&, const std::atomic<bool>& finished)>;

Run collect(FakeHeroku& fake, std::chrono::milliseconds max_run_time, const During& during = {}) {
    ClientOptions options;
    options.api_url = fake.base_url();
    options.concurrency = 2;
    options.connect_timeout = 2000ms;
    options.read_timeout = 5000ms;
    options.max_retries = 1;
    options.backoff_base = 1ms;
    options.rate_limit_reserve = reserve;
    options.rate_limit_resume_margin = 20;
    options.rate_limit_poll_interval = 10ms;
    options.max_run_time = max_run_time;
    iru::test::MemoryLogger logger;
    iru::test::MemorySink sink;
    ApiClient client(options, logger);
    client.set_token(Secret(fake.token()));
    client.begin_run();
    std::atomic<bool> finished{false};
    std::thread helper;
    if (during) helper = std::thread([&] { during(sink, finished); });
    Run run;
    run.outcome = collect_account(client, sink, logger, {}, fake.token());
    finished = true;
    if (helper.joinable()) helper.join();
    run.stats = client.stats();
    const auto records = sink.records();
    REQUIRE_FALSE(records.empty());
    REQUIRE(records.back().type == "heroku.collection_summary");
    run.summary = records.back().json();
    const json schema = iru::test::read_json_file(std::filesystem::path(IRU_RECORD_SCHEMAS_DIR) /
                                                  "heroku.collection_summary.schema.json");
    const auto errors = iru::test::schema_errors(schema, run.summary);
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
    return run;
}

// GET /account/rate-limits the fake answered (no Catch2 macro: called from a helper thread too).
std::size_t polls_seen(const FakeHeroku& fake) {
    std::size_t n = 0;
    for (const auto& r : fake.requests())
        if (r.path == "/account/rate-limits") ++n;
    return n;
}

// Waits (at most 60 s, or until the collection ends) for the first poll, i.e. the collection
// holding at the reserve, then lets the bucket's time run.
void release_time_at_first_poll(FakeHeroku& fake, const std::atomic<bool>& finished) {
    for (int i = 0; i < 6000 && !finished && polls_seen(fake) == 0; ++i)
        std::this_thread::sleep_for(10ms);
    fake.set_rate_limit_time_running(true);
}

// What holds at any customer rate: the collection's requests never took the fake's bucket below
// the reserve, it never met a 429, every poll answered is counted, and what it says
// someone else spent is no more than the customer did.
void check_reserve_kept(FakeHeroku& fake, const Run& run) {
    const auto bucket = fake.rate_limit_stats();
    INFO("lowest after a request " << bucket.lowest_after_request << ", served " << bucket.served);
    CHECK(bucket.lowest_after_request >= reserve);
    CHECK(bucket.customer_refused == 0);
    for (const auto& r : fake.requests()) CHECK(r.method == "GET");
    const json& rl = run.summary["rate_limit"];
    INFO(rl.dump());
    CHECK(rl["reserve"] == reserve);
    CHECK(run.summary["requests"]["rate_limited"] == 0);
    // Every poll answered is counted; the fake may also have seen the one the run's deadline cut.
    const std::size_t seen = polls_seen(fake);
    CHECK(rl["polls"].get<std::size_t>() <= seen);
    CHECK(rl["polls"].get<std::size_t>() + 1 >= seen);
    CHECK(rl["polls"].get<std::size_t>() >= 1);
    CHECK(rl["waits"].get<int>() >= 1);
    CHECK(rl["others_spent_at_least"].get<std::int64_t>() <= bucket.customer_spent);
    CHECK(rl["others_spending"] == (rl["others_spent_at_least"].get<std::int64_t>() > 0));
}

}  // namespace

TEST_CASE("alone on the account, the collection waits at the reserve for the refill and finishes",
          "[collector][fake][reserve]") {
    // No refill until the collection holds at the reserve; then a real second is a simulated
    // minute, 75 tokens a real second.
    FakeHeroku fake = make_fake({reserve + 60, 0, 60, true});
    fake.start();
    const Run run = collect(fake, 120'000ms, [&](iru::test::MemorySink&, const auto& finished) {
        release_time_at_first_poll(fake, finished);
    });
    INFO(run.outcome.message);
    CHECK(run.outcome.status == Status::ok);
    check_reserve_kept(fake, run);
    const json& rl = run.summary["rate_limit"];
    CHECK(rl["others_spending"] == false);
    CHECK(rl["lowest_remaining"].get<std::int64_t>() >= reserve);
}

TEST_CASE("with the customer below the refill rate, the collection waits and finishes",
          "[collector][fake][reserve]") {
    // The customer spends 45 of the 75 refilled per minute; a real second is a minute. Time runs
    // once the collection holds at the reserve.
    FakeHeroku fake = make_fake({reserve + 60, 45, 60, true});
    fake.start();
    const Run run = collect(fake, 120'000ms, [&](iru::test::MemorySink&, const auto& finished) {
        release_time_at_first_poll(fake, finished);
    });
    INFO(run.outcome.message);
    CHECK(run.outcome.status == Status::ok);
    check_reserve_kept(fake, run);
    CHECK(fake.rate_limit_stats().customer_spent > 0);
    CHECK(run.summary["rate_limit"]["lowest_remaining"].get<std::int64_t>() >= reserve);
}

TEST_CASE("with the customer above the refill rate, the collection waits and ends partial",
          "[collector][fake][reserve]") {
    // Twice the refill rate, in real time: the budget falls 1.25 tokens a second whatever the
    // collection does, so once at the reserve it never comes back within max_run_time. The
    // collection reaches the reserve after some 60 requests, well within it even under a sanitizer.
    FakeHeroku fake = make_fake({reserve + 60, 150, 1});
    fake.start();
    const Run run = collect(fake, 4000ms);
    INFO(run.outcome.message);
    CHECK(run.outcome.status == Status::partial);
    check_reserve_kept(fake, run);
    const json& rl = run.summary["rate_limit"];
    CHECK(rl["waited_ms"].get<std::int64_t>() > 0);
    CHECK(rl["others_spending"] == true);
    CHECK(rl["others_spent_at_least"].get<std::int64_t>() >= 1);
    CHECK(rl["lowest_remaining"].get<std::int64_t>() < reserve);  // the customer's doing
    std::size_t exceeded = 0;
    for (const auto& g : run.summary["gaps"]) {
        if (g["kind"] != "run_time_exceeded") continue;
        ++exceeded;
        const std::string reason = g["reason"];
        CHECK(reason.find("rate_limit_reserve 1000") != std::string::npos);
        CHECK(reason.find("someone else spent at least") != std::string::npos);
    }
    CHECK(exceeded == 1);
}

TEST_CASE("waiting at the reserve ends when the host cancels", "[collector][fake][reserve]") {
    FakeHeroku fake = make_fake({reserve + 60, 150, 1});
    fake.start();
    const Run run =
        collect(fake, 120'000ms, [&](iru::test::MemorySink& sink, const auto& finished) {
            // Cancel once the collection holds at the reserve (a poll was answered).
            for (int i = 0; i < 6000 && !finished && polls_seen(fake) == 0; ++i)
                std::this_thread::sleep_for(10ms);
            sink.cancel_ = true;
        });
    CHECK(run.outcome.status == Status::cancelled);
    CHECK(fake.rate_limit_stats().lowest_after_request >= reserve);
    CHECK(run.summary["rate_limit"]["polls"].get<std::size_t>() >= 1);
}
