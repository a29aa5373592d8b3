#include "scheduler.hpp"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include <iru/source_plugin.h>

namespace iru::host {

std::chrono::milliseconds next_run_delay(std::chrono::seconds every) {
    const auto every_ms = std::chrono::duration_cast<std::chrono::milliseconds>(every);
    const auto max_jitter =
        std::min<std::chrono::milliseconds>(every_ms / 10, std::chrono::minutes(5));
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_int_distribution<long long> jitter(0, std::max<long long>(0, max_jitter.count()));
    return every_ms + std::chrono::milliseconds(jitter(random));
}

namespace {

// A failed run for a host defect, reported without allocating more than the message.
SourceRunResult failed_by_host(const SourceConfig& source, const char* what,
                               Terminal& terminal) noexcept {
    SourceRunResult result;
    try {
        result.source_id = source.id;
        result.status = RunStatus::host_error;
        result.exit_code = exit_code_for(result.status);
        result.message = std::string("host error: ") + what;
        terminal.log(source.id, LogLevel::error, result.message);
    } catch (...) {  // out of memory again: the status says enough
    }
    return result;
}

// One run; whatever it throws (a defect of the host, or memory exhausted) becomes a failed result,
// so the thread and the other sources carry on.
SourceRunResult run_contained(const RunOne& run_one, const SourceConfig& source,
                              Terminal& terminal) noexcept {
    try {
        return run_one(source);
    } catch (const std::bad_alloc&) {
        return failed_by_host(source, "out of memory", terminal);
    } catch (const std::exception& e) {
        return failed_by_host(source, e.what(), terminal);
    } catch (...) {
        return failed_by_host(source, "unknown exception", terminal);
    }
}

// Shared between the scheduler and its source threads (kept alive by all of them: an abandoned
// thread may still finish after run_schedule returned).
struct Board {
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t running_threads = 0;
    std::vector<std::optional<SourceRunResult>> last;
};

}  // namespace

ScheduleOutcome run_schedule(const std::vector<const SourceConfig*>& sources, bool once,
                             CancelRegistry& cancel, const RunOne& run_one, Terminal& terminal,
                             std::chrono::milliseconds stop_grace) {
    auto board = std::make_shared<Board>();
    board->last.resize(sources.size());
    board->running_threads = sources.size();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const SourceConfig* source = sources[i];
        std::thread([board, i, source, once, &cancel, run_one, &terminal] {
            for (;;) {
                if (cancel.stopping()) break;
                const auto started = std::chrono::steady_clock::now();
                SourceRunResult result = run_contained(run_one, *source, terminal);
                {
                    std::lock_guard lock(board->mutex);
                    board->last[i] = std::move(result);
                }
                if (once || cancel.stopping()) break;
                const auto delay = next_run_delay(source->every);
                const auto next = started + delay;
                terminal.log(source->id, LogLevel::info,
                             "next run in " +
                                 std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                    next - std::chrono::steady_clock::now())
                                                    .count()) +
                                 " s");
                if (cancel.wait_until(next)) break;
            }
            std::lock_guard lock(board->mutex);
            --board->running_threads;
            board->changed.notify_all();
        }).detach();
    }
    ScheduleOutcome outcome;
    std::unique_lock lock(board->mutex);
    for (;;) {
        if (board->running_threads == 0) break;
        const auto stop_time = cancel.stop_time();
        if (stop_time && std::chrono::steady_clock::now() >= *stop_time + stop_grace) {
            outcome.timed_out_stopping = true;
            break;
        }
        board->changed.wait_for(lock, std::chrono::milliseconds(50));
    }
    for (auto& run : board->last)
        if (run) outcome.last_runs.push_back(*run);
    return outcome;
}

}  // namespace iru::host
