// The scheduler's end of a run whose child process ended without reporting it (killed by a signal,
// or exited without a result): the evidence folder is finished as failed, never as complete.
// "<run id>.partial/" stays under that name with "records.jsonl.tmp"; a torn last line is cut off,
// so the file holds exactly the records counted; summary.json (status failed, the signal named
// under "crash") is written into it. A folder the child never made is made, with an empty records
// file, so every run has its summary. A run the child had already finished (its summary.json
// exists) is kept as it is and reported from that summary.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "plugin_manifest.hpp"
#include "run_status.hpp"
#include "source_runner.hpp"

namespace iru::host {

// What the scheduler knows of such a run.
struct EndedRun {
    std::string source_id;
    std::string run_id;
    std::string plugin_id, plugin_version, plugin_abi;  // from the verified manifest
    std::chrono::system_clock::time_point started_at;
    std::uint64_t duration_ms = 0;
    ChildExit exit;
    bool killed_by_host = false;  // SIGKILLed by the scheduler after a stop it did not obey
    std::optional<std::uint64_t> memory_limit_mb;
};

// Pure: the status and message of such a run. A signal is "crashed" (naming it, and the memory
// limit when there is one), unless the host killed it while stopping ("cancelled"); an exit without
// a result is "host_error".
RunOutcome ended_run_outcome(const EndedRun& run, std::chrono::milliseconds kill_grace);

// Pure: the "crash" part of its summary.json: {"signal", "signal_number", "description",
// "killed_by_host", "exit_code", "memory_limit_mb"}.
nlohmann::json crash_facts(const EndedRun& run);

// Finishes the run's evidence under output_dir/<source> and returns its result. Never throws: what
// cannot be written is said in the result's message.
SourceRunResult finish_ended_run(const std::filesystem::path& output_dir, const EndedRun& run,
                                 const RunOutcome& outcome);

}  // namespace iru::host
