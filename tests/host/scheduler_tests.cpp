// Scheduling: the jitter bound, once mode, and that one source never runs twice at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <sstream>
#include <thread>

#include "scheduler.hpp"

using namespace iru::host;

TEST_CASE(
    "scheduler: the next run comes after every plus at most a tenth (capped at 5 min) of jitter") {
    for (int i = 0; i < 200; ++i) {
        const auto d = next_run_delay(std::chrono::seconds(100));
        CHECK(d >= std::chrono::seconds(100));
        CHECK(d <= std::chrono::seconds(110));
        const auto day = next_run_delay(std::chrono::hours(24));
        CHECK(day >= std::chrono::hours(24));
        CHECK(day <= std::chrono::hours(24) + std::chrono::minutes(5));
    }
}

TEST_CASE("scheduler: sources run side by side, each never twice at once, until stopped") {
    std::ostringstream out, err;
    Terminal terminal(out, err, false);
    CancelRegistry cancel;
    SourceConfig a, b;
    a.id = std::string("a");
    b.id = std::string("b");
    a.every = b.every = std::chrono::seconds(1);
    std::atomic<int> running_a{0}, running_b{0}, overlap{0}, runs_a{0}, runs_b{0};
    const RunOne run_one = [&](const SourceConfig& s) {
        auto& running = s.id == "a" ? running_a : running_b;
        if (running.fetch_add(1) != 0) ++overlap;
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // longer than every
        running.fetch_sub(1);
        ++(s.id == "a" ? runs_a : runs_b);
        SourceRunResult r;
        r.source_id = s.id;
        r.status = RunStatus::complete;
        r.exit_code = 0;
        return r;
    };
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(2700));
        cancel.stop_all();
    });
    const auto started = std::chrono::steady_clock::now();
    const ScheduleOutcome outcome =
        run_schedule({&a, &b}, false, cancel, run_one, terminal, std::chrono::seconds(5));
    stopper.join();
    CHECK_FALSE(outcome.timed_out_stopping);
    CHECK(overlap == 0);
    CHECK(runs_a >= 2);
    CHECK(runs_b >= 2);
    CHECK(outcome.last_runs.size() == 2);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(6));
}

TEST_CASE("scheduler: once runs each source exactly one time") {
    std::ostringstream out, err;
    Terminal terminal(out, err, false);
    CancelRegistry cancel;
    SourceConfig a;
    a.id = std::string("a");
    std::atomic<int> runs{0};
    const ScheduleOutcome outcome = run_schedule(
        {&a}, true, cancel,
        [&](const SourceConfig& s) {
            ++runs;
            SourceRunResult r;
            r.source_id = s.id;
            return r;
        },
        terminal);
    CHECK(runs == 1);
    CHECK(outcome.last_runs.size() == 1);
}
