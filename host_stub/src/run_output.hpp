// One run's evidence on disk: output_dir/<source>/<run id>/{records.jsonl, summary.json}.
// While the run is going everything lives in "<run id>.partial/" with records in
// "records.jsonl.tmp"; finish() renames the file, writes summary.json (with the records' sha256)
// atomically, then renames the folder to "<run id>" and, when asked, points "latest" at it.
// A crash at any point leaves nothing named like a complete run. One owner thread at a time.
#pragma once

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sha256.hpp"

namespace iru::host {

class RunOutput {
public:
    // Creates the .partial folder and the records file. Throws std::runtime_error.
    RunOutput(const std::filesystem::path& output_dir, const std::string& source_id, const std::string& run_id);
    ~RunOutput();  // an unfinished run keeps its .partial folder (evidence of the crash) but closes the file
    RunOutput(const RunOutput&) = delete;
    RunOutput& operator=(const RunOutput&) = delete;

    // Appends one validated envelope as a JSON line. Throws std::runtime_error on I/O failure.
    void write(const nlohmann::json& envelope);

    // Completes the run: adds records_file/records_sha256/records_written to summary, writes it,
    // publishes the folder; update_latest moves the latest pointer. Returns the final folder.
    std::filesystem::path finish(nlohmann::json summary, bool update_latest);

    std::uint64_t records_written() const { return records_; }

private:
    std::filesystem::path source_dir_;
    std::string run_id_;
    std::filesystem::path partial_dir_;
    std::FILE* records_file_ = nullptr;
    Sha256 hasher_;
    std::uint64_t records_ = 0;
};

// Folders "<run id>.partial" under output_dir/<source> left by runs that were killed, sorted.
std::vector<std::string> interrupted_runs(const std::filesystem::path& output_dir, const std::string& source_id);

// Names a run: "20261128T073000.123Z-1a2b3c" (UTC start time to the millisecond, so names sort by
// time, plus a random suffix).
std::string make_run_id();

}  // namespace iru::host
