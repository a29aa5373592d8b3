// Runs sources: once each, or each on its schedule.every plus jitter until the registry stops.
// One thread per source, so one source never has two runs at once; sources run side by side.
#pragma once

#include <chrono>
#include <functional>
#include <vector>

#include "cancellation.hpp"
#include "host_config.hpp"
#include "source_runner.hpp"

namespace iru::host {

using RunOne = std::function<SourceRunResult(const SourceConfig&)>;

// The pause before the next run: every plus a random jitter in [0, min(every/10, 5 min)].
std::chrono::milliseconds next_run_delay(std::chrono::seconds every);

struct ScheduleOutcome {
    std::vector<SourceRunResult> last_runs;  // the last finished run of each source that ran
    bool timed_out_stopping = false;         // a run did not return within stop_grace after a stop
};

// once: every source runs one time (concurrently). Otherwise repeats until cancel.stop_all().
// After a stop, waits at most stop_grace for running collections to return; runs still going then
// are abandoned (timed_out_stopping) and the caller should exit the process.
ScheduleOutcome run_schedule(
    const std::vector<const SourceConfig*>& sources, bool once, CancelRegistry& cancel,
    const RunOne& run_one, Terminal& terminal,
    std::chrono::milliseconds stop_grace = std::chrono::milliseconds(1500));

}  // namespace iru::host
